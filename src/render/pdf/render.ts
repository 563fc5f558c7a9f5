/**
 * The PDF edition: the report tree → measured blocks (handlers) → pages (paginate) → a tagged
 * PDF/UA document drawn with pdfkit (draw). Fonts are parsed once per renderer and shared by every
 * chapter; everything that varies by run (the clock, the time zone) is kept out: the document's
 * dates come from the edition or SOURCE_DATE_EPOCH.
 */
import type { FontFiles } from '../../theme/load-templates.js';
import type { Theme } from '../../theme/theme.js';
import type { Report, ReportTree } from '../../tree/types.js';
import type { RenderProblem } from '../handlers.js';
import type { DocumentRenderer } from '../renderer.js';
import { categoryRank, chapterTitle, pageOf, runningHead } from '../wording.js';
import { paginateWithContents } from './contents.js';
import { artifact, drawCommands, type PageFurniture } from './draw.js';
import { FontSet, fontKey } from './fonts.js';
import { createPdfHandlers, one, textStyle, type PdfState } from './handlers.js';
import { hyphenatorFor } from './hyphenate.js';
import { measuredMargins, type Margins } from './measure.js';
import type { Frame } from './paginate.js';
import { createPdfDocument, drawLine, finish, registerFonts, type PdfDocument, type PdfSubset } from './pdfkit.js';

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
  const handlers = createPdfHandlers(theme);
  const page = pageSizes[theme.page.size];
  const margins = measuredMargins(theme, fonts, page.width);
  const contentWidth = page.width - margins.left - margins.right;
  const frame: Frame = { top: margins.top, bottom: page.height - margins.bottom };

  return {
    async renderChapter(tree: ReportTree) {
      const report = tree.children[0];
      const problems: RenderProblem[] = [];
      const state: PdfState = {
        theme,
        fonts,
        hyphenate: hyphenatorFor(report.edition.language),
        contentWidth,
        report: (problem) => problems.push(problem),
        blocks: [],
        runs: undefined,
        style: textStyle(theme, 'body'),
        indent: 0,
        rubric: undefined,
        source: undefined,
        marker: undefined,
        missing: new Set(),
      };
      one(state, handlers, tree, undefined);

      const layout = paginateWithContents(state, state.blocks, frame);
      const doc = createPdfDocument({
        size: theme.page.size,
        margins,
        language: report.edition.language,
        subset: templates.subset ?? 'PDF/UA',
        info: documentInfo(theme, report, templates.generator, templates.sourceDate),
      });
      registerFonts(doc, fonts.forDocument());
      drawCommands({ doc, theme, fonts, left: margins.left, furniture: furniture(theme, fonts, report, margins, layout.pages, page.width, page.height) }, layout.commands);
      return { bytes: await finish(doc), problems };
    },
  };
}

/** The running head (edition · country · category) and "Page X of Y", on every page but the title page. */
function furniture(theme: Theme, fonts: FontSet, report: Report, margins: Margins, pages: number, width: number, height: number): PageFurniture {
  const font = fontKey('heading', 'regular');
  const size = theme.sizes.small;
  // A running head longer than the line is shortened, never run into the margin.
  const room = width - margins.left - margins.right;
  let head = runningHead(theme, report);
  while (head.length > 1 && fonts.width(font, head, size) > room) head = `${head.slice(0, -2).trimEnd()}…`;
  return {
    draw(doc: PdfDocument, pageNumber: number) {
      if (pageNumber === 1) return;
      const foot = pageOf(theme, pageNumber, pages);
      artifact(
        doc,
        () => {
          doc.font(font).fontSize(size).fillColor(theme.colours.muted);
          drawLine(doc, head, margins.left, margins.top - 34);
          drawLine(doc, foot, width - margins.right - fonts.width(font, foot, size), height - margins.bottom + 22);
          doc.lineWidth(0.5).moveTo(margins.left, margins.top - 16).lineTo(width - margins.right, margins.top - 16).stroke(theme.colours.rule);
        },
        'Pagination',
      );
    },
  };
}

function documentInfo(theme: Theme, report: Report, generator: string, sourceDate: Date | undefined): PDFKit.DocumentInfo {
  const title = chapterTitle(theme, report);
  const date = sourceDate ?? new Date(`${report.edition.date}T00:00:00Z`);
  const subCategories = report.children.flatMap((child) => (child.type === 'subCategory' ? [child.title] : []));
  return {
    Title: `${title} — ${report.edition.title}`,
    Author: report.edition.publisher,
    Subject: `${report.edition.title}: ${title}. ${categoryRank(theme, report)}.`,
    Keywords: [report.country, report.categoryTitle, ...subCategories, report.edition.title].join(', '),
    Creator: generator,
    Producer: `${generator} (pdfkit)`,
    CreationDate: date,
    ModDate: date,
  };
}
