/**
 * The one check of where a command reads and writes, for folders from flags and (later) from a
 * project file alike: rubricpress writes only into the output folder and the cache, so neither may
 * be, hold or lie inside the source or the templates folder (a cache's clean-up inside the source
 * would delete chapters); the output folder may not lie inside the cache (whose clean-up owns it) nor
 * be it; and a cache folder must be one rubricpress made (`cache-marker.ts`) or empty. Paths are
 * compared after symbolic links are resolved (a missing folder by its nearest existing parent), so
 * a link cannot hide that two folders are one.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { cacheOwnership } from './cache-marker.js';

/** Folders that must not be used as given: a usage error (exit 2), nothing was read or written. */
export class FolderError extends Error {
  override readonly name = 'FolderError';
}

export interface CommandFolders {
  /** Undefined for a command that reads no source (`release --merge`). */
  readonly sourceDir?: string;
  readonly templatesDir?: string;
  /** Where editions are written; undefined for a command that writes none (`check`). */
  readonly outDir?: string;
  /** The build cache; undefined without one. */
  readonly cacheDir?: string;
}

/** The real path of `folder`: symbolic links resolved, a part that does not exist yet kept as given. */
async function realPathOf(folder: string): Promise<string> {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      if (path.dirname(current) === current) return absolute;
      missing.push(path.basename(current));
    }
  }
}

function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** How `folder` (called `name`) and `other` overlap, in words, or undefined when they do not. */
function overlap(folder: string, other: string): 'is' | 'lies inside' | 'holds' | undefined {
  if (folder === other) return 'is';
  if (isWithin(folder, other)) return 'lies inside';
  if (isWithin(other, folder)) return 'holds';
  return undefined;
}

function shown(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative === '' ? '.' : relative.startsWith('..') ? folder : relative;
}

/**
 * Checks the folders of one command; throws `FolderError` with every problem, each saying what to do.
 * Reads nothing but the folders' names, and the cache folder's list of entries.
 */
export async function checkFolders(folders: CommandFolders): Promise<void> {
  const problems: string[] = [];
  const read: (readonly [string, string])[] = [];
  if (folders.sourceDir !== undefined) read.push(['source folder', await realPathOf(folders.sourceDir)]);
  if (folders.templatesDir !== undefined) read.push(['templates folder', await realPathOf(folders.templatesDir)]);
  const written: { readonly flag: string; readonly what: string; readonly given: string; readonly real: string }[] = [];
  if (folders.outDir !== undefined) written.push({ flag: '--out', what: 'output folder', given: folders.outDir, real: await realPathOf(folders.outDir) });
  if (folders.cacheDir !== undefined) written.push({ flag: '--cache', what: 'cache folder', given: folders.cacheDir, real: await realPathOf(folders.cacheDir) });
  for (const folder of written) {
    for (const [name, real] of read) {
      const relation = overlap(folder.real, real);
      if (relation) {
        problems.push(`the ${folder.what} ${shown(folder.given)} ${relation} the ${name} ${shown(real)}; rubricpress writes only outside what it reads. Give ${folder.flag} a folder of its own.`);
      }
    }
  }
  const [out, cache] = [written.find((folder) => folder.flag === '--out'), written.find((folder) => folder.flag === '--cache')];
  if (out && cache) {
    const relation = overlap(out.real, cache.real);
    if (relation === 'is' || relation === 'lies inside') {
      problems.push(`the output folder ${shown(out.given)} ${relation} the cache folder ${shown(cache.given)}; the cache owns its folder. Give --cache a folder of its own (the default is .cache inside the output folder).`);
    }
  }
  if (cache && problems.length === 0) {
    const ownership = await cacheOwnership(cache.real);
    if (ownership.kind === 'foreign') {
      problems.push(`the cache folder ${shown(cache.given)} holds files rubricpress did not write (${ownership.example}); a cache's clean-up would delete them. Give --cache an empty or new folder, or --no-cache.`);
    } else if (ownership.kind === 'not-a-folder') {
      problems.push(`the cache folder ${shown(cache.given)} is not a folder. Give --cache a folder, or --no-cache.`);
    }
  }
  if (problems.length > 0) throw new FolderError(problems.join('\n'));
}
