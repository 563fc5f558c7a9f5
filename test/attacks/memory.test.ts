/**
 * Memory: no thread renders a chapter with an uncapped heap unless the chapter is small. A chapter
 * too large for the workers' heaps is reported (`chapter-too-large`), never rendered in the main
 * thread, whose heap is not capped. (The measured case — a chapter of 500 questions under 500 MB, a
 * category of 2,000 refused — is in test/attacks/slow/memory.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { smallEnoughForThisThread } from '../../src/build/pool.js';
import { build } from '../../src/build/build.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { changedSource, outputBeside, removeFolder, templatesDir } from '../support/build.js';
import { sampleText } from '../support/diagnostics.js';
import { beforeAdvanceScreening } from '../support/edits.js';
import { snapshotTree } from './support.js';

const chapterPath = 'chapters/japan/coordination.md';

describe('a chapter too large for the memory a build allows', () => {
  it('the sample renders in this thread; a chapter with 40 times its markup goes to a worker', () => {
    expect(smallEnoughForThisThread(sampleText(chapterPath))).toBe(true);
    expect(smallEnoughForThisThread(beforeAdvanceScreening(`a${'-a'.repeat(12_000)}`)(sampleText(chapterPath)))).toBe(false);
  });

  it('chapter-too-large: reported on the chapter when even a worker alone cannot hold it, and nothing is written', async () => {
    // 12,000 hyphens make the chapter one for a worker; heaps of 8 MB (the least a worker starts in) hold no chapter at all.
    const source = await changedSource({ [chapterPath]: beforeAdvanceScreening(`a${'-a'.repeat(12_000)}`) });
    const out = outputBeside(source);
    try {
      const result = await build({ sourceDir: source, outDir: out, templatesDir, formats: ['html'], strict: false, write: true, verify: false, workerMemory: { workerHeapMb: 8, largeWorkerHeapMb: 8 } });
      const diagnostics = diagnosticsAsJson(result.files);
      expect(result.ok).toBe(false);
      expect(diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['chapter-too-large']);
      expect(diagnostics[0]).toMatchObject({ ruleId: 'chapter-too-large', severity: 'error', line: null });
      expect(diagnostics[0]?.message).toContain('needs more than the 8 MB a chapter may use');
      expect([...(await snapshotTree(out)).keys()].filter((name) => !name.startsWith('.rubricpress'))).toEqual([]);
    } finally {
      await removeFolder(source);
    }
  });
});
