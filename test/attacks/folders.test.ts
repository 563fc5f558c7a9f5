/**
 * Attacks through where rubricpress is told to write: an output folder or a cache that overlaps what
 * it reads, a cache folder holding someone else's files, a link inside the output folder that leads
 * elsewhere. Each is refused before anything is read or written (exit 2, or 4 for what is found only
 * when writing), and the source, the cache's foreign files and the earlier edition stay as they were.
 */
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheMarkerName } from '../../src/build/cache-marker.js';
import { checkFolders, FolderError } from '../../src/build/folders.js';
import { ExitCode } from '../../src/cli/main.js';
import { removeFolder, sampleSource, temporaryFolder, templatesDir } from '../support/build.js';
import { runCli } from '../support/cli.js';
import { expectOutcome, snapshotTree } from './support.js';

let root: string;
let source: string;
let sourceBefore: Map<string, string>;

beforeAll(async () => {
  root = await temporaryFolder('rubricpress-attack-folders-');
  source = path.join(root, 'source');
  await cp(sampleSource, source, { recursive: true });
  sourceBefore = await snapshotTree(source);
});
afterAll(() => removeFolder(root));

/** Runs the command and checks it was refused as a wrong use (exit 2) with every problem named, the source untouched. */
async function expectUsage(args: readonly string[], says: readonly (string | RegExp)[]): Promise<void> {
  const run = await runCli(args);
  expectOutcome(run, { code: ExitCode.usage, says });
  expect(await snapshotTree(source)).toEqual(sourceBefore);
}

describe('folders that overlap what rubricpress reads', () => {
  it('`build . --cache .` from inside the source folder is refused, and every chapter stays (it deleted them before)', async () => {
    await expectUsage(['build', source, '--cache', source, '--out', path.join(root, 'out-a')], [/the cache folder \S+ is the source folder/]);
  });

  it('an output folder inside the source folder', async () => {
    await expectUsage(['build', source, '--out', path.join(source, 'out')], [/the output folder \S+ lies inside the source folder/]);
  });

  it('an output folder that holds the source folder', async () => {
    await expectUsage(['build', source, '--out', root], [/the output folder \S+ holds the source folder/]);
  });

  it('an output folder inside the templates folder', async () => {
    await expectUsage(['build', source, '--out', path.join(templatesDir, 'out')], [/the output folder \S+ lies inside the templates folder/]);
  });

  it('a cache reached through a link into the source folder (links are resolved first)', async () => {
    const link = path.join(root, 'cache-link');
    await symlink(path.join(source, 'chapters'), link);
    await expectUsage(['build', source, '--out', path.join(root, 'out-b'), '--cache', link], [/the cache folder \S+ lies inside the source folder/]);
  });

  it('an output folder inside the cache folder, and the cache as the output folder', async () => {
    const cache = path.join(root, 'cache-c');
    await expectUsage(['build', source, '--out', path.join(cache, 'out'), '--cache', cache], [/lies inside the cache folder/]);
    await expectUsage(['build', source, '--out', cache, '--cache', cache], [/is the cache folder/]);
  });

  it('verify and release are held to the same rule', async () => {
    await expectUsage(['verify', source, '--out', path.join(source, 'out')], [/lies inside the source folder/]);
    await expectUsage(['release', source, '--out', path.join(source, 'release')], [/lies inside the source folder/]);
  });

  it('the one check takes the folders however they arrive (the project file will give them too)', async () => {
    await expect(checkFolders({ sourceDir: source, templatesDir, outDir: path.join(source, 'x') })).rejects.toThrow(FolderError);
    await expect(checkFolders({ sourceDir: source, templatesDir, outDir: path.join(root, 'fine'), cacheDir: path.join(root, 'fine', '.cache') })).resolves.toBeUndefined();
  });
});

describe('the cache owns only what it made', () => {
  it('a cache folder holding someone else’s files is refused, and they stay', async () => {
    const cache = path.join(root, 'notes');
    await mkdir(path.join(cache, 'chapters'), { recursive: true });
    await writeFile(path.join(cache, 'chapters', 'draft.md'), 'my draft');
    await writeFile(path.join(cache, 'todo.txt'), 'my list');
    await expectUsage(['build', source, '--out', path.join(root, 'out-d'), '--cache', cache], [/the cache folder \S+ holds files rubricpress did not write/]);
    expect(await readFile(path.join(cache, 'chapters', 'draft.md'), 'utf8')).toBe('my draft');
    expect(await readFile(path.join(cache, 'todo.txt'), 'utf8')).toBe('my list');
  });

  it('a cache that is a file is refused', async () => {
    const file = path.join(root, 'cache-file');
    await writeFile(file, 'not a folder');
    await expectUsage(['build', source, '--out', path.join(root, 'out-e'), '--cache', file], [/is not a folder/]);
  });

  it('a new cache folder is marked as rubricpress’s; a cache of the layout before the mark is adopted', async () => {
    const out = path.join(root, 'out-f');
    const built = await runCli(['build', source, '--out', out, '--format', 'html', '--no-verify']);
    expect(built.code, built.stderr).toBe(ExitCode.ok);
    expect(await readdir(path.join(out, '.cache'))).toContain(cacheMarkerName);
    const legacy = path.join(root, 'legacy-cache');
    await cp(path.join(out, '.cache'), legacy, { recursive: true, filter: (from) => path.basename(from) !== cacheMarkerName });
    const again = await runCli(['build', source, '--out', out, '--format', 'html', '--no-verify', '--cache', legacy]);
    expect(again.code, again.stderr).toBe(ExitCode.ok);
    expect(await readdir(legacy)).toContain(cacheMarkerName);
  });
});

describe('the output folder', () => {
  it('a link inside the output folder that leads elsewhere is not written through (exit 4), and nothing there changes', async () => {
    const out = path.join(root, 'out-g');
    const elsewhere = path.join(root, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'keep.txt'), 'mine');
    await mkdir(out);
    await symlink(elsewhere, path.join(out, 'html'));
    const run = await runCli(['build', source, '--out', out, '--format', 'html', '--no-verify']);
    expectOutcome(run, { code: ExitCode.output, says: ['is a symbolic link; rubricpress writes only into real folders inside the output folder', 'Nothing was changed there'] });
    expect(await readdir(elsewhere)).toEqual(['keep.txt']);
  });

  it('verify without an output folder says one thing: build first (exit 4), not also "a fault in rubricpress"', async () => {
    const run = await runCli(['verify', source, '--out', path.join(root, 'never-built')]);
    expectOutcome(run, { code: ExitCode.output, says: [/there is no output folder \S+never-built, so there is nothing to verify\. Build the editions first/] });
    expect(run.stderr).not.toMatch(/fault|edition-disagrees/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('verify says which edition the folder holds, and when it differs from what its last build wrote', async () => {
    const out = path.join(root, 'out-h');
    expect((await runCli(['build', source, '--out', out, '--format', 'html', '--no-verify'])).code).toBe(ExitCode.ok);
    const fine = await runCli(['verify', source, '--out', out, '--format', 'html']);
    expectOutcome(fine, { code: ExitCode.ok, says: [/holds the complete edition its last build wrote \(25 files, edition [0-9a-f]{12}\)/] });
    await writeFile(path.join(out, 'html/index.html'), 'changed by hand');
    const changed = await runCli(['verify', source, '--out', out, '--format', 'html']);
    expect(changed.stderr).toMatch(/differs from the edition its last build wrote \(edition [0-9a-f]{12}\): html\/index\.html is missing or changed/);
  });

  it("a cloned project's rubricpress.yaml that points the output at the user's home is refused before anything is written", async () => {
    const project = path.join(root, 'cloned-project');
    const home = path.join(root, 'home');
    await mkdir(home, { recursive: true });
    await writeFile(path.join(home, '.bashrc'), 'keep');
    await cp(source, path.join(project, 'source'), { recursive: true });
    await writeFile(path.join(project, 'rubricpress.yaml'), 'source: source\nout: ../home\n');
    const run = await runCli(['build', '--project', path.join(project, 'rubricpress.yaml')]);
    expectOutcome(run, { code: ExitCode.usage, rule: 'project-path-outside', at: path.join(project, 'rubricpress.yaml'), says: [/out: "\.\.\/home" leads outside the project's folder/] });
    expect(await readdir(home)).toEqual(['.bashrc']);
  });

  it("a project file's cache over its own source is refused as the flag would be, and every chapter stays", async () => {
    const project = path.join(root, 'cache-over-source');
    await cp(source, path.join(project, 'source'), { recursive: true });
    await writeFile(path.join(project, 'rubricpress.yaml'), 'source: source\ncache: source\nout: out\n');
    const run = await runCli(['build', '--project', path.join(project, 'rubricpress.yaml')]);
    expectOutcome(run, { code: ExitCode.usage, says: [/the cache folder \S+ is the source folder .*Give cache in rubricpress\.yaml a folder of its own/] });
    expect(await snapshotTree(path.join(project, 'source'))).toEqual(sourceBefore);
  });

  it("a project file's misspelt field is one positioned diagnostic, not a stack trace", async () => {
    const project = path.join(root, 'misspelt');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'rubricpress.yaml'), 'out: out\nformat: [html]\n');
    const run = await runCli(['check', '--project', path.join(project, 'rubricpress.yaml')]);
    expectOutcome(run, { code: ExitCode.usage, rule: 'project-field', at: path.join(project, 'rubricpress.yaml'), says: ['Did you mean `formats`?'] });
  });
});
