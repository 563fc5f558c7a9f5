/**
 * Right-to-left text in the PDF's lines in the order of the Unicode Bidirectional Algorithm
 * (src/render/pdf/bidi.ts, and the drawing in draw.ts): the glyphs of a rendered chapter, placed
 * where its content stream draws them (pdfjs-dist's operator list), read left to right. Before,
 * Arabic-Indic digits came out reversed ("١٢٣٤٥" drawn as "٥٤٣٢١": fontkit lays a word of the Arabic
 * script out right to left, digits too), and a number or a Latin word between Arabic words stood
 * where left-to-right layout of the segments put it, on the wrong side. The text layer stays in
 * reading order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { lineLevels, visualPieces } from '../../../src/render/pdf/bidi.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../../support/build.js';
import { normalise, readPdf, type PdfReadBack } from '../../support/pdf.js';
import { drawnGlyphs, type DrawnGlyph } from '../../support/pdf-glyphs.js';

describe('the visual order of a line', () => {
  /** The line's characters left to right, each piece in its direction. */
  const visual = (segments: readonly string[], direction: 'ltr' | 'rtl'): string => {
    const [levels] = lineLevels([segments.join('')], direction);
    if (!levels) throw new Error('no levels');
    return visualPieces(segments, levels)
      .map((piece) => {
        const text = segments[piece.segment]?.slice(piece.from, piece.to) ?? '';
        return piece.level % 2 === 1 ? Array.from(text).reverse().join('') : text;
      })
      .join('');
  };

  it('keeps digits and Latin words left to right inside right-to-left text, and reverses the rest', () => {
    expect(visual(['אב ', '12 ', 'גד'], 'rtl')).toBe('דג 12 בא');
    expect(visual(['x אב 12 גד y'], 'ltr')).toBe('x דג 12 בא y');
    expect(visual(['עם ٢٠٢٤ ו Office אז'], 'rtl')).toBe('זא Office ו ٢٠٢٤ םע');
  });

  it('reorders each line of a paragraph on its own, with the paragraph’s levels', () => {
    // "12" begins the second line; it follows Arabic letters in the paragraph, so it is an Arabic number (a right-to-left run's).
    const [first, second] = lineLevels(['a بب ', '12 جج'], 'ltr');
    expect(first && Array.from(first)).toEqual([0, 0, 1, 1, 0]);
    expect(second && Array.from(second)).toEqual([2, 2, 1, 1, 1]);
  });
});

/** Every line of every page: its glyphs left to right. */
function linesOf(pages: readonly DrawnGlyph[][]): DrawnGlyph[][] {
  return pages.flatMap((glyphs) => {
    const baselines = [...new Set(glyphs.map((glyph) => glyph.y))];
    return baselines.map((y) => glyphs.filter((glyph) => glyph.y === y).sort((a, b) => a.x - b.x));
  });
}

/** The line where `word` (left-to-right text) is drawn. */
function lineWith(pages: readonly DrawnGlyph[][], word: string): DrawnGlyph[] {
  const line = linesOf(pages).find((glyphs) => glyphs.map((glyph) => glyph.text).join('').includes(word));
  if (!line) throw new Error(`no line with ${word}`);
  return line;
}

/** The characters of `wanted` on a line, left to right. */
const only = (line: readonly DrawnGlyph[], wanted: RegExp): string => line.filter((glyph) => wanted.test(glyph.text)).map((glyph) => glyph.text).join('');
/** Where the first glyph of `text` is on a line (its characters in any order), left to right. */
const leftmost = (line: readonly DrawnGlyph[], text: string): number => Math.min(...line.filter((glyph) => text.includes(glyph.text)).map((glyph) => glyph.x));

const rightToLeftParagraph = 'عام ١٢٣٤٥ و 6789 في Tokyo Office نهاية.';
const leftToRightParagraph = 'Before قبل ٥٦٧ و 1308 ثم after.';
const hebrewParagraph = 'הממשלה (Cabinet) מאז 2024.';
/** An Arabic sentence over several lines, its words numbered in reading order (two-digit Arabic-Indic numbers). */
const numbers = Array.from({ length: 40 }, (_, index) => index + 10);
const arabicDigits = (value: number): string => String(value).replace(/\d/g, (digit) => String.fromCodePoint(0x0660 + Number(digit)));
const longParagraph = `${numbers.map((value) => `كلمة ${arabicDigits(value)}`).join(' ')}.`;
/** A right-to-left list (its second item with a list of its own) and a left-to-right one, to compare where their bullets go. */
const arabicList = '- البند الأول من القائمة\n- البند الثاني\n  - بند فرعي داخل البند الثاني';
const englishList = '- The first listed item\n- The second listed item';

let folder: string;
let pages: DrawnGlyph[][];
let read: PdfReadBack;
beforeAll(async () => {
  folder = await changedSource({
    'chapters/japan/coordination.md': replaceOnce('Japan falls into the sample’s middle ranks', `${rightToLeftParagraph}\n\n${leftToRightParagraph}\n\n${hebrewParagraph}\n\n${longParagraph}\n\n${arabicList}\n\n${englishList}\n\nJapan falls into the sample’s middle ranks`),
  });
  const { tree, templates } = await compileSampleChapter(folder);
  if (!templates.fonts) throw new Error('the fonts did not load');
  const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(present(tree, templates.theme));
  expect(rendered.problems).toEqual([]);
  // pdfjs takes its buffer over: each reader gets a copy.
  pages = await drawnGlyphs(rendered.bytes.slice());
  read = await readPdf(rendered.bytes);
}, 25_000);
afterAll(async () => {
  await removeFolder(folder);
});

describe('right-to-left text drawn in a PDF line', () => {
  it('keeps numbers and Latin words left to right and puts the words of a right-to-left paragraph right to left', () => {
    const line = lineWith(pages, 'Tokyo');
    expect(only(line, /[\u0660-\u0669]/u)).toBe('١٢٣٤٥');
    expect(only(line, /[0-9]/u)).toBe('6789');
    expect(only(line, /[A-Za-z]/u)).toBe('TokyoOffice');
    // Reading from the right: عام, the Arabic-Indic number, و, the number, في, the English words, نهاية, and its full stop at the left end.
    expect(leftmost(line, 'ع')).toBeGreaterThan(leftmost(line, '١٢٣٤٥'));
    expect(leftmost(line, '١٢٣٤٥')).toBeGreaterThan(leftmost(line, '6789'));
    expect(leftmost(line, '6789')).toBeGreaterThan(leftmost(line, 'TOfice'));
    expect(leftmost(line, 'TOfice')).toBeGreaterThan(leftmost(line, 'ه'));
    expect(line[0]?.text).toBe('.');
  });

  it('sets an Arabic phrase with its numbers inside an English sentence as one right-to-left run', () => {
    const line = lineWith(pages, 'Before');
    expect(only(line, /[\u0660-\u0669]/u)).toBe('٥٦٧');
    expect(only(line, /[0-9]/u)).toBe('1308');
    expect(leftmost(line, 'B')).toBeLessThan(leftmost(line, '1308'));
    expect(leftmost(line, '1308')).toBeLessThan(leftmost(line, '٥٦٧'));
    expect(leftmost(line, '٥٦٧')).toBeLessThan(leftmost(line, 'ق'));
    expect(leftmost(line, 'ق')).toBeLessThan(leftmost(line, 'a'));
  });

  it('mirrors brackets in a right-to-left paragraph and keeps the English word inside them', () => {
    const line = lineWith(pages, 'Cabinet)');
    expect(only(line, /[()A-Za-z]/u)).toBe('(Cabinet)');
    expect(leftmost(line, '2024')).toBeLessThan(leftmost(line, 'Cabinet'));
  });

  it('breaks a long right-to-left sentence in reading order and reorders each line on its own', () => {
    const lines: number[][] = [];
    for (const line of linesOf(pages)) {
      // The paragraph's lines: drawn with its characters only.
      if (!line.every((glyph) => longParagraph.includes(glyph.text))) continue;
      // The line's numbers: runs of adjacent digits, read left to right, listed from the right.
      const found = line
        .map((glyph) => (/[\u0660-\u0669]/u.test(glyph.text) ? String((glyph.text.codePointAt(0) ?? 0) - 0x0660) : ' '))
        .join('')
        .split(' ')
        .filter((digits) => digits !== '');
      lines.push(found.map(Number).toReversed());
    }
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.flat()).toEqual(numbers);
  });

  it('puts a right-to-left list item’s bullet right of its text, and its indent at the right, as a left-to-right item has them at the left', () => {
    const bullet = (line: readonly DrawnGlyph[]): DrawnGlyph => {
      const found = line.find((glyph) => glyph.text === '•');
      if (!found) throw new Error('no bullet on the line');
      return found;
    };
    const words = (line: readonly DrawnGlyph[]): number[] => line.filter((glyph) => glyph.text !== '•' && glyph.text.trim() !== '').map((glyph) => glyph.x);
    const english = lineWith(pages, 'first listed');
    const arabic = linesOf(pages).find((line) => line.some((glyph) => glyph.text === 'ق') && line.some((glyph) => glyph.text === '•'));
    const nested = linesOf(pages).find((line) => line.some((glyph) => glyph.text === 'ف') && line.some((glyph) => glyph.text === '•'));
    if (!arabic || !nested) throw new Error('the Arabic list items were not drawn with bullets');
    expect(bullet(english).x).toBeLessThan(Math.min(...words(english)));
    expect(bullet(arabic).x).toBeGreaterThan(Math.max(...words(arabic)));
    // Mirrored: the item's text ends where the left-to-right one starts, counted from the other side.
    const textStart = Math.min(...words(english));
    const margin = Math.min(...linesOf(pages).flatMap((line) => words(line)));
    const rightEdge = Math.max(...linesOf(pages).filter((line) => line !== arabic && line !== nested).flatMap((line) => (line.some((glyph) => glyph.text === '•') ? [] : words(line))));
    expect(rightEdge - Math.max(...words(arabic))).toBeGreaterThan((textStart - margin) * 0.5);
    // A nested item stands further in from the right, its bullet too.
    expect(bullet(nested).x).toBeLessThan(bullet(arabic).x);
    expect(bullet(nested).x).toBeGreaterThan(Math.max(...words(nested)));
  });

  it('keeps the text layer in reading order', () => {
    for (const paragraph of [rightToLeftParagraph, leftToRightParagraph, hebrewParagraph, longParagraph]) expect(read.text).toContain(normalise(paragraph));
  });
});
