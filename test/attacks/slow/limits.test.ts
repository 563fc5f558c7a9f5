/**
 * Limits measured on the installed command: memory (no build of any source passes 500 MB: a chapter
 * of 500 questions is built, a category of 2,000 refused), time (the inputs that took minutes take
 * seconds, through `build`, whose workers compile them), and a full disk (a small tmpfs, where it
 * can be mounted; elsewhere the fault hook's failing write, which the fast tier runs too).
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/main.js';
import { changedSource, removeFolder, sampleSource, temporaryFolder } from '../../support/build.js';
import { sampleText } from '../../support/diagnostics.js';
import { beforeAdvanceScreening, nestedList, withRanks } from '../../support/edits.js';
import { isRoot, snapshotTree } from '../support.js';
import { runChild } from './support.js';

let root: string;
beforeAll(async () => {
  root = await temporaryFolder('rubricpress-attack-limits-');
});
afterAll(() => removeFolder(root));

/** A codebook of one category with `count` questions in sub-categories of 100, and a chapter answering them all. */
function manyQuestions(count: number): { codebook: string; chapter: string } {
  const codebook = ['scales:', '  sgi-10: { min: 1, max: 10 }', '', 'categories:', '  - id: coordination', '    title: Coordination', '    subcategories:'];
  const chapter = ['---', 'country: Japan', 'category: coordination', 'rank: 16', '---', '', ':::key-findings', 'Japan is in the middle.', ':::', ''];
  for (let sub = 0; sub * 100 < count; sub += 1) {
    codebook.push(`      - id: sub-${String(sub)}`, `        title: Sub-category ${String(sub)}`, '        questions:');
    chapter.push(`::subcategory{#sub-${String(sub)} rank=${String(sub + 1)}}`, '');
    for (let question = 0; question < 100 && sub * 100 + question < count; question += 1) {
      const id = `q-${String(sub)}-${String(question)}`;
      codebook.push(`          - { id: ${id}, indicator: Indicator ${id}, text: To what extent is ${id} done well?, rubric: { scale: sgi-10, bands: [{ range: [10, 6], description: Well }, { range: [5, 1], description: Poorly }] } }`);
      chapter.push(`:::question{#${id} score=${String((question % 10) + 1)}}`, `The government does ${id} in a way assessed here in a sentence or two [@yashiro2016].`, '', '::citations[@makihara2009; @zakowski2021]', ':::', '');
    }
  }
  return { codebook: `${codebook.join('\n')}\n`, chapter: `${chapter.join('\n')}\n` };
}

describe('memory', () => {
  it('a chapter of 500 questions (the most a category may have) is built, every edition checked, under 500 MB', async () => {
    const { codebook, chapter } = manyQuestions(500);
    const source = await changedSource({ 'codebook.yaml': codebook, 'chapters/japan/coordination.md': chapter });
    try {
      const run = await runChild(['build', source, '--out', path.join(root, 'q500')], { timeoutMs: 170_000 });
      expect(run.code, run.stderr).toBe(ExitCode.ok);
      expect(run.peakMb, `peak ${String(run.peakMb)} MB in ${run.seconds.toFixed(1)} s`).toBeLessThan(500);
    } finally {
      await removeFolder(source);
    }
  });

  it('a chapter of 2,000 questions is refused at its category, in seconds and under 500 MB (it peaked at 851 MB and was built)', async () => {
    const { codebook, chapter } = manyQuestions(2000);
    const source = await changedSource({ 'codebook.yaml': codebook, 'chapters/japan/coordination.md': chapter });
    try {
      const run = await runChild(['build', source, '--out', path.join(root, 'q2000')]);
      expect(run.code, run.stderr).toBe(ExitCode.invalidSource);
      expect(run.stderr).toMatch(/codebook\.yaml:\d+:\d+: error: The category `coordination` has 2,000 questions; a category may have at most 500/);
      expect(run.stderr.split('\n').filter((line) => / error: /.test(line))).toHaveLength(1);
      expect(run.peakMb, `peak ${String(run.peakMb)} MB in ${run.seconds.toFixed(1)} s`).toBeLessThan(500);
      expect(run.seconds).toBeLessThan(60);
    } finally {
      await removeFolder(source);
    }
  });

  it('a 1 MB chapter dense with inline markup is refused by `build` in seconds, under 500 MB (check took 31 s and 1.3 GB)', async () => {
    const paragraph = '*a* '.repeat(900);
    const body = Array.from({ length: 270 }, () => paragraph).join('\n\n');
    const source = await changedSource({ 'chapters/japan/coordination.md': beforeAdvanceScreening(body) });
    try {
      const run = await runChild(['build', source, '--out', path.join(root, 'dense')]);
      expect(run.code, run.stderr).toBe(ExitCode.invalidSource);
      expect(run.stderr).toMatch(/\[source-too-large\]/);
      expect(run.peakMb).toBeLessThan(500);
      expect(run.seconds).toBeLessThan(30);
    } finally {
      await removeFolder(source);
    }
  });
});

describe('time', () => {
  it('a list nested 985 levels down the page (49 s before) is one diagnostic in seconds, through `build`', async () => {
    const source = await changedSource({ 'chapters/japan/coordination.md': beforeAdvanceScreening(nestedList(985)) });
    try {
      const run = await runChild(['build', source, '--out', path.join(root, 'deep')]);
      expect(run.code, run.stderr).toBe(ExitCode.invalidSource);
      expect(run.stderr.split('\n').filter((line) => / error: /.test(line))).toEqual([expect.stringMatching(/\[nesting-too-deep\]$/)]);
      expect(run.seconds).toBeLessThan(30);
    } finally {
      await removeFolder(source);
    }
  });

  it('40,000 `> ` after a line the old guard took for a fence (54 s before), through `build`', async () => {
    const source = await changedSource({ 'chapters/japan/coordination.md': beforeAdvanceScreening(`\`\`\` a \` b\n${'> '.repeat(40_000)}deep`) });
    try {
      const run = await runChild(['build', source, '--out', path.join(root, 'fence')]);
      expect(run.code, run.stderr).toBe(ExitCode.invalidSource);
      expect(run.stderr).toMatch(/\[nesting-too-deep\]/);
      expect(run.seconds).toBeLessThan(30);
    } finally {
      await removeFolder(source);
    }
  });
});

describe('a full disk', () => {
  it('a build that fills the disk changes nothing in the earlier edition (exit 4), and says so', async () => {
    const mount = await mkdtemp(path.join(os.tmpdir(), 'rubricpress-tmpfs-'));
    let mounted = false;
    if (isRoot) {
      try {
        // Room for the earlier edition, not for a second one beside it.
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1400k', 'tmpfs', mount]);
        mounted = true;
      } catch {
        mounted = false;
      }
    }
    const out = path.join(mount, 'out');
    try {
      const built = await runChild(['build', sampleSource, '--out', out, '--no-cache']);
      expect(built.code, built.stderr).toBe(ExitCode.ok);
      const before = await snapshotTree(out);
      const source = await changedSource({ 'chapters/japan/coordination.md': withRanks({ rank: 15, horizontal: 24, vertical: 6 }) });
      try {
        await mkdir(path.join(source, 'chapters/korea'));
        await writeFile(path.join(source, 'chapters/korea/coordination.md'), withRanks({ rank: 16, horizontal: 23, vertical: 5 }, 'Korea')(sampleText('chapters/japan/coordination.md')));
        await cp(path.join(source, 'chapters/korea'), path.join(source, 'chapters/norway'), { recursive: true });
        await writeFile(path.join(source, 'chapters/norway/coordination.md'), withRanks({ rank: 17, horizontal: 22, vertical: 4 }, 'Norway')(sampleText('chapters/japan/coordination.md')));
        // Without a mount (not root), the fault hook's failing write stands in for the full disk.
        const run = await runChild(['build', source, '--out', out, '--no-cache'], mounted ? {} : { env: { RUBRICPRESS_FAULT: 'stage:write:3:error' } });
        expect(run.code, run.stderr).toBe(ExitCode.output);
        expect(run.stderr).toMatch(mounted ? /ENOSPC|no space left/i : /EIO/);
        expect(run.stderr).toContain('Nothing was changed there');
        expect(await snapshotTree(out)).toEqual(before);
        expect(await readdir(path.join(out, '.rubricpress/staging'))).toEqual([]);
      } finally {
        await removeFolder(source);
      }
    } finally {
      if (mounted) execFileSync('umount', [mount]);
      await rm(mount, { recursive: true, force: true });
    }
  });
});
