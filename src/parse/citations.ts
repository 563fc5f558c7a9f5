/**
 * Pandoc-style citations in running text: `[@key]`, `[@a; @b]`, `[see @key, p. 33]`, `[-@key]`.
 *
 * CommonMark leaves an unmatched `[…]` as literal text, so a bracketed citation arrives here as part
 * of a `text` node; this plugin splits such nodes into text and `citation` nodes. The key syntax is
 * Pandoc's: a letter, digit or `_`, then letters, digits and internal punctuation.
 */
import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import type { Point, Position } from 'unist';
import type { Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { pointAt } from '../diagnostics/places.js';
import type { Citation, CiteItem } from '../tree/types.js';

/** A citation key, as Pandoc defines it. */
export const keyPattern = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*`;
/** A whole `@key`, as in a `::citations[@a; @b]` list. */
export const lonelyKeyPattern = new RegExp(`^@(${keyPattern})$`, 'u');

const bracketPattern = /\[([^[\]]*@[^[\]]*)\]/gu;
const itemPattern = new RegExp(String.raw`^(.*?)(-?)@(${keyPattern})(.*)$`, 'su');

/** Locator labels Pandoc recognises, mapped to CSL locator types. */
const locatorLabels: ReadonlyMap<string, string> = new Map([
  ['p.', 'page'], ['pp.', 'page'], ['page', 'page'], ['pages', 'page'],
  ['chap.', 'chapter'], ['chapter', 'chapter'], ['ch.', 'chapter'],
  ['sec.', 'section'], ['section', 'section'], ['§', 'section'], ['§§', 'section'],
  ['para.', 'paragraph'], ['paras.', 'paragraph'], ['fig.', 'figure'], ['vol.', 'volume'],
  ['no.', 'issue'], ['n.', 'note'], ['l.', 'line'], ['ll.', 'line'],
]);

/**
 * Parses the inside of a bracketed citation (`see @a, p. 3; @b`). Returns undefined when any part
 * is not a citation item, so that ordinary bracketed text stays text.
 */
export function parseCiteItems(inside: string): Omit<CiteItem, 'position'>[] | undefined {
  const items: Omit<CiteItem, 'position'>[] = [];
  for (const part of inside.split(';')) {
    const match = itemPattern.exec(part.trim());
    if (!match) return undefined;
    const [, prefix = '', dash = '', key = '', rest = ''] = match;
    // "me@example.org" is an address, not a citation: a key must follow a space or the start.
    if (prefix !== '' && !/\s$/u.test(prefix)) return undefined;
    const item: { -readonly [K in keyof CiteItem]?: CiteItem[K] } = { key };
    if (prefix.trim() !== '') item.prefix = prefix.trim();
    if (dash === '-') item.suppressAuthor = true;
    Object.assign(item, parseLocator(rest));
    items.push(item as Omit<CiteItem, 'position'>);
  }
  return items.length > 0 ? items : undefined;
}

function parseLocator(rest: string): Pick<CiteItem, 'label' | 'locator' | 'suffix'> {
  const trimmed = rest.trim();
  if (trimmed === '') return {};
  if (!trimmed.startsWith(',')) return { suffix: trimmed };
  const afterComma = trimmed.slice(1).trim();
  const [firstWord = '', ...others] = afterComma.split(/\s+/u);
  const label = locatorLabels.get(firstWord.toLowerCase());
  const locatorText = label === undefined ? afterComma : others.join(' ');
  if (!/^[\p{N}ivxlcdm]/iu.test(locatorText)) return { suffix: `, ${afterComma}` };
  const [locator = '', ...suffixParts] = locatorText.split(',');
  const suffix = suffixParts.join(',').trim();
  return {
    label: label ?? 'page',
    locator: locator.trim(),
    ...(suffix === '' ? {} : { suffix: `, ${suffix}` }),
  };
}

/** The key positions inside a citation, located in the raw source. */
function locateKeys(source: string, start: number, items: Omit<CiteItem, 'position'>[], toPoint: (offset: number) => Point | undefined): CiteItem[] {
  let cursor = start;
  return items.map((item) => {
    const at = source.indexOf(`@${item.key}`, cursor);
    if (at < 0) return item;
    cursor = at + item.key.length + 1;
    const from = toPoint(at);
    const to = toPoint(cursor);
    return from && to ? { ...item, position: { start: from, end: to } } : item;
  });
}

export interface SplitContext {
  readonly source: string;
  readonly toPoint: (offset: number) => Point | undefined;
}

/** Splits one text node into text and citation nodes; returns undefined if it holds no citation. */
export function splitCitations(node: Text, context: SplitContext): PhrasingContent[] | undefined {
  const value = node.value;
  if (!value.includes('@')) return undefined;
  const startOffset = node.position?.start.offset;
  const endOffset = node.position?.end.offset;
  const out: PhrasingContent[] = [];
  let last = 0;
  // Raw source offset where the next piece starts, while raw and value offsets can be matched up.
  let rawCursor: number | undefined = startOffset;
  const span = (from: number | undefined, to: number | undefined): { position?: Position } => {
    if (from === undefined || to === undefined) return {};
    const start = context.toPoint(from);
    const end = context.toPoint(to);
    return start && end ? { position: { start, end } } : {};
  };
  for (const match of value.matchAll(bracketPattern)) {
    const items = parseCiteItems(match[1] ?? '');
    if (!items) continue;
    const index = match.index;
    // Find the bracket in the raw source (escapes can make raw and value offsets differ).
    const rawAt = rawCursor === undefined ? -1 : context.source.indexOf(match[0], rawCursor);
    const inSpan = rawAt >= 0 && (endOffset === undefined || rawAt < endOffset);
    if (index > last) out.push({ type: 'text', value: value.slice(last, index), ...span(rawCursor, inSpan ? rawAt : undefined) });
    const citation: Citation = { type: 'citation', items, children: [] };
    if (inSpan) {
      Object.assign(citation, span(rawAt, rawAt + match[0].length));
      citation.items = locateKeys(context.source, rawAt, items, context.toPoint);
      rawCursor = rawAt + match[0].length;
    } else {
      rawCursor = undefined;
    }
    out.push(citation);
    last = index + match[0].length;
  }
  if (out.length === 0) return undefined;
  if (last < value.length) out.push({ type: 'text', value: value.slice(last), ...span(rawCursor, endOffset) });
  return out;
}

/** The remark plugin. */
const remarkPandocCitations: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile): void => {
    const context: SplitContext = { source: String(file.value), toPoint: (offset) => pointAt(file, offset) };
    visit(tree, 'text', (node: Text, index: number | undefined, parent: Parent | undefined) => {
      if (parent === undefined || index === undefined) return;
      const replacement = splitCitations(node, context);
      if (!replacement) return;
      parent.children.splice(index, 1, ...(replacement as Parent['children']));
      return [SKIP, index + replacement.length];
    });
  };
};

export default remarkPandocCitations;
