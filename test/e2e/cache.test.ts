/**
 * The incremental cache: a rebuild takes unchanged chapters from the cache and gives the same bytes
 * as a build without it; a change rebuilds exactly the chapters it reaches (a chapter's own text,
 * its codebook category, a reference it cites, the templates); warnings come back with cached
 * chapters; a damaged cache is a miss; a failed build writes no cache.
 */
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { build, type BuildResult } from '../../src/build/build.js';
import type { Format } from '../../src/build/formats.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { templatesDir } from '../support/build.js';
import { corpusForTests } from '../support/corpus.js';

// 3 countries × 2 categories: 6 chapters.
const generated = corpusForTests('rubricpress-cache-', { countries: 3, questions: 8, seed: 7 });

let runs = 0;
/** A copy of the corpus with its own output folder (and so its own cache). */
async function project(): Promise<{ source: string; out: string }> {
  runs += 1;
  const source = path.join(generated.folder, `source-${String(runs)}`);
  await cp(generated.corpus, source, { recursive: true });
  return { source, out: path.join(generated.folder, `out-${String(runs)}`) };
}

function run(source: string, out: string, options: { formats?: readonly Format[]; cache?: boolean; templates?: string; strict?: boolean } = {}): Promise<BuildResult> {
  return build({
    sourceDir: source,
    outDir: out,
    templatesDir: options.templates ?? templatesDir,
    formats: options.formats ?? ['html'],
    strict: options.strict ?? false,
    write: true,
    ...(options.cache === false ? {} : { cacheDir: path.join(out, '.cache') }),
  });
}

/** Every edition file under `out` (not the cache, nor rubricpress's bookkeeping), by path. */
async function editions(out: string): Promise<Map<string, string>> {
  const names = (await readdir(out, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(out, path.join(entry.parentPath, entry.name)))
    .filter((name) => !name.startsWith('.cache') && !name.startsWith('.rubricpress'))
    .sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(name, (await readFile(path.join(out, name))).toString('base64'));
  return files;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(file, after);
}

describe('incremental builds', () => {
  it('takes every unchanged chapter from the cache, with the same bytes as a build without it', async () => {
    const { source, out } = await project();
    const first = await run(source, out, { formats: ['html', 'pdf', 'docx'] });
    expect(first.ok).toBe(true);
    expect(first.cached ?? 0).toBe(0);
    const built = await editions(out);
    // Each chapter in three formats, in print and Word each country's report and the edition volume, the three data files, and the
    // web edition's 27 files (home, search, 3 country, 2 category and 8 indicator pages, 3 scripts, 8 fonts, the output folder's index.html).
    expect(built.size).toBe(6 * 3 + (3 + 1) * 2 + 3 + 27);

    const second = await run(source, out, { formats: ['html', 'pdf', 'docx'] });
    expect(second.ok).toBe(true);
    expect(second.cached).toBe(6);
    expect(await editions(out)).toEqual(built);

    const uncachedOut = path.join(generated.folder, 'uncached');
    const uncached = await run(source, uncachedOut, { formats: ['html', 'pdf', 'docx'], cache: false });
    expect(uncached.ok).toBe(true);
    expect(await editions(uncachedOut)).toEqual(built);
    await expect(readdir(path.join(uncachedOut, '.cache'))).rejects.toThrow();
  });

  it('rebuilds only the chapter that changed', async () => {
    const { source, out } = await project();
    await run(source, out);
    const before = await editions(out);
    await edit(path.join(source, 'chapters/island/coordination.md'), (text) => text.replace(':::key-findings\n', ':::key-findings\nA sentence added by an author.\n\n'));
    const result = await run(source, out);
    expect(result.ok).toBe(true);
    expect(result.cached).toBe(5);
    const after = await editions(out);
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name));
    // The chapter's page, and the search index, which holds its key findings.
    expect(changed).toEqual(['html/assets/search-index.js', 'html/island/coordination.html']);
    expect(Buffer.from(after.get('html/island/coordination.html') ?? '', 'base64').toString()).toContain('A sentence added by an author.');
  });

  it('makes the edition volume again only when the numbers it is made from change, not a chapter’s words', async () => {
    const { source, out } = await project();
    const formats = ['pdf'] as const;
    await run(source, out, { formats });
    const records = async (): Promise<Map<string, string>> => {
      const books = path.join(out, '.cache/books');
      const made = new Map<string, string>();
      for (const slot of await readdir(books)) made.set(slot, await readFile(path.join(books, slot, 'record.json'), 'utf8'));
      return made;
    };
    const changedRecords = (before: Map<string, string>, after: Map<string, string>): string[] => [...after.keys()].filter((slot) => after.get(slot) !== before.get(slot));
    const first = await records();
    // Three country reports and the edition volume.
    expect(first.size).toBe(4);
    const chapter = path.join(source, 'chapters/island/coordination.md');
    await edit(chapter, (text) => text.replace(':::key-findings\n', ':::key-findings\nA sentence added by an author.\n\n'));
    const wordsEdited = await run(source, out, { formats });
    expect(wordsEdited.ok).toBe(true);
    const second = await records();
    // Island's report is bound again (it holds the chapter's words); the volume is taken from the cache.
    const rebound = changedRecords(first, second);
    expect(rebound).toHaveLength(1);
    const volume = [...first.keys()].find((slot) => !rebound.includes(slot) && (first.get(slot) ?? '').includes('edition.pdf'));
    expect(volume).toBeDefined();
    // A score changed: the volume's tables change, so it is made again.
    await edit(chapter, (text) => text.replace(/score=(\d+)/, (_match, score: string) => `score=${String(Number(score) === 1 ? 2 : Number(score) - 1)}`));
    const scoreEdited = await run(source, out, { formats });
    expect(scoreEdited.ok).toBe(true);
    expect(changedRecords(second, await records())).toContain(volume);
  });

  it('rebuilds the chapters of a codebook category when one of its questions changes, and only those', async () => {
    const { source, out } = await project();
    await run(source, out);
    // The first question's text, in the first category; the edit keeps every line where it was.
    const codebook = path.join(source, 'codebook.yaml');
    const category = /^categories:\n {2}- id: (\S+)$/m.exec(await readFile(codebook, 'utf8'))?.[1];
    await edit(codebook, (text) => text.replace(/^( +text: )/m, '$1Reworded, '));
    const result = await run(source, out);
    expect(result.ok).toBe(true);
    expect(result.cached).toBe(3);
    for (const country of ['cesko', 'island', 'turkiye']) {
      expect(await readFile(path.join(out, `html/${country}/${category ?? ''}.html`), 'utf8')).toContain('Reworded, ');
    }
  });

  it('rebuilds the chapters that cite a reference when it changes, and only those', async () => {
    const { source, out } = await project();
    await run(source, out);
    const chapters = (await readdir(path.join(source, 'chapters'), { recursive: true })).filter((name) => name.endsWith('.md'));
    const texts = await Promise.all(chapters.map((name) => readFile(path.join(source, 'chapters', name), 'utf8')));
    const referencesFile = path.join(source, 'references.yaml');
    const document = parseDocument(await readFile(referencesFile, 'utf8'));
    const items = document.toJS() as { id: string; publisher?: string }[];
    // A reference with a publisher that some chapters cite and others do not.
    const chosen = items.findIndex((item) => {
      const citing = texts.filter((text) => text.includes(`@${item.id}`)).length;
      return item.publisher !== undefined && citing > 0 && citing < chapters.length;
    });
    const item = items[chosen];
    if (!item) throw new Error('The corpus has no reference cited by only some chapters.');
    const citing = texts.filter((text) => text.includes(`@${item.id}`)).length;
    document.setIn([chosen, 'publisher'], 'Changed University Press');
    await writeFile(referencesFile, document.toString());

    const result = await run(source, out);
    expect(result.ok).toBe(true);
    expect(result.cached).toBe(chapters.length - citing);
    const html = await Promise.all(chapters.map((name) => readFile(path.join(out, 'html', name.replace(/\.md$/, '.html')), 'utf8')));
    expect(html.filter((page) => page.includes('Changed University Press'))).toHaveLength(citing);
  });

  it('rebuilds everything when a template changes', async () => {
    const { source, out } = await project();
    await run(source, out);
    const templates = path.join(generated.folder, `templates-${String(runs)}`);
    await cp(templatesDir, templates, { recursive: true });
    await edit(path.join(templates, 'html/style.css'), (text) => `${text}\n.rubric-table { outline: 1px solid; }\n`);
    const result = await run(source, out, { templates });
    expect(result.ok).toBe(true);
    expect(result.cached ?? 0).toBe(0);
    // The records made under the old templates are gone: the cache holds one edition.
    expect(await readdir(path.join(out, '.cache/chapters'))).toHaveLength(6);
    expect(await readFile(path.join(out, 'html/island/coordination.html'), 'utf8')).toContain('outline: 1px solid');
  });

  it('brings a cached chapter’s warnings back, so --strict still fails on them', async () => {
    const { source, out } = await project();
    await edit(path.join(source, 'chapters/turkiye/coordination.md'), (text) => text.replace(':::key-findings\n', ':::key-findings\nSee <span>this</span>.\n\n'));
    const first = await run(source, out);
    const warnings = diagnosticsAsJson(first.files).filter((diagnostic) => diagnostic.severity === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    expect(new Set(warnings.map((warning) => warning.ruleId))).toEqual(new Set(['raw-html']));
    const second = await run(source, out);
    expect(second.cached).toBe(6);
    expect(diagnosticsAsJson(second.files).filter((diagnostic) => diagnostic.severity === 'warning')).toEqual(warnings);
    const strict = await run(source, out, { strict: true });
    expect(strict.ok).toBe(false);
  });

  it('leaves files the last build wrote in place, and puts back one changed since (the changed one kept aside)', async () => {
    const { source, out } = await project();
    await run(source, out);
    const good = await editions(out);
    const page = path.join(out, 'html/island/coordination.html');
    await writeFile(page, 'edited by hand');
    const result = await run(source, out);
    expect(result.cached).toBe(6);
    // Of the chapters only the one changed by hand; the web edition's pages and the data files did not change.
    expect(result.written.map((file) => path.relative(out, file).split(path.sep).join('/')).sort()).toEqual(['html/island/coordination.html']);
    // What was changed by hand is not lost: it is kept beside the page (src/build/edited-outputs.ts).
    expect(result.keptAside).toEqual([{ path: 'html/island/coordination.html', keptAs: 'html/island/coordination.edited.html' }]);
    const kept = path.join('html', 'island', 'coordination.edited.html');
    const now = await editions(out);
    expect(Buffer.from(now.get(kept) ?? '', 'base64').toString()).toBe('edited by hand');
    now.delete(kept);
    expect(now).toEqual(good);
  });

  it('treats a damaged cache file as a miss and rebuilds the chapter correctly', async () => {
    const { source, out } = await project();
    await run(source, out);
    const good = await editions(out);
    const slots = await readdir(path.join(out, '.cache/chapters'));
    expect(slots).toHaveLength(6);
    const slot = path.join(out, '.cache/chapters', slots[0] ?? '');
    const stored = (await readdir(slot)).find((name) => name.endsWith('.bin'));
    await writeFile(path.join(slot, stored ?? ''), 'not what was stored');
    await writeFile(path.join(out, '.cache/chapters', slots[1] ?? '', 'record.json'), '{ "format": "something else" }');
    await rm(path.join(out, 'html'), { recursive: true });
    const result = await run(source, out);
    expect(result.ok).toBe(true);
    expect(result.cached).toBe(4);
    expect(await editions(out)).toEqual(good);
  });

  it('draws again a country report’s chapters whose drawings the cache kept damaged; a record naming one drawing a thousand times binds as the others do', async () => {
    const { source, out } = await project();
    const first = await run(source, out, { formats: ['pdf'] });
    // The reports bind the pages each chapter's own job drew: none drawn for them.
    expect(first.drawnForBooks).toBe(0);
    const books = path.join(out, '.cache/books');
    const records = await Promise.all((await readdir(books)).map(async (slot) => ({ slot, record: JSON.parse(await readFile(path.join(books, slot, 'record.json'), 'utf8')) as { outputs: { path: string }[]; drawn?: { key: string; sha256: string; size: number }[] } })));
    const reportOf = (country: string) => records.find(({ record }) => record.outputs.some((output) => output.path === `pdf/${country}.pdf`));
    // island's two chapters' drawings damaged: both are drawn again (one of them is edited anyway).
    const island = reportOf('island');
    if (island?.record.drawn?.length !== 2) throw new Error('the report of island names two chapters as drawn');
    for (const drawn of island.record.drawn) await writeFile(path.join(books, island.slot, `${drawn.sha256}.bin`), 'not what was stored');
    // cesko's record names its first chapter's drawing 998 times more (read once): its other chapter still bound as drawn.
    const cesko = reportOf('cesko');
    const [named] = cesko?.record.drawn ?? [];
    if (!cesko?.record.drawn || !named) throw new Error('the report of cesko names no chapters as drawn');
    await writeFile(path.join(books, cesko.slot, 'record.json'), `${JSON.stringify({ ...cesko.record, drawn: [...Array.from({ length: 998 }, () => named), ...cesko.record.drawn] })}\n`);
    for (const country of ['island', 'cesko']) await edit(path.join(source, `chapters/${country}/coordination.md`), (text) => text.replace(':::key-findings\n', ':::key-findings\nA sentence added by an author.\n\n'));
    const again = await run(source, out, { formats: ['pdf'] });
    expect(diagnosticsAsJson(again.files)).toEqual([]);
    // The edited chapters' pages come from their own jobs; island's other chapter, whose drawing is damaged, is drawn again.
    expect(again.drawnForBooks).toBe(1);
    const fresh = path.join(generated.folder, `out-fresh-${String(runs)}`);
    await run(source, fresh, { formats: ['pdf'], cache: false });
    const [bound, drawnWhole] = await Promise.all([editions(out), editions(fresh)]);
    for (const country of ['island', 'cesko']) expect(bound.get(`pdf/${country}.pdf`)).toBe(drawnWhole.get(`pdf/${country}.pdf`));
    // The record now names each chapter the report was bound from, those it was given (read from the
    // cache by the worker) as well as those it drew: after another edit none is drawn for it (the
    // edited one's pages come from its own job, the other's from the record).
    await edit(path.join(source, 'chapters/cesko/coordination.md'), (text) => text.replace('A sentence added by an author.', 'A sentence an author rewrote.'));
    const third = await run(source, out, { formats: ['pdf'] });
    expect(diagnosticsAsJson(third.files)).toEqual([]);
    expect(third.drawnForBooks).toBe(0);
  });

  it('makes again, in the report’s job, a chapter’s Word file the cache kept damaged: the report is the file a build without a cache makes', async () => {
    const { source, out } = await project();
    const first = await run(source, out, { formats: ['pdf', 'docx'] });
    // The reports take the Word files each chapter's own job made: none made for them.
    expect(first.drawnForBooks).toBe(0);
    const books = path.join(out, '.cache/books');
    const records = await Promise.all((await readdir(books)).map(async (slot) => ({ slot, record: JSON.parse(await readFile(path.join(books, slot, 'record.json'), 'utf8')) as { outputs: { path: string }[]; drawn?: { sha256: string }[] } })));
    const island = records.find(({ record }) => record.outputs.some((output) => output.path === 'docx/island.docx'));
    if (!island?.record.drawn) throw new Error('the report of island names no chapters as made');
    // Its two chapters' PDF pages and Word files: each Word file kept as it is (a zip), and damaged here; the PDF pages left as they were.
    const wordFiles = [];
    for (const drawn of island.record.drawn) if ((await readFile(path.join(books, island.slot, `${drawn.sha256}.bin`))).subarray(0, 2).toString() === 'PK') wordFiles.push(drawn);
    expect(island.record.drawn).toHaveLength(4);
    expect(wordFiles).toHaveLength(2);
    for (const drawn of wordFiles) await writeFile(path.join(books, island.slot, `${drawn.sha256}.bin`), 'not what was stored');
    await edit(path.join(source, 'chapters/island/coordination.md'), (text) => text.replace(':::key-findings\n', ':::key-findings\nA sentence added by an author.\n\n'));
    const again = await run(source, out, { formats: ['pdf', 'docx'] });
    expect(diagnosticsAsJson(again.files)).toEqual([]);
    // The edited chapter's file comes from its own job; the other's, damaged in the cache, is made by the report's job itself.
    expect(again.drawnForBooks).toBe(1);
    const fresh = path.join(generated.folder, `out-fresh-${String(runs)}`);
    await run(source, fresh, { formats: ['pdf', 'docx'], cache: false });
    const [bound, made] = await Promise.all([editions(out), editions(fresh)]);
    for (const file of ['docx/island.docx', 'pdf/island.pdf']) {
      expect(bound.get(file)).toBeDefined();
      expect(bound.get(file)).toBe(made.get(file));
    }
  });

  it('writes no cache when the build fails', async () => {
    const { source, out } = await project();
    await edit(path.join(source, 'chapters/cesko/coordination.md'), (text) => text.replace(/score=\d+/, 'score=99'));
    const result = await run(source, out);
    expect(result.ok).toBe(false);
    await expect(readdir(out)).rejects.toThrow();
  });
});
