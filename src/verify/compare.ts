/**
 * Comparing one edition with what the report tree says: each unit of text must appear, in order,
 * and the structure counts must match. A difference names the edition, the unit's place in the
 * source and the first words that differ.
 */
import type { ExpectedChapter, StructureCounts, TextUnit } from './expected.js';
import { normaliseText, type EditionText } from './extract/edition-text.js';

export type EditionName = 'HTML' | 'PDF' | 'DOCX';

export interface Disagreement {
  readonly edition: EditionName;
  /** The unit that is missing or different; none for a count. */
  readonly unit?: TextUnit;
  readonly message: string;
}

/** At most this many differences of text per edition are reported; the first ones lead to the cause. */
const reportLimit = 5;

const countNames: Readonly<Record<keyof StructureCounts, string>> = {
  questions: 'questions',
  rubricTables: 'rubric tables',
  citations: 'bibliography entries',
  links: 'links',
};

export function compareEdition(edition: EditionName, expected: ExpectedChapter, actual: EditionText): Disagreement[] {
  const differences: Disagreement[] = [];
  let missing = 0;
  let cursor = 0;
  let lastMatched = '';
  // The text between the units found: labels ("Question:"), a title page's publisher — and text a renderer repeated.
  const between: { readonly text: string; readonly after: string }[] = [];
  const needles = normalisedUnits(expected);
  for (const [index, unit] of expected.units.entries()) {
    const needle = needles[index] ?? '';
    const at = findWhole(actual.text, needle, cursor);
    if (at >= 0) {
      between.push({ text: actual.text.slice(cursor, at), after: lastMatched });
      cursor = at + needle.length;
      lastMatched = needle;
      continue;
    }
    missing += 1;
    // Only the first differences are described (describing one reads ahead in the text).
    if (differences.length < reportLimit) differences.push({ edition, unit, message: describeDifference(edition, unit, needle, actual.text, cursor, lastMatched) });
  }
  between.push({ text: actual.text.slice(cursor), after: lastMatched });
  const repeated = missing === 0 ? firstRepetition(edition, expected, between) : undefined;
  if (repeated) differences.push(repeated);
  const shown = [...differences];
  const last = shown.at(-1);
  if (last && missing > reportLimit) {
    shown[shown.length - 1] = { ...last, message: `${last.message} (and ${String(missing - reportLimit)} more differences in the ${edition} edition)` };
  }
  // Counts are few and say what kind of thing went missing: always reported.
  for (const key of Object.keys(countNames) as (keyof StructureCounts)[]) {
    if (actual.counts[key] !== expected.counts[key]) {
      shown.push({ edition, message: `The ${edition} edition has ${String(actual.counts[key])} ${countNames[key]}; the source has ${String(expected.counts[key])}.` });
    }
  }
  return shown;
}

/** Each unit's text normalised, once per chapter: each of its editions is compared with them. */
const normalised = new WeakMap<ExpectedChapter, readonly string[]>();

function normalisedUnits(expected: ExpectedChapter): readonly string[] {
  let texts = normalised.get(expected);
  if (!texts) {
    texts = expected.units.map((unit) => normaliseText(unit.text));
    normalised.set(expected, texts);
  }
  return texts;
}

/** A run of this many words of the source's text, met again between the units, is a repetition (labels are shorter). */
const repeatedWords = 6;

/**
 * Text the edition has twice where the source has it once: a paragraph drawn again, the tail of
 * one drawn again after a page break. Found between the units (each unit was found once, in
 * order): a run of `repeatedWords` words there that the source's text also has. Pointed at the unit
 * whose text it repeats.
 */
function firstRepetition(edition: EditionName, expected: ExpectedChapter, between: readonly { readonly text: string; readonly after: string }[]): Disagreement | undefined {
  const unitTexts = normalisedUnits(expected);
  const sourceText = unitTexts.join(' ');
  for (const gap of between) {
    const gapWords = gap.text.trim().split(' ');
    for (let start = 0; start + repeatedWords <= gapWords.length; start += 1) {
      const run = gapWords.slice(start, start + repeatedWords).join(' ');
      if (findWhole(sourceText, run, 0) < 0) continue;
      const index = unitTexts.findIndex((text) => findWhole(text, run, 0) >= 0);
      const unit = expected.units[index];
      const after = gap.after === '' ? 'the start' : `“${lastWords(gap.after, 6)}”`;
      return { edition, ...(unit ? { unit } : {}), message: `The ${edition} edition repeats text of this ${unit?.kind ?? 'chapter'}: after ${visible(after)} it has “${visible(words(gapWords.slice(start).join(' '), 0, 10))}” again.` };
    }
  }
  return undefined;
}

/**
 * Where `needle` stands in `text` from `from` on as whole words: "Rank 1" is not found in "Rank 12".
 * -1 when it does not.
 */
function findWhole(text: string, needle: string, from: number): number {
  const wordy = /[\p{L}\p{N}]/u;
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + needle.length);
    const startsWordy = wordy.test(needle.charAt(0));
    const endsWordy = wordy.test(needle.charAt(needle.length - 1));
    if ((!startsWordy || !wordy.test(before)) && (!endsWordy || !wordy.test(after))) return at;
  }
  return -1;
}

/** Text as quoted in a message: control characters shown by their code, so that a difference in them is visible. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F]/g, (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A window of text to quote from: enough for a few words, never the whole rest of a long edition. */
const window = 400;

function words(text: string, from: number, count: number): string {
  return text.slice(from, from + window).split(' ').slice(0, count).join(' ');
}

function lastWords(text: string, count: number): string {
  return text.split(' ').slice(-count).join(' ');
}

function describeDifference(edition: EditionName, unit: TextUnit, needle: string, text: string, cursor: number, lastMatched: string): string {
  const expectedWords = needle.split(' ');
  // Where the unit starts in the edition, if its first words are there: then find the first word that differs.
  const start = text.indexOf(expectedWords.slice(0, 4).join(' '), cursor);
  if (start >= 0) {
    const actualWords = text.slice(start, start + needle.length + window).split(' ');
    let index = 0;
    while (index < expectedWords.length && actualWords[index] === expectedWords[index]) index += 1;
    const before = expectedWords.slice(Math.max(0, index - 4), index).join(' ');
    const wanted = expectedWords.slice(index, index + 8).join(' ');
    const got = actualWords.slice(index, index + 8).join(' ');
    return `The ${edition} edition differs in this ${unit.kind}: after “${visible(before)}” the source has “${visible(wanted)}”, the ${edition} edition “${visible(got)}”.`;
  }
  const after = lastMatched === '' ? 'the start' : `“${lastWords(lastMatched, 6)}”`;
  return `The ${edition} edition lacks this ${unit.kind}, which starts “${visible(words(needle, 0, 10))}”; after ${visible(after)} it has “${visible(words(text, cursor, 10).trim())}”.`;
}
