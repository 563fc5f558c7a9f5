/**
 * An edition whose countries are named in Greek, Cyrillic, Japanese and Arabic (each chapter with a
 * `slug:` in Latin letters) builds every edition and book, and the agreement check passes. Built by
 * hand once, it did not: the PDF's running heads drew 日本 and مصر as empty boxes, a country
 * report's contents entry for مصر had its page number reordered beside its title, and the edition
 * volume's charts drew the Arabic label off the page. The books' covers, heads and tables name each
 * country as the source writes it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, changedSource, outputBeside, projectRoot, removeFolder, type TestBuild } from '../support/build.js';
import { readPdf } from '../support/pdf.js';

/** Each country's slug (its folder and file names) and its name as the source writes it. */
const countries = [
  { slug: 'japan', name: '日本', replaces: 'Japan' },
  { slug: 'greece', name: 'Ελλάδα', replaces: 'Australia' },
  { slug: 'russia', name: 'Россия', replaces: 'Austria' },
  { slug: 'egypt', name: 'مصر', replaces: 'Belgium' },
] as const;

let folder: string;
let built: TestBuild;
beforeAll(async () => {
  const sample = await readFile(path.join(projectRoot, 'source/chapters/japan/coordination.md'), 'utf8');
  // Each country its own ranks (ties are refused unless the codebook allows them): the sample's, one further down for each.
  const chapter = (slug: string, name: string, index: number): string =>
    sample.replace('country: Japan', `slug: ${slug}\ncountry: ${name}`).replace(/\brank([=:] ?| )(\d+)/gu, (_whole, separator: string, rank: string) => `rank${separator}${String(Number(rank) + index)}`);
  folder = await changedSource({
    'edition.yaml': (text) => countries.reduce((edited, country) => edited.replace(new RegExp(`\\b${country.replaces}\\b`, 'gu'), country.name), text),
    ...Object.fromEntries(countries.map((country, index) => [`chapters/${country.slug}/coordination.md`, chapter(country.slug, country.name, index)])),
  });
  built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['html', 'pdf', 'docx'] });
}, 120_000);
afterAll(async () => {
  await removeFolder(folder);
});

describe('an edition of countries named in four scripts', () => {
  it('builds every edition and book, the agreement check passing', () => {
    expect(built.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.message)).toEqual([]);
    expect(built.result.ok).toBe(true);
    const written = built.result.written.map((file) => path.relative(outputBeside(folder), file));
    for (const country of countries) {
      expect(written).toContain(`pdf/${country.slug}.pdf`);
      expect(written).toContain(`docx/${country.slug}.docx`);
    }
    expect(written).toContain('pdf/edition.pdf');
  });

  it('names each country on its report’s cover and in its running heads, and every country in the edition volume', async () => {
    for (const country of countries) {
      const report = await readPdf(path.join(outputBeside(folder), `pdf/${country.slug}.pdf`));
      expect(report.pageTexts[0]).toContain(country.name);
      expect(report.artifactTexts.filter((text) => text.includes(country.name)).length).toBeGreaterThan(report.pageCount / 2);
    }
    const volume = await readPdf(path.join(outputBeside(folder), 'pdf/edition.pdf'));
    for (const country of countries) expect(volume.text).toContain(country.name);
  });
});
