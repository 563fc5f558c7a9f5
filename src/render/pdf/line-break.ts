/**
 * Breaking styled text into lines. Words are measured with the theme's fonts. A word may break at a
 * soft hyphen (drawing a hyphen), after a compound's own hyphen ("Vice-" ⏎ "Ministers’", drawing
 * nothing more), and in a link's URL where the Chicago Manual of Style allows (after `//` and `:`,
 * before `/` `.` `,` `-` `_` `?` `#` `%` `~`, before or after `=` and `&`; drawing nothing, so the
 * punctuation starts the next line).
 *
 * Justified text is set a paragraph at a time (total fit, total-fit.ts): first without hyphenation,
 * then with it, then with looser spaces. A paragraph that cannot be set without spaces looser than
 * that (a narrow measure) is set ragged right instead, and one that cannot be set at all that way (a
 * word wider than the line) is set first fit, as other text is: a word that does not fit goes to the
 * next line or is split at its last break that fits, and only a word longer than a whole line is cut
 * anywhere. Every way keeps the same rules: at most two hyphenated lines in a row, a spaced dash
 * never begins a line, and lines the caller names (a page's last) never end in a hyphen.
 *
 * Lines know their height and baseline, so pagination can place them without drawing anything.
 */
import LineBreaker from 'linebreak';
import type { FontSet } from './fonts.js';
import { hyphenatorFor, softHyphen, type Hyphenator } from './hyphenate.js';
import { sameStyle, type InlineRun, type TextStyle } from './inline.js';
import { infinitePenalty, totalFit, type Item } from './total-fit.js';

/** A break opportunity typed in the text, which draws nothing. */
const zeroWidthSpace = '\u200B';

/** A run of one style on a line. `spacesBefore` counts the line's word spaces before it, for justification. */
export interface Segment {
  readonly text: string;
  /** The hyphen drawn where a word breaks at a soft hyphen: tagged so that text extraction drops it. */
  readonly breakHyphen?: boolean;
  /** A compound's own hyphen ending the line: tagged so that text extraction keeps it and joins the lines. */
  readonly compoundHyphen?: boolean;
  /** A URL's (or path's) piece ending the line where it breaks, outside a link (whose element carries its text whole): tagged so that text extraction joins the lines. */
  readonly urlBreak?: boolean;
  readonly style: TextStyle;
  /** From the line's start, before justification. */
  readonly x: number;
  readonly width: number;
  readonly spacesBefore: number;
  /**
   * Set at its own `x`, a column of its own (a contents entry's page number): never reordered with
   * the line's right-to-left words, however the line's text runs into it.
   */
  readonly column?: boolean;
}

export interface Line {
  readonly segments: readonly Segment[];
  /** Natural width of the text (wider than `maxWidth` when a justified line's spaces shrink). */
  readonly width: number;
  /** The width the line was broken for. */
  readonly maxWidth: number;
  readonly height: number;
  /** From the line's top. */
  readonly baseline: number;
  /** Word spaces between the first and last character, which justification widens (or narrows). */
  readonly spaces: number;
  /** Whether justification sets the line to its full width: not a paragraph's last line, a line ended by a hard break, nor a ragged line. */
  readonly stretch: boolean;
  /**
   * How much wider (or, below 0, narrower) the line's glyphs are drawn than their natural width, as a
   * fraction (0.01: one per cent): glyph expansion, which takes part of a justified line's slack so
   * that its spaces stretch less. 0 but on justified lines.
   */
  readonly expansion: number;
}

/**
 * How a line is justified: its glyphs scaled by `scale` (1 + its expansion), and `wordSpacing`
 * added to each word space before that scaling (a PDF's horizontal scaling scales the spaces too),
 * so that the line fills its width exactly. Unjustified lines: scale 1, nothing added.
 */
export function justification(line: Line): { readonly scale: number; readonly wordSpacing: number } {
  const scale = 1 + line.expansion;
  if (!line.stretch || line.spaces === 0) return { scale, wordSpacing: 0 };
  return { scale, wordSpacing: (line.maxWidth / scale - line.width) / line.spaces };
}

export interface LineBreakOptions {
  readonly fonts: FontSet;
  /** A multiple of the largest font size on the line. */
  readonly lineHeight: number;
  readonly firstWidth: number;
  readonly restWidth: number;
  readonly hyphenate?: Hyphenator;
  /** Justified text: set a paragraph at a time, ragged right where that cannot be done well. */
  readonly justify?: boolean;
  /** 0-based indices of lines that must not end in a hyphen. */
  readonly unhyphenatedLines?: ReadonlySet<number>;
}

/** How a paragraph was set. */
export type Setting = 'justified' | 'ragged' | 'first fit';

export interface Paragraph {
  readonly lines: Line[];
  readonly setting: Setting;
  /**
   * The same text set again the same way, with the lines of these indices kept from ending in a
   * hyphen (the paginator's: the last line of a page); none when it cannot be set so.
   */
  readonly rebreak: (unhyphenatedLines: ReadonlySet<number>) => Line[] | undefined;
}

interface Fragment {
  readonly text: string;
  readonly style: TextStyle;
  readonly breakHyphen?: boolean;
  readonly compoundHyphen?: boolean;
  readonly urlBreak?: boolean;
}

/**
 * Where a word may break, `at` characters into it: `hyphen` draws a hyphen (a soft hyphen),
 * `compound` is just after the word's own hyphen, `silent` draws nothing (URLs, code, a typed U+200B).
 */
interface BreakPoint {
  readonly at: number;
  readonly kind: 'hyphen' | 'compound' | 'silent';
}

/** A word: fragments with no space between them (a word can change style midway), and where it may break. */
interface Word {
  readonly fragments: readonly Fragment[];
  readonly spaceBefore: TextStyle | undefined;
  readonly breaks: readonly BreakPoint[];
}

type Token = { readonly kind: 'word'; readonly word: Word } | { readonly kind: 'break'; readonly style: TextStyle };

/** At most this many lines in a row end in a hyphen. */
const maxHyphensInRow = 2;

export function breakLines(runs: readonly InlineRun[], options: LineBreakOptions): Line[] {
  return breakParagraph(runs, options).lines;
}

export function breakParagraph(runs: readonly InlineRun[], options: LineBreakOptions): Paragraph {
  const first = setRuns(runs, options, options.unhyphenatedLines ?? noLines, undefined);
  const setting = first?.setting ?? 'first fit';
  return {
    lines: first?.lines ?? [],
    setting,
    // Measured again when asked (seldom): kept words and items made every block live longer, and
    // the garbage collector paid for them.
    rebreak: (unhyphenatedLines) => setRuns(runs, options, unhyphenatedLines, setting)?.lines,
  };
}

function setRuns(runs: readonly InlineRun[], options: LineBreakOptions, unhyphenated: ReadonlySet<number>, only: Setting | undefined): { lines: Line[]; setting: Setting } | undefined {
  const tokens = tokenize(runs, options.hyphenate);
  // Measured once, for every pass.
  const parts = options.justify ? measuredParts(tokens, options.fonts) : undefined;
  return setParagraph(tokens, parts, options, unhyphenated, only);
}

const noLines: ReadonlySet<number> = new Set();

/** Whether the line ends in a hyphen, drawn at a break or the word's own. */
export function endsWithHyphen(line: Line): boolean {
  const last = line.segments.at(-1);
  return last?.breakHyphen === true || last?.compoundHyphen === true;
}

/** The paragraph set the best way it can be (or the way asked for, if it can be). */
function setParagraph(tokens: readonly Token[], parts: readonly Part[] | undefined, options: LineBreakOptions, unhyphenated: ReadonlySet<number>, only: Setting | undefined): { lines: Line[]; setting: Setting } | undefined {
  if (parts) {
    for (const setting of ['justified', 'ragged'] as const) {
      if (only !== undefined && only !== setting) continue;
      const lines = totalFitLines(parts, options, unhyphenated, setting);
      if (lines) return { lines, setting };
    }
  }
  if (only !== undefined && only !== 'first fit') return undefined;
  return { lines: firstFit(tokens, options, unhyphenated), setting: 'first fit' };
}

// —— Words and where they may break ——

function tokenize(runs: readonly InlineRun[], hyphenate: Hyphenator | undefined): Token[] {
  const tokens: Token[] = [];
  let fragments: Fragment[] = [];
  let spaceBefore: TextStyle | undefined;
  let pendingSpace: TextStyle | undefined;
  const endWord = (): void => {
    if (fragments.length > 0) {
      const word = makeWord(fragments, spaceBefore, hyphenate);
      if (word.fragments.length > 0) tokens.push({ kind: 'word', word });
    }
    fragments = [];
  };
  for (const run of runs) {
    if (run.kind === 'lineBreak') {
      endWord();
      tokens.push({ kind: 'break', style: run.style });
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
      fragments.push({ text: part, style: run.style });
    });
  }
  endWord();
  return tokens;
}

/** Words never hyphenated: addresses (a scheme, www., an @, a slash inside) and words with digits. */
const unhyphenated = /^[a-z][a-z0-9+.-]*:|^www\.|\S@\S|\S\/\S|\d/i;

/** The word's text without soft hyphens and zero-width spaces, and where it may break. */
function makeWord(raw: readonly Fragment[], spaceBefore: TextStyle | undefined, hyphenate: Hyphenator | undefined): Word {
  const fragments: Fragment[] = [];
  const breaks: BreakPoint[] = [];
  let length = 0;
  for (const fragment of raw) {
    let text = fragment.text;
    if (typedBreak.test(text)) {
      text = '';
      for (const character of fragment.text) {
        // A soft hyphen or zero-width space typed in the text: a break of its own, never drawn.
        if (character === softHyphen || character === zeroWidthSpace) breaks.push({ at: length + text.length, kind: character === softHyphen ? 'hyphen' : 'silent' });
        else text += character;
      }
    }
    if (text === '') continue;
    if (fragment.style.url) for (const at of urlBreaks(text)) breaks.push({ at: length + at, kind: 'silent' });
    // Code may break after a space (a no-break space here).
    else if (fragment.style.code) for (const match of text.matchAll(/\u00A0(?=[^\u00A0])/g)) breaks.push({ at: length + match.index + 1, kind: 'silent' });
    fragments.push(text === fragment.text ? fragment : { text, style: fragment.style });
    length += text.length;
  }
  const whole = fragments.length === 1 && fragments[0] ? fragments[0].text : fragments.map((fragment) => fragment.text).join('');
  // Chinese, Japanese and Korean words break between their characters as UAX #14 allows (not before
  // a closing mark, not after an opening one), with nothing drawn, and are never hyphenated.
  const eastAsianText = eastAsian.test(whole);
  if (eastAsianText) breaks.push(...eastAsianBreaks(whole));
  // A word marked as another language is hyphenated by that language's patterns (none where there are none).
  const language = fragments.find((fragment) => letterPattern.test(fragment.text))?.style.lang;
  const hyphenateWord = hyphenate && language !== undefined ? hyphenatorFor(language) : hyphenate;
  // URLs, link text and code are never hyphenated.
  if (hyphenateWord && !eastAsianText && !fragments.some(unhyphenatedStyle)) {
    if (!unhyphenated.test(whole)) {
      const points = hyphenationBreaks(whole, hyphenateWord);
      // Most words have no other breaks, and theirs are in order.
      if (breaks.length === 0) return { fragments, spaceBefore, breaks: points };
      breaks.push(...points);
    }
  }
  if (breaks.length === 0) return { fragments, spaceBefore, breaks };
  breaks.sort((a, b) => a.at - b.at);
  const unique = breaks.filter((point, index) => point.at > 0 && point.at < length && point.at !== breaks[index - 1]?.at);
  return { fragments, spaceBefore, breaks: unique };
}

const typedBreak = /[\u00AD\u200B]/;

const letterPattern = /\p{L}/u;

const eastAsian = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;

const hangul = /\p{Script=Hangul}/u;

/**
 * The line-break opportunities inside a word by UAX #14 (the `linebreak` package, which pdfkit uses
 * too), but none between two Hangul syllables: Korean puts spaces between its words and is set
 * breaking there only (CSS's `word-break: keep-all`), so a line never ends inside a Korean word
 * (which a reader would then read as two).
 */
function eastAsianBreaks(text: string): BreakPoint[] {
  const points: BreakPoint[] = [];
  const breaker = new LineBreaker(text);
  for (let found = breaker.nextBreak(); found; found = breaker.nextBreak()) {
    const at = found.position;
    if (at > 0 && at < text.length && !(hangul.test(text.charAt(at - 1)) && hangul.test(text.charAt(at)))) points.push({ at, kind: 'silent' });
  }
  return points;
}

function unhyphenatedStyle(fragment: Fragment): boolean {
  return fragment.style.link !== undefined || fragment.style.code === true;
}

/** Each hyphenator's breaks by word: the same words come back in every paragraph and chapter. */
const knownBreaks = new WeakMap<Hyphenator, Map<string, readonly BreakPoint[]>>();

/** More words than a build of a few hundred chapters has; past it the memory starts again. */
const rememberedWords = 100_000;

function hyphenationBreaks(text: string, hyphenate: Hyphenator): readonly BreakPoint[] {
  let known = knownBreaks.get(hyphenate);
  if (!known) {
    known = new Map();
    knownBreaks.set(hyphenate, known);
  }
  let points = known.get(text);
  if (points === undefined) {
    points = findHyphenationBreaks(text, hyphenate);
    if (known.size >= rememberedWords) known.clear();
    known.set(text, points);
  }
  return points;
}

/** The patterns' soft hyphens, and the place after a compound's own hyphen with enough letters on each side. */
function findHyphenationBreaks(text: string, hyphenate: Hyphenator): BreakPoint[] {
  const points: BreakPoint[] = [];
  const marked = hyphenate(text);
  for (let index = marked.indexOf(softHyphen); index >= 0; index = marked.indexOf(softHyphen, index + 1)) points.push({ at: index - points.length, kind: 'hyphen' });
  // The patterns add soft hyphens and nothing else; if they changed the word, none of theirs is used.
  if (marked.length - points.length !== text.length) points.length = 0;
  if (!/[-\u2010]/.test(text)) return points;
  // The parts on either side of the hyphen count, as a reader sees them: not "government-to-" ⏎.
  const { minBefore, minAfter } = hyphenate.rules;
  const parts = text.split(/[-\u2010]/);
  let at = 0;
  parts.forEach((part, index) => {
    at += part.length + 1;
    const next = parts[index + 1];
    if (next !== undefined && letterCount(part) >= minBefore && letterCount(next) >= minAfter && /\p{L}$/u.test(part) && /^\p{L}/u.test(next)) points.push({ at, kind: 'compound' });
  });
  return points;
}

function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

/**
 * Where a URL may break, as the Chicago Manual of Style says: after a double slash or a colon; before
 * a single slash, a full stop, a comma, a hyphen, an underscore, a question mark, a number sign, a
 * percent sign or a tilde; before or after an equals sign or an ampersand. ("https:" ⏎ "//" is not
 * one: the break after the double slash is.)
 */
function urlBreaks(text: string): number[] {
  const points: number[] = [];
  for (let index = 1; index < text.length; index += 1) {
    const before = text.charAt(index - 1);
    const here = text.charAt(index);
    const afterDoubleSlash = before === '/' && text.charAt(index - 2) === '/' && here !== '/';
    const afterColon = before === ':' && here !== '/';
    const beforeSlash = here === '/' && before !== '/' && before !== ':' && text.charAt(index + 1) !== '/';
    const beforePunctuation = '.,-_?#%~=&'.includes(here) && !'.,-_?#%~=&/'.includes(before);
    const afterJoiner = '=&'.includes(before);
    if (afterDoubleSlash || afterColon || beforeSlash || beforePunctuation || afterJoiner) points.push(index);
  }
  return points;
}

function wordLength(word: Word): number {
  let length = 0;
  for (const fragment of word.fragments) length += fragment.text.length;
  return length;
}

/** Characters `from` to `to` of a word, with the breaks among them. */
function sliceWord(word: Word, from: number, to: number, spaceBefore: TextStyle | undefined): Word {
  const fragments: Fragment[] = [];
  let offset = 0;
  for (const fragment of word.fragments) {
    const start = Math.max(from, offset);
    const end = Math.min(to, offset + fragment.text.length);
    if (start < end) fragments.push(start === offset && end === offset + fragment.text.length ? fragment : { ...fragment, text: fragment.text.slice(start - offset, end - offset) });
    offset += fragment.text.length;
  }
  const breaks = word.breaks.filter((point) => point.at > from && point.at < to).map((point) => (from === 0 ? point : { ...point, at: point.at - from }));
  return { fragments, spaceBefore, breaks };
}

function characterAt(word: Word, index: number): string {
  let offset = 0;
  for (const fragment of word.fragments) {
    if (index < offset + fragment.text.length) return fragment.text.charAt(index - offset);
    offset += fragment.text.length;
  }
  return '';
}

/** One word after another, as one word (a long word's pieces put together again). */
function joinWords(head: Word, tail: Word): Word {
  const length = wordLength(head);
  return { fragments: [...head.fragments, ...tail.fragments], spaceBefore: head.spaceBefore, breaks: [...head.breaks, ...tail.breaks.map((point) => ({ ...point, at: point.at + length }))] };
}

/** The word broken at a break point: the head with the hyphen it draws (or its own hyphen marked), and the tail. */
function cutWord(word: Word, point: BreakPoint): { head: Word; tail: Word } {
  const head = sliceWord(word, 0, point.at, word.spaceBefore);
  const tail = sliceWord(word, point.at, wordLength(word), undefined);
  const last = head.fragments.at(-1);
  // A URL broken outside a link (a path in a table's cell): its piece before the break is marked, as a compound's hyphen is.
  if (last && point.kind === 'silent' && last.style.url === true && last.style.link === undefined) return { head: { ...head, fragments: [...head.fragments.slice(0, -1), { ...last, urlBreak: true }] }, tail };
  if (!last || point.kind === 'silent') return { head, tail };
  if (point.kind === 'hyphen') return { head: { ...head, fragments: [...head.fragments, { text: '-', style: last.style, breakHyphen: true }] }, tail };
  // The compound's own hyphen, as a fragment of its own: it is tagged when drawn.
  const fragments = head.fragments.slice(0, -1);
  if (last.text.length > 1) fragments.push({ ...last, text: last.text.slice(0, -1) });
  fragments.push({ ...last, text: last.text.slice(-1), compoundHyphen: true });
  return { head: { ...head, fragments }, tail };
}

function spaceWidth(style: TextStyle, fonts: FontSet): number {
  return fonts.width(style.font, ' ', style.size);
}

/** The width of characters `from` to `to` of a word. */
function rangeWidth(word: Word, from: number, to: number, fonts: FontSet): number {
  let width = 0;
  let offset = 0;
  for (const fragment of word.fragments) {
    const start = Math.max(from, offset);
    const end = Math.min(to, offset + fragment.text.length);
    if (start < end) width += fonts.width(fragment.style.font, start === offset && end === offset + fragment.text.length ? fragment.text : fragment.text.slice(start - offset, end - offset), fragment.style.size);
    offset += fragment.text.length;
  }
  return width;
}

/** The style of a word's character. */
function styleAt(word: Word, index: number): TextStyle | undefined {
  let offset = 0;
  for (const fragment of word.fragments) {
    if (index < offset + fragment.text.length) return fragment.style;
    offset += fragment.text.length;
  }
  return undefined;
}

function wordWidth(fragments: readonly Fragment[], fonts: FontSet): number {
  let width = 0;
  for (const fragment of fragments) width += fonts.width(fragment.style.font, fragment.text, fragment.style.size);
  return width;
}

/** An en or em dash after a space: a word that reads as the end of the one before. */
function startsWithDash(word: Word): word is Word & { readonly spaceBefore: TextStyle } {
  const first = word.fragments[0]?.text.charCodeAt(0);
  return word.spaceBefore !== undefined && (first === 0x2013 || first === 0x2014);
}

/** A width of nothing (a margin wider than the page) still takes one glyph a line. */
function widthOfLine(options: LineBreakOptions, index: number): number {
  return Math.max(1, index === 0 ? options.firstWidth : options.restWidth);
}

// —— Total fit ——

/**
 * A word space stretches by half its width at a ratio of 1 (further in looser lines), and shrinks
 * by a fifth at most: TeX's fonts shrink by a third, but the spaces of a justified line are drawn as
 * gaps, not space glyphs, and a gap much under 0.2 em reads as no space to text extraction (pdfminer).
 */
const spaceStretch = 0.5;
const spaceShrink = 0.2;

/**
 * Glyph expansion (pdfTeX's font expansion, drawn as the PDF's horizontal scaling of a line's text):
 * a justified line's glyphs may be drawn up to 2 % wider or 1.5 % narrower, which the eye does not
 * see, so that its spaces stretch and shrink less. It takes its share of a line's slack in
 * proportion to its reach, as the spaces do, and at most its limit.
 */
const glyphStretch = 0.02;
const glyphShrink = 0.015;

/**
 * Text whose glyphs may be expanded: scripts that pdfkit sets glyph after glyph without marks placed
 * on others (it places those at their unscaled offsets). A paragraph with any other character is not expanded.
 */
const expandableText = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]*$/u;

/**
 * The passes for justified text: without hyphenation if the lines can be decent that way (TeX's
 * \pretolerance 100), with it (\tolerance 200), then with spaces up to 2.3 times their width
 * (a badness of 1800, ratio 2.6), and last with an emergency stretch (TeX's \emergencystretch):
 * each line counted as if it could stretch two ems more, which spreads a paragraph's looseness over
 * its lines instead of leaving it all on the one or two lines that no break can tighten (long
 * words, names that are not hyphenated, at most two hyphens in a row). Each pass's lines are kept
 * only if no line's spaces are more than twice the paragraph's median space (`evenlySpaced`);
 * looser than that, the paragraph is set ragged right. Without the last pass two ordinary
 * paragraphs of the sample at the theme's measure were set ragged among justified ones.
 */
const passes = [
  { hyphenate: false, tolerance: 100, expand: true },
  { hyphenate: true, tolerance: 200, expand: true },
  // Without glyph expansion in the breaker's reckoning, which at a ratio over 1 would leave the
  // spaces more than the 2.3 times (the glyphs stop at their limit); the lines still get it drawn.
  { hyphenate: true, tolerance: 1800, expand: false },
  { hyphenate: true, tolerance: 1800, expand: true, emergencyStretchEms: 2 },
] as const;

interface Pass {
  readonly hyphenate: boolean;
  readonly tolerance: number;
  readonly expand: boolean;
  /** Stretch every line is counted as having besides its own, in ems of the text's size (not drawn: the reckoning only). */
  readonly emergencyStretchEms?: number;
}

const raggedPass: Pass = { hyphenate: true, tolerance: infinitePenalty, expand: false };

/**
 * What each break costs (TeX's \hyphenpenalty and \exhyphenpenalty); a break in a URL or code,
 * nothing more than a line. Ragged right needs few hyphens: a short line costs little there.
 */
const penalties = {
  justified: { hyphen: 50, compound: 50, silent: 0 },
  ragged: { hyphen: 500, compound: 200, silent: 0 },
} as const;

/** Ragged right: a line may end short by about three ems before it counts as loose. */
const raggedStretchEms = 3;

/** More characters than a line ever holds: a word with such a piece is left to first fit, which measures it a line at a time. */
const longWord = 1000;

/** The words between two hard breaks (or the paragraph's ends), as items for the total-fit breaker. */
interface Part {
  readonly words: readonly Word[];
  /** The style of the hard break that ends the part, if one does. */
  readonly end: TextStyle | undefined;
  /** Boxes, spaces and breaks, as justified text has them; none when a piece is too long to measure at once. */
  readonly items: readonly Item[] | undefined;
  /** For each space and break item, the word it is before or inside (-1 for boxes). */
  readonly placeWords: readonly number[];
  /** For each break item inside a word, where in it. */
  readonly placePoints: readonly (BreakPoint | undefined)[];
  /** Whether any break is a hyphenation. */
  readonly hyphenation: boolean;
  /** Whether its glyphs may be expanded (`glyphStretch`): every word in a script that allows it. */
  readonly expandable: boolean;
}

function measuredParts(tokens: readonly Token[], fonts: FontSet): Part[] {
  const parts: Part[] = [];
  let words: Word[] = [];
  for (const token of tokens) {
    if (token.kind === 'word') {
      words.push(token.word);
      continue;
    }
    parts.push(measure(words, token.style, fonts));
    words = [];
  }
  if (words.length > 0) parts.push(measure(words, undefined, fonts));
  return parts;
}

function measure(words: readonly Word[], end: TextStyle | undefined, fonts: FontSet): Part {
  const items: Item[] = [];
  const placeWords: number[] = [];
  const placePoints: (BreakPoint | undefined)[] = [];
  let hyphenation = false;
  const costs = penalties.justified;
  const expandable = words.every((word) => word.fragments.every((fragment) => expandableText.test(fragment.text)));
  const box = (width: number): Item => (expandable ? { kind: 'box', width, stretch: width * glyphStretch, shrink: width * glyphShrink } : { kind: 'box', width });
  // Items never change: spaces of one width share one.
  const spaces = new Map<number, Item>();
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (!word) continue;
    if (index > 0 && word.spaceBefore) {
      const width = spaceWidth(word.spaceBefore, fonts);
      // A spaced dash never begins a line: the word before it goes along.
      const unbreakable = startsWithDash(word);
      let space = unbreakable ? undefined : spaces.get(width);
      if (!space) {
        space = { kind: 'glue', width, stretch: width * spaceStretch, shrink: width * spaceShrink, ...(unbreakable ? { unbreakable } : {}) };
        if (!unbreakable) spaces.set(width, space);
      }
      items.push(space);
      placeWords.push(index);
      placePoints.push(undefined);
    }
    let from = 0;
    const length = wordLength(word);
    for (let at = 0; at <= word.breaks.length; at += 1) {
      const point = word.breaks[at];
      const to = point?.at ?? length;
      if (to - from > longWord) return { words, end, items: undefined, placeWords, placePoints, hyphenation: false, expandable: false };
      items.push(box(from === 0 && to === length ? wordWidth(word.fragments, fonts) : rangeWidth(word, from, to, fonts)));
      placeWords.push(-1);
      placePoints.push(undefined);
      if (!point) break;
      const style = point.kind === 'hyphen' ? styleAt(word, to - 1) : undefined;
      hyphenation ||= point.kind === 'hyphen';
      items.push({ kind: 'penalty', width: style ? fonts.width(style.font, '-', style.size) : 0, penalty: costs[point.kind], flagged: point.kind !== 'silent', ...(point.kind === 'hyphen' ? { hyphenation: true } : {}) });
      placeWords.push(index);
      placePoints.push(point);
      from = to;
    }
  }
  return { words, end, items, placeWords, placePoints, hyphenation, expandable };
}

/** Items with boxes of fixed width (no glyph expansion). */
function unexpanded(items: readonly Item[]): Item[] {
  return items.map((item): Item => (item.kind === 'box' ? { kind: 'box', width: item.width } : item));
}

/** A part's items for ragged right: fixed word spaces and glyphs (no expansion), and hyphens dear. */
function raggedItems(part: Part, items: readonly Item[]): Item[] {
  return unexpanded(items).map((item, index): Item => {
    if (item.kind === 'glue') return { ...item, stretch: 0, shrink: 0 };
    const point = part.placePoints[index];
    return item.kind === 'penalty' && point ? { ...item, penalty: penalties.ragged[point.kind] } : item;
  });
}

/** The paragraph set total fit, justified or ragged right, part by part; none when it cannot be set so. */
function totalFitLines(parts: readonly Part[], options: LineBreakOptions, unhyphenated: ReadonlySet<number>, setting: 'justified' | 'ragged'): Line[] | undefined {
  const lines: Line[] = [];
  // A hard break ends the lines before it as a paragraph's end does: each part is set on its own.
  for (const part of parts) {
    if (part.words.length === 0) {
      lines.push(assemble([], false, widthOfLine(options, lines.length), options, part.end));
      continue;
    }
    const set = setPart(part, lines.length, options, unhyphenated, setting);
    if (!set) return undefined;
    lines.push(...set);
  }
  return setting === 'ragged' || evenlySpaced(lines, options.fonts) ? lines : undefined;
}

/**
 * The widest a word space may be drawn in the emergency pass, as a multiple of its natural width
 * (the passes before it: 2.3, a ratio of 2.6). The sample's two paragraphs that no other pass could
 * set needed 2.66 and 2.84.
 */
const emergencySpace = 3;

/** The widest word space of the justified lines, as a multiple of its natural width. */
function widestSpace(lines: readonly Line[], fonts: FontSet): number {
  let widest = 1;
  for (const line of lines) {
    if (!line.stretch || line.spaces === 0) continue;
    const { scale, wordSpacing } = justification(line);
    for (const segment of line.segments) {
      if (!segment.text.includes(' ')) continue;
      const space = spaceWidth(segment.style, fonts);
      widest = Math.max(widest, ((space + wordSpacing) * scale) / space);
    }
  }
  return widest;
}

/** A justified line's word spaces looser than this many times the paragraph's median space make it ragged. */
const loosestSpace = 2;

/**
 * Whether no line's word spaces, as justified, are wider than twice the paragraph's median space
 * (lines holding a URL aside: a URL breaks at few places, and such a line may have to be loose).
 */
function evenlySpaced(lines: readonly Line[], fonts: FontSet): boolean {
  const spaces: number[] = [];
  let loosest = 0;
  for (const line of lines) {
    if (line.spaces === 0) continue;
    const { scale, wordSpacing } = justification(line);
    let widest = 0;
    for (const segment of line.segments) {
      let count = 0;
      for (let at = segment.text.indexOf(' '); at >= 0; at = segment.text.indexOf(' ', at + 1)) count += 1;
      if (count === 0) continue;
      const space = (spaceWidth(segment.style, fonts) + wordSpacing) * scale;
      for (let index = 0; index < count; index += 1) spaces.push(space);
      widest = Math.max(widest, space);
    }
    if (!line.segments.some((segment) => segment.style.url === true)) loosest = Math.max(loosest, widest);
  }
  if (spaces.length === 0) return true;
  spaces.sort((a, b) => a - b);
  const middle = spaces.length / 2;
  const median = spaces.length % 2 === 1 ? (spaces[Math.floor(middle)] ?? 0) : ((spaces[middle - 1] ?? 0) + (spaces[middle] ?? 0)) / 2;
  return loosest <= loosestSpace * median + 0.01;
}

function setPart(part: Part, firstLine: number, options: LineBreakOptions, unhyphenated: ReadonlySet<number>, setting: 'justified' | 'ragged'): Line[] | undefined {
  if (!part.items) return undefined;
  const lineWidth = (line: number): number => widthOfLine(options, firstLine + line);
  const unhyphenatedLines = unhyphenated.size === 0 ? noLines : new Set([...unhyphenated].filter((line) => line >= firstLine).map((line) => line - firstLine));
  const size = part.words[0]?.fragments[0]?.style.size ?? 10;
  const tries: readonly Pass[] = setting === 'ragged' ? [raggedPass] : passes;
  for (const pass of tries) {
    // With no place to hyphenate, the pass without hyphenation is the next one with less tolerance.
    if (!pass.hyphenate && !part.hyphenation) continue;
    const items = setting === 'ragged' ? raggedItems(part, part.items) : pass.expand || !part.expandable ? part.items : unexpanded(part.items);
    const fit = totalFit(items, {
      lineWidth,
      tolerance: pass.tolerance,
      hyphenate: pass.hyphenate,
      maxHyphensInRow,
      unhyphenatedLines,
      ...(setting === 'ragged' ? { lineStretch: raggedStretchEms * size } : pass.emergencyStretchEms === undefined ? {} : { lineStretch: pass.emergencyStretchEms * size }),
    });
    if (!fit) continue;
    const lines = linesAt(part, fit.breaks, firstLine, options, setting === 'justified');
    if (setting === 'ragged') return lines;
    // Lines too unevenly spaced: the next pass may spread them better. The emergency pass's lines
    // are kept only if no space is wider than `emergencySpace` times its own width.
    if (evenlySpaced(lines, options.fonts) && (pass.emergencyStretchEms === undefined || widestSpace(lines, options.fonts) <= emergencySpace + 0.001)) return lines;
  }
  return undefined;
}

/** The lines that the breaks make of the words. */
function linesAt(part: Part, breaks: readonly number[], firstLine: number, options: LineBreakOptions, justified: boolean): Line[] {
  const { words } = part;
  const lines: Line[] = [];
  let word = 0;
  let at = 0;
  breaks.forEach((position, index) => {
    const last = index === breaks.length - 1;
    const placeWord = last ? -1 : (part.placeWords[position] ?? -1);
    const place = placeWord < 0 ? undefined : { word: placeWord, point: part.placePoints[position] };
    const lineWords: Word[] = [];
    const endWord = place ? place.word : words.length;
    for (let current = word; current < endWord; current += 1) {
      const whole = words[current];
      if (!whole) continue;
      const piece = current === word && at > 0 ? sliceWord(whole, at, wordLength(whole), undefined) : whole;
      lineWords.push(current === word ? { ...piece, spaceBefore: undefined } : piece);
    }
    if (place?.point) {
      // A break inside the word: its head ends the line, its tail begins the next.
      const whole = words[place.word];
      if (whole) {
        const start = place.word === word ? at : 0;
        const rest = start > 0 ? sliceWord(whole, start, wordLength(whole), undefined) : whole;
        const { head } = cutWord(rest, { ...place.point, at: place.point.at - start });
        lineWords.push(place.word === word ? { ...head, spaceBefore: undefined } : head);
      }
      at = place.point.at;
    } else at = 0;
    word = endWord;
    const maxWidth = widthOfLine(options, firstLine + lines.length);
    const assembled = assemble(lineWords, justified && !last, maxWidth, options, undefined);
    // A last line whose spaces had to shrink is set to the full width too.
    const line = justified && last && assembled.width > maxWidth ? { ...assembled, stretch: assembled.spaces > 0 } : assembled;
    lines.push(part.expandable && line.stretch ? { ...line, expansion: expansionOf(line, options.fonts) } : line);
  });
  return lines;
}

/**
 * A justified line's glyph expansion: its glyphs' share of the line's slack, as the total-fit breaker
 * counted it (their reach against the spaces'), at most their limit; the spaces take the rest.
 */
function expansionOf(line: Line, fonts: FontSet): number {
  let spaces = 0;
  for (const segment of line.segments) {
    for (let at = segment.text.indexOf(' '); at >= 0; at = segment.text.indexOf(' ', at + 1)) spaces += spaceWidth(segment.style, fonts);
  }
  const glyphs = line.width - spaces;
  const slack = line.maxWidth - line.width;
  if (slack >= 0) return Math.min(1, slack / (spaces * spaceStretch + glyphs * glyphStretch)) * glyphStretch;
  return Math.max(-1, slack / (spaces * spaceShrink + glyphs * glyphShrink)) * glyphShrink;
}

// —— First fit ——

function firstFit(tokens: readonly Token[], options: LineBreakOptions, unhyphenated: ReadonlySet<number>): Line[] {
  const lines: Line[] = [];
  const { fonts } = options;
  let current: Word[] = [];
  let currentWidth = 0;
  let hyphensInRow = 0;
  const widthFor = (): number => widthOfLine(options, lines.length);
  const finish = (stretch: boolean, fallbackStyle: TextStyle | undefined): void => {
    const line = assemble(current, stretch, widthFor(), options, fallbackStyle);
    hyphensInRow = endsWithHyphen(line) ? hyphensInRow + 1 : 0;
    lines.push(line);
    current = [];
    currentWidth = 0;
  };

  for (const token of tokens) {
    if (token.kind === 'break') {
      finish(false, token.style);
      continue;
    }
    let word: Word | undefined = token.word;
    while (word) {
      const space: number = current.length > 0 && word.spaceBefore ? spaceWidth(word.spaceBefore, fonts) : 0;
      const available: number = widthFor() - currentWidth - space;
      // A very long word is measured and split by its head alone, so that each line costs the same
      // however long the word: when the head does not fit, nothing beyond it can be on this line.
      const { head, rest } = headOf(word, longWord);
      const headWidth = wordWidth(head.fragments, fonts);
      const partial: boolean = rest !== undefined && headWidth > available + 0.01;
      const width = rest === undefined || partial ? headWidth : wordWidth(word.fragments, fonts);
      if (!partial && width <= available + 0.01) {
        current.push(current.length === 0 ? { ...word, spaceBefore: undefined } : word);
        currentWidth += space + width;
        word = undefined;
        continue;
      }
      const candidate: Word = partial ? head : word;
      const hyphenAllowed = hyphensInRow < maxHyphensInRow && !unhyphenated.has(lines.length);
      const split = splitWord(candidate, available, fonts, current.length === 0, hyphenAllowed);
      if (split) {
        current.push(current.length === 0 ? { ...split.head, spaceBefore: undefined } : split.head);
        finish(true, undefined);
        word = partial && rest ? joinWords(split.tail, rest) : split.tail;
      } else if (current.length === 0) {
        // Not even one character fits (a line narrower than a letter): set it anyway, overflowing,
        // rather than end line after empty line.
        current.push({ ...candidate, spaceBefore: undefined });
        currentWidth += wordWidth(candidate.fragments, fonts);
        word = partial ? rest : undefined;
      } else {
        // The word goes to the next line whole. A spaced dash does not begin a line ("(2009 ⏎
        // – 2012)"): the word before it goes along, if it is not the line's only word and the two
        // fit on the next line (a later line can be narrower: a hanging indent).
        const before = current.at(-1);
        const carry =
          current.length > 1 && before !== undefined && startsWithDash(word)
            ? wordWidth(before.fragments, fonts) + spaceWidth(word.spaceBefore, fonts) + width <= widthOfLine(options, lines.length + 1) + 0.01
            : false;
        const carried = carry ? current.pop() : undefined;
        finish(true, undefined);
        if (carried) {
          current.push({ ...carried, spaceBefore: undefined });
          currentWidth = wordWidth(carried.fragments, fonts);
        } else word = { ...word, spaceBefore: undefined };
      }
    }
  }
  if (current.length > 0) finish(false, undefined);
  return lines;
}

/** The word's first `length` characters as a word, and the rest (none for a shorter word). */
function headOf(word: Word, length: number): { head: Word; rest: Word | undefined } {
  const total = wordLength(word);
  if (total <= length) return { head: word, rest: undefined };
  // Not between the halves of a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(characterAt(word, length - 1)) ? length + 1 : length;
  if (cut >= total) return { head: word, rest: undefined };
  return { head: sliceWord(word, 0, cut, word.spaceBefore), rest: sliceWord(word, cut, total, undefined) };
}

/**
 * The longest head of the word that fits in `available`, cut at one of its breaks (only silent ones
 * when no hyphen may end the line). At the start of a line a word wider than the line is cut at any
 * character.
 */
function splitWord(word: Word, available: number, fonts: FontSet, lineIsEmpty: boolean, hyphenAllowed: boolean): { head: Word; tail: Word } | undefined {
  for (let index = word.breaks.length - 1; index >= 0; index -= 1) {
    const point = word.breaks[index];
    if (!point || (!hyphenAllowed && point.kind !== 'silent')) continue;
    const pieces = cutWord(word, point);
    if (wordWidth(pieces.head.fragments, fonts) <= available + 0.01 && pieces.tail.fragments.length > 0) return pieces;
  }
  if (!lineIsEmpty) return undefined;
  // Wider than a line and no break fits: cut at the last character that fits (at least one).
  const length = wordLength(word);
  let best: { head: Word; tail: Word } | undefined;
  let offset = 0;
  for (const fragment of word.fragments) {
    // Outside URLs and code the cut is marked like a hyphenation, so that extracted text keeps the word whole.
    const kind = fragment.style.url === true || fragment.style.code === true ? 'silent' : 'hyphen';
    for (let index = 1; index <= fragment.text.length; index += 1) {
      const at = offset + index;
      if (at >= length) return best;
      // Not between the halves of a surrogate pair.
      if (/[\uD800-\uDBFF]/.test(fragment.text.charAt(index - 1))) continue;
      const pieces = cutWord(word, { at, kind });
      if (best && wordWidth(pieces.head.fragments, fonts) > available) return best;
      best = pieces;
    }
    offset += fragment.text.length;
  }
  return best;
}

// —— Lines ——

/** Joins a line's words into segments of one style each, with positions, height and baseline. */
function assemble(words: readonly Word[], stretch: boolean, maxWidth: number, options: LineBreakOptions, fallbackStyle: TextStyle | undefined): Line {
  const { fonts } = options;
  const segments: { text: string; style: TextStyle; x: number; width: number; spacesBefore: number; breakHyphen?: boolean; compoundHyphen?: boolean; urlBreak?: boolean }[] = [];
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
      const { text } = fragment;
      const width = fonts.width(fragment.style.font, text, fragment.style.size);
      const last = segments.at(-1);
      const marked = fragment.breakHyphen === true || fragment.compoundHyphen === true || fragment.urlBreak === true;
      // Never into a space of its own: justified, pdfkit drops a segment's leading space and would
      // draw the text where the space was.
      if (last && !marked && last.breakHyphen !== true && last.compoundHyphen !== true && last.urlBreak !== true && last.text !== ' ' && sameStyle(last.style, fragment.style) && Math.abs(last.x + last.width - x) < 0.001) {
        last.text += text;
        last.width += width;
      } else {
        segments.push({ text, style: fragment.style, x, width, spacesBefore: spaces, ...(fragment.breakHyphen ? { breakHyphen: true } : {}), ...(fragment.compoundHyphen ? { compoundHyphen: true } : {}), ...(fragment.urlBreak ? { urlBreak: true } : {}) });
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
  return { segments, width: x, maxWidth, height, baseline, spaces, stretch: stretch && spaces > 0, expansion: 0 };
}
