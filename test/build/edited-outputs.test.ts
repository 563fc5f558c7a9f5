/**
 * A build never replaces an output an editor saved over: the changed file is kept aside, beside the
 * original (`coordination.edited.docx`), and the build says so and points at `rubricpress import`.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { changedSource, removeFolder, sampleSource, temporaryFolder, templatesDir } from '../support/build.js';
import { runCli } from '../support/cli.js';

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
});
