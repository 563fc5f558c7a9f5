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
import type { Block, TextBlock } from './blocks.js';
import { artifact, drawCommands, type PageFurniture } from './draw.js';
import { FontSet, fontKey } from './fonts.js';
import { blockFromRuns, createPdfHandlers, one, textStyle, type PdfState } from './handlers.js';
import { hyphenatorFor } from './hyphenate.js';
import type { TextStyle } from './inline.js';
import { paginate, type Frame, type Pagination } from './paginate.js';
import { createPdfDocument, finish, registerFonts, type LayoutCaches, type PdfDocument, type PdfSubset } from './pdfkit.js';

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
  const fontObjects = new Map(fonts.keys.map((key) => [key, fonts.font(key)]));
  const layoutCaches: LayoutCaches = new Map();
  const handlers = createPdfHandlers(theme);
  const page = pageSizes[theme.page.size];
  const { margins } = theme.page;
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
      registerFonts(doc, fontObjects, layoutCaches);
      drawCommands({ doc, theme, fonts, left: margins.left, contentWidth, furniture: furniture(theme, fonts, report, layout.pages, page.width, page.height) }, layout.commands);
      return { bytes: await finish(doc), problems };
    },
  };
}

/**
 * Paginates the title page, the contents and the content. The contents list needs the content's
 * page numbers, and the content's page numbers need the contents' length: the content is paginated
 * first, the contents twice (its length does not depend on the numbers' values).
 */
function paginateWithContents(state: PdfState, blocks: readonly Block[], frame: Frame): Pagination {
  const at = blocks.findIndex((block) => block.kind === 'contents');
  const front = at < 0 ? [] : blocks.slice(0, at);
  const content = at < 0 ? blocks : blocks.slice(at + 1);
  const frontPages = paginate(front, frame);
  const contentPages = paginate(content, frame);
  const entries = contentsEntries(content);
  const draft = paginate(contentsBlocks(state, entries, () => 0), frame);
  const offset = (front.length > 0 ? frontPages.pages : 0) + draft.pages;
  const contents = paginate(
    contentsBlocks(state, entries, (destination) => (contentPages.anchors.get(destination)?.page ?? 0) + offset + 1),
    frame,
  );
  const parts = [...(front.length > 0 ? [frontPages] : []), ...(at < 0 ? [] : [contents]), contentPages];
  return { commands: parts.flatMap((part) => part.commands), pages: parts.reduce((sum, part) => sum + part.pages, 0), anchors: new Map() };
}

interface ContentsEntry {
  readonly title: string;
  readonly level: 1 | 2;
  readonly destination: string;
}

function contentsEntries(blocks: readonly Block[]): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  const visit = (block: TextBlock): void => {
    const outline = block.anchor?.outline;
    if (block.anchor && outline) entries.push({ title: outline.title, level: outline.level, destination: block.anchor.destination });
  };
  for (const block of blocks) {
    if (block.kind === 'text') visit(block);
    else if (block.kind === 'group') for (const item of block.items) visit(item.block);
  }
  return entries;
}

/** The contents page: a heading, then one linked entry per heading with its page number on the right. */
function contentsBlocks(state: PdfState, entries: readonly ContentsEntry[], pageNumber: (destination: string) => number): Block[] {
  const { theme, fonts, contentWidth } = state;
  const headingStyle = textStyle(theme, 'heading', { bold: true, size: theme.sizes.heading2, colour: theme.colours.accent });
  const blocks: Block[] = [
    { kind: 'open', tag: 'Sect' },
    blockFromRuns(state, [{ kind: 'text', text: theme.labels.contents, style: headingStyle }], {
      tag: 'H2',
      style: headingStyle,
      lineHeight: 1.25,
      spaceAfter: theme.spacing.block,
      keepWithNext: true,
      anchor: { destination: 'contents', outline: { title: theme.labels.contents, level: 1 } },
    }),
    { kind: 'open', tag: 'TOC' },
  ];
  const numberColumn = 36;
  for (const entry of entries) {
    const indent = entry.level === 1 ? 0 : 16;
    const number = String(pageNumber(entry.destination));
    const style: TextStyle = {
      ...textStyle(theme, entry.level === 1 ? 'heading' : 'body', { bold: entry.level === 1 }),
      link: { kind: 'destination', name: entry.destination, text: `${entry.title} ${number}` },
    };
    const saved = state.indent;
    state.indent = indent;
    const block = blockFromRuns(state, [{ kind: 'text', text: entry.title, style }], {
      tag: 'TOCI',
      style,
      width: contentWidth - indent - numberColumn,
      spaceBefore: entry.level === 1 ? theme.spacing.paragraph : 0,
      spaceAfter: 2,
    });
    state.indent = saved;
    const last = block.lines.at(-1);
    if (last) {
      const width = fonts.width(style.font, number, style.size);
      const numbered = { ...last, segments: [...last.segments, { text: number, style, x: contentWidth - indent - width, width, spacesBefore: last.spaces }] };
      blocks.push({ ...block, lines: [...block.lines.slice(0, -1), numbered] });
    } else blocks.push(block);
  }
  blocks.push({ kind: 'close' }, { kind: 'close' });
  return blocks;
}

/** The running head (edition · country · category) and "Page X of Y", on every page but the title page. */
function furniture(theme: Theme, fonts: FontSet, report: Report, pages: number, width: number, height: number): PageFurniture {
  const { margins } = theme.page;
  const font = fontKey('heading', 'regular');
  const size = theme.sizes.small;
  const head = runningHead(theme, report);
  return {
    draw(doc: PdfDocument, pageNumber: number) {
      if (pageNumber === 1) return;
      const foot = pageOf(theme, pageNumber, pages);
      artifact(
        doc,
        () => {
          doc.font(font).fontSize(size).fillColor(theme.colours.muted);
          doc.text(head, margins.left, margins.top - 34, { lineBreak: false });
          doc.lineWidth(0.5).moveTo(margins.left, margins.top - 16).lineTo(width - margins.right, margins.top - 16).stroke(theme.colours.rule);
          doc.font(font).fontSize(size).fillColor(theme.colours.muted);
          doc.text(foot, width - margins.right - fonts.width(font, foot, size), height - margins.bottom + 22, { lineBreak: false });
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
