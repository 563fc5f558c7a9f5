/**
 * Chapters drawn for a book, named as files of the cache and read by the worker that binds the book
 * (src/build/drawn-files.ts): only a file that is what the cache's record says is taken; anything
 * else is left out, and its chapter is drawn again.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/build/digest.js';
import { readDrawnFiles, readHeldFiles, type DrawnChapterFile } from '../../src/build/drawn-files.js';

let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'rubricpress-drawn-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function kept(name: string, bytes: Uint8Array, key = name): Promise<DrawnChapterFile> {
  const file = path.join(folder, name);
  await writeFile(file, bytes);
  return { key, file, sha256: sha256Of(bytes), size: bytes.byteLength };
}

describe('chapters drawn for a book, read from the cache where the book is bound', () => {
  it('takes each intact file, in order, and leaves out one missing, changed, grown or linked', async () => {
    const first = await kept('first.bin', new Uint8Array([1, 2, 3]));
    const second = await kept('second.bin', new Uint8Array([4, 5, 6, 7]));
    const changed = await kept('changed.bin', new Uint8Array([8, 9]));
    await writeFile(changed.file, new Uint8Array([9, 8]));
    const grown = await kept('grown.bin', new Uint8Array([10]));
    await writeFile(grown.file, new Uint8Array([10, 11]));
    const missing: DrawnChapterFile = { ...first, key: 'missing', file: path.join(folder, 'none.bin') };
    const linked: DrawnChapterFile = { ...second, key: 'linked', file: path.join(folder, 'link.bin') };
    await symlink(second.file, linked.file);
    const records = await readDrawnFiles([first, changed, missing, grown, linked, second]);
    expect(records.map((record) => record.key)).toEqual(['first.bin', 'second.bin']);
    expect([...(records[1]?.bytes ?? [])]).toEqual([4, 5, 6, 7]);
  });

  it('reads a chapter\'s own file held in the staging folder (a build without a cache) as its record, the facts first; one changed is left out', async () => {
    const pdf = await kept('chapter.pdf', new Uint8Array([37, 80, 68, 70]));
    const docx = await kept('chapter.docx', new Uint8Array([80, 75, 3, 4]));
    const changed = await kept('changed.docx', new Uint8Array([80, 75]));
    await writeFile(changed.file, new Uint8Array([75, 80]));
    const records = await readHeldFiles([
      { ...pdf, key: 'pdf-key', format: 'pdf', facts: new Uint8Array([0, 0, 0, 1, 123]) },
      { ...changed, key: 'changed-key', format: 'docx', facts: new Uint8Array(0) },
      { ...docx, key: 'docx-key', format: 'docx', facts: new Uint8Array(0) },
    ]);
    expect(records.map((record) => record.key)).toEqual(['pdf-key', 'docx-key']);
    expect([...(records[0]?.bytes ?? [])]).toEqual([0, 0, 0, 1, 123, 37, 80, 68, 70]);
    expect([...(records[1]?.bytes ?? [])]).toEqual([80, 75, 3, 4]);
  });
});
