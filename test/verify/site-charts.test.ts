/**
 * The web edition's cross-country charts (each category page's ranking, each indicator page's
 * scores), read back from the pages as written and checked against the chapters' numbers: the
 * agreement check finds a bar drawn at the wrong length, a number changed, a chart missing and one
 * the source does not give, and names the page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { presentSite } from '../../src/present/site.js';
import { createHtmlRenderer } from '../../src/render/html/render.js';
import type { Templates } from '../../src/theme/load-templates.js';
import type { EditionVolumeSource } from '../../src/tree/types.js';
import { verifySiteCharts, type SitePageText } from '../../src/verify/verify.js';
import { compileSample } from '../support/build.js';
import { volumeQuestion as question } from '../support/volume.js';

let templates: Templates;
beforeAll(async () => {
  ({ templates } = await compileSample());
});


const countries = ['Japan', 'Ελλάδα', 'Россия', 'المغرب', 'Chile'];

/** Two categories, one without chapters (its pages and charts are not made); five countries in the other, on two scales. */
function siteSource(): EditionVolumeSource {
  return {
    edition: { title: 'Test Indicators 2026', publisher: 'Test', year: 2026, language: 'en-GB', date: '2026-01-01', countryCount: 30 },
    codebookPath: 'codebook.yaml',
    categories: [
      { id: 'coordination', title: 'Coordination', subcategories: [{ id: 'horizontal', title: 'Horizontal', questions: [question('q1', 'Interministerial coordination', 1, 10), question('q2', 'Budget transparency', 0, 100)] }] },
      { id: 'consultation', title: 'Consultation', subcategories: [{ id: 'societal', title: 'Societal', questions: [question('q3', 'Public consultation', 1, 10)] }] },
    ],
    chapters: countries.map((country, index) => ({
      country,
      countrySlug: `c${String(index)}`,
      categoryId: 'coordination',
      rank: index + 1,
      subcategories: [{ id: 'horizontal', rank: index + 1 }],
      scores: [
        { questionId: 'q1', score: 10 - index },
        { questionId: 'q2', score: (index * 37) % 101 },
      ],
    })),
  };
}

function pages(source: EditionVolumeSource): SitePageText[] {
  const html = createHtmlRenderer({ theme: templates.theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' });
  return presentSite(source, { pdf: true, docx: true }, templates.theme).map((page) => ({ path: page.path, html: html.renderSitePage(page) }));
}

/** The pages with one page's HTML changed. */
function changed(site: readonly SitePageText[], which: (page: SitePageText) => boolean, change: (html: string) => string): SitePageText[] {
  const target = site.find(which);
  if (!target) throw new Error('no such page');
  const html = change(target.html);
  if (html === target.html) throw new Error('the change changed nothing');
  return site.map((page) => (page === target ? { ...page, html } : page));
}

const categoryPage = (page: SitePageText): boolean => page.path === 'html/categories/coordination.html';

describe('the web edition’s charts', () => {
  it('agree with the chapters’ numbers: a ranking per category with chapters and a chart per question, each once', () => {
    const site = pages(siteSource());
    const charts = site.reduce((count, page) => count + (page.html.match(/<figure class="chart[ "]/g) ?? []).length, 0);
    // Coordination's ranking and its two questions; Consultation has no chapters, so no pages.
    expect(charts).toBe(3);
    expect(verifySiteCharts(siteSource(), templates.theme, site)).toEqual([]);
  });

  it('finds a bar drawn at the wrong length, on its page', () => {
    const site = pages(siteSource());
    const wrong = changed(site, categoryPage, (html) => html.replace(/(<rect class="chart-bar"[^>]*?width=")([\d.]+)"/, (_all, head: string, width: string) => `${head}${String(Number(width) / 2)}"`));
    const found = verifySiteCharts(siteSource(), templates.theme, wrong);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/^html\/categories\/coordination\.html: The HTML edition's chart “Coordination: .*” draws the bar of “Japan” at [\d.]+ % of its scale; its value, .*, is [\d.]+ %\.$/);
  });

  it('finds a number changed in a chart’s text, and says which chart the source gives instead', () => {
    const site = pages(siteSource());
    const source = siteSource();
    const indicator = (page: SitePageText): boolean => page.path === 'html/indicators/q2.html';
    const wrong = changed(site, indicator, (html) => html.replace(/aria-label="([^"]*?)Chile: (\d+) \/ 100/, (_all, head: string, score: string) => `aria-label="${head}Chile: ${String(Number(score) + 1)} / 100`));
    const found = verifySiteCharts(source, templates.theme, wrong).map((disagreement) => disagreement.message);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^The web edition draws no chart “Budget transparency.*” that says what the source says: “.*Chile: \d+ \/ 100.*”\.$/);
    expect(found[1]).toMatch(/: the web edition draws a chart the source does not give: “.*Chile: \d+ \/ 100.*”\.$/);
  });

  it('finds a chart missing from its page, and a page that draws one twice', () => {
    const site = pages(siteSource());
    const missing = changed(site, categoryPage, (html) => html.replace(/<figure class="chart[ "][\s\S]*?<\/figure>/, ''));
    expect(verifySiteCharts(siteSource(), templates.theme, missing).map((disagreement) => disagreement.message)).toEqual([expect.stringMatching(/^The web edition draws no chart “Coordination: .*”/)]);
    const twice = changed(site, categoryPage, (html) => html.replace(/<figure class="chart[ "][\s\S]*?<\/figure>/, (figure) => `${figure}${figure}`));
    expect(verifySiteCharts(siteSource(), templates.theme, twice).map((disagreement) => disagreement.message)).toEqual([expect.stringMatching(/: the web edition draws a chart the source does not give: “Coordination: /)]);
  });
});
