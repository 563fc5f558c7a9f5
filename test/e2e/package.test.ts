/**
 * The package as a new user gets it: `npm pack`, then `npm install -g` of the tarball into a fresh
 * prefix (its dependencies from the registry), then the installed `rubricpress` builds the sample,
 * and a TypeScript program compiles and runs against `import { build, check } from 'rubricpress'`.
 */
import { execFile } from 'node:child_process';
import { cp, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, removeFolder, sampleSource, temporaryFolder } from '../support/build.js';

const run = promisify(execFile);
let work: string;
let prefix: string;
let tarball: string;

beforeAll(async () => {
  work = await temporaryFolder('rubricpress-package-');
  prefix = path.join(work, 'prefix');
  const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: projectRoot });
  tarball = path.join(work, packed.stdout.trim().split('\n').at(-1) ?? '');
  // A clean environment: no project's node_modules, no npm cache of the project's settings.
  await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: work, timeout: 150_000 });
}, 170_000);
afterAll(async () => {
  await removeFolder(work);
});

describe('the npm package', () => {
  it('ships the compiled code, templates and docs, not the tests or sources', async () => {
    const listed = await run('tar', ['tzf', tarball]);
    const files = listed.stdout.split('\n').filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['package/bin/rubricpress.js', 'package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/cli/bin.js', 'package/templates/theme.yaml', 'package/LICENSE', 'package/CHANGELOG.md', 'package/README.md', 'package/docs/rules.md', 'package/schemas/edition.schema.json', 'package/schemas/front-matter.schema.json']));
    expect(files.filter((file) => file.startsWith('package/test/') || file.startsWith('package/src/') || file.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it('installs globally and builds the sample with the installed command', async () => {
    const source = path.join(work, 'my-edition');
    await cp(sampleSource, source, { recursive: true });
    const out = path.join(work, 'out');
    const result = await run(path.join(prefix, 'bin', 'rubricpress'), ['build', source, '--out', out, '--quiet'], { cwd: work, timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect((await readdir(path.join(out, 'pdf', 'japan'))).sort()).toEqual(['coordination.pdf']);
    expect((await readdir(path.join(out, 'docx', 'japan'))).sort()).toEqual(['coordination.docx']);
    expect((await readdir(path.join(out, 'html'))).sort()).toEqual(expect.arrayContaining(['index.html', 'japan']));
  });

  it('is imported with its types by a TypeScript program', async () => {
    const consumer = path.join(work, 'consumer');
    await cp(path.join(prefix, 'lib', 'node_modules'), path.join(consumer, 'node_modules'), { recursive: true });
    await writeFile(path.join(consumer, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(
      path.join(consumer, 'main.ts'),
      [
        "import { check, type CheckResult, type Diagnostic } from 'rubricpress';",
        'const result: CheckResult = await check({ source: process.argv[2] ?? "" });',
        'const rules: (string | null)[] = result.diagnostics.map((diagnostic: Diagnostic) => diagnostic.ruleId);',
        'console.log(JSON.stringify({ ok: result.ok, chapters: result.chapters, rules }));',
        '',
      ].join('\n'),
    );
    const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(projectRoot, 'node_modules', '@types'), 'main.ts'], { cwd: consumer });
    const checked = await run(process.execPath, ['main.js', sampleSource], { cwd: consumer });
    expect(JSON.parse(checked.stdout)).toEqual({ ok: true, chapters: 1, rules: [] });
  });
});
