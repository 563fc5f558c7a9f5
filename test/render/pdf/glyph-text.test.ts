/**
 * What each drawn glyph stands for in the PDF's text layer (src/render/pdf/glyph-text.ts and the
 * fonts' ToUnicode maps): the glyphs alone, read in the word's direction, spell the word. Before,
 * every ز read as ر (Noto Sans Arabic draws ز as the glyph of ر with a dot, and pdfkit maps a glyph to
 * the characters it was first drawn for) and Devanagari read in visual order ("मंित्रमंडल").
 * Read back from a rendered PDF with pdfjs-dist's operator list (each glyph's Unicode, as drawn),
 * which ignores the structure tree's actual text as poppler's pdftotext does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { glyphTexts } from '../../../src/render/pdf/glyph-text.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../../support/build.js';

const codes = (text: string): number[] => Array.from(text, (character) => character.codePointAt(0) ?? 0);
const spell = (texts: readonly (readonly number[])[]): string => texts.map((codePoints) => String.fromCodePoint(...codePoints)).join('|');

describe('glyphTexts', () => {
  it('keeps what shaping gave each glyph where the glyphs spell the word', () => {
    // A ligature and a letter drawn as a base and a dot (the dot stands for nothing).
    expect(spell(glyphTexts('office', [codes('o'), codes('ffi'), codes('c'), codes('e')], false))).toBe('o|ffi|c|e');
    // Right to left: the glyphs in visual order, the last one first in the word.
    expect(spell(glyphTexts('زر', [codes('ر'), [], codes('ز')], true))).toBe('ر||ز');
  });

  it('shares a reordered cluster’s characters over its glyphs in reading order', () => {
    // त्रि: the vowel sign ि drawn before the conjunct त्र.
    expect(spell(glyphTexts('मंत्रिम', [codes('म'), codes('ं'), codes('ि'), codes('त्र'), codes('म')], false))).toBe('म|ं|त्|रि|म');
    // कर्म: the reph (र्) drawn after the म it precedes.
    expect(spell(glyphTexts('कर्म', [codes('क'), codes('म'), codes('र्')], false))).toBe('क|र|्म');
  });

  it('puts the word on its first glyph where the glyphs never spell it', () => {
    expect(spell(glyphTexts('ab', [codes('x'), codes('b')], false))).toBe('ab|');
    expect(spell(glyphTexts('ab', [codes('x'), codes('b')], true))).toBe('|ab');
  });
});

/** Every glyph drawn, as pdfjs reads its Unicode from the font's ToUnicode map, in drawing order. */
async function drawnGlyphs(bytes: Uint8Array): Promise<string[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const pdf = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const glyphs: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const { fnArray, argsArray } = await (await pdf.getPage(number)).getOperatorList();
    fnArray.forEach((operator, index) => {
      const args: unknown = argsArray[index];
      if (operator !== OPS.showText || !Array.isArray(args) || !Array.isArray(args[0])) return;
      for (const glyph of args[0] as unknown[]) {
        if (typeof glyph !== 'object' || glyph === null || !('unicode' in glyph)) continue;
        // A glyph that stands for no character (an Arabic letter's dots) has an empty ToUnicode entry,
        // which poppler reads as nothing and pdfjs as the glyph's code (a control character).
        const unicode = String(glyph.unicode);
        if (unicode.length !== 1 || unicode.charCodeAt(0) >= 0x20) glyphs.push(unicode);
      }
    });
  }
  await pdf.destroy();
  return glyphs;
}

const arabic = ['الوزراء', 'زر', 'رز', 'السلام', 'لا', 'ينسق'];
const hebrew = ['הממשלה', 'מתאמת'];
const hindi = ['मंत्रिमंडल', 'सचिवालय', 'नीति', 'कर्म', 'धर्म'];

let folder: string;
let glyphs: string[];
beforeAll(async () => {
  folder = await changedSource({
    'chapters/japan/coordination.md': replaceOnce('Japan falls into the sample’s middle ranks', `Arabic ${arabic.join(' ')}, Hebrew ${hebrew.join(' ')}, Hindi ${hindi.join(' ')}.\n\nJapan falls into the sample’s middle ranks`),
  });
  const { tree, templates } = await compileSampleChapter(folder);
  if (!templates.fonts) throw new Error('the fonts did not load');
  const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(present(tree, templates.theme));
  expect(rendered.problems).toEqual([]);
  glyphs = await drawnGlyphs(rendered.bytes);
}, 25_000);
afterAll(async () => {
  await removeFolder(folder);
});

describe('the text layer of glyphs in complex scripts', () => {
  it('reads every Devanagari word in order from its glyphs as drawn (left to right)', () => {
    const drawn = glyphs.join('');
    for (const word of hindi) expect(drawn).toContain(word);
  });

  it('reads every Arabic and Hebrew word from its glyphs read right to left, ز as ز', () => {
    const read = glyphs.toReversed().join('');
    for (const word of [...arabic, ...hebrew]) expect(read).toContain(word);
  });
});
