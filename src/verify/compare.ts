/**
 * Comparing one edition with what the report tree says: each unit of text must appear, in order,
 * and the structure counts must match. A difference names the edition, the unit's place in the
 * source and the first words that differ.
 */
import { aroundWord, type ExpectedChapter, type ExpectedChart, type TextUnit } from './expected.js';
import { normaliseText, type ChartReading, type EditionText, type StructureCounts } from './extract/edition-text.js';

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
  noteCalls: 'footnote calls',
  notes: 'footnotes',
  citationLinks: 'citation links to a reference list entry',
};

export function compareEdition(edition: EditionName, expected: ExpectedChapter, actual: EditionText): Disagreement[] {
  const differences: Disagreement[] = [];
  let missing = 0;
  let cursor = 0;
  let lastMatched = '';
  const between: Gap[] = [];
  const needles = normalisedUnits(expected);
  let previous = -1;
  for (const [index, unit] of expected.units.entries()) {
    const needle = needles[index] ?? '';
    const at = findWhole(actual.text, needle, cursor);
    if (at >= 0) {
      between.push({ text: actual.text.slice(cursor, at), before: previous, lastMatched });
      cursor = at + needle.length;
      lastMatched = needle;
      previous = index;
      continue;
    }
    missing += 1;
    // Only the first differences are described (describing one reads ahead in the text).
    if (differences.length < reportLimit) differences.push({ edition, unit, message: describeDifference(edition, unit, needle, actual.text, cursor, lastMatched) });
  }
  between.push({ text: actual.text.slice(cursor), before: previous, lastMatched });
  // Once every unit is found, what is left between them must be labels: anything else was added or repeated.
  const added = missing === 0 ? firstAddedText(edition, expected, between) : undefined;
  if (added) differences.push(added);
  const shown = [...differences];
  const last = shown.at(-1);
  if (last && missing > reportLimit) {
    shown[shown.length - 1] = { ...last, message: `${last.message} (and ${String(missing - reportLimit)} more differences in the ${edition} edition)` };
  }
  const contents = contentsDifference(edition, expected.contents, actual.contents);
  if (contents) shown.push({ edition, message: contents });
  const notes = notesDifference(edition, expected.notes, actual.notes ?? '');
  if (notes) shown.push({ edition, message: notes });
  shown.push(...chartDifferences(edition, expected.charts, actual.charts ?? []));
  // The reader's own findings (a contents entry naming another heading): few, always reported.
  for (const problem of actual.problems ?? []) shown.push({ edition, message: problem });
  // Counts are few and say what kind of thing went missing: always reported.
  for (const key of Object.keys(countNames) as (keyof StructureCounts)[]) {
    if (actual.counts[key] !== expected.counts[key]) {
      shown.push({ edition, message: `The ${edition} edition has ${String(actual.counts[key])} ${countNames[key]}; the source has ${String(expected.counts[key])}.` });
    }
  }
  return shown;
}

/** How far a bar's length may stray from its score's share of the scale (a two-hundredth of the axis): the drawing's rounding, never a point of a score. */
const barTolerance = 0.005;

function percent(fraction: number): string {
  return `${String(Math.round(fraction * 1000) / 10)} %`;
}

/**
 * How an edition's charts differ from what the source says (each chart's first difference): one
 * missing or added, an alternative text or drawn words that say other numbers, a bar whose length
 * against its track is not its score's share of the scale.
 */
export function chartDifferences(edition: EditionName, expected: readonly ExpectedChart[], actual: readonly ChartReading[]): Disagreement[] {
  const found: Disagreement[] = [];
  const at = (chart: ExpectedChart): Pick<Disagreement, 'unit'> => ({ unit: { kind: 'chart caption', text: chart.caption, position: chart.position, ...(chart.chapter === undefined ? {} : { chapter: chart.chapter }) } });
  if (actual.length !== expected.length) {
    found.push({ edition, message: `The ${edition} edition draws ${String(actual.length)} ${actual.length === 1 ? 'chart' : 'charts'}; the source has ${String(expected.length)}.` });
  }
  expected.slice(0, actual.length).forEach((chart, index) => {
    const read = actual[index];
    if (!read) return;
    const name = `The ${edition} edition's chart “${chart.caption}”`;
    if (read.alt !== chart.alt) {
      found.push({ edition, ...at(chart), message: `${name} has the alternative text “${read.alt}”; the source says “${chart.alt}”.` });
      return;
    }
    if (read.text !== chart.text) {
      found.push({ edition, ...at(chart), message: `${name} draws the words “${read.text}”; the source says “${chart.text}”.` });
      return;
    }
    if (read.bars.length !== chart.bars.length) {
      found.push({ edition, ...at(chart), message: `${name} draws ${String(read.bars.length)} bars; the source has ${String(chart.bars.length)}.` });
      return;
    }
    const wrong = chart.bars.findIndex((bar, place) => {
      const length = read.bars[place];
      return length === undefined || !(Math.abs(length - bar.fraction) <= barTolerance);
    });
    const bar = chart.bars[wrong];
    if (bar) found.push({ edition, ...at(chart), message: `${name} draws the bar of “${bar.label}” at ${percent(read.bars[wrong] ?? 0)} of its scale; its value, ${bar.valueText}, is ${percent(bar.fraction)}.` });
  });
  return found;
}

/** How an edition's contents list differs from the entries the source gives it (the first difference), if it does. */
function contentsDifference(edition: EditionName, expected: readonly string[], actual: readonly string[] | undefined): string | undefined {
  if (expected.length === 0) return actual && actual.length > 0 ? `The ${edition} edition has a contents list (“${actual[0] ?? ''}”, …) where the source gives none.` : undefined;
  if (actual === undefined) return `The ${edition} edition has no contents list; the source lists “${expected[0] ?? ''}” first.`;
  const at = expected.findIndex((entry, index) => actual[index] !== entry);
  if (at >= 0) {
    const found = actual[at];
    return found === undefined ? `The ${edition} edition's contents list stops before “${expected[at] ?? ''}”.` : `The ${edition} edition's contents list has “${found}” where the source has “${expected[at] ?? ''}”.`;
  }
  const extra = actual[expected.length];
  return extra === undefined ? undefined : `The ${edition} edition's contents list has “${extra}” after its last entry, “${expected.at(-1) ?? ''}”.`;
}

/** How an edition's footnotes differ from the source's (the first words that do), if they do. */
function notesDifference(edition: EditionName, expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  const wanted = expected === '' ? [] : expected.split(' ');
  const got = actual === '' ? [] : actual.split(' ');
  let index = 0;
  while (index < wanted.length && wanted[index] === got[index]) index += 1;
  const before = wanted.slice(Math.max(0, index - 4), index).join(' ');
  const where = before === '' ? 'at the start' : `after “${visible(before)}”`;
  return `The ${edition} edition's footnotes differ from the source's: ${where} the source has “${visible(wanted.slice(index, index + 8).join(' '))}”, the ${edition} edition “${visible(got.slice(index, index + 8).join(' '))}”.`;
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

/** Text of the edition between two units found in order (or before the first, or after the last). */
interface Gap {
  readonly text: string;
  /** The index of the unit before it, -1 at the start. */
  readonly before: number;
  /** The text of the unit before, as found. */
  readonly lastMatched: string;
}

/**
 * The first text between the units that is not a label: a paragraph drawn twice, the tail of one
 * drawn again after a page break, a rank repeated, text no source has. The units account for all of
 * an edition's text but its labels (`ExpectedChapter.labelWords`), so any other word is one too many.
 * Pointed at the unit it repeats — the nearest one before it with that text, else after — or,
 * for text no unit has, at the unit it follows.
 */
function firstAddedText(edition: EditionName, expected: ExpectedChapter, between: readonly Gap[]): Disagreement | undefined {
  for (const gap of between) {
    const gapWords = gap.text.trim().split(' ');
    const first = gapWords.findIndex((word) => {
      const bare = word.replace(aroundWord, '');
      return bare !== '' && !expected.labelWords.has(bare);
    });
    if (first < 0) continue;
    const extra = gapWords.slice(first).join(' ');
    const texts = normalisedUnits(expected);
    const run = gapWords.slice(first, first + 4).join(' ');
    const repeated = findWhole(texts.join(' '), run, 0) >= 0;
    const holds = (index: number): boolean => findWhole(texts[index] ?? '', run, 0) >= 0;
    const earlier = Array.from({ length: gap.before + 1 }, (_, offset) => gap.before - offset).find(holds);
    const later = earlier === undefined ? Array.from({ length: texts.length - gap.before - 1 }, (_, offset) => gap.before + 1 + offset).find(holds) : undefined;
    const unit = expected.units[(repeated ? (earlier ?? later) : undefined) ?? Math.max(gap.before, 0)];
    const after = gap.lastMatched === '' ? 'the start' : `“${lastWords(gap.lastMatched, quotedWords)}”`;
    return {
      edition,
      ...(unit ? { unit } : {}),
      message: `The ${edition} edition ${repeated ? 'repeats text' : 'has text the source does not have'}: after ${visible(after)} it has “${visible(words(extra, 0, 10))}”${repeated ? ' again' : ''}.`,
    };
  }
  return undefined;
}

/** How many words of the text before a difference are quoted. */
const quotedWords = 6;

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
