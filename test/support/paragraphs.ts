/**
 * Generated paragraphs for the line breaker's property tests (fast tier and test/e2e/), and the
 * checks issue 15 asks of every justified paragraph.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FontSet } from '../../src/render/pdf/fonts.js';
import type { InlineRun, TextStyle } from '../../src/render/pdf/inline.js';
import type { Line, Paragraph } from '../../src/render/pdf/line-break.js';
import { hyphenated, letters, lineText, longestHyphenRun, median, reading, wordGaps } from './lines.js';

export interface GeneratedParagraph {
  readonly runs: readonly InlineRun[];
  /** The text as a reader reads it: words joined by single spaces. */
  readonly text: string;
}

const common = [
  'the', 'of', 'and', 'to', 'in', 'a', 'is', 'by', 'for', 'on', 'with', 'as', 'are', 'which', 'their', 'has', 'been', 'its', 'also', 'not',
  'policy', 'ministries', 'government', 'coordination', 'council', 'national', 'local', 'reform', 'process', 'between', 'minister', 'public',
  'administrative', 'responsibilities', 'decentralization', 'intergovernmental', 'implementation', 'bureaucratic', 'interministerial',
  'considerable', 'establishment', 'characteristically', 'representatives', 'institutional', 'effectiveness', 'strengthened', 'information',
  'competition', 'professionals', 'organization', 'subnational', 'circumvent', 'constraints', 'negotiations', 'accountability', 'before',
  'enhanced', 'important', 'recommendations', 'transparency', 'municipalities',
];
const names = ['Okinawa', 'Kishida', 'Secretariat', 'Communications', 'Administrative', 'Democratic', 'Koizumi', 'Futenma', 'Liaison', 'Digitalization', 'Hódmezővásárhely', 'Łódź', 'LDP’s'];
const compounds = ['Vice-Ministers’', 'decision-making', 'so-called', 'well-to-do', 'government-to-government', 'top-down', 'far-reaching', 'self-governments', 'round-robin', 'e-government', 'plan-do-check-action'];
const punctuation = ['', '', '', ',', '.', ';', ':', '”', ')'];

const base = (size: number): TextStyle => ({ font: 'body-regular', size, colour: '#1d2329' });

function urlArbitrary(): fc.Arbitrary<string> {
  const label = fc.stringMatching(/^[a-z]{2,9}$/);
  const segment = fc.tuple(fc.stringMatching(/^[a-z]{2,8}$/), fc.constantFrom('', '_', '-', '.'), fc.stringMatching(/^[a-z0-9]{0,6}$/)).map(([a, joiner, b]) => (b === '' ? a : `${a}${joiner}${b}`));
  return fc
    .tuple(fc.constantFrom('https://', 'http://www.'), fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('org', 'go.jp', 'eu'), fc.array(segment, { minLength: 0, maxLength: 4 }), fc.constantFrom('', '?lang=en', '?a=1&b=two', '#part', '~user'))
    .map(([scheme, host, top, path, query]) => `${scheme}${[...host, top].join('.')}${path.map((piece) => `/${piece}`).join('')}${query}`);
}

type Token = { readonly kind: 'word'; readonly text: string; readonly style: 'regular' | 'italic' | 'bold' } | { readonly kind: 'url'; readonly text: string } | { readonly kind: 'dash' };

function tokenArbitrary(): fc.Arbitrary<Token> {
  const style = fc.constantFrom<'regular' | 'italic' | 'bold'>('regular', 'regular', 'regular', 'regular', 'italic', 'bold');
  const word = (list: readonly string[]): fc.Arbitrary<Token> => fc.tuple(fc.constantFrom(...list), fc.constantFrom(...punctuation), style).map(([text, after, chosen]) => ({ kind: 'word', text: `${text}${after}`, style: chosen }));
  return fc.oneof(
    { weight: 14, arbitrary: word(common) },
    { weight: 3, arbitrary: word(names) },
    { weight: 2, arbitrary: word(compounds) },
    { weight: 1, arbitrary: urlArbitrary().map((text): Token => ({ kind: 'url', text })) },
    { weight: 1, arbitrary: fc.constant<Token>({ kind: 'dash' }) },
  );
}

/** A paragraph of 8 to 140 words, as styled runs (a URL as a link). */
export function paragraphArbitrary(size: number): fc.Arbitrary<GeneratedParagraph> {
  return fc.array(tokenArbitrary(), { minLength: 8, maxLength: 140 }).map((tokens) => {
    // A dash neither begins nor ends the paragraph, and never follows another.
    const words = tokens.filter((token, index) => token.kind !== 'dash' || (index > 0 && index < tokens.length - 1 && tokens[index - 1]?.kind !== 'dash'));
    const runs: InlineRun[] = [];
    const texts: string[] = [];
    words.forEach((token, index) => {
      const space = index < words.length - 1 ? ' ' : '';
      const regular = base(size);
      if (token.kind === 'url') {
        runs.push({ kind: 'text', text: token.text, style: { ...regular, colour: '#0b5c7a', underline: true, url: true, link: { kind: 'uri', uri: token.text, text: token.text } } });
        if (space) runs.push({ kind: 'text', text: space, style: regular });
        texts.push(token.text);
        return;
      }
      const text = token.kind === 'dash' ? '–' : token.text;
      const font = token.kind === 'word' && token.style === 'italic' ? 'body-italic' : token.kind === 'word' && token.style === 'bold' ? 'body-bold' : 'body-regular';
      runs.push({ kind: 'text', text: `${text}${space}`, style: { ...regular, font } });
      texts.push(text);
    });
    return { runs, text: texts.join(' ') };
  });
}

/** Issue 15's rules for one justified paragraph set in `width`, and nothing of it lost. */
export function checkJustifiedParagraph(set: Paragraph, paragraph: GeneratedParagraph, width: number, fonts: FontSet): void {
  expect(reading(set.lines)).toBe(paragraph.text);
  checkLines(set.lines, fonts, set.setting === 'ragged');
  if (set.setting === 'ragged') for (const line of set.lines) expect(line.width).toBeLessThanOrEqual(width + 0.01);
}

/**
 * Issue 15's rules for a justified paragraph's lines: at most two hyphenated lines in a row; three
 * letters on each side of a hyphen (of the parts on each side, at a compound's own); no name
 * hyphenated; no word space over twice the paragraph's median but on a line holding a URL (a ragged
 * paragraph's lines are not stretched at all).
 */
export function checkLines(lines: readonly Line[], fonts: FontSet, ragged: boolean): void {
  expect(longestHyphenRun(lines)).toBeLessThanOrEqual(2);
  lines.forEach((line, index) => {
    const last = line.segments.at(-1);
    const next = lines[index + 1];
    if (!last || !next || !hyphenated(line)) return;
    const drawn = lineText(line);
    const before = drawn.slice(0, -1).split(' ').at(-1) ?? '';
    const after = lineText(next).split(' ')[0] ?? '';
    if (last.breakHyphen) {
      // A hyphenated word: three letters each side, and no name.
      expect(letters(before), `${drawn} ⏎ ${after}`).toBeGreaterThanOrEqual(3);
      expect(letters(after), `${drawn} ⏎ ${after}`).toBeGreaterThanOrEqual(3);
      const first = /\p{L}/u.exec(before)?.[0] ?? '';
      expect(first, `${before}-`).toBe(first.toLowerCase());
    } else {
      // A compound broken at its own hyphen: three letters in the parts on each side.
      expect(letters(before.split('-').at(-1) ?? ''), `${drawn} ⏎ ${after}`).toBeGreaterThanOrEqual(3);
      expect(letters(after.split('-')[0] ?? ''), `${drawn} ⏎ ${after}`).toBeGreaterThanOrEqual(3);
    }
  });
  if (ragged) {
    for (const line of lines) expect(line.stretch).toBe(false);
    return;
  }
  const gaps = wordGaps(lines, fonts);
  const typical = median(gaps.flat());
  lines.forEach((line, index) => {
    if (line.segments.some((segment) => segment.style.url)) return;
    for (const gap of gaps[index] ?? []) expect(gap, `“${lineText(line)}”`).toBeLessThanOrEqual(2 * typical + 0.01);
  });
}
