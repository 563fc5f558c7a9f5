/**
 * Writing the chapters an import changed, never half of one: each file's new text is written under a
 * temporary name beside it, and only when every one is on disk are they renamed over the chapters (a
 * rename within a folder is atomic). On a failure before that, the temporary files are removed and
 * no chapter has changed.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import type { ImportedFile } from './import.js';

/** A chapter could not be written (no permission, a full disk). */
export class ImportWriteError extends Error {
  override readonly name = 'ImportWriteError';
}

export async function writeImported(files: readonly ImportedFile[]): Promise<void> {
  const held: { temporary: string; target: string }[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const temporary = `${file.absolutePath}.${String(process.pid)}-${String(index)}.import.tmp`;
      held.push({ temporary, target: file.absolutePath });
      await writeFile(temporary, file.after);
    }
  } catch (error) {
    await Promise.all(held.map(({ temporary }) => rm(temporary, { force: true }).catch(() => undefined)));
    throw new ImportWriteError(`cannot write the imported chapters: ${error instanceof Error ? error.message : String(error)}. No chapter was changed.`, { cause: error });
  }
  let done = 0;
  try {
    for (const { temporary, target } of held) {
      await rename(temporary, target);
      done += 1;
    }
  } catch (error) {
    await Promise.all(held.slice(done).map(({ temporary }) => rm(temporary, { force: true }).catch(() => undefined)));
    throw new ImportWriteError(`cannot write the imported chapters: ${error instanceof Error ? error.message : String(error)}. ${String(done)} of ${String(held.length)} were written whole; the others were not changed.`, { cause: error });
  }
}
