/** What the agreement check reads from an edition: its text in reading order, its structure counts and its contents list's entries. */

/** What the editions must agree on beyond words. */
export interface StructureCounts {
  readonly questions: number;
  readonly rubricTables: number;
  readonly citations: number;
  readonly links: number;
  /** Calls of footnotes in the text, and the footnotes. */
  readonly noteCalls: number;
  readonly notes: number;
  /** In-text citations' links, each to an entry of the reference list that is there (one leading nowhere is not counted). */
  readonly citationLinks: number;
}

/** A chart as an edition's reader gets it back: its alternative text, its drawn words, and each bar's length as a share of its track. */
export interface ChartReading {
  /** The alternative text (the SVG's aria-label, the PDF Figure's /Alt, the DOCX image's description), normalised. */
  readonly alt: string;
  /** The words drawn in the chart, bar by bar (label, then value), normalised. */
  readonly text: string;
  /** Each bar's length divided by its track's (the whole scale), in order. */
  readonly bars: readonly number[];
}

export interface EditionText {
  /** The content's text in reading order, without running heads, page numbers, contents lists, footnotes and their calls. */
  readonly text: string;
  /** The footnotes' text, one note after another (wherever the edition puts them), without their numbers. */
  readonly notes?: string;
  readonly counts: StructureCounts;
  /** The entries of the edition's contents list, in order, without page numbers; none if it has no list. */
  readonly contents?: readonly string[];
  /** What the reader found wrong in the edition's own furniture (an HTML contents entry linking to another heading, a PDF entry without its page number), as messages. */
  readonly problems?: readonly string[];
  /** The charts, in reading order (their captions are in `text`; their words and alternative text are not). */
  readonly charts?: readonly ChartReading[];
  /** Glyphs drawn as the font's empty box (.notdef): a reader sees a box where the text layer has a character. */
  readonly boxes?: number;
  /** Glyphs drawn outside the page (a PDF): no reader sees them, whatever an actual text over them says. */
  readonly offPage?: number;
}

/**
 * Only what is legitimately different between editions is normalised: white space (line breaks,
 * tabs, no-break spaces), soft hyphens and zero-width spaces, typographic ligatures (ﬁ → fi),
 * Unicode composition (NFC). Everything else — quotes, dashes, ellipses — must be the same.
 */
export function normaliseText(text: string): string {
  const latin = !beyondLatinAndPunctuation.test(text);
  const composed = latin ? text : text.replace(/[\uFB00-\uFB06]/g, (ligature) => ligature.normalize('NFKC')).normalize('NFC');
  // A soft hyphen joins the pieces of a word, whatever white space a reader put after it (a line
  // end); zero-width spaces and joiners go too.
  const joined = composed.replace(/\u00AD\s*|[\u200B\u2060\uFEFF]/g, '');
  // Chinese and Japanese put no spaces between words: white space there is a line end. (A match
  // starts at a CJK character, not at every position behind a look-behind: some 60 % of the time.)
  const spaced = latin ? joined : joined.replace(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF])/gu, '$1');
  return spaced.replace(/\s+/g, ' ').trim();
}

/**
 * Text of characters below U+0300 and of General Punctuation (past U+2000 and U+2001, which NFC
 * turns into U+2002 and U+2003) only: no ligature to unfold, nothing NFC changes, no Chinese or
 * Japanese. Most of an edition in a Latin script is, and skips those passes (each scans the whole
 * text: the check reads some 90 MB of text in a build of the generated edition).
 */
const beyondLatinAndPunctuation = /[\u0300-\u2001\u2070-\uFFFF]/;
