/**
 * A build never replaces an output an editor saved over: the changed file is kept aside, beside the
 * original (`coordination.edited.docx`), and the build says so and points at `rubricpress import`.
 */
import { readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { changedSource, removeFolder, sampleSource, temporaryFolder, templatesDir } from '../support/build.js';
import { runCli } from '../support/cli.js';
import { bookkeepingOf } from '../../src/build/out-folder.js';
import { processStartTime } from '../../src/build/lock.js';
import { ExitCode } from '../../src/cli/main.js';

let folder: string;
let out: string;
const docxPath = 'docx/japan/coordination.docx';

beforeEach(async () => {
  folder = await temporaryFolder();
  out = path.join(folder, 'out');
});
afterEach(async () => {
  await removeFolder(folder);
});

const buildDocx = (cache: boolean) =>
  build({ sourceDir: sampleSource, outDir: out, templatesDir, formats: ['docx'], strict: false, write: true, verify: false, jobs: 1, ...(cache ? { cacheDir: path.join(out, '.cache') } : {}) });

/** The DOCX as LibreOffice or Word saves it: the same package, their name as its application. */
function savedByAnEditor(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const app = files['docProps/app.xml'];
  if (app) files['docProps/app.xml'] = strToU8(strFromU8(app).replace(/<Application>[^<]*<\/Application>/, '<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</Application>'));
  return zipSync(files);
}

describe('outputs an editor changed', () => {
  it('are kept aside before a build replaces them, named to sort beside the original; nothing else is', async () => {
    expect((await buildDocx(true)).keptAside).toEqual([]);
    const target = path.join(out, docxPath);
    const edited = savedByAnEditor(new Uint8Array(await readFile(target)));
    await writeFile(target, edited);
    const rebuilt = await buildDocx(true);
    expect(rebuilt.ok).toBe(true);
    expect(rebuilt.keptAside).toEqual([{ path: docxPath, keptAs: 'docx/japan/coordination.edited.docx' }]);
    expect(new Uint8Array(await readFile(path.join(out, 'docx/japan/coordination.edited.docx')))).toEqual(edited);
    // The output is rubricpress's again; a build with nothing changed keeps nothing more aside.
    expect(strFromU8(unzipSync(new Uint8Array(await readFile(target)))['docProps/app.xml'] ?? new Uint8Array())).toContain('<Application>rubricpress');
    expect((await buildDocx(true)).keptAside).toEqual([]);
    // A second edit goes beside the first.
    await writeFile(target, edited);
    expect((await buildDocx(true)).keptAside).toEqual([{ path: docxPath, keptAs: 'docx/japan/coordination.edited-2.docx' }]);
    expect((await readdir(path.join(out, 'docx/japan'))).sort()).toEqual(['coordination.docx', 'coordination.edited-2.docx', 'coordination.edited.docx']);
  });

  it('without the cache’s record, a DOCX another program saved is kept aside, and one rubricpress wrote is replaced', async () => {
    await buildDocx(false);
    const target = path.join(out, docxPath);
    const ours = new Uint8Array(await readFile(target));
    expect((await buildDocx(false)).keptAside).toEqual([]);
    await writeFile(target, savedByAnEditor(ours));
    expect((await buildDocx(false)).keptAside).toEqual([{ path: docxPath, keptAs: 'docx/japan/coordination.edited.docx' }]);
  });

  it('the command says where the edited file is and how to import it into which source folder', async () => {
    const source = await changedSource({});
    const args = ['build', source, '--out', out, '--format', 'docx', '--no-verify', '--jobs', '1'];
    expect((await runCli(args)).code).toBe(0);
    const target = path.join(out, docxPath);
    await writeFile(target, savedByAnEditor(new Uint8Array(await readFile(target))));
    const run = await runCli(args);
    expect(run.code).toBe(0);
    const kept = path.relative(process.cwd(), path.join(out, 'docx/japan/coordination.edited.docx'));
    expect(run.stderr).toContain(`it is kept as ${kept}. Bring its edits into the source with: rubricpress import ${kept} ${path.relative(process.cwd(), source)}`);
    await removeFolder(source);
  });

  it('without a cache at all, the folder’s manifest tells: a page changed by hand is kept aside, one rubricpress wrote is replaced', async () => {
    const html = () => build({ sourceDir: sampleSource, outDir: out, templatesDir, formats: ['html'], strict: false, write: true, verify: false, jobs: 1 });
    expect((await html()).keptAside).toEqual([]);
    const page = path.join(out, 'html/japan/coordination.html');
    const changed = (await readFile(page, 'utf8')).replace('</body>', '<p>corrected by hand</p></body>');
    await writeFile(page, changed);
    expect((await html()).keptAside).toEqual([{ path: 'html/japan/coordination.html', keptAs: 'html/japan/coordination.edited.html' }]);
    expect(await readFile(path.join(out, 'html/japan/coordination.edited.html'), 'utf8')).toBe(changed);
    expect(await readFile(page, 'utf8')).not.toContain('corrected by hand');
    // The manifest lists the edition only, never the file kept aside.
    expect(await readFile(bookkeepingOf(out).manifest, 'utf8')).not.toContain('edited');
  });

  it('a link where an output goes is kept aside as a link; what it leads to is not touched', async () => {
    await buildDocx(false);
    const target = path.join(out, docxPath);
    const elsewhere = path.join(folder, 'elsewhere.docx');
    await writeFile(elsewhere, 'not rubricpress’s');
    await rm(target);
    await symlink(elsewhere, target);
    expect((await buildDocx(false)).keptAside).toEqual([{ path: docxPath, keptAs: 'docx/japan/coordination.edited.docx' }]);
    expect(await readFile(elsewhere, 'utf8')).toBe('not rubricpress’s');
    expect(await readFile(path.join(out, 'docx/japan/coordination.edited.docx'), 'utf8')).toBe('not rubricpress’s');
  });
});

describe('keeping aside is part of the journalled commit', () => {
  // The commit renames three files: the chapter's DOCX, the edited one under its aside name, the manifest.
  const args = () => ['build', sampleSource, '--out', out, '--format', 'docx', '--no-verify', '--no-cache', '--jobs', '1'];
  const editorsDocx = async (): Promise<Uint8Array> => {
    expect((await runCli(args())).code).toBe(ExitCode.ok);
    const target = path.join(out, docxPath);
    const edited = savedByAnEditor(new Uint8Array(await readFile(target)));
    await writeFile(target, edited);
    return edited;
  };
  const docxFiles = async (): Promise<Map<string, Uint8Array>> => {
    const names = (await readdir(path.join(out, 'docx/japan'))).sort();
    return new Map(await Promise.all(names.map(async (name) => [name, new Uint8Array(await readFile(path.join(out, 'docx/japan', name)))] as const)));
  };

  it.each([
    { fault: 'commit:after-backup', kept: false },
    { fault: 'commit:after-journal', kept: true },
    { fault: 'commit:after-rename:1', kept: true },
    { fault: 'commit:after-rename:2', kept: true },
    { fault: 'commit:before-journal-removal', kept: true },
  ])('a build stopped at $fault: the next command finishes or undoes it, and the editor’s file is whole under one name', async ({ fault, kept }) => {
    const edited = await editorsDocx();
    expect((await runCli(args(), { RUBRICPRESS_FAULT: `${fault}:abandon` })).code).toBe(ExitCode.internal);
    // verify opens the folder: it finishes (or undoes) the stopped commit first.
    await runCli(['verify', sampleSource, '--out', out, '--format', 'docx']);
    const files = await docxFiles();
    expect([...files.keys()]).toEqual(kept ? ['coordination.docx', 'coordination.edited.docx'] : ['coordination.docx']);
    expect(files.get(kept ? 'coordination.edited.docx' : 'coordination.docx')).toEqual(edited);
    expect(await readdir(bookkeepingOf(out).staging)).toEqual([]);
    expect(await readdir(bookkeepingOf(out).backup)).toEqual([]);
  });

  it('import of the kept file after a build stopped before it was in place: import finishes the commit first, then reads it whole', async () => {
    await editorsDocx();
    expect((await runCli(args(), { RUBRICPRESS_FAULT: 'commit:after-journal:abandon' })).code).toBe(ExitCode.internal);
    const kept = path.join(out, 'docx/japan/coordination.edited.docx');
    expect((await readdir(path.join(out, 'docx/japan'))).sort()).toEqual(['coordination.docx']);
    const source = await changedSource({});
    try {
      const run = await runCli(['import', kept, source]);
      expect(run.code).toBe(ExitCode.ok);
      expect(run.stderr).toContain('a build was stopped while it put its 4 files in place; the remaining 5 were put in place');
      expect(run.stderr).toContain('no change');
      expect((await readdir(path.join(out, 'docx/japan'))).sort()).toEqual(['coordination.docx', 'coordination.edited.docx']);
    } finally {
      await removeFolder(source);
    }
  });

  it.each([1, 2])('an I/O error after rename %i: undone, the editor’s file back where it was and no aside left (exit 4)', async (count) => {
    const edited = await editorsDocx();
    expect((await runCli(args(), { RUBRICPRESS_FAULT: `commit:after-rename:${String(count)}:error` })).code).toBe(ExitCode.output);
    const files = await docxFiles();
    expect([...files.keys()]).toEqual(['coordination.docx']);
    expect(files.get('coordination.docx')).toEqual(edited);
  });
});

describe('rubricpress import of a DOCX in an output folder', () => {
  it('holds that folder’s lock while it reads: a folder in use is not read (exit 4), and the source is not changed', async () => {
    const source = await changedSource({});
    const args = ['build', source, '--out', out, '--format', 'docx', '--no-verify', '--jobs', '1'];
    expect((await runCli(args)).code).toBe(0);
    const before = await readFile(path.join(source, 'chapters/japan/coordination.md'), 'utf8');
    await writeFile(bookkeepingOf(out).lock, JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) ?? null, boot: (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim(), command: 'build', since: '2024-06-01T12:00:00.000Z', token: 'a'.repeat(32) }));
    const run = await runCli(['import', path.join(out, docxPath), source]);
    expect(run.code).toBe(ExitCode.output);
    expect(run.stderr).toContain('is in use by rubricpress build');
    await rm(bookkeepingOf(out).lock);
    // Free again: the unedited DOCX imports as no change at all.
    const free = await runCli(['import', path.join(out, docxPath), source]);
    expect(free.code).toBe(ExitCode.ok);
    expect(free.stderr).toContain('no change');
    expect(await readFile(path.join(source, 'chapters/japan/coordination.md'), 'utf8')).toBe(before);
    await removeFolder(source);
  });

  it('an output folder inside the source folder is refused as every command refuses it (exit 2)', async () => {
    const source = await changedSource({});
    const inside = path.join(source, 'out');
    expect((await runCli(['build', sampleSource, '--out', inside, '--format', 'docx', '--no-verify', '--no-cache', '--jobs', '1'])).code).toBe(0);
    const run = await runCli(['import', path.join(inside, docxPath), source]);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toContain('lies inside the source folder');
    await removeFolder(source);
  });

  it('a FIFO named like a DOCX is refused at once, not waited on', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = path.join(folder, 'edited.docx');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['import', fifo, sampleSource]);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toContain('it is a named pipe (FIFO)');
  });
});
