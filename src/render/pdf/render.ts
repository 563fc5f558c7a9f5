/**
 * The PDF edition: the document model → measured blocks (handlers) → pages (paginate) → a tagged
 * PDF/UA document drawn with pdfkit (draw). Fonts are parsed once per renderer and shared by every
 * document; everything that varies by run (the clock, the time zone) is kept out: the document's
 * dates come from the edition or SOURCE_DATE_EPOCH.
 */
import type { Chapter, DocumentModel, Metadata, PageFurniture } from '../../document/model.js';
import type { FontFiles } from '../../theme/load-templates.js';
import type { Theme } from '../../theme/theme.js';
import type { RenderProblem } from '../problems.js';
import { chaptersGivenBack, type BookRenderer, type RenderedDocument } from '../renderer.js';
import { assemblePdf, type AssemblePart } from './assemble.js';
import { createDrawnChapters, decodeDrawnChapter, drawnChapterKey, encodeDrawnChapter, type DrawnChapter, type DrawnChapterRecord, type DrawnChapters } from './bound.js';
import { paginateWithContents, type PaginationWithContents } from './contents.js';
import { drawCommands, pageHeads, type PageFurniture as DrawnFurniture } from './draw.js';
import { FontSet } from './fonts.js';
import type { TextBlock } from './blocks.js';
import { pdfModel } from './handlers.js';
import { hyphenatorFor } from './hyphenate.js';
import { createParagraphMemo, type ParagraphMemo } from './paragraph-memo.js';
import { measuredMargins, type Margins } from './measure.js';
import { paginate, type Command, type Frame } from './paginate.js';
import { createPdfDocument, finish, mapGlyphsToText, registerFonts, type PdfSubset } from './pdfkit.js';
import { shapedGlyphTexts } from './glyph-text.js';
import { textStyle } from './styles.js';
import { fittedToWords, problemSink, run, textBlock, type PdfState, type ProblemSink } from './text.js';
import { pdfTags } from '../../vocabulary/pdf.js';

export interface PdfTemplates {
  readonly theme: Theme;
  readonly fonts: FontFiles;
  readonly generator: string;
  /** Overrides the edition's date in the document's metadata (SOURCE_DATE_EPOCH). */
  readonly sourceDate?: Date;
  /** PDF/UA-1 by default; PDF/A-2a for archives (also tagged). */
  readonly subset?: PdfSubset;
  /** Where the renderer keeps the paragraphs it has set (default: a memo of its own). */
  readonly paragraphs?: ParagraphMemo;
  /** Where it keeps the chapters it has drawn for books (default: a store of its own, bound.ts). */
  readonly drawnChapters?: DrawnChapters;
}

const pageSizes = { A4: { width: 595.28, height: 841.89 }, Letter: { width: 612, height: 792 } } as const;

/** The PDF writer; a book can be given chapters drawn for it before (by another process, or kept in the build's cache: bound.ts). */
export interface PdfRenderer extends BookRenderer {
  /**
   * A chapter's own document (`present`), and the same pages as its country report binds them:
   * `drawn`, keyed by the chapter as the report presents it (`bookChapter`), so that the report
   * takes them instead of drawing the chapter again (none when the chapter has no opening there).
   */
  renderChapter(document: DocumentModel, bookChapter: Chapter): Promise<RenderedDocument & { readonly drawn?: DrawnChapterRecord }>;
}

export function createPdfRenderer(templates: PdfTemplates): PdfRenderer {
  const { theme } = templates;
  const fonts = new FontSet(templates.fonts);
  const page = pageSizes[theme.page.size];
  const margins = measuredMargins(theme, fonts, page.width);
  const contentWidth = page.width - margins.left - margins.right;
  const frame: Frame = { top: margins.top, bottom: page.height - margins.bottom };
  // Heads and feet by their text, across the renderer's documents: a book repeats its chapters'
  // heads, and "Page 5 of 41" comes back (the generated edition has some 13,000 pages, each with a foot).
  const furnitureLines = new Map<string, FurnitureLine>();
  // Paragraphs by what their lines depend on, across the renderer's documents (paragraph-memo.ts).
  const paragraphs = templates.paragraphs ?? createParagraphMemo();

  /** The state a document's blocks are made in, its problems reported into `problems`. */
  const stateOf = (document: DocumentModel, problems: RenderProblem[]): PdfState => ({
    context: { theme, fonts, hyphenate: hyphenatorFor(document.metadata.language), contentWidth, contentHeight: frame.bottom - frame.top, problems: problemSink((problem) => problems.push(problem)), paragraphs },
    style: textStyle(theme, 'body'),
    indent: 0,
    beside: 0,
    source: undefined,
  });
  /** Paginated commands drawn as a document of their own, furnished by `pageFurniture`. */
  const drawPdf = (metadata: Metadata, commands: readonly Command[], pageFurniture: DrawnFurniture): Promise<Uint8Array> => {
    const doc = createPdfDocument({ size: theme.page.size, margins, language: metadata.language, subset: templates.subset ?? 'PDF/UA', info: documentInfo(metadata, templates.generator, templates.sourceDate) });
    registerFonts(doc, fonts.forDocument());
    mapGlyphsToText(doc, shapedGlyphTexts);
    drawCommands({ doc, theme, fonts, left: margins.left, furniture: pageFurniture }, commands);
    return finish(doc);
  };
  /** The page furniture of these commands (before the fonts are registered: its heads may need fallback fonts the text did not). */
  const furnitureOf = (state: PdfState, document: DocumentModel, commands: readonly Command[], pages: number): DrawnFurniture => {
    if (furnitureLines.size > maxFurnitureLines) furnitureLines.clear();
    return furniture(state, document.furniture, margins, commands, pages, page.width, page.height, furnitureLines);
  };
  // A book's chapters as drawn, by what they were drawn from (bound.ts).
  const drawnChapters = templates.drawnChapters ?? createDrawnChapters();

  /** A chapter of a book drawn as a PDF of its own, without running heads or numbers (the book lays them over its pages). */
  const drawChapter = async (document: DocumentModel, chapter: Chapter): Promise<DrawnChapter> => {
    const problems: RenderProblem[] = [];
    const layout = paginate(pdfModel.document(stateOf(document, problems), { ...document, front: [], chapters: [chapter], parts: [] }), frame);
    const bytes = await drawPdf(document.metadata, layout.commands, unfurnished);
    return { bytes, pages: layout.pages, anchors: new Map([...layout.anchors].map(([name, place]) => [name, place.page])), heads: pageHeads(layout.commands), problems };
  };

  /**
   * A book whose chapters each open on a page of their own: every chapter drawn apart (or taken as
   * drawn before: from this renderer's store, or `drawnBefore`), then bound. Chapters given as drawn
   * before that cannot be bound (a damaged cache file that passed its digest) are drawn again.
   */
  const renderBound = async (document: DocumentModel, drawnBefore: readonly DrawnChapterRecord[], chapterDocuments: readonly DocumentModel[] = []): Promise<RenderedDocument & { readonly chapters: readonly KeyedChapter[]; readonly drawnAnew: number }> => {
    /** Each chapter from this renderer's store or `given`, else drawn here (and kept in the store). */
    const gather = async (given: ReadonlyMap<string, DrawnChapterRecord>): Promise<{ readonly chapters: readonly KeyedChapter[]; readonly drawnAnew: number }> => {
      const chapters: KeyedChapter[] = [];
      let drawnAnew = 0;
      for (const [index, chapter] of document.chapters.entries()) {
        // As the chapter's own file is drawn, when its document is given: the same pages, byte for byte, as its own job draws.
        const own = chapterDocuments[index];
        const key = drawnChapterKey(document.metadata.language, chapter, own !== undefined);
        const record = given.get(key);
        // A record given is read even when this renderer kept the chapter: given is what the caller can name again.
        // One that is not of the kind its key says, or names the chapter otherwise than the book does, is drawn again.
        const read = record && decodeDrawnChapter(record);
        const decoded = read && ownPagesFit(read, own !== undefined, chapter) ? read : undefined;
        let drawn = drawnChapters.get(key) ?? decoded;
        if (!drawn) {
          drawn = own ? (await drawOwn(own, chapter)).drawn : await drawChapter(document, chapter);
          if (!drawn) throw new Error('A chapter of a book has no opening.');
          drawnChapters.set(key, drawn);
          drawnAnew += 1;
        }
        chapters.push({ key, chapter: drawn, given: decoded !== undefined });
      }
      return { chapters, drawnAnew };
    };
    const gathered = await gather(new Map(drawnBefore.map((record) => [record.key, record])));
    try {
      return { ...(await bind(document, gathered.chapters.map(({ chapter }) => chapter))), ...gathered };
    } catch (error) {
      // Only what came from elsewhere can be at fault (the store holds only what was drawn here): without it, bound again.
      if (drawnBefore.length === 0) throw error;
      const again = await gather(new Map());
      // Every chapter drawn by this call counted, in either gathering.
      return { ...(await bind(document, again.chapters.map(({ chapter }) => chapter))), chapters: again.chapters, drawnAnew: gathered.drawnAnew + again.drawnAnew };
    }
  };

  /** The book's front matter and running heads drawn, and its chapters' pages bound between them. */
  const bind = async (document: DocumentModel, chapters: readonly DrawnChapter[]): Promise<RenderedDocument> => {
    const problems: RenderProblem[] = chapters.flatMap((chapter) => chapter.problems);
    const state = stateOf(document, problems);
    // Where each chapter starts after the front matter, for the contents' page numbers.
    const starts: number[] = [];
    let pagesBefore = 0;
    for (const chapter of chapters) {
      starts.push(pagesBefore);
      pagesBefore += chapter.pages;
    }
    const pageInChapters = (destination: string): number | undefined => {
      for (const [index, chapter] of chapters.entries()) {
        const page = chapter.anchors.get(destination);
        if (page !== undefined) return (starts[index] ?? 0) + page;
      }
      return undefined;
    };
    const front = paginateWithContents(pdfModel.document(state, { ...document, chapters: [], parts: [] }), frame, pageInChapters);
    const heads = [...pageHeads(front.commands), ...chapters.flatMap((chapter) => chapter.heads)];
    const pages = front.pages + pagesBefore;
    // Each page's running head and number, drawn on pages of their own and laid over the bound pages;
    // the heads named as commands only so that their lines are laid out before the fonts are registered.
    const overlayCommands = heads.flatMap((head): Command[] => [{ kind: 'page' }, ...(head === undefined ? [] : [{ kind: 'runningHead', text: head } as const])]);
    const furnished = furnitureOf(state, document, overlayCommands, pages);
    const overlay = await drawPdf(document.metadata, overlayCommands, { of: (pageNumber) => furnished.of(pageNumber, heads[pageNumber - 1]) });
    const base = await drawPdf(document.metadata, front.commands, unfurnished);
    // A chapter's own PDF gives the book its pages but the contents list's, without their running heads, its names under the chapter's, its outline under its title.
    const parts = chapters.map((chapter): AssemblePart | Uint8Array => (chapter.own ? { bytes: chapter.bytes, pages: chapter.own.take, prefix: chapter.own.prefix, bodyOnly: true, outlineUnderFirst: true } : chapter.bytes));
    return { bytes: assemblePdf({ base, parts, overlay }), problems };
  };

  /** A document drawn in one go, and how it was laid out. */
  const drawWhole = async (document: DocumentModel): Promise<RenderedDocument & { readonly layout: PaginationWithContents }> => {
    const problems: RenderProblem[] = [];
    const state = stateOf(document, problems);
    const layout = paginateWithContents(pdfModel.document(state, document), frame);
    const pageFurniture = furnitureOf(state, document, layout.commands, layout.pages);
    return { bytes: await drawPdf(document.metadata, layout.commands, pageFurniture), problems, layout };
  };

  /**
   * A chapter's own document drawn, and its pages as a book binds them (`bookChapter`, the chapter as
   * the book presents it): all but the contents list's, the title page bare, the destinations named
   * by the chapter. None when the chapter has no opening in the book.
   */
  const drawOwn = async (document: DocumentModel, bookChapter: Chapter): Promise<RenderedDocument & { readonly drawn?: DrawnChapter }> => {
    const { bytes, problems, layout } = await drawWhole(document);
    const prefix = chapterName(bookChapter);
    if (!bookChapter.opening || prefix === undefined) return { bytes, problems };
    const contents = layout.contentsPages;
    const take = Array.from({ length: layout.pages }, (_, page) => page).filter((page) => !contents || page < contents.first || page >= contents.first + contents.count);
    const index = new Map(take.map((page, taken) => [page, taken]));
    const anchors = new Map(
      [...layout.anchors].flatMap(([name, page]): [string, number][] => {
        const taken = index.get(page);
        return taken === undefined ? [] : [[`${prefix}--${name}`, taken]];
      }),
    );
    const runningHead = bookChapter.opening.runningHead;
    // The title page bare (all its pages, should it run on), as in the chapter's own file and as the book's model has it.
    const titlePages = contents ? contents.first : 1;
    const heads = take.map((page) => (page < titlePages ? '' : runningHead));
    return { bytes, problems, drawn: { bytes, pages: take.length, anchors, heads, problems, own: { take, prefix } } };
  };

  const render = async (document: DocumentModel): Promise<RenderedDocument> => {
    if (isBound(document)) {
      const { bytes, problems } = await renderBound(document, []);
      return { bytes, problems };
    }
    const { bytes, problems } = await drawWhole(document);
    return { bytes, problems };
  };

  return {
    render,
    async renderChapter(document, bookChapter) {
      const { bytes, problems, drawn } = await drawOwn(document, bookChapter);
      if (!drawn) return { bytes, problems };
      const key = drawnChapterKey(document.metadata.language, bookChapter, true);
      // Reported with the chapter: the book that binds these pages does not report them again.
      const kept: DrawnChapter = { ...drawn, problems: [] };
      drawnChapters.set(key, kept);
      return { bytes, problems, drawn: encodeDrawnChapter(key, kept) };
    },
    async renderBook(document, drawnBefore, keepDrawn = true, chapterDocuments = []) {
      if (!isBound(document)) return { ...(await render(document)), drawn: [], bound: [], drawnAnew: 0 };
      const { bytes, problems, chapters, drawnAnew } = await renderBound(document, drawnBefore, chapterDocuments);
      return { bytes, problems, ...chaptersGivenBack(chapters, keepDrawn, ({ key, chapter }) => encodeDrawnChapter(key, chapter)), drawnAnew };
    },
  };
}

/** A chapter drawn for a book, with its key (bound.ts, `drawnChapterKey`), and whether the caller gave it (`drawnBefore`). */
interface KeyedChapter {
  readonly key: string;
  readonly chapter: DrawnChapter;
  readonly given: boolean;
}

/**
 * Whether drawn pages are of the kind the book binds (the chapter's own file's, `own`, or drawn as
 * the book presents it), and own pages start on the title page and name the chapter as the book
 * does: a forged record that says otherwise is drawn again rather than bound.
 */
function ownPagesFit(drawn: DrawnChapter, own: boolean, chapter: Chapter): boolean {
  if (!own) return drawn.own === undefined;
  return drawn.own !== undefined && drawn.own.take[0] === 0 && drawn.own.prefix === chapterName(chapter);
}

/** The name a book gives a chapter's destinations (its anchors' `chapter`: the category's id), as its title's anchor carries it. */
function chapterName(chapter: Chapter): string | undefined {
  return chapter.opening?.titlePage.title.anchor?.chapter;
}

/** A book drawn in parts: chapters that each open on a page of their own, and nothing after them. */
function isBound(document: DocumentModel): boolean {
  return document.chapters.length > 0 && document.chapters.every((chapter) => chapter.opening !== undefined) && (document.parts ?? []).length === 0;
}

/** Pages without running head or number: a book's furniture is laid over its bound pages. */
const unfurnished: DrawnFurniture = { of: () => undefined };

/** A head's or foot's text laid out on one line, and the characters no font had, named again in each document that draws it. */
interface FurnitureLine {
  readonly block: TextBlock;
  readonly missing: readonly string[];
}

/**
 * The running head and "Page X of Y", on every page but the title page, laid out as the text is: a
 * country, a title or a label in a script the heading font lacks (Arabic, Japanese) takes its
 * letters from the fallback fonts, as the text's lines do. Every running head the pages name is laid
 * out here, before the document's fonts are registered (registerFonts embeds those loaded by then).
 */
function furniture(state: PdfState, parts: PageFurniture, margins: Margins, commands: readonly Command[], pages: number, width: number, height: number, made: Map<string, FurnitureLine>): DrawnFurniture {
  const { theme, fonts, problems } = state.context;
  const style = textStyle(theme, 'heading', { size: theme.sizes.small, colour: theme.colours.muted });
  const ascent = fonts.metrics(style.font).ascent * style.size;
  const room = width - margins.left - margins.right;
  /** `text` on one line as wide as its words, never broken: placed by the caller, not aligned in a measure. */
  const line = (text: string): TextBlock => {
    const known = made.get(text);
    if (known) {
      // Each document names what its own pages cannot show, whichever document laid the line out first.
      for (const character of known.missing) problems.missingGlyph(character, undefined, undefined);
      return known.block;
    }
    const missing: string[] = [];
    const noting: ProblemSink = {
      report: problems.report,
      missingGlyph(character, source, point) {
        missing.push(character);
        problems.missingGlyph(character, source, point);
      },
    };
    // Not through the paragraph memo: these lines are kept here, and every "Page 5 of 41" would push out a paragraph the memo is for.
    const laid = textBlock({ ...state, context: { ...state.context, problems: noting, paragraphs: undefined } }, [run(text, style)], { tag: pdfTags.paragraph, width: unbroken, spaceAfter: 0, hyphenate: false });
    // Left to right, as the page runs (blocks.ts, `direction`): a name in a right-to-left script is a run inside it ("مصر · Coordination").
    const block = fittedToWords({ ...laid, indent: 0, firstLineIndent: 0 });
    made.set(text, { block, missing });
    return block;
  };
  const lineWidth = (block: TextBlock): number => block.lines.reduce((widest, laid) => Math.max(widest, laid.width), 0);
  const heads = new Map<string, TextBlock>();
  /** A running head on its line, shortened with "…" to the longest start of it that fits, never run into the margin. */
  const headLine = (text: string): TextBlock => {
    const known = heads.get(text);
    if (known) return known;
    let block = line(text);
    if (lineWidth(block) > room) {
      // Cut between characters as a reader sees them (graphemes), never inside one (a surrogate
      // pair's half would be drawn as a box); hostile input first cut to what a line could ever hold.
      const characters = graphemesOf(text).slice(0, maxHeadCharacters);
      const shortened = (kept: number): TextBlock => line(`${characters.slice(0, kept).join('').trimEnd()}…`);
      // The longest start that fits, found in a few layouts.
      let fits = 0;
      let over = characters.length;
      while (over - fits > 1) {
        const middle = Math.floor((fits + over) / 2);
        if (lineWidth(shortened(middle)) <= room) fits = middle;
        else over = middle;
      }
      block = shortened(fits);
    }
    heads.set(text, block);
    return block;
  };
  for (const text of [parts.runningHead, ...commands.flatMap((command) => (command.kind === 'runningHead' && command.text !== '' ? [command.text] : []))]) headLine(text);
  const footText = (pageNumber: number): string => parts.pageLabel.map((part) => (part.kind === 'text' ? part.text : String(part.kind === 'page' ? pageNumber : pages))).join('');
  // The label's letters (its fallback fonts loaded with the heads').
  line(footText(pages));
  /** Where a line's box starts so that its baseline is where pdfkit's text at `top` (its text box's top) had it. */
  const boxTop = (block: TextBlock, top: number): number => top + ascent - (block.lines[0]?.baseline ?? ascent);
  return {
    of(pageNumber, chapterHead) {
      // The title page and a book's imprint page (whose running head is empty) go without.
      if (pageNumber === 1 || chapterHead === '') return undefined;
      const head = headLine(chapterHead ?? parts.runningHead);
      const foot = line(footText(pageNumber));
      const footWidth = lineWidth(foot);
      const footX = parts.pageLabelPlace === 'left' ? margins.left : parts.pageLabelPlace === 'centre' ? margins.left + (room - footWidth) / 2 : width - margins.right - footWidth;
      return {
        lines: [
          { block: head, x: margins.left, y: boxTop(head, margins.top - 34) },
          { block: foot, x: footX, y: boxTop(foot, height - margins.bottom + 22) },
        ],
        rules: [{ x: margins.left, y: margins.top - 16, width: room, thickness: 0.5, colour: theme.colours.rule }],
      };
    },
  };
}

/** A measure no head or foot reaches: laid out on one line, the furniture is placed, and a head shortened, by its width. */
const unbroken = 100_000;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

function graphemesOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

/** Heads and feet a renderer keeps laid out (some 20 MB at most); past it they are laid out again. */
const maxFurnitureLines = 20_000;

/** More than any line of the running head's size holds: a longer head is cut to this before it is fitted. */
const maxHeadCharacters = 400;

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
