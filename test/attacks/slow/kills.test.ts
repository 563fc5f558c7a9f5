/**
 * Kills of real processes: a build killed (SIGKILL, as the out-of-memory killer or a CI timeout
 * does) between any two renames of its commit — through the fault hook, no tracer needed — and at
 * moments picked across a whole build; two builds started at once into one folder. After each, the
 * next command leaves the folder as the complete earlier or the complete new edition, says which,
 * and takes over the lock the killed process left.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookkeepingOf } from '../../../src/build/out-folder.js';
import { ExitCode } from '../../../src/cli/main.js';
import { removeFolder, sampleSource, temporaryFolder } from '../../support/build.js';
import { copyOf, sameTree, snapshotTree, twoEditions } from '../support.js';
import { runChild } from './support.js';

let root: string;
let newSource: string;
let template: string;
let oldEdition: Map<string, string>;
let newEdition: Map<string, string>;

/** Every edition, without the cache (a killed build leaves the cache as it was; the edition is what must be whole). */
const args = (source: string, out: string): string[] => ['build', source, '--out', out, '--no-cache'];

beforeAll(async () => {
  root = await temporaryFolder('rubricpress-attack-kills-');
  ({ newSource, template, oldEdition, newEdition } = await twoEditions(root, (source, out) => runChild(args(source, out)), { secondChapter: true }));
}, 180_000);
afterAll(async () => {
  await removeFolder(root);
  await removeFolder(newSource);
});

function earlierEdition(): Promise<string> {
  return copyOf(template);
}

/** After a kill: `verify` finishes or undoes what the killed build left, and the folder is one whole edition. */
async function expectWholeEditionAfter(out: string): Promise<'earlier' | 'new'> {
  const verified = await runChild(['verify', newSource, '--out', out]);
  expect(verified.stderr).not.toMatch(/internal error|bug in rubricpress/);
  const now = await snapshotTree(out);
  const which = sameTree(now, oldEdition) ? 'earlier' : sameTree(now, newEdition) ? 'new' : undefined;
  expect(which, [...now.keys()].join('\n')).toBeDefined();
  // verify says which: the new edition agrees with the new source; the earlier one does not, and verify says it is the whole earlier edition.
  if (which === 'new') expect(verified.code, verified.stderr).toBe(ExitCode.ok);
  else expect(verified.code, verified.stderr).toBe(ExitCode.editionsDisagree);
  expect(verified.stderr).toMatch(/holds the complete edition its last build wrote/);
  // No staging left (none made at all by a build killed before it rendered anything).
  expect(await readdir(bookkeepingOf(out).staging).catch(() => [])).toEqual([]);
  expect((await readdir(bookkeepingOf(out).root)).filter((name) => name.startsWith('lock'))).toEqual([]);
  return which ?? 'earlier';
}

describe('a build killed between any two renames of its commit', () => {
  // Seven renames: two chapters in three formats, and the index (the manifest is the eighth).
  const renames = [1, 2, 3, 4, 5, 6, 7, 8];

  it.each(renames)('killed after rename %i: the next command puts the rest in place, and takes over the lock', async (count) => {
    const out = await earlierEdition();
    const killed = await runChild(args(newSource, out), { env: { RUBRICPRESS_FAULT: `commit:after-rename:${String(count)}` } });
    expect(killed.signal).toBe('SIGKILL');
    // The killed process's lock is still there, stale.
    expect(await readdir(bookkeepingOf(out).root)).toContain('lock');
    expect(await expectWholeEditionAfter(out)).toBe('new');
  });

  it('killed before its journal was written: the earlier edition, untouched', async () => {
    const out = await earlierEdition();
    const killed = await runChild(args(newSource, out), { env: { RUBRICPRESS_FAULT: 'commit:after-backup' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(await expectWholeEditionAfter(out)).toBe('earlier');
  });

  it('killed while it finished a killed commit: the command after that finishes it', async () => {
    const out = await earlierEdition();
    expect((await runChild(args(newSource, out), { env: { RUBRICPRESS_FAULT: 'commit:after-rename:3' } })).signal).toBe('SIGKILL');
    expect((await runChild(['verify', newSource, '--out', out], { env: { RUBRICPRESS_FAULT: 'recover:after-rename:2' } })).signal).toBe('SIGKILL');
    expect(await expectWholeEditionAfter(out)).toBe('new');
  });

  it('the build after a killed one reports the stale lock and the finished commit, then builds', async () => {
    const out = await earlierEdition();
    expect((await runChild(args(newSource, out), { env: { RUBRICPRESS_FAULT: 'commit:after-rename:2' } })).signal).toBe('SIGKILL');
    const next = await runChild(args(newSource, out));
    expect(next.code, next.stderr).toBe(ExitCode.ok);
    expect(next.stderr).toMatch(/which no longer runs \(it was stopped\); its lock was taken over/);
    expect(next.stderr).toMatch(/a build was stopped while it put its 24 files in place; the remaining 23 were put in place/);
    expect(sameTree(await snapshotTree(out), newEdition)).toBe(true);
  });
});

describe('a build killed at any moment', () => {
  // Spread over a whole build of the new source (some 3 to 6 s here): reading, rendering, checking, writing.
  const moments = [150, 500, 900, 1400, 2000, 2700, 3500, 4500];

  it.each(moments)('killed %i ms after it started: the next command leaves one whole edition', async (milliseconds) => {
    const out = await earlierEdition();
    const killed = await runChild(args(newSource, out), { killAfterMs: milliseconds });
    expect(killed.code === ExitCode.ok || killed.signal === 'SIGKILL').toBe(true);
    await expectWholeEditionAfter(out);
  });
});

describe('two builds at once into one folder', () => {
  it('the second is refused at once (exit 4) while the first holds the folder; the first writes a whole edition', async () => {
    const out = await earlierEdition();
    const first = runChild(args(newSource, out));
    // The first takes the lock at its start; the second arrives while it renders.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const second = await runChild(args(sampleSource, out));
    const firstRun = await first;
    expect(firstRun.code, firstRun.stderr).toBe(ExitCode.ok);
    expect(second.code, second.stderr).toBe(ExitCode.output);
    expect(second.stderr).toMatch(/is in use by rubricpress build \(process \d+, since [^)]+\); nothing was changed\. Wait for it to finish, or give another --out\./);
    expect(sameTree(await snapshotTree(out), newEdition)).toBe(true);
  });
});
