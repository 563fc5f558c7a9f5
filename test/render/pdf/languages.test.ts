/**
 * Words marked as another language are hyphenated by that language's patterns: Polish words in a
 * `lang: 'pl'` run break where Polish patterns allow (and English would not), the same words without
 * a language break by the paragraph's English, and a language without patterns is not hyphenated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import { hyphenatorFor, softHyphen } from '../../../src/render/pdf/hyphenate.js';
import type { InlineRun, TextStyle } from '../../../src/render/pdf/inline.js';
import { breakLines, type Line } from '../../../src/render/pdf/line-break.js';
import { hyphenated, lineText, reading, themeFonts } from '../../support/lines.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await themeFonts();
});

const body: TextStyle = { font: 'body-regular', size: 10.5, colour: '#000000' };
const polishWords = ['odpowiedzialności', 'międzyresortowej', 'konstytucyjnego', 'współpracy'];
const polishText = `${polishWords.join(' ')} `.repeat(3).trim();

/** The words' prefixes a hyphenator allows a line to end with ("odpo" of "odpowiedzialności"). */
function allowedPrefixes(language: string): Set<string> {
  const prefixes = new Set<string>();
  for (const word of polishWords) {
    const pieces = hyphenatorFor(language)(word).split(softHyphen);
    for (let end = 1; end < pieces.length; end += 1) prefixes.add(pieces.slice(0, end).join(''));
  }
  return prefixes;
}

/** What each hyphenated line ends with before its hyphen: the start of a broken word. */
function brokenPrefixes(lines: readonly Line[]): string[] {
  return lines.filter(hyphenated).map((line) => lineText(line).replace(/-$/, '').split(' ').at(-1) ?? '');
}

/** Two words a line, and room for the longest whole (so every break is a hyphenation, not a word cut anywhere). */
const measure = 150;

function setAt(width: number, run: InlineRun): Line[] {
  return breakLines([run], { fonts, lineHeight: 1.4, firstWidth: width, restWidth: width, hyphenate: hyphenatorFor('en-US'), justify: true });
}

describe('hyphenation by the language of a span', () => {
  it('breaks Polish words by Polish patterns at a narrow measure, where English patterns would not', () => {
    const polish = allowedPrefixes('pl');
    const english = allowedPrefixes('en-US');
    const lines = setAt(measure, { kind: 'text', text: polishText, style: { ...body, lang: 'pl' } });
    expect(reading(lines)).toBe(polishText);
    const prefixes = brokenPrefixes(lines);
    expect(prefixes.length).toBeGreaterThan(1);
    for (const prefix of prefixes) expect(polish, prefix).toContain(prefix);
    // At least one break only Polish allows, such as "między-resortowej" (English: "międzyre-sortowej").
    expect(prefixes.some((prefix) => !english.has(prefix))).toBe(true);
  });

  it('breaks the same words by the paragraph’s English patterns when no language is marked', () => {
    const english = allowedPrefixes('en-US');
    const lines = setAt(measure, { kind: 'text', text: polishText, style: body });
    const prefixes = brokenPrefixes(lines);
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) expect(english, prefix).toContain(prefix);
  });

  it('does not hyphenate a language the patterns do not cover, rather than use English', () => {
    const lines = setAt(measure, { kind: 'text', text: polishText, style: { ...body, lang: 'ja-Latn' } });
    expect(reading(lines)).toBe(polishText);
    expect(lines.filter((line) => line.segments.some((segment) => segment.breakHyphen === true))).toEqual([]);
  });
});
