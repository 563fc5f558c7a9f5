/**
 * A chart's labels in a right-to-left script drawn where the layout puts them (chart-layout.ts): a
 * country's name in Arabic beside its bar, at the end of the labels' column as the SVG has it. Each
 * label is set as a line as wide as its words (`fittedToWords`); before, a right-to-left label was
 * aligned to the right of the 100,000-point measure it was set in, and drawn far off the page: the
 * edition volume's cross-country charts showed bars without their country.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chart, DocumentModel } from '../../../src/document/model.js';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import { compileSampleChapter } from '../../support/build.js';
import { drawnGlyphs, type DrawnGlyph } from '../../support/pdf-glyphs.js';

const labels = ['مصر', 'Ελλάδα', '日本', 'Россия'] as const;

/** The model with every chart's bars labelled with `labels` in turn. */
function relabelled(model: unknown): unknown {
  if (Array.isArray(model)) return model.map(relabelled);
  if (typeof model !== 'object' || model === null) return model;
  const node = model as Record<string, unknown>;
  if (node['kind'] === 'chart') {
    const chart = node as unknown as Chart;
    return { ...chart, bars: chart.bars.map((bar, index) => ({ ...bar, label: labels[index % labels.length] ?? bar.label })) };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, relabelled(value)]));
}

let pages: DrawnGlyph[][];
let pageWidth: number;
beforeAll(async () => {
  const { tree, templates } = await compileSampleChapter();
  if (!templates.fonts) throw new Error('the fonts did not load');
  const model = relabelled(present(tree, templates.theme)) as DocumentModel;
  const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(model);
  pageWidth = templates.theme.page.size === 'A4' ? 595.28 : 612;
  pages = await drawnGlyphs(rendered.bytes);
}, 25_000);

describe('a chart’s labels in four scripts', () => {
  it('are drawn on the page beside their bars, the Arabic one too', () => {
    // The chart's page: the one that draws its Greek label.
    const page = pages.find((glyphs) => glyphs.some((glyph) => glyph.text === 'λ'));
    if (!page) throw new Error('no page draws the chart');
    const arabic = page.filter((glyph) => /[\u0600-\u06FF]/u.test(glyph.text));
    const greek = page.filter((glyph) => /[\u0370-\u03FF]/u.test(glyph.text));
    expect(arabic.length).toBeGreaterThan(0);
    for (const glyph of page) expect(glyph.x).toBeLessThan(pageWidth);
    // In the labels' column, left of the bars as the Greek label is: a right-to-left one ends where the column does.
    const greekRight = Math.max(...greek.map((glyph) => glyph.x));
    expect(Math.max(...arabic.map((glyph) => glyph.x))).toBeLessThan(greekRight + 30);
    expect(Math.min(...arabic.map((glyph) => glyph.x))).toBeGreaterThan(Math.min(...greek.map((glyph) => glyph.x)));
  });
});
