/**
 * The pdfjs-dist reader (src/verify/extract/pdf.ts), the reference for the agreement check's own: it reads a document's pages
 * at once, without their links, and gives the same answer however many documents it reads at a
 * time; and loading pdfjs leaves the engine's own Array.prototype.push in place (pdfjs's legacy
 * build puts a slower one of core-js's there, which slowed every push in the process).
 */
import { describe, expect, it } from 'vitest';
import { present } from '../../src/present/present.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import { readPdfDocument, readPdfEditionWithPdfjs } from '../../src/verify/extract/pdf.js';
import { compileSampleChapter } from '../support/build.js';

async function samplePdf(): Promise<Uint8Array> {
  const { tree, templates } = await compileSampleChapter();
  if (!templates.fonts) throw new Error('the templates have no fonts');
  const renderer = createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator: 'rubricpress test' });
  return (await renderer.render(present(tree, templates.theme))).bytes;
}

describe('the PDF reader', () => {
  it('reads the same text and counts alone and with other documents at the same time', async () => {
    const bytes = await samplePdf();
    const alone = await readPdfEditionWithPdfjs(bytes);
    expect(alone.text.length).toBeGreaterThan(1000);
    expect(alone.counts.questions).toBe(5);
    const together = await Promise.all([readPdfEditionWithPdfjs(bytes), readPdfDocument(bytes), readPdfEditionWithPdfjs(bytes)]);
    expect(together[0]).toEqual(alone);
    expect(together[2]).toEqual(alone);
    // The full reader (for tests) has every page, in order, with its links.
    expect(together[1].pages.map((page) => page.number)).toEqual(together[1].pages.map((_, index) => index + 1));
    expect(together[1].pages.some((page) => page.links.length > 0)).toBe(true);
  });

  it('leaves the engine’s own Array.prototype.push once pdfjs is loaded', async () => {
    await readPdfEditionWithPdfjs(await samplePdf());
    expect(Function.prototype.toString.call(Array.prototype.push)).toContain('[native code]');
    const array = [1];
    expect(array.push(2, 3)).toBe(3);
    expect(array).toEqual([1, 2, 3]);
  });
});
