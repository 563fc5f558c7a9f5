/**
 * Attacks on the commit: a build stopped between any two steps of putting its files in place
 * (the fault hook's `abandon`, which leaves the folder as a kill would), a file that cannot be
 * replaced, a folder that cannot be written, a full disk, a lock held or left behind, a tampered
 * journal. After each, the folder holds the complete earlier or the complete new edition (the next
 * command finishes or undoes the stopped commit first, and `verify` says which), and a failure says
 * truthfully what was changed. Kills of real processes are in test/attacks/slow/.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookkeepingOf } from '../../../src/build/out-folder.js';
import { processStartTime } from '../../../src/build/lock.js';
import { ExitCode } from '../../../src/cli/main.js';
import { removeFolder, temporaryFolder } from '../../support/build.js';
import { runCli, type CliRun } from '../../support/cli.js';
import { copyOf, expectOutcome, makeUnchangeable, sameTree, snapshotTree, twoEditions } from '../support.js';

let root: string;
/** The new source: the sample with another rank, so that the commit renames ten files (the chapter's HTML and DOCX, the country report's and the edition volume's DOCX, the web pages that show the rank, the two data files with the rank, the manifest). */
let newSource: string;
let oldEdition: Map<string, string>;
let newEdition: Map<string, string>;
let template: string;

const buildArgs = (source: string, out: string): string[] => ['build', source, '--out', out, '--format', 'html,docx', '--no-verify', '--no-cache'];
const withFault = (fault: string): NodeJS.ProcessEnv => ({ CI: 'true', RUBRICPRESS_FAULT: fault });

beforeAll(async () => {
  root = await temporaryFolder('rubricpress-attack-commit-');
  ({ newSource, template, oldEdition, newEdition } = await twoEditions(root, (source, out) => runCli(buildArgs(source, out)), { secondChapter: false }));
}, 60_000);
afterAll(async () => {
  await removeFolder(root);
  await removeFolder(newSource);
});

/** A copy of the earlier edition, for one case to write the new one over. */
function earlierEdition(): Promise<string> {
  return copyOf(template);
}

/** The folder holds the complete earlier edition, or the complete new one: which. */
async function wholeEdition(out: string): Promise<'earlier' | 'new'> {
  const now = await snapshotTree(out);
  if (sameTree(now, oldEdition)) return 'earlier';
  if (sameTree(now, newEdition)) return 'new';
  throw new Error(`the output folder holds neither whole edition:\n${[...now].map(([name, value]) => `${name}: ${value}`).join('\n')}`);
}

/** `verify` of the new source: it finishes or undoes the stopped commit first, and says which edition the folder then holds. */
async function verifyNew(out: string): Promise<CliRun> {
  return runCli(['verify', newSource, '--out', out, '--format', 'html,docx']);
}

describe('a build stopped at any step of its commit', () => {
  // Ten files are renamed: the chapter's HTML and DOCX, the country report's and the edition volume's DOCX, the web pages that show the rank, the two data files with the rank and the manifest (data/codebook.json, the same bytes, is left where it is).
  const steps = [
    { fault: 'commit:after-backup', expected: 'earlier' },
    { fault: 'commit:after-journal', expected: 'new' },
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((count) => [
      { fault: `commit:before-rename:${String(count)}`, expected: 'new' },
      { fault: `commit:after-rename:${String(count)}`, expected: 'new' },
    ]),
    { fault: 'commit:before-journal-removal', expected: 'new' },
  ] as const;

  it.each(steps)('stopped at $fault: the next command leaves the $expected edition whole, and verify says so', async ({ fault, expected }) => {
    const out = await earlierEdition();
    const stopped = await runCli(buildArgs(newSource, out), withFault(`${fault}:abandon`));
    // In-process, a stop is a thrown fault: the process would be gone.
    expect(stopped.code).toBe(ExitCode.internal);
    const verified = await verifyNew(out);
    expect(await wholeEdition(out)).toBe(expected);
    if (expected === 'new') {
      expectOutcome(verified, { code: ExitCode.ok, says: [/holds the complete edition its last build wrote \(28 files, edition [0-9a-f]{12}\)/] });
      if (fault !== 'commit:after-journal' && fault !== 'commit:before-rename:1') expect(verified.stderr).toMatch(/a build was stopped while it put its 9 files in place; the remaining \d+ were put in place/);
    } else {
      // The earlier edition does not agree with the new source: verify says so, and which edition it is.
      expect(verified.code).toBe(ExitCode.editionsDisagree);
      expect(verified.stderr).toMatch(/holds the complete edition its last build wrote \(28 files/);
    }
    expect(await readdir(bookkeepingOf(out).staging)).toEqual([]);
    expect(await readdir(bookkeepingOf(out).backup)).toEqual([]);
  });

  it('stopped while finishing a stopped commit: the command after finishes it', async () => {
    const out = await earlierEdition();
    await runCli(buildArgs(newSource, out), withFault('commit:after-rename:2:abandon'));
    const interrupted = await runCli(['verify', newSource, '--out', out, '--format', 'html,docx'], withFault('recover:after-rename:1:abandon'));
    expect(interrupted.code).toBe(ExitCode.internal);
    expectOutcome(await verifyNew(out), { code: ExitCode.ok });
    expect(await wholeEdition(out)).toBe('new');
  });

  it('a build after a stopped one finishes that first, then writes its own', async () => {
    const out = await earlierEdition();
    await runCli(buildArgs(newSource, out), withFault('commit:after-rename:1:abandon'));
    const next = await runCli(buildArgs(newSource, out));
    expectOutcome(next, { code: ExitCode.ok, says: ['a build was stopped while it put its 9 files in place'] });
    expect(await wholeEdition(out)).toBe('new');
  });
});

describe('a commit that cannot finish is undone, and says so truthfully', () => {
  it.each([1, 2, 3])('an I/O error after rename %i: the files already replaced are put back (exit 4)', async (count) => {
    const out = await earlierEdition();
    const run = await runCli(buildArgs(newSource, out), withFault(`commit:after-rename:${String(count)}:error`));
    expectOutcome(run, { code: ExitCode.output, says: [`The ${String(count)} ${count === 1 ? 'file' : 'files'} already replaced ${count === 1 ? 'was' : 'were'} put back`] });
    expect(await wholeEdition(out)).toBe('earlier');
  });

  it('a page that cannot be replaced (immutable, or in a read-only folder): exit 4, and the earlier edition as it was', async () => {
    const out = await earlierEdition();
    // The country's page shows the chapter's rank: the new source changes it.
    const undo = await makeUnchangeable(path.join(out, 'html/countries/japan.html'));
    try {
      const run = await runCli(buildArgs(newSource, out));
      expectOutcome(run, { code: ExitCode.output, says: [/cannot (?:replace|write the editions into)/] });
      expect(run.stderr).toMatch(/put back, so \S+ holds the earlier edition as it was|Nothing (?:in the output folder )?was changed/);
    } finally {
      await undo();
    }
    expect(await wholeEdition(out)).toBe('earlier');
  });

  it('a chapter’s folder that cannot be written: exit 4, nothing changed', async () => {
    const out = await earlierEdition();
    const undo = await makeUnchangeable(path.join(out, 'html/japan'));
    try {
      expectOutcome(await runCli(buildArgs(newSource, out)), { code: ExitCode.output, says: ['cannot'] });
    } finally {
      await undo();
    }
    expect(await wholeEdition(out)).toBe('earlier');
  });

  it('a full disk while the files are written: exit 4, "nothing was changed" is true, no staging left', async () => {
    const out = await earlierEdition();
    const run = await runCli(buildArgs(newSource, out), withFault('stage:write:2:error'));
    expectOutcome(run, { code: ExitCode.output, says: ['Nothing was changed there'] });
    expect(await wholeEdition(out)).toBe('earlier');
    expect(await readdir(bookkeepingOf(out).staging)).toEqual([]);
  });

  it('a tampered journal is not followed out of the folder: exit 4, nothing changed', async () => {
    const out = await earlierEdition();
    await writeFile(bookkeepingOf(out).journal, JSON.stringify({ format: 'rubricpress-commit/1', id: '1-0123456789abcdef', direction: 'back', entries: [{ path: '../../escape', staged: '1', backup: null }], folders: [] }));
    const run = await runCli(buildArgs(newSource, out));
    expectOutcome(run, { code: ExitCode.output, says: ['is not a commit journal rubricpress wrote'] });
    expect(await readdir(root)).not.toContain('escape');
  });
});

describe('one command at a time in an output folder', () => {
  const lockOf = (out: string): string => bookkeepingOf(out).lock;

  it('a folder held by a running rubricpress is not touched: exit 4, naming the holder', async () => {
    const out = await earlierEdition();
    // This very process, as another build of it would record itself.
    await writeFile(lockOf(out), JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) ?? null, boot: (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim(), command: 'build', since: '2024-06-01T12:00:00.000Z', token: 'a'.repeat(32) }));
    const run = await runCli(buildArgs(newSource, out));
    expectOutcome(run, { code: ExitCode.output, says: [`is in use by rubricpress build (process ${String(process.pid)}, since 2024-06-01T12:00:00.000Z); nothing was changed`] });
    expect(await wholeEdition(out)).toBe('earlier');
  });

  it('a lock left by a process that no longer runs is reported and taken over', async () => {
    const out = await earlierEdition();
    // Above the kernel's largest pid: no process has it.
    await writeFile(lockOf(out), JSON.stringify({ pid: 4194305, start: '12345', boot: null, command: 'build', since: '2024-06-01T12:00:00.000Z', token: 'b'.repeat(32) }));
    const run = await runCli(buildArgs(newSource, out));
    expectOutcome(run, { code: ExitCode.ok, says: ['was locked by rubricpress build (process 4194305, since 2024-06-01T12:00:00.000Z), which no longer runs (it was stopped); its lock was taken over'] });
    expect(await wholeEdition(out)).toBe('new');
  });

  it('a lock whose process id now belongs to another process (it started later) is stale too', async () => {
    const out = await earlierEdition();
    await writeFile(lockOf(out), JSON.stringify({ pid: process.pid, start: '1', boot: null, command: 'build', since: '2024-06-01T12:00:00.000Z', token: 'c'.repeat(32) }));
    expectOutcome(await runCli(buildArgs(newSource, out)), { code: ExitCode.ok, says: ['which no longer runs'] });
  });

  it('a lock file that is not one (garbage) is taken over, with a word', async () => {
    const out = await earlierEdition();
    await writeFile(lockOf(out), '\u0000\u0001garbage');
    expectOutcome(await runCli(buildArgs(newSource, out)), { code: ExitCode.ok, says: ['had a lock file that could not be read; it was taken over'] });
  });

  it('what a process killed while it took the lock left (its candidate, a stale lock it had moved aside) is removed by the next holder; a live one is kept', async () => {
    const out = await earlierEdition();
    const dead = (token: string): string => JSON.stringify({ pid: 4194305, start: '12345', boot: null, command: 'build', since: '2024-06-01T12:00:00.000Z', token });
    const alive = JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) ?? null, boot: null, command: 'build', since: '2024-06-01T12:00:00.000Z', token: 'f'.repeat(32) });
    await writeFile(`${lockOf(out)}.${'d'.repeat(32)}`, dead('d'.repeat(32)));
    await writeFile(`${lockOf(out)}.stale-${'e'.repeat(32)}`, dead('e'.repeat(32)));
    await writeFile(`${lockOf(out)}.${'f'.repeat(32)}`, alive);
    await writeFile(`${lockOf(out)}.notes`, 'not ours to judge');
    expectOutcome(await runCli(buildArgs(newSource, out)), { code: ExitCode.ok });
    expect((await readdir(bookkeepingOf(out).root)).filter((name) => name.startsWith('lock')).sort()).toEqual([`lock.${'f'.repeat(32)}`, 'lock.notes']);
  });

  it('no lock is left behind, whatever the outcome', async () => {
    const out = await earlierEdition();
    await runCli(buildArgs(newSource, out), withFault('commit:after-rename:1:error'));
    await runCli(['verify', newSource, '--out', out, '--format', 'html,docx']);
    await runCli(buildArgs(newSource, out));
    expect((await readdir(bookkeepingOf(out).root)).filter((name) => name.startsWith('lock'))).toEqual([]);
  });
});
