/**
 * The same source gives byte-identical files in every format, whatever the day and the time zone.
 * The clock is faked in process; time zones need processes of their own (vitest's workers share the
 * process's zone, which setting TZ inside a test does not change), so those builds run the installed
 * command.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildInto, projectRoot, removeFolder, sampleSource, temporaryFolder } from '../support/build.js';
import { folderSnapshot } from '../support/files.js';
import { sampleHtmlFiles } from '../support/site.js';

const run = promisify(execFile);
/** The editions, and rubricpress's manifest of them (which is as reproducible as they are). */
// The chapter in every format, the web edition's files, and in print and Word the country report and the edition volume.
const everyFile = [
  '.rubricpress/edition.json',
  'data/codebook.json',
  'data/scores.csv',
  'data/scores.json',
  'docx/edition.docx',
  'docx/japan.docx',
  'docx/japan/coordination.docx',
  ...sampleHtmlFiles,
  'pdf/edition.pdf',
  'pdf/japan.pdf',
  'pdf/japan/coordination.pdf',
];

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  vi.useRealTimers();
  await removeFolder(folder);
});

async function buildOn(name: string, time: string): Promise<Map<string, string>> {
  try {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(time));
    const built = await buildInto(path.join(folder, name), { formats: ['html', 'pdf', 'docx'] });
    expect(built.result.ok).toBe(true);
  } finally {
    vi.useRealTimers();
  }
  return folderSnapshot(path.join(folder, name));
}

async function buildInZone(name: string, zone: string): Promise<Map<string, string>> {
  const outDir = path.join(folder, name);
  await run(process.execPath, [path.join(projectRoot, 'bin/rubricpress.js'), 'build', sampleSource, '--out', outDir, '--quiet', '--no-cache'], { env: { ...process.env, TZ: zone, CI: 'true' } });
  return folderSnapshot(outDir);
}

describe('reproducible builds', () => {
  it('two builds on different days give byte-identical HTML, PDF and DOCX', async () => {
    const first = await buildOn('first', '2031-01-01T03:00:00Z');
    const second = await buildOn('second', '2026-07-15T22:30:00Z');
    expect([...first.keys()]).toEqual(everyFile);
    expect(second).toEqual(first);
  });

  it('builds in time zones a day apart give byte-identical HTML, PDF and DOCX', async () => {
    const [east, west] = await Promise.all([buildInZone('kiritimati', 'Pacific/Kiritimati'), buildInZone('honolulu', 'Pacific/Honolulu')]);
    expect([...east.keys()]).toEqual(everyFile);
    expect(west).toEqual(east);
  });
});
