/**
 * The same source gives a byte-identical .docx on every run, day and time zone: the docx package's
 * clock times, random relationship ids and process-wide bookmark counter are normalised away.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildInto, projectRoot, removeFolder, sampleSource, temporaryFolder } from '../../support/build.js';
import { openDocx } from '../../support/docx.js';

const file = 'docx/japan/coordination.docx';
const run = promisify(execFile);
let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  vi.useRealTimers();
  await removeFolder(folder);
});

async function buildAt(name: string, time: string, zone: string): Promise<Uint8Array> {
  const originalZone = process.env['TZ'];
  try {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(time));
    process.env['TZ'] = zone;
    const built = await buildInto(path.join(folder, name), { formats: ['docx'] });
    expect(built.result.ok).toBe(true);
  } finally {
    vi.useRealTimers();
    if (originalZone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = originalZone;
  }
  return new Uint8Array(await readFile(path.join(folder, name, file)));
}

/** The DOS date and time of each zip entry's local header. */
function entryTimes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const times: string[] = [];
  for (let offset = 0; offset + 30 <= bytes.length && view.getUint32(offset, true) === 0x04034b50; ) {
    const time = view.getUint16(offset + 10, true);
    const date = view.getUint16(offset + 12, true);
    times.push(`${(date >> 9) + 1980}-${String((date >> 5) & 15).padStart(2, '0')}-${String(date & 31).padStart(2, '0')} ${time >> 11}:${(time >> 5) & 63}`);
    const compressed = view.getUint32(offset + 18, true);
    offset += 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true) + compressed;
  }
  return times;
}

/**
 * A build by the installed command (bin → dist) in a time zone of its own: vitest's worker threads
 * share the process's zone, which setting TZ inside a test does not change.
 */
async function buildInZone(name: string, zone: string): Promise<Uint8Array> {
  const outDir = path.join(folder, name);
  await run(process.execPath, [path.join(projectRoot, 'bin/rubricpress.js'), 'build', sampleSource, '--format', 'docx', '--out', outDir, '--quiet'], { env: { ...process.env, TZ: zone } });
  return new Uint8Array(await readFile(path.join(outDir, file)));
}

describe('reproducible DOCX', () => {
  it('two builds on different days and in different time zones are byte-identical', async () => {
    const first = await buildAt('first', '2031-01-01T03:00:00Z', 'Pacific/Kiritimati');
    const second = await buildAt('second', '2026-07-15T22:30:00Z', 'UTC');
    const third = await buildAt('third', '2027-03-28T01:30:00Z', 'America/Los_Angeles');
    expect(first.length).toBeGreaterThan(10_000);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(third).equals(Buffer.from(first))).toBe(true);
  });

  it('dates every zip entry at noon of the edition’s date, and the properties at the edition’s date', async () => {
    const bytes = await buildAt('dates', '2030-10-27T01:30:00Z', 'Europe/London');
    const times = entryTimes(bytes);
    expect(times.length).toBeGreaterThan(5);
    expect(new Set(times)).toEqual(new Set(['2024-06-01 12:0']));
    const core = openDocx(bytes).text('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-06-01T00:00:00Z</dcterms:created>');
    expect(core).not.toMatch(/20(2[5-9]|3\d)-/);
  });

  it('is the same in time zones far apart, zip entry times included (run as the installed command)', async () => {
    const [east, west] = await Promise.all([buildInZone('kiritimati', 'Pacific/Kiritimati'), buildInZone('honolulu', 'Pacific/Honolulu')]);
    expect(new Set(entryTimes(east))).toEqual(new Set(['2024-06-01 12:0']));
    expect(Buffer.from(west).equals(Buffer.from(east))).toBe(true);
  });

  it('numbers relationships and bookmarks in document order, starting again in every document', async () => {
    const docx = openDocx(await buildAt('ids', '2026-01-01T00:00:00Z', 'UTC'));
    const ids = [...docx.relationships('word/document.xml').keys()];
    expect(ids).toEqual(ids.map((_id, index) => `rId${index + 1}`));
    const bookmarkIds = [...docx.text('word/document.xml').matchAll(/<w:bookmarkStart [^>]*w:id="(\d+)"/g)].map((match) => Number(match[1]));
    expect(bookmarkIds).toEqual(bookmarkIds.map((_id, index) => index));
  });
});
