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
  let cursor = 0;
  let lastMatched = '';
  for (const unit of expected.units) {
    const needle = normaliseText(unit.text);
    const at = actual.text.indexOf(needle, cursor);
    if (at >= 0) {
      cursor = at + needle.length;
      lastMatched = needle;
      continue;
    }
    differences.push({ edition, unit, message: describeDifference(edition, unit, needle, actual.text, cursor, lastMatched) });
  }
  const shown = differences.slice(0, reportLimit);
  const last = shown.at(-1);
  if (last && differences.length > reportLimit) {
    shown[shown.length - 1] = { ...last, message: `${last.message} (and ${String(differences.length - reportLimit)} more differences in the ${edition} edition)` };
  }
  // Counts are few and say what kind of thing went missing: always reported.
  for (const key of Object.keys(countNames) as (keyof StructureCounts)[]) {
    if (actual.counts[key] !== expected.counts[key]) {
      shown.push({ edition, message: `The ${edition} edition has ${String(actual.counts[key])} ${countNames[key]}; the source has ${String(expected.counts[key])}.` });
    }
  }
  return shown;
}

function words(text: string, from: number, count: number): string {
  return text.slice(from).split(' ').slice(0, count).join(' ');
}

function lastWords(text: string, count: number): string {
  return text.split(' ').slice(-count).join(' ');
}

function describeDifference(edition: EditionName, unit: TextUnit, needle: string, text: string, cursor: number, lastMatched: string): string {
  const expectedWords = needle.split(' ');
  // Where the unit starts in the edition, if its first words are there: then find the first word that differs.
  const start = text.indexOf(expectedWords.slice(0, 4).join(' '), cursor);
  if (start >= 0) {
    const actualWords = text.slice(start).split(' ');
    let index = 0;
    while (index < expectedWords.length && actualWords[index] === expectedWords[index]) index += 1;
    const before = expectedWords.slice(Math.max(0, index - 4), index).join(' ');
    const wanted = expectedWords.slice(index, index + 8).join(' ');
    const got = actualWords.slice(index, index + 8).join(' ');
    return `The ${edition} edition differs in this ${unit.kind}: after “${before}” the source has “${wanted}”, the ${edition} edition “${got}”.`;
  }
  const after = lastMatched === '' ? 'the start' : `“${lastWords(lastMatched, 6)}”`;
  return `The ${edition} edition lacks this ${unit.kind}, which starts “${words(needle, 0, 10)}”; after ${after} it has “${words(text, cursor, 10).trim()}”.`;
}
