/**
 * A folder's files for comparing builds byte for byte: each file's contents (base64) by its path
 * below the folder, with `/` separators, in sorted order. `skip` leaves out paths (the cache).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export async function folderSnapshot(root: string, skip: (relative: string) => boolean = () => false): Promise<Map<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((relative) => !skip(relative))
    .sort();
  const files = new Map<string, string>();
  for (const relative of paths) files.set(relative, (await readFile(path.join(root, relative))).toString('base64'));
  return files;
}
