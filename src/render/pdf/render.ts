/**
 * The PDF edition: the document model → measured blocks (handlers) → pages (paginate) → a tagged
 * PDF/UA document drawn with pdfkit (draw). Fonts are parsed once per renderer and shared by every
 * document; everything that varies by run (the clock, the time zone) is kept out: the document's
 * dates come from the edition or SOURCE_DATE_EPOCH.
 */
import type { DocumentModel, Metadata, PageFurniture } from '../../document/model.js';
import type { FontFiles } from '../../theme/load-templates.js';
import type { Theme } from '../../theme/theme.js';
import type { RenderProblem } from '../problems.js';
import type { DocumentRenderer } from '../renderer.js';
import { paginateWithContents } from './contents.js';
import { artifact, drawCommands, type PageFurniture as DrawnFurniture } from './draw.js';
import { FontSet, fontKey } from './fonts.js';
import { pdfModel } from './handlers.js';
import { hyphenatorFor } from './hyphenate.js';
import { measuredMargins, type Margins } from './measure.js';
import type { Frame } from './paginate.js';
import { createPdfDocument, drawLine, finish, mapGlyphsToText, registerFonts, type PdfDocument, type PdfSubset } from './pdfkit.js';
import { shapedGlyphTexts } from './glyph-text.js';
import { textStyle } from './styles.js';
import { problemSink, type PdfState } from './text.js';

export interface PdfTemplates {
  readonly theme: Theme;
  readonly fonts: FontFiles;
  readonly generator: string;
  /** Overrides the edition's date in the document's metadata (SOURCE_DATE_EPOCH). */
  readonly sourceDate?: Date;
  /** PDF/UA-1 by default; PDF/A-2a for archives (also tagged). */
  readonly subset?: PdfSubset;
}

const pageSizes = { A4: { width: 595.28, height: 841.89 }, Letter: { width: 612, height: 792 } } as const;

export function createPdfRenderer(templates: PdfTemplates): DocumentRenderer {
  const { theme } = templates;
  const fonts = new FontSet(templates.fonts);
  const page = pageSizes[theme.page.size];
  const margins = measuredMargins(theme, fonts, page.width);
  const contentWidth = page.width - margins.left - margins.right;
  const frame: Frame = { top: margins.top, bottom: page.height - margins.bottom };

  return {
    async render(document: DocumentModel) {
      const { metadata } = document;
      const problems: RenderProblem[] = [];
      const state: PdfState = {
        context: { theme, fonts, hyphenate: hyphenatorFor(metadata.language), contentWidth, contentHeight: frame.bottom - frame.top, problems: problemSink((problem) => problems.push(problem)) },
        style: textStyle(theme, 'body'),
        indent: 0,
        beside: 0,
        source: undefined,
      };
      const layout = paginateWithContents(pdfModel.document(state, document), frame);
      const doc = createPdfDocument({ size: theme.page.size, margins, language: metadata.language, subset: templates.subset ?? 'PDF/UA', info: documentInfo(metadata, templates.generator, templates.sourceDate) });
      registerFonts(doc, fonts.forDocument());
      mapGlyphsToText(doc, shapedGlyphTexts);
      drawCommands({ doc, theme, fonts, left: margins.left, furniture: furniture(theme, fonts, document.furniture, margins, layout.pages, page.width, page.height) }, layout.commands);
      return { bytes: await finish(doc), problems };
    },
  };
}

/** The running head and "Page X of Y", on every page but the title page. */
function furniture(theme: Theme, fonts: FontSet, parts: PageFurniture, margins: Margins, pages: number, width: number, height: number): DrawnFurniture {
  const font = fontKey('heading', 'regular');
  const size = theme.sizes.small;
  // A running head longer than the line is shortened, never run into the margin.
  const room = width - margins.left - margins.right;
  const shortened = (text: string): string => {
    let head = text;
    while (head.length > 1 && fonts.width(font, head, size) > room) head = `${head.slice(0, -2).trimEnd()}…`;
    return head;
  };
  return {
    draw(doc: PdfDocument, pageNumber: number, chapterHead: string | undefined) {
      // The title page and a book's imprint page (whose running head is empty) go without.
      if (pageNumber === 1 || chapterHead === '') return;
      const head = shortened(chapterHead ?? parts.runningHead);
      const foot = parts.pageLabel.map((part) => (part.kind === 'text' ? part.text : String(part.kind === 'page' ? pageNumber : pages))).join('');
      artifact(
        doc,
        () => {
          doc.font(font).fontSize(size).fillColor(theme.colours.muted);
          drawLine(doc, head, margins.left, margins.top - 34);
          const footWidth = fonts.width(font, foot, size);
          const footX = parts.pageLabelPlace === 'left' ? margins.left : parts.pageLabelPlace === 'centre' ? margins.left + (width - margins.left - margins.right - footWidth) / 2 : width - margins.right - footWidth;
          drawLine(doc, foot, footX, height - margins.bottom + 22);
          doc.lineWidth(0.5).moveTo(margins.left, margins.top - 16).lineTo(width - margins.right, margins.top - 16).stroke(theme.colours.rule);
        },
        'Pagination',
      );
    },
  };
}

function documentInfo(metadata: Metadata, generator: string, sourceDate: Date | undefined): PDFKit.DocumentInfo {
  const date = sourceDate ?? new Date(`${metadata.date}T00:00:00Z`);
  return {
    Title: metadata.title,
    Author: metadata.publisher,
    Subject: metadata.subject,
    Keywords: metadata.keywordList,
    Creator: generator,
    Producer: `${generator} (pdfkit)`,
    CreationDate: date,
    ModDate: date,
  };
}
