/**
 * The PDF edition's handlers: one per kind of the document model, turning it into measured blocks
 * (`blocks.ts`) tagged with the PDF vocabulary's structure types. What is set, and every anchor and
 * outline entry, is the model's; these handlers only lay it out (styles.ts says how each part
 * looks). Nothing here draws: pagination and drawing come after, once every block's height is known.
 */
import { handleModel, type ModelHandlers } from '../../document/handlers.js';
import type { Chart, DataTable, Heading, ModelNode, Prompt, Rubric, Score } from '../../document/model.js';
import { layOutChart, type ChartTextLine } from '../chart-layout.js';
import type { BlockContent, DefinitionContent, List, PhrasingContent } from 'mdast';
import { noteAnchor, pdfDestination } from '../../vocabulary/anchors.js';
import { plainText } from '../../document/plain-text.js';
import { pdfHeadings, pdfSections, pdfTags } from '../../vocabulary/pdf.js';
import { linesHeight, tableRow, type Block, type FigureBlock, type FigureRow, type GroupBlock, type LinePart, type Marker, type TableCell, type TextBlock } from './blocks.js';
import { contentsBlocks } from './contents.js';
import { blocksOf, runsOf } from './content.js';
import { fontKey } from './fonts.js';
import type { InlineRun, TextStyle } from './inline.js';
import { titleCaseHyphenator } from './hyphenate.js';
import { breakLines, type Line } from './line-break.js';
import { headingLook, rankLook, textStyle } from './styles.js';
import { coverRuns, fittedToWords, run, textBlock, withTextDirection, type PdfState } from './text.js';

function one(state: PdfState, node: ModelNode): Block[] {
  return handleModel(pdfModel, state, node);
}

function all(state: PdfState, nodes: readonly ModelNode[]): Block[] {
  return nodes.flatMap((node) => one(state, node));
}

function only<Kind extends Block['kind']>(blocks: readonly Block[], kind: Kind): Extract<Block, { kind: Kind }> | undefined {
  return blocks.find((block): block is Extract<Block, { kind: Kind }> => block.kind === kind);
}

/** The width of the score beside a question's title: room for "10 / 10" and its label. */
function scoreColumn(state: PdfState, score: Score): number {
  const { fonts, theme } = state.context;
  return Math.max(fonts.width(fontKey('heading', 'bold'), '10 / 10', theme.sizes.score), fonts.width(fontKey('heading', 'regular'), score.label, theme.sizes.small)) + 4;
}

/** A rubric's cell of header text. */
function headerCell(state: PdfState, text: string, width: number, padding: number, scope: 'Column' | 'Row'): TableCell {
  const lines = breakLines(coverRuns(state, [run(text, tableHeadStyle(state))]), { fonts: state.context.fonts, lineHeight: 1.35, firstWidth: width - 2 * padding, restWidth: width - 2 * padding });
  return { tag: pdfTags.headerCell, scope, lines };
}

function tableHeadStyle(state: PdfState): TextStyle {
  return textStyle(state.context.theme, 'heading', { bold: true, size: state.context.theme.sizes.small });
}

function rubricBlock(state: PdfState, node: Rubric): Block {
  const { theme, fonts, contentWidth } = state.context;
  const padding = 5;
  const tableHead = tableHeadStyle(state);
  const small = textStyle(theme, 'body', { size: theme.sizes.small });
  const scoresWidth = Math.max(...[node.columns.scores, ...node.rows.map((row) => row.scores)].map((text) => fonts.width(tableHead.font, text, tableHead.size))) + 2 * padding + 4;
  const columns = [scoresWidth, contentWidth - state.indent - scoresWidth] as const;
  const header = tableRow([headerCell(state, node.columns.scores, columns[0], padding, 'Column'), headerCell(state, node.columns.description, columns[1], padding, 'Column')], false, padding);
  const rows = node.rows.map((row) => {
    const inRow: PdfState = { ...state, source: row.source, style: small };
    // The selected band's note: marked in words as well as colour, for readers who can't see the highlight.
    const note: InlineRun[] = row.note === undefined ? [] : [{ kind: 'lineBreak', style: small }, run(row.note, tableHead)];
    const description = textBlock(inRow, [...runsOf(inRow, row.children), ...note], { tag: pdfTags.cell, lineHeight: 1.35, width: columns[1] - 2 * padding });
    return tableRow([headerCell(inRow, row.scores, scoresWidth, padding, 'Row'), { tag: pdfTags.cell, lines: description.lines }], row.selected, padding);
  });
  const captionStyle = textStyle(theme, 'heading', { bold: true, size: theme.sizes.small, colour: theme.colours.muted });
  const caption = textBlock(state, [run(node.caption, captionStyle)], { tag: pdfTags.caption, lineHeight: 1.6, spaceAfter: 0 });
  return { kind: 'table', caption, header, rows, columns, padding, spaceBefore: theme.spacing.block, spaceAfter: theme.spacing.block };
}

/**
 * A table of data: numeric columns as wide as their widest cell, set to the right; the first column
 * takes the rest. Kept on one page where it fits, its header row repeated where it does not.
 */
function dataTableBlock(state: PdfState, node: DataTable): Block {
  const { theme, fonts, contentWidth } = state.context;
  const padding = 4;
  const head = tableHeadStyle(state);
  const small = textStyle(theme, 'body', { size: theme.sizes.small });
  /** The widest word of these texts set in `style`. */
  const longestWord = (texts: readonly string[], style: TextStyle): number => Math.max(0, ...texts.flatMap((text) => text.split(/\s+/u)).map((word) => fonts.width(style.font, word, style.size)));
  // A numeric column is as wide as its widest number, or its head's longest word (a long head wraps
  // between words, never inside one: "Coordinati-on" was sent back), as long as each column of words
  // keeps its own longest word; where they cannot all fit, they narrow alike and a head's word is hyphenated.
  const widest = (column: number): number => Math.max(longestWord([node.columns[column] ?? ''], head), ...node.rows.map((row) => fonts.width(small.font, row[column] ?? '', small.size)));
  // A column of single tokens (the reports' file paths) is as wide as its widest, up to half the width:
  // broken inside, a path would read with a hyphen it does not have.
  // They yield, if they must, to the longest word of each column of words: a country's name is never hyphenated.
  const tokens = (column: number): boolean => column > 0 && !node.numeric[column] && node.rows.every((row) => !/\s/u.test(row[column] ?? ''));
  // A token that must break all the same (its column narrowed) breaks as a URL does: before a full
  // stop, a hyphen or a slash, never inside a word and never with a hyphen added.
  const asToken: TextStyle = { ...small, url: true };
  const available = contentWidth - state.indent;
  const natural = node.columns.map((_name, column) => (tokens(column) ? widest(column) + 2 * padding + 2 : 0));
  // A column of words (the first, naming the rows, and any other neither of numbers nor of tokens)
  // keeps its longest word: of its head, set in the head's bold, or of a cell.
  const ofWords = (column: number): boolean => column === 0 || (!node.numeric[column] && !tokens(column));
  const wordsWanted = node.columns.map((name, column) => (ofWords(column) ? Math.max(longestWord([name], head), longestWord(node.rows.map((row) => row[column] ?? ''), small)) + 2 * padding + 2 : 0));
  const wordsSum = wordsWanted.reduce((sum, width) => sum + width, 0);
  const numbersWanted = node.columns.map((_name, column) => (column > 0 && node.numeric[column] ? Math.max(36, widest(column) + 2 * padding + 2) : 0));
  const numbersSum = numbersWanted.reduce((sum, width) => sum + width, 0);
  const numbersScale = numbersSum > 0 ? Math.min(1, Math.max(0, available - wordsSum) / numbersSum) : 1;
  const numbers = numbersWanted.map((width) => width * numbersScale);
  const naturalSum = natural.reduce((sum, width) => sum + width, 0);
  const room = available - numbers.reduce((sum, width) => sum + width, 0) - wordsSum;
  const shrink = naturalSum > 0 ? Math.min(1, Math.max(0, room) / naturalSum) : 1;
  const fixed = node.columns.map((_name, column) => (numbers[column] ?? 0) || (natural[column] ?? 0) * shrink);
  const rest = contentWidth - state.indent - fixed.reduce((sum, width) => sum + width, 0);
  const free = fixed.filter((width) => width === 0).length;
  // The columns of words share the rest: each its longest word, what is left alike (short of room, in proportion).
  const extra = (rest - wordsSum) / Math.max(1, free);
  const columns = fixed.map((width, column) => (width !== 0 ? width : extra >= 0 ? (wordsWanted[column] ?? 0) + extra : (rest * (wordsWanted[column] ?? 0)) / Math.max(1, wordsSum)));
  const headHyphenator = titleCaseHyphenator(state.context.hyphenate);
  const cellLines = (text: string, style: TextStyle, width: number, hyphenate = false) =>
    breakLines(coverRuns(state, [run(text, style)]), { fonts, lineHeight: 1.3, firstWidth: width - 2 * padding, restWidth: width - 2 * padding, ...(hyphenate ? { hyphenate: headHyphenator } : {}) });
  const aligned = (column: number) => (column > 0 && node.numeric[column] ? { align: 'right' as const } : {});
  const header = tableRow(
    node.columns.map((name, column): TableCell => ({ tag: pdfTags.headerCell, scope: 'Column', lines: cellLines(name, head, columns[column] ?? 0, numbersScale < 1), ...aligned(column) })),
    false,
    padding,
  );
  // Each row's first cell names the row (a country): a row header.
  const rows = node.rows.map((row) =>
    tableRow(
      row.map((text, column): TableCell => ({ tag: column === 0 ? pdfTags.headerCell : pdfTags.cell, ...(column === 0 ? { scope: 'Row' as const } : {}), lines: cellLines(text, tokens(column) ? asToken : small, columns[column] ?? 0), ...aligned(column) })),
      false,
      padding,
    ),
  );
  const captionStyle = textStyle(theme, 'heading', { bold: true, size: theme.sizes.small, colour: theme.colours.muted });
  const caption = textBlock(state, [run(node.caption, captionStyle)], { tag: pdfTags.caption, lineHeight: 1.6, spaceAfter: 0 });
  return { kind: 'table', caption, header, rows, columns, padding, spaceBefore: theme.spacing.block, spaceAfter: theme.spacing.block };
}

/**
 * A chart: its caption, then the figure — each bar's label, its track and bar, its value — laid out
 * as the SVG of the other editions is (chart-layout.ts), measured with the PDF's fonts.
 */
function chartBlock(state: PdfState, node: Chart): FigureBlock {
  const { theme, fonts, contentWidth } = state.context;
  const { colours, sizes } = theme;
  const label = textStyle(theme, 'heading', { size: sizes.small, colour: colours.text });
  const value = textStyle(theme, 'heading', { bold: true, size: sizes.small, colour: colours.text });
  // Each text set once: the layout measures a label's candidate lines, and the same lines are then placed.
  const lines = new Map<string, TextBlock>();
  const line = (text: string, style: TextStyle): TextBlock => {
    const key = `${style === value ? 'b' : 'r'}${text}`;
    // As wide as its words: the layout places it (a right-to-left label would start 100,000 points to the right).
    const made = lines.get(key) ?? fittedToWords(textBlock(state, [run(text, style)], { tag: pdfTags.span, lineHeight: 1.2, spaceAfter: 0, width: 100_000 }));
    lines.set(key, made);
    return made;
  };
  const measure = (text: string, bold: boolean): number => line(text, bold ? value : label).lines[0]?.width ?? fonts.width((bold ? value : label).font, text, sizes.small);
  const layout = layOutChart(node, { width: contentWidth - state.indent, fontSize: sizes.small, barHeight: sizes.small * 0.9, measure });
  const placed = (text: ChartTextLine, style: TextStyle, top: number): { block: TextBlock; x: number; y: number } => {
    const block = line(text.text, style);
    const first = block.lines[0];
    const width = first?.width ?? 0;
    // The block sets its lines at the state's indent already.
    return { block, x: text.align === 'end' ? text.x - width : text.x, y: text.baseline - top - (first?.baseline ?? 0) };
  };
  const rows = layout.rows.map((row): FigureRow => ({
    height: row.height,
    rects: [
      { x: state.indent + row.track.x, y: row.track.y - row.top, width: row.track.width, height: row.track.height, fill: colours.surface, stroke: colours.rule },
      { x: state.indent + row.bar.x, y: row.bar.y - row.top, width: row.bar.width, height: row.bar.height, fill: colours.accent },
    ],
    texts: [...row.label.map((text) => placed(text, label, row.top)), placed(row.value, value, row.top)],
  }));
  const captionStyle = textStyle(theme, 'heading', { bold: true, size: sizes.small, colour: colours.muted });
  const caption = textBlock(state, [run(node.caption, captionStyle)], { tag: pdfTags.caption, lineHeight: 1.6, spaceAfter: 0 });
  const first = layout.rows[0];
  const second = layout.rows[1];
  return { kind: 'figure', tag: pdfTags.figure, alt: node.description, caption, rows, rowGap: first && second ? second.top - first.top - first.height : 0, spaceBefore: theme.spacing.block, spaceAfter: theme.spacing.block };
}

/**
 * The question's head: the title with the score beside it, the question asked below, under a rule
 * where it opens the question; never split.
 */
function questionHead(state: PdfState, parts: readonly (Heading | Score | Prompt)[], opens: boolean): GroupBlock {
  const { theme, contentWidth } = state.context;
  const score = parts.find((part): part is Score => part.kind === 'score');
  const column = score ? scoreColumn(state, score) : 0;
  const made = (kind: (typeof parts)[number]['kind'], beside = 0): TextBlock | undefined => {
    const part = parts.find((candidate) => candidate.kind === kind);
    return part && only(one({ ...state, beside }, part), 'text');
  };
  const title = made('heading', score ? column + 12 : 0);
  const scoreBlock = made('score');
  const prompt = made('prompt');
  const items: { block: TextBlock; x: number; y: number }[] = [];
  const top = opens ? 8 : 0;
  let below = top;
  if (title) {
    items.push({ block: title, x: 0, y: top });
    below = Math.max(below, top + linesHeight(title.lines));
  }
  if (scoreBlock) {
    items.push({ block: scoreBlock, x: contentWidth - column - state.indent, y: top });
    below = Math.max(below, top + linesHeight(scoreBlock.lines));
  }
  if (prompt) {
    const gap = below > top ? 6 : 0;
    items.push({ block: prompt, x: 0, y: below + gap });
    below += gap + linesHeight(prompt.lines);
  }
  return {
    kind: 'group',
    items,
    decorations: opens ? [{ kind: 'rule', x: state.indent, y: 0, width: contentWidth - state.indent, thickness: 1.5, colour: theme.colours.accent }] : [],
    height: below,
    spaceBefore: opens ? theme.spacing.section : theme.spacing.block,
    // Text right under a head (in an order where the rubric does not follow it) stands a paragraph's space below.
    spaceAfter: theme.spacing.paragraph,
    keepWithNext: true,
  };
}

/** The space between a chapter's title block and its imprint on the title page. */
const imprintGap = 96;

/** A footnote's text starts this far in, its number before it. */
const noteIndent = 12;

/** The rule over a page's notes: its length, and the space it takes (the rule lies this far above the notes). */
const noteSeparator = { width: 72, height: 12, below: 5 } as const;

/** A note's block as phrasing: a paragraph's own, any other block's words as text (a list's items are parts of their own: noteParts). */
function notePhrasing(block: BlockContent | DefinitionContent): readonly PhrasingContent[] {
  return block.type === 'paragraph' ? block.children : [{ type: 'text', value: plainText(block) }];
}

/** A list item inside a note stands this much further in than its list, its bullet or number before it. */
const noteListIndent = 10;

/** A piece of a note set as a paragraph of its own: a paragraph, or a list item's paragraph (further in, the first with its marker). */
interface NotePart {
  readonly block: BlockContent | DefinitionContent;
  readonly indent: number;
  readonly marker?: Marker;
}

/** A note's blocks as parts, list items (of lists at any depth) each with its bullet or number as the main text's lists have. */
function noteParts(blocks: readonly (BlockContent | DefinitionContent)[], indent: number, markerOf: (list: List, index: number) => Marker): NotePart[] {
  return blocks.flatMap((block): NotePart[] => {
    if (block.type !== 'list') return [{ block, indent }];
    return block.children.flatMap((item, index) => {
      const parts = noteParts(item.children, indent + noteListIndent, markerOf);
      // The item's first part carries its marker, unless it is a nested list's item (which has its own).
      return parts.map((part, at) => (at === 0 && !part.marker ? { ...part, marker: markerOf(block, index) } : part));
    });
  });
}

/**
 * A book's imprint on a page of its own, as a copyright page has it: at the foot of the page, under
 * no running head or page number; the pages after it under the book's running head again.
 */
function imprintPage(state: PdfState, imprint: readonly Block[], runningHead: string): Block[] {
  const height = imprint.reduce((sum, block) => sum + (block.kind === 'text' ? linesHeight(block.lines) + block.spaceBefore + block.spaceAfter : block.kind === 'group' ? block.height + block.spaceBefore + block.spaceAfter : 0), 0);
  // A line's height to spare, so that rounding never pushes the imprint's last line over the page.
  const room = (state.context.contentHeight ?? 0) - height - state.context.theme.sizes.body * 2;
  return [{ kind: 'runningHead', text: '' }, ...(room > 0 ? [{ kind: 'gap', height: room } as const] : []), ...imprint, { kind: 'pageBreak' }, { kind: 'runningHead', text: runningHead }];
}

/** The handlers of the model's kinds. */
export const pdfModel: ModelHandlers<PdfState, Block[]> = {
  document(state, node) {
    // Each part of the front matter on pages of its own, then the chapters, then a book's other parts.
    const front = node.front.flatMap((part): Block[] => (part.kind === 'imprint' ? imprintPage(state, one(state, part), node.furniture.runningHead) : [...one(state, part), { kind: 'pageBreak' }]));
    return [...front, ...all(state, node.chapters), ...all(state, node.parts ?? [])];
  },
  part(state, node) {
    // Like a book's chapter: on a new page, under its own running head.
    return [{ kind: 'pageBreak' }, { kind: 'runningHead', text: node.runningHead }, { kind: 'open', tag: pdfTags.part }, ...one(state, node.heading), ...all(state, node.children), { kind: 'close' }];
  },
  table(state, node) {
    return [dataTableBlock(state, node)];
  },
  titlePage(state, node) {
    const { theme } = state.context;
    const { colours, sizes, spacing } = theme;
    return [
      { kind: 'open', tag: pdfTags.part },
      { kind: 'gap', height: 140 },
      { kind: 'group', items: [], decorations: [{ kind: 'rect', x: 0, y: 0, width: 56, height: 5, colour: colours.accent }], height: 18, spaceBefore: 0, spaceAfter: 0, keepWithNext: true },
      textBlock(state, [run(node.edition, textStyle(theme, 'heading', { size: sizes.heading3, colour: colours.muted }))], { tag: pdfTags.paragraph, spaceAfter: spacing.block }),
      // Set as a title whatever its role: a book's chapter opens on the title page its own document has.
      ...one(state, node.title.role === 'title' ? node.title : { ...node.title, role: 'title' }),
      ...(node.subtitle ? [textBlock(state, [run(node.subtitle.text, textStyle(theme, 'heading', { size: sizes.heading2, colour: colours.muted }))], { tag: pdfTags.paragraph, spaceAfter: spacing.block })] : []),
      ...(node.rank ? one(state, node.rank) : []),
      textBlock(state, [run(node.imprint, textStyle(theme, 'heading', { colour: colours.muted }))], { tag: pdfTags.paragraph }),
      // The publication's details well below the title block, as an offprint's title page has them.
      ...(node.details ? [{ kind: 'gap', height: imprintGap } as const, ...one(state, node.details)] : []),
      { kind: 'close' },
    ];
  },
  imprint(state, node) {
    const { theme } = state.context;
    const rule: GroupBlock = { kind: 'group', items: [], decorations: [{ kind: 'rule', x: 0, y: 0, width: state.context.contentWidth - state.indent, thickness: 0.5, colour: theme.colours.rule }], height: theme.spacing.paragraph, spaceBefore: 0, spaceAfter: 0, keepWithNext: true };
    return [{ kind: 'open', tag: pdfTags.part }, rule, ...all(state, node.lines), { kind: 'close' }];
  },
  imprintLine(state, node) {
    const { theme } = state.context;
    const value = textStyle(theme, 'body', { size: theme.sizes.small });
    const label = run(node.label, textStyle(theme, 'heading', { bold: true, size: theme.sizes.small, colour: theme.colours.muted }));
    const inLine: PdfState = { ...state, style: value };
    // The citation, a paragraph of its own under its label; every other value after its label.
    const citation = node.field === 'citation';
    const runs: InlineRun[] = [label, citation ? { kind: 'lineBreak', style: value } : run(' ', value), ...runsOf(inLine, node.children)];
    return [textBlock(inLine, runs, { tag: pdfTags.paragraph, lineHeight: 1.35, spaceBefore: citation ? theme.spacing.paragraph : 0, spaceAfter: 2 })];
  },
  contents(state, node) {
    // Its page numbers are known once the chapters are paginated: made then (render.ts).
    return [{ kind: 'contents', make: (pageOf) => contentsBlocks(state, node, one(state, node.heading), pageOf) }];
  },
  chapter(state, node) {
    // A book's chapter opens on its title page, as its own document does (no running head or page number there), then its pages under its own running head.
    const opening: Block[] = node.opening ? [{ kind: 'pageBreak' }, { kind: 'runningHead', text: '' }, ...one(state, node.opening.titlePage), { kind: 'pageBreak' }, { kind: 'runningHead', text: node.opening.runningHead }] : [];
    // In a book, the chapter's notes are named by it as its anchors are (the notes heading's anchor says by what).
    const chapter = node.notes?.heading.anchor?.chapter;
    const inChapter: PdfState = chapter === undefined ? state : { ...state, chapter };
    // The notes first: the paginator sets each at the foot of the page where it is first called.
    return [...opening, ...(node.notes ? one(inChapter, node.notes) : []), ...all(inChapter, node.children)];
  },
  notes(state, node) {
    const { theme } = state.context;
    const notes = new Map<number, TextBlock>();
    for (const note of node.children) {
      const block = only(one(state, note), 'text');
      if (block) notes.set(note.number, block);
    }
    const separator: GroupBlock = {
      kind: 'group',
      items: [],
      decorations: [{ kind: 'rule', x: 0, y: noteSeparator.height - noteSeparator.below, width: noteSeparator.width, thickness: 0.5, colour: theme.colours.rule }],
      height: noteSeparator.height,
      spaceBefore: 0,
      spaceAfter: 0,
      keepWithNext: false,
    };
    return [{ kind: 'notes', notes, separator }];
  },
  note(state, node) {
    const { theme } = state.context;
    const style = textStyle(theme, 'body', { size: theme.sizes.small });
    const inNote: PdfState = { ...state, style, indent: state.indent + noteIndent };
    const options = { tag: pdfTags.note, lineHeight: 1.3, spaceAfter: 0, anchor: { destination: noteAnchor(node.number, state.chapter) } };
    const marker = { text: String(node.number), font: style.font, size: style.size, colour: theme.colours.muted, right: -4 };
    // A note is one block of text at the foot of the page (the paginator splits it between lines):
    // each paragraph and list item set as a paragraph of its own, a list item further in with its marker.
    const itemMarker = (list: List, index: number): Marker => ({ text: list.ordered ? `${(list.start ?? 1) + index}.` : '•', font: style.font, size: style.size, colour: theme.colours.text, right: -3 });
    const lines: Line[] = [];
    const lineParts: LinePart[] = [];
    for (const part of noteParts(node.children, 0, itemMarker)) {
      lineParts.push({ from: lines.length, indent: part.indent, ...(part.marker ? { marker: part.marker } : {}) });
      lines.push(...textBlock({ ...inNote, indent: inNote.indent + part.indent }, runsOf(inNote, notePhrasing(part.block)), options).lines);
    }
    const indented = lineParts.some((part) => part.indent > 0);
    return [withTextDirection({ ...textBlock(inNote, [], options), lines, marker, ...(indented ? { lineParts } : {}) })];
  },
  section(state, node) {
    const tag = pdfSections[node.role];
    const [heading, ...rest] = one(state, node.heading);
    // A heading with a rank under it sits close to it.
    const headingBlock = node.rank && heading?.kind === 'text' ? { ...heading, spaceAfter: 2 } : heading;
    const content = [...(headingBlock ? [headingBlock] : []), ...rest, ...(node.rank ? one(state, node.rank) : []), ...all(state, node.children)];
    return tag ? [{ kind: 'open', tag }, ...content, { kind: 'close' }] : content;
  },
  heading(state, node) {
    const look = headingLook(state.context.theme, node.role);
    const inHeading: PdfState = { ...state, style: look.style, source: node.source ?? state.source };
    const runs = runsOf(inHeading, node.children).map((piece) => (node.origin && piece.kind === 'text' ? { ...piece, origin: node.origin } : piece));
    const anchor = node.anchor && { destination: pdfDestination(node.anchor), ...(node.outline ? { outline: { title: node.text, level: node.outline } } : {}) };
    return [
      textBlock(inHeading, runs, {
        tag: pdfHeadings[node.role],
        lineHeight: look.lineHeight,
        spaceBefore: look.spaceBefore,
        spaceAfter: look.spaceAfter,
        keepWithNext: look.keepWithNext,
        ...(state.beside > 0 ? { width: state.context.contentWidth - state.indent - state.beside } : {}),
        ...(anchor ? { anchor } : {}),
      }),
    ];
  },
  rank(state, node) {
    const look = rankLook(state.context.theme, node.scope);
    return [textBlock(state, [run(node.text, look.style)], { tag: pdfTags.paragraph, spaceAfter: look.spaceAfter, keepWithNext: look.keepWithNext })];
  },
  question(state, node) {
    return [{ kind: 'open', tag: pdfTags.part }, ...all(state, node.children), { kind: 'close' }];
  },
  questionHead(state, node) {
    return [questionHead(state, node.children, node.opens)];
  },
  score(state, node) {
    const { theme } = state.context;
    const label = textStyle(theme, 'heading', { size: theme.sizes.small, colour: theme.colours.muted });
    const value = textStyle(theme, 'heading', { bold: true, size: theme.sizes.score, colour: theme.colours.accent });
    return [textBlock(state, [run(node.label, label), { kind: 'lineBreak', style: label }, run(node.value, value)], { tag: pdfTags.paragraph, align: 'right', lineHeight: 1.1, width: scoreColumn(state, node), spaceAfter: 0 })];
  },
  prompt(state, node) {
    const { theme } = state.context;
    const inPrompt: PdfState = { ...state, source: node.source, style: textStyle(theme, 'body', { italic: true }) };
    const label = run(node.label, textStyle(theme, 'heading', { bold: true, size: theme.sizes.small, colour: theme.colours.muted }));
    return [textBlock(inPrompt, [label, ...runsOf(inPrompt, node.children)], { tag: pdfTags.paragraph, spaceAfter: 0 })];
  },
  rubric(state, node) {
    // Each row's text is checked as coming from its band in the codebook.
    return [rubricBlock(state, node)];
  },
  chart(state, node) {
    return [chartBlock(state, node)];
  },
  prose(state, node) {
    return blocksOf(state, node.children);
  },
  bibliography(state, node) {
    const { theme } = state.context;
    const inEntry: PdfState = { ...state, style: textStyle(theme, 'body', { size: theme.sizes.small }) };
    const entries = node.entries.flatMap((entry): Block[] => [
      { kind: 'open', tag: pdfTags.listItem },
      { kind: 'open', tag: pdfTags.listBody },
      // An entry of the reference list is a named destination: the chapter's citations of the work go there.
      textBlock(inEntry, runsOf(inEntry, entry.children), { tag: pdfTags.bibliographyEntry, lineHeight: 1.35, hanging: 14, spaceAfter: 3, ...(entry.anchor ? { anchor: { destination: pdfDestination(entry.anchor) } } : {}) }),
      { kind: 'close' },
      { kind: 'close' },
    ]);
    // A bibliography is a list without visible markers: entries with hanging indents.
    return [{ kind: 'open', tag: pdfTags.list, listNumbering: 'None' }, ...entries, { kind: 'close' }];
  },
};
