/**
 * Reading the DOCX an editor gives `rubricpress import`: untrusted input, read as the source is
 * (source/regular-file.ts: an ordinary file, not a FIFO or a device, and not larger than a DOCX of a
 * whole country report could be), and the output folder it lies in, if any (a DOCX a build kept
 * aside lies in `out/`, whose lock the import must then hold while it reads).
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { bookkeepingName } from '../build/out-folder.js';
import { readRegularFile, type RegularFileRead } from '../source/regular-file.js';

/** Larger than any DOCX rubricpress writes (the sample chapter's is 30 kB; a report of 40 chapters with images stays far below). */
export const maxEditedDocxBytes = 64_000_000;

/** The file's bytes, or why they cannot be had. The path given on the command line may be a link: it is the user's own choice. */
export async function readEditedFile(file: string): Promise<RegularFileRead> {
  const real = await realpath(file).catch(() => file);
  return readRegularFile(real, maxEditedDocxBytes);
}

/** The output folder (one holding rubricpress's `.rubricpress/` folder) the file lies in, or undefined. */
export async function outputFolderHolding(file: string): Promise<string | undefined> {
  const real = await realpath(file).catch(() => path.resolve(file));
  for (let folder = path.dirname(real); ; folder = path.dirname(folder)) {
    const keeping = await lstat(path.join(folder, bookkeepingName)).catch(() => undefined);
    if (keeping?.isDirectory() === true) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}
