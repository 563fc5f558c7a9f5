/**
 * One rubricpress process at a time in an output folder. `build`, `verify`, `release` (and each
 * rebuild of `build --watch`) hold `<out>/.rubricpress/lock` from before they look at the folder
 * until they are done with it; a second one fails at once with `OutputBusyError` naming the holder,
 * rather than waiting (a build takes seconds to minutes, and two interleaved commits would mix two
 * editions).
 *
 * The lock file records its holder: the process id, the process's start time (on Linux, field 22 of
 * /proc/<pid>/stat, in clock ticks since boot) and the boot's id, so that a lock left by a process
 * that was killed is recognised as stale even when its pid has been given to another process since.
 * A stale lock is reported and taken over.
 *
 * The lock is taken by `link()`ing a file already written in full to the lock's name (atomic, and it
 * fails when the name exists), so no reader ever sees a half-written lock. A stale lock is first
 * renamed aside (only one process can rename it) and read again: if what was moved turns out to be a
 * live holder's (another process took the stale lock over in between), it is linked back.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import { bookkeepingOf, OutputError } from './out-folder.js';

/** Another rubricpress process holds the output folder. */
export class OutputBusyError extends OutputError {}

const holderSchema = z.strictObject({
  pid: z.number().int().positive().max(2 ** 31),
  start: z.string().max(40).nullable(),
  boot: z.string().max(64).nullable(),
  command: z.string().max(40),
  since: z.string().max(40),
  token: z.string().regex(/^[0-9a-f]{32}$/),
});
type Holder = z.infer<typeof holderSchema>;

export interface HeldLock {
  /** What taking the lock found worth saying (a stale lock taken over). */
  readonly notices: readonly string[];
  release(): Promise<void>;
}

/** The start time of a process (clock ticks since boot), or undefined where /proc does not tell (not Linux, or no such process). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 22 of the whole line is the 20th after the name.
    return fields[19];
  } catch {
    return undefined;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Whether the process that wrote `holder` still runs. */
function stillRuns(holder: Holder): boolean {
  const boot = bootId();
  if (holder.boot !== null && boot !== null && holder.boot !== boot) return false;
  if (holder.start !== null) {
    const start = processStartTime(holder.pid);
    if (start !== undefined || processStartTime(process.pid) !== undefined) return start === holder.start;
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<Holder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      // A lock is a few hundred bytes; whatever is larger is not one.
      const { bytesRead, buffer } = await handle.read({ buffer: Buffer.alloc(4096), position: 0 });
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'missing';
    return 'unreadable';
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function describeHolder(holder: Holder): string {
  return `rubricpress ${holder.command} (process ${String(holder.pid)}, since ${holder.since})`;
}

/**
 * Takes the lock on `outDir` for `command` (creating the folder and `.rubricpress/` as needed).
 * Throws `OutputBusyError` when a running process holds it.
 */
export async function lockOutputFolder(outDir: string, command: string): Promise<HeldLock> {
  const { root, lock } = bookkeepingOf(outDir);
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw new OutputError(`cannot write the editions into ${outDir}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed there.`, { cause: error });
  }
  const holder: Holder = { pid: process.pid, start: processStartTime(process.pid) ?? null, boot: bootId(), command, since: new Date().toISOString(), token: randomBytes(16).toString('hex') };
  const candidate = `${lock}.${holder.token}`;
  const notices: string[] = [];
  try {
    const handle = await open(candidate, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(holder)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new OutputError(`cannot write in ${outDir}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed there.`, { cause: error });
  }
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await link(candidate, lock);
        break;
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST') || attempt >= 5) throw error;
      }
      const found = await readHolder(lock);
      if (found === 'missing') continue;
      if (found !== 'unreadable' && stillRuns(found)) {
        throw new OutputBusyError(`${outDir} is in use by ${describeHolder(found)}; nothing was changed. Wait for it to finish, or give another --out.`);
      }
      // Stale: moved aside by exactly one process, then checked.
      const aside = `${lock}.stale-${holder.token}`;
      try {
        await rename(lock, aside);
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') continue;
        throw error;
      }
      const moved = await readHolder(aside);
      if (moved !== 'missing' && moved !== 'unreadable' && stillRuns(moved)) {
        // Another process took the stale lock over in the meantime: its lock goes back.
        await link(aside, lock).catch(() => undefined);
        await rm(aside, { force: true });
        throw new OutputBusyError(`${outDir} is in use by ${describeHolder(moved)}; nothing was changed. Wait for it to finish, or give another --out.`);
      }
      await rm(aside, { force: true });
      notices.push(
        moved === 'unreadable' || moved === 'missing'
          ? `${outDir} had a lock file that could not be read; it was taken over.`
          : `${outDir} was locked by ${describeHolder(moved)}, which no longer runs (it was stopped); its lock was taken over.`,
      );
    }
  } catch (error) {
    await rm(candidate, { force: true }).catch(() => undefined);
    if (error instanceof OutputError) throw error;
    throw new OutputError(`cannot lock ${outDir}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed there.`, { cause: error });
  }
  await rm(candidate, { force: true }).catch(() => undefined);
  return {
    notices,
    async release() {
      // Only our own lock: never one another process took over.
      const current = await readHolder(lock);
      if (current !== 'missing' && current !== 'unreadable' && current.token === holder.token) await rm(lock, { force: true });
    },
  };
}

/** The lock file's contents, for tests. */
export async function readLockFile(outDir: string): Promise<unknown> {
  return JSON.parse(await readFile(bookkeepingOf(outDir).lock, 'utf8')) as unknown;
}
