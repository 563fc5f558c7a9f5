/**
 * Line breaking: nothing lost, lines within their width, hyphens only at soft hyphens, URLs broken
 * as Chicago says and never hyphenated; justified paragraphs set total fit, ragged right where they
 * cannot be set without loose lines, first fit where they cannot be set at all; broken again on
 * request with lines kept from ending in a hyphen. (Properties over generated paragraphs:
 * line-break-properties.test.ts.)
 */
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import type { InlineRun, TextStyle } from '../../../src/render/pdf/inline.js';
import { breakLines, breakParagraph, justification, type LineBreakOptions } from '../../../src/render/pdf/line-break.js';
import { sampleSource } from '../../support/build.js';
import { hyphenated, lineText, longestHyphenRun, reading, themeFonts } from '../../support/lines.js';

let fonts: FontSet;
/** The sample chapter's paragraphs of running text, as plain text. */
let sampleParagraphs: string[];
beforeAll(async () => {
  fonts = await themeFonts();
  const chapter = await readFile(path.join(sampleSource, 'chapters/japan/coordination.md'), 'utf8');
  sampleParagraphs = chapter
    .split(/\n\n+/)
    .filter((paragraph) => /^[A-Z]/.test(paragraph) && paragraph.length > 150)
    .map((paragraph) => paragraph.replace(/\*/g, '').replace(/\s+/g, ' '));
});

const body: TextStyle = { font: 'body-regular', size: 10.5, colour: '#000000' };
const text = (value: string, style: TextStyle = body): InlineRun => ({ kind: 'text', text: value, style });
const justified = (width: number, more: Partial<LineBreakOptions> = {}): LineBreakOptions => ({ fonts, lineHeight: 1.45, firstWidth: width, restWidth: width, hyphenate: hyphenatorFor('en-US'), justify: true, ...more });

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

  it('breaks URLs, never with a hyphen', () => {
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

  it('breaks Japanese between its characters as UAX #14 allows, never with a hyphen nor before 、 or 。', () => {
    const sentence = '行政改革会議の最終報告は、内閣機能の強化と省庁の再編を求め、首相の指導力を高めることを目指した。';
    // In the theme's first fallback font (Noto Sans JP), as the PDF renderer sets Japanese.
    const japanese: TextStyle = { ...body, font: 'fallback-0' };
    for (const justify of [false, true]) {
      for (let width = 60; width <= 300; width += 7) {
        const lines = breakLines([text(sentence, japanese)], { fonts, lineHeight: 1.45, firstWidth: width, restWidth: width, justify, hyphenate: hyphenatorFor('en-US') });
        expect(lines.length).toBeGreaterThan(1);
        expect(lines.map(lineText).join(''), `width ${String(width)}`).toBe(sentence);
        for (const line of lines) {
          expect(line.segments.some((segment) => segment.breakHyphen === true)).toBe(false);
          expect(lineText(line)).not.toMatch(/^[、。]/);
          expect(line.width).toBeLessThanOrEqual(width + 0.01);
        }
      }
    }
  });

  it('breaks Korean between its words only, as it puts spaces between them (keep-all), never inside one', () => {
    const sentence = '국무조정실은 정부 부처 간의 정책을 조정한다. 국무총리는 행정각부를 통할한다.';
    const words = new Set(sentence.split(' '));
    const korean: TextStyle = { ...body, font: 'fallback-0' };
    for (const justify of [false, true]) {
      for (let width = 80; width <= 300; width += 11) {
        const lines = breakLines([text(sentence, korean)], { fonts, lineHeight: 1.45, firstWidth: width, restWidth: width, justify, hyphenate: hyphenatorFor('en-US') });
        expect(lines.length).toBeGreaterThan(1);
        for (const line of lines) for (const word of lineText(line).trim().split(' ')) expect(words, `width ${String(width)}: ${lineText(line)}`).toContain(word);
      }
    }
  });
});

describe('justified paragraphs', () => {
  it('are set total fit: fewer hyphens than first fit, never three hyphenated lines in a row', () => {
    let firstFitHyphens = 0;
    let totalFitHyphens = 0;
    let firstFitLongest = 0;
    for (const paragraph of sampleParagraphs) {
      for (const width of [300, 354, 459]) {
        const firstFit = breakLines([text(paragraph)], { ...justified(width), justify: false });
        const totalFit = breakParagraph([text(paragraph)], justified(width));
        expect(reading(totalFit.lines)).toBe(paragraph.trim());
        firstFitHyphens += firstFit.filter(hyphenated).length;
        firstFitLongest = Math.max(firstFitLongest, longestHyphenRun(firstFit));
        totalFitHyphens += totalFit.lines.filter(hyphenated).length;
        expect(longestHyphenRun(totalFit.lines)).toBeLessThanOrEqual(2);
      }
    }
    // First fit (how unjustified text is set, and the last fallback) keeps the limit too.
    expect(firstFitLongest).toBeLessThanOrEqual(2);
    expect(totalFitHyphens).toBeLessThan(firstFitHyphens);
  });

  it('stretch and shrink their word spaces, within limits', () => {
    const space = fonts.width('body-regular', ' ', body.size);
    let shrunk = 0;
    const emergency = new Set<string>();
    for (const paragraph of sampleParagraphs) {
      const set = breakParagraph([text(paragraph)], justified(354));
      if (set.setting !== 'justified') continue;
      for (const line of set.lines.filter((candidate) => candidate.stretch)) {
        // A space as drawn (justified, then scaled with the line's glyphs) against its natural width.
        const { scale, wordSpacing } = justification(line);
        const extra = (space + wordSpacing) * scale - space;
        // A space shrinks by a fifth of its width at most, and stretches to 2.3 times it at most (3
        // times in the emergency pass, which only paragraphs no other pass can set reach); the
        // glyphs by 1.5 % and 2 % at most.
        expect(line.expansion).toBeGreaterThanOrEqual(-0.015 - 1e-9);
        expect(line.expansion).toBeLessThanOrEqual(0.02 + 1e-9);
        expect(extra).toBeGreaterThanOrEqual(-0.2 * space - 1e-6);
        expect(extra).toBeLessThanOrEqual(2 * space + 1e-6);
        if (extra > 1.3 * space + 1e-6) emergency.add(paragraph);
        if (extra < 0) shrunk += 1;
      }
    }
    expect(shrunk).toBeGreaterThan(0);
    // Spaces past 2.3 times their width only in paragraphs the first three passes set ragged.
    for (const paragraph of emergency) expect(['Japanese ministries ', 'Strong national stan']).toContain(paragraph.slice(0, 20));
  });

  it('are justified at the theme’s measure where no break keeps spaces within 2.3 times their width (the emergency pass)', () => {
    // The sample's key findings: long words, names and a sentence's first word unhyphenated, at
    // most two hyphens in a row. The first three passes set them ragged among justified paragraphs.
    const paragraphs = [
      'Japanese ministries are staffed by career professionals, with considerable competition for funds and power. This can allow for inter-ministerial trust, but also limits collaboration. Inter-ministerial coordination takes place through informal working teams. Coordination through the LDP party structure is vital, with most legislative initiatives screened here before being submitted.',
      'Strong national standards provide for uniform public service delivery through, overseen by the Ministry of Internal Affairs and Communications. Digitalization of government services has enhanced service uniformity. Local governments in Japan have limited financial autonomy.',
    ];
    const space = fonts.width('body-regular', ' ', body.size);
    for (const paragraph of paragraphs) {
      // The sample's measure (354.6 pt: 33.8 ems of 10.5 pt); at 354 pt the first still cannot be set.
      const set = breakParagraph([text(paragraph)], justified(354.6));
      expect(set.setting, paragraph).toBe('justified');
      expect(reading(set.lines)).toBe(paragraph);
      const drawn = set.lines.filter((line) => line.stretch).map((line) => (space + justification(line).wordSpacing) * justification(line).scale);
      // Every space at most 3 times its width, and at most twice the paragraph's median.
      const median = drawn.toSorted((a, b) => a - b)[Math.floor(drawn.length / 2)] ?? space;
      for (const width of drawn) {
        expect(width).toBeLessThanOrEqual(3 * space + 1e-6);
        expect(width).toBeLessThanOrEqual(2 * median + 1e-6);
      }
      expect(Math.max(...drawn)).toBeGreaterThan(2.3 * space);
    }
  });

  it('break a compound only at its own hyphen, drawing no other ("Vice-Minis-ters’" never)', () => {
    const sentence = 'Until 2009, coordination had been conducted through the Administrative Vice-Ministers’ Council, which gathered on Mondays.';
    let atOwnHyphen = 0;
    for (let width = 120; width <= 400; width += 2) {
      const lines = breakParagraph([text(sentence)], justified(width)).lines;
      expect(reading(lines), `width ${String(width)}`).toBe(sentence);
      lines.forEach((line, index) => {
        const drawn = lineText(line);
        expect(drawn).not.toMatch(/Vice-Min[a-z]*-$|Minis-$|Minis-ters/);
        if (drawn.endsWith('Vice-')) {
          atOwnHyphen += 1;
          expect(line.segments.at(-1)).toMatchObject({ text: '-', compoundHyphen: true });
          expect(lineText(lines[index + 1] ?? line)).toMatch(/^Ministers’/);
        }
      });
    }
    expect(atOwnHyphen).toBeGreaterThan(0);
  });

  it('are set ragged right where the measure is too narrow to justify them without loose lines', () => {
    const paragraph = 'Strong national standards provide for uniform public service delivery through, overseen by the Ministry of Internal Affairs and Communications. Digitalization of government services has enhanced service uniformity.';
    const set = breakParagraph([text(paragraph)], justified(245));
    expect(set.setting).toBe('ragged');
    expect(set.lines.every((line) => !line.stretch && line.expansion === 0 && line.width <= 245 + 0.01)).toBe(true);
    expect(reading(set.lines)).toBe(paragraph);
    // A little wider (the sample's measure at 25 em, ragged before glyph expansion took a share of
    // the slack), and wide, the same paragraph is justified.
    expect(breakParagraph([text(paragraph)], justified(262.5)).setting).toBe('justified');
    expect(breakParagraph([text(paragraph)], justified(459)).setting).toBe('justified');
  });

  it('are set first fit when a word is wider than the line, as before', () => {
    const word = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(3);
    const paragraph = `The word ${word} is long, and the rest of this sentence is not long at all.`;
    const set = breakParagraph([text(paragraph)], justified(200));
    expect(set.setting).toBe('first fit');
    expect(reading(set.lines)).toBe(paragraph);
  });

  it('are broken again with chosen lines kept from ending in a hyphen, set the same way', () => {
    let checked = 0;
    for (const paragraph of sampleParagraphs) {
      const set = breakParagraph([text(paragraph)], justified(354));
      const ending = new Set(set.lines.flatMap((line, index) => (hyphenated(line) ? [index] : [])));
      if (ending.size === 0) continue;
      const again = set.rebreak(ending);
      if (!again) continue;
      checked += 1;
      expect(reading(again)).toBe(reading(set.lines));
      for (const index of ending) expect(again[index] && hyphenated(again[index])).toBeFalsy();
      expect(again.some((line) => line.stretch)).toBe(set.setting === 'justified');
    }
    expect(checked).toBeGreaterThan(3);
  });
});

describe('URLs', () => {
  const url = 'https://japan.kantei.go.jp/constitution_and_government_of_japan/cabinet_law_e.html?lang=en&page=2#top~x';
  const link: TextStyle = { ...body, url: true, underline: true, link: { kind: 'uri', uri: url, text: url } };

  it('break as the Chicago Manual says: after // and :, before / . _ - ? # ~, before or after = and &', () => {
    let breaks = 0;
    for (const justify of [false, true]) {
      // From the width of the longest piece between two breaks ("/constitution"): narrower, a piece is cut anywhere.
      for (let width = 70; width <= 300; width += 3) {
        const lines = breakParagraph([text('See ', body), text(url, link), text(' for the law.', body)], justified(width, { justify })).lines;
        const pieces = lines.map((line) => line.segments.filter((segment) => segment.style.url).map((segment) => segment.text).join(''));
        expect(pieces.join(''), `width ${String(width)}`).toBe(url);
        expect(lines.flatMap((line) => line.segments).some((segment) => segment.breakHyphen || segment.compoundHyphen)).toBe(false);
        pieces.forEach((piece, index) => {
          const next = pieces[index + 1];
          if (!piece || !next) return;
          breaks += 1;
          const allowed = /(\/\/|:|[=&])$/.test(piece) || /^[/._\-?#~%,=&]/.test(next);
          expect(allowed, `${piece} ⏎ ${next}`).toBe(true);
          expect(piece.endsWith(':') && next.startsWith('/')).toBe(false);
        });
      }
    }
    expect(breaks).toBeGreaterThan(100);
  });
});
