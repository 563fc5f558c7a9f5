/**
 * Paragraphs already broken into lines, kept by a renderer across its documents: the same text is
 * set again and again — the codebook's questions and rubrics in every country's chapter, each
 * chapter once more in its country's report (and, under `build --watch`, each report's unedited
 * chapters at every edit). Breaking a paragraph (shaping, total fit) is most of laying out a page.
 *
 * A paragraph's lines depend on its runs' text and styles and on the measure, not on where its
 * links lead or which number its notes have: a book names its destinations after the chapter
 * (`coordination--ref-…`) and numbers notes through the book. So the key leaves link targets and
 * note numbers out, keeping only which runs share a style, a link or a note (what decides how runs
 * join into segments); a paragraph found here gets the lines with its own runs' styles.
 */
import type { InlineRun, TextStyle } from './inline.js';
import { breakParagraph, type Line, type LineBreakOptions, type Paragraph } from './line-break.js';

export interface ParagraphMemo {
  /** `breakParagraph(runs, options)`, from the memo when the same paragraph was set the same way before. */
  breakParagraph(runs: readonly InlineRun[], options: LineBreakOptions): Paragraph;
  /** How many paragraphs were found, and how many set (for the tests and the bench). */
  readonly counts: { readonly found: number; readonly set: number };
}

interface Kept {
  readonly paragraph: Paragraph;
  /** The styles of the runs it was set from, by run. */
  readonly styles: readonly TextStyle[];
  /** Roughly what keeping it costs, in bytes: see `weightOf`. */
  readonly weight: number;
}

export interface ParagraphMemoLimits {
  /** Paragraphs kept at most. */
  readonly paragraphs?: number;
  /** Their estimated size at most, in bytes (`weightOf`): a few long paragraphs count for many short ones. */
  readonly bytes?: number;
}

/**
 * A country's chapters (200 to 400 paragraphs each, some 6.6 KB a paragraph as measured) and the
 * codebook's texts, in some 16 MB of a worker's 256 MB heap; the least recently used go first. The
 * worker left alone with the largest chapter (pool.ts) keeps no more: a chapter that fits a fresh
 * heap fits one holding the memo too.
 */
const defaultLimits = { paragraphs: 3_000, bytes: 16_000_000 } as const;

export function createParagraphMemo(limits: ParagraphMemoLimits = {}): ParagraphMemo {
  const most = { ...defaultLimits, ...limits };
  const kept = new Map<string, Kept>();
  let weight = 0;
  const identities = new Identities();
  const counts = { found: 0, set: 0 };
  return {
    counts,
    breakParagraph(runs, options) {
      const key = paragraphKey(runs, options, identities);
      const known = kept.get(key);
      if (known) {
        const restyled = restyle(known, runs);
        if (restyled) {
          // Most recently used last: the first entry is the one to let go.
          kept.delete(key);
          kept.set(key, known);
          counts.found += 1;
          return restyled;
        }
      }
      const paragraph = breakParagraph(runs, options);
      counts.set += 1;
      const entry = { paragraph, styles: runs.map((piece) => piece.style), weight: weightOf(key, paragraph.lines) };
      // A kept paragraph whose lines could not be restyled (never expected) is replaced.
      if (known) weight -= known.weight;
      kept.delete(key);
      kept.set(key, entry);
      weight += entry.weight;
      for (const [oldKey, old] of kept) {
        if (kept.size <= most.paragraphs && weight <= most.bytes) break;
        kept.delete(oldKey);
        weight -= old.weight;
      }
      return paragraph;
    },
  };
}

/**
 * What keeping a paragraph costs, roughly, in bytes: its key and the runs its `rebreak` holds (the
 * text twice over, two bytes a character at most), and its lines and their segments.
 */
function weightOf(key: string, lines: readonly Line[]): number {
  const segments = lines.reduce((sum, line) => sum + line.segments.length, 0);
  return 4 * key.length + 100 * lines.length + 150 * segments;
}

/** Small numbers for objects a key names by identity (the fonts, a hyphenator), without keeping them alive. */
class Identities {
  private readonly numbers = new WeakMap<object, number>();
  private next = 0;

  of(value: object): number {
    const known = this.numbers.get(value);
    if (known !== undefined) return known;
    this.next += 1;
    this.numbers.set(value, this.next);
    return this.next;
  }
}

/** The kept paragraph's lines in these runs' styles; none if a line holds a style no run had (never expected: then the paragraph is set anew). */
function restyle(known: Kept, runs: readonly InlineRun[]): Paragraph | undefined {
  const styles = new Map<TextStyle, TextStyle>();
  known.styles.forEach((style, index) => {
    const now = runs[index]?.style;
    if (now) styles.set(style, now);
  });
  const lines = restyledLines(known.paragraph.lines, styles);
  if (!lines) return undefined;
  return {
    lines,
    setting: known.paragraph.setting,
    rebreak: (unhyphenated) => {
      const again = known.paragraph.rebreak(unhyphenated);
      return again && restyledLines(again, styles);
    },
  };
}

function restyledLines(lines: readonly Line[], styles: ReadonlyMap<TextStyle, TextStyle>): Line[] | undefined {
  const restyled: Line[] = [];
  for (const line of lines) {
    const segments = [];
    for (const segment of line.segments) {
      const style = styles.get(segment.style);
      if (!style) return undefined;
      segments.push({ ...segment, style });
    }
    restyled.push({ ...line, segments });
  }
  return restyled;
}

/**
 * How each field of a style enters a paragraph's key: by its value, or (a link, a note) by which run
 * had it first. Every field is listed, so that a field added to TextStyle cannot compile until it is
 * (a field left out of the key would hand one paragraph another's lines).
 */
const styleKey: { readonly [Field in keyof Required<TextStyle>]: 'value' | 'shared' } = {
  font: 'value',
  size: 'value',
  colour: 'value',
  link: 'shared',
  underline: 'value',
  url: 'value',
  code: 'value',
  actual: 'value',
  rise: 'value',
  note: 'shared',
  lang: 'value',
  synthetic: 'value',
};
const styleFields = Object.keys(styleKey) as (keyof TextStyle)[];
const sharedFields = styleFields.filter((field) => styleKey[field] === 'shared');

/** A style field's value in a key; objects (a link) enter by identity, as shared fields. */
function valueKey(value: TextStyle[keyof TextStyle]): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return `${String(value.length)}:${value}`;
  if (typeof value === 'object') throw new Error('A style field holding an object enters a paragraph’s key as shared (styleKey).');
  return String(value);
}

/**
 * What a paragraph's lines depend on: the fonts, the measure, the line height, justification, the
 * hyphenation patterns; each run's kind, text and style but for its link's target and note's number, and which
 * earlier run has the same style object, link object and note number.
 */
function paragraphKey(runs: readonly InlineRun[], options: LineBreakOptions, identities: Identities): string {
  // The fonts by identity: a memo shared by renderers of other themes never hands one another's lines.
  const fonts = identities.of(options.fonts);
  const hyphenator = options.hyphenate ? identities.of(options.hyphenate) : 0;
  const unhyphenated = options.unhyphenatedLines ? [...options.unhyphenatedLines].join(',') : '';
  const parts: (string | number)[] = [fonts, options.firstWidth, options.restWidth, options.lineHeight, options.justify === true ? 1 : 0, hyphenator, unhyphenated];
  const styles = new Map<TextStyle, number>();
  // Per shared field (a link, a note): its values by the order runs first had them.
  const shared = new Map(sharedFields.map((field) => [field, new Map<unknown, number>()]));
  const indexOf = <Value>(map: Map<Value, number>, value: Value | undefined): number => {
    if (value === undefined) return -1;
    const known = map.get(value);
    if (known !== undefined) return known;
    map.set(value, map.size);
    return map.size - 1;
  };
  for (const piece of runs) {
    const { style } = piece;
    parts.push(piece.kind === 'text' ? `t${String(piece.text.length)}:${piece.text}` : 'b', indexOf(styles, style));
    for (const field of styleFields) {
      const value = style[field];
      const seen = shared.get(field);
      parts.push(seen ? indexOf(seen, value) : valueKey(value));
    }
  }
  // Texts carry their length: no text, whatever it holds, can pass for other fields.
  return parts.join('\u0000');
}
