/**
 * A chart's words as outlines of the chart fonts, for a PNG drawn without fonts: the same image as
 * resvg draws from the text (compared pixel by pixel), and the text left to resvg where a word is
 * not one to outline.
 */
import { Resvg } from '@resvg/resvg-js';
import { openSync, type Font } from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chart } from '../../src/document/model.js';
import { createChartOutliner, type ChartOutliner } from '../../src/render/chart-outlines.js';
import { chartSvg, svgMarkup } from '../../src/render/chart-svg.js';
import type { Theme } from '../../src/theme/theme.js';
import { loadTemplates } from '../../src/theme/load-templates.js';
import { templatesDir } from '../support/build.js';

let theme: Theme;
let fontFiles: readonly string[];
let outliner: ChartOutliner;

beforeAll(async () => {
  const { templates } = await loadTemplates(templatesDir, { fonts: 'fallbacks' });
  if (!templates?.chartFontFiles || templates.chartFontFiles.length !== 2) throw new Error('the chart fonts were not found');
  theme = templates.theme;
  fontFiles = templates.chartFontFiles;
  const [regular, bold] = fontFiles.map((file): Font => {
    const font = openSync(file);
    if (!('layout' in font)) throw new Error(`${file} is a collection`);
    return font;
  });
  if (!regular || !bold) throw new Error('two chart fonts');
  outliner = createChartOutliner({ regular, bold });
});

function chart(labels: readonly string[]): Chart {
  return {
    kind: 'chart',
    role: 'profile',
    caption: 'Scores',
    description: `Scores: ${labels.join(', ')}`,
    bars: labels.map((label, index) => ({ label, value: index + 3, min: 1, max: 10, valueText: `${String(index + 3)} / 10` })),
  };
}

/** RGBA pixels of the SVG drawn 600 pixels wide, with the chart fonts or (for outlines) none. */
function pixels(markup: string, files: readonly string[]): { readonly data: Uint8Array; readonly width: number; readonly height: number } {
  const image = new Resvg(markup, { fitTo: { mode: 'width', value: 600 }, background: '#ffffff', font: { loadSystemFonts: false, fontFiles: [...files], defaultFontFamily: '' } }).render();
  return { data: new Uint8Array(image.pixels), width: image.width, height: image.height };
}

/** The largest difference of two images' channels (0–255). */
function largestDifference(one: Uint8Array, other: Uint8Array): number {
  let largest = 0;
  for (let index = 0; index < one.length; index += 1) largest = Math.max(largest, Math.abs((one[index] ?? 0) - (other[index] ?? 0)));
  return largest;
}

/** The mean difference of two images' channels (0–255). */
function meanDifference(one: Uint8Array, other: Uint8Array): number {
  let difference = 0;
  for (let index = 0; index < one.length; index += 1) difference += Math.abs((one[index] ?? 0) - (other[index] ?? 0));
  return difference / one.length;
}

describe('createChartOutliner', () => {
  it('draws a Latin chart’s words as glyph outlines that resvg renders as it renders the text', () => {
    const svg = chartSvg(chart(['Effective Multilevel Cooperation (01)', 'Crisis Management (02)', 'Évaluation « ex ante » (03)', 'Πολιτική συνοχή (04)', 'Стратегическое планирование (05)']), theme);
    const outlined = outliner.outline(svg);
    expect(outlined).toBeDefined();
    if (outlined === undefined) return;
    expect(outlined).not.toMatch(/<text/);
    expect(outlined).toMatch(/<defs><path id="r\d+" d="M/);
    // Each value ("3 / 10") is bold: drawn with the bold font's glyphs.
    expect(outlined).toMatch(/href="#b\d+"/);

    const fromText = pixels(svgMarkup(svg), fontFiles);
    const fromOutlines = pixels(outlined, []);
    // resvg without fonts draws the bars and leaves the words out: what the outlines must put back.
    const barsOnly = pixels(svgMarkup(svg), []);
    expect([fromOutlines.width, fromOutlines.height]).toEqual([fromText.width, fromText.height]);
    const wordsMissing = meanDifference(barsOnly.data, fromText.data);
    expect(wordsMissing).toBeGreaterThan(2);
    // The same glyphs in the same places: only anti-aliasing differs, at the edges of glyphs (a
    // glyph misplaced or missing differs by 255 over many pixels).
    expect(meanDifference(fromOutlines.data, fromText.data)).toBeLessThan(wordsMissing / 20);
    expect(largestDifference(fromOutlines.data, fromText.data)).toBeLessThanOrEqual(120);
  });

  it('places a word at its x, or ends it there with text-anchor="end"', () => {
    const svg = chartSvg(chart(['A']), theme);
    const value = /<text class="chart-value" x="([\d.]+)"/.exec(svgMarkup(svg));
    const x = Number(value?.[1]);
    const placed = (outlined: string | undefined): number[] => [...(outlined ?? '').matchAll(/href="#b\d+" transform="translate\(([\d.]+) /g)].map((match) => Number(match[1]));
    // "3 / 10": four glyphs (the spaces have no outline), the first at x.
    const started = placed(outliner.outline(svg));
    expect(started).toHaveLength(4);
    expect(Math.min(...started)).toBeCloseTo(x, 2);
    const ended = placed(
      outliner.outline({
        ...svg,
        children: [{ name: 'text', attributes: { x: String(x), y: '13', 'font-weight': 'bold', 'text-anchor': 'end', fill: '#000' }, children: ['3 / 10'] }],
      }),
    );
    expect(ended).toHaveLength(4);
    // Ended at x: the same glyphs moved left by the word's width (some 30 px at 13 px).
    const shift = (started[0] ?? 0) - (ended[0] ?? 0);
    expect(shift).toBeGreaterThan(20);
    expect(shift).toBeLessThan(45);
    ended.forEach((place, index) => expect(Math.abs(place + shift - (started[index] ?? 0))).toBeLessThan(0.02));
  });

  it('leaves a chart to resvg’s text layout when a word needs shaping or another font', () => {
    for (const label of ['التنسيق الحكومي', '政策の調整', 'सहयोग', 'Cooperation ☃']) expect(outliner.outline(chartSvg(chart(['Crisis Management', label]), theme)), label).toBeUndefined();
  });

  it('leaves a word to resvg where SVG’s white space rules would draw it otherwise, or an attribute is not understood', () => {
    const svg = chartSvg(chart(['A']), theme);
    const withText = (attributes: Record<string, string>, words: string) => outliner.outline({ ...svg, children: [{ name: 'text', attributes: { x: '10', y: '13', fill: '#000', ...attributes }, children: [words] }] });
    expect(withText({}, 'Crisis Management')).toBeDefined();
    // SVG drops the spaces at the ends and collapses the others: fontkit would lay each out.
    for (const words of [' Crisis', 'Crisis ', 'Crisis  Management', 'Crisis\tManagement', 'Crisis\nManagement']) expect(withText({}, words), JSON.stringify(words)).toBeUndefined();
    const notUnderstood: readonly Record<string, string>[] = [{ 'font-weight': '600' }, { 'text-anchor': 'inherit' }, { x: 'NaN' }, { 'font-style': 'italic' }, { direction: 'rtl' }];
    for (const attributes of notUnderstood) expect(withText(attributes, 'Crisis'), JSON.stringify(attributes)).toBeUndefined();
  });
});
