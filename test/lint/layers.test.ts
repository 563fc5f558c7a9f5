/**
 * The layer rule of `npm run lint` (.dependency-cruiser.cjs): run as the lint runs it, on a small
 * copy of src/'s folders, it fails for each kind of forbidden import — a layer importing one above
 * it, a cycle, one writer importing another, the agreement check reading the model's anchors, a
 * vocabulary importing our code, shipped code importing the tools — and passes the imports the
 * layers allow. (The lint itself runs it on the real src/ and tools/.)
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, removeFolder, temporaryFolder } from '../support/build.js';

const run = promisify(execFile);

let folder: string;

/** Files of a small project laid out as rubricpress's: path → the modules it imports. */
async function project(files: Readonly<Record<string, readonly string[]>>): Promise<string> {
  const root = await mkdtemp(path.join(folder, 'project-'));
  await writeFile(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src', 'tools'] }));
  for (const [file, imports] of Object.entries(files)) {
    const lines = imports.map((target, index) => `import * as m${String(index)} from '${relative(file, target)}';\nexport const use${String(index)} = m${String(index)};`);
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), `${lines.join('\n')}\nexport const here = '${file}';\n`);
  }
  return root;
}

function relative(from: string, to: string): string {
  const target = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '.js');
  return target.startsWith('.') ? target : `./${target}`;
}

/** The lint's layer rule on a project, as `npm run lint` runs it: its exit code and the violations it prints (`rule: from → to`). */
async function lint(root: string): Promise<{ readonly code: number; readonly violations: readonly string[] }> {
  const bin = path.join(projectRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [bin, 'src', 'tools', '--config', path.join(projectRoot, '.dependency-cruiser.cjs')];
  const read = (code: number, output: string) => ({ code, violations: [...output.matchAll(/error (\S+): (\S+) →\s*(\S+)/g)].map(([, rule = '', from = '', to = '']) => `${rule}: ${from} → ${to}`).sort() });
  try {
    const { stdout } = await run(process.execPath, args, { cwd: root });
    return read(0, stdout);
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return read(failed.code, failed.stdout);
  }
}

beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-layers-');
});
afterAll(() => removeFolder(folder));

describe('the layer rule', () => {
  it('passes the imports the layers allow', async () => {
    const root = await project({
      'src/tree/types.ts': [],
      'src/document/model.ts': ['src/tree/types.ts'],
      'src/theme/theme.ts': [],
      'src/present/present.ts': ['src/document/model.ts', 'src/tree/types.ts', 'src/theme/theme.ts'],
      'src/vocabulary/pdf.ts': [],
      'src/render/problems.ts': [],
      'src/render/pdf/handlers.ts': ['src/document/model.ts', 'src/vocabulary/pdf.ts', 'src/render/problems.ts'],
      'src/verify/expected.ts': ['src/tree/types.ts', 'src/theme/theme.ts', 'src/vocabulary/pdf.ts'],
      'src/source/slug.ts': [],
      'tools/corpus/generate.ts': ['src/source/slug.ts'],
    });
    expect(await lint(root)).toEqual({ code: 0, violations: [] });
  });

  it('fails for each forbidden import, naming it and the rule', async () => {
    const root = await project({
      'src/tree/types.ts': ['src/source/edition.ts'],
      'src/source/edition.ts': [],
      'src/theme/load.ts': ['src/render/html/layout.ts'],
      'src/render/html/layout.ts': [],
      'src/render/pdf/handlers.ts': ['src/render/html/layout.ts'],
      'src/document/model.ts': [],
      'src/vocabulary/anchors.ts': ['src/document/model.ts'],
      'src/vocabulary/html.ts': ['src/document/model.ts'],
      'src/verify/expected.ts': ['src/vocabulary/anchors.ts', 'src/present/present.ts'],
      'src/present/present.ts': [],
      'src/parse/a.ts': ['src/parse/b.ts'],
      'src/parse/b.ts': ['src/parse/a.ts'],
      'src/build/corpus.ts': ['tools/corpus/generate.ts'],
      'tools/corpus/generate.ts': ['src/theme/load.ts'],
    });
    const { code, violations } = await lint(root);
    expect(code).not.toBe(0);
    expect(violations).toEqual(
      [
        'check-without-model: src/verify/expected.ts → src/vocabulary/anchors.ts',
        'no-circular: src/parse/a.ts → src/parse/b.ts',
        'not-in-allowed: src/build/corpus.ts → tools/corpus/generate.ts',
        'not-in-allowed: src/theme/load.ts → src/render/html/layout.ts',
        'not-in-allowed: src/tree/types.ts → src/source/edition.ts',
        'not-in-allowed: src/verify/expected.ts → src/present/present.ts',
        'not-in-allowed: tools/corpus/generate.ts → src/theme/load.ts',
        'vocabulary-standalone: src/vocabulary/html.ts → src/document/model.ts',
        'writers-apart: src/render/pdf/handlers.ts → src/render/html/layout.ts',
      ].sort(),
    );
  });
});
