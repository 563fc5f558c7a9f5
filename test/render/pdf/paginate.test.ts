/** Pagination: keeps, widows and orphans, no hyphen at a page's foot, tables kept whole or split with their header repeated. */
import { describe, expect, it } from 'vitest';
import type { Block, GroupBlock, TableBlock, TableRow, TextBlock } from '../../../src/render/pdf/blocks.js';
import type { Line } from '../../../src/render/pdf/line-break.js';
import { paginate, type Command } from '../../../src/render/pdf/paginate.js';

const frame = { top: 0, bottom: 100 };
const line: Line = { segments: [], width: 0, maxWidth: 100, height: 10, baseline: 8, spaces: 0, stretch: false, expansion: 0 };
/** A line that ends in a hyphen drawn at a break. */
const hyphenatedLine: Line = { ...line, segments: [{ text: 'coordina', style: { font: 'body-regular', size: 10, colour: '#000000' }, x: 0, width: 40, spacesBefore: 0 }, { text: '-', breakHyphen: true, style: { font: 'body-regular', size: 10, colour: '#000000' }, x: 40, width: 3, spacesBefore: 0 }] };

/** Lines of a paragraph, those at `hyphens` ending in a hyphen. */
function lines(count: number, hyphens: readonly number[] = []): Line[] {
  return Array.from({ length: count }, (_, index) => (hyphens.includes(index) ? hyphenatedLine : line));
}

function paragraph(lines: number, options: Partial<TextBlock> = {}): TextBlock {
  return { kind: 'text', tag: 'P', lines: Array.from({ length: lines }, () => line), indent: 0, firstLineIndent: 0, align: 'left', spaceBefore: 0, spaceAfter: 0, keepWithNext: false, ...options };
}

function row(height: number): TableRow {
  return { cells: [], height, selected: false };
}

function table(rows: number, rowHeight = 10): TableBlock {
  return { kind: 'table', caption: paragraph(1), header: row(10), rows: Array.from({ length: rows }, () => row(rowHeight)), columns: [100], padding: 0, spaceBefore: 0, spaceAfter: 0 };
}

/** Per page, what was placed: "P3" for three lines of a paragraph, "T2" for two rows of a table ("T2+" when it is a later part). */
function layout(commands: readonly Command[]): string[][] {
  const pages: string[][] = [];
  for (const command of commands) {
    if (command.kind === 'page') pages.push([]);
    else if (command.kind === 'text') pages.at(-1)?.push(`${command.block.tag}${String(command.to - command.from)}`);
    else if (command.kind === 'table') pages.at(-1)?.push(`T${String(command.rows.length)}${command.first ? '' : '+'}`);
  }
  return pages;
}

describe('paginate', () => {
  it('fills pages and splits a long paragraph', () => {
    expect(layout(paginate([paragraph(25)], frame).commands)).toEqual([['P10'], ['P10'], ['P5']]);
  });

  it('leaves no widow: the last line of a paragraph never stands alone at the top of a page', () => {
    expect(layout(paginate([paragraph(11)], frame).commands)).toEqual([['P9'], ['P2']]);
  });

  it('leaves no orphan: a paragraph’s first line never stands alone at the bottom of a page', () => {
    expect(layout(paginate([paragraph(9), paragraph(5)], frame).commands)).toEqual([['P9'], ['P5']]);
  });

  it('keeps a heading with the start of what follows it', () => {
    const heading = paragraph(1, { tag: 'H2', keepWithNext: true });
    expect(layout(paginate([paragraph(8), heading, paragraph(4)], frame).commands)).toEqual([['P8'], ['H21', 'P4']]);
  });

  it('keeps a heading with the start of a table when the two together are taller than a page', () => {
    const heading = paragraph(1, { tag: 'H2', keepWithNext: true });
    // 5 lines, then a heading (10) and a table of 80 (caption, header, 6 rows): 90 in all, 45 left on the page.
    expect(layout(paginate([paragraph(5), heading, table(6)], frame).commands)).toEqual([['P5'], ['H21', 'T6']]);
    // With 8 rows the heading and the table are taller than a page: the heading still goes with the first rows.
    expect(layout(paginate([paragraph(9), heading, table(8)], frame).commands)).toEqual([['P9'], ['H21', 'T7'], ['T1+']]);
  });

  it('moves a table that fits on a page to the next page whole, rather than split it', () => {
    expect(layout(paginate([paragraph(5), table(5)], frame).commands)).toEqual([['P5'], ['T5']]);
  });

  it('splits a table taller than a page between rows, repeating the header row', () => {
    const pagination = paginate([table(25)], frame);
    expect(layout(pagination.commands)).toEqual([['T8'], ['T9+'], ['T8+']]);
    const parts = pagination.commands.filter((command) => command.kind === 'table');
    expect(parts.map((part) => [part.first, part.last])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it('cuts a row taller than a page between its lines, so that nothing runs off the page', () => {
    const tall: TableRow = { cells: [{ tag: 'TD', lines: Array.from({ length: 15 }, () => line) }], height: 150, selected: true };
    const block: TableBlock = { ...table(0), rows: [tall] };
    const parts = paginate([block], frame).commands.filter((command) => command.kind === 'table');
    expect(parts.map((part) => part.rows.map((row) => row.cells[0]?.lines.length))).toEqual([[8], [7]]);
    expect(parts.every((part) => part.rows.every((row) => row.selected && row.height <= 80))).toBe(true);
  });

  it('records where each anchored heading lands', () => {
    const heading = paragraph(1, { tag: 'H2', keepWithNext: true, anchor: { destination: 'second' } });
    const pagination = paginate([paragraph(9), heading, paragraph(3)], frame);
    expect(pagination.anchors.get('second')).toEqual({ page: 1, y: 0 });
    expect(pagination.pages).toBe(2);
  });

  it('starts content after a page break on a new page, and makes no empty page for a trailing one', () => {
    const blocks: Block[] = [paragraph(2), { kind: 'pageBreak' }, paragraph(2), { kind: 'pageBreak' }];
    expect(layout(paginate(blocks, frame).commands)).toEqual([['P2'], ['P2']]);
  });

  describe('no hyphen at the foot of a page', () => {
    it('breaks the paragraph again with that line kept from ending in a hyphen', () => {
      const asked: number[][] = [];
      const again = lines(12, [3]);
      const block = paragraph(12, { lines: lines(12, [9]), rebreak: (unhyphenated) => { asked.push([...unhyphenated]); return again; } });
      const commands = paginate([block], frame).commands.filter((command) => command.kind === 'text');
      expect(asked).toEqual([[9]]);
      expect(commands.map((command) => [command.from, command.to])).toEqual([[0, 10], [10, 12]]);
      // Every part of the paragraph draws the new lines, from one block (one P element).
      expect(new Set(commands.map((command) => command.block)).size).toBe(1);
      expect(commands[0]?.block.lines).toBe(again);
    });

    it('asks again for every page the paragraph spans', () => {
      const asked: number[][] = [];
      const block = paragraph(25, {
        lines: lines(25, [9, 19]),
        rebreak: (unhyphenated) => {
          asked.push([...unhyphenated]);
          return lines(25, [9, 19].filter((index) => !unhyphenated.has(index)));
        },
      });
      paginate([block], frame);
      expect(asked).toEqual([[9], [9, 19]]);
    });

    it('moves the line to the next page when the paragraph cannot be broken again', () => {
      for (const rebreak of [undefined, () => undefined]) {
        const block = paragraph(12, { lines: lines(12, [9]), ...(rebreak ? { rebreak } : {}) });
        expect(layout(paginate([block], frame).commands)).toEqual([['P9'], ['P3']]);
      }
      // Two hyphenated lines in a row: both move.
      expect(layout(paginate([paragraph(12, { lines: lines(12, [8, 9]) })], frame).commands)).toEqual([['P8'], ['P4']]);
    });

    it('starts the paragraph on the next page when moving the line would leave one alone (an orphan)', () => {
      expect(layout(paginate([paragraph(8), paragraph(5, { lines: lines(5, [1]) })], frame).commands)).toEqual([['P8'], ['P5']]);
      // Without the hyphen, two lines stay at the foot of the first page.
      expect(layout(paginate([paragraph(8), paragraph(5)], frame).commands)).toEqual([['P8', 'P2'], ['P3']]);
    });
  });

  describe('footnotes', () => {
    const style = { font: 'body-regular', size: 10, colour: '#000000' } as const;
    /** A line that calls the footnote `number`. */
    const calling = (number: number): Line => ({ ...line, segments: [{ text: String(number), style: { ...style, note: number }, x: 0, width: 5, spacesBefore: 0 }] });
    const note = (count: number): TextBlock => paragraph(count, { tag: 'Note' });
    /** The separator over a page's notes: 10 high. */
    const separator: GroupBlock = { kind: 'group', items: [], decorations: [], height: 10, spaceBefore: 0, spaceAfter: 0, keepWithNext: false };
    const notes = (...blocks: TextBlock[]): Block => ({ kind: 'notes', notes: new Map(blocks.map((block, index) => [index + 1, block])), separator });
    /** Per page, what was placed, the separator as "—". */
    const placed = (commands: readonly Command[]): string[][] =>
      commands.reduce<string[][]>((pages, command) => {
        if (command.kind === 'page') pages.push([]);
        else if (command.kind === 'text') pages.at(-1)?.push(`${command.block.tag}${String(command.to - command.from)}`);
        else if (command.kind === 'group' && command.block === separator) pages.at(-1)?.push('—');
        return pages;
      }, []);

    it('sets a note at the foot of the page of its call, the text making room for it', () => {
      // 10 lines would fill the page; line 3 calls a note of 2 lines (20 + 2 of gap) under the separator (10).
      const text = paragraph(12, { lines: [line, line, calling(1), ...lines(9)] });
      const layout = paginate([notes(note(2)), text], frame);
      expect(placed(layout.commands)).toEqual([['P6', '—', 'Note2'], ['P6']]);
      // The notes stand at the page's foot: the last one ends at the frame's bottom.
      const last = layout.commands.filter((command) => command.kind === 'text' && command.block.tag === 'Note').at(-1);
      expect(last?.kind === 'text' ? last.y + 20 + 2 : 0).toBe(frame.bottom);
    });

    it('sets a note once, on the page of its first call', () => {
      const text = paragraph(14, { lines: [calling(1), ...lines(11), calling(1), line] });
      // The first page holds 7 lines over the note (10 + 2 of gap) and the separator (10); the second call adds nothing.
      expect(placed(paginate([notes(note(1)), text], frame).commands)).toEqual([['P7', '—', 'Note1'], ['P7']]);
    });

    it('runs a long note on to the foot of the next page', () => {
      // A note of 8 lines called on the page's sixth line: two of its lines must stand there (with the separator, 32), the rest run on.
      const text = paragraph(12, { lines: [...lines(5), calling(1), ...lines(6)] });
      const pages = placed(paginate([notes(note(8)), text], frame).commands);
      expect(pages[0]).toEqual(['P6', '—', 'Note2']);
      const noteLines = pages.flat().filter((part) => part.startsWith('Note')).map((part) => Number(part.slice(4)));
      expect(noteLines.length).toBe(2);
      expect(noteLines.reduce((sum, count) => sum + count, 0)).toBe(8);
      expect(noteLines[0]).toBeGreaterThanOrEqual(2);
    });
  });
});
