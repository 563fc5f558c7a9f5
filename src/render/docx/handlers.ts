/**
 * The DOCX edition's handlers: one per node type of the report tree, turning it into docx's
 * paragraphs, tables and runs. The words and their order are the HTML edition's, from the shared
 * wording; the look is the styles' (styles.ts). Every handler takes the state explicitly: the
 * chapter's context, the run formatting in force (emphasis, strong, code) and where paragraphs go
 * (their style, the list they are in).
 */
import {
  Bookmark,
  BorderStyle,
  ExternalHyperlink,
  LevelFormat,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type IRunOptions,
  type NumberingDefinition,
  type ParagraphChild,
} from 'docx';
import type { Nodes, Parents } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Theme } from '../../theme/theme.js';
import type { BibliographyEntry } from '../../tree/types.js';
import { unrenderable, unrenderedHandlers, type HandlerTable, type RenderProblem } from '../handlers.js';
import { bandScores, categoryRank, chapterTitle, questionLabel, scoreValue, selectedBandNote, subcategoryRank } from '../../theme/wording.js';
import { BookmarkPrefix, bookmarkName } from '../../vocabulary/anchors.js';
const fixedBookmarks = { keyFindings: 'key_findings', references: 'references' } as const;
import { contentsBlocks, type ContentsEntry } from './contents.js';
import { StyleId } from '../../vocabulary/docx.js';
import { eighthPoints, hex, twips } from './units.js';

/** What a handler gives back: blocks (paragraphs, tables), runs inside a paragraph, or table rows. */
export type DocxResult =
  | { readonly kind: 'blocks'; readonly items: readonly FileChild[] }
  | { readonly kind: 'runs'; readonly items: readonly ParagraphChild[] }
  | { readonly kind: 'rows'; readonly items: readonly TableRow[] };

/** One chapter's rendering: the theme, where problems go, and what the contents list collects. */
export interface DocxContext {
  readonly theme: Theme;
  readonly report: (problem: RenderProblem) => void;
  /** The headings the contents list links to, in document order. */
  readonly contents: ContentsEntry[];
  /** The width of the page's text column, in twips (tables fill it). */
  readonly textWidth: number;
  /** Numbers the chapter's ordered lists, so each starts again at its own start. */
  readonly lists: { count: number };
}

/** Run formatting in force: emphasis, strong, and a character style (code, links). */
export interface Marks {
  readonly italics?: boolean;
  readonly bold?: boolean;
  readonly style?: string;
}

/** The list a paragraph is in: its numbering, level and instance, and whether it carries the number. */
export interface ListPlace {
  readonly reference: NumberingDefinition;
  readonly level: number;
  readonly instance: number;
  readonly numbered: boolean;
}

export interface DocxState {
  readonly context: DocxContext;
  readonly marks: Marks;
  readonly paragraphStyle: string;
  readonly list: ListPlace | undefined;
}

export function initialState(context: DocxContext): DocxState {
  return { context, marks: {}, paragraphStyle: StyleId.bodyText, list: undefined };
}

const blocks = (items: readonly FileChild[]): DocxResult => ({ kind: 'blocks', items });
const runs = (items: readonly ParagraphChild[]): DocxResult => ({ kind: 'runs', items });
const nothing: DocxResult = { kind: 'blocks', items: [] };

/** Links may only go to the web or to mail, as in the HTML edition. */
const linkProtocol = /^(?:https?|mailto):/i;

type Handler = (state: DocxState, node: Nodes, parent: Parents | undefined) => DocxResult;

/** One node, through its handler. */
export function one(state: DocxState, node: Nodes, parent: Parents | undefined): DocxResult {
  const handler = docxHandlers[node.type] as Handler;
  return handler(state, node, parent);
}

function childrenOf(node: Nodes): readonly Nodes[] {
  return 'children' in node ? (node.children as readonly Nodes[]) : [];
}

/** The runs of a node's children: phrasing content, as it goes inside a paragraph. */
export function runsOf(state: DocxState, node: Nodes): ParagraphChild[] {
  const items: ParagraphChild[] = [];
  for (const child of childrenOf(node)) {
    const result = one(state, child, node as Parents);
    if (result.kind === 'runs') items.push(...result.items);
    else if (result.items.length > 0) state.context.report({ ...unrenderable('DOCX', child), reason: `A ${child.type} node stands where text was expected; it is missing from the DOCX edition.` });
  }
  return items;
}

/**
 * The blocks of a node's children, each drawn in the state `stateOf` gives it (by default the
 * node's). Text standing among blocks gets a paragraph of its own.
 */
export function blocksOf(state: DocxState, node: Nodes, stateOf: (index: number) => DocxState = () => state): FileChild[] {
  const items: FileChild[] = [];
  let loose: ParagraphChild[] = [];
  const flush = () => {
    if (loose.length > 0) items.push(paragraph(state, loose));
    loose = [];
  };
  for (const [index, child] of childrenOf(node).entries()) {
    const result = one(stateOf(index), child, node as Parents);
    if (result.kind === 'runs') {
      loose.push(...result.items);
    } else if (result.kind === 'blocks') {
      flush();
      items.push(...result.items);
    } else {
      state.context.report({ ...unrenderable('DOCX', child), reason: `A ${child.type} node stands outside a table; it is missing from the DOCX edition.` });
    }
  }
  flush();
  return items;
}

/** A paragraph in the state's style, numbered if it opens a list item. */
function paragraph(state: DocxState, children: readonly ParagraphChild[]): Paragraph {
  const list = state.list;
  if (!list) return new Paragraph({ style: state.paragraphStyle, children });
  if (list.numbered) {
    return new Paragraph({ style: StyleId.listParagraph, children, numbering: { reference: list.reference, level: list.level, instance: list.instance } });
  }
  // A list item's later paragraphs line up with its text, without a number.
  return new Paragraph({ style: StyleId.listParagraph, children, indent: { left: listIndent(list.level + 1) } });
}

function text(state: DocxState, value: string): TextRun {
  // Typed apart from the constructor, whose `string` overload would read `italics` as String.prototype.italics.
  const options: IRunOptions = { text: value, italics: state.marks.italics, bold: state.marks.bold, style: state.marks.style };
  return new TextRun(options);
}

function withMarks(state: DocxState, marks: Marks): DocxState {
  return { ...state, marks: { ...state.marks, ...marks } };
}

function headingParagraph(style: string, children: readonly ParagraphChild[], bookmark: string | undefined): Paragraph {
  return new Paragraph({ style, children: bookmark === undefined ? children : [new Bookmark({ id: bookmark, children })] });
}

/** A heading of the contents list: recorded for the list, bookmarked for its link. */
function contentsHeading(state: DocxState, style: string, level: 1 | 2, title: string, bookmark: string, children?: readonly ParagraphChild[]): Paragraph {
  state.context.contents.push({ title, level, bookmark });
  return headingParagraph(style, children ?? [new TextRun(title)], bookmark);
}

// Lists: numbering definitions made on the fly (docx adds each to numbering.xml once, by reference).
const listIndentStep = 18;
function listIndent(levels: number): number {
  return twips(listIndentStep * levels);
}
const bulletSymbols = ['•', '◦', '▪'];
function listLevels(format: 'bullet' | 'ordered', start: number): NumberingDefinition['levels'] {
  return Array.from({ length: 9 }, (_unused, level) => ({
    level,
    format: format === 'bullet' ? LevelFormat.BULLET : LevelFormat.DECIMAL,
    text: format === 'bullet' ? (bulletSymbols[level % bulletSymbols.length] ?? '•') : `%${level + 1}.`,
    start: level === 0 ? start : 1,
    style: { paragraph: { indent: { left: listIndent(level + 1), hanging: listIndent(1) } } },
  }));
}
const bulletList: NumberingDefinition = { reference: 'rubricpress-bullet', levels: listLevels('bullet', 1) };
const orderedLists = new Map<number, NumberingDefinition>();
function orderedList(start: number): NumberingDefinition {
  let definition = orderedLists.get(start);
  if (!definition) {
    definition = { reference: `rubricpress-ordered-${start}`, levels: listLevels('ordered', start) };
    orderedLists.set(start, definition);
  }
  return definition;
}

function bibliography(state: DocxState, entries: readonly BibliographyEntry[]): FileChild[] {
  const entryState: DocxState = { ...state, paragraphStyle: StyleId.bibliography, list: undefined };
  return entries.map((entry) => new Paragraph({ style: StyleId.bibliography, children: runsOf(entryState, entry) }));
}

/** A rubric cell: its paragraphs, with the selected band's shading and rule (direct formatting: no style can pick the band). */
function rubricCell(theme: Theme, children: Paragraph[], width: number, selected: boolean, first: boolean): TableCell {
  if (!selected) return new TableCell({ children, width: { size: width, type: WidthType.DXA } });
  const rule = { style: BorderStyle.SINGLE, color: hex(theme.colours.highlightRule), size: eighthPoints(1.5) };
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    shading: { fill: hex(theme.colours.highlight), color: 'auto', type: ShadingType.CLEAR },
    borders: { top: rule, bottom: rule, ...(first ? { left: { ...rule, size: eighthPoints(3) } } : {}) },
  });
}

/** The share of the text width the score column takes. */
const scoreColumnShare = 0.16;

function rubricColumns(textWidth: number): [number, number] {
  const scores = Math.round(textWidth * scoreColumnShare);
  return [scores, textWidth - scores];
}

export const docxHandlers: HandlerTable<DocxState, DocxResult> = {
  // Standard Markdown.
  root(state, node) {
    return blocks(blocksOf(state, node));
  },
  paragraph(state, node) {
    return blocks([paragraph(state, runsOf(state, node))]);
  },
  text(state, node) {
    // A soft line break in Markdown is a space in print.
    return runs([text(state, node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '))]);
  },
  emphasis(state, node) {
    return runs(runsOf(withMarks(state, { italics: true }), node));
  },
  strong(state, node) {
    return runs(runsOf(withMarks(state, { bold: true }), node));
  },
  inlineCode(state, node) {
    return runs([text(withMarks(state, { style: StyleId.verbatimChar }), node.value)]);
  },
  break() {
    return runs([new TextRun({ break: 1 })]);
  },
  link(state, node) {
    const children = runsOf(withMarks(state, { style: StyleId.hyperlink }), node);
    if (!linkProtocol.test(node.url)) {
      state.context.report({ ...unrenderable('DOCX', node), reason: `The link to "${node.url}" goes nowhere a Word reader can follow (only http, https and mailto links are kept); its text is in the DOCX edition without the link.` });
      return runs(runsOf(state, node));
    }
    return runs([new ExternalHyperlink({ link: node.url, children })]);
  },
  list(state, node) {
    const level = state.list ? state.list.level + 1 : 0;
    const reference = node.ordered ? orderedList(node.start ?? 1) : bulletList;
    state.context.lists.count += 1;
    const instance = state.context.lists.count;
    const itemState: DocxState = { ...state, list: { reference, level, instance, numbered: true } };
    return blocks(blocksOf(itemState, node));
  },
  listItem(state, node) {
    // The item's first paragraph carries the number; the others line up with its text.
    const list = state.list;
    return blocks(blocksOf(state, node, (index) => (list ? { ...state, list: { ...list, numbered: index === 0 } } : state)));
  },
  blockquote(state, node) {
    return blocks(blocksOf({ ...state, paragraphStyle: StyleId.quote, list: undefined }, node));
  },
  code(_state, node) {
    const lines = node.value.split(/\r?\n/);
    return blocks([new Paragraph({ style: StyleId.sourceCode, children: lines.map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined })) })]);
  },
  thematicBreak() {
    return blocks([new Paragraph({ thematicBreak: true, children: [] })]);
  },

  // Never in a report tree: reported, not dropped silently.
  ...unrenderedHandlers((state: DocxState, node: Nodes) => {
    state.context.report(unrenderable('DOCX', node));
    return nothing;
  }),

  // The report.
  report(state, node) {
    const { theme } = state.context;
    // The content first, so the contents list knows its headings.
    const content = blocksOf(state, node);
    return blocks([
      new Paragraph({ style: StyleId.edition, text: node.edition.title }),
      new Paragraph({ style: StyleId.title, text: chapterTitle(theme, node) }),
      new Paragraph({ style: StyleId.rank, text: categoryRank(theme, node) }),
      ...contentsBlocks(theme.labels.contents, state.context.contents),
      ...content,
    ]);
  },
  keyFindings(state, node) {
    const { theme } = state.context;
    return blocks([
      contentsHeading(state, StyleId.heading1, 1, theme.labels.keyFindings, fixedBookmarks.keyFindings),
      ...blocksOf({ ...state, paragraphStyle: StyleId.keyFinding }, node),
    ]);
  },
  subCategory(state, node) {
    const { theme } = state.context;
    return blocks([
      contentsHeading(state, StyleId.heading1, 1, node.title, bookmarkName(BookmarkPrefix.subCategory, node.id)),
      new Paragraph({ style: StyleId.rank, text: subcategoryRank(theme, node) }),
      ...blocksOf(state, node),
    ]);
  },
  question(state, node) {
    return blocks(blocksOf(state, node));
  },
  indicator(state, node, parent) {
    const children = runsOf(state, node);
    if (parent?.type !== 'question') return blocks([new Paragraph({ style: StyleId.indicator, children })]);
    return blocks([contentsHeading(state, StyleId.indicator, 2, toString(node), bookmarkName(BookmarkPrefix.question, parent.id), children)]);
  },
  score(state, node) {
    const { theme } = state.context;
    return blocks([
      new Paragraph({ style: StyleId.score, children: [new TextRun(theme.labels.score), new TextRun(' '), new TextRun({ text: scoreValue(theme, node), style: StyleId.scoreValue })] }),
    ]);
  },
  questionText(state, node) {
    // Upright given directly as well: italic is a toggle in Word, so a character style cannot turn
    // off the paragraph style's italic (LibreOffice lets it).
    const labelRun: IRunOptions = { text: questionLabel(state.context.theme), style: StyleId.questionLabel, italics: false };
    const label = new TextRun(labelRun);
    return blocks([new Paragraph({ style: StyleId.questionText, children: [label, ...runsOf(state, node)] })]);
  },
  rubric(state, node) {
    const { theme, textWidth } = state.context;
    const columns = rubricColumns(textWidth);
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      keepNext: true,
      children: [theme.labels.rubricScores, theme.labels.rubricDescription].map(
        (label, index) => new TableCell({ width: { size: columns[index] ?? 0, type: WidthType.DXA }, children: [new Paragraph({ text: label })] }),
      ),
    });
    const bands: TableRow[] = [];
    for (const band of node.children) {
      const result = one(state, band, node);
      if (result.kind === 'rows') bands.push(...result.items);
      else state.context.report({ ...unrenderable('DOCX', band), reason: `A ${band.type} node stands in a rubric table where a band was expected; it is missing from the DOCX edition.` });
    }
    return blocks([
      new Paragraph({ style: StyleId.caption, text: theme.labels.rubricCaption }),
      new Table({
        style: StyleId.rubricTable,
        width: { size: textWidth, type: WidthType.DXA },
        columnWidths: columns,
        layout: TableLayoutType.FIXED,
        tableLook: { firstRow: true, firstColumn: true, lastRow: false, lastColumn: false, noHBand: true, noVBand: true },
        rows: [header, ...bands],
      }),
    ]);
  },
  rubricBand(state, node, parent) {
    const { theme, textWidth } = state.context;
    const [scoresWidth, descriptionWidth] = rubricColumns(textWidth);
    const selected = node.selected && parent?.type === 'rubric';
    const description = [new Paragraph({ children: runsOf(state, node) })];
    if (selected) {
      // Marked in words as well as colour, for readers who can't see the highlight.
      // The style's font is also given directly: LibreOffice applies a table style's text properties
      // (with the document's default font) to each run as direct formatting, which a character
      // style's font cannot override (Word applies the style as it is).
      description.push(new Paragraph({ children: [new TextRun({ text: selectedBandNote(theme, parent.score), style: StyleId.selectedBand, font: theme.fonts.heading.family })] }));
    }
    const last = parent?.type === 'rubric' && parent.children.at(-1) === node;
    return {
      kind: 'rows',
      items: [
        new TableRow({
          cantSplit: true,
          // The whole rubric on one page where it fits, as in print.
          keepNext: !last,
          children: [
            rubricCell(theme, [new Paragraph({ text: bandScores(node) })], scoresWidth, selected, true),
            rubricCell(theme, description, descriptionWidth, selected, false),
          ],
        }),
      ],
    };
  },
  assessment(state, node) {
    const first: DocxState = { ...state, paragraphStyle: StyleId.firstParagraph };
    const rest: DocxState = { ...state, paragraphStyle: StyleId.bodyText };
    return blocks(blocksOf(rest, node, (index) => (index === 0 ? first : rest)));
  },
  citationList(state, node) {
    const { theme } = state.context;
    return blocks([headingParagraph(StyleId.heading3, [new TextRun(theme.labels.citations)], undefined), ...bibliography(state, node.children)]);
  },
  referenceList(state, node) {
    const { theme } = state.context;
    return blocks([contentsHeading(state, StyleId.heading1, 1, theme.labels.references, fixedBookmarks.references), ...bibliography(state, node.children)]);
  },
  bibliographyEntry(state, node) {
    return blocks([new Paragraph({ style: StyleId.bibliography, children: runsOf(state, node) })]);
  },
  citation(state, node) {
    if (node.children.length === 0) {
      state.context.report({ format: 'DOCX', nodeType: node.type, position: node.position, reason: 'A citation reached the DOCX renderer unformatted; it would be missing from the DOCX edition.' });
      return nothing;
    }
    return runs(runsOf(state, node));
  },
};
