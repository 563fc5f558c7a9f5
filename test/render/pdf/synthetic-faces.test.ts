/**
 * Bold and italic text in a script only a fallback font has (which has one face, regular): the PDF
 * draws it bold by filling and stroking the glyphs (text rendering mode 2, the stroke in the text's
 * colour) and italic by slanting them (a skew in the text's matrix), as Word and LibreOffice
 * synthesise a missing face; regular fallback text and the Latin faces are drawn as before. Read
 * back from the rendered PDF's operators with pdfjs-dist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../../support/build.js';

interface DrawnText {
  readonly text: string;
  /** 0 fill, 1 stroke, 2 fill and stroke. */
  readonly mode: number;
  readonly slanted: boolean;
}

let folder: string;
let drawn: DrawnText[];

/** Every text-showing operator's text, with the rendering mode and whether the matrix in force is skewed. */
async function drawnTexts(bytes: Uint8Array): Promise<DrawnText[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const pdf = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const found: DrawnText[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const { fnArray, argsArray } = await (await pdf.getPage(number)).getOperatorList();
    const stack: { mode: number; slanted: boolean }[] = [];
    let state = { mode: 0, slanted: false };
    fnArray.forEach((operator, index) => {
      const args: unknown = argsArray[index];
      if (operator === OPS.save) stack.push(state);
      else if (operator === OPS.restore) state = stack.pop() ?? { mode: 0, slanted: false };
      else if (operator === OPS.transform && Array.isArray(args)) state = { ...state, slanted: state.slanted || args[2] !== 0 };
      else if (operator === OPS.setTextRenderingMode && Array.isArray(args)) state = { ...state, mode: Number(args[0]) };
      else if (operator === OPS.beginText) state = { ...state, mode: 0 };
      else if (operator === OPS.showText && Array.isArray(args) && Array.isArray(args[0])) {
        const text = (args[0] as unknown[]).map((glyph) => (typeof glyph === 'object' && glyph !== null && 'unicode' in glyph ? String(glyph.unicode) : '')).join('');
        found.push({ text, ...state });
      }
    });
  }
  await pdf.destroy();
  return found;
}

beforeAll(async () => {
  folder = await changedSource({
    'chapters/japan/coordination.md': replaceOnce(
      'Japan falls into the sample’s middle ranks',
      'Regular 首相, bold **内閣官房 and مجلس**, italic *分担管理 and בית*, both ***行政改革***.\n\nJapan falls into the sample’s middle ranks',
    ),
  });
  const { tree, templates } = await compileSampleChapter(folder);
  if (!templates.fonts) throw new Error('the fonts did not load');
  const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(present(tree, templates.theme));
  expect(rendered.problems).toEqual([]);
  drawn = await drawnTexts(rendered.bytes);
}, 25_000);
afterAll(async () => {
  await removeFolder(folder);
});

/** How the letters of a script are drawn: each distinct way, for the pieces pdfjs gives (split where kerning moves a glyph). */
function waysOf(letters: RegExp): { mode: number; slanted: boolean }[] {
  const ways = drawn.filter((piece) => letters.test(piece.text)).map(({ mode, slanted }) => JSON.stringify({ mode, slanted }));
  return [...new Set(ways)].map((way) => JSON.parse(way) as { mode: number; slanted: boolean });
}

/** The letters of one of the test's Japanese words (each is in the chapter once). */
const lettersOf = (word: string): RegExp => new RegExp(`[${word}]`, 'u');

describe('bold and italic in a fallback script', () => {
  it('draws regular fallback text filled and upright', () => {
    expect(waysOf(lettersOf('首相'))).toEqual([{ mode: 0, slanted: false }]);
  });

  it('draws bold Japanese and Arabic stroked as well as filled, upright', () => {
    expect(waysOf(lettersOf('官房'))).toEqual([{ mode: 2, slanted: false }]);
    // pdfjs gives the Arabic glyphs in the order they are drawn (visual order): a letter is enough.
    expect(waysOf(/\p{Script=Arabic}/u)).toEqual([{ mode: 2, slanted: false }]);
  });

  it('draws italic Japanese and Hebrew slanted, not stroked', () => {
    expect(waysOf(lettersOf('分担管理'))).toEqual([{ mode: 0, slanted: true }]);
    expect(waysOf(/\p{Script=Hebrew}/u)).toEqual([{ mode: 0, slanted: true }]);
  });

  it('draws bold italic Japanese both ways, and the Latin words in their own faces', () => {
    expect(waysOf(lettersOf('行政改革'))).toEqual([{ mode: 2, slanted: true }]);
    // The Latin words between them have real bold and italic faces.
    expect(waysOf(/and|bold|italic|Regular/)).toEqual([{ mode: 0, slanted: false }]);
  });
});
