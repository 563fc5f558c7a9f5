/**
 * The PDF renderer's page-independent layout: what the handlers make from the document model and the
 * paginator places on pages. Blocks are measured (their lines are broken) but not positioned;
 * structure markers (`open`, `close`) travel with them, so the drawing step can build the tagged
 * PDF's structure tree in reading order.
 */
import type { OutlineLevel } from '../../document/model.js';
import type { StructTag } from '../../vocabulary/pdf.js';
import type { FontKey } from './fonts.js';
import type { Line } from './line-break.js';

/** A heading's named destination, and its bookmark. */
export interface Anchor {
  readonly destination: string;
  readonly outline?: { readonly title: string; readonly level: OutlineLevel };
}

/** A list item's bullet or number, drawn beside the first line and marked as an artifact. */
export interface Marker {
  readonly text: string;
  readonly font: FontKey;
  readonly size: number;
  readonly colour: string;
  /** Right edge of the marker, relative to the block's left edge. */
  readonly right: number;
}

/** Lines of a block from `from` on (to the next part), `indent` further in, `marker` beside the first. */
export interface LinePart {
  readonly from: number;
  readonly indent: number;
  readonly marker?: Marker;
}

/** The part a line of the block belongs to, if the block has parts. */
export function linePartOf(block: Pick<TextBlock, 'lineParts'>, line: number): LinePart | undefined {
  return block.lineParts?.findLast((part) => part.from <= line);
}

export type Align = 'left' | 'right' | 'justify';

export interface TextBlock {
  readonly kind: 'text';
  readonly tag: StructTag;
  readonly lines: readonly Line[];
  /** Left edge of every line, from the content box's left edge. */
  readonly indent: number;
  /** Added to the first line's indent (negative for a hanging indent). */
  readonly firstLineIndent: number;
  readonly align: Align;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  readonly keepWithNext: boolean;
  readonly anchor?: Anchor;
  readonly marker?: Marker;
  /**
   * The paragraph's direction. Prose (a paragraph, a list item's, a footnote) takes its first strong
   * letter's (`withTextDirection`), as the web edition's `dir` and Word's `w:bidi` do; everything
   * else (headings, titles, table cells, labels, contents entries, running heads) runs as the page
   * does, left to right, a name in a right-to-left script a run inside it. None: left to right.
   */
  readonly direction?: 'ltr' | 'rtl';
  /**
   * Parts of the lines set further in, each from its first line on, with a marker beside that line:
   * a footnote's list items in the note's one block (the paginator splits a note between lines).
   */
  readonly lineParts?: readonly LinePart[];
  /**
   * The same text broken again with the lines of these indices kept from ending in a hyphen, set the
   * way `lines` were (justified, ragged or first fit); none when it cannot be. The paginator asks
   * for it when a page would end in a hyphen.
   */
  readonly rebreak?: (unhyphenatedLines: ReadonlySet<number>) => readonly Line[] | undefined;
}

/** Lines and fills drawn as decoration (artifacts), relative to their block's top-left corner. */
export type Decoration =
  | { readonly kind: 'rule'; readonly x: number; readonly y: number; readonly width: number; readonly thickness: number; readonly colour: string }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly colour: string };

/** Blocks set side by side or stacked at fixed offsets, never split: the question's head. */
export interface GroupBlock {
  readonly kind: 'group';
  readonly items: readonly { readonly block: TextBlock; readonly x: number; readonly y: number }[];
  readonly decorations: readonly Decoration[];
  readonly height: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  readonly keepWithNext: boolean;
}

export interface TableCell {
  readonly tag: 'TH' | 'TD';
  readonly scope?: 'Column' | 'Row';
  readonly lines: readonly Line[];
  /** Numbers stand to the right of their cell. */
  readonly align?: 'right';
}

export interface TableRow {
  readonly cells: readonly TableCell[];
  readonly height: number;
  /** The band that holds the score: filled with the highlight. */
  readonly selected: boolean;
}

/** A table that is kept on one page when it fits on one, and otherwise repeats its header row. */
export interface TableBlock {
  readonly kind: 'table';
  readonly caption: TextBlock;
  readonly header: TableRow;
  readonly rows: readonly TableRow[];
  /** Column widths; their sum is the table's width. */
  readonly columns: readonly number[];
  readonly padding: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
}

/** A row of a chart: its bar's track and bar, its label's and value's lines, relative to the row's top-left corner. */
export interface FigureRow {
  readonly height: number;
  /** The track (the whole scale) first, then the bar over it: the reader measures one against the other. */
  readonly rects: readonly { readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly fill: string; readonly stroke?: string }[];
  readonly texts: readonly { readonly block: TextBlock; readonly x: number; readonly y: number }[];
}

/**
 * A chart: its caption, then a figure (with its alternative text) drawn as rectangles and words. Kept
 * on one page where it fits; a chart taller than a page goes on between its rows.
 */
export interface FigureBlock {
  readonly kind: 'figure';
  readonly tag: StructTag;
  readonly alt: string;
  readonly caption: TextBlock;
  readonly rows: readonly FigureRow[];
  readonly rowGap: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
}

/** A chart's height whole: its caption and its rows, with the gap between rows. */
export function figureHeight(figure: FigureBlock): number {
  return linesHeight(figure.caption.lines) + figure.rows.reduce((sum, row, index) => sum + row.height + (index > 0 ? figure.rowGap : 0), 0);
}

export type ContentBlock = TextBlock | GroupBlock | TableBlock | FigureBlock;

export type Block =
  | ContentBlock
  | { readonly kind: 'open'; readonly tag: StructTag; readonly listNumbering?: 'Disc' | 'Decimal' | 'None' }
  | { readonly kind: 'close' }
  | { readonly kind: 'pageBreak' }
  /** The running head of the pages from here on (a book's chapter's), drawn from the next page that holds content. */
  | { readonly kind: 'runningHead'; readonly text: string }
  /** A fixed gap, as on the title page. */
  | { readonly kind: 'gap'; readonly height: number }
  /**
   * The footnotes of what follows, by number: the paginator sets each at the foot of the page where
   * it is first called (a line whose segments call it), under the separator, a short rule.
   */
  | { readonly kind: 'notes'; readonly notes: ReadonlyMap<number, TextBlock>; readonly separator: GroupBlock }
  /**
   * The contents list, made once the content's page numbers are known: `make` gives its blocks for
   * the page each destination is on.
   */
  | { readonly kind: 'contents'; readonly make: (pageOf: (destination: string) => number) => readonly Block[] };

export function linesHeight(lines: readonly Line[], from = 0, to = lines.length): number {
  let height = 0;
  for (let index = from; index < to; index += 1) height += lines[index]?.height ?? 0;
  return height;
}

/** A row as tall as its tallest cell, with the table's padding above and below. */
export function tableRow(cells: readonly TableCell[], selected: boolean, padding: number): TableRow {
  return { cells, selected, height: Math.max(...cells.map((cell) => linesHeight(cell.lines))) + 2 * padding };
}

export function tableHeight(table: TableBlock, rows: readonly TableRow[] = table.rows): number {
  return linesHeight(table.caption.lines) + table.header.height + rows.reduce((sum, row) => sum + row.height, 0);
}
