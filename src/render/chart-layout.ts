/**
 * Where a chart's parts go: each bar's label (broken into lines), its track (the whole scale), its
 * bar and its value text, for a given width and a way to measure text. The SVG builder (HTML, DOCX)
 * and the PDF writer both draw this layout, so the editions' charts have the same geometry; only the
 * measure differs (the PDF's fonts, the SVG's estimate). Pure and deterministic.
 */
import type { Chart } from '../document/model.js';
import { startsRightToLeft } from '../vocabulary/scripts.js';

export interface ChartMetrics {
  readonly width: number;
  /** The labels' and values' size. */
  readonly fontSize: number;
  readonly barHeight: number;
  /** The width of a text at `fontSize`, bold or not. */
  readonly measure: (text: string, bold: boolean) => number;
}

export interface ChartTextLine {
  readonly text: string;
  /** Left edge (right edge, for `align: 'end'`) and baseline, from the chart's top-left corner. */
  readonly x: number;
  readonly baseline: number;
  readonly align: 'start' | 'end';
  readonly rightToLeft: boolean;
}

export interface ChartRowLayout {
  readonly top: number;
  readonly height: number;
  readonly label: readonly ChartTextLine[];
  /** The whole scale, min to max: the bar's length is measured against it. */
  readonly track: ChartRect;
  readonly bar: ChartRect;
  readonly value: ChartTextLine;
}

export interface ChartRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly rows: readonly ChartRowLayout[];
}

/** The share of the bar's scale its value fills, 0 to 1. */
export function barFraction(bar: { readonly value: number; readonly min: number; readonly max: number }): number {
  if (bar.max === bar.min) return 0;
  return Math.min(1, Math.max(0, (bar.value - bar.min) / (bar.max - bar.min)));
}

/** Numbers as written into a drawing: two decimals at most, so the same chart gives the same bytes. */
export function rounded(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Labels beside their bars take at most this share of the width; longer ones stand above their bars. */
const besideShare = 0.3;

export function layOutChart(chart: Chart, metrics: ChartMetrics): ChartLayout {
  const { width, fontSize, barHeight, measure } = metrics;
  const lineHeight = fontSize * 1.3;
  const gap = fontSize * 0.6;
  const valueWidth = Math.max(...chart.bars.map((bar) => measure(bar.valueText, true)), 0) * 1.1 + gap;
  const labelWidths = chart.bars.map((bar) => measure(bar.label, false));
  // Short labels (countries) beside their bars, in a column of their own; long ones (a question's indicator) above.
  const besideWidth = Math.max(0, ...labelWidths) + gap;
  const beside = besideWidth <= width * besideShare;
  const trackLeft = beside ? besideWidth : 0;
  const trackWidth = Math.max(width * 0.3, width - trackLeft - valueWidth);
  const rowGap = beside ? fontSize * 0.45 : fontSize * 0.8;
  const rows: ChartRowLayout[] = [];
  let top = 0;
  for (const bar of chart.bars) {
    const rightToLeft = startsRightToLeft(bar.label);
    const lines = beside ? [bar.label] : breakLabel(bar.label, trackWidth, (text) => measure(text, false));
    const labelHeight = beside ? 0 : lines.length * lineHeight;
    const rowHeight = beside ? Math.max(lineHeight, barHeight) : labelHeight + fontSize * 0.25 + barHeight;
    const barTop = top + (beside ? (rowHeight - barHeight) / 2 : labelHeight + fontSize * 0.25);
    const labelX = beside ? (rightToLeft ? besideWidth - gap : 0) : rightToLeft ? trackWidth : 0;
    const label = lines.map((text, index): ChartTextLine => ({
      text,
      x: rounded(labelX),
      baseline: rounded(beside ? barTop + barHeight / 2 + fontSize * 0.35 : top + (index + 1) * lineHeight - fontSize * 0.3),
      align: rightToLeft ? 'end' : 'start',
      rightToLeft,
    }));
    const track = { x: rounded(trackLeft), y: rounded(barTop), width: rounded(trackWidth), height: rounded(barHeight) };
    rows.push({
      top: rounded(top),
      height: rounded(rowHeight),
      label,
      track,
      bar: { ...track, width: rounded(trackWidth * barFraction(bar)) },
      value: { text: bar.valueText, x: rounded(trackLeft + trackWidth + gap / 2), baseline: rounded(barTop + barHeight / 2 + fontSize * 0.35), align: 'start', rightToLeft: false },
    });
    top += rowHeight + rowGap;
  }
  return { width: rounded(width), height: rounded(Math.max(0, top - rowGap)), rows };
}

/** Words (or, in a script without spaces, characters) onto lines no wider than `width`; a word wider than a line stands alone, broken by characters. */
export function breakLabel(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  const pieces = text.split(/(?<=\s)|(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u);
  for (const piece of pieces) {
    const candidate = line + piece;
    if (line === '' || measure(candidate.trimEnd()) <= width) {
      line = candidate;
      continue;
    }
    lines.push(line.trimEnd());
    line = piece.trimStart();
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  // A single word wider than the line is cut by characters.
  return lines.flatMap((part) => (measure(part) <= width ? [part] : byCharacters(part, width, measure)));
}

function byCharacters(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const character of text) {
    if (line !== '' && measure(line + character) > width) {
      lines.push(line);
      line = '';
    }
    line += character;
  }
  if (line !== '') lines.push(line);
  return lines;
}
