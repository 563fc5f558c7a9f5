import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { ExitCode, main } from '../../src/cli/main.js';
import { sampleSource, removeFolder, temporaryFolder } from '../support/build.js';
import { CollectingStream } from '../support/streams.js';

describe('progress', () => {
  it('draws a bar with counts on a terminal and clears it when done', () => {
    const stream = new CollectingStream();
    const progress = createProgress(stream, true);
    progress.update({ phase: 'render', done: 1, total: 4, item: 'chapters/japan/coordination.md → html' });
    // eslint-disable-next-line no-control-regex -- the bar is drawn with terminal escape codes
    expect(stream.text).toMatch(/^\r\u001b\[2KRendering █{6}░{18} 1\/4 chapters\/japan\/coordination\.md → html$/);
    progress.done();
    expect(stream.text.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('is silent when disabled', () => {
    const stream = new CollectingStream();
    const progress = createProgress(stream, false);
    progress.update({ phase: 'render', done: 1, total: 4 });
    progress.done();
    expect(stream.text).toBe('');
  });

  it('the CLI draws it on a terminal, and not under CI', async () => {
    const outDir = await temporaryFolder();
    try {
      for (const [env, expectBar] of [[{}, true], [{ CI: 'true' }, false]] as const) {
        const stdout = new CollectingStream();
        const stderr = new CollectingStream();
        stderr.isTTY = true;
        const code = await main(['build', sampleSource, '--out', outDir], { stdout, stderr, env });
        expect(code).toBe(ExitCode.ok);
        expect(stderr.text.includes('Rendering')).toBe(expectBar);
      }
    } finally {
      await removeFolder(outDir);
    }
  });
});
