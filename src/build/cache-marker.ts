/**
 * The cache owns only what it made. A cache folder carries a marker file, written when rubricpress
 * makes the folder (or finds it empty); a folder with other files and no marker is not used (a
 * mistyped `--cache` would otherwise have its files cleaned away). A cache written before the
 * marker existed is recognised by its exact layout — `written.json` and `chapters/<32 hex>/` slots
 * holding only `record.json` and `<sha256>.bin` files — and adopted.
 */
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const cacheMarkerName = 'rubricpress-cache.json';
const markerText = `${JSON.stringify({ format: 'rubricpress-cache-folder/1', note: 'Made by rubricpress: its build cache. rubricpress removes only what it wrote here.' })}\n`;

/** A slot of the cache: one chapter under one set of settings. */
export const slotPattern = /^[0-9a-f]{32}$/;
/** What a slot holds: its record, the files it names, and a file being written. */
export const slotFilePattern = /^(?:record\.json|[0-9a-f]{64}\.bin)(?:\.\d+\.tmp)?$/;

export type CacheOwnership =
  | { readonly kind: 'absent' | 'empty' | 'owned' | 'legacy' }
  | { readonly kind: 'not-a-folder' }
  | { readonly kind: 'foreign'; readonly example: string };

export async function cacheOwnership(folder: string): Promise<CacheOwnership> {
  const info = await lstat(folder).catch(() => undefined);
  if (!info) return { kind: 'absent' };
  if (!info.isDirectory()) return { kind: 'not-a-folder' };
  const names = await readdir(folder);
  if (names.length === 0) return { kind: 'empty' };
  if (names.includes(cacheMarkerName)) {
    const marker = await readFile(path.join(folder, cacheMarkerName), 'utf8').catch(() => '');
    return marker === markerText ? { kind: 'owned' } : { kind: 'foreign', example: cacheMarkerName };
  }
  const foreign = await firstForeign(folder, names);
  return foreign === undefined ? { kind: 'legacy' } : { kind: 'foreign', example: foreign };
}

/** The first entry that the old layout does not explain, or undefined. */
async function firstForeign(folder: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const entry = path.join(folder, name);
    const info = await lstat(entry);
    if (name === 'written.json' || /^written\.json\.\d+\.tmp$/.test(name)) {
      if (!info.isFile()) return name;
      continue;
    }
    // Files kept by the digest of what they are made from (the web edition's fonts).
    if (name === 'made' && info.isDirectory()) {
      for (const file of await readdir(entry)) if (!/^[0-9a-f]{64}\.(?:bin|sha256)(?:\.\d+\.tmp)?$/.test(file)) return `made/${file}`;
      continue;
    }
    if (name !== 'chapters' || !info.isDirectory()) return name;
    for (const slot of await readdir(entry)) {
      const slotInfo = await lstat(path.join(entry, slot));
      if (!slotPattern.test(slot) || !slotInfo.isDirectory()) return `chapters/${slot}`;
      for (const file of await readdir(path.join(entry, slot))) {
        if (!slotFilePattern.test(file)) return `chapters/${slot}/${file}`;
      }
    }
  }
  return undefined;
}

/** Makes the cache folder (or takes an empty or old-layout one) and marks it as rubricpress's; false when it holds foreign files. */
export async function claimCacheFolder(folder: string): Promise<boolean> {
  await mkdir(folder, { recursive: true });
  const ownership = await cacheOwnership(folder);
  if (ownership.kind === 'owned') return true;
  if (ownership.kind !== 'empty' && ownership.kind !== 'legacy' && ownership.kind !== 'absent') return false;
  await writeFile(path.join(folder, cacheMarkerName), markerText);
  return true;
}
