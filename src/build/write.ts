/**
 * Writing outputs without ever leaving a half-written or half-replaced edition: every file is first
 * written beside its target under a temporary name, and only when all of them are on disk are they
 * renamed over their targets (a rename within a folder is atomic). On any failure the temporary
 * files are removed and the earlier edition stays as it was.
 * (`readOutput` reads an earlier build back, for `rubricpress verify`.)
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  const staged: { temporary: string; target: string }[] = [];
  try {
    for (const output of outputs) {
      const target = path.join(outDir, ...output.path.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      staged.push({ temporary, target });
      await writeFile(temporary, output.contents);
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(`cannot write the editions into ${outDir}: ${reason}. Nothing was changed there.`, { cause: error });
  }
  for (const { temporary, target } of staged) await rename(temporary, target);
  return staged.map(({ target }) => target);
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
