/**
 * Real clients read the PDF edition: poppler's pdfinfo sees a tagged A4 document with its title,
 * pdffonts sees every font embedded, pdftotext finds every fact of the seed, and qpdf finds the file
 * well formed, the books (a country report, the edition volume) tagged as the chapter is.
 * scripts/install-clients installs poppler-utils and qpdf.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../support/build.js';
import { requireProgram } from '../support/clients.js';
import { citationFacts, readSeed, seedQuestions } from '../support/seed.js';

const run = promisify(execFile);
const seed = readSeed();
let folder: string;
let pdfPath: string;
let archivePath: string;

beforeAll(async () => {
  requireProgram('pdfinfo', 'poppler-utils');
  requireProgram('qpdf', 'qpdf');
  folder = await temporaryFolder();
  expect((await buildInto(path.join(folder, 'ua'), { formats: ['pdf'] })).result.ok).toBe(true);
  expect((await buildInto(path.join(folder, 'a'), { formats: ['pdf'], pdfStandard: 'PDF/A-2a' })).result.ok).toBe(true);
  pdfPath = path.join(folder, 'ua/pdf/japan/coordination.pdf');
  archivePath = path.join(folder, 'a/pdf/japan/coordination.pdf');
});
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

/** `Key: value` lines of pdfinfo as a map. */
async function pdfinfo(file: string): Promise<Map<string, string>> {
  const { stdout } = await run('pdfinfo', [file]);
  return new Map(stdout.split('\n').flatMap((line) => {
    const at = line.indexOf(':');
    return at > 0 ? [[line.slice(0, at).trim(), line.slice(at + 1).trim()] as const] : [];
  }));
}

describe('the PDF edition in poppler and qpdf', () => {
  it('pdfinfo: a tagged PDF 1.7 on A4 pages, with its title and author', async () => {
    const info = await pdfinfo(pdfPath);
    expect(info.get('Tagged')).toBe('yes');
    expect(info.get('Title')).toBe(`${seed.country}: ${seed.category} — Sustainable Governance Indicators 2024`);
    expect(info.get('Author')).toBe('Bertelsmann Stiftung');
    expect(info.get('Page size')).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
    expect(info.get('PDF version')).toBe('1.7');
    expect(Number(info.get('Pages'))).toBeGreaterThan(5);
  });

  it('pdffonts: every font is embedded, as a subset with a Unicode map', async () => {
    for (const file of [pdfPath, archivePath]) {
      const { stdout } = await run('pdffonts', [file]);
      const rows = stdout.split('\n').slice(2).filter((line) => line.trim() !== '');
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const row of rows) expect(row, row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    }
  });

  it('pdftotext: every fact of the seed is in the text', async () => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']);
    // pdftotext keeps the hyphen of a word broken at a line's end; compare without hyphens and spaces.
    const squeeze = (value: string) => value.replace(/[-\s]+/g, '');
    // Running heads and page numbers stand between the halves of a paragraph split over two pages.
    const pages = stdout.split('\f').map((page) => page.replace('Sustainable Governance Indicators 2024 · Japan · Coordination', '').replace(/Page \d+ of \d+/, ''));
    const text = squeeze(pages.join(' '));
    const facts = [
      `${seed.country}: ${seed.category}`,
      ...seed.keyFindings,
      ...seed.subcategories.flatMap((subcategory) => [subcategory.title, `Rank ${subcategory.rank} of 30`]),
      ...seedQuestions(seed).flatMap((question) => [
        question.indicator,
        `${question.score} / 10`,
        question.text,
        ...question.bands.map((band) => band.description),
        ...question.paragraphs,
        ...question.citations.map((line) => citationFacts(line).lead),
      ]),
    ];
    for (const fact of facts) expect(text, fact).toContain(squeeze(fact));
  });

  it('the books are tagged as the chapters are: PDF/UA-1, or PDF/A-2a with --pdfa, well formed by qpdf', async () => {
    for (const [standard, identifier] of [
      ['ua', '<pdfuaid:part>1</pdfuaid:part>'],
      ['a', '<pdfaid:part>2</pdfaid:part>'],
    ] as const) {
      for (const book of ['japan', 'edition']) {
        const file = path.join(folder, standard, `pdf/${book}.pdf`);
        const { stdout } = await run('qpdf', ['--check', file]);
        expect(stdout, file).toContain('No syntax or stream encoding errors found');
        // The catalog and the XMP metadata are written uncompressed (pdfkit compresses content streams only).
        const raw = (await readFile(file)).toString('latin1');
        expect(raw, file).toContain(identifier);
        expect(raw, file).toContain('/Marked true');
        expect(raw, file).toMatch(/\/StructTreeRoot \d+ 0 R/);
      }
    }
  });

  it('qpdf --check: both the PDF/UA and the PDF/A file are well formed', async () => {
    for (const file of [pdfPath, archivePath]) {
      const { stdout } = await run('qpdf', ['--check', file]);
      expect(stdout).toContain('No syntax or stream encoding errors found');
    }
  });
});
