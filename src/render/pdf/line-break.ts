/**
 * Breaking styled text into lines, first fit: words are measured with the theme's fonts, a word that
 * does not fit is split at a soft hyphen (drawing a hyphen) or, in link URLs, after `/ . - ? & = # _`
 * (drawing nothing), a spaced dash goes to the next line with the word before it, and only a word
 * longer than a whole line is cut anywhere. Lines know their height and baseline, so pagination can
 * place them without drawing anything.
 */
import type { FontSet } from './fonts.js';
import { softHyphen, type Hyphenator } from './hyphenate.js';
import { sameStyle, type InlineRun, type TextStyle } from './inline.js';

/** A break opportunity in a URL that draws nothing. */
const urlBreak = '\u200B';
const invisible = /[\u00AD\u200B]/g;

/** A run of one style on a line. `spacesBefore` counts the line's word spaces before it, for justification. */
export interface Segment {
  readonly text: string;
  /** The hyphen drawn where a word breaks at a soft hyphen: tagged so that text extraction drops it. */
  readonly breakHyphen?: boolean;
  readonly style: TextStyle;
  /** From the line's start, before justification. */
  readonly x: number;
  readonly width: number;
  readonly spacesBefore: number;
}

export interface Line {
  readonly segments: readonly Segment[];
  /** Natural width of the text. */
  readonly width: number;
  /** The width the line was broken for. */
  readonly maxWidth: number;
  readonly height: number;
  /** From the line's top. */
  readonly baseline: number;
  /** Word spaces between the first and last character, which justification widens. */
  readonly spaces: number;
  /** False for a paragraph's last line and lines ended by a hard break. */
  readonly stretch: boolean;
}

export interface LineBreakOptions {
  readonly fonts: FontSet;
  /** A multiple of the largest font size on the line. */
  readonly lineHeight: number;
  readonly firstWidth: number;
  readonly restWidth: number;
  readonly hyphenate?: Hyphenator;
}

interface Fragment {
  readonly text: string;
  readonly style: TextStyle;
  readonly breakHyphen?: boolean;
}

/** A word: fragments with no space between them (a word can change style midway). */
interface Word {
  readonly fragments: readonly Fragment[];
  readonly spaceBefore: TextStyle | undefined;
}

type Item = { readonly kind: 'word'; readonly word: Word } | { readonly kind: 'break'; readonly style: TextStyle };

export function breakLines(runs: readonly InlineRun[], options: LineBreakOptions): Line[] {
  const items = tokenize(runs, options.hyphenate);
  const lines: Line[] = [];
  let current: Word[] = [];
  let currentWidth = 0;
  // A width of nothing (a margin wider than the page) still takes one glyph a line.
  const widthOfLine = (index: number): number => Math.max(1, index === 0 ? options.firstWidth : options.restWidth);
  const widthFor = (): number => widthOfLine(lines.length);
  const finish = (stretch: boolean, fallbackStyle: TextStyle | undefined): void => {
    lines.push(assemble(current, stretch, widthFor(), options, fallbackStyle));
    current = [];
    currentWidth = 0;
  };

  for (const item of items) {
    if (item.kind === 'break') {
      finish(false, item.style);
      continue;
    }
    let word: Word | undefined = item.word;
    while (word) {
      const space: number = current.length > 0 && word.spaceBefore ? spaceWidth(word.spaceBefore, options.fonts) : 0;
      const available: number = widthFor() - currentWidth - space;
      // A very long word is measured and split by its head alone, so that each line costs the same
      // however long the word: when the head does not fit, nothing beyond it can be on this line.
      const { head, rest } = headOf(word, longWord);
      const headWidth = wordWidth(head.fragments, options.fonts);
      const partial: boolean = rest.length > 0 && headWidth > available + 0.01;
      const width = rest.length === 0 || partial ? headWidth : wordWidth(word.fragments, options.fonts);
      if (!partial && width <= available + 0.01) {
        current.push(current.length === 0 ? { ...word, spaceBefore: undefined } : word);
        currentWidth += space + width;
        word = undefined;
        continue;
      }
      const candidate: Word = partial ? head : word;
      const split = splitWord(candidate, available, options.fonts, current.length === 0);
      if (split) {
        current.push(current.length === 0 ? { ...split.head, spaceBefore: undefined } : split.head);
        finish(true, undefined);
        word = { fragments: [...split.tail.fragments, ...(partial ? rest : [])], spaceBefore: undefined };
      } else if (current.length === 0) {
        // Not even one character fits (a line narrower than a letter): set it anyway, overflowing,
        // rather than end line after empty line.
        current.push({ ...candidate, spaceBefore: undefined });
        currentWidth += wordWidth(candidate.fragments, options.fonts);
        word = partial ? { fragments: rest, spaceBefore: undefined } : undefined;
      } else {
        // The word goes to the next line whole. A spaced dash does not begin a line ("(2009 ⏎
        // – 2012)"): the word before it goes along, if it is not the line's only word and the two
        // fit on the next line (a later line can be narrower: a hanging indent).
        const before = current.at(-1);
        const carry =
          current.length > 1 && before !== undefined && startsWithDash(word)
            ? wordWidth(before.fragments, options.fonts) + spaceWidth(word.spaceBefore, options.fonts) + width <= widthOfLine(lines.length + 1) + 0.01
            : false;
        const carried = carry ? current.pop() : undefined;
        finish(true, undefined);
        if (carried) {
          current.push({ ...carried, spaceBefore: undefined });
          currentWidth = wordWidth(carried.fragments, options.fonts);
        } else word = { ...word, spaceBefore: undefined };
      }
    }
  }
  if (current.length > 0) finish(false, undefined);
  return lines;
}

/** An en or em dash after a space: a word that reads as the end of the one before. */
function startsWithDash(word: Word): word is Word & { readonly spaceBefore: TextStyle } {
  return word.spaceBefore !== undefined && /^[\u2013\u2014]/.test(word.fragments[0]?.text ?? '');
}

/** More characters than a line ever holds, except of (nearly) zero-width ones. */
const longWord = 1000;

/** The word's first `length` characters as a word, and the fragments after them (none for a shorter word). */
function headOf(word: Word, length: number): { head: Word; rest: Fragment[] } {
  let left = length;
  for (const [index, fragment] of word.fragments.entries()) {
    if (left <= 0) return { head: { fragments: word.fragments.slice(0, index), spaceBefore: word.spaceBefore }, rest: word.fragments.slice(index) };
    if (fragment.text.length > left) {
      // Not between the halves of a surrogate pair.
      const cut = /[\uD800-\uDBFF]/.test(fragment.text.charAt(left - 1)) ? left + 1 : left;
      if (cut < fragment.text.length) {
        const head = [...word.fragments.slice(0, index), { ...fragment, text: fragment.text.slice(0, cut) }];
        return { head: { fragments: head, spaceBefore: word.spaceBefore }, rest: [{ ...fragment, text: fragment.text.slice(cut) }, ...word.fragments.slice(index + 1)] };
      }
    }
    left -= fragment.text.length;
  }
  return { head: word, rest: [] };
}

function tokenize(runs: readonly InlineRun[], hyphenate: Hyphenator | undefined): Item[] {
  const items: Item[] = [];
  let fragments: Fragment[] = [];
  let spaceBefore: TextStyle | undefined;
  let pendingSpace: TextStyle | undefined;
  const endWord = (): void => {
    if (fragments.length > 0) items.push({ kind: 'word', word: { fragments, spaceBefore } });
    fragments = [];
  };
  for (const run of runs) {
    if (run.kind === 'lineBreak') {
      endWord();
      items.push({ kind: 'break', style: run.style });
      pendingSpace = undefined;
      continue;
    }
    // White space in Markdown text (newlines included) is one space, as in HTML; code keeps its
    // spaces (no-break spaces, so that a code line breaks only where it must, after one).
    // (A tab in code is four spaces: fonts have no glyph for it.)
    const parts = run.style.code ? [run.text.replace(/\t/g, '    ').replace(/ /g, '\u00A0')] : run.text.split(/[ \t\n\r]+/);
    parts.forEach((part, index) => {
      if (index > 0) {
        endWord();
        pendingSpace = run.style;
      }
      if (part === '') return;
      if (fragments.length === 0) {
        spaceBefore = pendingSpace;
        pendingSpace = undefined;
      }
      fragments.push({ text: prepare(part, run.style, hyphenate), style: run.style });
    });
  }
  endWord();
  return items;
}

/** Marks where a piece of a word may break: soft hyphens from the patterns, or silent breaks in URLs. */
function prepare(text: string, style: TextStyle, hyphenate: Hyphenator | undefined): string {
  if (style.url) return text.replace(/([/.\-?&=#_])(?=.)/g, `$1${urlBreak}`);
  // Code may break after a space (a no-break space here), drawing nothing.
  if (style.code) return text.replace(/(\u00A0)(?=[^\u00A0])/g, `$1${urlBreak}`);
  if (style.link || style.code || !hyphenate || unhyphenated.test(text)) return text;
  return text.replace(/\p{L}[\p{L}\u00AD'’]*/gu, (letters) => hyphenate(letters));
}

/** Words never hyphenated: addresses (a scheme, www., an @, a slash inside) and words with digits. */
const unhyphenated = /^[a-z][a-z0-9+.-]*:|^www\.|\S@\S|\S\/\S|\d/i;

function clean(text: string): string {
  return text.replace(invisible, '');
}

function spaceWidth(style: TextStyle, fonts: FontSet): number {
  return fonts.width(style.font, ' ', style.size);
}

function wordWidth(fragments: readonly Fragment[], fonts: FontSet): number {
  let width = 0;
  for (const fragment of fragments) width += fonts.width(fragment.style.font, clean(fragment.text), fragment.style.size);
  return width;
}

/**
 * The longest head of the word that fits in `available`, with a hyphen where it breaks at a soft
 * hyphen. At the start of a line a word wider than the line is cut at any character.
 */
function splitWord(word: Word, available: number, fonts: FontSet, lineIsEmpty: boolean): { head: Word; tail: Word } | undefined {
  const points: { fragment: number; index: number; hyphen: boolean }[] = [];
  word.fragments.forEach((fragment, fragmentIndex) => {
    for (let index = 1; index < fragment.text.length; index += 1) {
      const char = fragment.text[index];
      // Never after a hard hyphen: text extraction could not tell "intra-|party" from a hyphenated word.
      if (char === softHyphen || char === urlBreak) points.push({ fragment: fragmentIndex, index, hyphen: char === softHyphen });
    }
  });
  const cut = (point: { fragment: number; index: number; hyphen: boolean }): { head: Word; tail: Word } => {
    const fragment = word.fragments[point.fragment];
    if (!fragment) throw new Error('A break point outside the word.');
    const headText = fragment.text.slice(0, point.index);
    const tailText = fragment.text.slice(point.index).replace(/^[\u00AD\u200B]/, '');
    const head: Fragment[] = [...word.fragments.slice(0, point.fragment), { ...fragment, text: headText }];
    if (point.hyphen) head.push({ text: '-', style: fragment.style, breakHyphen: true });
    const tail = [{ ...fragment, text: tailText }, ...word.fragments.slice(point.fragment + 1)].filter((piece) => piece.text !== '');
    return { head: { fragments: head, spaceBefore: word.spaceBefore }, tail: { fragments: tail, spaceBefore: undefined } };
  };
  for (let index = points.length - 1; index >= 0; index -= 1) {
    const point = points[index];
    if (!point) continue;
    const pieces = cut(point);
    if (wordWidth(pieces.head.fragments, fonts) <= available + 0.01 && pieces.tail.fragments.length > 0) return pieces;
  }
  if (!lineIsEmpty) return undefined;
  // Wider than a line and no break point fits: cut at the last character that fits (at least one).
  const characters: { fragment: number; index: number }[] = [];
  word.fragments.forEach((fragment, fragmentIndex) => {
    for (let index = 1; index <= fragment.text.length; index += 1) characters.push({ fragment: fragmentIndex, index });
  });
  let best: { head: Word; tail: Word } | undefined;
  for (const point of characters) {
    // Outside URLs the cut is marked like a hyphenation, so that extracted text keeps the word whole.
    const style = word.fragments[point.fragment]?.style;
    const pieces = cut({ ...point, hyphen: style?.url !== true && style?.code !== true });
    if (pieces.tail.fragments.length === 0) break;
    if (best && wordWidth(pieces.head.fragments, fonts) > available) break;
    best = pieces;
  }
  return best;
}

/** Joins a line's words into segments of one style each, with positions, height and baseline. */
function assemble(words: readonly Word[], stretch: boolean, maxWidth: number, options: LineBreakOptions, fallbackStyle: TextStyle | undefined): Line {
  const { fonts } = options;
  const segments: { text: string; style: TextStyle; x: number; width: number; spacesBefore: number; breakHyphen?: boolean }[] = [];
  let x = 0;
  let spaces = 0;
  for (const word of words) {
    if (word.spaceBefore) {
      const last = segments.at(-1);
      const space = spaceWidth(word.spaceBefore, fonts);
      // Drawn as text, so that extracted text has the space: with the text before it, or on its own
      // after a link (whose underline and annotation stop at its last character).
      if (last && (last.style.link === undefined || sameStyle(last.style, word.spaceBefore))) {
        last.text += ' ';
        last.width += space;
      } else if (last) {
        segments.push({ text: ' ', style: word.spaceBefore, x, width: space, spacesBefore: spaces });
      }
      x += space;
      spaces += 1;
    }
    for (const fragment of word.fragments) {
      const text = clean(fragment.text);
      const width = fonts.width(fragment.style.font, text, fragment.style.size);
      const last = segments.at(-1);
      // Never into a space of its own: justified, pdfkit drops a segment's leading space and would
      // draw the text where the space was.
      if (last && !fragment.breakHyphen && !last.breakHyphen && last.text !== ' ' && sameStyle(last.style, fragment.style) && Math.abs(last.x + last.width - x) < 0.001) {
        last.text += text;
        last.width += width;
      } else {
        segments.push({ text, style: fragment.style, x, width, spacesBefore: spaces, ...(fragment.breakHyphen ? { breakHyphen: true } : {}) });
      }
      x += width;
    }
  }
  const styles = segments.length > 0 ? segments.map((segment) => segment.style) : fallbackStyle ? [fallbackStyle] : [];
  let height = 0;
  let baseline = 0;
  for (const style of styles) {
    const metrics = fonts.metrics(style.font);
    const box = style.size * options.lineHeight;
    const ascent = (box - style.size * (metrics.ascent + metrics.descent)) / 2 + style.size * metrics.ascent;
    height = Math.max(height, box);
    baseline = Math.max(baseline, ascent);
  }
  return { segments, width: x, maxWidth, height, baseline, spaces, stretch: stretch && spaces > 0 };
}
