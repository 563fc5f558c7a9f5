/**
 * A page's content operators are written once, when the page ends (src/render/pdf/pdfkit.ts,
 * writePageContentOnce), not one Uint8Array per operator as pdfkit writes them: the same file, byte
 * for byte, as pdfkit's own writing, for text, marked content, operators with characters beyond
 * Latin-1 (pdfkit keeps each character's low byte), bytes written as they are, and pages ended by
 * the next page and by the document's end.
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

/** What pdfkit's page writes with: each chunk straight to the content stream. */
interface PageWriting {
  readonly page: { write(chunk: unknown): void; readonly content: { write(chunk: unknown): void } };
}

/** Two pages of text, marked content, odd operators and raw bytes; `ownWriting`: each page writes as pdfkit writes. */
async function document(ownWriting: boolean): Promise<Uint8Array> {
  const doc = createPdfDocument({ size: 'A4', margins: { top: 72, right: 72, bottom: 72, left: 72 }, language: 'en-GB', subset: 'PDF/UA', info: { Title: 'page content', CreationDate: new Date(0), ModDate: new Date(0) } });
  registerFonts(doc, fonts.forDocument());
  const page = (draw: () => void): void => {
    doc.addPage();
    if (ownWriting) {
      const writing = doc as unknown as PageWriting;
      const { content } = writing.page;
      writing.page.write = (chunk) => {
        content.write(chunk);
      };
    }
    draw();
  };
  const text = (target: PdfDocument, words: string, y: number): void => {
    target.font('body-regular').fontSize(11);
    drawLine(target, words, 72, y);
  };
  page(() => {
    text(doc, 'The Kantei decides, ﬁnally.', 100);
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.addContent('% a comment with ü, ŵ and 漢 in it');
    doc.endMarkedContent();
    doc.rect(72, 200, 100, 20).fill('#336699');
  });
  page(() => {
    text(doc, 'A second page, ended by the document’s end.', 120);
    (doc as unknown as PageWriting).page.write(new TextEncoder().encode('% bytes as they are\n'));
    doc.addContent('0 0 m 10 10 l S');
  });
  return finish(doc);
}

describe('page content written once a page ends', () => {
  it('gives the bytes pdfkit’s own writing gives', async () => {
    const own = await document(true);
    const once = await document(false);
    expect(once.byteLength).toBeGreaterThan(1000);
    expect(Buffer.from(once).equals(Buffer.from(own))).toBe(true);
  });
});
