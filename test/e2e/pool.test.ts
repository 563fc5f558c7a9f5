/**
 * Parallel builds: the same corpus rendered in this process and in worker processes gives the same
 * files, byte for byte, with the agreement check passing; the pool hands each result back to the
 * chapter that asked for it, whatever order the workers finish in.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { compileEdition, type CompiledEdition } from '../../src/build/compile.js';
import { createChapterRunner, sharedSources, sourceText, type SharedSources } from '../../src/build/chapter-job.js';
import { createChapterRenderer, type RenderSetup } from '../../src/build/render-chapter.js';
import { ChapterTooLargeError, createRenderPool, KeptWorkers } from '../../src/build/pool.js';
import { readSourceFolder } from '../../src/source/load.js';
import { loadTemplates } from '../../src/theme/load-templates.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { templatesDir } from '../support/build.js';
import { corpusForTests } from '../support/corpus.js';
import { folderSnapshot } from '../support/files.js';

const generated = corpusForTests('rubricpress-pool-', { countries: 3, questions: 8, seed: 11 });

/** The corpus compiled in this thread, and what a pool rendering its HTML needs. */
async function compiledCorpus(): Promise<{ chapters: CompiledEdition['chapters']; prepared: CompiledEdition['prepared']; shared: SharedSources; setup: RenderSetup }> {
  const [loaded, source] = await Promise.all([loadTemplates(templatesDir, { fonts: false }), readSourceFolder(generated.corpus)]);
  if (!loaded.templates) throw new Error('templates did not load');
  const { chapters, prepared } = compileEdition(source, loaded.templates);
  const { theme, layout, stylesheet } = loaded.templates;
  return { chapters, prepared, shared: sharedSources(source, loaded.templates), setup: { templates: { theme, layout, stylesheet }, formats: ['html'], verify: true } };
}

describe('the render pool', () => {
  it('gives the same bytes with one worker as with three, and the editions agree', async () => {
    const builds = [];
    for (const jobs of [1, 3]) {
      const outDir = path.join(generated.folder, `jobs-${String(jobs)}`);
      const result = await build({ sourceDir: generated.corpus, outDir, templatesDir, formats: ['html', 'pdf', 'docx'], strict: true, write: true, jobs });
      expect(diagnosticsAsJson(result.files)).toEqual([]);
      expect(result.ok).toBe(true);
      builds.push(await folderSnapshot(outDir));
    }
    const [serial, parallel] = builds;
    // Six chapters in three formats, rubricpress's manifest, in print and Word the three countries' reports and the edition volume, the
    // three data files, and the web edition's 27 files (home, search, 3 country, 2 category and 8 indicator pages, 3 scripts, 8 fonts, the output folder's index.html).
    expect(serial?.size).toBe(6 * 3 + 1 + (3 + 1) * 2 + 3 + 27);
    expect(parallel).toEqual(serial);
  });

  it('compiles on the workers and returns each chapter its own result, whichever worker finishes first', async () => {
    const { chapters, prepared, shared, setup } = await compiledCorpus();
    expect(chapters).toHaveLength(6);
    const pool = createRenderPool(setup, { prepared, shared, size: 2, chapters: chapters.length });
    try {
      // Longest first: the second worker finishes its short chapters while the first is busy.
      const ordered = [...chapters].sort((a, b) => String(b.source.file.value).length - String(a.source.file.value).length);
      const results = await Promise.all(ordered.map((chapter) => pool.run({ kind: 'source', chapter: sourceText(chapter.source) })));
      // The same as this thread makes of them.
      const runHere = createChapterRunner(prepared, createChapterRenderer(setup));
      for (const [index, chapter] of ordered.entries()) expect(results[index]).toEqual(await runHere({ kind: 'source', chapter: sourceText(chapter.source) }));
      results.forEach((result, index) => {
        const report = ordered[index]?.tree.children[0];
        expect(result.messages).toEqual([]);
        expect(result.report?.country).toBe(report?.country);
        expect(result.rendered?.outputs.map((output) => output.path)).toEqual([`html/${report?.countrySlug ?? ''}/${report?.categoryId ?? ''}.html`]);
        expect(String(result.rendered?.outputs[0]?.contents)).toContain(`<title>${report?.country ?? ''}`);
        expect(result.rendered?.disagreements).toEqual([]);
      });
    } finally {
      await pool.close();
    }
  });

  it('does a chapter again on one worker with the whole budget when its worker runs out of memory, never in this thread', async () => {
    const { chapters, prepared, shared, setup } = await compiledCorpus();
    const jobs = chapters.slice(0, 2).map((chapter) => ({ kind: 'source' as const, chapter: sourceText(chapter.source) }));
    // Shared heaps far too small for any chapter (or even the worker's start); the worker alone has the default.
    const starved = createRenderPool(setup, { prepared, shared, size: 2, chapters: jobs.length, workerHeapMb: 8 });
    const roomy = createRenderPool(setup, { prepared, shared, size: 1, chapters: 1 });
    try {
      const fromStarved = await Promise.all(jobs.map((job) => starved.run(job)));
      const inThisThread = [];
      for (const job of jobs) inThisThread.push(await roomy.run(job));
      expect(fromStarved).toEqual(inThisThread);
      expect(fromStarved.every((result) => result.rendered?.outputs.length === 1)).toBe(true);
    } finally {
      await Promise.all([starved.close(), roomy.close()]);
    }
  });

  it('fails a chapter too large for a worker alone with ChapterTooLargeError, and renders the others', async () => {
    const { chapters, prepared, shared, setup } = await compiledCorpus();
    const jobs = chapters.slice(0, 2).map((chapter) => ({ kind: 'source' as const, chapter: sourceText(chapter.source) }));
    const starved = createRenderPool(setup, { prepared, shared, size: 2, chapters: jobs.length, workerHeapMb: 8, largeWorkerHeapMb: 8 });
    try {
      const outcomes = await Promise.all(jobs.map((job) => starved.run(job).then(() => 'rendered', (error: unknown) => error)));
      for (const outcome of outcomes) expect(outcome).toBeInstanceOf(ChapterTooLargeError);
    } finally {
      await starved.close();
    }
  });

  it('keeps the large worker for the jobs after one too large for a shared worker: one 288 MB heap, not two of 256 MB', async () => {
    // Giving the queue back to two shared workers (threads then) took the 500-question chapter's build
    // from 440 to 551 MB (test/attacks/slow/limits.test.ts): its books ran on two full heaps at once.
    const { prepared, shared, setup } = await compiledCorpus();
    const workerScript = fileURLToPath(new URL('../fixtures/heap-reporting-worker.mjs', import.meta.url));
    const pool = createRenderPool(setup, { prepared, shared, size: 2, chapters: 8, workerScript });
    const job = (name: string, text: string) => ({ kind: 'source' as const, chapter: { relativePath: name, path: name, text } });
    const heapOf = (result: Awaited<ReturnType<typeof pool.run>>): string => String(result.rendered?.outputs[0]?.contents);
    try {
      const before = await Promise.all([pool.run(job('a.md', 'small')), pool.run(job('b.md', 'small'))]);
      expect(before.map(heapOf)).toEqual(['256', '256']);
      // Out of memory on a shared worker (256 MB): done again on the large one (288 MB), which keeps the rest.
      expect(heapOf(await pool.run(job('big.md', 'too large')))).toBe('288');
      const after = await Promise.all(['c', 'd'].map((name) => pool.run(job(`${name}.md`, 'small'))));
      expect(after.map(heapOf)).toEqual(['288', '288']);
    } finally {
      await pool.close();
    }
  });

  it('does a job again on the large worker when the system stops a shared one (SIGKILL), and fails it as too large when it stops that one too', async () => {
    // The kernel's out-of-memory killer stops a process with SIGKILL, and the build was reported as a bug in rubricpress.
    const { prepared, shared, setup } = await compiledCorpus();
    const workerScript = fileURLToPath(new URL('../fixtures/heap-reporting-worker.mjs', import.meta.url));
    const job = (name: string, text: string) => ({ kind: 'source' as const, chapter: { relativePath: name, path: name, text } });
    const pool = createRenderPool(setup, { prepared, shared, size: 2, chapters: 3, workerScript });
    try {
      const results = await Promise.all([pool.run(job('a.md', 'small')), pool.run(job('killed.md', 'killed'))]);
      expect(results.map((result) => String(result.rendered?.outputs[0]?.contents))).toEqual(['256', '288']);
      const outcome = await pool.run(job('again.md', 'killed always')).then(() => 'rendered', (error: unknown) => error);
      expect(outcome).toBeInstanceOf(ChapterTooLargeError);
      expect(outcome instanceof ChapterTooLargeError && outcome.stoppedBySystem).toBe(true);
      expect(String(outcome)).toContain('the system stopped its worker (SIGKILL)');
    } finally {
      await pool.close();
    }
  });

  it('runs a job placed next ahead of those waiting, tells when the queue is short, and when the jobs are sent', async () => {
    const { prepared, shared, setup } = await compiledCorpus();
    const workerScript = fileURLToPath(new URL('../fixtures/heap-reporting-worker.mjs', import.meta.url));
    const pool = createRenderPool(setup, { prepared, shared, size: 1, chapters: 6, workerScript });
    const job = (name: string) => ({ kind: 'source' as const, chapter: { relativePath: name, path: name, text: 'small' } });
    const finished: string[] = [];
    const run = (name: string, placement?: 'next') => pool.run(job(name), placement).then(() => finished.push(name));
    try {
      let short = false;
      // One worker: the first job is under way at once, the others wait.
      const waiting = ['a', 'b', 'c', 'd'].map((name) => run(name));
      const shortened = pool.whenWaitingAtMost(1).then(() => {
        short = true;
        // Four waited (the one placed next among them): by then three have been handed out, the last not.
        expect(finished).toContain('next');
        expect(finished).not.toContain('c');
        expect(finished).not.toContain('d');
      });
      const next = run('next', 'next');
      // Sent: the one job handed out so far has been written to the worker; that waits for no job to finish.
      await pool.sent();
      expect(finished).not.toContain('d');
      await Promise.all([...waiting, next, shortened]);
      expect(short).toBe(true);
      expect(finished).toEqual(['a', 'next', 'b', 'c', 'd']);
      // Nothing waits: at once.
      await pool.whenWaitingAtMost(0);
    } finally {
      await pool.close();
    }
  });

  it('starts with the workers kept for the same setup, and gives them back; those kept for another setup are stopped', async () => {
    const { prepared, shared, setup } = await compiledCorpus();
    const workerScript = fileURLToPath(new URL('../fixtures/heap-reporting-worker.mjs', import.meta.url));
    const workers = new KeptWorkers();
    const job = (name: string) => ({ kind: 'source' as const, chapter: { relativePath: name, path: name, text: 'small' } });
    const pidsOf = async (key: string): Promise<string[]> => {
      // One chapter: without kept workers it would be done in this process.
      const pool = createRenderPool(setup, { prepared, shared, size: 2, chapters: 1, workerScript, kept: { workers, key } });
      try {
        const results = await Promise.all([pool.run(job('a.md')), pool.run(job('b.md'))]);
        return results.map((result) => String(result.rendered?.outputs[1]?.contents)).sort();
      } finally {
        await pool.close();
      }
    };
    try {
      const first = await pidsOf('setup one');
      expect(first).toHaveLength(2);
      expect(first).not.toContain(String(process.pid));
      expect(await pidsOf('setup one')).toEqual(first);
      const other = await pidsOf('setup two');
      expect(other.some((pid) => first.includes(pid))).toBe(false);
      // The first setup's workers were stopped when the second's were started (their ends awaited a moment).
      const alive = (pid: string): boolean => {
        try {
          process.kill(Number(pid), 0);
          return true;
        } catch {
          return false;
        }
      };
      for (let tries = 0; tries < 100 && first.some(alive); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(first.filter(alive)).toEqual([]);
      // A kept worker that dies while idle (killed, out of memory) is not given a chapter: a new one is started.
      const [killed, survivor] = other;
      process.kill(Number(killed), 'SIGKILL');
      for (let tries = 0; tries < 100 && alive(killed ?? ''); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await pidsOf('setup two');
      expect(after).toContain(survivor);
      expect(after).not.toContain(killed);
    } finally {
      await workers.close();
    }
  });

  it('knows a worker ran out of memory by what V8 says first, however long the native stack it prints after; another fatal error is named, the worker’s own words are not', async () => {
    const { chapters, prepared, shared, setup } = await compiledCorpus();
    const workerScript = fileURLToPath(new URL('../fixtures/fatal-worker.mjs', import.meta.url));
    const first = chapters[0];
    if (!first) throw new Error('the corpus has no chapter');
    const outcomeOf = async (fatalLine: string): Promise<unknown> => {
      // One worker (the worker alone, whose running out of memory is final), and not this thread.
      const pool = createRenderPool(setup, { prepared, shared, size: 1, chapters: 1, localChapter: false, workerScript });
      try {
        return await pool.run({ kind: 'source', chapter: { ...sourceText(first.source), text: fatalLine } }).then(
          () => 'rendered',
          (error: unknown) => error,
        );
      } finally {
        await pool.close();
      }
    };
    const outOfMemory = await outcomeOf('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
    expect(outOfMemory).toBeInstanceOf(ChapterTooLargeError);
    const otherFatal = await outcomeOf('FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal');
    expect(otherFatal).not.toBeInstanceOf(ChapterTooLargeError);
    expect(String(otherFatal)).toContain('A render worker stopped (SIGABRT): FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal.');
    // The worker's own words are neither taken for V8's nor shown.
    const ownWords = await outcomeOf('RangeError: Array buffer allocation failed (out of memory, says the chapter)');
    expect(ownWords).not.toBeInstanceOf(ChapterTooLargeError);
    expect(String(ownWords)).toMatch(/A render worker stopped \(SIGABRT\)\.$/);
  });

  it('fails the chapters of workers that crash, instead of waiting for them for ever', async () => {
    const { chapters, prepared, shared, setup } = await compiledCorpus();
    const workerScript = fileURLToPath(new URL('../fixtures/failing-worker.mjs', import.meta.url));
    const pool = createRenderPool(setup, { prepared, shared, size: 2, chapters: chapters.length, workerScript });
    try {
      const outcomes: Promise<string>[] = [];
      for (const chapter of chapters) {
        await pool.ready();
        outcomes.push(pool.run({ kind: 'source', chapter: sourceText(chapter.source) }).then(() => 'rendered', (error: unknown) => String(error)));
      }
      const settled = await Promise.all(outcomes);
      expect(settled).toHaveLength(chapters.length);
      for (const outcome of settled) expect(outcome).toMatch(/render worker stopped/);
      // Nothing is left to write to workers that are gone: waiting for the jobs to be sent ends.
      await expect(pool.sent()).resolves.toBeUndefined();
    } finally {
      await pool.close();
    }
  });
});
