/**
 * What rubricpress keeps in an output folder besides the editions, all inside `.rubricpress/`:
 *
 * - `lock`: held by the one rubricpress process that reads or writes the folder (see lock.ts);
 * - `staging/<id>/`: the files of a build under way, written before any of them takes its place;
 * - `backup/<id>/`: the files a commit replaces, kept (as hard links) until it is complete;
 * - `commit.json`: the commit's journal, present only while files are being put in place;
 * - `edition.json`: what the last complete commit put in the folder (each file's path and SHA-256),
 *   so that `rubricpress verify` can tell which edition the folder holds.
 *
 * Every path that leads into the output folder passes `editionPath` first: relative, with `/`
 * separators, no empty, `.` or `..` part, and no part starting with a dot (which keeps editions out of
 * `.rubricpress/` and the default cache `.cache/`).
 */
import path from 'node:path';

export const bookkeepingName = '.rubricpress';

export interface Bookkeeping {
  readonly root: string;
  readonly lock: string;
  readonly journal: string;
  readonly manifest: string;
  readonly staging: string;
  readonly backup: string;
}

export function bookkeepingOf(outDir: string): Bookkeeping {
  const root = path.join(outDir, bookkeepingName);
  return {
    root,
    lock: path.join(root, 'lock'),
    journal: path.join(root, 'commit.json'),
    manifest: path.join(root, 'edition.json'),
    staging: path.join(root, 'staging'),
    backup: path.join(root, 'backup'),
  };
}

/** The manifest's path relative to the output folder, as the commit's last entry names it. */
export const manifestRelative = `${bookkeepingName}/edition.json`;

/** One part of a path inside the output folder: letters, digits, `.`, `_` and `-`, not starting with a dot. */
const partPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** Whether `relative` may name a file of an edition: see the module's comment. */
export function isEditionPath(relative: string): boolean {
  const parts = relative.split('/');
  return relative.length <= 1000 && parts.length <= 16 && parts.every((part) => partPattern.test(part));
}

/** The output folder could not be written (a file where a folder should be, no permission, a full disk) or is in use. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** An output path that failed `isEditionPath`: a fault in rubricpress, or a tampered record. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/** Where a file of an edition (`pdf/japan/coordination.pdf`, always with `/`) is on this system; throws for a path that could lead elsewhere. */
export function outputPath(outDir: string, relative: string): string {
  if (!isEditionPath(relative) && relative !== manifestRelative) throw new UnsafePathError(`"${relative}" is not a path inside the output folder`);
  return path.join(outDir, ...relative.split('/'));
}
