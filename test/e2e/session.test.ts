/**
 * A build session (`build --watch`): when its first build takes every chapter from the cache, the
 * session warms the workers it keeps meanwhile, on a chapter and a report of it, thrown away; the
 * next build stops the warm-up after the round under way, waits for that round, renders the edited
 * chapter and its books on those workers, and writes
 * the same bytes as a fresh build of the same source: nothing a warm worker drew before is left in
 * the next one.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, closeBuildSession, createBuildSession } from '../../src/build/build.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { templatesDir } from '../support/build.js';
import { corpusForTests } from '../support/corpus.js';
import { folderSnapshot } from '../support/files.js';

const generated = corpusForTests('rubricpress-session-', { countries: 2, questions: 8, seed: 5 });

describe('a build session', () => {
  it('warms its workers while its first build takes all from the cache, and then writes what a fresh build writes', async () => {
    const session = createBuildSession();
    try {
      await buildTwiceAndCompare(session);
    } finally {
      await closeBuildSession(session);
    }
  });
});

/** A build, a first build in the session (all from the cache), an edit, a second build in it, and a fresh build of the edited source to compare with. */
async function buildTwiceAndCompare(session: ReturnType<typeof createBuildSession>): Promise<void> {
  const watched = path.join(generated.folder, 'watched');
  const common = { sourceDir: generated.corpus, templatesDir, formats: ['html', 'pdf', 'docx'] as const, strict: true, write: true, sourceDate: new Date('2024-05-01T00:00:00Z') };
  // An earlier build fills the cache, as a build before `--watch` would.
  const before = await build({ ...common, outDir: watched, cacheDir: path.join(watched, '.cache') });
  expect(diagnosticsAsJson(before.files)).toEqual([]);
  const first = await build({ ...common, outDir: watched, cacheDir: path.join(watched, '.cache'), session });
  expect(diagnosticsAsJson(first.files)).toEqual([]);
  expect(first.cached).toBe(first.chapters);
  expect(session.warming).toBeInstanceOf(Promise);

  const chapters = (await readdir(path.join(generated.corpus, 'chapters'), { recursive: true })).filter((name) => name.endsWith('.md')).sort();
  const edited = path.join(generated.corpus, 'chapters', chapters[1] ?? '');
  await writeFile(edited, (await readFile(edited, 'utf8')).replace(':::key-findings\n', ':::key-findings\nA sentence added while the session was warming up.\n\n'));
  const second = await build({ ...common, outDir: watched, cacheDir: path.join(watched, '.cache'), session });
  expect(diagnosticsAsJson(second.files)).toEqual([]);
  // It came while the first round (a cold chapter, seconds) was on the workers: the rest of the warm-up gave way to it.
  expect(session.warmUp?.rounds).toBe(3);
  expect(session.warmUp?.done).toBeLessThan(3);
  expect(second.cached).toBe(chapters.length - 1);

  const fresh = path.join(generated.folder, 'fresh');
  const again = await build({ ...common, outDir: fresh });
  expect(again.ok).toBe(true);
  // The editions, and rubricpress's manifest of them; the cache aside. In print and Word, each country's report and the edition volume too.
  const written = await folderSnapshot(watched, (relative) => relative.startsWith('.cache/'));
  const countries = new Set(chapters.map((chapter) => chapter.split('/')[0])).size;
  // Each chapter in three formats, the manifest, the books in print and Word, the three data files, and the web edition's
  // 26 files (home, search, 2 country, 2 category and 8 indicator pages, 3 scripts, 8 fonts, the output folder's index.html).
  expect(written.size).toBe(chapters.length * 3 + 1 + (countries + 1) * 2 + 3 + 26);
  expect(written).toEqual(await folderSnapshot(fresh));
}
