/**
 * `packageParts` takes the parts docx's Packer would zip from the package's compiler (an internal
 * the types call private): these tests fail if a docx release changes what the Packer zips, or
 * where it gets it from.
 */
import { Document, ExternalHyperlink, ImageRun, Packer, Paragraph, TextRun, type IRunOptions } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { normaliseDocx, packageParts } from '../../../src/render/docx/normalise.js';

// Typed apart from the constructor, whose `string` overload would read `italics` as String.prototype.italics.
const italicRun: IRunOptions = { text: 'Ł, ő and “quotes”', italics: true };

function sampleDocument(): Document {
  return new Document({
    creator: 'rubricpress tests',
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('Key findings with a '), new ExternalHyperlink({ link: 'https://example.org/', children: [new TextRun('link')] })] }),
          new Paragraph({ children: [new TextRun(italicRun)] }),
        ],
      },
    ],
  });
}

/** What differs between two packings of one document: the clock's dates and the random relationship ids. */
function withoutVolatile(xml: string): string {
  return xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*</g, '$1<').replace(/\bId="[^"]*"|\br:id="[^"]*"/g, 'Id=""');
}

describe('packageParts', () => {
  it('gives the parts, in the order and with the content, that Packer.toBuffer zips', async () => {
    const document = sampleDocument();
    const parts = packageParts(document);
    const zipped = unzipSync(await Packer.toBuffer(sampleDocument()));
    expect([...parts.keys()]).toEqual(Object.keys(zipped));
    for (const [name, data] of parts) {
      const packed = zipped[name];
      expect(packed, name).toBeDefined();
      if (!packed) continue;
      if (typeof data === 'string') expect(withoutVolatile(data), name).toBe(withoutVolatile(strFromU8(packed)));
      else expect(data, name).toEqual(packed);
    }
    expect(parts.get('word/document.xml')).toContain('Ł, ő and “quotes”');
  });

  it('makes a package that reads back with the document, dated and numbered the same each time', () => {
    const options = { date: '2024-05-01', language: 'en-US', publisher: 'Bertelsmann Stiftung', application: 'rubricpress test' };
    const first = normaliseDocx(packageParts(sampleDocument()), options);
    const second = normaliseDocx(packageParts(sampleDocument()), options);
    expect(second).toEqual(first);
    const files = unzipSync(first);
    expect(Object.keys(files)[0]).toBe('[Content_Types].xml');
    const documentXml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    expect(documentXml).toContain('Key findings with a');
    expect(documentXml).toMatch(/r:id="rId\d+"/);
    const core = strFromU8(files['docProps/core.xml'] ?? new Uint8Array());
    expect(core).toContain('2024-05-01T00:00:00Z');
    expect(core).toContain('<dc:language>en-US</dc:language>');
  });

  it('zips media given as an ArrayBuffer as the file it is, as the Packer does', async () => {
    // A 1×1 PNG.
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    const withImage = (): Document =>
      new Document({ sections: [{ children: [new Paragraph({ children: [new ImageRun({ type: 'png', data: png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength), transformation: { width: 10, height: 10 } })] })] }] });
    const zipped = unzipSync(normaliseDocx(packageParts(withImage()), { date: '2024-05-01', language: 'en-US', publisher: 'P', application: 'A' }));
    const media = Object.keys(zipped).filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(media[0]).not.toMatch(/\/$/);
    expect(zipped[media[0] ?? '']).toEqual(png);
    // The same parts as the Packer's zip (in Word's order, and with the media's random name aside).
    const names = (files: Record<string, Uint8Array>): string[] => Object.keys(files).map((name) => name.replace(/^word\/media\/.*/, 'word/media/*')).sort();
    expect(names(zipped)).toEqual(names(unzipSync(await Packer.toBuffer(withImage()))));
  });
});
