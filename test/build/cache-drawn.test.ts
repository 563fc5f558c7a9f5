/**
 * The chapters a book was bound from, in its slot of the build's cache (src/build/cache.ts): a record
 * names each at most once and no more than its schema reads back, and a forged record naming one
 * key twice gives it once (the first), as the worker that binds the book reads it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type BuildCache } from '../../src/build/cache.js';
import { sha256Of } from '../../src/build/digest.js';
import { readDrawnFiles } from '../../src/build/drawn-files.js';
import { compileSample, removeFolder, temporaryFolder } from '../support/build.js';

let folder = '';
let cache: BuildCache;

beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-cache-drawn-');
  const { prepared, templates } = await compileSample();
  cache = openCache({ directory: folder, tool: 'test', templates, setup: { formats: ['pdf'], verify: false }, prepared });
});
afterAll(async () => {
  await removeFolder(folder);
});

/** A record's bytes as a drawn chapter: its key is the digest of its number, as a writer's keys are digests. */
function drawn(index: number): { readonly key: string; readonly bytes: Uint8Array } {
  return { key: sha256Of(`chapter ${String(index)}`), bytes: new TextEncoder().encode(`drawn ${String(index)}`) };
}

describe('a book’s chapters kept in the cache', () => {
  it('names at most 2,000 in its record, which reads back whole (a longer one would be refused)', async () => {
    const stored = await cache.storeDrawn('atlantis', Array.from({ length: 2_001 }, (_, index) => drawn(index)));
    expect(stored).toHaveLength(2_000);
    // Given and made joined (keptDrawn) may name more than storeDrawn kept: the record holds the first 2,000.
    const given = [...stored, { ...stored[0], key: drawn(2_001).key } as (typeof stored)[number]];
    await cache.storeBook('atlantis', [], [], undefined, given);
    const files = await cache.drawnFiles('atlantis');
    expect(files).toHaveLength(2_000);
    const records = await readDrawnFiles(files.slice(0, 3));
    expect(records.map((record) => new TextDecoder().decode(record.bytes))).toEqual(['drawn 0', 'drawn 1', 'drawn 2']);
  });

  it('gives a key named twice in a forged record once, the first, and each file once', async () => {
    const [first, second, third] = await cache.storeDrawn('lemuria', [drawn(0), drawn(1), drawn(2)]);
    if (!first || !second || !third) throw new Error('not stored');
    await cache.storeBook('lemuria', [], [], undefined, [first, second, third]);
    const files = await cache.drawnFiles('lemuria');
    const recordFile = path.join(path.dirname(files[0]?.file ?? ''), 'record.json');
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as { drawn: { key: string; sha256: string; size: number }[] };
    // The first chapter's key named again with the second's file, and the third's file named again under a new key.
    const [one, two, three] = record.drawn;
    if (!one || !two || !three) throw new Error('the record names fewer than three');
    record.drawn = [one, { ...two, key: first.key }, two, { ...three, key: sha256Of('another') }, three];
    await writeFile(recordFile, `${JSON.stringify(record)}\n`);
    const read = await cache.drawnFiles('lemuria');
    expect(read.map((file) => [file.key, file.sha256])).toEqual([
      [first.key, first.sha256],
      [second.key, second.sha256],
      [sha256Of('another'), third.sha256],
    ]);
  });
});
