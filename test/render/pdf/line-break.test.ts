/** Line breaking: nothing lost, lines within their width, hyphens only at soft hyphens, URLs never hyphenated. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FontSet } from '../../../src/render/pdf/fonts.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import type { InlineRun, TextStyle } from '../../../src/render/pdf/inline.js';
import { breakLines, type Line } from '../../../src/render/pdf/line-break.js';
import { loadTemplates } from '../../../src/theme/load-templates.js';
import { templatesDir } from '../../support/build.js';

let fonts: FontSet;
beforeAll(async () => {
  const loaded = await loadTemplates(templatesDir);
  if (!loaded.templates?.fonts) throw new Error('templates did not load');
  fonts = new FontSet(loaded.templates.fonts);
});

const body: TextStyle = { font: 'body-regular', size: 10.5, colour: '#000000' };
const text = (value: string, style: TextStyle = body): InlineRun => ({ kind: 'text', text: value, style });

/** The words of the lines, as a reader would read them: break hyphens dropped, lines joined by spaces unless a word was split. */
function reading(lines: readonly Line[]): string {
  let result = '';
  let split = false;
  for (const line of lines) {
    if (result !== '' && !split) result += ' ';
    split = false;
    for (const segment of line.segments) {
      if (segment.breakHyphen) split = true;
      else result += segment.text;
    }
  }
  return result.replace(/ +/g, ' ').trim();
}

describe('breakLines', () => {
  it('keeps every word, and every line but an overlong word within its width', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zA-Zäöüé’]{1,18}$/), { minLength: 1, maxLength: 80 }), fc.integer({ min: 60, max: 400 }), (words, width) => {
        const lines = breakLines([text(words.join(' '))], { fonts, lineHeight: 1.4, firstWidth: width, restWidth: width, hyphenate: hyphenatorFor('en-US') });
        expect(reading(lines)).toBe(words.join(' '));
        for (const line of lines) expect(line.width).toBeLessThanOrEqual(width + 0.02);
      }),
      { numRuns: 150 },
    );
  });

  it('hyphenates justified text only at soft hyphens, drawing a hyphen there', () => {
    const words = 'internationalization responsibilities decentralization intergovernmental'.repeat(3);
    const lines = breakLines([text(words)], { fonts, lineHeight: 1.4, firstWidth: 90, restWidth: 90, hyphenate: hyphenatorFor('en-US') });
    const hyphens = lines.flatMap((line) => line.segments.filter((segment) => segment.breakHyphen));
    expect(hyphens.length).toBeGreaterThan(0);
    for (const hyphen of hyphens) expect(hyphen.text).toBe('-');
    for (const line of lines) for (const segment of line.segments) expect(segment.text).not.toMatch(/[\u00AD\u200B]/);
    expect(reading(lines)).toBe(words);
  });

  it('breaks URLs after slashes and dots, never with a hyphen', () => {
    const url = 'https://www.example.org/documents/very-long-path-name/with/many/parts/and-words/report_final_version.pdf';
    const style: TextStyle = { ...body, url: true, link: { kind: 'uri', uri: url, text: url } };
    const lines = breakLines([text('See ', body), text(url, style), text(' for details.', body)], { fonts, lineHeight: 1.4, firstWidth: 150, restWidth: 150, hyphenate: hyphenatorFor('en-US') });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.flatMap((line) => line.segments).some((segment) => segment.breakHyphen)).toBe(false);
    const urlText = lines.flatMap((line) => line.segments.filter((segment) => segment.style.url).map((segment) => segment.text)).join('');
    expect(urlText).toBe(url);
  });

  it('does not begin a line with a spaced dash: the word before it goes along when both fit', () => {
    // (A dash still begins a line when the word before it is that line's only word, or when the two do not fit together.)
    const sentence = 'The coalition governed for three years (2009 – 2012) and again briefly — a short spell.';
    const space = fonts.width('body-regular', ' ', body.size);
    let carried = 0;
    for (let width = 90; width <= 400; width += 1) {
      const lines = breakLines([text(sentence)], { fonts, lineHeight: 1.4, firstWidth: width, restWidth: width });
      expect(reading(lines)).toBe(sentence);
      const starts = lines.map((line) => line.segments.map((segment) => segment.text).join('').trimStart());
      for (const [index, start] of starts.entries()) if (index > 0) expect(start, `width ${width}`).not.toMatch(/^[\u2013\u2014]/);
      for (const line of lines) expect(line.width).toBeLessThanOrEqual(width + 0.02);
      // A line that starts with the word before a dash although that word would have fitted on the line above: it was carried.
      for (const [index, start] of starts.entries()) {
        const word = /^(\(2009|briefly) [\u2013\u2014]/.exec(start)?.[1];
        const above = lines[index - 1];
        if (word && above && above.width + space + fonts.width('body-regular', word, body.size) <= width) carried += 1;
      }
    }
    expect(carried).toBeGreaterThan(0);
  });

  it('carries no word onto a narrower next line where it would not fit with the dash', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zA-Z]{1,14}$/), { minLength: 2, maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), fc.integer({ min: 40, max: 300 }), fc.integer({ min: 0, max: 120 }), (words, dashes, width, indent) => {
        const sentence = words.map((word, index) => (dashes[index] ? `${word} –` : word)).join(' ');
        const restWidth = Math.max(20, width - indent);
        const lines = breakLines([text(sentence)], { fonts, lineHeight: 1.4, firstWidth: width, restWidth });
        expect(reading(lines)).toBe(sentence);
        // A word wider than a line is cut, so no line is wider than its width.
        lines.forEach((line, index) => expect(line.width).toBeLessThanOrEqual((index === 0 ? width : restWidth) + 0.02));
      }),
      { numRuns: 200 },
    );
  });

  it('ends a line at a hard break, and does not stretch it', () => {
    const lines = breakLines([text('Score'), { kind: 'lineBreak', style: body }, text('8 / 10')], { fonts, lineHeight: 1.2, firstWidth: 300, restWidth: 300 });
    expect(lines.map((line) => line.segments.map((segment) => segment.text).join(''))).toEqual(['Score', '8 / 10']);
    expect(lines.every((line) => !line.stretch)).toBe(true);
  });

  it('cuts a word wider than the line (marked like a hyphenation) rather than lose it or loop', () => {
    const word = 'x'.repeat(200);
    const lines = breakLines([text(word)], { fonts, lineHeight: 1.2, firstWidth: 100, restWidth: 100 });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((line) => line.segments.at(-1)?.breakHyphen === true && line.width <= 100)).toBe(true);
    expect(reading(lines)).toBe(word);
  });

  it('gives a hanging indent: the first line is wider than the rest', () => {
    const words = Array.from({ length: 60 }, (_, index) => `word${String(index)}`).join(' ');
    const lines = breakLines([text(words)], { fonts, lineHeight: 1.2, firstWidth: 300, restWidth: 280 });
    expect(lines[0]?.maxWidth).toBe(300);
    expect(lines.slice(1).every((line) => line.maxWidth === 280 && line.width <= 280)).toBe(true);
  });

  it('never hyphenates a web address written as plain text', () => {
    const address = 'https://www.governmentportal.example.org/reports';
    const lines = breakLines([text(`The responsibilities are documented at ${address} for reference.`)], { fonts, lineHeight: 1.4, firstWidth: 300, restWidth: 300, hyphenate: hyphenatorFor('en-US') });
    const drawn = lines.map((line) => line.segments.map((segment) => segment.text).join(''));
    // The address stands whole on one line (the words around it may be hyphenated).
    expect(drawn.filter((line) => line.includes('https://'))).toEqual([expect.stringContaining(address)]);
  });

  it('sets a glyph wider than the line alone on its line instead of looping', () => {
    const lines = breakLines([text('W i')], { fonts, lineHeight: 1.2, firstWidth: 2, restWidth: 2 });
    expect(lines.map((line) => line.segments.map((segment) => segment.text.trim()).join(''))).toEqual(['W', 'i']);
    expect(breakLines([text('W')], { fonts, lineHeight: 1.2, firstWidth: -40, restWidth: -40 })).toHaveLength(1);
  });

  it('keeps the spaces of code, and does not hyphenate or break it', () => {
    const code: TextStyle = { ...body, font: 'heading-regular', code: true };
    const lines = breakLines([text('    indented   code line', code)], { fonts, lineHeight: 1.2, firstWidth: 400, restWidth: 400, hyphenate: hyphenatorFor('en-US') });
    expect(lines.map((line) => line.segments.map((segment) => segment.text).join(''))).toEqual(['\u00A0\u00A0\u00A0\u00A0indented\u00A0\u00A0\u00A0code\u00A0line']);
  });

  it('draws a space after a link as text of its own, outside the link', () => {
    const link: TextStyle = { ...body, link: { kind: 'uri', uri: 'https://example.org', text: 'example.org' }, underline: true };
    const lines = breakLines([text('See ', body), text('example.org', link), text(' now.', body)], { fonts, lineHeight: 1.2, firstWidth: 400, restWidth: 400 });
    expect(lines[0]?.segments.map((segment) => [segment.text, segment.style.link ? 'link' : 'text'])).toEqual([
      ['See ', 'text'],
      ['example.org', 'link'],
      [' ', 'text'],
      ['now.', 'text'],
    ]);
  });

  it('sets a word on a line narrower than one letter, overflowing, instead of ending empty line after empty line', () => {
    // Before: a one-letter word that did not fit an empty line went "to the next line" for ever.
    for (const width of [0.5, 0, -40]) {
      const lines = breakLines([text('W a Wide word')], { fonts, lineHeight: 1.2, firstWidth: width, restWidth: width });
      expect(reading(lines)).toBe('W a Wide word');
      expect(lines.every((line) => line.segments.length > 0)).toBe(true);
      expect(lines.length).toBeLessThanOrEqual('WaWideword'.length);
    }
  });

  it('cuts a 300,000-character word into full lines, losing nothing', () => {
    // Before: every line measured (and hyphenated) the whole rest of the word: quadratic, minutes
    // (the test's time-out would catch that; no timing is asserted).
    const word = 'abcdefghij'.repeat(30_000);
    const lines = breakLines([text(word)], { fonts, lineHeight: 1.2, firstWidth: 300, restWidth: 300, hyphenate: hyphenatorFor('en-US') });
    expect(reading(lines)).toBe(word);
    expect(lines.every((line) => line.width <= 300.02)).toBe(true);
    // Full lines: all but the last hold as many letters as fit, about 55 at 10.5 pt in 300 pt.
    const letters = lines.slice(0, -1).map((line) => line.segments.filter((segment) => !segment.breakHyphen).map((segment) => segment.text).join('').length);
    expect(Math.min(...letters)).toBeGreaterThan(40);
  });

  it('never cuts a long word between the halves of a surrogate pair', () => {
    const word = `${'x'.repeat(999)}${'😀'.repeat(400)}${'y'.repeat(300)}`;
    const lines = breakLines([text(word)], { fonts, lineHeight: 1.2, firstWidth: 200, restWidth: 200 });
    expect(reading(lines)).toBe(word);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const segment of lines.flatMap((line) => line.segments)) expect(segment.text).not.toMatch(loneSurrogate);
  });
});
