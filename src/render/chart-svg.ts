/**
 * A chart as SVG, for the HTML edition (inline) and the DOCX edition (an image, with a PNG made of
 * it): the layout of chart-layout.ts drawn with the HTML vocabulary's classes, which the agreement
 * check reads the bars back by. Pure and deterministic: the same chart gives the same markup.
 */
import type { Chart } from '../document/model.js';
import type { Theme } from '../theme/theme.js';
import { htmlRoles, type HtmlRole } from '../vocabulary/html.js';
import { layOutChart, rounded, type ChartLayout, type ChartTextLine } from './chart-layout.js';

export interface SvgElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (SvgElement | string)[];
}

/** The SVG's own size, in CSS pixels: it scales to its box. */
export const svgChartWidth = 640;
const fontSize = 13;
const barHeight = 12;

/**
 * The width of a text in the SVG, estimated (the reader's fonts are not known): wide enough for the
 * theme's sans-serif, so that a label broken by it fits its line.
 */
export function estimatedWidth(text: string, bold: boolean): number {
  let width = 0;
  for (const character of text) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u.test(character)) width += 1;
    else if (/\p{M}/u.test(character)) width += 0;
    else if (/[ il.,:;'|!]/u.test(character)) width += 0.3;
    else if (/[MW@mw]/u.test(character)) width += 0.85;
    else if (/\p{Lu}/u.test(character)) width += 0.66;
    else width += 0.56;
  }
  return width * fontSize * (bold ? 1.06 : 1);
}

export function chartLayoutForSvg(chart: Chart): ChartLayout {
  return layOutChart(chart, { width: svgChartWidth, fontSize, barHeight, measure: estimatedWidth });
}

function element(name: string, attributes: Record<string, string>, children: readonly (SvgElement | string)[] = []): SvgElement {
  return { name, attributes, children };
}

function withRole(role: HtmlRole, attributes: Record<string, string>, children: readonly (SvgElement | string)[] = []): SvgElement {
  return element(role.element, { ...(role.className ? { class: role.className } : {}), ...attributes }, children);
}

function textLine(role: HtmlRole, line: ChartTextLine, colour: string, bold: boolean): SvgElement {
  return withRole(
    role,
    {
      x: String(line.x),
      y: String(line.baseline),
      ...(line.align === 'end' ? { 'text-anchor': 'end' } : {}),
      ...(line.rightToLeft ? { direction: 'rtl' } : {}),
      ...(bold ? { 'font-weight': 'bold' } : {}),
      fill: colour,
    },
    [line.text],
  );
}

/** The chart as an SVG element: an image whose name is the chart's alternative text, a group per bar. */
export function chartSvg(chart: Chart, theme: Theme): SvgElement {
  const layout = chartLayoutForSvg(chart);
  const { colours } = theme;
  const height = rounded(layout.height + 2);
  const rows = layout.rows.map((row) =>
    withRole(htmlRoles.chartRow, {}, [
      ...row.label.map((line) => textLine(htmlRoles.chartLabel, line, colours.text, false)),
      withRole(htmlRoles.chartTrack, { x: String(row.track.x), y: String(row.track.y), width: String(row.track.width), height: String(row.track.height), fill: colours.surface, stroke: colours.rule, 'stroke-width': '0.5' }),
      withRole(htmlRoles.chartBar, { x: String(row.bar.x), y: String(row.bar.y), width: String(row.bar.width), height: String(row.bar.height), fill: colours.accent }),
      textLine(htmlRoles.chartValue, row.value, colours.text, true),
    ]),
  );
  return withRole(
    htmlRoles.chartSvg,
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: String(layout.width),
      height: String(height),
      viewBox: `0 0 ${String(layout.width)} ${String(height)}`,
      role: 'img',
      'aria-label': chart.description,
      'font-family': `${theme.fonts.heading.family}, ${theme.fonts.heading.fallback}`,
      'font-size': String(fontSize),
    },
    [element('title', {}, [chart.description]), ...rows],
  );
}

const escapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };


/**
 * The element as SVG markup (a file of its own, for the DOCX). `instead` may give an element's
 * markup in its place (the chart's words as outlines: chart-outlines.ts).
 */
export function svgMarkup(node: SvgElement | string, instead?: (element: SvgElement) => string | undefined): string {
  if (typeof node === 'string') return escaped(node);
  const replaced = instead?.(node);
  if (replaced !== undefined) return replaced;
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escaped(value)}"`)
    .join('');
  return `<${node.name}${attributes}>${node.children.map((child) => svgMarkup(child, instead)).join('')}</${node.name}>`;
}

/** Text as an SVG attribute's value or an element's text. */
export function escaped(text: string): string {
  return text.replace(/[&<>"]/g, (character) => escapes[character] ?? character);
}
