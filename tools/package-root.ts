/**
 * The rubricpress checkout the tools run in: the nearest folder above this file whose package.json
 * is rubricpress's. The tools run from `dist-tools/tools/…` when compiled and from `tools/…` under
 * the tests, so the depth is not fixed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'rubricpress') return folder;
    if (path.dirname(folder) === folder) throw new Error(`No rubricpress package.json above ${start}.`);
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
