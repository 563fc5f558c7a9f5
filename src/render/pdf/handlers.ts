/**
 * The PDF edition's handlers: one per node type, turning the report tree into measured blocks
 * (`blocks.ts`). Block handlers append blocks to `state.blocks`; phrasing handlers append styled
 * runs to `state.runs`, which a block handler has opened and then breaks into lines. Nothing here
 * draws: pagination and drawing come after, once every block's height is known.
 */
import type { Nodes, Parents } from 'mdast';
import { plainText } from '../../tree/plain-text.js';
import type { Position } from 'unist';
import type { Theme } from '../../theme/theme.js';
import type { BibliographyEntry, Question, SourcePlace } from '../../tree/types.js';
import { unrenderable, unrenderedHandlers, type HandlerTable, type RenderProblem } from '../handlers.js';
import { bandScores, categoryRank, chapterTitle, questionLabel, scoreValue, selectedBandNote, subcategoryRank } from '../wording.js';
import type { Align, Anchor, Block, GroupBlock, Marker, StructTag, TableCell, TableRow, TextBlock } from './blocks.js';
import { linesHeight, tableRow } from './blocks.js';
import { fontKey, otherFamily, parseFontKey, styleOf, type FontSet } from './fonts.js';
import type { Hyphenator } from './hyphenate.js';
import type { InlineRun, TextStyle } from './inline.js';
import { breakLines, breakParagraph } from './line-break.js';

export interface PdfState {
  readonly theme: Theme;
  readonly fonts: FontSet;
  readonly hyphenate: Hyphenator;
  /** Width of the page's content box. */
  readonly contentWidth: number;
  readonly report: (problem: RenderProblem) => void;
  blocks: Block[];
  /** The phrasing collector of the block being set, if any. */
  runs: InlineRun[] | undefined;
  /** The style phrasing handlers give their text. */
  style: TextStyle;
  /** Left indent of the blocks being made (lists, block quotes). */
  indent: number;
  /** The rubric being set: its columns, and the rows its bands become. */
  rubric: RubricContext | undefined;
  /** Where codebook text comes from, for diagnostics about it. */
  source: SourcePlace | undefined;
  /** Bullets or numbers waiting for a list item's first block. */
  marker: Marker | undefined;
  /** Characters already reported as missing from the fonts, so each is named once per chapter. */
  readonly missing: Set<string>;
}

export interface RubricContext {
  readonly columns: readonly [number, number];
  readonly padding: number;
  readonly score: number;
  readonly rows: TableRow[];
}

export type PdfHandlers = HandlerTable<PdfState, void>;

/** Handles each child of a node in order. */
export function all(state: PdfState, handlers: PdfHandlers, node: Parents): void {
  for (const child of node.children) one(state, handlers, child, node);
}

export function one(state: PdfState, handlers: PdfHandlers, node: Nodes, parent: Parents | undefined): void {
  const handler = handlers[node.type] as (state: PdfState, node: Nodes, parent: Parents | undefined) => void;
  handler(state, node, parent);
}

// —— Styles from the theme ——

export function textStyle(theme: Theme, role: 'body' | 'heading', options: { bold?: boolean; italic?: boolean; size?: number; colour?: string } = {}): TextStyle {
  return {
    font: fontKey(role, styleOf(options.bold ?? false, options.italic ?? false)),
    size: options.size ?? theme.sizes.body,
    colour: options.colour ?? theme.colours.text,
  };
}

/** The same style with bold or italic switched on, keeping the family. */
function withFontStyle(style: TextStyle, change: { bold?: true; italic?: true }): TextStyle {
  const { role, style: current } = parseFontKey(style.font);
  const bold = change.bold ?? (current === 'bold' || current === 'boldItalic');
  const italic = change.italic ?? (current === 'italic' || current === 'boldItalic');
  return { ...style, font: fontKey(role, styleOf(bold, italic)) };
}

// —— Making blocks ——

interface TextBlockOptions {
  readonly tag: StructTag;
  readonly style: TextStyle;
  readonly align?: Align;
  readonly lineHeight?: number;
  readonly spaceBefore?: number;
  readonly spaceAfter?: number;
  readonly keepWithNext?: boolean;
  readonly anchor?: Anchor;
  /** Width available, from the current indent; the rest of the content box by default. */
  readonly width?: number;
  readonly hanging?: number;
  readonly hyphenate?: boolean;
}

/** Collects the runs that `fill` produces (with `options.style` as the base style) and breaks them into a block. */
function textBlock(state: PdfState, options: TextBlockOptions, fill: () => void): TextBlock {
  const savedRuns = state.runs;
  const savedStyle = state.style;
  state.runs = [];
  state.style = options.style;
  fill();
  const runs = state.runs;
  state.runs = savedRuns;
  state.style = savedStyle;
  return blockFromRuns(state, runs, options);
}

export function blockFromRuns(state: PdfState, runs: readonly InlineRun[], options: TextBlockOptions): TextBlock {
  const width = options.width ?? state.contentWidth - state.indent;
  const hanging = options.hanging ?? 0;
  const align = options.align ?? 'left';
  const hyphenated = options.hyphenate ?? align === 'justify';
  const { lines, rebreak } = breakParagraph(coverRuns(state, runs), {
    fonts: state.fonts,
    lineHeight: options.lineHeight ?? state.theme.sizes.lineHeight,
    firstWidth: width,
    restWidth: width - hanging,
    justify: align === 'justify',
    ...(hyphenated ? { hyphenate: state.hyphenate } : {}),
  });
  const marker = state.marker;
  state.marker = undefined;
  return {
    kind: 'text',
    tag: options.tag,
    lines,
    indent: state.indent + hanging,
    firstLineIndent: -hanging,
    align,
    spaceBefore: options.spaceBefore ?? 0,
    spaceAfter: options.spaceAfter ?? state.theme.spacing.paragraph,
    keepWithNext: options.keepWithNext ?? false,
    ...(options.anchor ? { anchor: options.anchor } : {}),
    ...(marker ? { marker } : {}),
    // Lines that can end in a hyphen can be broken again where a page would end in one.
    ...(hyphenated ? { rebreak } : {}),
  };
}

/** Text in the current style, to be set in the block being made. */
function pushText(state: PdfState, value: string, position: Position | undefined): void {
  state.runs?.push({ kind: 'text', text: value, style: state.style, ...(position ? { position } : {}) });
}

/**
 * Every run as the fonts can draw it: a character missing from its font but present in the other
 * family is set in that one; a character missing from every font is reported, and tagged with its
 * actual text so that copied and spoken text keep it. All text of the PDF passes here.
 */
export function coverRuns(state: PdfState, runs: readonly InlineRun[]): InlineRun[] {
  const covered: InlineRun[] = [];
  for (const run of runs) {
    if (run.kind !== 'text') {
      covered.push(run);
      continue;
    }
    const { style, position } = run;
    const fallbackStyle: TextStyle = { ...style, font: otherFamily(style.font) };
    const missingStyle: TextStyle = { ...style, actual: '' };
    let piece = '';
    let pieceStyle: TextStyle = style;
    const flush = (): void => {
      if (piece !== '') covered.push({ kind: 'text', text: piece, style: pieceStyle.actual === undefined ? pieceStyle : { ...pieceStyle, actual: piece } });
      piece = '';
    };
    let line = position?.start.line ?? 0;
    let column = position?.start.column ?? 0;
    for (const character of run.text) {
      const codePoint = character.codePointAt(0) ?? 0;
      let next: TextStyle = style;
      // White space and invisible format characters need no glyph.
      if (codePoint > 0x20 && !/[\p{Cf}\p{Zs}]/u.test(character) && !state.fonts.covers(style.font, codePoint)) {
        if (state.fonts.covers(fallbackStyle.font, codePoint)) next = fallbackStyle;
        else {
          reportMissingGlyph(state, character, position ? { line, column } : run.origin?.start);
          next = missingStyle;
        }
      }
      if (next !== pieceStyle) {
        flush();
        pieceStyle = next;
      }
      piece += character;
      if (character === '\n') {
        line += 1;
        column = 1;
      } else column += character.length;
    }
    flush();
  }
  return covered;
}

function reportMissingGlyph(state: PdfState, character: string, point: { line: number; column: number } | undefined): void {
  const codePoint = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const key = `${character}@${state.source?.path ?? ''}`;
  if (state.missing.has(key)) return;
  state.missing.add(key);
  const where = state.source ? ` (in ${state.source.path}${state.source.position ? `:${state.source.position.start.line}:${state.source.position.start.column}` : ''})` : '';
  state.report({
    format: 'PDF',
    rule: 'glyph-missing',
    nodeType: 'text',
    position: state.source || !point ? undefined : { start: point, end: { line: point.line, column: point.column + character.length } },
    reason: `The character “${character}” (U+${codePoint})${where} is in none of the theme's fonts, so the PDF cannot show it. Use a font that covers it in templates/theme.yaml, or write it differently.`,
  });
}

/** Phrasing children in another style. */
function styled(state: PdfState, handlers: PdfHandlers, node: Parents, style: TextStyle): void {
  const saved = state.style;
  state.style = style;
  all(state, handlers, node);
  state.style = saved;
}

/** Runs blocks made by `fill` into a separate list (for groups and table cells). */
function collect(state: PdfState, fill: () => void): Block[] {
  const saved = state.blocks;
  state.blocks = [];
  fill();
  const made = state.blocks;
  state.blocks = saved;
  return made;
}

function withSource(state: PdfState, source: SourcePlace, fill: () => void): void {
  const saved = state.source;
  state.source = source;
  fill();
  state.source = saved;
}

function withIndent(state: PdfState, indent: number, fill: () => void): void {
  const saved = state.indent;
  state.indent += indent;
  fill();
  state.indent = saved;
}

function isTextBlock(block: Block | undefined): block is TextBlock {
  return block?.kind === 'text';
}

/** Line height of headings: tighter than the body's. */
const headingLineHeight = 1.25;

/** The style of headings of a level: 2 for sections (accent), 3 for questions, 4 for "Citations" (muted). */
export function headingStyle(theme: Theme, level: 2 | 3 | 4): TextStyle {
  const { sizes, colours } = theme;
  if (level === 2) return textStyle(theme, 'heading', { bold: true, size: sizes.heading2, colour: colours.accent });
  if (level === 3) return textStyle(theme, 'heading', { bold: true, size: sizes.heading3, colour: colours.text });
  return textStyle(theme, 'heading', { bold: true, size: sizes.heading4, colour: colours.muted });
}

export interface HeadingOptions {
  readonly anchor?: Anchor;
  /** Where the heading's text comes from, for diagnostics about its characters. */
  readonly origin?: Position;
  readonly spaceBefore?: number;
  readonly spaceAfter?: number;
}

/** A heading: one style, kept with what follows it. */
export function headingBlock(state: PdfState, tag: StructTag, text: string, style: TextStyle, options: HeadingOptions = {}): TextBlock {
  return blockFromRuns(state, [{ kind: 'text', text, style, ...(options.origin ? { origin: options.origin } : {}) }], {
    tag,
    style,
    lineHeight: headingLineHeight,
    spaceBefore: options.spaceBefore ?? state.theme.spacing.section,
    spaceAfter: options.spaceAfter ?? state.theme.spacing.paragraph,
    keepWithNext: true,
    ...(options.anchor ? { anchor: options.anchor } : {}),
  });
}

// —— The handlers ——

export function createPdfHandlers(theme: Theme): PdfHandlers {
  const { sizes, colours, spacing, labels } = theme;
  const body = textStyle(theme, 'body');
  const heading2 = headingStyle(theme, 2);
  const heading4 = headingStyle(theme, 4);
  const heading = (state: PdfState, tag: StructTag, text: string, style: TextStyle, options: HeadingOptions = {}): void => {
    state.blocks.push(headingBlock(state, tag, text, style, options));
  };
  const small = textStyle(theme, 'body', { size: sizes.small });
  const smallHeading = textStyle(theme, 'heading', { bold: true, size: sizes.small, colour: colours.muted });
  const tableHead = textStyle(theme, 'heading', { bold: true, size: sizes.small });

  const cannot = (state: PdfState, node: Nodes): void => {
    state.report(unrenderable('PDF', node));
  };


  /** A bibliography as a list without visible markers: entries with hanging indents. */
  const bibliography = (state: PdfState, handlers: PdfHandlers, entries: readonly BibliographyEntry[]): void => {
    state.blocks.push({ kind: 'open', tag: 'L', listNumbering: 'None' });
    for (const entry of entries) {
      state.blocks.push({ kind: 'open', tag: 'LI' }, { kind: 'open', tag: 'LBody' });
      one(state, handlers, entry, undefined);
      state.blocks.push({ kind: 'close' }, { kind: 'close' });
    }
    state.blocks.push({ kind: 'close' });
  };

  const paragraphLike = (state: PdfState, handlers: PdfHandlers, node: Parents, tag: StructTag, style: TextStyle, align: Align): void => {
    state.blocks.push(textBlock(state, { tag, style, align }, () => all(state, handlers, node)));
  };

  const handlers: PdfHandlers = {
    // Never in a report tree: reported, not dropped silently.
    ...unrenderedHandlers(cannot),

    root(state, node) {
      all(state, handlers, node);
    },

    // —— Phrasing ——
    text(state, node) {
      if (!state.runs) return cannot(state, node);
      pushText(state, node.value, node.position);
    },
    emphasis(state, node) {
      styled(state, handlers, node, withFontStyle(state.style, { italic: true }));
    },
    strong(state, node) {
      styled(state, handlers, node, withFontStyle(state.style, { bold: true }));
    },
    inlineCode(state, node) {
      const saved = state.style;
      state.style = { ...saved, font: fontKey('heading', 'regular'), code: true };
      pushText(state, node.value, node.position);
      state.style = saved;
    },
    break(state, node) {
      if (!state.runs) return cannot(state, node);
      state.runs.push({ kind: 'lineBreak', style: state.style });
    },
    link(state, node) {
      const text = plainText(node);
      // A fresh object per link: its text forms one Link element, however many lines it spans.
      const style: TextStyle = { ...state.style, colour: colours.link, underline: true, link: { kind: 'uri', uri: node.url, text: text.replace(/\s+/g, ' ').trim() }, url: text === node.url || /^(?:https?:\/\/|www\.)/.test(text) };
      styled(state, handlers, node, style);
    },
    citation(state, node) {
      if (node.children.length === 0) {
        state.report({ format: 'PDF', nodeType: node.type, position: node.position, reason: 'A citation reached the PDF renderer unformatted; it would be missing from the PDF edition.' });
        return;
      }
      all(state, handlers, node);
    },

    // —— Blocks of author content ——
    paragraph(state, node) {
      paragraphLike(state, handlers, node, 'P', body, 'justify');
    },
    blockquote(state, node) {
      state.blocks.push({ kind: 'open', tag: 'BlockQuote' });
      withIndent(state, 18, () => all(state, handlers, node));
      state.blocks.push({ kind: 'close' });
    },
    list(state, node) {
      state.blocks.push({ kind: 'open', tag: 'L', listNumbering: node.ordered ? 'Decimal' : 'Disc' });
      node.children.forEach((item, index) => {
        const label = node.ordered ? `${(node.start ?? 1) + index}.` : '•';
        state.blocks.push({ kind: 'open', tag: 'LI' }, { kind: 'open', tag: 'LBody' });
        withIndent(state, 16, () => {
          state.marker = { text: label, font: body.font, size: body.size, colour: colours.text, right: -5 };
          one(state, handlers, item, node);
          state.marker = undefined;
        });
        state.blocks.push({ kind: 'close' }, { kind: 'close' });
      });
      state.blocks.push({ kind: 'close' });
    },
    listItem(state, node) {
      // Tight list items hold paragraphs too; they are set like any paragraph, a little closer.
      const before = state.blocks.length;
      all(state, handlers, node);
      const last = state.blocks.slice(before).findLast(isTextBlock);
      if (last && node.spread !== true) {
        const index = state.blocks.lastIndexOf(last);
        state.blocks[index] = { ...last, spaceAfter: spacing.paragraph / 2 };
      }
    },
    code(state, node) {
      const style: TextStyle = { ...textStyle(theme, 'heading', { size: sizes.small }), code: true };
      const runs: InlineRun[] = [];
      node.value.split('\n').forEach((line, index) => {
        if (index > 0) runs.push({ kind: 'lineBreak', style });
        if (line !== '') runs.push({ kind: 'text', text: line, style });
      });
      state.blocks.push(blockFromRuns(state, runs, { tag: 'P', style, align: 'left' }));
    },
    thematicBreak(state) {
      state.blocks.push({
        kind: 'group',
        items: [],
        decorations: [{ kind: 'rule', x: state.indent, y: spacing.block / 2, width: state.contentWidth - state.indent, thickness: 0.75, colour: colours.rule }],
        height: spacing.block,
        spaceBefore: 0,
        spaceAfter: 0,
        keepWithNext: false,
      });
    },

    // —— The report ——
    report(state, node) {
      // The title page: edition, chapter title, rank, publisher.
      const title = chapterTitle(theme, node);
      state.blocks.push(
        { kind: 'open', tag: 'Sect' },
        { kind: 'gap', height: 140 },
        { kind: 'group', items: [], decorations: [{ kind: 'rect', x: 0, y: 0, width: 56, height: 5, colour: colours.accent }], height: 18, spaceBefore: 0, spaceAfter: 0, keepWithNext: true },
      );
      state.blocks.push(
        blockFromRuns(state, [{ kind: 'text', text: node.edition.title, style: textStyle(theme, 'heading', { size: sizes.heading3, colour: colours.muted }) }], {
          tag: 'P',
          style: body,
          spaceAfter: spacing.block,
        }),
        blockFromRuns(state, [{ kind: 'text', text: title, style: textStyle(theme, 'heading', { bold: true, size: sizes.title, colour: colours.accent }) }], {
          tag: 'H1',
          style: body,
          lineHeight: 1.15,
          spaceAfter: spacing.block,
          anchor: { destination: 'report-title', outline: { title, level: 1 } },
        }),
        blockFromRuns(state, [{ kind: 'text', text: categoryRank(theme, node), style: textStyle(theme, 'heading', { bold: true, size: sizes.heading2 }) }], {
          tag: 'P',
          style: body,
          spaceAfter: spacing.section * 3,
        }),
        blockFromRuns(state, [{ kind: 'text', text: `${node.edition.publisher} · ${node.edition.year}`, style: textStyle(theme, 'heading', { colour: colours.muted }) }], {
          tag: 'P',
          style: body,
        }),
      );
      state.blocks.push({ kind: 'close' }, { kind: 'pageBreak' }, { kind: 'contents' }, { kind: 'pageBreak' });
      all(state, handlers, node);
    },
    keyFindings(state, node) {
      state.blocks.push({ kind: 'open', tag: 'Sect' });
      heading(state, 'H2', labels.keyFindings, heading2, { anchor: { destination: 'key-findings', outline: { title: labels.keyFindings, level: 1 } }, spaceBefore: 0 });
      all(state, handlers, node);
      state.blocks.push({ kind: 'close' });
    },
    subCategory(state, node) {
      state.blocks.push({ kind: 'open', tag: 'Sect' });
      heading(state, 'H2', node.title, heading2, { anchor: { destination: `subcategory-${node.id}`, outline: { title: node.title, level: 1 } }, spaceAfter: 2, ...(node.position ? { origin: node.position } : {}) });
      state.blocks.push(
        blockFromRuns(state, [{ kind: 'text', text: subcategoryRank(theme, node), style: textStyle(theme, 'heading', { bold: true, colour: colours.muted }) }], {
          tag: 'P',
          style: body,
          keepWithNext: true,
          spaceAfter: spacing.block,
        }),
      );
      all(state, handlers, node);
      state.blocks.push({ kind: 'close' });
    },
    question(state, node) {
      state.blocks.push({ kind: 'open', tag: 'Sect' });
      const inHead = (child: Nodes): boolean => child.type === 'indicator' || child.type === 'score' || child.type === 'questionText';
      state.blocks.push(questionHead(state, handlers, node, node.children.filter(inHead)));
      for (const child of node.children) if (!inHead(child)) one(state, handlers, child, node);
      state.blocks.push({ kind: 'close' });
    },
    indicator(state, node, parent) {
      const title = plainText(node);
      const anchor: Anchor | undefined = parent?.type === 'question' ? { destination: `question-${parent.id}`, outline: { title, level: 2 } } : undefined;
      const style = headingStyle(theme, 3);
      withSource(state, node.source, () => {
        state.blocks.push(textBlock(state, { tag: 'H3', style, lineHeight: headingLineHeight, spaceAfter: 0, keepWithNext: true, width: state.contentWidth - state.indent - scoreColumn(state) - 12, ...(anchor ? { anchor } : {}) }, () => all(state, handlers, node)));
      });
    },
    score(state, node) {
      const label = textStyle(theme, 'heading', { size: sizes.small, colour: colours.muted });
      const value = textStyle(theme, 'heading', { bold: true, size: sizes.score, colour: colours.accent });
      state.blocks.push(
        blockFromRuns(state, [{ kind: 'text', text: labels.score, style: label }, { kind: 'lineBreak', style: label }, { kind: 'text', text: scoreValue(theme, node), style: value }], {
          tag: 'P',
          style: label,
          align: 'right',
          lineHeight: 1.1,
          width: scoreColumn(state),
          spaceAfter: 0,
        }),
      );
    },
    questionText(state, node) {
      const style = textStyle(theme, 'body', { italic: true });
      withSource(state, node.source, () => {
        state.blocks.push(
          textBlock(state, { tag: 'P', style, spaceAfter: 0 }, () => {
            state.runs?.push({ kind: 'text', text: questionLabel(theme), style: textStyle(theme, 'heading', { bold: true, size: sizes.small, colour: colours.muted }) });
            all(state, handlers, node);
          }),
        );
      });
    },
    rubric(state, node) {
      const padding = 5;
      const bandLabels = [labels.rubricScores, ...node.children.map((band) => bandScores(band))];
      const scoresWidth = Math.max(...bandLabels.map((text) => state.fonts.width(tableHead.font, text, tableHead.size))) + 2 * padding + 4;
      const columns = [scoresWidth, state.contentWidth - state.indent - scoresWidth] as const;
      const header = tableRow(
        [headerCell(state, labels.rubricScores, columns[0], padding, 'Column'), headerCell(state, labels.rubricDescription, columns[1], padding, 'Column')],
        false,
        padding,
      );
      const saved = state.rubric;
      state.rubric = { columns, padding, score: node.score, rows: [] };
      withSource(state, node.source, () => all(state, handlers, node));
      const rows = state.rubric.rows;
      state.rubric = saved;
      const caption = blockFromRuns(state, [{ kind: 'text', text: labels.rubricCaption, style: smallHeading }], { tag: 'Caption', style: smallHeading, lineHeight: 1.6, spaceAfter: 0 });
      state.blocks.push({ kind: 'table', caption, header, rows, columns, padding, spaceBefore: spacing.block, spaceAfter: spacing.block });
    },
    rubricBand(state, node) {
      const rubric = state.rubric;
      if (!rubric) return cannot(state, node);
      const [scoresWidth, descriptionWidth] = rubric.columns;
      withSource(state, node.source, () => {
        const description = textBlock(state, { tag: 'TD', style: small, lineHeight: 1.35, width: descriptionWidth - 2 * rubric.padding }, () => {
          all(state, handlers, node);
          // Marked in words as well as colour, for readers who can't see the highlight.
          if (node.selected) state.runs?.push({ kind: 'lineBreak', style: small }, { kind: 'text', text: selectedBandNote(theme, rubric.score), style: tableHead });
        });
        rubric.rows.push(tableRow([headerCell(state, bandScores(node), scoresWidth, rubric.padding, 'Row'), { tag: 'TD', lines: description.lines }], node.selected, rubric.padding));
      });
    },
    assessment(state, node) {
      all(state, handlers, node);
    },
    citationList(state, node) {
      heading(state, 'H4', labels.citations, heading4, { spaceBefore: spacing.block, spaceAfter: 3 });
      bibliography(state, handlers, node.children);
    },
    referenceList(state, node) {
      state.blocks.push({ kind: 'open', tag: 'Sect' });
      heading(state, 'H2', labels.references, heading2, { anchor: { destination: 'references', outline: { title: labels.references, level: 1 } } });
      bibliography(state, handlers, node.children);
      state.blocks.push({ kind: 'close' });
    },
    bibliographyEntry(state, node) {
      state.blocks.push(textBlock(state, { tag: 'BibEntry', style: small, lineHeight: 1.35, hanging: 14, spaceAfter: 3 }, () => all(state, handlers, node)));
    },

  };

  function headerCell(state: PdfState, text: string, width: number, padding: number, scope: 'Column' | 'Row'): TableCell {
    const lines = breakLines(coverRuns(state, [{ kind: 'text', text, style: tableHead }]), { fonts: state.fonts, lineHeight: 1.35, firstWidth: width - 2 * padding, restWidth: width - 2 * padding });
    return { tag: 'TH', scope, lines };
  }

  /** Width of the score beside the indicator title (the same for every question of a renderer). */
  let scoreWidth: number | undefined;
  function scoreColumn(state: PdfState): number {
    scoreWidth ??= Math.max(state.fonts.width(fontKey('heading', 'bold'), '10 / 10', sizes.score), state.fonts.width(fontKey('heading', 'regular'), labels.score, sizes.small)) + 4;
    return scoreWidth;
  }

  /** The question's head: a rule, the indicator title with the score beside it, the question below; never split. */
  function questionHead(state: PdfState, table: PdfHandlers, question: Question, head: readonly Nodes[]): GroupBlock {
    const made = collect(state, () => {
      for (const child of head) one(state, table, child, question);
    });
    const [indicator, score, questionText] = (['indicator', 'score', 'questionText'] as const).map((type) => made[head.findIndex((child) => child.type === type)]);
    const items: { block: TextBlock; x: number; y: number }[] = [];
    const top = 8;
    let below = top;
    if (isTextBlock(indicator)) {
      items.push({ block: indicator, x: 0, y: top });
      below = Math.max(below, top + linesHeight(indicator.lines));
    }
    if (isTextBlock(score)) {
      items.push({ block: score, x: state.contentWidth - scoreColumn(state) - state.indent, y: top });
      below = Math.max(below, top + linesHeight(score.lines));
    }
    if (isTextBlock(questionText)) {
      items.push({ block: questionText, x: 0, y: below + 6 });
      below += 6 + linesHeight(questionText.lines);
    }
    return {
      kind: 'group',
      items,
      decorations: [{ kind: 'rule', x: state.indent, y: 0, width: state.contentWidth - state.indent, thickness: 1.5, colour: colours.accent }],
      height: below,
      spaceBefore: spacing.section,
      spaceAfter: 0,
      keepWithNext: true,
    };
  }

  return handlers;
}

