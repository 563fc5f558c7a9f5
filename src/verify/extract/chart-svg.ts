/**
 * A chart's SVG read back (the HTML edition's inline SVG, the DOCX edition's image): its alternative
 * text, the words drawn bar by bar, and each bar's width against its track's, found by the HTML
 * vocabulary's classes, which the writers' SVG builder draws with.
 */
import type { Element } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toText } from 'hast-util-to-text';
import { parseFragment } from 'parse5';
import { htmlRoles } from '../../vocabulary/html.js';
import { normaliseText, type ChartReading } from './edition-text.js';
import { elementsOf, isRole } from './hast-roles.js';

function widthOf(element: Element | undefined): number {
  const width = Number(element?.properties['width']);
  return Number.isFinite(width) ? width : Number.NaN;
}

/** The chart an SVG element draws. */
export function readChartSvg(svg: Element): ChartReading {
  const label = svg.properties['ariaLabel'];
  const rows = elementsOf(svg, (element) => isRole(element, htmlRoles.chartRow));
  const words = rows.flatMap((row) => [
    ...elementsOf(row, (element) => isRole(element, htmlRoles.chartLabel)).map((text) => toText(text)),
    ...elementsOf(row, (element) => isRole(element, htmlRoles.chartValue)).map((text) => toText(text)),
  ]);
  const bars = rows.map((row) => {
    const track = elementsOf(row, (element) => isRole(element, htmlRoles.chartTrack))[0];
    const bar = elementsOf(row, (element) => isRole(element, htmlRoles.chartBar))[0];
    return widthOf(bar) / widthOf(track);
  });
  return { alt: normaliseText(typeof label === 'string' ? label : ''), text: normaliseText(words.join(' ')), bars };
}

/** A chart's SVG file (the DOCX's word/media), read as the HTML edition's inline SVG is. */
export function readChartSvgFile(markup: string): ChartReading | undefined {
  const root = fromParse5(parseFragment(markup));
  const svg = root.type === 'root' ? root.children.find((child): child is Element => child.type === 'element' && child.tagName === 'svg') : undefined;
  return svg ? readChartSvg(svg) : undefined;
}
