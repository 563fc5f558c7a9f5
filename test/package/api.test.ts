/** The library API, as a program that imports rubricpress gets it (test/e2e/package.test.ts installs the tarball). */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, check, verify, version } from '../../src/index.js';
import { changedSource, removeFolder, replaceOnce, sampleSource, temporaryFolder } from '../support/build.js';
import { sampleHtmlFiles } from '../support/site.js';

let outDir: string;
let broken: string;

beforeAll(async () => {
  outDir = await temporaryFolder();
  broken = await changedSource({ 'chapters/japan/coordination.md': replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}') });
});
afterAll(async () => {
  await removeFolder(outDir);
  await removeFolder(broken);
});

describe("rubricpress's library API", () => {
  it('check gives the diagnostics as data and writes nothing', async () => {
    const clean = await check({ source: sampleSource });
    expect(clean).toMatchObject({ ok: true, chapters: 1 });
    const result = await check({ source: broken });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'score-out-of-scale', severity: 'error', line: expect.any(Number), column: expect.any(Number) })]);
  });

  it('build writes the editions it is asked for, and verify reads them back', async () => {
    const result = await build({ source: sampleSource, out: outDir, formats: ['html'], cache: false });
    expect(result).toMatchObject({ ok: true, chapters: 1, cached: 0, diagnostics: [] });
    expect(result.written.map((file) => path.relative(outDir, file).split(path.sep).join('/')).sort()).toEqual([...sampleHtmlFiles, 'data/codebook.json', 'data/scores.csv', 'data/scores.json'].sort());
    expect(existsSync(path.join(outDir, '.cache'))).toBe(false);
    expect(await verify({ source: sampleSource, out: outDir, formats: ['html'] })).toMatchObject({ ok: true, diagnostics: [] });
    // A page changed by hand is kept aside, and the result says where.
    await writeFile(path.join(outDir, 'html/japan/coordination.html'), 'corrected by hand');
    const again = await build({ source: sampleSource, out: outDir, formats: ['html'], cache: false, verify: false });
    expect(again.keptAside).toEqual([{ path: 'html/japan/coordination.html', keptAs: 'html/japan/coordination.edited.html' }]);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a failed build writes nothing and says why', async () => {
    const target = await temporaryFolder();
    try {
      const result = await build({ source: broken, out: target, formats: ['html'] });
      expect(result).toMatchObject({ ok: false, written: [] });
      expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['score-out-of-scale']);
      expect(existsSync(path.join(target, 'html'))).toBe(false);
    } finally {
      await removeFolder(target);
    }
  });
});
