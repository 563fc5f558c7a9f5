/**
 * axe-core in Debian's headless Chromium (driven by playwright-core) finds no WCAG 2.1 A or AA
 * violations in any HTML file of a build, with the page's own stylesheet applied (colour contrast is
 * checked, not skipped). A copy with an image without a text alternative shows that axe runs and
 * reports. scripts/install-clients installs Chromium.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import axe from 'axe-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, changedSource, outputBeside, projectRoot, removeFolder, temporaryFolder } from '../support/build.js';
import { launchChromium } from '../support/chromium.js';

const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** A phone and a desktop window: the stylesheet lays the page out differently for each. */
const viewports = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

let folder: string;
let htmlDir: string;
let htmlFiles: string[];
let browser: Browser | undefined;

/** axe's results, and the contrast of each chart's words (SVG text), measured here: axe cannot. */
interface AxeRun {
  readonly results: axe.AxeResults;
  readonly chartWords: readonly { readonly text: string; readonly ratio: number }[];
}

/**
 * The contrast of every SVG text's fill against the page's background, by WCAG's relative
 * luminance. axe leaves text inside an SVG for review ("contains an image node": its background is
 * an image to axe), so the charts' words are measured here instead.
 */
const chartWordsContrast = `(() => {
  const rgb = (colour) => (colour.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = luminance(rgb(getComputedStyle(document.body).backgroundColor));
  return [...document.querySelectorAll('svg text')].map((text) => {
    const fill = luminance(rgb(getComputedStyle(text).fill));
    return { text: text.textContent, ratio: (Math.max(fill, background) + 0.05) / (Math.min(fill, background) + 0.05) };
  });
})()`;

async function runAxe(file: string, viewport: { width: number; height: number } = viewports[1]): Promise<AxeRun> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.addScriptTag({ content: axe.source });
    const options: axe.RunOptions = { runOnly: { type: 'tag', values: wcag21aa }, resultTypes: ['violations', 'incomplete'] };
    const results = await page.evaluate<axe.AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
    return { results, chartWords: await page.evaluate<{ text: string; ratio: number }[]>(chartWordsContrast) };
  } finally {
    await page.close();
  }
}

/**
 * The text whose contrast axe left for review, but a chart's words, which it cannot measure (their
 * background is an SVG) and `chartWords` measures; those must reach 4.5:1.
 */
function contrastLeftUnmeasured({ results, chartWords }: AxeRun): string[] {
  const unmeasured = results.incomplete
    .filter((rule) => rule.id === 'color-contrast')
    .flatMap((rule) => rule.nodes.filter((node) => !node.any.some((check) => (check.data as { messageKey?: string } | null)?.messageKey === 'imgNode')).map((node) => node.target.join(' ')));
  const faint = chartWords.filter((word) => word.ratio < 4.5).map((word) => `chart word “${word.text}”: ${word.ratio.toFixed(2)}:1`);
  return [...unmeasured, ...faint];
}

/** One line a failing node: rule, impact, where, and what axe says to fix. */
function describeViolations(results: axe.AxeResults): string[] {
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help} at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  );
}

beforeAll(async () => {
  folder = await temporaryFolder();
  const built = await buildInto(path.join(folder, 'out'), { formats: ['html'] });
  expect(built.result.ok).toBe(true);
  htmlDir = path.join(folder, 'out/html');
  htmlFiles = (await readdir(htmlDir, { recursive: true })).filter((name) => name.endsWith('.html')).sort();
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (folder) await removeFolder(folder);
});

describe('the HTML edition in axe-core (headless Chromium)', () => {
  it('checks the index and every chapter', () => {
    expect(htmlFiles).toContain('index.html');
    expect(htmlFiles).toContain(path.join('japan', 'coordination.html'));
  });

  it.each(viewports)('finds no WCAG 2.1 A/AA violations in any HTML file ($name window)', async (viewport) => {
    for (const name of htmlFiles) {
      const run = await runAxe(path.join(htmlDir, name), viewport);
      const { results } = run;
      expect(describeViolations(results), name).toEqual([]);
      // The rules ran against the styled page: text contrast was measured, not left for review.
      expect(results.passes.map((rule) => rule.id), name).toContain('color-contrast');
      expect(contrastLeftUnmeasured(run), name).toEqual([]);
      // A chapter's score profile: its words were measured, not skipped.
      if (name === path.join('japan', 'coordination.html')) expect(run.chartWords.length, name).toBeGreaterThan(5);
    }
  });

  it.each(viewports)('finds none in a chapter with footnotes: their calls, the notes and the links back ($name window)', async (viewport) => {
    const source = await changedSource({ 'chapters/japan/coordination.md': await readFile(path.join(projectRoot, 'test/fixtures/notes/coordination.md'), 'utf8') });
    try {
      const built = await buildInto(outputBeside(source), { sourceDir: source, formats: ['html'] });
      expect(built.result.ok).toBe(true);
      const file = path.join(outputBeside(source), 'html/japan/coordination.html');
      expect(await readFile(file, 'utf8')).toContain('class="footnotes"');
      const run = await runAxe(file, viewport);
      expect(describeViolations(run.results)).toEqual([]);
      expect(contrastLeftUnmeasured(run)).toEqual([]);
    } finally {
      await removeFolder(source);
    }
  });

  it('finds none in a chapter with words in other languages, and checks their lang attributes (valid-lang)', async () => {
    const source = await changedSource({ 'chapters/japan/coordination.md': await readFile(path.join(projectRoot, 'test/fixtures/languages/coordination.md'), 'utf8') });
    const out = outputBeside(source);
    try {
      const built = await buildInto(out, { sourceDir: source, formats: ['html'] });
      expect(built.result.ok).toBe(true);
      const file = path.join(out, 'html/japan/coordination.html');
      expect(await readFile(file, 'utf8')).toContain('<span lang="pl">');
      const { results } = await runAxe(file);
      expect(describeViolations(results)).toEqual([]);
      expect(results.passes.map((rule) => rule.id)).toContain('valid-lang');
    } finally {
      await removeFolder(source);
    }
  });

  it('does report a violation it is shown (an image without alt text)', async () => {
    const chapter = await readFile(path.join(htmlDir, 'japan/coordination.html'), 'utf8');
    const broken = path.join(htmlDir, 'japan/broken.html');
    await writeFile(broken, chapter.replace('</h1>', '</h1>\n<img src="chart.png" width="10" height="10">'));
    const { results } = await runAxe(broken);
    expect(results.violations.map((violation) => violation.id)).toContain('image-alt');
  });
});
