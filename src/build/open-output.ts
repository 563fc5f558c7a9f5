/**
 * What every command that reads or writes an output folder does first: take the folder's lock, then
 * finish (or undo) a commit that a killed build left, so that it works on one complete edition.
 */
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { recoverCommit } from './commit.js';
import { noFaults, type FaultInjector } from './faults.js';
import { lockOutputFolder } from './lock.js';
import { bookkeepingOf, OutputError } from './out-folder.js';

export interface OpenOutput {
  /** What opening found and did (a stale lock taken over, a stopped commit finished), for the user. */
  readonly notices: readonly string[];
  /** Gives the folder back; call once, when done with it. */
  close(): Promise<void>;
}

export async function openOutputFolder(outDir: string, command: string, faults: FaultInjector = noFaults): Promise<OpenOutput> {
  let made: string | undefined;
  try {
    made = await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new OutputError(`cannot write the editions into ${outDir}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed there.`, { cause: error });
  }
  // A folder made here for a build that then wrote nothing is removed again: a failed first build leaves no trace.
  const tidy = async (): Promise<void> => {
    if (made === undefined) return;
    const keeping = bookkeepingOf(outDir);
    const folders = [keeping.staging, keeping.backup, keeping.root];
    // The output folder and the parents made for it, up to the first one made; each only if empty.
    for (let folder = path.resolve(outDir); ; folder = path.dirname(folder)) {
      folders.push(folder);
      if (folder === path.resolve(made) || path.dirname(folder) === folder) break;
    }
    for (const folder of folders) await rmdir(folder).catch(() => undefined);
  };
  let lock;
  try {
    lock = await lockOutputFolder(outDir, command);
  } catch (error) {
    await tidy();
    throw error;
  }
  const held = lock;
  const close = async (): Promise<void> => {
    await held.release();
    await tidy();
  };
  try {
    const recovered = await recoverCommit(outDir, faults);
    return { notices: [...lock.notices, ...recovered], close };
  } catch (error) {
    await close();
    throw error;
  }
}
