/**
 * Writing outputs without ever leaving a half-written or half-replaced edition: every file is first
 * written under a temporary name in a staging folder inside the output folder, and only when all of
 * them are on disk are they renamed over their targets (a rename within a disk is atomic). On any
 * failure the temporary files are removed and the earlier edition stays as it was.
 * (`readOutput` reads an earlier build back, for `rubricpress verify`.)
 */
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
 * each file is first held under a temporary name in a staging folder inside the output folder (so
 * on the same disk), then given its place; `commit` makes the folders and renames every file over
 * its target, `abort` removes everything it made. A rename within a disk is atomic: readers see the
 * old file or the new one, never half of one.
 */
export class Staging {
  private readonly folder: string;
  private held = 0;
  private folderMade = false;
  /** Target path → held file, in the order places were first given. */
  private readonly places = new Map<string, string>();
  /** Folders this staging created: removed again on abort, so that a failed build leaves no trace. */
  private readonly created: string[] = [];

  constructor(private readonly outDir: string) {
    this.folder = path.join(outDir, `.staging-${String(process.pid)}`);
  }

  /** Writes bytes under a temporary name; returns the name, for `place`. */
  async hold(contents: string | Uint8Array): Promise<string> {
    const file = await this.nextFile();
    await this.attempt(() => writeFile(file, contents));
    return file;
  }

  /** Holds a copy of a file already on disk (a cached edition). */
  async holdCopy(from: string): Promise<string> {
    const file = await this.nextFile();
    await this.attempt(() => copyFile(from, file));
    return file;
  }

  /** Gives a held file its path in the output folder; a later file for the same path replaces it. */
  place(held: string, relative: string): void {
    this.places.set(relative, held);
  }

  async stage(output: OutputFile): Promise<void> {
    this.place(await this.hold(output.contents), output.path);
  }

  async stageCopy(relative: string, from: string): Promise<void> {
    this.place(await this.holdCopy(from), relative);
  }

  /** Renames every placed file over its target, in the order they were placed; returns the targets. */
  async commit(): Promise<string[]> {
    const moves = [...this.places].map(([relative, held]) => ({ held, target: path.join(this.outDir, ...relative.split('/')) }));
    // Every folder first: what cannot be made (a file in the way) fails before anything is replaced.
    for (const folder of new Set(moves.map(({ target }) => path.dirname(target)))) await this.makeFolder(folder);
    for (const { held, target } of moves) await rename(held, target);
    this.places.clear();
    await rm(this.folder, { recursive: true, force: true });
    return moves.map(({ target }) => target);
  }

  /** Removes every held file and the folders made for them: the earlier edition stays as it was. */
  async abort(): Promise<void> {
    this.places.clear();
    // Best effort: what could not be made (a file where the folder should be) cannot be removed either.
    const remove = (folder: string): Promise<void> => rm(folder, { recursive: true, force: true }).catch(() => undefined);
    await remove(this.folder);
    // Innermost first; each held only this build's files.
    for (const folder of this.created.splice(0).reverse()) await remove(folder);
  }

  private async nextFile(): Promise<string> {
    if (!this.folderMade) {
      await this.makeFolder(this.folder);
      this.folderMade = true;
    }
    this.held += 1;
    return path.join(this.folder, String(this.held));
  }

  private async makeFolder(folder: string): Promise<void> {
    await this.attempt(async () => {
      const first = await mkdir(folder, { recursive: true });
      if (first !== undefined) this.created.push(first);
    });
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

/** A file of an earlier build, or undefined when there is none (for `rubricpress verify`). */
export async function readOutput(outDir: string, relative: string): Promise<Uint8Array | undefined> {
  const target = path.join(outDir, ...relative.split('/'));
  try {
    return new Uint8Array(await readFile(target));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(`cannot read ${target}: ${reason}.`, { cause: error });
  }
}
