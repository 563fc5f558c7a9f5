/**
 * Page setup and furniture of the DOCX edition: page size and margins from the theme, the running
 * head in the header, and "Page X of Y" in the footer, with the page numbers as Word fields.
 */
import { Footer, Header, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';
import type { PageFurniture } from '../../document/model.js';
import type { Theme } from '../../theme/theme.js';
import { StyleId } from '../../vocabulary/docx.js';
import { pageSizes, twips } from './units.js';

/** The page's size and margins, and the width of its text column, in twips. */
export interface PageSetup {
  readonly properties: NonNullable<ISectionOptions['properties']>;
  readonly textWidth: number;
}

export function pageSetup(theme: Theme): PageSetup {
  const size = pageSizes[theme.page.size];
  const { top, right, bottom, left } = theme.page.margins;
  return {
    properties: {
      page: {
        size: { width: size.width, height: size.height },
        // Header and footer sit halfway into the top and bottom margins.
        margin: { top: twips(top), right: twips(right), bottom: twips(bottom), left: twips(left), header: twips(top / 2), footer: twips(bottom / 2), gutter: 0 },
      },
    },
    textWidth: size.width - twips(left) - twips(right),
  };
}

export function pageHeader(runningHead: string): Header {
  return new Header({ children: [new Paragraph({ style: StyleId.header, text: runningHead })] });
}

/**
 * A page without running head or number, for a title page after the first section (Word gives a
 * section without headers of its own the previous section's).
 */
export function bareFurniture(): { readonly headers: { readonly default: Header }; readonly footers: { readonly default: Footer } } {
  // Plain paragraphs: the header style draws the running head's rule.
  return { headers: { default: new Header({ children: [new Paragraph({})] }) }, footers: { default: new Footer({ children: [new Paragraph({})] }) } };
}

/** "Page {page} of {pages}", the words from the model and the numbers as fields. */
export function pageFooter(furniture: PageFurniture): Footer {
  const children = furniture.pageLabel.map((part) =>
    part.kind === 'page' ? new TextRun({ children: [PageNumber.CURRENT] }) : part.kind === 'pages' ? new TextRun({ children: [PageNumber.TOTAL_PAGES] }) : new TextRun(part.text),
  );
  // Where the page number stands is the footer style's (from the theme's look, as print's).
  return new Footer({ children: [new Paragraph({ style: StyleId.footer, children })] });
}
