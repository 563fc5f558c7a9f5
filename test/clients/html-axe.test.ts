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

async function runAxe(file: string, viewport: { width: number; height: number } = viewports[1]): Promise<axe.AxeResults> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.addScriptTag({ content: axe.source });
    const options: axe.RunOptions = { runOnly: { type: 'tag', values: wcag21aa }, resultTypes: ['violations', 'incomplete'] };
    return await page.evaluate<axe.AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  } finally {
    await page.close();
  }
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
      const results = await runAxe(path.join(htmlDir, name), viewport);
      expect(describeViolations(results), name).toEqual([]);
      // The rules ran against the styled page: text contrast was measured, not left for review.
      expect(results.passes.map((rule) => rule.id), name).toContain('color-contrast');
      expect(results.incomplete.filter((rule) => rule.id === 'color-contrast').flatMap((rule) => rule.nodes.map((node) => node.target.join(' '))), name).toEqual([]);
    }
  });

  it.each(viewports)('finds none in a chapter with footnotes: their calls, the notes and the links back ($name window)', async (viewport) => {
    const source = await changedSource({ 'chapters/japan/coordination.md': await readFile(path.join(projectRoot, 'test/fixtures/notes/coordination.md'), 'utf8') });
    try {
      const built = await buildInto(outputBeside(source), { sourceDir: source, formats: ['html'] });
      expect(built.result.ok).toBe(true);
      const file = path.join(outputBeside(source), 'html/japan/coordination.html');
      expect(await readFile(file, 'utf8')).toContain('class="footnotes"');
      const results = await runAxe(file, viewport);
      expect(describeViolations(results)).toEqual([]);
      expect(results.incomplete.filter((rule) => rule.id === 'color-contrast').flatMap((rule) => rule.nodes.map((node) => node.target.join(' ')))).toEqual([]);
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
      const results = await runAxe(file);
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
    const results = await runAxe(broken);
    expect(results.violations.map((violation) => violation.id)).toContain('image-alt');
  });
});
