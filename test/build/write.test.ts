import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverCommit } from '../../src/build/commit.js';
import { Staging, writeOutputsAtomically } from '../../src/build/write.js';
import { buildInto, changedSource, removeFolder, replaceOnce, temporaryFolder } from '../support/build.js';
import { sampleHtmlFiles } from '../support/site.js';

let folder: string;
beforeEach(async () => {
  folder = await temporaryFolder();
});
afterEach(() => removeFolder(folder));

/** The files below `root`, without rubricpress's bookkeeping (`.rubricpress/`: the lock, journal and manifest). */
async function filesBelow(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !relative.startsWith('.rubricpress'))
    .sort();
}

describe('atomic writes', () => {
  it('writes every output, creating folders', async () => {
    await writeOutputsAtomically(folder, [
      { path: 'html/a/b.html', contents: 'one' },
      { path: 'html/index.html', contents: new TextEncoder().encode('two') },
    ]);
    expect(await filesBelow(folder)).toEqual(['html/a/b.html', 'html/index.html']);
    expect(await readFile(path.join(folder, 'html/index.html'), 'utf8')).toBe('two');
  });

  it('replaces nothing when a target turns out to be a folder, and says so', async () => {
    await mkdir(path.join(folder, 'html/japan/coordination.html'), { recursive: true });
    await writeFile(path.join(folder, 'html/index.html'), 'earlier edition');
    const staging = new Staging(folder);
    await staging.stage({ path: 'html/index.html', contents: 'new edition' });
    await staging.stage({ path: 'html/japan/coordination.html', contents: 'a chapter' });
    await expect(staging.commit([])).rejects.toThrow(/is a folder, where a file is to go.*Nothing was changed there/);
    expect(await readFile(path.join(folder, 'html/index.html'), 'utf8')).toBe('earlier edition');
    expect(await filesBelow(folder)).toEqual(['html/index.html']);
  });

  it('writes nothing more once aborted (a chapter that finishes after the build failed)', async () => {
    const staging = new Staging(folder);
    await staging.stage({ path: 'html/index.html', contents: 'one' });
    await staging.abort();
    await expect(staging.hold('html/late.html', 'too late')).rejects.toThrow(/stopped/);
    expect(await filesBelow(folder)).toEqual([]);
  });

  it('removes what builds that were killed left in the staging folder, and nothing else', async () => {
    await mkdir(path.join(folder, '.rubricpress/staging/4194305-0123456789abcdef'), { recursive: true });
    await writeFile(path.join(folder, '.rubricpress/staging/4194305-0123456789abcdef/1'), 'half a file');
    await mkdir(path.join(folder, 'html'), { recursive: true });
    await writeFile(path.join(folder, 'html/notes.1-2.tmp'), 'not ours');
    await writeFile(path.join(folder, '.rubricpress/staging/notes.txt'), 'not named as ours either');
    await recoverCommit(folder);
    expect(await readdir(path.join(folder, '.rubricpress/staging'))).toEqual(['notes.txt']);
    expect(await filesBelow(folder)).toEqual(['html/notes.1-2.tmp']);
  });

  it('leaves the earlier files untouched and no temporary files behind when one write fails', async () => {
    await mkdir(path.join(folder, 'html'), { recursive: true });
    await writeFile(path.join(folder, 'html/index.html'), 'earlier edition');
    await writeFile(path.join(folder, 'blocker'), 'a file where a folder is needed');
    await expect(
      writeOutputsAtomically(folder, [
        { path: 'html/index.html', contents: 'new edition' },
        { path: 'blocker/chapter.html', contents: 'cannot be written' },
      ]),
    ).rejects.toThrow();
    expect(await readFile(path.join(folder, 'html/index.html'), 'utf8')).toBe('earlier edition');
    expect(await filesBelow(folder)).toEqual(['blocker', 'html/index.html']);
  });
});

describe('a failed build', () => {
  it('writes nothing and keeps the previous edition as it was', async () => {
    const outDir = path.join(folder, 'out');
    const good = await buildInto(outDir);
    expect(good.result.ok).toBe(true);
    const before = await readFile(path.join(outDir, 'html/japan/coordination.html'), 'utf8');
    const broken = await changedSource({ 'chapters/japan/coordination.md': replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}') });
    try {
      const failed = await buildInto(outDir, { sourceDir: broken });
      expect(failed.result.ok).toBe(false);
      expect(failed.result.written).toEqual([]);
    } finally {
      await removeFolder(broken);
    }
    expect(await readFile(path.join(outDir, 'html/japan/coordination.html'), 'utf8')).toBe(before);
    expect(await filesBelow(outDir)).toEqual([...sampleHtmlFiles, 'data/codebook.json', 'data/scores.csv', 'data/scores.json'].sort());
  });
});
