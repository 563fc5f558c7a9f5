/**
 * A page's running head and number in a content stream of their own, after its text (pdfkit.ts,
 * `drawFurniture`): a book binds a chapter's pages from the chapter's own PDF and lays its own heads
 * and numbers over them, taking each page's first stream alone.
 */
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { PdfDict, PdfRef, PdfStream, nameOf, parsePdf, type PdfFile } from '../../../src/render/pdf/pdf-objects.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import { compileSampleChapter } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';

let bytes: Uint8Array;

beforeAll(async () => {
  const { tree, templates } = await compileSampleChapter();
  if (!templates.fonts) throw new Error('the fonts did not load');
  bytes = (await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(present(tree, templates.theme))).bytes;
}, 30_000);

/** Each page's content streams, inflated, in page order. */
function pageStreams(pdf: Uint8Array): string[][] {
  const file = parsePdf(pdf, 'the chapter');
  const pages: string[][] = [];
  const visit = (node: PdfDict | undefined): void => {
    if (!node) return;
    if (nameOf(node.get('Type')) === 'Page') {
      const contents = file.resolve(node.get('Contents'));
      const refs = Array.isArray(contents) ? contents : [node.get('Contents')];
      pages.push(refs.map((ref) => streamText(file, ref instanceof PdfRef ? file.object(ref.number) : undefined)));
      return;
    }
    const kids = file.resolve(node.get('Kids'));
    for (const kid of Array.isArray(kids) ? kids : []) visit(file.dict(kid));
  };
  visit(file.dict(file.dict(file.trailer.get('Root'))?.get('Pages')));
  return pages;
}

function streamText(file: PdfFile, object: ReturnType<PdfFile['object']> | undefined): string {
  if (!(object instanceof PdfStream)) throw new Error(`${file.label}: a page's content is not a stream`);
  const data = nameOf(object.dict.get('Filter')) === 'FlateDecode' ? inflateSync(object.data) : object.data;
  return Buffer.from(data).toString('latin1');
}

describe('a chapter’s page furniture', () => {
  it('stands in each page’s second content stream, as an artifact whose graphics state is restored; the first stream holds none of it', async () => {
    const pages = pageStreams(bytes);
    const read = await readPdf(bytes);
    expect(pages.length).toBe(read.pageCount);
    // The title page has no furniture, and one stream.
    expect(pages[0]).toHaveLength(1);
    expect(read.artifactTexts[0]?.trim()).toBe('');
    for (const [index, streams] of pages.slice(1).entries()) {
      expect(read.artifactTexts[index + 1]).toContain(`${String(index + 2)} of ${String(read.pageCount)}`);
      expect(streams).toHaveLength(2);
      const [text = '', furniture = ''] = streams;
      expect(text).not.toContain('/Pagination');
      expect(furniture).toMatch(/^q\n\/Artifact <<\n\/Type \/Pagination\n>> BDC\n/);
      expect(furniture.trimEnd()).toMatch(/EMC\nQ$/);
    }
  });
});
