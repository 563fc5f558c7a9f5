/**
 * The built HTML, read back as a reader's browser would, holds every fact of the user's seed
 * chapter: ranks, indicator titles with their scores, question texts, every band description,
 * every paragraph word for word, and every reference.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../../support/build.js';
import { all, one, readHtml, textOf } from '../../support/html.js';
import { citationFacts, readSeed, seedQuestions } from '../../support/seed.js';

const seed = readSeed();
let outDir: string;
let page: Root;

beforeAll(async () => {
  outDir = await temporaryFolder();
  const built = await buildInto(outDir);
  expect(built.result.ok).toBe(true);
  page = await readHtml(path.join(outDir, 'html/japan/coordination.html'));
});
afterAll(() => removeFolder(outDir));

/** A table's accessible name from aria-labelledby: the text of the elements it names, in order. */
function accessibleName(table: Element): string {
  const ids = table.properties['ariaLabelledBy'];
  if (!Array.isArray(ids)) return '';
  return ids.map((id) => textOf(one(page, `#${id}`))).join(' ');
}

function questionSections(): Element[] {
  return all(page, 'section.question');
}

describe('the Japan chapter in HTML', () => {
  it('names the country and category in the one h1, with the category rank', () => {
    expect(all(page, 'h1')).toHaveLength(1);
    expect(textOf(one(page, 'h1'))).toBe(`${seed.country}: ${seed.category}`);
    expect(textOf(one(page, '.rank-category'))).toBe(`Rank ${seed.rank} of 30`);
    expect(one(page, 'html').properties['lang']).toBe('en-US');
  });

  it('has the key findings word for word', () => {
    expect(all(page, '.key-findings p').map(textOf)).toEqual(seed.keyFindings);
  });

  it('has each sub-category with its rank, in order', () => {
    expect(all(page, 'section.subcategory').map((section) => [textOf(one(section, 'h2')), textOf(one(section, '.rank-subcategory'))])).toEqual(
      seed.subcategories.map((subcategory) => [subcategory.title, `Rank ${subcategory.rank} of 30`]),
    );
  });

  it('has each question’s indicator title with its score, question text and assessment, in order', () => {
    const expected = seedQuestions(seed);
    const sections = questionSections();
    expect(sections).toHaveLength(expected.length);
    sections.forEach((section, index) => {
      const facts = expected[index];
      if (!facts) throw new Error('missing seed question');
      expect(textOf(one(section, 'h3'))).toBe(facts.indicator);
      expect(textOf(one(section, '.score-value'))).toBe(`${facts.score} / 10`);
      expect(textOf(one(section, '.question-text'))).toBe(`Question: ${facts.text}`);
      expect(all(section, '.assessment p').map(textOf)).toEqual(facts.paragraphs);
    });
  });

  it('draws each rubric as a table with caption and header cells, every band described, the score’s band marked in words', () => {
    const expected = seedQuestions(seed);
    questionSections().forEach((section, index) => {
      const facts = expected[index];
      if (!facts) throw new Error('missing seed question');
      const table = one(section, 'table.rubric');
      expect(textOf(one(table, 'caption'))).toBe('Rating scale');
      // Named by its caption and its question's indicator: the tables' names differ.
      const names = table.properties['ariaLabelledBy'];
      expect(names).toEqual([one(table, 'caption').properties['id'], one(section, 'h3').properties['id']]);
      expect(accessibleName(table)).toBe(`Rating scale ${facts.indicator}`);
      expect(all(table, 'thead th').map((cell) => cell.properties['scope'])).toEqual(['col', 'col']);
      const rows = all(table, 'tbody tr');
      expect(rows.map((row) => textOf(one(row, 'th')))).toEqual(facts.bands.map((band) => `${Math.max(...band.scores)}–${Math.min(...band.scores)}`));
      rows.forEach((row, bandIndex) => {
        const band = facts.bands[bandIndex];
        expect(one(row, 'th').properties['scope']).toBe('row');
        expect(textOf(one(row, 'td')).startsWith(band?.description ?? '?')).toBe(true);
      });
      const selected = all(table, 'tr.selected');
      expect(selected).toHaveLength(1);
      const selectedBand = facts.bands.find((band) => band.scores.includes(facts.score));
      expect(textOf(one(selected[0] as Element, 'td'))).toBe(`${selectedBand?.description ?? '?'} Score ${facts.score} lies in this band`);
    });
  });

  it('lists every seed citation under its question, with its author or title, year and a working link', () => {
    const expected = seedQuestions(seed);
    questionSections().forEach((section, index) => {
      const entries = all(section, '.citations li');
      const facts = expected[index]?.citations ?? [];
      expect(entries).toHaveLength(facts.length);
      facts.forEach((line, entryIndex) => {
        const entry = entries[entryIndex];
        if (!entry) throw new Error('missing entry');
        const { lead, year, url } = citationFacts(line);
        const text = textOf(entry);
        expect(text).toContain(lead);
        if (year) expect(text).toContain(year);
        if (url) {
          const links = all(entry, 'a').map((link) => String(link.properties['href']));
          expect(links.some((href) => href.endsWith(url.replace(/^https?:\/\//, '')))).toBe(true);
          expect(text).toContain(url);
        }
      });
    });
  });

  it('lists the contents after the title: the key findings, each sub-category and its questions, each linked to its section', () => {
    const contents = one(page, 'nav.contents');
    expect(textOf(one(contents, 'h2'))).toBe('Contents');
    const top = all(contents, ':scope > ol > li');
    const entries = top.map((item) => [textOf(one(item, 'a')), all(item, 'ol a').map(textOf)]);
    expect(entries).toEqual([
      ['Key Findings', []],
      ...seed.subcategories.map((subcategory) => [subcategory.title, subcategory.questions.map((question) => question.indicator)]),
    ]);
    for (const link of all(contents, 'a')) {
      const target = one(page, String(link.properties['href']));
      const title = target.tagName === 'h2' ? target : one(target, 'h2, h3');
      expect(textOf(title)).toBe(textOf(link));
    }
  });

  it('formats the inline citation of the seed as "(Yashiro 2016)"', () => {
    expect(all(page, '.assessment .citation').map(textOf)).toEqual(['(Yashiro 2016)']);
  });

  it('is self-contained: styles inlined, nothing fetched from elsewhere', () => {
    expect(all(page, 'link[rel~=stylesheet], script, img, iframe')).toHaveLength(0);
    expect(all(page, 'style')).toHaveLength(1);
    expect(textOf(one(page, 'style'))).toContain('--colour-accent');
  });

  it('keeps a clean heading outline: h1, then h2, h3, h4 without skipping a level', () => {
    const levels = all(page, 'h1, h2, h3, h4, h5, h6').map((heading) => Number(heading.tagName.slice(1)));
    expect(levels[0]).toBe(1);
    levels.forEach((level, index) => {
      if (index > 0) expect(level).toBeLessThanOrEqual((levels[index - 1] ?? 1) + 1);
    });
  });
});

describe('the web edition around the chapter', () => {
  it('the home page leads to the country and the category; the country page gives the rank and links the chapter', async () => {
    const home = await readHtml(path.join(outDir, 'html/index.html'));
    const links = all(home, 'ul.site-links a').map((link) => [textOf(link), link.properties['href']]);
    expect(links).toEqual(expect.arrayContaining([[seed.category, 'categories/coordination.html'], [seed.country, 'countries/japan.html']]));
    const country = await readHtml(path.join(outDir, 'html/countries/japan.html'));
    const rows = all(country, 'table.data-table tbody tr');
    expect(rows.map((row) => all(row, 'th, td').map(textOf))).toEqual([[seed.category, `Rank ${seed.rank} of 30`, 'Every country’s rank']]);
    expect(one(rows[0] as Element, 'a').properties['href']).toBe('../japan/coordination.html');
  });
});
