/**
 * The edition volume's charts: per category every country's mean score in rank order, per question
 * every country's score (here 40 countries, a scale of 0 to 100, a long indicator, names in
 * Japanese and Arabic), drawn in print and for Word and read back by the agreement check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chart, DocumentModel, Part } from '../../src/document/model.js';
import { descendants } from '../../src/document/walk.js';
import { presentEditionVolume } from '../../src/present/edition-volume.js';
import { createDocxRenderer } from '../../src/render/docx/render.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import type { Templates } from '../../src/theme/load-templates.js';
import type { EditionVolumeSource } from '../../src/tree/types.js';
import { expectedEditionVolume } from '../../src/verify/expected.js';
import { readPdfDocument } from '../../src/verify/extract/pdf.js';
import { verifyEditionVolume } from '../../src/verify/verify.js';
import { compileSample } from '../support/build.js';
import { volumeQuestion as question } from '../support/volume.js';

let templates: Templates;
beforeAll(async () => {
  ({ templates } = await compileSample());
});


const countries = Array.from({ length: 40 }, (_unused, index) => (index === 3 ? '日本' : index === 7 ? 'المغرب' : `Country ${String(index + 1).padStart(2, '0')}`));

function volumeSource(): EditionVolumeSource {
  const questions = [question('q1', 'Effective Coordination Mechanisms within the Ministerial Bureaucracy and between the Levels of Government', 1, 10), question('q2', 'Budget transparency', 0, 100)];
  return {
    edition: { title: 'Test Indicators 2026', publisher: 'Test', year: 2026, language: 'en-GB', date: '2026-01-01', countryCount: 40 },
    codebookPath: 'codebook.yaml',
    categories: [{ id: 'coordination', title: 'Coordination', subcategories: [{ id: 'horizontal', title: 'Horizontal', questions }] }],
    chapters: countries.map((country, index) => ({
      country,
      countrySlug: `c${String(index)}`,
      categoryId: 'coordination',
      rank: index + 1,
      subcategories: [{ id: 'horizontal', rank: index + 1 }],
      scores: [
        { questionId: 'q1', score: 10 - (index % 10) },
        { questionId: 'q2', score: (index * 37) % 101 },
      ],
    })),
  };
}

function charts(model: DocumentModel): Chart[] {
  return descendants([model]).filter((node): node is Chart => node.kind === 'chart');
}

async function editions(model: DocumentModel) {
  const { theme, fonts } = templates;
  if (!fonts) throw new Error('the sample’s fonts did not load');
  const pdf = (await createPdfRenderer({ theme, fonts, generator: 'rubricpress test' }).render(model)).bytes;
  const docx = (await createDocxRenderer({ theme, generator: 'rubricpress test', chartFonts: templates.chartFontFiles ?? [], fallbacks: templates.fallbackFonts ?? [] }).render(model)).bytes;
  return { pdf, docx };
}

describe('the edition volume’s charts', () => {
  it('rank the countries by their mean score, and show each question’s scores, with numbers a reader can check', () => {
    const found = charts(presentEditionVolume(volumeSource(), templates.theme));
    expect(found.map((chart) => chart.role)).toEqual(['ranking', 'scores', 'scores']);
    const [ranking, first, second] = found;
    expect(ranking?.bars).toHaveLength(40);
    // Country 01: 10 on 1–10 (10 of 10 on 0–10) and 0 on 0–100 (0): a mean of 5.
    expect(ranking?.bars[0]).toEqual({ label: 'Country 01', value: 5, min: 0, max: 10, valueText: '5.0 / 10' });
    expect(ranking?.description.startsWith('Coordination: mean score by country, in rank order. Country 01: 5.0 / 10; Country 02: ')).toBe(true);
    expect(first?.bars.every((bar) => bar.min === 1 && bar.max === 10)).toBe(true);
    expect(second?.bars.map((bar) => bar.value)).toEqual([...second?.bars.map((bar) => bar.value) ?? []].sort((a, b) => b - a));
    expect(second?.bars[0]?.valueText).toBe('100 / 100');
    expect(expectedEditionVolume(volumeSource(), templates.theme).charts.map((chart) => chart.alt)).toEqual(found.map((chart) => chart.description));
  });

  it('are drawn in print and for Word, and agree with the numbers', async () => {
    const source = volumeSource();
    const model = presentEditionVolume(source, templates.theme);
    const built = await editions(model);
    expect(await verifyEditionVolume(source, templates.theme, built)).toEqual([]);
    // The ranking of 40 countries is one figure, on one page: its caption and its last country on the same page.
    const pages = (await readPdfDocument(built.pdf)).pages.map((page) => [...page.contentText.values()].join(' '));
    const captionPage = pages.findIndex((text) => text.includes('Coordination: mean score by country'));
    expect(captionPage).toBeGreaterThanOrEqual(0);
    expect(pages[captionPage]).toContain('Country 40');
  });

  it('catch a bar drawn at the wrong length', async () => {
    const source = volumeSource();
    const model = presentEditionVolume(source, templates.theme);
    const wrong: DocumentModel = {
      ...model,
      parts: (model.parts ?? []).map((part): Part => ({ ...part, children: part.children.map((child) => (child.kind === 'chart' && child.role === 'ranking' ? { ...child, bars: child.bars.map((bar, index) => (index === 39 ? { ...bar, value: bar.value + 1 } : bar)) } : child)) })),
    };
    const { pdf } = await editions(wrong);
    const found = await verifyEditionVolume(source, templates.theme, { pdf });
    expect(found.map((disagreement) => disagreement.edition)).toEqual(['PDF']);
    for (const disagreement of found) expect(disagreement.message).toMatch(/chart “Coordination: mean score by country, in rank order” draws the bar of “Country 40” at/);
  });
});
