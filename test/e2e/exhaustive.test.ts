/**
 * The handler tables are exhaustive at compile time, proved on a copy of src/ with a node kind added:
 *
 * - a block kind added to the report tree does not compile until the presentation step and the
 *   agreement check handle it (and nothing else has to: the writers never see the tree);
 * - a kind added to the document model does not compile until every writer handles it (and the
 *   model's walk says what it holds);
 * - a phrasing kind added to the report tree (it passes through the model) does not compile until
 *   every writer's content table and the agreement check's text table handle it.
 *
 * Each case type-checks the copy with tsc (about 10 s each on 2 cores), hence the end-to-end tier.
 */
import { execFile } from 'node:child_process';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, removeFolder, temporaryFolder } from '../support/build.js';

const run = promisify(execFile);

/**
 * One case type-checks a copy of src/: 10–20 s on 2 idle cores, but 70–120 s was seen with the
 * machine at load 14 (a clean-clone check beside three other builds), which failed at 120 s.
 */
const tscTimeout = 360_000;

let folder: string;

beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-exhaustive-');
});
afterAll(() => removeFolder(folder));

/** A copy of src/ with `change` applied to some of its files; tsc's errors on it, by file. */
async function errorsWith(name: string, change: Readonly<Record<string, (text: string) => string>>): Promise<Map<string, string[]>> {
  const root = path.join(folder, name);
  await cp(path.join(projectRoot, 'src'), path.join(root, 'src'), { recursive: true });
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) await cp(path.join(projectRoot, file), path.join(root, file));
  await symlink(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
  for (const [file, edit] of Object.entries(change)) {
    const target = path.join(root, file);
    const before = await readFile(target, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`The change to ${file} changed nothing.`);
    await writeFile(target, after);
  }
  const tsc = path.join(projectRoot, 'node_modules/typescript/bin/tsc');
  const output = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noEmit', '--incremental', 'false', '--pretty', 'false'], { cwd: root }).then(
    ({ stdout }) => stdout,
    (error: unknown) => (error as { stdout: string }).stdout,
  );
  const errors = new Map<string, string[]>();
  for (const [, file = '', message = ''] of output.matchAll(/^(\S+?)\(\d+,\d+\): error TS\d+: (.*)$/gm)) errors.set(file, [...(errors.get(file) ?? []), message]);
  return errors;
}

function insertAfter(anchor: string, addition: string): (text: string) => string {
  return (text) => text.replace(anchor, `${anchor}${addition}`);
}

describe('the handler tables, on a copy of src/ with a kind added', () => {
  it('compiles the copy as it is', async () => {
    expect(await errorsWith('unchanged', { 'src/tree/types.ts': (text) => `${text}\n` })).toEqual(new Map());
  }, tscTimeout);

  it('a block kind of the report tree: fails in the presentation step and the agreement check only', async () => {
    const errors = await errorsWith('tree-block', {
      'src/tree/types.ts': (text) =>
        insertAfter('  bibliographyEntry: BibliographyEntry;\n', '  figure: Figure;\n')(text) +
        '\n/** A chart, drawn from numbers. */\nexport interface Figure extends Parent {\n  type: \'figure\';\n  alt: string;\n  children: PhrasingContent[];\n  data?: Data;\n}\n',
    });
    expect([...errors.keys()].sort()).toEqual(['src/present/present.ts', 'src/verify/expected.ts']);
    for (const messages of errors.values()) expect(messages.join('\n')).toContain('figure');
  }, tscTimeout);

  it('a kind of the document model: fails in every writer (and the model walk) until each handles it', async () => {
    const errors = await errorsWith('model-kind', {
      'src/document/model.ts': (text) =>
        insertAfter('  bibliography: Bibliography;\n', '  figure: Figure;\n')(text) + '\n/** A chart, with its alternative text. */\nexport interface Figure {\n  readonly kind: \'figure\';\n  readonly alt: string;\n}\n',
    });
    expect([...errors.keys()].sort()).toEqual(['src/document/walk.ts', 'src/render/docx/handlers.ts', 'src/render/html/handlers.ts', 'src/render/pdf/handlers.ts']);
    for (const file of ['src/render/docx/handlers.ts', 'src/render/html/handlers.ts', 'src/render/pdf/handlers.ts']) expect(errors.get(file)?.join('\n')).toContain('figure');
  }, tscTimeout);

  it('a phrasing kind of the report tree: fails in every writer’s content table and the agreement check’s text table', async () => {
    const errors = await errorsWith('tree-phrasing', {
      'src/tree/types.ts': (text) =>
        insertAfter('export interface ReportPhrasingMap {\n  citation: Citation;\n', '  abbreviation: Abbreviation;\n')(text) +
        '\n/** An abbreviation and what it stands for (a kind that does not exist: the test adds it). */\nexport interface Abbreviation extends Parent {\n  type: \'abbreviation\';\n  expansion: string;\n  children: PhrasingContent[];\n  data?: Data;\n}\n',
    });
    expect([...errors.keys()].sort()).toEqual(['src/render/docx/content.ts', 'src/render/html/handlers.ts', 'src/render/pdf/content.ts', 'src/verify/expected.ts']);
    for (const messages of errors.values()) expect(messages.join('\n')).toContain('abbreviation');
  }, tscTimeout);
});
