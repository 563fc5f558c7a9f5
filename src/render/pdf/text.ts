/**
 * What every PDF handler works with: the document's context, the explicit state a handler passes
 * down (the style, the indent, where codebook text comes from), and text blocks made from styled
 * runs — broken into lines with the theme's fonts, every character checked against them.
 */
import type { Position } from 'unist';
import type { Theme } from '../../theme/theme.js';
import type { SourcePlace } from '../../tree/types.js';
import type { StructTag } from '../../vocabulary/pdf.js';
import type { RenderProblem } from '../problems.js';
import type { Align, Anchor, TextBlock } from './blocks.js';
import { isFallbackKey, otherFamily, parseFontKey, type FontKey, type FontSet } from './fonts.js';
import type { Hyphenator } from './hyphenate.js';
import type { InlineRun, TextStyle } from './inline.js';
import { breakParagraph } from './line-break.js';
import type { ParagraphMemo } from './paragraph-memo.js';
import { startsRightToLeft } from '../../vocabulary/scripts.js';

/** One document's rendering: the same for every handler. */
export interface PdfContext {
  readonly theme: Theme;
  readonly fonts: FontSet;
  readonly hyphenate: Hyphenator;
  /** Width of the page's content box. */
  readonly contentWidth: number;
  /** Height of the page's content box: a book's imprint stands at the foot of its page (none: at the top). */
  readonly contentHeight?: number;
  readonly problems: ProblemSink;
  /** Paragraphs the renderer has set before, in this document or another (none: each set anew). */
  readonly paragraphs?: ParagraphMemo;
}

/** What a handler passes to the handlers of what it holds; each makes its own changed copy. */
export interface PdfState {
  readonly context: PdfContext;
  /** The style phrasing takes. */
  readonly style: TextStyle;
  /** Left indent of the blocks being made (lists, block quotes). */
  readonly indent: number;
  /** Width kept free at the right of a heading for what stands beside it (the score). */
  readonly beside: number;
  /** Where codebook text comes from, for diagnostics about its characters. */
  readonly source: SourcePlace | undefined;
  /** In a book, the chapter drawn: its notes' names carry it, as its anchors do (each chapter numbers its notes from 1). */
  readonly chapter?: string;
}

/** Where a document's problems go; a character missing from the fonts is named once per document and place. */
export interface ProblemSink {
  readonly report: (problem: RenderProblem) => void;
  readonly missingGlyph: (character: string, source: SourcePlace | undefined, point: { line: number; column: number } | undefined) => void;
}

export function problemSink(report: (problem: RenderProblem) => void): ProblemSink {
  const named = new Set<string>();
  return {
    report,
    missingGlyph(character, source, point) {
      const key = `${character}@${source?.path ?? ''}`;
      if (named.has(key)) return;
      named.add(key);
      const codePoint = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      const where = source ? ` (in ${source.path}${source.position ? `:${source.position.start.line}:${source.position.start.column}` : ''})` : '';
      report({
        format: 'PDF',
        rule: 'glyph-missing',
        nodeType: 'text',
        position: source || !point ? undefined : { start: point, end: { line: point.line, column: point.column + character.length } },
        reason: `The character “${character}” (U+${codePoint})${where} is in none of the theme's fonts, so the PDF cannot show it. Use a font that covers it in templates/theme.yaml, or write it differently.`,
      });
    },
  };
}

export interface TextBlockOptions {
  readonly tag: StructTag;
  readonly align?: Align;
  readonly lineHeight?: number;
  readonly spaceBefore?: number;
  readonly spaceAfter?: number;
  readonly keepWithNext?: boolean;
  readonly anchor?: Anchor;
  /** Width available; the rest of the content box (from the state's indent) by default. */
  readonly width?: number;
  readonly hanging?: number;
  readonly hyphenate?: boolean;
}

/** Runs broken into the lines of a block of text, at the state's indent. */
export function textBlock(state: PdfState, runs: readonly InlineRun[], options: TextBlockOptions): TextBlock {
  const { context } = state;
  const width = options.width ?? context.contentWidth - state.indent;
  const hanging = options.hanging ?? 0;
  const align = options.align ?? 'left';
  const hyphenated = options.hyphenate ?? align === 'justify';
  const covered = coverRuns(state, runs);
  const lineOptions = {
    fonts: context.fonts,
    lineHeight: options.lineHeight ?? context.theme.sizes.lineHeight,
    firstWidth: width,
    restWidth: width - hanging,
    justify: align === 'justify',
    ...(hyphenated ? { hyphenate: context.hyphenate } : {}),
  };
  const { lines, rebreak } = context.paragraphs ? context.paragraphs.breakParagraph(covered, lineOptions) : breakParagraph(covered, lineOptions);
  return {
    kind: 'text',
    tag: options.tag,
    lines,
    indent: state.indent + hanging,
    firstLineIndent: -hanging,
    align,
    spaceBefore: options.spaceBefore ?? 0,
    spaceAfter: options.spaceAfter ?? context.theme.spacing.paragraph,
    keepWithNext: options.keepWithNext ?? false,
    ...(options.anchor ? { anchor: options.anchor } : {}),
    // Lines that can end in a hyphen can be broken again where a page would end in one.
    ...(hyphenated ? { rebreak } : {}),
  };
}

/**
 * A block whose lines are as wide as their words: placed by its caller (a chart's label, a running
 * head), never aligned within a measure. A right-to-left line would otherwise start at the far end
 * of the width it was broken for.
 */
export function fittedToWords(block: TextBlock): TextBlock {
  return { ...block, lines: block.lines.map((line) => ({ ...line, maxWidth: line.width })) };
}

/**
 * Prose's direction, as the other editions decide it (vocabulary/scripts.ts): right to left when its
 * first strong letter is a right-to-left one.
 */
export function withTextDirection(block: TextBlock): TextBlock {
  const text = block.lines.map((line) => line.segments.map((segment) => segment.text).join('')).join(' ');
  return startsRightToLeft(text) ? { ...block, direction: 'rtl' } : block;
}

/** One run of text in one style. */
export function run(text: string, style: TextStyle, origin?: Position): InlineRun {
  return { kind: 'text', text, style, ...(origin ? { origin } : {}) };
}

/** What a fallback font (regular only) must synthesise to set text in this style: its bold, its italic or both. */
function syntheticStyle(style: TextStyle): Pick<TextStyle, 'synthetic'> {
  if (isFallbackKey(style.font)) return style.synthetic === undefined ? {} : { synthetic: style.synthetic };
  const { style: face } = parseFontKey(style.font);
  return face === 'regular' ? {} : { synthetic: face };
}

/** Invisible format characters and spaces past ASCII (U+00A0, U+00AD, U+200B…): the ASCII ones are at or below U+0020. */
const blankCharacter = /^[\p{Cf}\p{Zs}]$/u;

/**
 * Every run as the fonts can draw it: a character missing from its font but present in the other
 * family is set in that one, else in the first of the theme's fallback fonts that has it; a character missing from every font is reported, and tagged with its
 * actual text so that copied and spoken text keep it. All text of the PDF passes here.
 */
export function coverRuns(state: PdfState, runs: readonly InlineRun[]): InlineRun[] {
  const { fonts, problems } = state.context;
  const covered: InlineRun[] = [];
  for (const piece of runs) {
    if (piece.kind !== 'text') {
      covered.push(piece);
      continue;
    }
    const { style, position, text } = piece;
    const fallbackStyle: TextStyle = { ...style, font: isFallbackKey(style.font) ? style.font : otherFamily(style.font) };
    const chainStyles = new Map<FontKey, TextStyle>();
    const missingStyle: TextStyle = { ...style, actual: '' };
    // The run so far is text[start, at), in `textStyle`: sliced when it ends (a string built
    // character by character was a string per character of every paragraph, set or not).
    let start = 0;
    let textStyle: TextStyle = style;
    const flush = (end: number): void => {
      if (end > start) {
        const part = text.slice(start, end);
        covered.push({ kind: 'text', text: part, style: textStyle.actual === undefined ? textStyle : { ...textStyle, actual: part } });
      }
      start = end;
    };
    let line = position?.start.line ?? 0;
    let column = position?.start.column ?? 0;
    for (let at = 0; at < text.length; ) {
      const codePoint = text.codePointAt(at) ?? 0;
      const length = codePoint > 0xffff ? 2 : 1;
      let next: TextStyle = style;
      // White space and invisible format characters need no glyph; between words of a fallback
      // font's script they stay in its run (a right-to-left run is drawn as one piece).
      const blank = codePoint <= 0x20 || (codePoint >= 0x80 && blankCharacter.test(text.slice(at, at + length)));
      if (isFallbackKey(textStyle.font) && blank) next = textStyle;
      else if (!blank && !fonts.covers(style.font, codePoint)) {
        const chained = fonts.covers(fallbackStyle.font, codePoint) ? undefined : fonts.fallbackFor(codePoint);
        if (chained === undefined && fonts.covers(fallbackStyle.font, codePoint)) next = fallbackStyle;
        else if (chained !== undefined) {
          // The theme's fallback chain: one style object per font, so that a run stays one run.
          next = chainStyles.get(chained) ?? { ...style, font: chained, ...syntheticStyle(style) };
          chainStyles.set(chained, next);
        } else {
          problems.missingGlyph(text.slice(at, at + length), state.source, position ? { line, column } : piece.origin?.start);
          next = missingStyle;
        }
      }
      if (next !== textStyle) {
        flush(at);
        textStyle = next;
      }
      if (codePoint === 0x0a) {
        line += 1;
        column = 1;
      } else column += length;
      at += length;
    }
    flush(text.length);
  }
  return covered;
}
