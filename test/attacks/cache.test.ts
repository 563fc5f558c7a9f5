/**
 * Attacks through the cache: its records and files edited, as anyone who can write the cache folder
 * (a CI cache restored from another branch) could. A record is untrusted input: one that is not what
 * the cache writes is a miss (the chapter is built again, correctly), never a file written outside
 * the output folder, a forged country in the index, a hang on a device, or a crash.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.js';
import { removeFolder, sampleSource, temporaryFolder } from '../support/build.js';
import { runCli } from '../support/cli.js';
import { expectOutcome, hasControlCharacters, snapshotTree } from './support.js';

let root: string;
let out: string;
let slot: string;
let fresh: Map<string, string>;

/** Same settings every time, so that the cache is used. */
const build = (): ReturnType<typeof runCli> => runCli(['build', sampleSource, '--out', out, '--format', 'html', '--no-verify']);

beforeAll(async () => {
  root = await temporaryFolder('rubricpress-attack-cache-');
  const reference = path.join(root, 'reference');
  expect((await runCli(['build', sampleSource, '--out', reference, '--format', 'html', '--no-verify', '--no-cache'])).code).toBe(ExitCode.ok);
  fresh = await snapshotTree(path.join(reference, 'html'));
}, 60_000);
afterAll(() => removeFolder(root));

beforeEach(async () => {
  out = path.join(root, `out-${Math.random().toString(36).slice(2)}`);
  const first = await build();
  expect(first.code, first.stderr).toBe(ExitCode.ok);
  const slots = await readdir(path.join(out, '.cache/chapters'));
  expect(slots).toHaveLength(1);
  slot = path.join(out, '.cache/chapters', slots[0] ?? '');
});

async function editRecord(edit: (record: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(slot, 'record.json');
  const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(record);
  await writeFile(file, JSON.stringify(record));
}

function outputsOf(record: Record<string, unknown>): { path: string; sha256: string; size: number }[] {
  return record['outputs'] as { path: string; sha256: string; size: number }[];
}

/** Builds again and checks the build took nothing from the tampered record: the edition is what a build without a cache writes. */
async function expectMissAndCorrectEdition(): Promise<void> {
  const run = await build();
  expectOutcome(run, { code: ExitCode.ok });
  expect(run.stderr).not.toContain('from the cache');
  expect(await snapshotTree(path.join(out, 'html'))).toEqual(fresh);
}

describe('a tampered cache record is a miss', () => {
  it('an output path that leads out of the output folder: nothing is written there', async () => {
    await editRecord((record) => {
      const [first] = outputsOf(record);
      if (first) first.path = '../../escaped.html';
    });
    await expectMissAndCorrectEdition();
    expect(await readdir(root)).not.toContain('escaped.html');
  });

  it('an absolute output path', async () => {
    await editRecord((record) => {
      const [first] = outputsOf(record);
      if (first) first.path = path.join(root, 'absolute.html');
    });
    await expectMissAndCorrectEdition();
    expect(await readdir(root)).not.toContain('absolute.html');
  });

  it('another edition path (a forged country): the index lists the chapter’s own country, from its front matter', async () => {
    await editRecord((record) => {
      const [first] = outputsOf(record);
      if (first) first.path = 'html/forgedland/coordination.html';
      record['report'] = { type: 'report', country: 'Forgedland', countrySlug: 'forgedland' };
    });
    await expectMissAndCorrectEdition();
    const index = await readFile(path.join(out, 'html/index.html'), 'utf8');
    expect(index).toContain('Japan');
    expect(index).not.toContain('Forgedland');
  });

  it('a forged error among the messages', async () => {
    await editRecord((record) => {
      record['messages'] = [{ reason: 'forged', ruleId: 'score-out-of-scale', fatal: true, place: { line: 1, column: 1 } }];
    });
    await expectMissAndCorrectEdition();
  });

  it('a message of a rule that does not exist', async () => {
    await editRecord((record) => {
      record['messages'] = [{ reason: 'forged', ruleId: 'no-such-rule', fatal: false }];
    });
    await expectMissAndCorrectEdition();
  });

  it('numbers beyond any real file (a size of 10^300, a line of -1)', async () => {
    await editRecord((record) => {
      const [first] = outputsOf(record);
      if (first) first.size = 1e300;
      record['messages'] = [{ reason: 'x', ruleId: 'missing-key-findings', fatal: false, place: { line: -1, column: 1 } }];
    });
    await expectMissAndCorrectEdition();
  });

  it('a cached file replaced by a link to an endless device: no hang, a miss', async () => {
    const [bin] = (await readdir(slot)).filter((name) => name.endsWith('.bin'));
    await rm(path.join(slot, bin ?? ''));
    await symlink('/dev/zero', path.join(slot, bin ?? ''));
    await expectMissAndCorrectEdition();
  });

  it('the record replaced by a FIFO: no hang, a miss', async () => {
    await rm(path.join(slot, 'record.json'));
    execFileSync('mkfifo', [path.join(slot, 'record.json')]);
    await expectMissAndCorrectEdition();
  });

  it('a cached file whose bytes were changed (its digest no longer matches)', async () => {
    const [bin] = (await readdir(slot)).filter((name) => name.endsWith('.bin'));
    await writeFile(path.join(slot, bin ?? ''), '<html>forged</html>');
    await expectMissAndCorrectEdition();
  });
});

describe('the rest of the cache folder', () => {
  it('a warning replayed from the cache reaches the terminal escaped', async () => {
    await editRecord((record) => {
      record['messages'] = [{ reason: 'Forged \u001b[2J\u0007 warning', ruleId: 'missing-key-findings', source: 'rubricpress', fatal: false, place: { line: 1, column: 1 } }];
    });
    const run = await build();
    expect(run.code).toBe(ExitCode.ok);
    expect(run.stderr).toContain('Forged \\u001b[2J\\u0007 warning');
    expect(hasControlCharacters(run.stderr)).toBe(false);
  });

  it('written.json naming a path outside the output folder is ignored', async () => {
    const file = path.join(out, '.cache/written.json');
    const written = JSON.parse(await readFile(file, 'utf8')) as { outDir: string; files: Record<string, unknown> };
    written.files['../../escaped'] = { sha256: '0'.repeat(64), size: 1, mtimeMs: 1, ino: 1 };
    await writeFile(file, JSON.stringify(written));
    expectOutcome(await build(), { code: ExitCode.ok });
    expect(await readdir(root)).not.toContain('escaped');
  });

  it('the clean-up removes only slots it made: a link named like a slot and a file of another name stay, and so does what the link leads to', async () => {
    const victim = path.join(root, `victim-${Math.random().toString(36).slice(2)}`);
    await mkdir(victim);
    await writeFile(path.join(victim, 'precious.txt'), 'keep me');
    await symlink(victim, path.join(out, '.cache/chapters', 'f'.repeat(32)));
    await writeFile(path.join(out, '.cache/chapters', 'notes.txt'), 'mine');
    // Another chapter path: every slot but the new one is pruned.
    expectOutcome(await build(), { code: ExitCode.ok });
    expect(await readFile(path.join(victim, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(await readdir(path.join(out, '.cache/chapters'))).toEqual(expect.arrayContaining(['f'.repeat(32), 'notes.txt']));
  });
});
