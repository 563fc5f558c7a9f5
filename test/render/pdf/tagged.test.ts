/**
 * The PDF is accessible and archival: a tagged PDF/UA document whose structure tree holds headings,
 * paragraphs, lists, tables with header cells, links and a table of contents; fonts embedded; and,
 * on request, PDF/A-2a.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../../support/build.js';
import { readPdf, type PdfReadBack } from '../../support/pdf.js';

let outDir: string;
let pdf: PdfReadBack;

beforeAll(async () => {
  outDir = await temporaryFolder();
  await buildInto(outDir, { formats: ['pdf'] });
  pdf = await readPdf(path.join(outDir, 'pdf/japan/coordination.pdf'));
});
afterAll(() => removeFolder(outDir));

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, 'g'))].length;
}

describe('the tagged PDF', () => {
  it('is marked as tagged and identified as PDF/UA-1 in its XMP metadata', () => {
    expect(pdf.raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(pdf.raw).toMatch(/\/Marked true/);
    expect(pdf.raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(pdf.raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(pdf.raw).toMatch(/%PDF-1\.7/);
  });

  it('has a structure tree with headings, paragraphs, lists, tables, links and contents', () => {
    const roles = new Set(pdf.roles);
    for (const role of ['Document', 'Sect', 'H1', 'H2', 'H3', 'H4', 'P', 'L', 'LI', 'LBody', 'Table', 'Caption', 'TR', 'TH', 'TD', 'Link', 'TOC', 'TOCI', 'Figure']) {
      expect(roles.has(role), role).toBe(true);
    }
    expect(pdf.textsOf('H3')).toHaveLength(5);
    // The score profile's caption, then each rubric's.
    expect(pdf.textsOf('Caption')).toEqual(['Japan: scores in Coordination', ...Array.from({ length: 5 }, () => 'Rating scale')]);
  });

  it('gives table header cells their scope: a column header row and a row header per band', () => {
    expect(count(pdf.raw, /\/S \/TH/)).toBe(5 * (2 + 4));
    expect(count(pdf.raw, /\/Scope \/Column/)).toBe(5 * 2);
    expect(count(pdf.raw, /\/Scope \/Row/)).toBe(5 * 4);
  });

  it('gives every link annotation a structure parent in a Link element', () => {
    expect(pdf.links.length).toBeGreaterThan(10);
    expect(count(pdf.raw, /\/Subtype \/Link/)).toBe(pdf.links.length);
    expect(count(pdf.raw, /\/StructParent \d+/)).toBeGreaterThanOrEqual(pdf.links.length);
  });

  it('embeds every font it uses', () => {
    const descriptors = count(pdf.raw, /\/Type \/FontDescriptor/);
    expect(descriptors).toBeGreaterThanOrEqual(4);
    expect(count(pdf.raw, /\/FontFile2 \d+ 0 R/)).toBe(descriptors);
    expect(pdf.raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerif-Regular/);
    expect(pdf.raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
  });
});

describe('PDF/A for archives', () => {
  it('writes PDF/A-2a identification when asked, still tagged', async () => {
    const folder = await temporaryFolder();
    try {
      await buildInto(folder, { formats: ['pdf'], pdfStandard: 'PDF/A-2a' });
      const archive = await readPdf(path.join(folder, 'pdf/japan/coordination.pdf'));
      expect(archive.raw).toContain('<pdfaid:part>2</pdfaid:part>');
      expect(archive.raw).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
      expect(archive.raw).toMatch(/\/OutputIntents/);
      expect(archive.raw).toMatch(/\/Marked true/);
      expect(archive.text).toBe(pdf.text);
    } finally {
      await removeFolder(folder);
    }
  });
});
