/**
 * A list inside a footnote: the PDF draws its items as the main text's lists are drawn, each starting
 * a line further in than the note's text, with its bullet or number before it (an artifact, out of
 * the text layer), and the items' words apart. Read back from a rendered PDF: the tagged text through
 * the project's reader, the glyphs' places through pdfjs-dist's text content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../../support/build.js';
import { readPdf, type PdfReadBack } from '../../support/pdf.js';

const note = [
  '[^list]: The reform had three parts:',
  '',
  '    - the Cabinet Office, created in 2001 with a staff of more than 1,000 and the advisory councils under the prime minister, which took over much of the budget process;',
  '    - a bureau of personnel;',
  '',
  '    In order:',
  '',
  '    3. the first step',
  '    4. the second step',
].join('\n');

interface Placed {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

let folder: string;
let pdf: PdfReadBack;
let placed: Placed[];

beforeAll(async () => {
  folder = await changedSource({
    'chapters/japan/coordination.md': (text) =>
      replaceOnce('in the category of coordination.', 'in the category of coordination.[^list]')(text).replace(/\n:::\n/, `\n\n${note}\n:::\n`),
  });
  const { tree, templates } = await compileSampleChapter(folder);
  if (!templates.fonts) throw new Error('the fonts did not load');
  const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(present(tree, templates.theme));
  expect(rendered.problems).toEqual([]);
  pdf = await readPdf(rendered.bytes);
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const document = await getDocument({ data: rendered.bytes, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  placed = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    for (const item of content.items) if ('str' in item && item.str.trim() !== '') placed.push({ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number });
  }
  await document.destroy();
}, 25_000);
afterAll(async () => {
  await removeFolder(folder);
});

/** The one piece of text drawn that starts with `start`. */
function at(start: string): Placed {
  const found = placed.filter((piece) => piece.text.startsWith(start));
  expect(found, start).toHaveLength(1);
  const [piece] = found;
  if (!piece) throw new Error(`"${start}" is not drawn`);
  return piece;
}

describe('a list inside a footnote', () => {
  it('keeps the items’ words apart in the note’s text', () => {
    const [text] = pdf.textsOf('Note').filter((noteText) => noteText.startsWith('The reform'));
    expect(text).toBe(
      'The reform had three parts: the Cabinet Office, created in 2001 with a staff of more than 1,000 and the advisory councils under the prime minister, which took over much of the budget process; a bureau of personnel; In order: the first step the second step',
    );
  });

  it('draws a bullet or number before each item, as an artifact', () => {
    const notePage = pdf.pageTexts.findIndex((text) => text.includes('The reform had three parts'));
    const markers = pdf.artifactTexts[notePage] ?? '';
    expect(markers.match(/•/g)).toHaveLength(2);
    expect(markers).toMatch(/3\.\s*4\./);
    expect(pdf.text).not.toMatch(/•/);
  });

  it('sets each item a line of its own, further in than the note’s text, its marker before it', () => {
    const opening = at('The reform had three parts');
    const [firstItem, secondItem, first, second] = ['the Cabinet Office', 'a bureau of personnel', 'the first step', 'the second step'].map(at);
    const inOrder = at('In order');
    if (!firstItem || !secondItem || !first || !second) throw new Error('an item is missing');
    for (const item of [firstItem, secondItem, first, second]) {
      expect(item.x).toBeGreaterThan(opening.x + 5);
      // Its marker on its baseline, ending before its text.
      const marker = placed.find((piece) => /^(?:•|\d+\.)$/.test(piece.text) && Math.abs(piece.y - item.y) < 0.5);
      expect(marker, item.text).toBeDefined();
      expect(marker?.x ?? Infinity).toBeLessThan(item.x);
    }
    // The paragraph between the lists stands with the note's text; the items one under another.
    expect(inOrder.x).toBeCloseTo(opening.x, 1);
    expect(firstItem.x).toBeCloseTo(secondItem.x, 1);
    expect(secondItem.y).toBeLessThan(firstItem.y);
  });
});
