/**
 * Writing the chapters an import changed, never half of one: each file's new text is written under a
 * temporary name beside it, and only when every one is on disk are they renamed over the chapters (a
 * rename within a folder is atomic). On a failure before that, the temporary files are removed and
 * no chapter has changed. A temporary name is never one that exists (it is created exclusively), and
 * a chapter that is a link inside the source folder (which the source reader allows) is written
 * where the link leads, so the link stays a link.
 */
import { realpath, rename, rm, writeFile } from 'node:fs/promises';
import type { ImportedFile } from './import.js';

/** A chapter could not be written (no permission, a full disk). */
export class ImportWriteError extends Error {
  override readonly name = 'ImportWriteError';
}

export async function writeImported(files: readonly ImportedFile[]): Promise<void> {
  const held: { temporary: string; target: string }[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const target = await realpath(file.absolutePath);
      const temporary = `${target}.${String(process.pid)}-${String(index)}.import.tmp`;
      await writeFile(temporary, file.after, { flag: 'wx' }).catch(async (error: unknown) => {
        // A file of that name that is not this import's stays; a part this import wrote goes.
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) await rm(temporary, { force: true }).catch(() => undefined);
        throw error;
      });
      held.push({ temporary, target });
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
