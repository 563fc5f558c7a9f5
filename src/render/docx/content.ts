/**
 * The DOCX edition's handlers for the Markdown inside the document model (the author's blocks, and
 * the phrasing of every text): one per mdast type, turning it into docx's paragraphs and runs. Every
 * handler takes the state explicitly: the chapter's context, the run formatting in force (emphasis,
 * strong, code) and where paragraphs go (their style, the list they are in).
 */
import { ExternalHyperlink, FootnoteReferenceRun, InternalHyperlink, LevelFormat, Paragraph, TextRun, type FileChild, type IRunOptions, type NumberingDefinition, type ParagraphChild } from 'docx';
import type { List, Nodes, Parents } from 'mdast';
import { handleContent, unrenderedHandlers, type ContentHandlers, type ContentNode } from '../../document/handlers.js';
import type { Chart } from '../../document/model.js';
import { plainText } from '../../document/plain-text.js';
import type { Theme } from '../../theme/theme.js';
import { docxBookmark } from '../../vocabulary/anchors.js';
import { StyleId } from '../../vocabulary/docx.js';
import { scriptPieces, startsRightToLeft, type ScriptPiece } from '../../vocabulary/scripts.js';
import { unformattedCitation, unrenderable, type RenderProblem } from '../problems.js';
import { blockMark, type MarkPlace } from './marks.js';
import { twips } from './units.js';
import type { ChartImage } from './chart-images.js';

/** What a handler gives back: blocks (paragraphs, tables), or runs inside a paragraph. */
export type DocxResult = { readonly kind: 'blocks'; readonly items: readonly FileChild[] } | { readonly kind: 'runs'; readonly items: readonly ParagraphChild[] };

/** One document's rendering: the theme, where problems go, the page's text width, and the lists' numbers. */
export interface DocxContext {
  readonly theme: Theme;
  readonly report: (problem: RenderProblem) => void;
  /** The width of the page's text column, in twips (tables fill it). */
  readonly textWidth: number;
  /** Each list's instance of its numbering, in document order, so that each starts again at its own start. */
  readonly listInstances: ReadonlyMap<List, number>;
  /** The family of the theme's first fallback font that has the character, for a run's East Asian or complex-script font slot. */
  readonly fallbackFamily: (codePoint: number) => string | undefined;
  /** Each chart's SVG and PNG fallback, drawn before the walk (chart-images.ts). */
  readonly chartImages: ReadonlyMap<Chart, ChartImage>;
}

/** Run formatting in force: emphasis, strong, and a character style (code, links). */
export interface Marks {
  readonly italics?: boolean;
  readonly bold?: boolean;
  readonly style?: string;
  /** The language of words marked as another language than the edition's (a BCP 47 tag). */
  readonly language?: string;
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
  /** The chapter the content belongs to, for the round trip's marks (0: the front matter). */
  readonly place: MarkPlace;
}

export function initialState(context: DocxContext): DocxState {
  return { context, marks: {}, paragraphStyle: StyleId.bodyText, list: undefined, place: { chapter: 0 } };
}

/** A block of prose's text in its round-trip mark: its start in the chapter's text and its words. */
function marked(state: DocxState, node: Nodes, text: string, children: readonly ParagraphChild[]): ParagraphChild[] {
  const offset = node.position?.start.offset;
  return offset === undefined || state.place.chapter === 0 ? [...children] : [blockMark(state.place, offset, text, children)];
}

const blocks = (items: readonly FileChild[]): DocxResult => ({ kind: 'blocks', items });
const runs = (items: readonly ParagraphChild[]): DocxResult => ({ kind: 'runs', items });
const nothing: DocxResult = { kind: 'blocks', items: [] };

/** Links may only go to the web or to mail, as in the HTML edition. */
const linkProtocol = /^(?:https?|mailto):/i;

/** One node, through its handler (looked up when called: the agreement tests put a faulty one in its place). */
function one(state: DocxState, node: ContentNode, parent: Parents | undefined): DocxResult {
  return handleContent(docxContent, state, node, parent);
}

/** The runs of phrasing content, as it goes inside a paragraph. */
export function runsOf(state: DocxState, nodes: readonly ContentNode[], parent?: Parents): ParagraphChild[] {
  const items: ParagraphChild[] = [];
  for (const child of nodes) {
    const result = one(state, child, parent);
    if (result.kind === 'runs') items.push(...result.items);
    else if (result.items.length > 0) state.context.report({ ...unrenderable('DOCX', child), reason: `A ${child.type} node stands where text was expected; it is missing from the DOCX edition.` });
  }
  return items;
}

/**
 * The blocks of Markdown blocks, each drawn in the state `stateOf` gives it (by default `state`).
 * Text standing among blocks gets a paragraph of its own.
 */
export function blocksOf(state: DocxState, nodes: readonly ContentNode[], parent?: Parents, stateOf: (index: number) => DocxState = () => state): FileChild[] {
  const items: FileChild[] = [];
  let loose: ParagraphChild[] = [];
  let looseText = '';
  const flush = () => {
    if (loose.length > 0) items.push(paragraph(state, loose, looseText));
    loose = [];
    looseText = '';
  };
  for (const [index, child] of nodes.entries()) {
    const result = one(stateOf(index), child, parent);
    if (result.kind === 'runs') {
      loose.push(...result.items);
      looseText += plainText(child);
    } else {
      flush();
      items.push(...result.items);
    }
  }
  flush();
  return items;
}

/** A paragraph in the state's style, numbered if it opens a list item, right to left (`w:bidi`) if its text is. */
function paragraph(state: DocxState, children: readonly ParagraphChild[], text: string): Paragraph {
  const list = state.list;
  const direction = paragraphDirection(text);
  if (!list) return new Paragraph({ style: state.paragraphStyle, children, ...direction });
  if (list.numbered) {
    return new Paragraph({ style: StyleId.listParagraph, children, numbering: { reference: list.reference, level: list.level, instance: list.instance }, ...direction });
  }
  // A list item's later paragraphs line up with its text, without a number.
  return new Paragraph({ style: StyleId.listParagraph, children, indent: { left: listIndent(list.level + 1) }, ...direction });
}

/** `w:bidi` for a paragraph whose first letter is a right-to-left one: Word then sets it from the right margin, its runs in right-to-left order. */
function paragraphDirection(text: string): { bidirectional?: true } {
  return startsRightToLeft(text) ? { bidirectional: true } : {};
}


/**
 * The text as runs, cut where Word's font slot changes: East Asian words name the theme's fallback
 * family that has them in `w:eastAsia` (with `w:hint="eastAsia"`), right-to-left and other
 * complex-script words in `w:cs`, right-to-left ones marked `w:rtl` so that Word sets them in that
 * direction. Latin text keeps the style's fonts.
 */
function text(state: DocxState, value: string): TextRun[] {
  return scriptPieces(value).flatMap((piece) =>
    familyPieces(state, piece).map(({ text, family }) => {
      // Typed apart from the constructor, whose `string` overload would read `italics` as String.prototype.italics.
      const options: IRunOptions = {
        text,
        italics: state.marks.italics,
        bold: state.marks.bold,
        style: state.marks.style,
        ...(piece.rightToLeft ? { rightToLeft: true } : {}),
        ...slotFont(piece, family),
        ...(state.marks.language === undefined ? {} : { language: runLanguage(state.marks.language) }),
      };
      return new TextRun(options);
    }),
  );
}

/** A piece of one slot cut again where the fallback family that has its letters changes (white space and punctuation stay with the letters before them). */
function familyPieces(state: DocxState, piece: ScriptPiece): { text: string; family: string | undefined }[] {
  if (piece.slot === 'latin') return [{ text: piece.text, family: undefined }];
  const cut: { text: string; family: string | undefined }[] = [];
  for (const character of piece.text) {
    const last = cut.at(-1);
    const family = /[\p{L}\p{N}]/u.test(character) ? state.context.fallbackFamily(character.codePointAt(0) ?? 0) : last?.family;
    if (last && (last.family === family || !/[\p{L}\p{N}]/u.test(character))) last.text += character;
    else cut.push({ text: character, family });
  }
  return cut;
}

function slotFont(piece: ScriptPiece, family: string | undefined): Pick<IRunOptions, 'font'> {
  if (piece.slot === 'eastAsia') return { font: { ...(family === undefined ? {} : { eastAsia: family }), hint: 'eastAsia' } };
  if (piece.slot === 'complex' && family !== undefined) return { font: { cs: family } };
  return {};
}

/**
 * Word keeps a run's language in one of three places, by the script of its text: the tag's script,
 * or its language's likely one (Intl.Locale's maximize: `ja` → Jpan, `ja-Latn` → Latn).
 */
const rightToLeftScripts = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo']);
const eastAsianScripts = new Set(['Jpan', 'Hani', 'Hans', 'Hant', 'Hira', 'Kana', 'Kore', 'Hang', 'Bopo']);
function runLanguage(tag: string): NonNullable<IRunOptions['language']> {
  const script = new Intl.Locale(tag).maximize().script ?? '';
  if (rightToLeftScripts.has(script)) return { bidirectional: tag };
  if (eastAsianScripts.has(script)) return { eastAsia: tag };
  return { value: tag };
}

function withMarks(state: DocxState, marks: Marks): DocxState {
  return { ...state, marks: { ...state.marks, ...marks } };
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

/** The handlers of the Markdown inside the model. */
export const docxContent: ContentHandlers<DocxState, DocxResult> = {
  paragraph(state, node) {
    const words = plainText(node);
    return blocks([paragraph(state, marked(state, node, words, runsOf(state, node.children, node)), words)]);
  },
  text(state, node) {
    // A soft line break in Markdown is a space in print.
    return runs(text(state, node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ')));
  },
  emphasis(state, node) {
    return runs(runsOf(withMarks(state, { italics: true }), node.children, node));
  },
  strong(state, node) {
    return runs(runsOf(withMarks(state, { bold: true }), node.children, node));
  },
  inlineCode(state, node) {
    return runs(text(withMarks(state, { style: StyleId.verbatimChar }), node.value));
  },
  break() {
    return runs([new TextRun({ break: 1 })]);
  },
  link(state, node) {
    if (!linkProtocol.test(node.url)) {
      state.context.report({ ...unrenderable('DOCX', node), reason: `The link to "${node.url}" goes nowhere a Word reader can follow (only http, https and mailto links are kept); its text is in the DOCX edition without the link.` });
      return runs(runsOf(state, node.children, node));
    }
    return runs([new ExternalHyperlink({ link: node.url, children: runsOf(withMarks(state, { style: StyleId.hyperlink }), node.children, node) })]);
  },
  list(state, node) {
    const level = state.list ? state.list.level + 1 : 0;
    const reference = node.ordered ? orderedList(node.start ?? 1) : bulletList;
    const instance = state.context.listInstances.get(node) ?? 0;
    return blocks(blocksOf({ ...state, list: { reference, level, instance, numbered: true } }, node.children, node));
  },
  listItem(state, node) {
    // The item's first paragraph carries the number; the others line up with its text.
    const list = state.list;
    return blocks(blocksOf(state, node.children, node, (index) => (list ? { ...state, list: { ...list, numbered: index === 0 } } : state)));
  },
  blockquote(state, node) {
    return blocks(blocksOf({ ...state, paragraphStyle: StyleId.quote, list: undefined }, node.children, node));
  },
  code(state, node) {
    const lines = node.value.split(/\r?\n/);
    return blocks([new Paragraph({ style: StyleId.sourceCode, children: marked(state, node, node.value, lines.map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined }))) })]);
  },
  thematicBreak(state, node) {
    return blocks([new Paragraph({ thematicBreak: true, children: marked(state, node, '', []) })]);
  },

  // Never in a report tree: reported, not dropped silently.
  ...unrenderedHandlers((state: DocxState, node: Nodes) => {
    state.context.report(unrenderable('DOCX', node));
    return nothing;
  }),

  citation(state, node) {
    if (node.children.length === 0) {
      state.context.report(unformattedCitation('DOCX', node));
      return nothing;
    }
    return runs(runsOf(state, node.children, node));
  },
  citedWork(state, node) {
    // A work's words in a citation, a link to the bookmark around its entry in the reference list.
    const bookmark = node.entry && docxBookmark(node.entry);
    if (bookmark === undefined) return runs(runsOf(state, node.children, node));
    return runs([new InternalHyperlink({ anchor: bookmark, children: runsOf(withMarks(state, { style: StyleId.hyperlink }), node.children, node) })]);
  },
  languageSpan(state, node) {
    return runs(runsOf(withMarks(state, { language: node.lang }), node.children, node));
  },
  noteCall(_state, node) {
    // Word's footnote, numbered by Word (as the notes are, in order of first call). A footnote has
    // one reference in Word: a later call shows its number in the reference's style.
    return runs([node.occurrence === 1 ? new FootnoteReferenceRun(node.number) : new TextRun({ text: String(node.number), style: StyleId.footnoteReference })]);
  },
};
