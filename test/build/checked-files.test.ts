/**
 * The cache's files found whole are not read again while unchanged (`build --watch` read 70 MB a
 * rebuild); a file written since, even to the same bytes and times, is read again. Its records
 * likewise are parsed once while unchanged.
 */
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckedFiles, ParsedRecords } from '../../src/build/cache.js';
import { sha256Of } from '../../src/build/digest.js';
import { readRegularFile } from '../../src/source/regular-file.js';

const folder = await mkdtemp(path.join(os.tmpdir(), 'rubricpress-checked-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A CheckedFiles that counts its reads. */
function counting(): { checked: CheckedFiles; reads: () => number } {
  let reads = 0;
  const checked = new CheckedFiles((file, maxBytes) => {
    reads += 1;
    return readRegularFile(file, maxBytes);
  });
  return { checked, reads: () => reads };
}

/** A stored file with these words, a CheckedFiles that counts its reads, and whether it finds the file whole. */
async function storedFile(name: string, words: string): Promise<{ file: string; bytes: Uint8Array; checked: CheckedFiles; reads: () => number; whole: () => Promise<boolean> }> {
  const file = path.join(folder, name);
  const bytes = new TextEncoder().encode(words);
  await writeFile(file, bytes);
  const { checked, reads } = counting();
  return { file, bytes, checked, reads, whole: () => checked.whole(file, bytes.byteLength, sha256Of(bytes)) };
}

describe('the cache’s files found whole', () => {
  it('are read once while they do not change', async () => {
    const { whole, reads } = await storedFile('a.bin', 'a chapter’s PDF');
    expect(await whole()).toBe(true);
    expect(await whole()).toBe(true);
    expect(reads()).toBe(1);
  });

  it('are read again once written, even with the same bytes and modification time, and refused when changed', async () => {
    const { file, bytes, whole, reads } = await storedFile('b.bin', 'a chapter’s DOCX');
    expect(await whole()).toBe(true);
    const { atime, mtime } = await stat(file);
    // Another file's bytes of the same length, its modification time put back: its change time tells.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(file, new TextEncoder().encode('a chapter’s DOCY'));
    await utimes(file, atime, mtime);
    expect(await whole()).toBe(false);
    expect(reads()).toBe(2);
    // The same bytes again: read, found whole.
    await writeFile(file, bytes);
    expect(await whole()).toBe(true);
    expect(reads()).toBe(3);
  });

  it('are not taken for another digest or a file that is gone', async () => {
    const { file, bytes, checked, whole } = await storedFile('c.bin', 'an HTML page');
    expect(await whole()).toBe(true);
    expect(await checked.whole(file, bytes.byteLength, sha256Of(new TextEncoder().encode('other')))).toBe(false);
    await rm(file);
    expect(await whole()).toBe(false);
  });
});

describe('the cache’s records as parsed', () => {
  /** Records of words: each parse counted, a file of "unreadable" not a record. */
  function countingParser(): { parse: (file: string) => Promise<{ readonly words: string } | undefined>; parses: () => number } {
    let parses = 0;
    return {
      parse: async (file) => {
        parses += 1;
        const read = await readRegularFile(file, 1000);
        const words = read.ok ? new TextDecoder().decode(read.bytes) : 'unreadable';
        return words === 'unreadable' ? undefined : { words };
      },
      parses: () => parses,
    };
  }

  it('are parsed once while their file does not change, and again once it is written', async () => {
    const file = path.join(folder, 'record.json');
    await writeFile(file, 'a record');
    const records = new ParsedRecords<{ readonly words: string }>();
    const { parse, parses } = countingParser();
    expect(await records.get(file, parse)).toEqual({ words: 'a record' });
    expect(await records.get(file, parse)).toEqual({ words: 'a record' });
    expect(parses()).toBe(1);
    // Bytes of the same length, the modification time put back: the change time tells.
    const { atime, mtime } = await stat(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(file, 'b record');
    await utimes(file, atime, mtime);
    expect(await records.get(file, parse)).toEqual({ words: 'b record' });
    expect(parses()).toBe(2);
  });

  it('are kept up to their capacity, the oldest let go first', async () => {
    const files = ['first.json', 'second.json', 'third.json'].map((name) => path.join(folder, name));
    await Promise.all(files.map((file, index) => writeFile(file, `record ${String(index)}`)));
    const records = new ParsedRecords<{ readonly words: string }>(2);
    const { parse, parses } = countingParser();
    for (const file of files) await records.get(file, parse);
    expect(parses()).toBe(3);
    // The second and third are kept; the first is parsed again.
    await records.get(files[2] ?? '', parse);
    await records.get(files[1] ?? '', parse);
    expect(parses()).toBe(3);
    await records.get(files[0] ?? '', parse);
    expect(parses()).toBe(4);
  });

  it('are not kept when they cannot be parsed, nor once their file is gone', async () => {
    const file = path.join(folder, 'unreadable.json');
    await writeFile(file, 'unreadable');
    const records = new ParsedRecords<{ readonly words: string }>();
    const { parse, parses } = countingParser();
    expect(await records.get(file, parse)).toBeUndefined();
    expect(await records.get(file, parse)).toBeUndefined();
    expect(parses()).toBe(2);
    await writeFile(file, 'a record');
    expect(await records.get(file, parse)).toEqual({ words: 'a record' });
    await rm(file);
    expect(await records.get(file, parse)).toBeUndefined();
    expect(parses()).toBe(4);
  });
});
