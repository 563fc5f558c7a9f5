/**
 * The Japan chapter's HTML against its golden file. The golden file is reviewed by eye whenever it
 * changes: regenerate it with `UPDATE_GOLDEN=1 npx vitest run test/render/html/golden.test.ts`,
 * then read the diff before committing it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, projectRoot, removeFolder, temporaryFolder } from '../../support/build.js';

const goldenPath = path.join(projectRoot, 'test/golden/japan-coordination.html');
let outDir: string;

beforeAll(async () => {
  outDir = await temporaryFolder();
  expect((await buildInto(outDir)).result.ok).toBe(true);
});
afterAll(() => removeFolder(outDir));

describe('golden HTML', () => {
  it('out/html/japan/coordination.html matches test/golden/japan-coordination.html', async () => {
    const built = await readFile(path.join(outDir, 'html/japan/coordination.html'), 'utf8');
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(goldenPath, built);
    const golden = await readFile(goldenPath, 'utf8');
    expect(built).toBe(golden);
  });
});
