/**
 * drawLine (src/render/pdf/pdfkit.ts) draws text as pdfkit's `doc.text(text, x, y, { lineBreak:
 * false, … })` does, less measurements nothing uses: the same file, byte for byte, for plain,
 * justified (word spacing, collapsed spaces; narrower spaces too, where the line breaker shrank
 * them) and multi-line text. (Underlines are draw.ts's own: see underline.test.ts.)
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

const pieces: readonly { text: string; wordSpacing?: number }[] = [
  { text: 'Strategy and office' },
  { text: 'Justified words  with   spaces ', wordSpacing: 1.75 },
  { text: 'a\u00A0\u00A0code\u00A0line', wordSpacing: 0.5 },
  { text: 'shrunk spaces in a tight line', wordSpacing: -0.55 },
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
      doc.text(piece.text, 80, y, { lineBreak: false, ...(piece.wordSpacing === undefined ? {} : { wordSpacing: piece.wordSpacing }) });
    });
    const drawn = await document((doc, piece, y) => {
      drawLine(doc, piece.text, 80, y, piece.wordSpacing === undefined ? {} : { wordSpacing: piece.wordSpacing });
    });
    expect(Buffer.from(drawn).equals(Buffer.from(expected))).toBe(true);
  });
});
