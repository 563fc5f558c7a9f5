/**
 * Charts in the agreement check: each edition's chart is read back — the SVG's aria-label, words and
 * bar widths (HTML), the Figure's /Alt and the rectangles drawn inside it (PDF), the image's
 * description and its SVG (DOCX) — and compared with the numbers the report tree gives. A writer that
 * draws a bar at the wrong length, or states a wrong number, is caught in every edition.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chart, DocumentModel, Section } from '../../src/document/model.js';
import { descendants } from '../../src/document/walk.js';
import { present } from '../../src/present/present.js';
import { createDocxRenderer } from '../../src/render/docx/render.js';
import { createHtmlRenderer } from '../../src/render/html/render.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import type { Templates } from '../../src/theme/load-templates.js';
import type { ReportTree } from '../../src/tree/types.js';
import { expectedChapter } from '../../src/verify/expected.js';
import { readDocxEdition } from '../../src/verify/extract/docx.js';
import { readHtmlEdition } from '../../src/verify/extract/html.js';
import { readOwnPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { readPdfDocument, readPdfEditionWithPdfjs } from '../../src/verify/extract/pdf.js';
import { verifyChapter } from '../../src/verify/verify.js';
import { compileSampleChapter } from '../support/build.js';

let tree: ReportTree;
let templates: Templates;
beforeAll(async () => {
  ({ tree, templates } = await compileSampleChapter());
});

/** The model with its chart changed by `change`. */
function withChart(model: DocumentModel, change: (chart: Chart) => Chart): DocumentModel {
  const section = (node: Section): Section => ({ ...node, children: node.children.map((child) => (child.kind === 'chart' ? change(child) : child)) });
  return { ...model, chapters: model.chapters.map((chapter) => ({ ...chapter, children: chapter.children.map(section) })) };
}

async function editions(model: DocumentModel) {
  const { theme, fonts } = templates;
  if (!fonts) throw new Error('the sample’s fonts did not load');
  const html = createHtmlRenderer({ theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }).render(model).html;
  const pdf = (await createPdfRenderer({ theme, fonts, generator: 'rubricpress test' }).render(model)).bytes;
  const docx = (await createDocxRenderer({ theme, generator: 'rubricpress test', chartFonts: templates.chartFontFiles ?? [] }).render(model)).bytes;
  return { html, pdf, docx };
}

describe('a chapter’s score profile', () => {
  it('is in the model after the key findings: each question’s score on its scale, the rank in its alternative text', () => {
    const model = present(tree, templates.theme);
    const charts = descendants([model]).filter((node): node is Chart => node.kind === 'chart');
    expect(charts).toHaveLength(1);
    const chart = charts[0];
    expect(chart?.caption).toBe('Japan: scores in Coordination');
    expect(chart?.bars.map((bar) => [bar.label, bar.value, bar.min, bar.max, bar.valueText])).toEqual([
      ['Effective Coordination Mechanisms of the GO|PMO', 8, 1, 10, '8 / 10'],
      ['Effective Coordination Mechanisms within the Ministerial Bureaucracy', 5, 1, 10, '5 / 10'],
      ['Complementary Informal Coordination', 7, 1, 10, '7 / 10'],
      ['Effectively Setting and Monitoring National (Minimum) Standards', 8, 1, 10, '8 / 10'],
      ['Effective Multilevel Cooperation', 7, 1, 10, '7 / 10'],
    ]);
    expect(chart?.description).toBe(
      'Japan: scores in Coordination. Rank 16 of 30. Effective Coordination Mechanisms of the GO|PMO: 8 / 10; Effective Coordination Mechanisms within the Ministerial Bureaucracy: 5 / 10; Complementary Informal Coordination: 7 / 10; Effectively Setting and Monitoring National (Minimum) Standards: 8 / 10; Effective Multilevel Cooperation: 7 / 10.',
    );
    const keyFindings = model.chapters[0]?.children[0];
    expect(keyFindings?.role).toBe('keyFindings');
    expect(keyFindings?.children.at(-1)).toBe(chart);
  });

  it('is left out of a chapter without a scored question, in the model and in what the editions must show', () => {
    const report = tree.children[0];
    const draft: ReportTree = { ...tree, children: [{ ...report, children: report.children.filter((child) => child.type !== 'subCategory') }] };
    expect(descendants([present(draft, templates.theme)]).some((node) => node.kind === 'chart')).toBe(false);
    const expected = expectedChapter(draft, templates.theme);
    expect(expected.charts).toEqual([]);
    expect(expected.units.some((unit) => unit.kind === 'chart caption')).toBe(false);
  });

  it('is read back from every edition with its numbers, and the editions agree', async () => {
    const built = await editions(present(tree, templates.theme));
    const expected = expectedChapter(tree, templates.theme).charts;
    expect(expected).toHaveLength(1);
    const fractions = expected[0]?.bars.map((bar) => bar.fraction) ?? [];
    // The scale runs from 1 to 10: a score of 8 fills 7/9 of it.
    expect(fractions[0]).toBeCloseTo(7 / 9, 6);
    const own = readOwnPdfEdition(built.pdf);
    for (const read of [readHtmlEdition(built.html), own, readDocxEdition(built.docx)]) {
      expect(read.charts).toHaveLength(1);
      const chart = read.charts?.[0];
      expect(chart?.alt).toBe(expected[0]?.alt);
      expect(chart?.text).toBe(expected[0]?.text);
      chart?.bars.forEach((bar, index) => {
        expect(bar).toBeCloseTo(fractions[index] ?? -1, 3);
      });
    }
    // pdfjs reads the same figure (its /Alt, its words, its rectangles).
    expect((await readPdfEditionWithPdfjs(built.pdf)).charts).toEqual(own.charts);
    expect(await verifyChapter(tree, templates.theme, built)).toEqual([]);
  });

  it('catches a bar drawn at the wrong length in every edition', async () => {
    // The writers are given a bar of 5 where the source says 8: the words and alternative text still say 8.
    const wrong = withChart(present(tree, templates.theme), (chart) => ({ ...chart, bars: chart.bars.map((bar, index) => (index === 0 ? { ...bar, value: 5 } : bar)) }));
    const found = await verifyChapter(tree, templates.theme, await editions(wrong));
    expect(found.map((disagreement) => [disagreement.edition, disagreement.unit?.kind, disagreement.message])).toEqual(
      (['HTML', 'PDF', 'DOCX'] as const).map((edition): unknown[] => [
        edition,
        'chart caption',
        // 4/9 of the scale, as drawn (the PDF's numbers are rounded to hundredths of a point).
        expect.stringMatching(new RegExp(`^The ${edition} edition's chart “Japan: scores in Coordination” draws the bar of “Effective Coordination Mechanisms of the GO\\|PMO” at 44\\.[45] % of its scale; its value, 8 / 10, is 77\\.8 %\\.$`)),
      ]),
    );
  });

  it('catches a wrong number in the alternative text, and a chart left out', async () => {
    const wrong = withChart(present(tree, templates.theme), (chart) => ({ ...chart, description: chart.description.replace('Rank 16 of 30', 'Rank 15 of 30') }));
    const found = await verifyChapter(tree, templates.theme, await editions(wrong));
    expect(found).toHaveLength(3);
    for (const disagreement of found) expect(disagreement.message).toContain('chart “Japan: scores in Coordination” has the alternative text “Japan: scores in Coordination. Rank 15 of 30.');

    const model = present(tree, templates.theme);
    const without: DocumentModel = { ...model, chapters: model.chapters.map((chapter) => ({ ...chapter, children: chapter.children.map((section) => ({ ...section, children: section.children.filter((child) => child.kind !== 'chart') })) })) };
    const missing = await verifyChapter(tree, templates.theme, await editions(without));
    for (const edition of ['HTML', 'PDF', 'DOCX']) {
      expect(missing.map((disagreement) => disagreement.message)).toContain(`The ${edition} edition draws 0 charts; the source has 1.`);
    }
  });

  it('goes on over a page break between its rows when taller than a page, and is read back whole', async () => {
    const { theme, fonts } = templates;
    if (!fonts) throw new Error('the sample’s fonts did not load');
    // 60 questions, long titles among them (right to left, and Japanese), on a scale of 0 to 100.
    const titles = ['A question whose indicator is long enough to need two lines of the chart to be read in full, as some of the codebook’s are', 'تنسيق السياسات بين الوزارات', '省庁間の政策調整'];
    const bars = Array.from({ length: 60 }, (_unused, index) => ({ label: titles[index % 3] ?? '', value: (index * 7) % 101, min: 0, max: 100, valueText: `${String((index * 7) % 101)} / 100` }));
    const model = withChart(present(tree, theme), (chart) => ({ ...chart, bars }));
    const pdf = (await createPdfRenderer({ theme, fonts, generator: 'rubricpress test' }).render(model)).bytes;
    const own = readOwnPdfEdition(pdf);
    expect(own.charts?.[0]?.bars).toHaveLength(60);
    own.charts?.[0]?.bars.forEach((bar, index) => {
      expect(bar).toBeCloseTo(((index * 7) % 101) / 100, 3);
    });
    expect(own.charts?.[0]?.text).toContain('省庁間の政策調整 14 / 100');
    const pages = (await readPdfDocument(pdf)).pages.filter((page) => [...page.contentText.values()].some((text) => text.includes('省庁間の政策調整')));
    expect(pages.length).toBeGreaterThan(1);
    // The same figure, in parts on two pages, as pdfjs reads it page by page.
    expect((await readPdfEditionWithPdfjs(pdf)).charts).toEqual(own.charts);
  });
});
