/**
 * The web edition of a generated 2-country edition, read back as a browser reads it: every link of
 * every page leads to a file that exists and, with a fragment, to an element with that id; chapter
 * pages carry the breadcrumb (home › country › category) and previous/next in the codebook's order
 * within their country; the indicator pages give each country's score as its chapter does, linked to
 * the assessment; the search index holds each assessment's words; an edit to one chapter renders
 * that chapter alone, and the site's pages follow it.
 */
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { corpusForTests } from '../support/corpus.js';
import { templatesDir } from '../support/build.js';
import { all, one, readHtml, textOf } from '../support/html.js';
import { readChartSvg } from '../../src/verify/extract/chart-svg.js';

const paths = corpusForTests('rubricpress-site-', { countries: 2, questions: 8, seed: 3 });
let outDir: string;
let cacheDir: string;
let pages: Map<string, Root>;

/** Every HTML file under out/html, relative to out/, parsed. */
async function readSite(): Promise<Map<string, Root>> {
  const names = (await readdir(path.join(outDir, 'html'), { recursive: true })).filter((name) => name.endsWith('.html')).sort();
  return new Map(await Promise.all(names.map(async (name) => [`html/${name.split(path.sep).join('/')}`, await readHtml(path.join(outDir, 'html', name))] as const)));
}

function page(relative: string): Root {
  const found = pages.get(relative);
  if (!found) throw new Error(`no page ${relative}`);
  return found;
}

function hrefOf(link: Element): string {
  const href = link.properties['href'];
  return typeof href === 'string' ? href : '';
}

/** The chapter pages (html/<country>/<category>.html), by country. */
function chapterPages(): Map<string, string[]> {
  const byCountry = new Map<string, string[]>();
  for (const name of pages.keys()) {
    const match = /^html\/([a-z0-9-]+)\/([a-z0-9-]+)\.html$/.exec(name);
    if (!match || ['countries', 'categories', 'indicators'].includes(match[1] ?? '')) continue;
    byCountry.set(match[1] ?? '', [...(byCountry.get(match[1] ?? '') ?? []), name]);
  }
  return byCountry;
}

beforeAll(async () => {
  outDir = path.join(paths.folder, 'out');
  cacheDir = path.join(paths.folder, 'cache');
  const result = await build({ sourceDir: paths.corpus, outDir, templatesDir, formats: ['html'], strict: false, write: true, cacheDir });
  expect(result.ok).toBe(true);
  expect(result.chapters).toBe(4);
  pages = await readSite();
}, 30_000);

describe('the web edition of a 2-country edition', () => {
  it('has a home, a search page, a page per country, per category and per indicator', () => {
    const names = [...pages.keys()];
    expect(names).toContain('html/index.html');
    expect(names).toContain('html/search.html');
    expect(names.filter((name) => name.startsWith('html/countries/'))).toHaveLength(2);
    expect(names.filter((name) => name.startsWith('html/categories/'))).toHaveLength(2);
    expect(names.filter((name) => name.startsWith('html/indicators/'))).toHaveLength(8);
    expect([...chapterPages().values()].flat()).toHaveLength(4);
  });

  it('every link of every page leads to a file of the output folder and to an id that exists there', async () => {
    let checked = 0;
    for (const [name, root] of pages) {
      for (const link of all(root, 'a[href], form[action], script[src]')) {
        const href = String(link.properties['href'] ?? link.properties['action'] ?? link.properties['src']);
        if (/^(https?|mailto):/.test(href)) continue;
        expect(href, `${name}: ${href}`).not.toMatch(/^\/|^[a-z]+:/);
        const [file = '', fragment] = href.split('#');
        const target = file === '' ? name : path.posix.normalize(path.posix.join(path.posix.dirname(name), file));
        // Within the output folder: the site, or the files beside it (the data files; pdf/ and docx/ in a build that makes them).
        expect(/^(html|data|pdf|docx)\//.test(target), `${name}: ${href} leaves the output folder`).toBe(true);
        const bytes = await readFile(path.join(outDir, target)).catch(() => undefined);
        expect(bytes, `${name}: ${href} → ${target}`).toBeDefined();
        if (fragment !== undefined && fragment !== '') {
          const targetPage = pages.get(target);
          expect(targetPage && all(targetPage, `[id="${fragment}"]`), `${name}: #${fragment} in ${target}`).toHaveLength(1);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the output folder’s own index.html leads to the home page, by a relative link and a refresh', async () => {
    const entry = await readHtml(path.join(outDir, 'index.html'));
    const links = all(entry, 'a[href]');
    expect(links.map(hrefOf)).toEqual(['html/index.html']);
    expect(textOf(one(entry, 'h1'))).toBe(textOf(one(page('html/index.html'), 'h1')));
    expect(one(entry, 'meta[http-equiv="refresh"]').properties['content']).toBe('0; url=html/index.html');
    expect(one(entry, 'html').properties['lang']).toBe(one(page('html/index.html'), 'html').properties['lang']);
  });

  it('the home page links the scores as data beside the site', async () => {
    const links = all(one(page('html/index.html'), 'section[aria-labelledby="data-title"]'), 'a[href]').map(hrefOf);
    expect(links).toEqual(['../data/scores.csv', '../data/scores.json', '../data/codebook.json']);
    for (const href of links) expect((await readFile(path.join(outDir, 'html', href))).byteLength).toBeGreaterThan(0);
  });

  it('every page’s stylesheet serves the theme’s fonts from files of the site, as WOFF2', async () => {
    for (const [name, root] of pages) {
      const css = all(root, 'style').map(textOf).join('\n');
      const urls = [...css.matchAll(/url\('([^']+)'\) format\('woff2'\)/g)].map((match) => match[1] ?? '');
      expect(urls, name).toHaveLength(8);
      for (const url of urls) {
        const bytes = await readFile(path.join(outDir, path.posix.join(path.posix.dirname(name), url)));
        // A WOFF2 file's signature.
        expect(bytes.subarray(0, 4).toString('latin1'), `${name}: ${url}`).toBe('wOF2');
      }
    }
  });

  it('a chapter page’s breadcrumb leads home, to its country and names its category', () => {
    for (const [country, names] of chapterPages()) {
      for (const name of names) {
        const crumbs = all(page(name), 'nav.breadcrumb li');
        const heading = textOf(one(page(name), 'h1'));
        const countryName = heading.split(':')[0] ?? '';
        expect(crumbs.map(textOf)).toEqual(['Home', countryName, heading.slice(countryName.length + 2)]);
        expect(all(page(name), 'nav.breadcrumb a').map(hrefOf)).toEqual(['../index.html', `../countries/${country}.html`]);
        expect(one(page(name), 'nav.breadcrumb [aria-current="page"]')).toBeDefined();
      }
    }
  });

  it('previous and next follow the codebook’s order of categories within the country, and stop at its ends', async () => {
    const codebook = await readFile(path.join(paths.corpus, 'codebook.yaml'), 'utf8');
    const order = [...codebook.matchAll(/^ {2}- id: ([a-z0-9-]+)$/gm)].map((match) => match[1] ?? '');
    expect(order.length).toBeGreaterThanOrEqual(2);
    for (const [country, names] of chapterPages()) {
      const inOrder = order.map((category) => `html/${country}/${category}.html`).filter((name) => names.includes(name));
      expect(inOrder).toHaveLength(names.length);
      inOrder.forEach((name, index) => {
        const previous = all(page(name), 'nav.pager a[rel~="prev"]').map(hrefOf);
        const next = all(page(name), 'nav.pager a[rel~="next"]').map(hrefOf);
        expect(previous, name).toEqual(index === 0 ? [] : [path.posix.basename(inOrder[index - 1] ?? '')]);
        expect(next, name).toEqual(index === inOrder.length - 1 ? [] : [path.posix.basename(inOrder[index + 1] ?? '')]);
      });
    }
  });

  it('an indicator page gives each country’s score as its chapter shows it, linked to the assessment', () => {
    const indicators = [...pages.keys()].filter((name) => name.startsWith('html/indicators/'));
    for (const name of indicators) {
      const rows = all(page(name), 'table.data-table tbody tr');
      expect(rows).toHaveLength(2);
      // Its ranks are among the two countries scored, of the two the edition declares.
      expect(textOf(one(page(name), 'table.data-table caption'))).toMatch(/: scores and ranks \(2 of 2 countries scored\)$/);
      for (const row of rows) {
        const link = one(row, 'th a');
        const [file = '', fragment = ''] = hrefOf(link).split('#');
        const chapter = page(path.posix.normalize(path.posix.join('html/indicators', file)));
        const question = one(chapter, `section[id="${fragment}"]`);
        expect(fragment).toBe(`question-${path.posix.basename(name, '.html')}`);
        expect(textOf(one(row, 'td'))).toBe(textOf(one(question, '.score-value')));
      }
    }
  });

  it('a category page draws its ranking, an indicator page every country’s score, as charts whose numbers are the tables’', () => {
    for (const name of [...pages.keys()].filter((candidate) => candidate.startsWith('html/indicators/'))) {
      const scores = all(page(name), 'table.data-table tbody tr').map((row) => `${textOf(one(row, 'th'))}: ${textOf(one(row, 'td'))}`);
      const chart = readChartSvg(one(page(name), 'figure.chart svg.chart-svg'));
      // Its alternative text states every country's score, in the table's order; each bar is the score's share of the scale (the corpus's runs from 1).
      expect(chart.alt.endsWith(`${scores.join('; ')}.`)).toBe(true);
      expect(chart.bars).toHaveLength(2);
      for (const [index, row] of all(page(name), 'table.data-table tbody tr').entries()) {
        const [score = 0, max = 0] = textOf(one(row, 'td')).split(' / ').map(Number);
        expect(chart.bars[index]).toBeCloseTo((score - 1) / (max - 1), 3);
      }
    }
    for (const name of [...pages.keys()].filter((candidate) => candidate.startsWith('html/categories/'))) {
      const countries = all(page(name), 'table.data-table tbody tr').map((row) => textOf(one(row, 'th')));
      const chart = readChartSvg(one(page(name), 'figure.chart-ranking svg'));
      expect(chart.text.split(/ \d+\.\d \/ 10 ?/u).filter((part) => part !== '')).toEqual(countries);
      expect(chart.bars.every((bar) => bar >= 0 && bar <= 1)).toBe(true);
    }
  });

  it('the search index holds every assessment’s words, each with its chapter page and anchor', async () => {
    const script = await readFile(path.join(outDir, 'html/assets/search-index.js'), 'utf8');
    const json = /^window\.rubricpressSearch = (.*);\n$/s.exec(script)?.[1];
    expect(json).toBeDefined();
    const data = JSON.parse(json ?? '{}') as { index: { documentCount: number; storedFields: Record<string, { href: string }> } };
    // Per chapter: its key findings and its four questions.
    expect(data.index.documentCount).toBe(4 * 5);
    for (const stored of Object.values(data.index.storedFields)) {
      const [file = '', fragment = ''] = stored.href.split('#');
      const chapter = page(path.posix.join('html', file));
      expect(all(chapter, `[id="${fragment}"]`)).toHaveLength(1);
    }
    const word = textOf(one(page([...(chapterPages().values().next().value ?? [])][0] ?? ''), '.assessment p')).split(/\s+/)[3] ?? '';
    expect(script).toContain(word.toLowerCase().replace(/[^\p{L}]/gu, ''));
  });

  it('an edit to one chapter renders that chapter alone; the site’s pages follow it', async () => {
    const [country, names] = [...chapterPages()][0] ?? ['', []];
    const chapterFile = path.join(paths.corpus, 'chapters', country, `${path.posix.basename(names[0] ?? '', '.html')}.md`);
    const text = await readFile(chapterFile, 'utf8');
    await writeFile(chapterFile, text.replace(/(:::question\{#([a-z0-9-]+) score=\d+\}\n)/, '$1Zanzibarian quokkas coordinate.\n\n'));
    const result = await build({ sourceDir: paths.corpus, outDir, templatesDir, formats: ['html'], strict: false, write: true, cacheDir });
    expect(result.ok).toBe(true);
    expect(result.cached).toBe(3);
    expect(await readFile(path.join(outDir, 'html/assets/search-index.js'), 'utf8')).toContain('quokkas');
  });

  it('a rebuild leaves the site’s pages that did not change where they are; one changed by hand is kept aside and made again', async () => {
    const rebuild = () => build({ sourceDir: paths.corpus, outDir, templatesDir, formats: ['html'], strict: false, write: true, cacheDir });
    expect((await rebuild()).written).toEqual([]);
    const [country] = [...chapterPages().keys()];
    const relative = `html/countries/${country ?? ''}.html`;
    // The record of what the build wrote holds the site's pages, so that the next build knows them by their stamps.
    const record = JSON.parse(await readFile(path.join(cacheDir, 'written.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(record.files)).toEqual(expect.arrayContaining([relative, 'html/index.html', 'html/assets/search-index.js']));
    const target = path.join(outDir, relative);
    const made = await readFile(target, 'utf8');
    // Touched, not changed: its stamp is not the record's, so it is read and compared, and left.
    await utimes(target, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    expect((await rebuild()).written).toEqual([]);
    const changed = made.replace('</body>', '<p>corrected by hand</p></body>');
    await writeFile(target, changed);
    const again = await rebuild();
    expect(again.ok).toBe(true);
    expect(again.keptAside).toEqual([{ path: relative, keptAs: relative.replace(/\.html$/, '.edited.html') }]);
    expect(await readFile(target, 'utf8')).toBe(made);
    expect(await readFile(path.join(outDir, relative.replace(/\.html$/, '.edited.html')), 'utf8')).toBe(changed);
  });
});
