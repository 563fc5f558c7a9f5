/**
 * Writing outputs without ever leaving a half-written or half-replaced edition: every file is first
 * written beside its target under a temporary name, and only when all of them are on disk are they
 * renamed over their targets (a rename within a folder is atomic). On any failure the temporary
 * files are removed and the earlier edition stays as it was.
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
 * Files staged one by one beside their targets, while a build goes on (so that it need not hold an
 * edition's bytes in memory), and then all renamed over their targets, or all removed.
 */
export class Staging {
  private readonly staged = new Map<string, { readonly temporary: string; readonly target: string }>();
  /** Folders this staging created: removed again on abort, so that a failed build leaves no trace. */
  private readonly created: string[] = [];

  constructor(private readonly outDir: string) {}

  /** Writes a file under its temporary name; a second file for the same path replaces the first. */
  async stage(output: OutputFile): Promise<void> {
    const { temporary } = await this.place(output.path);
    await this.attempt(() => writeFile(temporary, output.contents));
  }

  /** Stages a copy of a file that is already on disk (a cached edition). */
  async stageCopy(relative: string, from: string): Promise<void> {
    const { temporary } = await this.place(relative);
    await this.attempt(() => copyFile(from, temporary));
  }

  /** Renames every staged file over its target, in the order they were first staged; returns the targets. */
  async commit(): Promise<string[]> {
    const staged = [...this.staged.values()];
    this.staged.clear();
    for (const { temporary, target } of staged) await rename(temporary, target);
    return staged.map(({ target }) => target);
  }

  /** Removes every staged file: the earlier edition stays as it was. */
  async abort(): Promise<void> {
    const staged = [...this.staged.values()];
    this.staged.clear();
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    // Innermost first; each held only this build's temporary files.
    for (const folder of this.created.splice(0).reverse()) await rm(folder, { recursive: true, force: true });
  }

  private async place(relative: string): Promise<{ readonly temporary: string; readonly target: string }> {
    const known = this.staged.get(relative);
    if (known) return known;
    const target = path.join(this.outDir, ...relative.split('/'));
    const entry = { temporary: `${target}.${String(process.pid)}.tmp`, target };
    await this.attempt(async () => {
      const first = await mkdir(path.dirname(target), { recursive: true });
      if (first !== undefined) this.created.push(first);
    });
    this.staged.set(relative, entry);
    return entry;
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
