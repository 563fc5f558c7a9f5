/**
 * Placing measured blocks on pages, with the rules of a careful print layout: a heading (and
 * anything marked keep-with-next) goes to the next page rather than stand alone at the bottom; a
 * paragraph leaves no single line alone at the top or bottom of a page (widows and orphans) and no
 * page ends in a hyphen (the paragraph is broken again, or a line moves on); a table
 * moves whole to the next page when it fits on one, and otherwise splits between rows and repeats
 * its header row; a footnote stands at the foot of the page where it is first called, the page's
 * text making room for it (a long one may run on to the foot of the next page). The result is a
 * list of drawing commands, one page after another.
 */
import type { StructTag } from '../../vocabulary/pdf.js';
import { figureHeight, linesHeight, tableHeight, tableRow, type Block, type ContentBlock, type FigureBlock, type FigureRow, type GroupBlock, type TableBlock, type TableRow, type TextBlock } from './blocks.js';
import { endsWithHyphen, type Line } from './line-break.js';

export interface Frame {
  /** Top of the content box. */
  readonly top: number;
  /** Bottom of the content box. */
  readonly bottom: number;
}

export type Command =
  | { readonly kind: 'page' }
  | { readonly kind: 'open'; readonly tag: StructTag; readonly listNumbering?: 'Disc' | 'Decimal' | 'None' }
  | { readonly kind: 'close' }
  | { readonly kind: 'runningHead'; readonly text: string }
  /** Lines `from` to `to` of a text block, the first at `y`. */
  | { readonly kind: 'text'; readonly block: TextBlock; readonly y: number; readonly from: number; readonly to: number }
  | { readonly kind: 'group'; readonly block: GroupBlock; readonly y: number }
  /** Some rows of a table; the header row is drawn again (as an artifact) on later pages. */
  | { readonly kind: 'table'; readonly block: TableBlock; readonly y: number; readonly rows: readonly TableRow[]; readonly first: boolean; readonly last: boolean }
  /** Some rows of a chart, the caption over the first; the figure ends with the last. */
  | { readonly kind: 'figure'; readonly block: FigureBlock; readonly y: number; readonly rows: readonly FigureRow[]; readonly first: boolean; readonly last: boolean };

export interface PagePlace {
  /** 0-based, within the paginated blocks. */
  readonly page: number;
  readonly y: number;
}

export interface Pagination {
  readonly commands: readonly Command[];
  readonly pages: number;
  /** Where each anchored heading landed, by destination name. */
  readonly anchors: ReadonlyMap<string, PagePlace>;
}

/** Fewer lines than this are never left alone at the top or bottom of a page. */
const minimumLines = 2;

/** Lines `from` to `to` of a footnote, at the foot of a page. */
interface NotePiece {
  readonly number: number;
  readonly block: TextBlock;
  readonly from: number;
  readonly to: number;
}

/** Space between two notes at a page's foot. */
const noteGap = 2;

function pieceHeight(piece: NotePiece): number {
  return linesHeight(piece.block.lines, piece.from, piece.to) + noteGap;
}

/** A note longer than this many lines may be split: two lines stand on the page of its call, the rest runs on. */
const splittableNoteLines = 2 * minimumLines - 1;

/** The note numbers a line calls, in order. */
function callsOf(line: Line | undefined): number[] {
  const numbers: number[] = [];
  for (const segment of line?.segments ?? []) {
    const number = segment.style.note;
    if (number !== undefined && !numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

/**
 * The page's footnotes as the paginator plans a page: what a line's calls add to the page's foot
 * (its notes not yet placed, and the separator over the first), given the notes already there.
 */
export interface NoteRoom {
  /** The height the notes called by `line` need at the foot of a page holding the notes `onPage`. */
  readonly cost: (line: Line | undefined, onPage: ReadonlySet<number>, pageHasNotes: boolean) => number;
}

const noNotes: NoteRoom = { cost: () => 0 };

export function paginate(blocks: readonly Block[], frame: Frame): Pagination {
  const commands: Command[] = [];
  const anchors = new Map<string, PagePlace>();
  const pageHeight = frame.bottom - frame.top;
  let page = -1;
  let y = frame.top;
  let atTop = true;
  /** The footnotes met so far, by number, and the separator drawn over a page's notes. */
  const noteBlocks = new Map<number, TextBlock>();
  let separator: GroupBlock | undefined;
  /** Notes given a page already (a later call of one adds nothing). */
  const placedNotes = new Set<number>();
  /** The current page's notes, and the end of a note that runs on to the next page. */
  let pageNotes: NotePiece[] = [];
  let carried: NotePiece[] = [];
  /** A page break waits for content: at the end of the blocks it makes no empty page. */
  let breakPending = false;
  /** The last block's space after; the space between two blocks is the larger of the two (as CSS margins collapse). */
  let spaceAfter = 0;
  /** Whether the last block placed keeps with this one. */
  let keptByPrevious = false;

  const separatorHeight = (): number => separator?.height ?? 0;
  /** What the page's notes take at its foot; a long note counts with its first lines only (the rest may run on). */
  const noteSpace = (): number => (pageNotes.length === 0 ? 0 : separatorHeight() + pageNotes.reduce((sum, piece) => sum + minimalHeight(piece), 0));
  const minimalHeight = (piece: NotePiece): number => {
    const count = piece.to - piece.from;
    return count > splittableNoteLines && piece.from === 0 ? linesHeight(piece.block.lines, 0, minimumLines) + noteGap : pieceHeight(piece);
  };
  const noteRoom: NoteRoom = {
    cost(line, onPage, pageHasNotes) {
      let height = 0;
      for (const number of callsOf(line)) {
        const block = noteBlocks.get(number);
        if (!block || placedNotes.has(number) || onPage.has(number)) continue;
        if (!pageHasNotes && height === 0) height += separatorHeight();
        height += minimalHeight({ number, block, from: 0, to: block.lines.length });
      }
      return height;
    },
  };

  /** Sets the page's notes at its foot (as much of them as fits below the text; the rest runs on). */
  const flushNotes = (): void => {
    if (pageNotes.length === 0) return;
    const space = frame.bottom - y - separatorHeight();
    const pieces: NotePiece[] = [];
    let used = 0;
    for (const [index, piece] of pageNotes.entries()) {
      if (used + pieceHeight(piece) <= space + 0.01) {
        pieces.push(piece);
        used += pieceHeight(piece);
        continue;
      }
      // What fits of this note stands here (at least a line on a page of notes alone); the rest, and the notes after it, run on.
      let to = piece.from;
      while (to < piece.to && used + linesHeight(piece.block.lines, piece.from, to + 1) + noteGap <= space + 0.01) to += 1;
      if (to === piece.from && pieces.length === 0 && y === frame.top) to += 1;
      if (to > piece.from) {
        pieces.push({ ...piece, to });
        used += linesHeight(piece.block.lines, piece.from, to) + noteGap;
      }
      carried = [...(to < piece.to ? [{ ...piece, from: to }] : []), ...pageNotes.slice(index + 1)];
      break;
    }
    let top = frame.bottom - used;
    if (separator && pieces.length > 0) commands.push({ kind: 'group', block: separator, y: top - separatorHeight() });
    for (const piece of pieces) {
      commands.push({ kind: 'text', block: piece.block, y: top, from: piece.from, to: piece.to });
      top += pieceHeight(piece);
    }
    pageNotes = [];
  };

  const newPage = (): void => {
    flushNotes();
    commands.push({ kind: 'page' });
    page += 1;
    y = frame.top;
    atTop = true;
    spaceAfter = 0;
    // The end of a note from the page before comes first at this page's foot.
    pageNotes = carried;
    carried = [];
  };
  const room = (): number => frame.bottom - y - noteSpace();
  const onPage = (): ReadonlySet<number> => new Set(pageNotes.map((piece) => piece.number));

  newPage();
  blocks.forEach((block, index) => {
    switch (block.kind) {
      case 'open':
        commands.push(block.listNumbering ? { kind: 'open', tag: block.tag, listNumbering: block.listNumbering } : { kind: 'open', tag: block.tag });
        return;
      case 'close':
        commands.push({ kind: 'close' });
        return;
      case 'pageBreak':
        breakPending = true;
        return;
      case 'runningHead':
        commands.push(block);
        return;
      case 'gap':
        if (breakPending && !atTop) newPage();
        breakPending = false;
        y += block.height;
        atTop = false;
        spaceAfter = 0;
        return;
      case 'notes':
        for (const [number, note] of block.notes) noteBlocks.set(number, note);
        separator = block.separator;
        return;
      case 'contents':
        throw new Error('The table of contents must be filled in before pagination.');
      default:
        break;
    }
    if (breakPending && !atTop) newPage();
    breakPending = false;
    // Keep this block, and those it must stay with, together when they would fit on a fresh page.
    // When the whole chain is taller than a page, what must stay together is only its start: the
    // keep-with-next blocks and the first lines (or first table row) of the block they keep with.
    // A block that the one before keeps with it needs only its start here: moving it whole would
    // leave that one behind.
    const whole = chainHeight(blocks, index, pageHeight, false);
    const needed = whole <= pageHeight && !keptByPrevious ? whole : chainHeight(blocks, index, pageHeight, true);
    const space = Math.max(spaceAfter, block.spaceBefore);
    if (!atTop && space + needed > room()) newPage();
    keptByPrevious = keepWithNextOf(block);
    y += atTop ? 0 : space;
    if (block.kind === 'text') placeText(block);
    else if (block.kind === 'group') placeGroup(block);
    else if (block.kind === 'figure') placeFigure(block);
    else placeTable(block);
    spaceAfter = block.spaceAfter;
  });

  function anchorAt(block: TextBlock, top: number): void {
    if (block.anchor && !anchors.has(block.anchor.destination)) anchors.set(block.anchor.destination, { page, y: top });
  }

  function placeText(block: TextBlock): void {
    const { lines, parts: planned } = settleText(block, room(), atTop, pageHeight, noteRoom, onPage(), pageNotes.length > 0);
    const placed: TextBlock = lines === block.lines ? block : { ...block, lines };
    let parts = planned;
    for (let index = 0; index < parts.length; index += 1) {
      let part = parts[index];
      if (!part) break;
      if (part.newPage) {
        newPage();
        // The end of a note run on from the page before takes room the plan did not know of: the rest is planned again.
        if (pageNotes.length > 0) {
          parts = [...parts.slice(0, index), ...planText(lines, part.from, room(), true, pageHeight, true, noteRoom, onPage(), true)];
          part = parts[index];
          if (!part) break;
        }
      }
      if (part.from === 0) anchorAt(placed, y);
      commands.push({ kind: 'text', block: placed, y, from: part.from, to: part.to });
      y += linesHeight(lines, part.from, part.to);
      atTop = false;
      // The notes these lines call for the first time stand at this page's foot.
      for (let at = part.from; at < part.to; at += 1) {
        for (const number of callsOf(lines[at])) {
          const note = noteBlocks.get(number);
          if (!note || placedNotes.has(number)) continue;
          placedNotes.add(number);
          pageNotes.push({ number, block: note, from: 0, to: note.lines.length });
        }
      }
    }
  }

  function placeGroup(block: GroupBlock): void {
    for (const item of block.items) anchorAt(item.block, y + item.y);
    commands.push({ kind: 'group', block, y });
    y += block.height;
    atTop = false;
  }

  function placeFigure(block: FigureBlock): void {
    if (figureHeight(block) <= room() + 0.01) {
      commands.push({ kind: 'figure', block, y, rows: block.rows, first: true, last: true });
      y += figureHeight(block);
      atTop = false;
      return;
    }
    // Taller than a page (the keep rule moved it to a fresh page otherwise): on between its rows.
    placeRows(block.rows, (first) => (first ? linesHeight(block.caption.lines) : 0), block.rowGap, (rows, first, last) => commands.push({ kind: 'figure', block, y, rows, first, last }));
  }

  function placeTable(block: TableBlock): void {
    if (tableHeight(block) <= room() + 0.01) {
      commands.push({ kind: 'table', block, y, rows: block.rows, first: true, last: true });
      y += tableHeight(block);
      atTop = false;
      return;
    }
    // Taller than what is left, and (as the keep rule found) taller than a page: split between rows.
    const rows = rowsThatFit(block, frame.bottom - frame.top - linesHeight(block.caption.lines) - block.header.height);
    placeRows(rows, (first) => (first ? linesHeight(block.caption.lines) : 0) + block.header.height, 0, (part, first, last) => commands.push({ kind: 'table', block, y, rows: part, first, last }));
  }

  /**
   * Rows set page by page, as many as fit (at least one at the top of a page), each part below its
   * fixed height (`fixed`: a caption above the first part, a table's header above every part) and
   * with `gap` between rows; `place` records a part where it starts.
   */
  function placeRows<Row extends { readonly height: number }>(rows: readonly Row[], fixed: (first: boolean) => number, gap: number, place: (part: readonly Row[], first: boolean, last: boolean) => void): void {
    let next = 0;
    let first = true;
    while (next < rows.length) {
      let height = fixed(first);
      let count = 0;
      while (next + count < rows.length && height + (count > 0 ? gap : 0) + (rows[next + count]?.height ?? 0) <= room() + 0.01) {
        height += (count > 0 ? gap : 0) + (rows[next + count]?.height ?? 0);
        count += 1;
      }
      if (count === 0) {
        if (!atTop) {
          newPage();
          continue;
        }
        count = 1;
        height += rows[next]?.height ?? 0;
      }
      const part = rows.slice(next, next + count);
      next += count;
      place(part, first, next >= rows.length);
      y += height;
      atTop = false;
      first = false;
      if (next < rows.length) newPage();
    }
  }

  flushNotes();
  // Notes that still run on go to the foot of pages of their own.
  while (carried.length > 0) {
    newPage();
    flushNotes();
  }
  return { commands, pages: page + 1, anchors };
}

/** Lines `from` to `to` of a text block, on a new page or (for the first part) where the last block ended. */
interface TextPart {
  readonly newPage: boolean;
  readonly from: number;
  readonly to: number;
}

/** Times a paragraph is broken again to keep hyphens off the foot of its pages. */
const maxRebreaks = 6;

/**
 * A text block's lines and where they go. No page ends in a hyphen ("Prime Min-" ⏎ "ister" across a
 * page turn): the paragraph is broken again with that line kept from ending in one (the block's
 * `rebreak`, which sets it the same way), and where that cannot be done the line goes to the next page.
 */
function settleText(
  block: TextBlock,
  room: number,
  atTop: boolean,
  pageHeight: number,
  notes: NoteRoom = noNotes,
  onPage: ReadonlySet<number> = new Set(),
  pageHasNotes = false,
): { lines: readonly Line[]; parts: TextPart[] } {
  let lines = block.lines;
  const unhyphenated = new Set<number>();
  for (let attempt = 0; attempt < maxRebreaks; attempt += 1) {
    const parts = planText(lines, 0, room, atTop, pageHeight, false, notes, onPage, pageHasNotes);
    const foot = parts.find((part) => part.to < lines.length && endsWithLineHyphen(lines, part.to - 1));
    if (!foot) return { lines, parts };
    unhyphenated.add(foot.to - 1);
    const again = block.rebreak?.(unhyphenated);
    if (!again) break;
    lines = again;
  }
  return { lines, parts: planText(lines, 0, room, atTop, pageHeight, true, notes, onPage, pageHasNotes) };
}

function endsWithLineHyphen(lines: readonly Line[], index: number): boolean {
  const line = lines[index];
  return line !== undefined && endsWithHyphen(line);
}

/**
 * Where a text block's lines go, from line `start`: as many on each page as fit, leaving no single
 * line of it alone at the top or bottom of a page (widows and orphans). A line that calls a footnote
 * fits only with (the start of) its note below it. With `moveHyphens`, a page that would end in a
 * hyphen ends a line or two early instead, or before the paragraph where that would leave an orphan.
 */
function planText(
  lines: readonly Line[],
  start: number,
  room: number,
  atTop: boolean,
  pageHeight: number,
  moveHyphens: boolean,
  notes: NoteRoom = noNotes,
  firstOnPage: ReadonlySet<number> = new Set(),
  firstHasNotes = false,
): TextPart[] {
  const parts: TextPart[] = [];
  let from = start;
  let available = room;
  let top = atTop;
  let newPage = false;
  let onPage = new Set(firstOnPage);
  let hasNotes = firstHasNotes;
  while (from < lines.length) {
    const remaining = lines.length - from;
    let fit = 0;
    let height = 0;
    while (fit < remaining) {
      const line = lines[from + fit];
      const needed = (line?.height ?? 0) + notes.cost(line, onPage, hasNotes);
      if (height + needed > available + 0.01) break;
      height += needed;
      for (const number of callsOf(line)) onPage.add(number);
      hasNotes ||= needed > (line?.height ?? 0);
      fit += 1;
    }
    let take = fit;
    if (take < remaining) {
      // Leave at least two lines for the next page (no widow), and put at least two here (no orphan).
      if (remaining - take < minimumLines) take = remaining - minimumLines;
      if (take < minimumLines) take = 0;
      if (moveHyphens && take > 0 && endsWithLineHyphen(lines, from + take - 1)) {
        let earlier = take - 1;
        while (earlier >= minimumLines && endsWithLineHyphen(lines, from + earlier - 1)) earlier -= 1;
        // Too few lines would be left here: the paragraph starts on the next page, if it can.
        if (earlier >= minimumLines) take = earlier;
        else if (!top) take = 0;
      }
    }
    if (take <= 0) {
      if (!top) {
        newPage = true;
        available = pageHeight;
        top = true;
        onPage = new Set();
        hasNotes = false;
        continue;
      }
      // A line taller than the page, or too few lines to split by the rules: place what fits.
      take = Math.max(1, fit);
    }
    parts.push({ newPage, from, to: from + take });
    from += take;
    // What is left goes on the next page.
    newPage = true;
    available = pageHeight;
    top = true;
    onPage = new Set();
    hasNotes = false;
  }
  return parts;
}

/**
 * The table's rows, with any row taller than `limit` cut between lines into rows that fit: a row
 * never runs off the page, and nothing of it is lost.
 */
function rowsThatFit(table: TableBlock, limit: number): TableRow[] {
  const rows: TableRow[] = [];
  for (const row of table.rows) {
    if (row.height <= limit) {
      rows.push(row);
      continue;
    }
    const room = limit - 2 * table.padding;
    const remaining = row.cells.map((cell) => [...cell.lines]);
    while (remaining.some((lines) => lines.length > 0)) {
      const cells = row.cells.map((cell, index) => {
        const lines = remaining[index] ?? [];
        let count = 0;
        let height = 0;
        while (count < lines.length && height + (lines[count]?.height ?? 0) <= room) {
          height += lines[count]?.height ?? 0;
          count += 1;
        }
        return { ...cell, lines: lines.splice(0, Math.max(count, lines.length > 0 ? 1 : 0)) };
      });
      rows.push(tableRow(cells, row.selected, table.padding));
    }
  }
  return rows;
}

/**
 * The height that must fit below the current position for block `index` to be placed here: the
 * whole of each keep-with-next block and the first lines (or the whole table) of the block it keeps
 * with.
 */
function chainHeight(blocks: readonly Block[], index: number, pageHeight: number, splitting: boolean): number {
  const block = blocks[index];
  if (!block || !isContent(block)) return 0;
  if (!keepWithNextOf(block)) return startHeight(block, splitting ? 0 : pageHeight);
  const nextIndex = nextContent(blocks, index);
  const next = nextIndex === undefined ? undefined : blocks[nextIndex];
  const own = fullHeight(block);
  if (nextIndex === undefined || !next || !isContent(next)) return own;
  return own + Math.max(block.spaceAfter, next.spaceBefore) + chainHeight(blocks, nextIndex, pageHeight, splitting);
}

function isContent(block: Block): block is ContentBlock {
  return block.kind === 'text' || block.kind === 'group' || block.kind === 'table' || block.kind === 'figure';
}

function keepWithNextOf(block: ContentBlock): boolean {
  return block.kind === 'table' || block.kind === 'figure' ? false : block.keepWithNext;
}

/** The next content block, skipping structure markers; none past a page break or gap. */
function nextContent(blocks: readonly Block[], index: number): number | undefined {
  for (let next = index + 1; next < blocks.length; next += 1) {
    const block = blocks[next];
    if (!block) return undefined;
    if (block.kind === 'open' || block.kind === 'close' || block.kind === 'runningHead') continue;
    return isContent(block) ? next : undefined;
  }
  return undefined;
}

function fullHeight(block: ContentBlock): number {
  if (block.kind === 'text') return linesHeight(block.lines);
  if (block.kind === 'group') return block.height;
  if (block.kind === 'figure') return figureHeight(block);
  return tableHeight(block);
}

/**
 * What must stand on the page where a block starts: two lines of a paragraph (all of a short one), a
 * whole table that fits in `pageHeight` (else its caption, header and first row).
 */
function startHeight(block: ContentBlock, pageHeight: number): number {
  if (block.kind === 'text') {
    const count = block.lines.length <= 2 * minimumLines - 1 ? block.lines.length : minimumLines;
    return linesHeight(block.lines, 0, count);
  }
  if (block.kind === 'group') return block.height;
  if (block.kind === 'figure') {
    const whole = figureHeight(block);
    return whole <= pageHeight ? whole : linesHeight(block.caption.lines) + (block.rows[0]?.height ?? 0);
  }
  const whole = tableHeight(block);
  if (whole <= pageHeight) return whole;
  return linesHeight(block.caption.lines) + block.header.height + (block.rows[0]?.height ?? 0);
}

