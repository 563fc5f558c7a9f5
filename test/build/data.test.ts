/**
 * The scores as data (docs/data.md): data/scores.csv read back with a real CSV parser (csv-parse)
 * equals the source's scores — taken from the chapters' Markdown and the codebook's YAML here, not
 * from rubricpress — including names with a comma, a quote and a non-Latin script; scores.json and
 * codebook.json pass their JSON Schemas; `rubricpress verify` reads the CSV back and catches an
 * edit; a release carries the files in its manifest.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { build, verifyBuilt } from '../../src/build/build.js';
import { buildRelease } from '../../src/build/release.js';
import { scoresCsv } from '../../src/data/scores.js';
import { scoreColumns, type ScoreRow } from '../../src/data/schema.js';
import { dataJsonSchemas } from '../../src/schemas/json-schemas.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { buildInto, changedSource, outputBeside, removeFolder, replaceOnce, sampleSource, templatesDir, type TestBuild } from '../support/build.js';

/** A country whose name holds a comma, quotes and Hangul, declared in edition.yaml. */
const korea = 'Korea, "Republic of" 대한민국';
/** An indicator with a comma and quotes. */
const indicator = 'Effective "Coordination", GO|PMO';

const japanChapter = 'chapters/japan/coordination.md';
const koreaChapter = 'chapters/korea/coordination.md';

let folder: string;
let built: TestBuild;

beforeAll(async () => {
  const japan = await readFile(path.join(sampleSource, japanChapter), 'utf8');
  // Korea's chapter: Japan's, with its own country, ranks and scores.
  const koreaText = japan
    .replace('country: Japan', `country: '${korea}'\nslug: korea`)
    .replace('rank: 16', 'rank: 3')
    .replace('(rank 16)', '(rank 3)')
    .replace('rank=24', 'rank=2')
    .replace('rank=6', 'rank=9')
    .replace(/score=(\d+)/g, (_, score: string) => `score=${String(11 - Number(score))}`);
  folder = await changedSource({
    'edition.yaml': replaceOnce('  - Korea\n', `  - '${korea}'\n`),
    'codebook.yaml': replaceOnce('indicator: "Effective Coordination Mechanisms of the GO|PMO"', `indicator: '${indicator}'`),
  });
  await mkdir(path.join(folder, 'chapters', 'korea'));
  await writeFile(path.join(folder, koreaChapter), koreaText);
  built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['html'] });
});
afterAll(() => removeFolder(folder));

/** What the source says, read from its files directly: each chapter's answered questions in order, with the codebook's question. */
async function sourceRows(): Promise<Record<string, string>[]> {
  interface Question {
    id: string;
    indicator: string;
    rubric: { scale: string; bands: { range: [number, number]; description: string }[] };
  }
  const codebook = parseYaml(await readFile(path.join(folder, 'codebook.yaml'), 'utf8')) as {
    scales: Record<string, { min: number; max: number }>;
    categories: { id: string; subcategories: { id: string; questions: Question[] }[] }[];
  };
  const questions = new Map(codebook.categories.flatMap((category) => category.subcategories.flatMap((subcategory) => subcategory.questions.map((question) => [question.id, { subcategory: subcategory.id, question }] as const))));
  const chapters = await Promise.all(
    [koreaChapter, japanChapter].map(async (relative) => {
      const text = await readFile(path.join(folder, relative), 'utf8');
      const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '') as { country: string; category: string; rank: number; slug?: string };
      const slug = front.slug ?? relative.split('/')[1] ?? '';
      const subcategoryRanks = new Map([...text.matchAll(/::subcategory\{#([a-z-]+) rank=(\d+)\}/g)].map((match) => [match[1], match[2]]));
      const scores = [...text.matchAll(/:::question\{#([a-z-]+) score=(\d+)\}/g)].map((match) => ({ id: match[1] ?? '', score: Number(match[2]) }));
      return { front, slug, subcategoryRanks, scores };
    }),
  );
  const scoresOf = (id: string): number[] => chapters.flatMap((chapter) => chapter.scores.filter((entry) => entry.id === id).map((entry) => entry.score));
  return chapters.flatMap(({ front, slug, subcategoryRanks, scores }) =>
    scores.map(({ id, score }) => {
      const entry = questions.get(id);
      if (!entry) throw new Error(`the codebook has no ${id}`);
      const { question, subcategory } = entry;
      const scale = codebook.scales[question.rubric.scale];
      const band = question.rubric.bands.find((candidate) => Math.min(...candidate.range) <= score && score <= Math.max(...candidate.range));
      if (!scale || !band) throw new Error(`no scale or band for ${id}`);
      return {
        country: front.country,
        country_slug: slug,
        category: front.category,
        subcategory,
        question: id,
        indicator: question.indicator,
        score: String(score),
        scale: question.rubric.scale,
        scale_min: String(scale.min),
        scale_max: String(scale.max),
        band_low: String(Math.min(...band.range)),
        band_high: String(Math.max(...band.range)),
        band: band.description,
        category_rank: String(front.rank),
        subcategory_rank: subcategoryRanks.get(subcategory) ?? '',
        question_rank: String(1 + scoresOf(id).filter((other) => other > score).length),
        chapter: `${slug}/${front.category}`,
      };
    }),
  );
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const schemas = dataJsonSchemas();

describe('the scores as data', () => {
  it('the build writes data/scores.csv, scores.json and codebook.json beside the HTML edition, and lists them in the edition', async () => {
    expect(built.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(built.result.ok).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(built.outDir, '.rubricpress', 'edition.json'), 'utf8')) as { files: { path: string }[] };
    expect(manifest.files.map((file) => file.path).filter((file) => file.startsWith('data/'))).toEqual(['data/codebook.json', 'data/scores.csv', 'data/scores.json']);
  });

  it('scores.csv read back with csv-parse equals the source’s scores exactly, names with a comma, quotes and Hangul included', async () => {
    const bytes = await readFile(path.join(built.outDir, 'data', 'scores.csv'));
    // UTF-8 without a byte-order mark, CRLF line ends.
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(2);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/\n/);
    const records = parseCsv<Record<string, string>>(text, { columns: true });
    const expected = await sourceRows();
    expect(expected.length).toBe(10);
    const ordered = [...expected].sort((a, b) => ((a['chapter'] ?? '') < (b['chapter'] ?? '') ? -1 : (a['chapter'] ?? '') > (b['chapter'] ?? '') ? 1 : 0));
    expect(records).toEqual(ordered);
    expect(records.some((record) => record['country'] === korea)).toBe(true);
    expect(records.some((record) => record['indicator'] === indicator)).toBe(true);
    // The raw text quotes exactly the fields that need it.
    expect(text).toContain(`"Korea, ""Republic of"" 대한민국",korea,`);
    expect(text).toContain(`,"Effective ""Coordination"", GO|PMO",`);
  });

  it('scores.json holds the same rows as numbers and text, and passes its JSON Schema; each CSV record passes the CSV row schema', async () => {
    const json = JSON.parse(await readFile(path.join(built.outDir, 'data', 'scores.json'), 'utf8')) as { scores: ScoreRow[] };
    const validateScores = ajv.compile(schemas.scores);
    expect(validateScores(json), JSON.stringify(validateScores.errors)).toBe(true);
    const records = parseCsv<Record<string, string>>(await readFile(path.join(built.outDir, 'data', 'scores.csv'), 'utf8'), { columns: true });
    expect(json.scores.map((row) => Object.fromEntries(scoreColumns.map((column) => [column, String(row[column])])))).toEqual(records);
    const validateRecord = ajv.compile(schemas.scoresCsv);
    for (const record of records) expect(validateRecord(record), JSON.stringify(validateRecord.errors)).toBe(true);
    expect(validateRecord({ ...records[0], score: 'eight' })).toBe(false);
    expect(validateScores({ ...json, scores: [{ ...json.scores[0], score: '8' }] })).toBe(false);
  });

  it('codebook.json passes its JSON Schema and holds every question of codebook.yaml with its text, scale and bands', async () => {
    const json = JSON.parse(await readFile(path.join(built.outDir, 'data', 'codebook.json'), 'utf8')) as { categories: { subcategories: { questions: { id: string; indicator: string; text: string; scale: { id: string; min: number; max: number }; bands: { high: number; low: number }[] }[] }[] }[] };
    const validate = ajv.compile(schemas.codebook);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const source = parseYaml(await readFile(path.join(folder, 'codebook.yaml'), 'utf8')) as { categories: { subcategories: { questions: { id: string; indicator: string; text: string; rubric: { scale: string; bands: { range: [number, number] }[] } }[] }[] }[] };
    const flat = <Question>(categories: { subcategories: { questions: Question[] }[] }[]): Question[] => categories.flatMap((category) => category.subcategories.flatMap((subcategory) => subcategory.questions));
    expect(flat(json.categories).map((question) => [question.id, question.indicator, question.text, question.scale.id, question.bands.map((band) => [band.high, band.low])])).toEqual(
      flat(source.categories).map((question) => [question.id, question.indicator, question.text, question.rubric.scale, question.rubric.bands.map((band) => [Math.max(...band.range), Math.min(...band.range)])]),
    );
  });

  it('rubricpress verify reads scores.csv back: it agrees as built, and an edited score is an edition-disagrees error on that chapter', async () => {
    const options = { sourceDir: folder, outDir: built.outDir, templatesDir, formats: ['html'] as const, strict: false };
    const agreed = await verifyBuilt(options);
    expect(diagnosticsAsJson(agreed.files).filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const csvFile = path.join(built.outDir, 'data', 'scores.csv');
    const original = await readFile(csvFile, 'utf8');
    try {
      // Korea's first score (3, after Japan's 8) becomes 4.
      const edited = original.replace(/(korea,coordination,horizontal-coordination,go-pmo-coordination,"Effective ""Coordination"", GO\|PMO",)3,/, '$14,');
      expect(edited).not.toBe(original);
      await writeFile(csvFile, edited);
      const found = diagnosticsAsJson((await verifyBuilt(options)).files).filter((diagnostic) => diagnostic.ruleId === 'edition-disagrees');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: path.join(folder, koreaChapter), ruleId: 'edition-disagrees' });
      expect(found[0]?.message).toContain('data/scores.csv');
      expect(found[0]?.message).toContain('score is "4", the chapter says "3"');
    } finally {
      await writeFile(csvFile, original);
    }
  });

  it('rubricpress verify reads the web edition’s charts back: an indicator page’s bar at another length, or its page missing, is an edition-disagrees error on the codebook', async () => {
    const options = { sourceDir: folder, outDir: built.outDir, templatesDir, formats: ['html'] as const, strict: false };
    const page = path.join(built.outDir, 'html', 'indicators', 'go-pmo-coordination.html');
    const original = await readFile(page, 'utf8');
    try {
      const edited = original.replace(/(<rect class="chart-bar"[^>]*?width=")([\d.]+)"/, (_all, head: string, width: string) => `${head}${String(Number(width) / 2)}"`);
      expect(edited).not.toBe(original);
      await writeFile(page, edited);
      const found = diagnosticsAsJson((await verifyBuilt(options)).files).filter((diagnostic) => diagnostic.ruleId === 'edition-disagrees');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: path.join(folder, 'codebook.yaml') });
      expect(found[0]?.message).toMatch(/In the web edition: html\/indicators\/go-pmo-coordination\.html: The HTML edition's chart “.*” draws the bar of “Japan” at [\d.]+ % of its scale; its value, 8 \/ 10, is 77\.8 %/);
      await rm(page);
      const missing = diagnosticsAsJson((await verifyBuilt(options)).files).filter((diagnostic) => diagnostic.ruleId === 'edition-disagrees');
      expect(missing.map((diagnostic) => diagnostic.message)).toEqual([expect.stringMatching(/^The web edition's page html\/indicators\/go-pmo-coordination\.html is missing from the output folder/), expect.stringMatching(/draws no chart “/)]);
    } finally {
      await writeFile(page, original);
    }
  });

  it('comes from the cache’s numbers when chapters do: the same bytes as a build without the cache, and an edited score in the next build', async () => {
    const cacheDir = `${folder}-cache`;
    const outDir = `${folder}-cached-out`;
    try {
      const options = { sourceDir: folder, outDir, templatesDir, formats: ['html'] as const, strict: false, write: true, cacheDir, jobs: 1 };
      expect((await build(options)).ok).toBe(true);
      const again = await build(options);
      expect(again.cached).toBe(2);
      const csvOf = (root: string): Promise<string> => readFile(path.join(root, 'data', 'scores.csv'), 'utf8');
      const jsonOf = (root: string): Promise<string> => readFile(path.join(root, 'data', 'scores.json'), 'utf8');
      expect(await csvOf(outDir)).toBe(await csvOf(built.outDir));
      expect(await jsonOf(outDir)).toBe(await jsonOf(built.outDir));
      const chapter = path.join(folder, koreaChapter);
      const original = await readFile(chapter, 'utf8');
      try {
        await writeFile(chapter, original.replace(':::question{#go-pmo-coordination score=3}', ':::question{#go-pmo-coordination score=9}'));
        const edited = await build(options);
        expect(edited.cached).toBe(1);
        const records = parseCsv<Record<string, string>>(await csvOf(outDir), { columns: true });
        const pmo = records.filter((record) => record['question'] === 'go-pmo-coordination').map((record) => [record['country_slug'], record['score'], record['question_rank']]);
        // Korea's 9 now ranks above Japan's 8 (Japan from the cache).
        expect(pmo).toEqual([
          ['japan', '8', '2'],
          ['korea', '9', '1'],
        ]);
      } finally {
        await writeFile(chapter, original);
      }
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('a release carries the data files in its zip and manifest', async () => {
    const release = await buildRelease({ sourceDir: folder, templatesDir, formats: ['html'], strict: false, sourceRevision: 'test', jobs: 1 });
    expect(release.ok).toBe(true);
    const files = release.contents?.manifest.files ?? [];
    expect(files.map((file) => file.path).filter((file) => file.startsWith('data/'))).toEqual(['data/codebook.json', 'data/scores.csv', 'data/scores.json']);
    const csv = release.contents?.outputs.find((output) => output.path === 'data/scores.csv')?.contents;
    expect(csv).toBe(await readFile(path.join(built.outDir, 'data', 'scores.csv'), 'utf8'));
  });
});

describe('scores.csv as RFC 4180', () => {
  it('quotes a field with a line break (LF or CR alone), a comma or a quote, and nothing else', () => {
    const row = Object.fromEntries(scoreColumns.map((column) => [column, column === 'country' ? 'Line\none' : column === 'indicator' ? 'Carriage\rreturn' : column === 'band' ? 'plain' : column === 'chapter' ? 'a,b' : 1])) as unknown as ScoreRow;
    const text = scoresCsv([row]);
    expect(text.split('\r\n')[1]).toBe('"Line\none",1,1,1,1,"Carriage\rreturn",1,1,1,1,1,1,plain,1,1,1,"a,b"');
    expect(parseCsv(text, { columns: true })).toEqual([Object.fromEntries(scoreColumns.map((column) => [column, String(row[column])]))]);
  });
});
