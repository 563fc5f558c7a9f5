/**
 * Drawing paginated commands with pdfkit, building the tagged PDF's structure tree as it goes: every
 * piece of text is drawn inside its structure element (a paragraph split over two pages is one `P`
 * with two pieces of content; a link is a `Link` element holding its annotation), and everything
 * that is not content — rules, fills, running heads, page numbers, bullets — is marked as an artifact.
 */
import type { Theme } from '../../theme/theme.js';
import { pdfTags, type StructTag } from '../../vocabulary/pdf.js';
import { reorderingLetter, rightToLeftLetter } from '../../vocabulary/scripts.js';
import { lineLevels, mirrored, reorderedRanges, shapedRightToLeft, visualPieces, type Direction } from './bidi.js';
import { linePartOf, linesHeight, type Decoration, type FigureBlock, type FigureRow, type GroupBlock, type Marker, type TableBlock, type TableCell, type TableRow, type TextBlock } from './blocks.js';
import type { FontSet } from './fonts.js';
import type { LinkTarget, TextStyle } from './inline.js';
import { justification, type Line, type Segment } from './line-break.js';
import type { Command } from './paginate.js';
import { addBookmark, addLinkAnnotation, drawFurniture, drawLine, setListNumbering, type Bookmark, type LineOptions, type PdfDocument, type StructElement } from './pdfkit.js';

export interface PageFurniture {
  /** The running head (the document's, or `head`) and foot of the page with this 1-based number; nothing on a page without them. */
  readonly of: (pageNumber: number, head: string | undefined) => FurnishedPage | undefined;
}

/** What a page's furniture draws, as a pagination artifact: lines laid out as the text's are (each letter in a font that has it), and rules. */
export interface FurnishedPage {
  /** Blocks of one line each, drawn with the top of their line box at `y`. */
  readonly lines: readonly { readonly block: TextBlock; readonly x: number; readonly y: number }[];
  readonly rules: readonly { readonly x: number; readonly y: number; readonly width: number; readonly thickness: number; readonly colour: string }[];
}

export interface DrawContext {
  readonly doc: PdfDocument;
  readonly theme: Theme;
  readonly fonts: FontSet;
  /** Left edge of the content box. */
  readonly left: number;
  readonly furniture: PageFurniture;
}

/**
 * The running head of each page (by its 0-based index): the one in force where the page's content
 * begins, so that a chapter's head given right after its page starts is that page's. A book's pages
 * drawn in parts (bound.ts) are furnished from the same list as a document drawn whole.
 */
export function pageHeads(commands: readonly Command[]): (string | undefined)[] {
  const heads: (string | undefined)[] = [];
  let head: string | undefined;
  let due = false;
  const settle = (): void => {
    if (!due) return;
    due = false;
    heads.push(head);
  };
  for (const command of commands) {
    if (command.kind === 'page') {
      settle();
      due = true;
    } else if (command.kind === 'runningHead') head = command.text;
    else if (command.kind !== 'open' && command.kind !== 'close') settle();
  }
  settle();
  return heads;
}

/** Draws commands onto a document that holds no pages yet. */
export function drawCommands(context: DrawContext, commands: readonly Command[]): void {
  const { doc } = context;
  const root = doc.struct(pdfTags.document);
  doc.addStructure(root);
  const stack: StructElement[] = [root];
  const elements = new Map<TextBlock | TableBlock, StructElement>();
  const links = new Map<LinkTarget, StructElement>();
  const figures = new Map<FigureBlock, StructElement>();
  let pageNumber = 0;
  /** The outline's open entries by level: an entry nests under the last one of the level above. */
  const outlineParents: Bookmark[] = [];
  const heads = pageHeads(commands);
  const furnish = (): void => {
    const page = context.furniture.of(pageNumber, heads[pageNumber - 1]);
    if (!page) return;
    // In a stream of its own, which a book leaves out when it binds these pages (pdfkit.ts).
    drawFurniture(doc, () =>
      artifact(
        doc,
        () => {
          for (const line of page.lines) drawPlain(context, line.block, line.x, line.y);
          for (const rule of page.rules) doc.lineWidth(rule.thickness).moveTo(rule.x, rule.y).lineTo(rule.x + rule.width, rule.y).stroke(rule.colour);
        },
        'Pagination',
      ),
    );
  };
  const parent = (): StructElement => stack.at(-1) ?? root;

  const elementFor = (block: TextBlock | TableBlock, tag: StructTag, owner: StructElement = parent()): StructElement => {
    let element = elements.get(block);
    if (!element) {
      element = doc.struct(tag);
      owner.add(element);
      elements.set(block, element);
    }
    return element;
  };

  const drawText = (block: TextBlock, owner: StructElement, x: number, y: number, from: number, to: number): void => {
    const element = elementFor(block, block.tag, owner);
    if (from === 0) {
      if (block.anchor) {
        doc.addNamedDestination(block.anchor.destination, 'XYZ', null, y, null);
        const outline = block.anchor.outline;
        if (outline) {
          const item = addBookmark(doc, outline.level === 1 ? undefined : outlineParents[outline.level - 2], outline.title, y);
          outlineParents.length = outline.level - 1;
          outlineParents.push(item);
        }
      }
      // A list item's bullet (or a note's number) at the block's own start, whatever part its first line is in.
      const first = block.lines[0];
      if (block.marker && first) drawMarker(context, block.marker, markerEdge(x, mirrorEdge(block), block.indent + block.firstLineIndent), y + first.baseline);
    }
    // The markers of the block's parts (a footnote's list items) beside their first lines, on the page where those are.
    const parts = block.lineParts ?? [];
    const edge = parts.some((part) => part.marker) ? mirrorEdge(block) : undefined;
    for (const part of parts) {
      const line = block.lines[part.from];
      if (part.marker && line && part.from >= from && part.from < to) drawMarker(context, part.marker, markerEdge(x, edge, indentOf(block, part.from)), y + linesHeight(block.lines, from, part.from) + line.baseline);
    }
    drawLines(context, element, links, block, x, y, from, to);
    if (to === block.lines.length) element.end();
  };

  for (const command of commands) {
    switch (command.kind) {
      case 'page':
        doc.addPage();
        pageNumber += 1;
        furnish();
        break;
      case 'runningHead':
        // Each page's head was settled before drawing (pageHeads).
        break;
      case 'open': {
        const element = doc.struct(command.tag);
        if (command.listNumbering) setListNumbering(element, command.listNumbering);
        parent().add(element);
        stack.push(element);
        break;
      }
      case 'close':
        stack.pop()?.end();
        break;
      case 'text':
        // A footnote belongs to the document, not to the part open where it is drawn: a note that runs
        // on to the next page continues after that part has ended.
        drawText(command.block, command.block.tag === pdfTags.note ? root : parent(), context.left, command.y, command.from, command.to);
        break;
      case 'group':
        drawGroup(command.block, command.y);
        break;
      case 'table':
        drawTable(command.block, command.y, command.rows, command.first, command.last);
        break;
      case 'figure':
        drawFigure(command.block, command.y, command.rows, command.first, command.last);
        break;
    }
  }
  while (stack.length > 0) stack.pop()?.end();

  function drawGroup(block: GroupBlock, y: number): void {
    drawDecorations(context, block.decorations, context.left, y);
    for (const item of block.items) drawText(item.block, parent(), context.left + item.x, y + item.y, 0, item.block.lines.length);
  }

  /**
   * A chart's rows: its caption (over the first) an element of its own, read as text; the figure's
   * rectangles and words inside the Figure, whose /Alt states every number. The rectangles are
   * content, not artifacts: the agreement check measures each bar against its track.
   */
  function drawFigure(block: FigureBlock, y: number, rows: readonly FigureRow[], first: boolean, last: boolean): void {
    let top = y;
    if (first) {
      drawText(block.caption, parent(), context.left, top, 0, block.caption.lines.length);
      top += linesHeight(block.caption.lines);
    }
    let figure = figures.get(block);
    if (!figure) {
      figure = doc.struct(block.tag, { alt: block.alt });
      parent().add(figure);
      figures.set(block, figure);
    }
    for (const [index, row] of rows.entries()) {
      if (index > 0) top += block.rowGap;
      const rowTop = top;
      figure.add(() => {
        for (const rect of row.rects) {
          doc.lineWidth(0.5).rect(context.left + rect.x, rowTop + rect.y, rect.width, rect.height);
          if (rect.stroke === undefined) doc.fill(rect.fill);
          else doc.fillAndStroke(rect.fill, rect.stroke);
        }
      });
      for (const text of row.texts) drawLines(context, figure, links, text.block, context.left + text.x, rowTop + text.y, 0, text.block.lines.length);
      top += row.height;
    }
    if (last) figure.end();
  }

  function drawTable(block: TableBlock, y: number, rows: readonly TableRow[], first: boolean, last: boolean): void {
    const table = elementFor(block, pdfTags.table);
    let top = y;
    if (first) {
      drawText(block.caption, table, context.left, top, 0, block.caption.lines.length);
      top += linesHeight(block.caption.lines);
    }
    // The header row belongs to the structure once; where it repeats on a later page it is an artifact.
    top = drawRow(block, block.header, top, first ? table : undefined, true);
    for (const row of rows) top = drawRow(block, row, top, table, false);
    if (last) table.end();
  }

  function drawRow(block: TableBlock, row: TableRow, top: number, table: StructElement | undefined, isHeader: boolean): number {
    const { colours } = context.theme;
    const width = block.columns.reduce((sum, column) => sum + column, 0);
    const left = context.left;
    const fill = row.selected ? colours.highlight : isHeader ? colours.surface : undefined;
    artifact(doc, () => {
      if (fill) doc.rect(left, top, width, row.height).fill(fill);
      let cellLeft = left;
      doc.lineWidth(0.5);
      for (const column of block.columns) {
        doc.rect(cellLeft, top, column, row.height).stroke(colours.rule);
        cellLeft += column;
      }
      if (row.selected) {
        doc.lineWidth(1.5);
        doc.moveTo(left, top).lineTo(left + width, top).stroke(colours.highlightRule);
        doc.moveTo(left, top + row.height).lineTo(left + width, top + row.height).stroke(colours.highlightRule);
        doc.rect(left, top, 3, row.height).fill(colours.highlightRule);
      }
    });
    const rowElement = table ? doc.struct(pdfTags.row) : undefined;
    if (table && rowElement) table.add(rowElement);
    let cellLeft = left;
    row.cells.forEach((cell, index) => {
      const x = cellLeft + block.padding;
      const y = top + block.padding;
      if (rowElement) drawCell(cell, rowElement, x, y);
      else artifact(doc, () => drawPlain(context, cellBlock(cell), x, y));
      cellLeft += block.columns[index] ?? 0;
    });
    rowElement?.end();
    return top + row.height;
  }

  function drawCell(cell: TableCell, row: StructElement, x: number, y: number): void {
    const element = doc.struct(cell.tag, cell.scope ? { scope: cell.scope } : {});
    row.add(element);
    drawLines(context, element, links, cellBlock(cell), x, y, 0, cell.lines.length);
    element.end();
  }
}

/**
 * Where a marker stands: the edge of its line's text it goes beside, and on which side of it. Left of
 * the text in a left-to-right paragraph; in a right-to-left one (its lines mirrored, see
 * `mirrorEdge`), right of the text, as Word and the web edition put it.
 */
interface MarkerPlace {
  readonly edge: number;
  readonly side: 'left' | 'right';
}

/** The place of a marker `indent` in from the start of a block drawn at `x`: its left, or its right when mirrored about `mirrored`. */
function markerEdge(x: number, mirrored: number | undefined, indent: number): MarkerPlace {
  return mirrored === undefined ? { edge: x + indent, side: 'left' } : { edge: x + mirrored - indent, side: 'right' };
}

/** A bullet, number or note number `marker.right` beside its text's edge, on the baseline at `baseline`, as an artifact. */
function drawMarker(context: DrawContext, marker: Marker, place: MarkerPlace, baseline: number): void {
  artifact(context.doc, () => {
    setFont(context, marker.font, marker.size, marker.colour);
    const width = context.fonts.width(marker.font, marker.text, marker.size);
    const left = place.side === 'left' ? place.edge + marker.right - width : place.edge - marker.right;
    drawLine(context.doc, marker.text, left, baseline - ascent(context, marker.font) * marker.size);
  });
}

/** How far in line `index` of a block starts: the block's indent, the first line's own, the line's part's. */
function indentOf(block: TextBlock, index: number): number {
  return block.indent + (index === 0 ? block.firstLineIndent : 0) + (linePartOf(block, index)?.indent ?? 0);
}

/**
 * Where a right-to-left paragraph's lines are mirrored about: how far right of the block's left its
 * lines reach (its indent and its lines' widths). A right-to-left list item or note stands in from
 * the right, its marker beside its text's right end, as Word's `w:bidi` paragraphs and the web
 * edition's have them. Nothing for a left-to-right block, or for one without indents or markers,
 * whose lines already fill their room from the left.
 */
function mirrorEdge(block: TextBlock): number | undefined {
  if (block.direction !== 'rtl') return undefined;
  if (block.indent === 0 && block.firstLineIndent === 0 && !block.marker && !(block.lineParts ?? []).some((part) => part.indent !== 0 || part.marker)) return undefined;
  return block.lines.reduce((edge, line, index) => Math.max(edge, indentOf(block, index) + line.maxWidth), 0);
}

/** Where line `index` of a block drawn at `x` starts: `indentOf` in from the left, or (mirrored about `mirrored`) from the right. */
function lineLeft(block: TextBlock, x: number, index: number, mirrored?: number): number {
  const indent = indentOf(block, index);
  if (mirrored === undefined) return x + indent;
  return x + mirrored - indent - (block.lines[index]?.maxWidth ?? 0);
}

/** A table cell's lines as a block of text, to be drawn like any other. */
function cellBlock(cell: TableCell): TextBlock {
  return { kind: 'text', tag: cell.tag, lines: cell.lines, indent: 0, firstLineIndent: 0, align: cell.align ?? 'left', spaceBefore: 0, spaceAfter: 0, keepWithNext: false };
}

interface PlacedSegment {
  readonly segment: Segment;
  readonly x: number;
  /** Where pdfkit's text box starts: the baseline less the font's ascent. */
  readonly baselineTop: number;
  /** Added to each word space, before `scale`. */
  readonly wordSpacing: number;
  /** The glyphs' horizontal scale (glyph expansion of a justified line). */
  readonly scale: number;
  /** The reordered run of its line the segment is drawn in (its segments share the object), if the bidirectional algorithm moves it. */
  readonly run?: PlacedRun;
}

/**
 * Segments of a line that the bidirectional algorithm reorders: drawn together, piece by piece in
 * visual order, as one piece of marked content whose actual text is theirs in reading order. Drawn
 * left to right, so that the last glyphs drawn end where the text that follows begins (extraction
 * would otherwise read a gap there as a space); in between, only the actual text is read.
 */
interface PlacedRun {
  readonly pieces: readonly PlacedPiece[];
  /** The segments' text in reading order (a hyphen at a break as a soft hyphen, see actualText). */
  readonly text: string;
}

/** A piece of a segment at one embedding level, where it is drawn. */
interface PlacedPiece {
  readonly style: TextStyle;
  readonly text: string;
  readonly x: number;
  /** As drawn: its spaces justified, its glyphs scaled. */
  readonly width: number;
  readonly rightToLeft: boolean;
  readonly baselineTop: number;
  readonly wordSpacing: number;
  readonly scale: number;
}

/** The embedding levels of a block's lines, if it holds right-to-left text (else nothing is reordered), and the paragraph's direction. */
interface BlockLevels {
  readonly direction: Direction;
  readonly lines: readonly Uint8Array[];
}

function blockLevels(block: TextBlock): BlockLevels | undefined {
  const texts = block.lines.map((line) => line.segments.map((segment) => segment.text).join(''));
  if (!texts.some((text) => rightToLeftLetter.test(text))) return undefined;
  // A segment in a column of its own stands for as many left-to-right letters: it keeps its level
  // (the paragraph's) and its place, whatever the words before it are.
  const ordered = block.lines.map((line) => line.segments.map((segment) => (segment.column === true ? 'a'.repeat(segment.text.length) : segment.text)).join(''));
  const direction: Direction = block.direction ?? 'ltr';
  return { direction, lines: lineLevels(ordered, direction) };
}

/** Where each segment of lines `from` to `to` goes, aligned and justified, and reordered where the bidirectional algorithm says. */
function placeSegments(context: DrawContext, block: TextBlock, x: number, y: number, from: number, to: number): PlacedSegment[] {
  const placed: PlacedSegment[] = [];
  const levels = blockLevels(block);
  const mirrored = mirrorEdge(block);
  let top = y;
  for (let index = from; index < to; index += 1) {
    const line = block.lines[index];
    if (!line) continue;
    const { offset, wordSpacing, scale } = alignment(line, block.align, levels?.direction ?? 'ltr');
    const origin = lineLeft(block, x, index, mirrored) + offset;
    const baseline = top + line.baseline;
    const lineLevels = levels?.lines[index];
    const runs = lineLevels ? placeRuns(context, line, lineLevels, { origin, baseline, wordSpacing, scale }) : undefined;
    line.segments.forEach((segment, at) => {
      const run = runs?.get(at);
      placed.push({ segment, x: origin + (segment.x + wordSpacing * segment.spacesBefore) * scale, baselineTop: baseline - ascent(context, segment.style.font) * segment.style.size, wordSpacing, scale, ...(run ? { run } : {}) });
    });
    top += line.height;
  }
  return placed;
}

interface LinePlacement {
  /** Where the line's text starts, aligned. */
  readonly origin: number;
  readonly baseline: number;
  readonly wordSpacing: number;
  readonly scale: number;
}

/**
 * The reordered runs of a line, by the index of each segment they hold. Each range of segments the
 * bidirectional algorithm reorders fills the room left-to-right layout gave it, its pieces in visual
 * order; it is drawn as one run, or as several where a link or a language starts or ends inside it
 * (each of those has its structure element).
 */
function placeRuns(context: DrawContext, line: Line, levels: Uint8Array, placement: LinePlacement): Map<number, PlacedRun> {
  const { segments } = line;
  const texts = segments.map((segment) => segment.text);
  const pieces = visualPieces(texts, levels);
  // Each piece's natural width, the widths of a segment's pieces made to add up to the segment's.
  const natural = pieces.map((piece) => {
    const segment = segments[piece.segment];
    return segment ? context.fonts.width(segment.style.font, segment.text.slice(piece.from, piece.to), segment.style.size) : 0;
  });
  const totals = new Map<number, number>();
  pieces.forEach((piece, index) => totals.set(piece.segment, (totals.get(piece.segment) ?? 0) + (natural[index] ?? 0)));
  const { origin, baseline, wordSpacing, scale } = placement;
  const runs = new Map<number, PlacedRun>();
  for (const range of reorderedRanges(texts, levels)) {
    const first = segments[range.first];
    if (!first) continue;
    let x = origin + (first.x + wordSpacing * first.spacesBefore) * scale;
    const placedPieces: (PlacedPiece & { readonly segment: number })[] = [];
    pieces.forEach((piece, index) => {
      const segment = segments[piece.segment];
      if (!segment || piece.segment < range.first || piece.segment > range.last) return;
      const total = totals.get(piece.segment) ?? 0;
      const text = segment.text.slice(piece.from, piece.to);
      const width = ((total > 0 ? ((natural[index] ?? 0) * segment.width) / total : 0) + wordSpacing * spaceCount(text)) * scale;
      const { style } = segment;
      placedPieces.push({ segment: piece.segment, style, text, x, width, rightToLeft: piece.level % 2 === 1, baselineTop: baseline - ascent(context, style.font) * style.size, wordSpacing, scale });
      x += width;
    });
    let start = range.first;
    for (let at = range.first + 1; at <= range.last + 1; at += 1) {
      const before = segments[at - 1]?.style;
      const after = segments[at]?.style;
      if (at <= range.last && before?.link === after?.link && before?.lang === after?.lang) continue;
      const held = segments.slice(start, at);
      const run: PlacedRun = {
        pieces: placedPieces.filter((piece) => piece.segment >= start && piece.segment < at),
        text: held.map((segment) => actualText(segment) ?? segment.text).join(''),
      };
      for (let segment = start; segment < at; segment += 1) runs.set(segment, run);
      start = at;
    }
  }
  return runs;
}

function spaceCount(text: string): number {
  return text.split(' ').length - 1;
}

/** The stroke of a synthetic bold, as a fraction of the font size (both sides of the outline: each gains half). */
const syntheticBoldStroke = 1 / 30;
/** The slant of a synthetic italic, in degrees (a typical italic's). */
const syntheticSlant = 12;

/** How pdfkit draws a style a fallback font has no face for; the stroke's width and colour are set by the caller. */
function syntheticFace(style: TextStyle): LineOptions {
  const bold = style.synthetic === 'bold' || style.synthetic === 'boldItalic';
  const italic = style.synthetic === 'italic' || style.synthetic === 'boldItalic';
  return { ...(bold ? { fill: true, stroke: true } : {}), ...(italic ? { oblique: syntheticSlant } : {}) };
}

function drawSegment(context: DrawContext, piece: PlacedSegment): void {
  const { style, text } = piece.segment;
  const { doc } = context;
  setFont(context, style.font, style.size, style.colour);
  const face = syntheticFace(style);
  if (face.stroke === true) doc.save().lineWidth(style.size * syntheticBoldStroke).strokeColor(style.colour);
  drawLine(doc, text, piece.x, piece.baselineTop - (style.rise ?? 0), { wordSpacing: piece.wordSpacing, ...horizontalScaling(piece.scale), ...face });
  if (face.stroke === true) doc.restore();
  if (style.underline === true) underline(context, style, piece.x, piece.baselineTop, drawnWidth(piece));
}

function horizontalScaling(scale: number): LineOptions {
  return scale === 1 ? {} : { horizontalScaling: Math.round(scale * 10_000) / 100 };
}

/**
 * Our own underline rather than pdfkit's, which lies on the underscore ("constitution_" ⏎ read as
 * "constitution" in an underlined URL): below the text, as thick as the font says.
 */
function underline(context: DrawContext, style: TextStyle, x: number, baselineTop: number, width: number): void {
  const { offset, thickness } = context.fonts.underline(style.font);
  const y = baselineTop + (ascent(context, style.font) + offset) * style.size;
  context.doc.save().lineWidth(Math.max(0.4, thickness * style.size)).moveTo(x, y).lineTo(x + width, y).stroke(style.colour).restore();
}

/** A reordered run's pieces, left to right. */
function drawRun(context: DrawContext, run: PlacedRun): void {
  for (const piece of run.pieces) drawPiece(context, piece);
}

/**
 * A piece of one embedding level: its words placed from its start (the right edge of a
 * right-to-left piece) onwards, each drawn in the piece's direction, and drawn left to right.
 */
function drawPiece(context: DrawContext, piece: PlacedPiece): void {
  const { style } = piece;
  const { doc, fonts } = context;
  setFont(context, style.font, style.size, style.colour);
  const face = syntheticFace(style);
  if (face.stroke === true) doc.save().lineWidth(style.size * syntheticBoldStroke).strokeColor(style.colour);
  const space = (fonts.width(style.font, ' ', style.size) + piece.wordSpacing) * piece.scale;
  const words: { word: string; x: number }[] = [];
  let edge = piece.rightToLeft ? piece.x + piece.width : piece.x;
  for (const [index, word] of piece.text.split(' ').entries()) {
    if (index > 0) edge += piece.rightToLeft ? -space : space;
    if (word === '') continue;
    const width = fonts.width(style.font, word, style.size) * piece.scale;
    if (piece.rightToLeft) edge -= width;
    words.push({ word, x: edge });
    if (!piece.rightToLeft) edge += width;
  }
  if (piece.rightToLeft) words.reverse();
  const options = { ...horizontalScaling(piece.scale), ...face };
  const y = piece.baselineTop - (style.rise ?? 0);
  for (const { word, x } of words) {
    // fontkit lays a word out in its script's direction: right in the piece's, or else (Arabic-Indic
    // digits read left to right, neutral characters between right-to-left words) character by character.
    if (shapedRightToLeft(word) === piece.rightToLeft) {
      drawLine(doc, word, x, y, options);
      continue;
    }
    const characters = Array.from(graphemes.segment(word), ({ segment }) => segment);
    if (piece.rightToLeft) characters.reverse();
    let at = x;
    for (const character of characters) {
      drawLine(doc, piece.rightToLeft ? mirrored(character) : character, at, y, options);
      at += fonts.width(style.font, character, style.size) * piece.scale;
    }
  }
  if (face.stroke === true) doc.restore();
  if (style.underline === true) underline(context, style, piece.x, piece.baselineTop, piece.width);
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Lines drawn without structure (inside an artifact): a repeated table header. */
function drawPlain(context: DrawContext, block: TextBlock, x: number, y: number): void {
  let drawn: PlacedRun | undefined;
  for (const piece of placeSegments(context, block, x, y, 0, block.lines.length)) {
    if (!piece.run) drawSegment(context, piece);
    else if (piece.run !== drawn) drawRun(context, piece.run);
    drawn = piece.run;
  }
}

/** Lines of a block, each segment inside its structure element (or its link's). */
function drawLines(context: DrawContext, element: StructElement, links: Map<LinkTarget, StructElement>, block: TextBlock, x: number, y: number, from: number, to: number): void {
  const { doc } = context;
  const placed = placeSegments(context, block, x, y, from, to);
  // Consecutive segments with the same link (or none) are drawn as one piece of marked content. A
  // hyphen at a line break is a Span with an actual text (see actualText), so that extracted and
  // spoken text have the unbroken word; a link's element carries its text unbroken in the same way,
  // and characters that no font has carry themselves.
  let index = 0;
  while (index < placed.length) {
    const first = placed[index];
    const link = first?.segment.style.link;
    const lang = first?.segment.style.lang;
    // A hyphen at a break, or characters no font has, get an element of their own with their actual
    // text; so does a reordered run, in reading order.
    const run = first?.run;
    const actual = run ? run.text : actualText(first?.segment);
    let end = index + 1;
    if (run) {
      while (end < placed.length && placed[end]?.run === run) end += 1;
    } else if (actual === undefined) {
      while (end < placed.length && placed[end]?.run === undefined && placed[end]?.segment.style.link === link && placed[end]?.segment.style.lang === lang && actualText(placed[end]?.segment) === undefined) end += 1;
    }
    const group = placed.slice(index, end);
    let linkElement = link ? links.get(link) : undefined;
    if (link && !linkElement) {
      linkElement = doc.struct(pdfTags.link, { actual: link.text });
      // A footnote's call is a Reference (to its Note) holding the link.
      if (first?.segment.style.note === undefined) element.add(linkElement);
      else {
        const reference = doc.struct(pdfTags.reference);
        element.add(reference);
        reference.add(linkElement);
      }
      links.set(link, linkElement);
    }
    let target = linkElement ?? element;
    // Words in another language: a Span with its /Lang (one per piece of a line, each marked).
    if (lang !== undefined) {
      const span = doc.struct(pdfTags.span, { lang, ...(actual === undefined ? {} : { actual }) });
      target.add(span);
      target = span;
    } else if (actual !== undefined) {
      const span = doc.struct(pdfTags.span, { actual });
      target.add(span);
      target = span;
    }
    target.add(() => {
      if (run) {
        drawRun(context, run);
        // A link's annotation over each of its pieces but the spaces between them.
        const style = first?.segment.style;
        if (style?.link) for (const piece of run.pieces.filter((placed) => placed.text.trim() !== '')) addLinkAnnotation(doc, { x: piece.x, y: piece.baselineTop - (style.rise ?? 0), width: piece.width, height: doc.currentLineHeight() }, style.link.kind === 'uri' ? { uri: style.link.uri } : { destination: style.link.name }, linkElement ?? target, style.link.text);
        return;
      }
      for (const piece of group) {
        const { style } = piece.segment;
        drawSegment(context, piece);
        if (style.link) {
          const area = { x: piece.x, y: piece.baselineTop - (style.rise ?? 0), width: drawnWidth(piece), height: doc.currentLineHeight() };
          // The annotation belongs to the Link element, also when the text is a Span inside it.
          addLinkAnnotation(doc, area, style.link.kind === 'uri' ? { uri: style.link.uri } : { destination: style.link.name }, linkElement ?? target, style.link.text);
        }
      }
    });
    if (actual !== undefined || lang !== undefined) target.end();
    index = end;
  }
}

/**
 * The text that extraction and speech read instead of a segment's glyphs: a soft hyphen for a hyphen
 * drawn at a break (the word is whole), a compound's own hyphen followed by a soft hyphen when it ends
 * a line (kept, and the lines joined: "Vice-Ministers"), characters no font has as themselves, and
 * right-to-left text in reading order.
 */
function actualText(segment: Segment | undefined): string | undefined {
  if (segment?.breakHyphen) return '\u00AD';
  if (segment?.compoundHyphen || segment?.urlBreak) return `${segment.text}\u00AD`;
  // Right-to-left words, and words of scripts whose shaping reorders glyphs, are drawn in visual order; readers get them in reading order.
  if (segment && segment.style.actual === undefined && (rightToLeftLetter.test(segment.text) || reorderingLetter.test(segment.text))) return segment.text;
  return segment?.style.actual;
}


function countSpaces(text: string): number {
  return text.trim().split(' ').length - 1;
}

/** A segment's width as drawn: its spaces justified, its glyphs scaled. */
function drawnWidth(piece: PlacedSegment): number {
  return (piece.segment.width + piece.wordSpacing * countSpaces(piece.segment.text)) * piece.scale;
}

/** A right-to-left paragraph's lines start at the right: ragged ones, and a justified paragraph's last. */
function alignment(line: Line, align: TextBlock['align'], direction: Direction): { offset: number; wordSpacing: number; scale: number } {
  if (align === 'right' || (align === 'left' && direction === 'rtl')) return { offset: line.maxWidth - line.width, wordSpacing: 0, scale: 1 };
  if (align === 'justify') {
    // Negative where the line breaker shrank the spaces (total fit lets them shrink a little).
    const justified = justification(line);
    const filled = direction === 'ltr' || (line.stretch && line.spaces > 0);
    return { offset: filled ? 0 : line.maxWidth - line.width * justified.scale, ...justified };
  }
  return { offset: 0, wordSpacing: 0, scale: 1 };
}

function ascent(context: DrawContext, font: Parameters<FontSet['metrics']>[0]): number {
  return context.fonts.metrics(font).ascent;
}

function setFont(context: DrawContext, font: string, size: number, colour: string): void {
  context.doc.font(font).fontSize(size).fillColor(colour);
}

function drawDecorations(context: DrawContext, decorations: readonly Decoration[], left: number, top: number): void {
  if (decorations.length === 0) return;
  const { doc } = context;
  artifact(doc, () => {
    for (const decoration of decorations) {
      if (decoration.kind === 'rect') doc.rect(left + decoration.x, top + decoration.y, decoration.width, decoration.height).fill(decoration.colour);
      else doc.lineWidth(decoration.thickness).moveTo(left + decoration.x, top + decoration.y).lineTo(left + decoration.x + decoration.width, top + decoration.y).stroke(decoration.colour);
    }
  });
}

/** Draws outside the structure tree, as a layout or pagination artifact. */
export function artifact(doc: PdfDocument, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}
