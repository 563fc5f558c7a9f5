/**
 * The DOCX edition's handlers: one per kind of the document model, turning it into docx's paragraphs
 * and tables in the Word styles of the DOCX vocabulary. The words, their order and the anchors are
 * the model's; the look is the styles' (styles.ts), and direct formatting is left to what a style
 * can't say (the selected band's shading).
 */
import { AlignmentType, Bookmark, BorderStyle, ImageRun, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, type FileChild, type IRunOptions, type ParagraphChild } from 'docx';
import { handleModel, type ModelHandlers } from '../../document/handlers.js';
import type { Imprint, ImprintLine, ModelNode, Rubric } from '../../document/model.js';
import { plainText } from '../../document/plain-text.js';
import type { Theme } from '../../theme/theme.js';
import { docxBookmark } from '../../vocabulary/anchors.js';
import { docxHeadings, docxProse, StyleId } from '../../vocabulary/docx.js';
import { blocksOf, runsOf, type DocxState } from './content.js';
import { contentsBlocks } from './contents.js';
import { lockMark } from './marks.js';
import { eighthPoints, hex } from './units.js';

function one(state: DocxState, node: ModelNode): FileChild[] {
  return handleModel(docxModel, state, node);
}

function all(state: DocxState, nodes: readonly ModelNode[]): FileChild[] {
  return nodes.flatMap((node) => one(state, node));
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

function rubricRows(state: DocxState, node: Rubric, columns: readonly [number, number]): TableRow[] {
  const { theme } = state.context;
  return node.rows.map((row, index) => {
    const description = [new Paragraph({ children: [lockMark(state.place, row.locked, 1, plainText({ type: 'paragraph', children: [...row.children] }), runsOf(state, row.children))] })];
    if (row.note !== undefined) {
      // The style's font is also given directly: LibreOffice applies a table style's text properties
      // (with the document's default font) to each run as direct formatting, which a character
      // style's font cannot override (Word applies the style as it is).
      description.push(new Paragraph({ children: [lockMark(state.place, row.locked, 2, row.note, [new TextRun({ text: row.note, style: StyleId.selectedBand, font: theme.fonts.heading.family })])] }));
    }
    const scores = new Paragraph({ children: [lockMark(state.place, row.locked, 0, row.scores, [new TextRun(row.scores)])] });
    return new TableRow({
      cantSplit: true,
      // The whole rubric on one page where it fits, as in print.
      keepNext: index < node.rows.length - 1,
      children: [rubricCell(theme, [scores], columns[0], row.selected, true), rubricCell(theme, description, columns[1], row.selected, false)],
    });
  });
}

/** An imprint's paragraphs: the first opens it (under a rule, well below what comes before). */
function imprintParagraphs(state: DocxState, node: Imprint): FileChild[] {
  return node.lines.flatMap((line, index) => imprintLineParagraphs(state, line, index === 0));
}

/** An imprint line: its label and value in a paragraph; the citation's text in a paragraph of its own under its label. */
function imprintLineParagraphs(state: DocxState, node: ImprintLine, opens: boolean): Paragraph[] {
  // Each paragraph is one mark of the line's locked words (the round trip compares a paragraph's words with its mark's).
  const label = new TextRun({ text: node.label, style: StyleId.imprintLabel });
  const valueText = plainText({ type: 'paragraph', children: [...node.children] });
  const value = runsOf({ ...state, paragraphStyle: StyleId.imprintDetail, list: undefined }, node.children);
  if (node.field !== 'citation') return [new Paragraph({ style: opens ? StyleId.imprintOpening : StyleId.imprintDetail, children: [lockMark(state.place, node.locked, 0, `${node.label} ${valueText}`, [label, new TextRun(' '), ...value])] })];
  return [
    new Paragraph({ style: opens ? StyleId.imprintOpening : StyleId.imprintCitationLabel, children: [lockMark(state.place, node.locked, 0, node.label, [label])] }),
    new Paragraph({ style: StyleId.imprintCitation, children: [lockMark(state.place, node.locked, 1, valueText, value)] }),
  ];
}

/** The handlers of the model's kinds. */
export const docxModel: ModelHandlers<DocxState, FileChild[]> = {
  document(state, node) {
    // Each chapter's marks carry its place in the document (1, 2, …); the front matter's are 0.
    return [...all(state, node.front), ...node.chapters.flatMap((chapter, index) => one({ ...state, place: { chapter: index + 1 } }, chapter)), ...all(state, node.parts ?? [])];
  },
  part(state, node) {
    // A section of its own (render.ts), which starts a new page.
    return all(state, [node.heading, ...node.children]);
  },
  table(state, node) {
    const { textWidth } = state.context;
    const numericWidth = Math.round(textWidth * 0.14);
    const numbers = node.numeric.filter((numeric, column) => numeric && column > 0).length;
    const free = Math.max(1, node.columns.length - numbers);
    const widths = node.columns.map((_name, column) => (column > 0 && node.numeric[column] ? numericWidth : Math.round((textWidth - numbers * numericWidth) / free)));
    const alignment = (column: number) => (column > 0 && node.numeric[column] ? AlignmentType.RIGHT : AlignmentType.LEFT);
    const cell = (text: string, column: number) => new TableCell({ width: { size: widths[column] ?? 0, type: WidthType.DXA }, children: [new Paragraph({ alignment: alignment(column), children: [new TextRun(text)] })] });
    return [
      new Paragraph({ style: StyleId.caption, children: [new TextRun(node.caption)] }),
      new Table({
        style: StyleId.dataTable,
        width: { size: textWidth, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        tableLook: { firstRow: true, firstColumn: true, lastRow: false, lastColumn: false, noHBand: true, noVBand: true },
        rows: [
          new TableRow({ tableHeader: true, cantSplit: true, children: node.columns.map(cell) }),
          ...node.rows.map((row) => new TableRow({ cantSplit: true, children: row.map(cell) })),
        ],
      }),
    ];
  },
  titlePage(state, node) {
    // The publisher and year under the rank (the Edition style sets the page's first line low, as print does). (render.ts gives the title page a section of its own, without running head and page number.)
    return [
      new Paragraph({ style: StyleId.edition, children: [lockMark(state.place, node.editionLocked, 0, node.edition, [new TextRun(node.edition)])] }),
      ...all(state, [node.title, ...(node.rank ? [node.rank] : [])]),
      ...(node.subtitle ? [new Paragraph({ style: StyleId.subtitle, children: [lockMark(state.place, node.subtitle.locked, 0, node.subtitle.text, [new TextRun(node.subtitle.text)])] })] : []),
      ...(node.imprint === '' ? [] : [new Paragraph({ style: StyleId.imprint, children: [lockMark(state.place, node.imprintLocked, 0, node.imprint, [new TextRun(node.imprint)])] })]),
      // The publication's details well below the title block, as in print.
      ...(node.details ? imprintParagraphs(state, node.details) : []),
    ];
  },
  imprint(state, node) {
    return imprintParagraphs(state, node);
  },
  imprintLine(state, node) {
    return imprintLineParagraphs(state, node, false);
  },

  contents(_state, node) {
    return contentsBlocks(node.heading.text, node.entries);
  },
  chapter(state, node) {
    return all(state, node.children);
  },
  section(state, node) {
    return all(state, [node.heading, ...(node.rank ? [node.rank] : []), ...node.children]);
  },
  heading(state, node) {
    const children: readonly ParagraphChild[] = runsOf(state, node.children);
    const bookmark = node.anchor && docxBookmark(node.anchor);
    const anchored = bookmark === undefined ? children : [new Bookmark({ id: bookmark, children })];
    return [new Paragraph({ style: docxHeadings[node.role], children: node.locked ? [lockMark(state.place, node.locked, 0, node.text, anchored)] : anchored })];
  },
  rank(state, node) {
    return [new Paragraph({ style: StyleId.rank, children: [lockMark(state.place, node.locked, 0, node.text, [new TextRun(node.text)])] })];
  },
  question(state, node) {
    return all(state, node.children);
  },
  questionHead(state, node) {
    return all(state, node.children);
  },
  score(state, node) {
    const runs = [new TextRun(node.label), new TextRun(' '), new TextRun({ text: node.value, style: StyleId.scoreValue })];
    return [new Paragraph({ style: StyleId.score, children: [lockMark(state.place, node.locked, 0, `${node.label} ${node.value}`, runs)] })];
  },
  prompt(state, node) {
    // Upright given directly as well: italic is a toggle in Word, so a character style cannot turn
    // off the paragraph style's italic (LibreOffice lets it).
    const label: IRunOptions = { text: node.label, style: StyleId.questionLabel, italics: false };
    const text = node.label + plainText({ type: 'paragraph', children: [...node.children] });
    return [new Paragraph({ style: StyleId.questionText, children: [lockMark(state.place, node.locked, 0, text, [new TextRun(label), ...runsOf(state, node.children)])] })];
  },
  rubric(state, node) {
    const { textWidth } = state.context;
    const scores = Math.round(textWidth * scoreColumnShare);
    const columns = [scores, textWidth - scores] as const;
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      keepNext: true,
      children: [node.columns.scores, node.columns.description].map(
        (label, index) => new TableCell({ width: { size: columns[index] ?? 0, type: WidthType.DXA }, children: [new Paragraph({ children: [lockMark(state.place, node.locked, index + 1, label, [new TextRun(label)])] })] }),
      ),
    });
    return [
      new Paragraph({ style: StyleId.caption, children: [lockMark(state.place, node.locked, 0, node.caption, [new TextRun(node.caption)])] }),
      new Table({
        style: StyleId.rubricTable,
        width: { size: textWidth, type: WidthType.DXA },
        columnWidths: [...columns],
        layout: TableLayoutType.FIXED,
        tableLook: { firstRow: true, firstColumn: true, lastRow: false, lastColumn: false, noHBand: true, noVBand: true },
        rows: [header, ...rubricRows(state, node, columns)],
      }),
    ];
  },
  chart(state, node) {
    // The caption as text; the chart an SVG image (a PNG beside it for Word processors that draw no
    // SVG) whose description is the alternative text that states every number.
    const drawn = state.context.chartImages.get(node);
    if (!drawn) throw new Error(`The chart "${node.caption}" was not drawn before the document's walk.`);
    const { markup, width, height, png } = drawn;
    const image = new ImageRun({
      type: 'svg',
      data: Buffer.from(markup, 'utf8'),
      fallback: { type: 'png', data: png },
      transformation: { width, height },
      altText: { name: node.caption, title: node.caption, description: node.description },
    });
    const caption = [new TextRun(node.caption)];
    return [
      new Paragraph({ style: StyleId.caption, keepNext: true, children: node.locked ? [lockMark(state.place, node.locked, 0, node.caption, caption)] : caption }),
      // The image's paragraph is the locked words' second: an editor's change there is reported, as in the caption.
      new Paragraph({ style: StyleId.chart, children: node.locked ? [lockMark(state.place, node.locked, 1, '', [image])] : [image] }),
    ];
  },
  prose(state, node) {
    const styles = docxProse[node.role];
    const first: DocxState = { ...state, paragraphStyle: styles.first };
    const rest: DocxState = { ...state, paragraphStyle: styles.rest };
    return blocksOf(rest, node.children, undefined, (index) => (index === 0 ? first : rest));
  },
  notes() {
    // Word's footnotes stand at the foot of their pages, outside the body (render.ts makes them of each note).
    return [];
  },
  note(state, node) {
    return blocksOf({ ...state, paragraphStyle: StyleId.footnoteText, list: undefined }, node.children);
  },
  bibliography(state, node) {
    const entryState: DocxState = { ...state, paragraphStyle: StyleId.bibliography, list: undefined };
    return node.entries.map((entry) => {
      // An entry of the reference list: a bookmark the chapter's citations of the work link to.
      const bookmark = entry.anchor && docxBookmark(entry.anchor);
      const words = runsOf(entryState, entry.children);
      const anchored = bookmark === undefined ? words : [new Bookmark({ id: bookmark, children: words })];
      return new Paragraph({ style: StyleId.bibliography, children: [lockMark(state.place, entry.locked, 0, plainText({ type: 'paragraph', children: [...entry.children] }), anchored)] });
    });
  },
};
