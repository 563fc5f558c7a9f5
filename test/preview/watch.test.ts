/**
 * `build --watch`: the edition is built, then built again when a chapter changes (and only then:
 * a burst of saves is one rebuild, changes in the output folder are none), until the signal stops it.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { watchFolders } from '../../src/preview/watch.js';
import { changedSource, removeFolder, temporaryFolder } from '../support/build.js';
import { CollectingStream } from '../support/streams.js';

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-watch-');
});
afterAll(() => removeFolder(folder));

async function until(condition: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readOr = (file: string): Promise<string> => readFile(file, 'utf8').catch(() => '');

describe('watching folders', () => {
  it('answers a burst of changes with one rebuild, ignores the output folder, and stops on the signal', async () => {
    const watched = path.join(folder, 'watched');
    const output = path.join(watched, 'out');
    const source = await changedSource({});
    await cp(source, watched, { recursive: true });
    await removeFolder(source);
    await mkdir(output, { recursive: true });
    const stop = new AbortController();
    let rebuilds = 0;
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const watching = watchFolders([watched], { ignore: [output], signal: stop.signal, settle: 200, onReady: ready }, () => {
      rebuilds += 1;
      return Promise.resolve();
    });
    await isReady;
    const chapter = path.join(watched, 'chapters/japan/coordination.md');
    const text = await readFile(chapter, 'utf8');
    for (let save = 0; save < 5; save += 1) await writeFile(chapter, `${text}\n<!-- save ${String(save)} -->\n`);
    await until(() => Promise.resolve(rebuilds === 1), 'the rebuild');
    await writeFile(path.join(output, 'index.html'), 'written by a build');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(rebuilds).toBe(1);
    stop.abort();
    await watching;
  });

  it('sees every save by rename, as vim, JetBrains editors and sed -i save, not only the first', async () => {
    const watched = path.join(folder, 'renamed');
    const source = await changedSource({});
    await cp(source, watched, { recursive: true });
    await removeFolder(source);
    const stop = new AbortController();
    let rebuilds = 0;
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const watching = watchFolders([watched], { ignore: [], signal: stop.signal, settle: 100, onReady: ready }, () => {
      rebuilds += 1;
      return Promise.resolve();
    });
    await isReady;
    const chapter = path.join(watched, 'chapters/japan/coordination.md');
    for (let save = 1; save <= 3; save += 1) {
      // An editor's atomic save: the new text under another name, renamed over the file.
      const temporary = `${chapter}.swp`;
      await writeFile(temporary, `${await readFile(chapter, 'utf8')}\n<!-- save ${String(save)} -->\n`);
      await rename(temporary, chapter);
      await until(() => Promise.resolve(rebuilds === save), `the rebuild after save ${String(save)}`, 5_000);
    }
    // sed -i writes a new file and renames it too.
    for (let save = 4; save <= 6; save += 1) {
      await promisify(execFile)('sed', ['-i', `s/Japan[0-9]* falls/Japan${String(save)} falls/`, chapter]);
      await until(() => Promise.resolve(rebuilds === save), `the rebuild after sed -i number ${String(save - 3)}`, 5_000);
    }
    stop.abort();
    await watching;
  });
});

describe('rubricpress build --watch', () => {
  it('builds, rebuilds when a chapter is edited (from the cache but for that chapter), and ends with exit code 0 when stopped', { timeout: 90_000 }, async () => {
    const source = await changedSource({});
    const out = path.join(folder, 'out');
    const stderr = new CollectingStream();
    const stop = new AbortController();
    const running = main(['build', source, '--out', out, '--format', 'html', '--watch'], { stdout: new CollectingStream(), stderr, env: {}, signal: stop.signal });
    try {
      const page = path.join(out, 'html/japan/coordination.html');
      await until(() => Promise.resolve(stderr.text.includes('watching')), 'the first build');
      expect(await readOr(page)).not.toContain('A sentence added while watching.');
      const chapter = path.join(source, 'chapters/japan/coordination.md');
      await writeFile(chapter, (await readFile(chapter, 'utf8')).replace(':::key-findings\n', ':::key-findings\nA sentence added while watching.\n\n'));
      await until(async () => (await readOr(page)).includes('A sentence added while watching.'), 'the rebuilt chapter');
      await until(() => Promise.resolve(stderr.text.match(/^rubricpress: wrote/gm)?.length === 2), 'the rebuild’s summary');
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    const summaries = stderr.text.match(/^rubricpress: wrote .*$/gm) ?? [];
    expect(summaries).toHaveLength(2);
    expect(summaries[1]).toMatch(/wrote 2 files for 1 chapter/);
    await removeFolder(source);
  });
});
