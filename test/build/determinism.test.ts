/** The same source gives byte-identical files, whatever the day and the time zone. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../support/build.js';

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  vi.useRealTimers();
  await removeFolder(folder);
});

async function snapshot(root: string): Promise<Map<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  const paths = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
  for (const relative of paths.sort()) files.set(relative, (await readFile(path.join(root, relative))).toString('base64'));
  return files;
}

describe('reproducible builds', () => {
  it('two builds on different days and in different time zones are byte-identical', async () => {
    const originalZone = process.env['TZ'];
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2031-01-01T03:00:00Z'));
      process.env['TZ'] = 'Pacific/Kiritimati';
      await buildInto(path.join(folder, 'first'), { formats: ['html', 'pdf'] });
      vi.setSystemTime(new Date('2026-07-15T22:30:00Z'));
      process.env['TZ'] = 'America/Los_Angeles';
      await buildInto(path.join(folder, 'second'), { formats: ['html', 'pdf'] });
    } finally {
      vi.useRealTimers();
      if (originalZone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = originalZone;
    }
    const first = await snapshot(path.join(folder, 'first'));
    const second = await snapshot(path.join(folder, 'second'));
    expect([...first.keys()]).toEqual(['html/index.html', 'html/japan/coordination.html', 'pdf/japan/coordination.pdf']);
    expect(second).toEqual(first);
  });
});
