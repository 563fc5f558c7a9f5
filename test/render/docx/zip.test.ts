/**
 * The Word package's zip (src/render/docx/zip.ts): what fflate, Info-ZIP's unzip and Python's
 * zipfile read back is what was given, in order, with the sizes and CRC in each local header (no
 * data descriptors) and noon of the edition's day as every entry's time.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../../../src/render/docx/zip.js';
import { removeFolder, temporaryFolder } from '../../support/build.js';

const encoder = new TextEncoder();
const entries = [
  { name: '[Content_Types].xml', data: encoder.encode('<?xml version="1.0"?><Types/>') },
  { name: 'word/document.xml', data: encoder.encode('<w:document>'.concat('<w:p>Text that repeats. </w:p>'.repeat(2000), '</w:document>')) },
  { name: 'word/media/chart.png', data: Uint8Array.from({ length: 5000 }, (_unused, index) => (index * 7919) % 251) },
  { name: 'word/empty.xml', data: new Uint8Array(0) },
  { name: 'word/média.xml', data: encoder.encode('<é/>') },
];

/** Each local header's general purpose flags, time, date, CRC and sizes, walking the entries. */
function localHeaders(zip: Uint8Array): { flags: number; time: number; date: number; crc: number; compressed: number; size: number; name: string }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const headers = [];
  for (let at = 0; view.getUint32(at, true) === 0x04034b50; ) {
    const nameLength = view.getUint16(at + 26, true);
    const compressed = view.getUint32(at + 18, true);
    headers.push({ flags: view.getUint16(at + 6, true), time: view.getUint16(at + 10, true), date: view.getUint16(at + 12, true), crc: view.getUint32(at + 14, true), compressed, size: view.getUint32(at + 22, true), name: new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength)) });
    at += 30 + nameLength + view.getUint16(at + 28, true) + compressed;
  }
  return headers;
}

describe('zipEntries', () => {
  it('is read back as given, in order, by fflate, unzip and Python', async () => {
    const zip = zipEntries(entries, '2024-03-09');
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(entries.map((entry) => entry.name));
    for (const entry of entries) expect(Buffer.from(read[entry.name] ?? []).equals(Buffer.from(entry.data))).toBe(true);
    // Deflated: the repeated text is far smaller.
    expect(zip.byteLength).toBeLessThan(20_000);
    const folder = await temporaryFolder('rubricpress-zip-');
    try {
      const file = path.join(folder, 'package.docx');
      writeFileSync(file, zip);
      expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
      const python = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint("\\n".join(f"{i.filename} {i.date_time} {i.file_size}" for i in z.infolist()))';
      const listed = execFileSync('python3', ['-c', python, file], { encoding: 'utf8' }).trim().split('\n');
      expect(listed).toEqual(entries.map((entry) => `${entry.name} (2024, 3, 9, 12, 0, 0) ${String(entry.data.byteLength)}`));
    } finally {
      await removeFolder(folder);
    }
  });

  it('puts the CRC and sizes in each local header (no data descriptors), noon of the day as the time, and flags a UTF-8 name', () => {
    const headers = localHeaders(zipEntries(entries, '2024-03-09'));
    expect(headers.map((header) => header.name)).toEqual(entries.map((entry) => entry.name));
    for (const header of headers) {
      expect(header.flags & 0x0008).toBe(0);
      expect(header.time).toBe(12 << 11);
      expect(header.date).toBe(((2024 - 1980) << 9) | (3 << 5) | 9);
      expect(header.compressed).toBeGreaterThan(0);
    }
    expect(headers.map((header) => header.flags & 0x0800)).toEqual([0, 0, 0, 0, 0x0800]);
    expect(headers.map((header) => header.size)).toEqual(entries.map((entry) => entry.data.byteLength));
    // A date before 1980 is 1980's (MS-DOS counts from it), keeping its month and day; a day past its month's end runs on into the next.
    expect(localHeaders(zipEntries(entries, '1970-06-30'))[0]?.date).toBe((6 << 5) | 30);
    expect(localHeaders(zipEntries(entries, '2024-02-30'))[0]?.date).toBe(((2024 - 1980) << 9) | (3 << 5) | 1);
  });

  it('gives the same bytes in any time zone', () => {
    const here = zipEntries(entries, '2024-03-09');
    const zone = process.env['TZ'];
    try {
      process.env['TZ'] = 'Pacific/Kiritimati';
      expect(Buffer.from(zipEntries(entries, '2024-03-09')).equals(Buffer.from(here))).toBe(true);
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });
});
