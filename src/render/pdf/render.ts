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
import { drawCommands, type PageFurniture as DrawnFurniture } from './draw.js';
import { FontSet } from './fonts.js';
import type { TextBlock } from './blocks.js';
import { pdfModel } from './handlers.js';
import { hyphenatorFor } from './hyphenate.js';
import { createParagraphMemo, type ParagraphMemo } from './paragraph-memo.js';
import { measuredMargins, type Margins } from './measure.js';
import type { Command, Frame } from './paginate.js';
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
}

const pageSizes = { A4: { width: 595.28, height: 841.89 }, Letter: { width: 612, height: 792 } } as const;

export function createPdfRenderer(templates: PdfTemplates): DocumentRenderer {
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

  return {
    async render(document: DocumentModel) {
      const { metadata } = document;
      const problems: RenderProblem[] = [];
      const state: PdfState = {
        context: { theme, fonts, hyphenate: hyphenatorFor(metadata.language), contentWidth, contentHeight: frame.bottom - frame.top, problems: problemSink((problem) => problems.push(problem)), paragraphs },
        style: textStyle(theme, 'body'),
        indent: 0,
        beside: 0,
        source: undefined,
      };
      const layout = paginateWithContents(pdfModel.document(state, document), frame);
      // Before the fonts are registered: its heads may need fallback fonts the text did not.
      if (furnitureLines.size > maxFurnitureLines) furnitureLines.clear();
      const pageFurniture = furniture(state, document.furniture, margins, layout.commands, layout.pages, page.width, page.height, furnitureLines);
      const doc = createPdfDocument({ size: theme.page.size, margins, language: metadata.language, subset: templates.subset ?? 'PDF/UA', info: documentInfo(metadata, templates.generator, templates.sourceDate) });
      registerFonts(doc, fonts.forDocument());
      mapGlyphsToText(doc, shapedGlyphTexts);
      drawCommands({ doc, theme, fonts, left: margins.left, furniture: pageFurniture }, layout.commands);
      return { bytes: await finish(doc), problems };
    },
  };
}

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
