/**
 * `rubricpress release`: a sharded release merged is byte for byte the unsharded one, its manifest
 * describes every file truly, and the zip does not depend on the day it was made.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inShard, parseShard } from '../../src/build/release.js';
import { ExitCode } from '../../src/cli/main.js';
import { changedSource, removeFolder, replaceOnce, temporaryFolder } from '../support/build.js';
import { runCli } from '../support/cli.js';
import { readPdf } from '../support/pdf.js';
import { withRanks } from '../support/edits.js';

const bundle = 'sustainable-governance-indicators-2024-2024-06-01.zip';
const countries = [
  { slug: 'germany', country: 'Germany' },
  { slug: 'cote-d-ivoire', country: 'Côte d’Ivoire' },
  { slug: 'norway', country: 'Norway' },
];
const env = { CI: 'true', SOURCE_REVISION: 'test-revision-1' };

let source: string;
let folder: string;

beforeAll(async () => {
  // The sample's edition declares 30 SGI countries; Côte d’Ivoire is added to them.
  source = await changedSource({ 'edition.yaml': replaceOnce('  - Czechia\n', '  - Côte d’Ivoire\n  - Czechia\n') });
  const japan = await readFile(path.join(source, 'chapters/japan/coordination.md'), 'utf8');
  for (const [index, { slug, country }] of countries.entries()) {
    await mkdir(path.join(source, 'chapters', slug), { recursive: true });
    // Each country ranks of its own (duplicate-rank), none of them Japan's (16; 24 and 6).
    await writeFile(path.join(source, 'chapters', slug, 'coordination.md'), withRanks({ rank: 1 + index, horizontal: 10 + index, vertical: 20 + index }, country)(japan));
  }
  folder = await temporaryFolder();
});
afterAll(async () => {
  vi.useRealTimers();
  await removeFolder(source);
  await removeFolder(folder);
});

/** `rubricpress release …` in process at a fake date, into `out`. */
async function run(args: readonly string[], out: string, at = '2031-01-01T03:00:00Z'): Promise<void> {
  try {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
    const run = await runCli(['release', ...args, '--out', out, '--quiet'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(ExitCode.ok);
  } finally {
    vi.useRealTimers();
  }
}

/** `rubricpress release …` in process at a fake date; the bytes of the zip it wrote into `out`. */
async function release(args: readonly string[], out: string, at?: string): Promise<Uint8Array> {
  await run(args, out, at);
  return new Uint8Array(await readFile(path.join(out, bundle)));
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('rubricpress release', () => {
  it('reads --shard i/n and splits chapters round robin', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const wrong of ['0/2', '3/2', '1/0', 'a/b', '1', '1/2/3']) expect(parseShard(wrong)).toBeUndefined();
    const positions = [0, 1, 2, 3, 4];
    expect(positions.filter((position) => inShard(position, { index: 1, count: 2 }))).toEqual([0, 2, 4]);
    expect(positions.filter((position) => inShard(position, { index: 2, count: 2 }))).toEqual([1, 3]);
  });

  it('two shards merged give the unsharded zip byte for byte; its manifest describes every file; another day gives the same bytes', { timeout: 300_000 }, async () => {
    const whole = await release([source], path.join(folder, 'whole'));
    await run(['--shard', '2/2', source, '--no-verify'], path.join(folder, 'shard-2'), '2026-07-15T22:30:00Z');
    // A shard writes no zip: its editions and manifest.json.
    const shard2 = (await readdir(path.join(folder, 'shard-2'), { recursive: true })).sort();
    expect(shard2).not.toContain(bundle);
    expect(shard2).toContain('manifest.json');
    const shard2Manifest = JSON.parse(await readFile(path.join(folder, 'shard-2/manifest.json'), 'utf8')) as { shard: { chapters: string[] } };
    // Sorted by path: cote-d-ivoire, germany, japan, norway; shard 2 of 2 takes positions 1 and 3.
    expect(shard2Manifest.shard.chapters).toEqual(['chapters/germany/coordination.md', 'chapters/norway/coordination.md']);
    expect(shard2).toContain('html/index.html');

    await run(['--shard', '1/2', source], path.join(folder, 'shard-1'));
    const merged = await release(['--merge', path.join(folder, 'shard-1'), path.join(folder, 'shard-2')], path.join(folder, 'merged'));
    expect(Buffer.from(merged).equals(Buffer.from(whole))).toBe(true);

    const entries = unzipSync(whole);
    const names = Object.keys(entries);
    expect(names).toEqual([...names].sort());
    // Each chapter, each country's report in print and Word, and the edition volume.
    const expectedEditions = [
      ...['cote-d-ivoire', 'germany', 'japan', 'norway'].flatMap((slug) => [`docx/${slug}/coordination.docx`, `html/${slug}/coordination.html`, `pdf/${slug}/coordination.pdf`, `docx/${slug}.docx`, `pdf/${slug}.pdf`]),
      'docx/edition.docx',
      'pdf/edition.pdf',
    ];
    // And the web edition's own files (pages, search, fonts), made whole by every shard.
    const site = names.filter((name) => name.startsWith('html/') && !expectedEditions.includes(name));
    expect(site).toEqual(expect.arrayContaining(['html/index.html', 'html/search.html', 'html/assets/search-index.js', ...['cote-d-ivoire', 'germany', 'japan', 'norway'].map((slug) => `html/countries/${slug}.html`)]));
    // The output folder's own index.html (leading to html/index.html) and the scores as data too.
    expect(names.filter((name) => name !== 'manifest.json').sort()).toEqual([...expectedEditions, ...site, 'index.html', 'data/codebook.json', 'data/scores.csv', 'data/scores.json'].sort());
    const manifestBytes = entries['manifest.json'];
    if (!manifestBytes) throw new Error('no manifest.json in the zip');
    const manifest = JSON.parse(strFromU8(manifestBytes)) as { sourceRevision: string; chapters: number; shard?: unknown; files: { path: string; size: number; sha256: string; pages?: number }[] };
    expect(manifest.sourceRevision).toBe('test-revision-1');
    expect(manifest.chapters).toBe(4);
    expect(manifest.shard).toBeUndefined();
    expect(manifest.files.map((file) => file.path)).toEqual(names.filter((name) => name !== 'manifest.json'));
    for (const file of manifest.files) {
      const bytes = entries[file.path];
      if (!bytes) throw new Error(`${file.path} is not in the zip`);
      expect(file.size).toBe(bytes.length);
      expect(file.sha256).toBe(sha256(bytes));
      if (file.path.endsWith('.pdf')) {
        expect(file.pages).toBe((await readPdf(bytes)).pageCount);
        expect(file.pages).toBeGreaterThan(1);
      } else {
        expect(file.pages).toBeUndefined();
      }
    }
    // The merged bundle's home page lists every country, not only one shard's.
    const index = strFromU8(entries['html/index.html'] ?? new Uint8Array());
    for (const slug of ['cote-d-ivoire', 'germany', 'japan', 'norway']) expect(index).toContain(`countries/${slug}.html`);

    const anotherDay = await release([source, '--no-verify'], path.join(folder, 'another-day'), '2026-07-15T22:30:00Z');
    expect(Buffer.from(anotherDay).equals(Buffer.from(whole))).toBe(true);
  });

  it('refuses to merge an incomplete or tampered set of shards (exit 4)', { timeout: 120_000 }, async () => {
    const shard1 = path.join(folder, 'shard-1');
    const shard2 = path.join(folder, 'shard-2');
    const missing = await runCli(['release', '--merge', shard1, '--out', path.join(folder, 'bad')], env);
    expect(missing.code).toBe(ExitCode.output);
    expect(missing.stderr).toContain('shard 2/2 missing');
    const twice = await runCli(['release', '--merge', shard1, shard1, '--out', path.join(folder, 'bad')], env);
    expect(twice.code).toBe(ExitCode.output);
    await writeFile(path.join(shard2, 'html/norway/coordination.html'), 'changed');
    const tampered = await runCli(['release', '--merge', shard1, shard2, '--out', path.join(folder, 'bad')], env);
    expect(tampered.code).toBe(ExitCode.output);
    expect(tampered.stderr).toContain('not the file its shard');
    const usage = await runCli(['release', '--shard', '3/2', source], env);
    expect(usage.code).toBe(ExitCode.usage);
  });
});
