/**
 * A block of a chapter's Markdown as a reader of the DOCX sees it, character by character, each
 * character tied to where it stands in the chapter's text. Markup is invisible (`*`, `**`, a link's
 * brackets and address, a backslash escape); a citation shows as its rendering ("(Yashiro 2016)"),
 * which is one atom tied to its whole `[@key]`; an entity (`&amp;`) is one atom; a soft line break
 * is a space, a hard one a line break. This mirrors the DOCX writer's Markdown handlers
 * (src/render/docx/content.ts), and the unedited round trip (test/roundtrip/) holds the two together:
 * every block's text here equals its paragraph's text in the DOCX.
 */
import type { Nodes, PhrasingContent } from 'mdast';
import { plainText } from '../document/plain-text.js';
import { lineBreak } from './docx.js';

/** Markup around text: emphasis, strong, a link, code; edited inside, deleted with its delimiters. */
export interface MarkupSpan {
  /** Visible characters it holds: `start` to `end`. */
  readonly start: number;
  readonly end: number;
  /** Its whole source, delimiters included. */
  readonly from: number;
  readonly to: number;
  /** Where its content starts and ends in the source (inside the delimiters). */
  readonly contentFrom: number;
  readonly contentTo: number;
  readonly italic: boolean;
  readonly bold: boolean;
}

/** Characters edited only as a whole: a citation (or an entity, a hard line break), with its source. */
export interface Atom {
  readonly kind: 'citation' | 'entity' | 'break';
  readonly start: number;
  readonly end: number;
  readonly from: number;
  readonly to: number;
  /** A citation's keys. */
  readonly keys: readonly string[];
}

export interface VisibleText {
  readonly text: string;
  /** For each character, its offset in the chapter's text. */
  readonly at: readonly number[];
  /**
   * For each place between characters (0 to the text's length): where text inserted there goes in the
   * source when it is formatted as the text outside any markup that ends or starts there.
   */
  readonly insertAt: readonly number[];
  /** Per character: whether it is italic or bold in the editions. */
  readonly italic: readonly boolean[];
  readonly bold: readonly boolean[];
  readonly spans: readonly MarkupSpan[];
  readonly atoms: readonly Atom[];
}

interface Formatting {
  readonly italic: boolean;
  readonly bold: boolean;
}

/** Builds a block's visible text, walking its phrasing as the DOCX writer does. */
class VisibleBuilder {
  text = '';
  readonly at: number[] = [];
  readonly insertAt: number[] = [];
  readonly italic: boolean[] = [];
  readonly bold: boolean[] = [];
  readonly spans: MarkupSpan[] = [];
  readonly atoms: Atom[] = [];
  /** Where an insertion before the next character goes, when markup ended or started just before it. */
  private pending: number | undefined;
  private lastEnd: number;

  constructor(
    readonly source: string,
    start: number,
  ) {
    this.lastEnd = start;
  }

  push(character: string, offset: number, formatting: Formatting): void {
    this.insertAt.push(this.pending ?? this.lastEnd);
    this.pending = undefined;
    this.text += character;
    this.at.push(offset);
    this.italic.push(formatting.italic);
    this.bold.push(formatting.bold);
    this.lastEnd = offset + 1;
  }

  /** Markup opens at `offset`: text inserted before the next character goes before it (the outermost that opens). */
  open(offset: number): void {
    this.pending ??= offset;
  }

  /** Markup closes at `offset` (after its delimiter): text inserted after it goes after the outermost that closes. */
  close(offset: number): void {
    this.pending = offset;
    this.lastEnd = offset;
  }

  finish(end: number): VisibleText {
    this.insertAt.push(this.pending ?? Math.min(this.lastEnd, end));
    return { text: this.text, at: this.at, insertAt: this.insertAt, italic: this.italic, bold: this.bold, spans: this.spans, atoms: this.atoms };
  }

  /** `value` as the editions show it, tied character by character to the source from `from` to `to`. */
  align(value: string, from: number, to: number, formatting: Formatting): void {
    let cursor = from;
    for (let index = 0; index < value.length; index += 1) {
      const character = value.charAt(index);
      let placed = false;
      while (cursor < to) {
        const raw = this.source.charAt(cursor);
        if (raw === character || (character === ' ' && /\s/.test(raw)) || (character === lineBreak && raw === '\n')) {
          this.push(character, cursor, formatting);
          cursor += 1;
          placed = true;
          break;
        }
        if (raw === '\\' && this.source.charAt(cursor + 1) === character) {
          this.push(character, cursor + 1, formatting);
          cursor += 2;
          placed = true;
          break;
        }
        const entity = raw === '&' ? /^&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.exec(this.source.slice(cursor, to))?.[0] : undefined;
        if (entity !== undefined) {
          const decoded = decodeEntityAt(value, index, entity);
          if (decoded > 0) {
            const start = this.text.length;
            for (let part = 0; part < decoded; part += 1) this.push(value.charAt(index + part), cursor, formatting);
            this.atoms.push({ kind: 'entity', start, end: start + decoded, from: cursor, to: cursor + entity.length, keys: [] });
            index += decoded - 1;
            cursor += entity.length;
            placed = true;
            break;
          }
        }
        // Markup, or white space the editions do not show (a line's indentation, a quote's `>`).
        cursor += 1;
      }
      // Text the source does not hold as it is (should not happen): tied to where the node ends.
      if (!placed) this.push(character, Math.max(from, to - 1), formatting);
    }
  }
}

/** How many characters of `value` from `index` the entity stands for (0: it does not). */
function decodeEntityAt(value: string, index: number, entity: string): number {
  const body = entity.slice(1, -1);
  let decoded: string | undefined;
  if (body.startsWith('#x') || body.startsWith('#X')) decoded = String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  else if (body.startsWith('#')) decoded = String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  else decoded = namedEntities[body];
  return decoded !== undefined && value.startsWith(decoded, index) ? decoded.length : 0;
}

const namedEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', copy: '©', shy: '\u00ad' };

const offsetsOf = (node: Nodes): { from: number; to: number } | undefined => {
  const from = node.position?.start.offset;
  const to = node.position?.end.offset;
  return from === undefined || to === undefined ? undefined : { from, to };
};

/** The first and last source offsets of a node's content (its children), inside its delimiters. */
function contentOf(node: Nodes & { children: readonly Nodes[] }, span: { from: number; to: number }): { from: number; to: number } {
  const first = node.children.at(0);
  const last = node.children.at(-1);
  return { from: (first && offsetsOf(first)?.from) ?? span.from, to: (last && offsetsOf(last)?.to) ?? span.to };
}

function phrasing(builder: VisibleBuilder, nodes: readonly PhrasingContent[], formatting: Formatting): void {
  for (const node of nodes) inline(builder, node, formatting);
}

function inline(builder: VisibleBuilder, node: PhrasingContent, formatting: Formatting): void {
  const span = offsetsOf(node);
  if (!span) return;
  switch (node.type) {
    case 'text':
      // As the DOCX writer: a soft line break (and the white space around it) is one space.
      builder.align(node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '), span.from, span.to, formatting);
      return;
    case 'emphasis':
    case 'strong':
    case 'delete':
    case 'link':
    case 'linkReference': {
      const inner = { italic: formatting.italic || node.type === 'emphasis', bold: formatting.bold || node.type === 'strong' };
      const start = builder.text.length;
      builder.open(span.from);
      phrasing(builder, node.children, inner);
      builder.close(span.to);
      const content = contentOf(node, span);
      builder.spans.push({ start, end: builder.text.length, from: span.from, to: span.to, contentFrom: content.from, contentTo: content.to, italic: inner.italic, bold: inner.bold });
      return;
    }
    case 'languageSpan':
      // No formatting of its own, so no markup span: an edit of its words stays inside
      // `:span[…]{lang=…}` (a markup span's words replaced whole take their markup with them).
      builder.open(span.from);
      phrasing(builder, node.children, formatting);
      builder.close(span.to);
      return;
    case 'inlineCode': {
      const start = builder.text.length;
      builder.open(span.from);
      builder.align(node.value, span.from, span.to, formatting);
      builder.close(span.to);
      const raw = builder.source.slice(span.from, span.to);
      const opening = /^`+ ?/.exec(raw)?.[0].length ?? 1;
      const closing = / ?`+$/.exec(raw)?.[0].length ?? 1;
      builder.spans.push({ start, end: builder.text.length, from: span.from, to: span.to, contentFrom: span.from + opening, contentTo: span.to - closing, italic: formatting.italic, bold: formatting.bold });
      return;
    }
    case 'break':
      atomic(builder, 'break', lineBreak, span, formatting, []);
      return;
    case 'citation':
      atomic(
        builder,
        'citation',
        plainText(node),
        span,
        formatting,
        node.items.map((item) => item.key),
      );
      return;
    default:
      // Nothing else is in a report tree's prose (raw HTML and images are reported and left out).
      return;
  }
}

/** Characters that stand for a piece of source as a whole. */
function atomic(builder: VisibleBuilder, kind: Atom['kind'], text: string, span: { from: number; to: number }, formatting: Formatting, keys: readonly string[]): void {
  const start = builder.text.length;
  builder.open(span.from);
  for (const character of text) for (const unit of character) builder.push(unit, span.from, formatting);
  builder.close(span.to);
  builder.atoms.push({ kind, start, end: builder.text.length, from: span.from, to: span.to, keys });
}

/** A leaf block of prose (a paragraph, a code block, a thematic break) as the DOCX shows it. */
export function visibleText(node: Nodes, source: string): VisibleText {
  const span = offsetsOf(node) ?? { from: 0, to: 0 };
  const builder = new VisibleBuilder(source, span.from);
  const upright: Formatting = { italic: false, bold: false };
  if (node.type === 'paragraph') phrasing(builder, node.children, upright);
  else if (node.type === 'code') builder.align(node.value.replace(/\r?\n/g, lineBreak), span.from, span.to, upright);
  return builder.finish(span.to);
}
