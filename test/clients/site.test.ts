/**
 * The web edition of a generated 2-country edition (every format, so the download links are there)
 * in Debian's headless Chromium, opened from file:// as a reader opens a folder: a reader goes from
 * the home page to a country, a chapter, its category, an indicator and back to an assessment;
 * searches a word of an assessment from a chapter's masthead and reaches that chapter; axe-core finds
 * no WCAG 2.1 A/AA violation on any page type (the search page with its results too), in a phone's
 * and a desktop's window; the Nu Html Checker finds no error in any page. Screenshots of each page
 * type at 1280 and 390 CSS pixels go to out/preview/site-<type>-<width>.png, to be looked at.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { projectRoot, templatesDir } from '../support/build.js';
import { launchChromium } from '../support/chromium.js';
import { requireProgram, runProgram } from '../support/clients.js';
import { corpusForTests } from '../support/corpus.js';

const vnuJar = String(createRequire(import.meta.url)('vnu-jar') as unknown);
const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const windows = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const previewDir = path.join(projectRoot, 'out/preview');

const paths = corpusForTests('rubricpress-site-browser-', { countries: 2, questions: 8, seed: 5 });
let htmlDir: string;
let browser: Browser | undefined;
/** One page of each type, relative to html/. */
let pageTypes: Record<'home' | 'country' | 'category' | 'indicator' | 'chapter' | 'search', string>;

function url(relative: string): string {
  return pathToFileURL(path.join(htmlDir, relative)).href;
}

async function newPage(window: { width: number; height: number } = windows[0]): Promise<Page> {
  if (!browser) throw new Error('Chromium did not start');
  return browser.newPage({ viewport: { width: window.width, height: window.height } });
}

/** The page's address relative to html/ (without a query), for comparing where a click led. */
function where(page: Page): string {
  const address = new URL(page.url());
  return path.relative(htmlDir, fileURLToPath(`${address.protocol}//${address.pathname}`)).split(path.sep).join('/') + address.hash;
}

beforeAll(async () => {
  const outDir = path.join(paths.folder, 'out');
  const result = await build({ sourceDir: paths.corpus, outDir, templatesDir, formats: ['html', 'pdf', 'docx'], strict: false, write: true });
  expect(result.ok).toBe(true);
  htmlDir = path.join(outDir, 'html');
  const names = (await readdir(htmlDir, { recursive: true })).map((name) => name.split(path.sep).join('/')).sort();
  const first = (prefix: string): string => names.find((name) => name.startsWith(prefix) && name.endsWith('.html')) ?? '';
  const chapter = names.find((name) => /^[a-z0-9-]+\/[a-z0-9-]+\.html$/.test(name) && !/^(countries|categories|indicators)\//.test(name)) ?? '';
  pageTypes = { home: 'index.html', country: first('countries/'), category: first('categories/'), indicator: first('indicators/'), chapter, search: 'search.html' };
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('the web edition in Chromium, from file://', () => {
  it('a reader goes home → country → chapter → category → indicator → an assessment, and back home', async () => {
    const page = await newPage();
    try {
      await page.goto(url('index.html'));
      const country = page.locator('#countries-title + ul a').first();
      const countryName = await country.innerText();
      await country.click();
      expect(where(page)).toMatch(/^countries\/[a-z0-9-]+\.html$/);
      expect(await page.locator('h1').innerText()).toBe(countryName);
      const chapterLink = page.locator('table.data-table tbody th a').first();
      const categoryTitle = await chapterLink.innerText();
      await chapterLink.click();
      expect(await page.locator('h1').innerText()).toBe(`${countryName}: ${categoryTitle}`);
      expect(await page.locator('nav.breadcrumb li').allInnerTexts()).toEqual(['Home', countryName, categoryTitle]);
      // Its country's page, by the breadcrumb; from there the category's ranking.
      await page.locator('nav.breadcrumb a', { hasText: countryName }).click();
      await page.locator('table.data-table tbody tr', { hasText: categoryTitle }).locator('td a').click();
      expect(where(page)).toMatch(/^categories\/[a-z0-9-]+\.html$/);
      expect(await page.locator('h1').innerText()).toBe(categoryTitle);
      expect(await page.locator('table.data-table tbody tr').count()).toBe(2);
      const indicator = page.locator('.site-section ul.site-links a').first();
      const indicatorName = await indicator.innerText();
      await indicator.click();
      expect(await page.locator('h1').innerText()).toBe(indicatorName);
      const score = await page.locator('table.data-table tbody tr').first().locator('td').first().innerText();
      await page.locator('table.data-table tbody th a').first().click();
      // The assessment of that question, in its chapter, with the score the indicator page gave.
      expect(where(page)).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+\.html#question-[a-z0-9-]+$/);
      const question = page.locator(new URL(page.url()).hash);
      expect(await question.locator('h3').innerText()).toBe(indicatorName);
      expect(await question.locator('.score-value').innerText()).toBe(score);
      // The theme's fonts came from the site's own files, not from the system.
      const loaded = await page.evaluate<string[]>('document.fonts.ready.then(() => [...document.fonts].filter((face) => face.status === "loaded").map((face) => `${face.family.replace(/["\']/g, "")} ${face.weight} ${face.style}`))');
      expect(loaded).toEqual(expect.arrayContaining(['Noto Serif 400 normal', 'Noto Sans 700 normal']));
      await page.locator('.masthead-edition a').click();
      expect(where(page)).toBe('index.html');
    } finally {
      await page.close();
    }
  });

  it('previous and next lead through a country’s chapters', async () => {
    const page = await newPage();
    try {
      await page.goto(url(pageTypes.chapter));
      const start = where(page);
      const next = page.locator('nav.pager a[rel="next"]');
      const previous = page.locator('nav.pager a[rel="prev"]');
      // The corpus's countries each have two chapters: the first has a next, the second a previous.
      if ((await next.count()) === 1) {
        await next.click();
        expect(where(page)).not.toBe(start);
        await page.locator('nav.pager a[rel="prev"]').click();
      } else {
        await previous.click();
        expect(where(page)).not.toBe(start);
        await page.locator('nav.pager a[rel="next"]').click();
      }
      expect(where(page)).toBe(start);
    } finally {
      await page.close();
    }
  });

  it('searching a word of an assessment from a chapter’s masthead finds that chapter', async () => {
    const page = await newPage();
    try {
      // A word of the last assessment of another chapter than the one the search starts from.
      const chapters = (await readdir(htmlDir, { recursive: true })).map((name) => name.split(path.sep).join('/')).filter((name) => /^[a-z0-9-]+\/[a-z0-9-]+\.html$/.test(name) && !/^(countries|categories|indicators)\//.test(name));
      const target = chapters.find((name) => name !== pageTypes.chapter) ?? '';
      await page.goto(url(target));
      const words = (await page.locator('.assessment p').last().innerText()).split(/[^\p{L}]+/u).filter((word) => word.length >= 9);
      const word = words[0] ?? '';
      expect(word).not.toBe('');
      await page.goto(url(pageTypes.chapter));
      await page.locator('#site-search-words').fill(word);
      await page.locator('form.site-search button').click();
      expect(where(page)).toBe('search.html');
      await page.locator('ol.search-hits').waitFor();
      expect(await page.locator('#site-search-words').inputValue()).toBe(word);
      const hits = page.locator('ol.search-hits a');
      const hrefs: string[] = [];
      for (let index = 0; index < (await hits.count()); index += 1) hrefs.push((await hits.nth(index).getAttribute('href')) ?? '');
      const found = hrefs.findIndex((href) => href.startsWith(`${target}#`));
      expect(found, `${word}: ${hrefs.join(', ')}`).toBeGreaterThanOrEqual(0);
      await hits.nth(found).click();
      expect(where(page).startsWith(`${target}#`)).toBe(true);
      expect(await page.locator('main').innerText()).toContain(word);
    } finally {
      await page.close();
    }
  });

  it.each(windows)('axe-core finds no WCAG 2.1 A/AA violation on any page type ($name window); screenshots of each', async (window) => {
    await mkdir(previewDir, { recursive: true });
    const page = await newPage(window);
    try {
      for (const [type, relative] of Object.entries(pageTypes)) {
        await page.goto(type === 'search' ? `${url(relative)}?q=coordination` : url(relative));
        if (type === 'search') await page.locator('ol.search-hits').waitFor();
        await page.screenshot({ path: path.join(previewDir, `site-${type}-${String(window.width)}.png`), fullPage: type !== 'chapter' });
        await page.addScriptTag({ content: axe.source });
        const options: axe.RunOptions = { runOnly: { type: 'tag', values: wcag21aa }, resultTypes: ['violations'] };
        const results = await page.evaluate<axe.AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
        const violations = results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${violation.help} at ${node.target.join(' ')}`));
        expect(violations, `${type} (${relative})`).toEqual([]);
        expect(results.passes.map((rule) => rule.id), type).toContain('color-contrast');
      }
    } finally {
      await page.close();
    }
  });

  it('the output folder’s own index.html takes a reader from file:// to the home page; axe finds no violation on it', async () => {
    const page = await newPage();
    try {
      await page.goto(pathToFileURL(path.join(htmlDir, '..', 'index.html')).href);
      await page.waitForURL((address) => address.pathname.endsWith('/html/index.html'));
      expect(where(page)).toBe('index.html');
      // Its own markup on about:blank, where its relative refresh leads nowhere, for axe to read.
      await page.goto('about:blank');
      await page.setContent(await readFile(path.join(htmlDir, '..', 'index.html'), 'utf8'));
      expect(await page.locator('a[href="html/index.html"]').count()).toBe(1);
      await page.addScriptTag({ content: axe.source });
      const options: axe.RunOptions = { runOnly: { type: 'tag', values: wcag21aa }, resultTypes: ['violations'] };
      const results = await page.evaluate<axe.AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
      expect(results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${violation.help} at ${node.target.join(' ')}`))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the Nu Html Checker finds no error in any page of the site, nor in the output folder’s index.html', async () => {
    requireProgram('java', 'default-jre-headless');
    const files = [...(await readdir(htmlDir, { recursive: true })).filter((name) => name.endsWith('.html')).map((name) => path.join(htmlDir, name)), path.join(htmlDir, '..', 'index.html')];
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(pageTypes).length);
    const run = await runProgram('java', ['-jar', vnuJar, '--format', 'json', '--errors-only', ...files]);
    const report = JSON.parse(run.stderr.trim() || run.stdout.trim()) as { messages: { url?: string; message: string; lastLine?: number }[] };
    expect(report.messages.map((message) => `${path.relative(htmlDir, fileURLToPath(message.url ?? 'file:///'))}:${String(message.lastLine ?? 0)} ${message.message}`)).toEqual([]);
    // The search page's scripts are there to load.
    for (const script of ['assets/minisearch.js', 'assets/search-index.js', 'assets/search.js']) expect((await readFile(path.join(htmlDir, script))).byteLength).toBeGreaterThan(0);
  });
});
