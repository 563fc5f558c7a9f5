/**
 * The edition volume's tables of numbers (pdfModel.table): a column's head wraps between its words,
 * never inside one, while the first column keeps its longest word. A category with four
 * sub-categories printed "Coordinati-on" and "Organizati-onal" in its ranks table's head, the
 * numeric columns held to two-thirds of the width between them; where the columns truly cannot fit,
 * a head's word breaks where the language's patterns allow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataTable } from '../../../src/document/model.js';
import type { Block, TableBlock } from '../../../src/render/pdf/blocks.js';
import { pdfModel } from '../../../src/render/pdf/handlers.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import { textStyle } from '../../../src/render/pdf/styles.js';
import { problemSink, type PdfState } from '../../../src/render/pdf/text.js';
import { defaultTheme } from '../../support/build.js';
import { themeFonts } from '../../support/lines.js';

/** The default theme's measure on A4: its text is some 355 points wide. */
let state: PdfState;
beforeAll(async () => {
  const [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
  state = {
    context: { theme, fonts, hyphenate: hyphenatorFor('en-US'), contentWidth: 355, problems: problemSink(() => undefined) },
    style: textStyle(theme, 'body'),
    indent: 0,
    beside: 0,
    source: undefined,
  };
});

function table(columns: readonly string[], first: { readonly head: string; readonly rows: readonly string[] } = { head: 'Country', rows: ['Aotearoa New Zealand', 'Magyarország'] }, text?: { readonly head: string; readonly cell: string }): TableBlock {
  const node: DataTable = {
    kind: 'table',
    caption: 'Ranks in Coordination, of 30 countries',
    columns: [first.head, ...(text ? [text.head] : []), ...columns],
    numeric: [false, ...(text ? [false] : []), ...columns.map(() => true)],
    rows: first.rows.map((name, row) => [name, ...(text ? [text.cell] : []), ...columns.map((_, index) => String(row === 0 ? index + 1 : 30 - index))]),
  };
  const [block]: Block[] = pdfModel.table(state, node);
  if (block?.kind !== 'table') throw new Error('not a table');
  return block;
}

/** Each head cell's lines, as drawn. */
const heads = (block: TableBlock): string[][] => block.header.cells.map((cell) => cell.lines.map((line) => line.segments.map((segment) => segment.text).join('').trim()));

describe('a table of numbers', () => {
  it('sets each word of its columns’ heads whole, the first column keeping its longest word', () => {
    const block = table(['Coordination', 'Quality of Horizontal Coordination', 'Quality of Vertical Coordination', 'Organizational Capacity']);
    for (const lines of heads(block)) for (const line of lines) expect(line).not.toMatch(/-$/u);
    expect(heads(block)[1]).toEqual(['Coordination']);
    expect(heads(block)[4]).toEqual(['Organizational', 'Capacity']);
    const [first] = block.columns;
    expect(first).toBeGreaterThan(state.context.fonts.width('body-regular', 'Magyarország', state.context.theme.sizes.small));
    expect(block.columns.reduce((sum, width) => sum + width, 0)).toBeCloseTo(355, 3);
  });

  it('hyphenates a head’s word where the language allows when the columns cannot all fit', () => {
    const block = table(Array.from({ length: 6 }, () => 'Organizational'));
    // en-US patterns, three letters kept at either end: orga-ni-za-tional.
    const allowed = new Set([4, 6, 8]);
    let breaks = 0;
    for (const lines of heads(block).slice(1)) {
      expect(lines.map((line) => line.replace(/-$/u, '')).join('')).toBe('Organizational');
      let at = 0;
      for (const line of lines.slice(0, -1)) {
        expect(line).toMatch(/-$/u);
        at += line.length - 1;
        expect(allowed.has(at), `a break after “${'Organizational'.slice(0, at)}”`).toBe(true);
        breaks += 1;
      }
    }
    expect(breaks).toBeGreaterThan(0);
  });

  it('keeps the first column’s head whole in its bold, however short the rows’ names', () => {
    const block = table(Array.from({ length: 6 }, () => 'Organizational'), { head: 'Administrations', rows: ['Chile', 'Peru'] });
    expect(heads(block)[0]).toEqual(['Administrations']);
  });

  it('keeps the first column’s longest word when another column of words shares the rest with it', () => {
    const block = table(Array.from({ length: 5 }, () => 'Organizational'), { head: 'Country', rows: ['Aotearoa New Zealand', 'Magyarország'] }, { head: 'Note', cell: 'Assessed in a shortened review' });
    const [first = 0, second = 0] = block.columns;
    expect(first).toBeGreaterThan(state.context.fonts.width('body-regular', 'Magyarország', state.context.theme.sizes.small) + 8);
    expect(second).toBeGreaterThan(state.context.fonts.width('body-regular', 'shortened', state.context.theme.sizes.small) + 8);
    expect(block.columns.reduce((sum, width) => sum + width, 0)).toBeCloseTo(355, 3);
    const rowNames = block.rows.map((row) => row.cells[0]?.lines.map((line) => line.segments.map((segment) => segment.text).join('').trim()));
    for (const lines of rowNames) for (const line of lines ?? []) expect(line).not.toMatch(/-$/u);
  });
});

describe('a table of paths and addresses (the edition volume’s list of reports)', () => {
  it('breaks a path or an address too long for its column as a URL breaks, never inside a word nor with a hyphen it does not have, and tags the break for the text', () => {
    const slug = 'aotearoa-new-zealand';
    const tokens = [`${slug}.pdf`, `${slug}.docx`, `https://doi.org/10.5555/sgi2024-${slug}`];
    const node: DataTable = { kind: 'table', caption: 'Every country’s report', columns: ['Country', 'Print (PDF)', 'Word (DOCX)', 'Address'], numeric: [false, false, false, false], rows: [['Aotearoa New Zealand', ...tokens]] };
    const [block]: Block[] = pdfModel.table(state, node);
    if (block?.kind !== 'table') throw new Error('not a table');
    let broken = 0;
    block.rows[0]?.cells.slice(1).forEach((cell, index) => {
      const token = tokens[index] ?? '';
      const lines = cell.lines.map((line) => line.segments.map((segment) => segment.text).join(''));
      // Every character where it is, and no hyphen drawn that the token does not have.
      expect(lines.join('')).toBe(token);
      for (const line of cell.lines) for (const segment of line.segments) expect(segment.breakHyphen).toBeUndefined();
      let at = 0;
      for (const [number, line] of lines.slice(0, -1).entries()) {
        at += line.length;
        // Before a hyphen, a full stop or a slash, or after the double slash.
        expect(/^[-./]/u.test(token.slice(at)) || token.slice(0, at).endsWith('//'), `a break after “${token.slice(0, at)}”`).toBe(true);
        // Its last piece tagged: the PDF's text joins the lines without a space (draw.ts, actualText).
        expect(cell.lines[number]?.segments.at(-1)?.urlBreak).toBe(true);
        broken += 1;
      }
    });
    expect(broken).toBeGreaterThan(0);
  });
});
