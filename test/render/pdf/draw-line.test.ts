/**
 * drawLine (src/render/pdf/pdfkit.ts) draws text as pdfkit's `doc.text(text, x, y, { lineBreak:
 * false, … })` does, less measurements nothing uses: the same file, byte for byte, for plain,
 * justified (word spacing, collapsed spaces), underlined and multi-line text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FontSet } from '../../../src/render/pdf/fonts.js';
import { createPdfDocument, drawLine, finish, registerFonts, type PdfDocument } from '../../../src/render/pdf/pdfkit.js';
import { loadTemplates } from '../../../src/theme/load-templates.js';
import { templatesDir } from '../../support/build.js';

let fonts: FontSet;
beforeAll(async () => {
  const loaded = await loadTemplates(templatesDir);
  if (!loaded.templates?.fonts) throw new Error('templates did not load');
  fonts = new FontSet(loaded.templates.fonts);
});

const pieces: readonly { text: string; wordSpacing?: number; underline?: boolean }[] = [
  { text: 'Strategy and office' },
  { text: 'Justified words  with   spaces ', wordSpacing: 1.75 },
  { text: 'a\u00A0\u00A0code\u00A0line', wordSpacing: 0.5 },
  { text: 'https://example.org/a/link', underline: true },
  { text: 'spaced and underlined', wordSpacing: 2, underline: true },
  { text: 'two\nlines ﬁ' },
];

async function document(draw: (doc: PdfDocument, piece: (typeof pieces)[number], y: number) => void): Promise<Uint8Array> {
  const doc = createPdfDocument({ size: 'A4', margins: { top: 72, right: 72, bottom: 72, left: 72 }, language: 'en-GB', subset: 'PDF/UA', info: { Title: 'drawLine', CreationDate: new Date(0), ModDate: new Date(0) } });
  registerFonts(doc, fonts.forDocument());
  doc.addPage();
  pieces.forEach((piece, index) => {
    doc.font(index % 2 === 0 ? 'body-regular' : 'heading-bold').fontSize(10 + index);
    draw(doc, piece, 100 + index * 30);
  });
  return finish(doc);
}

describe('drawLine', () => {
  it('writes what doc.text writes', async () => {
    const expected = await document((doc, piece, y) => {
      doc.text(piece.text, 80, y, { lineBreak: false, ...(piece.wordSpacing === undefined ? {} : { wordSpacing: piece.wordSpacing }), ...(piece.underline === undefined ? {} : { underline: piece.underline }) });
    });
    const drawn = await document((doc, piece, y) => {
      drawLine(doc, piece.text, 80, y, { ...(piece.wordSpacing === undefined ? {} : { wordSpacing: piece.wordSpacing }), ...(piece.underline === undefined ? {} : { underline: piece.underline }) });
    });
    expect(Buffer.from(drawn).equals(Buffer.from(expected))).toBe(true);
  });
});
