/**
 * The PDF edition's handlers for the Markdown inside the document model: phrasing becomes styled
 * runs, blocks become measured blocks (`blocks.ts`). Each handler gets the state explicitly and
 * returns what it made; nothing is passed between handlers by side effect.
 */
import type { Parents } from 'mdast';
import { handleContent, unrenderedHandlers, type ContentHandlers, type ContentNode } from '../../document/handlers.js';
import { plainText } from '../../document/plain-text.js';
import { noteAnchor, pdfDestination } from '../../vocabulary/anchors.js';
import { pdfTags } from '../../vocabulary/pdf.js';
import { unformattedCitation, unrenderable } from '../problems.js';
import type { Block, Marker, TextBlock } from './blocks.js';
import { fontKey } from './fonts.js';
import type { InlineRun, TextStyle } from './inline.js';
import { textStyle, withFontStyle } from './styles.js';
import { textBlock, withTextDirection, type PdfState } from './text.js';

/** What a handler gives back: runs inside a block of text, or blocks. */
export type PdfResult = { readonly kind: 'runs'; readonly runs: readonly InlineRun[] } | { readonly kind: 'blocks'; readonly blocks: readonly Block[] };

const runs = (items: readonly InlineRun[]): PdfResult => ({ kind: 'runs', runs: items });
const blocks = (items: readonly Block[]): PdfResult => ({ kind: 'blocks', blocks: items });

function one(state: PdfState, node: ContentNode, parent: Parents | undefined): PdfResult {
  return handleContent(pdfContent, state, node, parent);
}

/** The runs of phrasing content, in the state's style. */
export function runsOf(state: PdfState, nodes: readonly ContentNode[], parent?: Parents): InlineRun[] {
  return nodes.flatMap((node) => {
    const result = one(state, node, parent);
    if (result.kind === 'runs') return result.runs;
    if (result.blocks.length > 0) state.context.problems.report(unrenderable('PDF', node));
    return [];
  });
}

/** The blocks of Markdown blocks; text standing among them cannot be set and is reported. */
export function blocksOf(state: PdfState, nodes: readonly ContentNode[], parent?: Parents): Block[] {
  return nodes.flatMap((node) => {
    const result = one(state, node, parent);
    if (result.kind === 'blocks') return result.blocks;
    state.context.problems.report(unrenderable('PDF', node));
    return [];
  });
}

function isTextBlock(block: Block | undefined): block is TextBlock {
  return block?.kind === 'text';
}

/** A list item's bullet or number goes beside its first line of text (unless a nested list's marker is already there). */
function withMarker(items: readonly Block[], marker: Marker): Block[] {
  const first = items.findIndex(isTextBlock);
  const block = items[first];
  if (!isTextBlock(block) || block.marker) return [...items];
  return items.map((item, index) => (index === first ? { ...block, marker } : item));
}

/** A footnote's number in the text: this much of the text's size, raised by this much of it. */
const noteCallScale = 0.62;
const noteCallRise = 0.36;

/** The handlers of the Markdown inside the model. */
export const pdfContent: ContentHandlers<PdfState, PdfResult> = {
  // Never in a report tree: reported, not dropped silently.
  ...unrenderedHandlers((state: PdfState, node: ContentNode) => {
    state.context.problems.report(unrenderable('PDF', node));
    return blocks([]);
  }),

  // —— Phrasing ——
  text(state, node) {
    return runs([{ kind: 'text', text: node.value, style: state.style, ...(node.position ? { position: node.position } : {}) }]);
  },
  emphasis(state, node) {
    return runs(runsOf({ ...state, style: withFontStyle(state.style, { italic: true }) }, node.children, node));
  },
  strong(state, node) {
    return runs(runsOf({ ...state, style: withFontStyle(state.style, { bold: true }) }, node.children, node));
  },
  inlineCode(state, node) {
    return runs([{ kind: 'text', text: node.value, style: { ...state.style, font: fontKey('heading', 'regular'), code: true }, ...(node.position ? { position: node.position } : {}) }]);
  },
  break(state) {
    return runs([{ kind: 'lineBreak', style: state.style }]);
  },
  link(state, node) {
    const text = plainText(node);
    // A fresh object per link: its text forms one Link element, however many lines it spans.
    const style: TextStyle = {
      ...state.style,
      colour: state.context.theme.colours.link,
      underline: true,
      link: { kind: 'uri', uri: node.url, text: text.replace(/\s+/g, ' ').trim() },
      url: text === node.url || /^(?:https?:\/\/|www\.)/.test(text),
    };
    return runs(runsOf({ ...state, style }, node.children, node));
  },
  citation(state, node) {
    if (node.children.length === 0) {
      state.context.problems.report(unformattedCitation('PDF', node));
      return runs([]);
    }
    return runs(runsOf(state, node.children, node));
  },
  citedWork(state, node) {
    if (!node.entry) return runs(runsOf(state, node.children, node));
    // A work's words in a citation, a link to its entry in the reference list; a fresh object per link, as for a web address.
    const style: TextStyle = { ...state.style, colour: state.context.theme.colours.link, link: { kind: 'destination', name: pdfDestination(node.entry), text: plainText(node).replace(/\s+/g, ' ').trim() } };
    return runs(runsOf({ ...state, style }, node.children, node));
  },
  languageSpan(state, node) {
    return runs(runsOf({ ...state, style: { ...state.style, lang: node.lang } }, node.children, node));
  },
  noteCall(state, node) {
    // The note's number, raised and smaller, linked to the note at the foot of the page; `note` tells the paginator to set the note there.
    const label = String(node.number);
    const { size } = state.style;
    const style: TextStyle = {
      ...state.style,
      size: size * noteCallScale,
      rise: size * noteCallRise,
      colour: state.context.theme.colours.link,
      underline: false,
      url: false,
      link: { kind: 'destination', name: noteAnchor(node.number, state.chapter), text: label },
      note: node.number,
    };
    return runs([{ kind: 'text', text: label, style }]);
  },

  // —— Blocks ——
  paragraph(state, node) {
    return blocks([withTextDirection(textBlock(state, runsOf({ ...state, style: textStyle(state.context.theme, 'body') }, node.children, node), { tag: pdfTags.paragraph, align: 'justify' }))]);
  },
  blockquote(state, node) {
    return blocks([{ kind: 'open', tag: pdfTags.blockQuote }, ...blocksOf({ ...state, indent: state.indent + 18 }, node.children, node), { kind: 'close' }]);
  },
  list(state, node) {
    const { theme } = state.context;
    const body = textStyle(theme, 'body');
    const items = node.children.flatMap((item, index): Block[] => {
      const marker: Marker = { text: node.ordered ? `${(node.start ?? 1) + index}.` : '•', font: body.font, size: body.size, colour: theme.colours.text, right: -5 };
      const result = one({ ...state, indent: state.indent + 16 }, item, node);
      const made = result.kind === 'blocks' ? withMarker(result.blocks, marker) : [];
      return [{ kind: 'open', tag: pdfTags.listItem }, { kind: 'open', tag: pdfTags.listBody }, ...made, { kind: 'close' }, { kind: 'close' }];
    });
    return blocks([{ kind: 'open', tag: pdfTags.list, listNumbering: node.ordered ? 'Decimal' : 'Disc' }, ...items, { kind: 'close' }]);
  },
  listItem(state, node) {
    // Tight list items hold paragraphs too; they are set like any paragraph, a little closer.
    const made = blocksOf(state, node.children, node);
    const last = made.findLastIndex(isTextBlock);
    const block = made[last];
    if (node.spread === true || !isTextBlock(block)) return blocks(made);
    return blocks(made.map((item, index) => (index === last ? { ...block, spaceAfter: state.context.theme.spacing.paragraph / 2 } : item)));
  },
  code(state, node) {
    const style: TextStyle = { ...textStyle(state.context.theme, 'heading', { size: state.context.theme.sizes.small }), code: true };
    const lines = node.value.split('\n').flatMap((line, index): InlineRun[] => [...(index > 0 ? [{ kind: 'lineBreak', style } as const] : []), ...(line === '' ? [] : [{ kind: 'text', text: line, style } as const])]);
    return blocks([textBlock(state, lines, { tag: pdfTags.paragraph, align: 'left' })]);
  },
  thematicBreak(state) {
    const { theme, contentWidth } = state.context;
    return blocks([
      {
        kind: 'group',
        items: [],
        decorations: [{ kind: 'rule', x: state.indent, y: theme.spacing.block / 2, width: contentWidth - state.indent, thickness: 0.75, colour: theme.colours.rule }],
        height: theme.spacing.block,
        spaceBefore: 0,
        spaceAfter: 0,
        keepWithNext: false,
      },
    ]);
  },
};
