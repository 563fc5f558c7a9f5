/**
 * The Nu Html Checker (npm's vnu-jar, run on the installed Java) finds no errors in any HTML file of
 * a build: the index and every chapter. A copy with a duplicated id, checked in the same run, shows
 * that the checker reads the files it is given. scripts/install-clients installs Java.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../support/build.js';
import { requireProgram, runProgram } from '../support/clients.js';

/** vnu-jar's main export is the path of vnu.jar. */
const vnuJar = String(createRequire(import.meta.url)('vnu-jar') as unknown);

interface VnuMessage {
  readonly type: string;
  readonly subType?: string;
  readonly url?: string;
  readonly lastLine?: number;
  readonly firstColumn?: number;
  readonly message: string;
  readonly extract?: string;
}

let folder: string;
let htmlFiles: string[];
let brokenFile: string;
/** Errors by checked file. */
let errors: Map<string, string[]>;

function describeMessage(message: VnuMessage): string {
  const place = message.lastLine === undefined ? '' : `:${message.lastLine}:${message.firstColumn ?? 0}`;
  const extract = message.extract ? ` in “${message.extract.replace(/\s+/g, ' ').trim()}”` : '';
  return `${message.type}${message.subType ? `/${message.subType}` : ''}${place} ${message.message}${extract}`;
}

beforeAll(async () => {
  requireProgram('java', 'default-jre-headless');
  folder = await temporaryFolder();
  const built = await buildInto(path.join(folder, 'out'), { formats: ['html'] });
  expect(built.result.ok).toBe(true);
  const htmlDir = path.join(folder, 'out/html');
  htmlFiles = (await readdir(htmlDir, { recursive: true }))
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => path.join(htmlDir, name));
  const chapter = await readFile(path.join(htmlDir, 'japan/coordination.html'), 'utf8');
  brokenFile = path.join(folder, 'broken.html');
  await writeFile(brokenFile, chapter.replace('</body>', '<p id="key-findings">A second element with this id.</p>\n</body>'));

  const run = await runProgram('java', ['-jar', vnuJar, '--format', 'json', '--errors-only', ...htmlFiles, brokenFile]);
  // The checker prints its JSON report on standard error, and exits with 1 when it found errors.
  const report = JSON.parse(run.stderr.trim() || run.stdout.trim()) as { messages: VnuMessage[] };
  errors = new Map([...htmlFiles, brokenFile].map((file) => [file, []]));
  for (const message of report.messages) {
    const file = message.url?.startsWith('file:') ? fileURLToPath(message.url) : undefined;
    const list = file === undefined ? undefined : errors.get(file);
    if (list) list.push(describeMessage(message));
    else throw new Error(`vnu reported on something it was not given: ${describeMessage(message)} (${message.url ?? 'no url'})`);
  }
}, 180_000);
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

describe('the HTML edition in the Nu Html Checker', () => {
  it('checks the index and every chapter', () => {
    const names = htmlFiles.map((file) => path.relative(path.join(folder, 'out/html'), file));
    expect(names).toContain('index.html');
    expect(names).toContain(path.join('japan', 'coordination.html'));
  });

  it('finds no errors in any HTML file', () => {
    for (const file of htmlFiles) expect(errors.get(file), path.relative(folder, file)).toEqual([]);
  });

  it('does report an error it is shown (a duplicated id)', () => {
    expect(errors.get(brokenFile)?.join('\n')).toMatch(/Duplicate ID “key-findings”/);
  });
});
