/**
 * Writing outputs without ever leaving a half-written edition: every file is first written under a
 * temporary name beside its target, and only when all of them are on disk are they renamed over
 * their targets (a rename within a folder is atomic). On a failure before that, the temporary files
 * are removed and the earlier edition stays as it was.
 * (`readOutput` reads an earlier build back, for `rubricpress verify`.)
 */
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile {
  /** Relative to the output folder, with `/` separators: `html/japan/coordination.html`. */
  readonly path: string;
  readonly contents: string | Uint8Array;
}

/** The output folder could not be written (a file where a folder should be, no permission, a full disk). */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

export async function writeOutputsAtomically(outDir: string, outputs: readonly OutputFile[]): Promise<string[]> {
  const staging = new Staging(outDir);
  for (const output of outputs) await staging.stage(output);
  return staging.commit();
}

/**
 * An edition written while a build goes on, so that the build need not hold its bytes in memory:
 * each file is first held under a temporary name beside its target (the same folder, so the same
 * disk), then given its place; `commit` renames every file over its target, `abort` removes
 * everything it made. Each rename is atomic: readers see the old file or the new one, never half of
 * one. Before the first rename every target is checked, so that what commonly fails (a folder where
 * a file goes) fails before anything is replaced.
 */
export class Staging {
  private held = 0;
  private aborted = false;
  /** Every file held, placed or not: removed on abort. */
  private readonly temporaries = new Set<string>();
  /** Target path → held file, in the order places were first given. */
  private readonly places = new Map<string, string>();
  /** Folders this staging created: removed again on abort, so that a failed build leaves no trace. */
  private readonly created: string[] = [];

  constructor(private readonly outDir: string) {}

  /** Writes the bytes of the file for `relative` under a temporary name; returns the name, for `place`. */
  async hold(relative: string, contents: string | Uint8Array): Promise<string> {
    const file = await this.nextFile(relative);
    await this.attempt(() => writeFile(file, contents));
    return file;
  }

  /** Holds a copy of a file already on disk (a cached edition). */
  async holdCopy(relative: string, from: string): Promise<string> {
    const file = await this.nextFile(relative);
    await this.attempt(() => copyFile(from, file));
    return file;
  }

  /** Gives a held file its path in the output folder; a later file for the same path replaces it. */
  place(held: string, relative: string): void {
    this.places.set(relative, held);
  }

  async stage(output: OutputFile): Promise<void> {
    this.place(await this.hold(output.path, output.contents), output.path);
  }

  async stageCopy(relative: string, from: string): Promise<void> {
    this.place(await this.holdCopy(relative, from), relative);
  }

  /** Renames every placed file over its target, in the order they were placed; returns the targets. */
  async commit(): Promise<string[]> {
    const moves = [...this.places].map(([relative, held]) => ({ held, target: outputPath(this.outDir, relative) }));
    for (const { target } of moves) {
      const existing = await lstat(target).catch(() => undefined);
      if (existing?.isDirectory() === true) await this.attempt(() => Promise.reject(new Error(`${target} is a folder, where a file is to go`)));
    }
    const done: string[] = [];
    try {
      for (const { held, target } of moves) {
        await rename(held, target);
        this.temporaries.delete(held);
        done.push(target);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const replaced = done.length === 0 ? 'Nothing was changed there.' : `${String(done.length)} of ${String(moves.length)} files had been replaced; build again to finish.`;
      await this.removeTemporaries();
      throw new OutputError(`cannot write the editions into ${this.outDir}: ${reason}. ${replaced}`, { cause: error });
    }
    this.places.clear();
    return done;
  }

  /** Removes every held file and the folders made for them: the earlier edition stays as it was. */
  async abort(): Promise<void> {
    this.aborted = true;
    this.places.clear();
    await this.removeTemporaries();
    // Innermost first; each held only this build's files. Best effort: what could not be made (a
    // file where the folder should be) cannot be removed either.
    for (const folder of this.created.splice(0).reverse()) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }

  private async removeTemporaries(): Promise<void> {
    const files = [...this.temporaries];
    this.temporaries.clear();
    await Promise.all(files.map((file) => rm(file, { force: true }).catch(() => undefined)));
  }

  private async nextFile(relative: string): Promise<string> {
    if (this.aborted) throw new OutputError('The build was stopped; nothing more is written.');
    const target = outputPath(this.outDir, relative);
    await this.attempt(async () => {
      const first = await mkdir(path.dirname(target), { recursive: true });
      if (first !== undefined) this.created.push(first);
    });
    this.held += 1;
    const file = `${target}.${String(process.pid)}-${String(this.held)}.tmp`;
    this.temporaries.add(file);
    return file;
  }

  private async attempt(operation: () => Promise<unknown>): Promise<void> {
    try {
      await operation();
    } catch (error) {
      await this.abort();
      const reason = error instanceof Error ? error.message : String(error);
      throw new OutputError(`cannot write the editions into ${this.outDir}: ${reason}. Nothing was changed there.`, { cause: error });
    }
  }
}

/**
 * Removes what builds that were killed left behind: temporary files (`<name>.<pid>-<n>.tmp`) of
 * processes that no longer run. Files of a build still running are left alone.
 */
export async function sweepStaleTemporaries(outDir: string): Promise<void> {
  const names = await readdir(outDir, { recursive: true }).catch(() => []);
  for (const name of names) {
    const pid = /\.(\d+)-\d+\.tmp$/.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    await rm(path.join(outDir, name), { force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** Where a file of an edition (`pdf/japan/coordination.pdf`, always with `/`) is on this system. */
export function outputPath(outDir: string, relative: string): string {
  return path.join(outDir, ...relative.split('/'));
}

/** A file of an earlier build, or undefined when there is none (for `rubricpress verify`). */
export async function readOutput(outDir: string, relative: string): Promise<Uint8Array | undefined> {
  const target = outputPath(outDir, relative);
  try {
    return new Uint8Array(await readFile(target));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(`cannot read ${target}: ${reason}.`, { cause: error });
  }
}
