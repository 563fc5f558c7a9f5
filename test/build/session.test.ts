/**
 * A build session (`build --watch`): after a first build that rendered nothing in this thread, the
 * session warms its engines on a chapter it throws away, and the next build waits for that and
 * writes the same bytes as a fresh build of the same source — drawing the warm-up chapter leaves
 * nothing behind in the next one.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, createBuildSession } from '../../src/build/build.js';
import { diagnosticsAsJson } from '../../src/cli/json.js';
import { writeCorpus } from '../../src/corpus/write.js';
import { removeFolder, templatesDir, temporaryFolder } from '../support/build.js';
import { folderSnapshot } from '../support/files.js';

let folder: string;
let corpus: string;
beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-session-');
  corpus = path.join(folder, 'corpus');
  await writeCorpus({ countries: 2, questions: 8, seed: 5 }, corpus);
});
afterAll(() => removeFolder(folder));

describe('a build session', () => {
  it('warms up on a chapter after a first build on workers, and then writes what a fresh build writes', async () => {
    const session = createBuildSession();
    const watched = path.join(folder, 'watched');
    const common = { sourceDir: corpus, templatesDir, formats: ['html', 'pdf', 'docx'] as const, strict: true, write: true, sourceDate: new Date('2024-05-01T00:00:00Z') };
    const first = await build({ ...common, outDir: watched, cacheDir: path.join(watched, '.cache'), session });
    expect(diagnosticsAsJson(first.files)).toEqual([]);
    expect(session.warming).toBeInstanceOf(Promise);

    const chapters = (await readdir(path.join(corpus, 'chapters'), { recursive: true })).filter((name) => name.endsWith('.md')).sort();
    const edited = path.join(corpus, 'chapters', chapters[1] ?? '');
    await writeFile(edited, (await readFile(edited, 'utf8')).replace(':::key-findings\n', ':::key-findings\nA sentence added while the session was warming up.\n\n'));
    const second = await build({ ...common, outDir: watched, cacheDir: path.join(watched, '.cache'), session });
    expect(diagnosticsAsJson(second.files)).toEqual([]);
    expect(second.cached).toBe(chapters.length - 1);

    const fresh = path.join(folder, 'fresh');
    const again = await build({ ...common, outDir: fresh });
    expect(again.ok).toBe(true);
    const written = await folderSnapshot(watched, (relative) => relative.startsWith('.cache/'));
    expect(written.size).toBe(chapters.length * 3 + 1);
    expect(written).toEqual(await folderSnapshot(fresh));
  });
});
