import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { ExitCode, main } from '../../src/cli/main.js';
import { sampleSource, removeFolder, temporaryFolder } from '../support/build.js';
import { CollectingStream } from '../support/streams.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (milliseconds: number) => void } {
  let time = 0;
  return { now: () => time, advance: (milliseconds) => (time += milliseconds) };
}

describe('progress', () => {
  it('draws a bar with counts and an estimate of the time left on a terminal, and clears it when done', () => {
    const stream = new CollectingStream();
    const clock = manualClock();
    const progress = createProgress(stream, 'bar', clock.now);
    progress.update({ phase: 'render', done: 0, total: 4, item: 'chapters/japan/coordination.md → html' });
    clock.advance(3000);
    progress.update({ phase: 'render', done: 1, total: 4, item: 'chapters/japan/coordination.md → pdf' });
    // eslint-disable-next-line no-control-regex -- the bar is drawn with terminal escape codes
    expect(stream.text.split('\r').at(-1)).toMatch(/^\u001b\[2KRendering █{6}░{18} 1\/4 \(about 9 s left\) chapters\/japan\/coordination\.md → pdf$/);
    progress.done();
    expect(stream.text.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('writes plain lines under CI: each phase, then at most one line every few seconds, and the end', () => {
    const stream = new CollectingStream();
    const clock = manualClock();
    const progress = createProgress(stream, 'lines', clock.now);
    progress.update({ phase: 'render', done: 0, total: 100 });
    for (let done = 1; done <= 100; done += 1) {
      clock.advance(200);
      progress.update({ phase: 'render', done, total: 100 });
    }
    const lines = stream.text.trimEnd().split('\n');
    // 20 s of work: the start, one line per 5 s, and the end.
    expect(lines).toEqual([
      'rubricpress: rendering 0/100',
      'rubricpress: rendering 25/100, about 15 s left',
      'rubricpress: rendering 50/100, about 10 s left',
      'rubricpress: rendering 75/100, about 5 s left',
      'rubricpress: rendering 100/100',
    ]);
  });

  it('is silent when off', () => {
    const stream = new CollectingStream();
    const progress = createProgress(stream, 'off');
    progress.update({ phase: 'render', done: 1, total: 4 });
    progress.done();
    expect(stream.text).toBe('');
  });

  it('the CLI draws the bar on a terminal, plain lines under CI, nothing with --quiet', async () => {
    const outDir = await temporaryFolder();
    try {
      const run = async (env: NodeJS.ProcessEnv, extra: string[] = []) => {
        const stdout = new CollectingStream();
        const stderr = new CollectingStream();
        stderr.isTTY = true;
        // Without the cache, so that every run renders (and shows it).
        const code = await main(['build', sampleSource, '--out', outDir, '--no-cache', ...extra], { stdout, stderr, env });
        expect(code).toBe(ExitCode.ok);
        return stderr.text;
      };
      expect(await run({})).toContain('\u001b[2KRendering');
      const underCi = await run({ CI: 'true' });
      expect(underCi).not.toContain('\u001b');
      expect(underCi).toMatch(/^rubricpress: rendering/m);
      expect(await run({ CI: 'true' }, ['--quiet'])).toBe('');
    } finally {
      await removeFolder(outDir);
    }
  });
});
