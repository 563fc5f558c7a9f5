/**
 * Writing outputs without ever leaving a half-written edition: every file is first written to a
 * staging folder inside the output folder (`.rubricpress/staging/<id>/`, the same disk), and only
 * when all of them are there are they put in place, as one journalled transaction (`commit.ts`). On
 * a failure before that, the staging folder is removed and the earlier edition stays as it was.
 * (`readOutput` reads an earlier build back, for `rubricpress verify`.)
 */
import { copyFile, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commitStaged, newStagingId, type EditionFile } from './commit.js';
import { sha256Of } from './digest.js';
import { AbandonedByFault, noFaults, type FaultInjector } from './faults.js';
import { bookkeepingOf, OutputError, outputPath } from './out-folder.js';

export { OutputError, outputPath } from './out-folder.js';

export interface OutputFile {
  /** Relative to the output folder, with `/` separators: `html/japan/coordination.html`. */
  readonly path: string;
  readonly contents: string | Uint8Array;
}

/** Writes `outputs` as one commit; the folder's manifest lists them (and only them). */
export async function writeOutputsAtomically(outDir: string, outputs: readonly OutputFile[], faults: FaultInjector = noFaults): Promise<string[]> {
  const staging = new Staging(outDir, faults);
  const edition: EditionFile[] = [];
  for (const output of outputs) {
    await staging.stage(output);
    edition.push({ path: output.path, sha256: sha256Of(output.contents), size: typeof output.contents === 'string' ? Buffer.byteLength(output.contents) : output.contents.byteLength });
  }
  return staging.commit(edition);
}

/**
 * An edition written while a build goes on, so that the build need not hold its bytes in memory:
 * each file is first held in the staging folder under a number, then given its place; `commit`
 * puts every placed file over its target as one transaction, `abort` removes the staging folder.
 */
export class Staging {
  private held = 0;
  private aborted = false;
  private abandoned = false;
  /**
   * The write that failed first. Files are staged in parallel: one that asks to be written after
   * another's failure aborted the staging reports that failure (a full disk), not only that it stopped.
   */
  private failure: OutputError | undefined;
  private readonly id = newStagingId();
  private readonly folder: string;
  /** Target path → held file name, in the order places were first given. */
  private readonly places = new Map<string, string>();

  constructor(
    private readonly outDir: string,
    private readonly faults: FaultInjector = noFaults,
  ) {
    this.folder = path.join(bookkeepingOf(outDir).staging, this.id);
  }

  /** Writes the bytes of the file for `relative` under a temporary name; returns the name, for `place`. */
  async hold(relative: string, contents: string | Uint8Array): Promise<string> {
    const file = await this.nextFile(relative);
    await this.attempt(async () => {
      this.faults.at('stage:write');
      await writeFile(file, contents);
    });
    return file;
  }

  /** Holds a copy of a file already on disk (a cached edition). */
  async holdCopy(relative: string, from: string): Promise<string> {
    const file = await this.nextFile(relative);
    await this.attempt(async () => {
      this.faults.at('stage:write');
      await copyFile(from, file);
    });
    return file;
  }

  /**
   * Holds the file now at `from` (an output an editor changed) as a hard link, so that the commit
   * moves it under its new name with the edition; a copy where the file system has no hard links.
   */
  async holdLink(relative: string, from: string): Promise<string> {
    const file = await this.nextFile(relative);
    await this.attempt(async () => {
      this.faults.at('stage:write');
      await link(from, file).catch(async (error: unknown) => {
        const code = error instanceof Error && 'code' in error ? error.code : undefined;
        if (code === 'EPERM' || code === 'EXDEV' || code === 'ENOTSUP' || code === 'EMLINK') await copyFile(from, file);
        else throw error;
      });
    });
    return file;
  }

  /** Gives a held file its path in the output folder; a later file for the same path replaces it. */
  place(held: string, relative: string): void {
    // Checked here, before anything is committed: a path that leads outside the folder is refused.
    outputPath(this.outDir, relative);
    this.places.set(relative, held);
  }

  async stage(output: OutputFile): Promise<void> {
    this.place(await this.hold(output.path, output.contents), output.path);
  }

  async stageCopy(relative: string, from: string): Promise<void> {
    this.place(await this.holdCopy(relative, from), relative);
  }

  async stageLink(relative: string, from: string): Promise<void> {
    this.place(await this.holdLink(relative, from), relative);
  }

  /** Whether a file has been given the path `relative` (it will replace what is there). */
  isPlaced(relative: string): boolean {
    return this.places.has(relative);
  }

  /**
   * Puts every placed file in place as one transaction, the files in the order they were placed;
   * `edition` is every file of the edition afterwards (placed or left as it was), for the folder's
   * manifest. Returns the targets.
   */
  async commit(edition: readonly EditionFile[]): Promise<string[]> {
    const moves = [...this.places].map(([relative, held]) => ({ relative, staged: path.basename(held) }));
    try {
      return await commitStaged({ outDir: this.outDir, stagingId: this.id, moves, edition, faults: this.faults });
    } catch (error) {
      if (error instanceof AbandonedByFault) this.abandoned = true;
      throw error;
    } finally {
      this.places.clear();
    }
  }

  /** Removes the staging folder: the earlier edition stays as it was. (After an abandoning fault: nothing, as after a kill.) */
  async abort(): Promise<void> {
    this.aborted = true;
    this.places.clear();
    if (this.abandoned) return;
    await rm(this.folder, { recursive: true, force: true }).catch(() => undefined);
  }

  private async nextFile(relative: string): Promise<string> {
    if (this.aborted) throw this.failure ?? new OutputError('The build was stopped; nothing more is written.');
    outputPath(this.outDir, relative);
    if (this.held === 0) await this.attempt(() => mkdir(this.folder, { recursive: true }));
    this.held += 1;
    return path.join(this.folder, String(this.held));
  }

  private async attempt(operation: () => Promise<unknown>): Promise<void> {
    try {
      await operation();
    } catch (error) {
      if (error instanceof AbandonedByFault) {
        this.abandoned = true;
        throw error;
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.failure ??= new OutputError(`cannot write the editions into ${this.outDir}: ${reason}. Nothing was changed there.`, { cause: error });
      const failure = this.failure;
      await this.abort();
      throw failure;
    }
  }
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
