/**
 * The corpus generator: deterministic for a seed, different for another, and a small corpus builds
 * in every format through the same `build()` the CLI calls, with no diagnostics at all (the build
 * reads every edition back and compares it with the source).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, generateCorpus } from '../../tools/corpus/generate.js';
import { pandocFiles } from '../../tools/corpus/pandoc.js';
import { writeCorpus } from '../../tools/corpus/write.js';
import { buildInto, removeFolder, temporaryFolder } from '../support/build.js';
import { folderSnapshot } from '../support/files.js';

const small = { countries: 3, questions: 8, seed: 7 } as const;

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-corpus-');
});
afterAll(() => removeFolder(folder));

describe('corpus generator', () => {
  it('writes byte-identical folders for the same seed', async () => {
    await writeCorpus(small, path.join(folder, 'a'));
    await writeCorpus(small, path.join(folder, 'b'));
    const a = await folderSnapshot(path.join(folder, 'a'));
    expect([...a.keys()]).toEqual(expect.arrayContaining(['edition.yaml', 'codebook.yaml', 'references.yaml']));
    expect([...a.keys()].filter((file) => file.startsWith('chapters')).length).toBe(3 * 2);
    expect(await folderSnapshot(path.join(folder, 'b'))).toEqual(a);
  });

  it('gives another corpus for another seed', () => {
    const one = corpusFiles(generateCorpus(small));
    const other = corpusFiles(generateCorpus({ ...small, seed: 8 }));
    expect(other).not.toEqual(one);
  });

  it('spreads the questions over categories and sub-categories, with four-band rubrics', () => {
    const corpus = generateCorpus({ countries: 30, questions: 64, seed: 1 });
    expect(corpus.categories).toHaveLength(6);
    const subcategories = corpus.categories.flatMap((category) => category.subcategories);
    expect(subcategories.length).toBeGreaterThanOrEqual(12);
    const questions = subcategories.flatMap((subcategory) => subcategory.questions);
    expect(questions).toHaveLength(64);
    expect(new Set(questions.map((question) => question.id)).size).toBe(64);
    expect(questions.every((question) => question.bands.length === 4)).toBe(true);
    expect(corpus.chapters).toHaveLength(30 * 6);
    expect(new Set(corpus.references.map((reference) => reference.type)).size).toBeGreaterThanOrEqual(6);
    const text = [...corpusFiles(corpus).values()].join('\n');
    for (const name of ['Česko', 'Türkiye', 'Ísland', 'Österreich', 'Łódź', 'Timișoara', 'Hódmezővásárhely']) expect(text).toContain(name);
    // Ranks in a category are a permutation of 1..30.
    const ranks = corpus.chapters.filter((chapter) => chapter.category.id === corpus.categories[0]?.id).map((chapter) => chapter.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('writes the same content for the peers as Pandoc Markdown and CSL-JSON', () => {
    const corpus = generateCorpus(small);
    const files = pandocFiles(corpus);
    const markdown = files.get('corpus.md') ?? '';
    expect(markdown).toContain('bibliography: refs.json');
    expect(markdown.match(/^# .*: /gm)).toHaveLength(corpus.chapters.length);
    const references: unknown = JSON.parse(files.get('refs.json') ?? '[]');
    expect(references).toHaveLength(corpus.references.length);
  });

  it('writes the peers a report per country, its chapters in codebook order, with the ranks out of the countries counted', () => {
    const corpus = generateCorpus(small);
    const files = pandocFiles(corpus);
    const slugs = [...new Set(corpus.chapters.map((chapter) => chapter.slug))];
    expect([...files.keys()].filter((name) => name.startsWith('books/')).sort()).toEqual(slugs.map((slug) => `books/${slug}.md`).sort());
    for (const slug of slugs) {
      const report = files.get(`books/${slug}.md`) ?? '';
      const country = corpus.chapters.find((chapter) => chapter.slug === slug)?.country.name ?? '';
      expect(report).toMatch(new RegExp(`^title: "${country}"$`, 'm'));
      expect(report.match(/^# (?!References).*$/gm)).toEqual(corpus.categories.map((category) => `# ${category.title}`));
      for (const chapter of corpus.chapters.filter((each) => each.slug === slug)) expect(report).toContain(`Category rank: **${chapter.rank} of ${slugs.length}**`);
      expect(report).toContain('::: {#refs}');
    }
  });

  it('writes the peers an edition volume: each rubric once, every country ranked per category and scored per indicator, the reports listed', () => {
    const corpus = generateCorpus(small);
    const volume = pandocFiles(corpus).get('edition.md') ?? '';
    const questions = corpus.categories.flatMap((category) => category.subcategories.flatMap((subcategory) => subcategory.questions));
    expect(volume.match(/^\| 10–9 \|/gm)).toHaveLength(questions.length);
    for (const question of questions) expect(volume.split(`#### ${question.text}`)).toHaveLength(2);
    for (const category of corpus.categories) {
      const results = volume.slice(volume.indexOf('# Results'));
      const table = results.slice(results.indexOf(`## ${category.title}`)).split('\n\n')[1] ?? '';
      const ranked = corpus.chapters.filter((chapter) => chapter.category.id === category.id).sort((a, b) => a.rank - b.rank);
      expect(table.split('\n').slice(2).map((row) => row.split(' | ').slice(0, 2).join(' | '))).toEqual(ranked.map((chapter) => `| ${chapter.country.name} | ${chapter.rank}`));
    }
    expect(volume.match(/^\| Country \| Score of 10 \|/gm)).toHaveLength(questions.length);
    for (const slug of new Set(corpus.chapters.map((chapter) => chapter.slug))) expect(volume).toContain(`](${slug}.pdf)`);
  });

  async function buildSmall(name: string, formats: readonly ('html' | 'pdf' | 'docx')[]) {
    const source = path.join(folder, `${name}-source`);
    await writeCorpus(small, source);
    return buildInto(path.join(folder, `${name}-out`), { sourceDir: source, formats, strict: true });
  }

  it('builds in all three formats with no diagnostics, the agreement check included', async () => {
    // This corpus found a PDF fault (shared fonts put another chapter's characters in the text
    // layer: "Zones" read back as "bones"); the agreement check in the build guards against it.
    const built = await buildSmall('all', ['html', 'pdf', 'docx']);
    expect(built.diagnostics).toEqual([]);
    expect(built.result.ok).toBe(true);
    expect(built.result.chapters).toBe(6);
    for (const format of ['html', 'pdf', 'docx']) expect(built.result.written.filter((file) => file.split(path.sep).includes(format)).length).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
