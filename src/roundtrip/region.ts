/**
 * One prose of a chapter (the key findings, or a question's assessment), as the DOCX shows it now,
 * turned into edits of the chapter's Markdown.
 *
 * Both sides become one text: the base's blocks as the DOCX showed them when it was written, and the
 * edited paragraphs, each joined by a paragraph break. The two are compared word by word (jsdiff on
 * tokens: words, white space, punctuation, a citation's rendering as one token, a paragraph break as
 * one token), and each difference becomes an edit at the source offsets its characters came from:
 * markup around changed words stays (a replaced italic word stays italic, and new text is italic
 * or bold as the DOCX has it), a deleted paragraph takes its Markdown (a list item's marker, a
 * quote's `>`) with it, a paragraph break added or removed becomes one in the Markdown of the kind
 * the DOCX paragraph is (a list item, a quote, a paragraph). Text that did not change is not touched,
 * byte for byte.
 */
import { diffArrays } from 'diff';
import { StyleId } from '../vocabulary/docx.js';
import type { BaseBlock, Region } from './base.js';
import { lineBreak } from './docx.js';
import type { ViewParagraph } from './views.js';
import type { Atom, MarkupSpan } from './visible.js';

/** Replace `from`–`to` of the chapter's text by `text`. */
export interface SourceEdit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** A change the import does not apply: it edits a citation's rendering, which references.yaml makes. */
export interface CitationTampering {
  readonly keys: readonly string[];
  /** Where the citation stands in the base text. */
  readonly offset: number;
  readonly words: string;
}

/** A citation's rendering and its source, which text an editor moves or pastes stands for. */
export interface CitationText {
  readonly text: string;
  readonly source: string;
}

export interface RegionResult {
  readonly edits: readonly SourceEdit[];
  readonly tamperings: readonly CitationTampering[];
  /** Where a character of the edited paragraphs stands in the base text (for comments and tracked changes). */
  sourceOffsetOf(paragraph: number, index: number): number;
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A citation's source, when the token is one's rendering. */
  readonly citation?: string;
}

interface Formatting {
  readonly italic: boolean;
  readonly bold: boolean;
}

const paragraphBreak = '\n';
const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/uy;
const spacePattern = /[^\S\n\u2028]+/uy;

/** Splits a text into tokens; `atoms` (sorted, not overlapping) are one token each. */
function tokenize(text: string, atoms: readonly { readonly start: number; readonly end: number; readonly citation?: string }[]): Token[] {
  const tokens: Token[] = [];
  let next = 0;
  let index = 0;
  while (index < text.length) {
    const atom = atoms[next];
    if (atom && atom.start <= index) {
      if (atom.start === index) {
        tokens.push({ text: text.slice(atom.start, atom.end), start: atom.start, end: atom.end, ...(atom.citation === undefined ? {} : { citation: atom.citation }) });
        index = atom.end;
      }
      next += 1;
      continue;
    }
    const limit = atom ? atom.start : text.length;
    const character = text.charAt(index);
    let end = index + 1;
    if (character !== paragraphBreak && character !== lineBreak) {
      wordPattern.lastIndex = index;
      spacePattern.lastIndex = index;
      const match = wordPattern.exec(text)?.[0] ?? spacePattern.exec(text)?.[0];
      if (match !== undefined) end = index + match.length;
      else if (/[\uD800-\uDBFF]/.test(character)) end = index + 2;
    }
    end = Math.min(end, limit);
    tokens.push({ text: text.slice(index, end), start: index, end });
    index = end;
  }
  return tokens;
}

/** Where the citations' renderings stand in a text, longest first, not overlapping. */
function citationsIn(text: string, citations: readonly CitationText[]): { start: number; end: number; citation: string }[] {
  const found: { start: number; end: number; citation: string }[] = [];
  for (const citation of [...citations].sort((a, b) => b.text.length - a.text.length)) {
    if (citation.text === '') continue;
    for (let at = text.indexOf(citation.text); at >= 0; at = text.indexOf(citation.text, at + 1)) {
      const end = at + citation.text.length;
      if (!found.some((other) => other.start < end && at < other.end)) found.push({ start: at, end, citation: citation.source });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The base side: each block's visible text, joined by a paragraph break. */
class BaseSide {
  readonly text: string;
  /** Where each block starts in `text`. */
  readonly starts: number[] = [];
  readonly atoms: { start: number; end: number; from: number; to: number; atom: Atom | undefined }[] = [];
  readonly spans: (MarkupSpan & { readonly block: number })[] = [];

  constructor(
    readonly blocks: readonly BaseBlock[],
    readonly source: string,
  ) {
    let text = '';
    blocks.forEach((block, index) => {
      if (index > 0) {
        const previous = blocks[index - 1];
        this.atoms.push({ start: text.length, end: text.length + 1, from: previous?.to ?? block.from, to: block.from, atom: undefined });
        text += paragraphBreak;
      }
      this.starts.push(text.length);
      for (const atom of block.visible.atoms) this.atoms.push({ start: text.length + atom.start, end: text.length + atom.end, from: atom.from, to: atom.to, atom });
      for (const span of block.visible.spans) this.spans.push({ ...span, start: text.length + span.start, end: text.length + span.end, block: index });
      text += block.visible.text;
    });
    this.text = text;
  }

  /** The block a character (or the place before it) belongs to, and its index there. */
  locate(index: number): { block: number; local: number } {
    let block = 0;
    while (block + 1 < this.starts.length && (this.starts[block + 1] ?? Infinity) <= index) block += 1;
    return { block, local: index - (this.starts[block] ?? 0) };
  }

  blockAt(index: number): BaseBlock {
    const block = this.blocks[this.locate(index).block] ?? this.blocks[0];
    if (!block) throw new Error('a prose without blocks');
    return block;
  }

  isSeparator(index: number): boolean {
    return this.atoms.some((atom) => atom.atom === undefined && atom.start === index);
  }

  /** The source of a character: its atom's whole source, or its own offset. */
  charSource(index: number): { from: number; to: number } {
    const atom = this.atoms.find((candidate) => candidate.start <= index && index < candidate.end);
    if (atom) return { from: atom.from, to: atom.to };
    const { block, local } = this.locate(index);
    const at = this.blocks[block]?.visible.at[local] ?? 0;
    return { from: at, to: at + 1 };
  }

  formattingAt(index: number): Formatting {
    const { block, local } = this.locate(index);
    const visible = this.blocks[block]?.visible;
    return { italic: visible?.italic[local] ?? false, bold: visible?.bold[local] ?? false };
  }

  inAtom(index: number): boolean {
    return this.atoms.some((atom) => atom.atom !== undefined && atom.start <= index && index < atom.end);
  }

  /** Where text inserted before the character at `index` (or at the end) goes, outside markup. */
  insertAt(index: number): number {
    const { block, local } = this.locate(index);
    const visible = this.blocks[block]?.visible;
    if (!visible) return 0;
    // At a paragraph break, the place before it: the end of the block before.
    return visible.insertAt[Math.min(local, visible.text.length)] ?? 0;
  }

  /** The formatting markup gives text at a source offset: the innermost span whose content holds it. */
  formattingOfOffset(offset: number): Formatting {
    let innermost: MarkupSpan | undefined;
    for (const span of this.spans) {
      if (span.contentFrom <= offset && offset <= span.contentTo && (!innermost || span.contentTo - span.contentFrom <= innermost.contentTo - innermost.contentFrom)) innermost = span;
    }
    return { italic: innermost?.italic ?? false, bold: innermost?.bold ?? false };
  }
}

/** The edited side: the paragraphs' texts, joined by a paragraph break. */
class NewSide {
  readonly text: string;
  readonly italic: boolean[] = [];
  readonly bold: boolean[] = [];
  readonly starts: number[] = [];

  constructor(readonly paragraphs: readonly ViewParagraph[]) {
    let text = '';
    paragraphs.forEach((paragraph, index) => {
      if (index > 0) {
        text += paragraphBreak;
        this.italic.push(false);
        this.bold.push(false);
      }
      this.starts.push(text.length);
      text += paragraph.text;
      this.italic.push(...paragraph.italic);
      this.bold.push(...paragraph.bold);
    });
    this.text = text;
  }

  /** The paragraph a paragraph break at `index` starts. */
  paragraphAfter(index: number): ViewParagraph | undefined {
    const next = this.starts.findIndex((start) => start > index);
    return next < 0 ? undefined : this.paragraphs[next];
  }
}

/** Characters Markdown would read as markup, escaped in text an editor typed. */
function escapeMarkdown(text: string, atLineStart: boolean): string {
  let escaped = text.replace(/[\\`*_[\]<>&]/g, (character) => (character === '&' ? '&amp;' : `\\${character}`));
  if (atLineStart) escaped = escaped.replace(/^(\s*)([#+\-=:|]|\d+[.)])/, (_whole, space: string, marker: string) => `${space}${marker.replace(/^(\d+)([.)])$/, '$1\\$2').replace(/^([#+\-=:|])$/, '\\$1')}`);
  return escaped;
}

/** Wraps runs of `text` whose formatting the context lacks in `*` and `**`, white space left outside. */
function formatted(text: string, formats: readonly Formatting[], context: Formatting, atLineStart: boolean): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const format = formats[index] ?? context;
    let end = index + 1;
    while (end < text.length && (formats[end]?.italic ?? context.italic) === format.italic && (formats[end]?.bold ?? context.bold) === format.bold) end += 1;
    const run = text.slice(index, end);
    const escaped = escapeMarkdown(run, atLineStart && index === 0);
    const bold = format.bold && !context.bold ? '**' : '';
    const italic = format.italic && !context.italic ? '*' : '';
    const words = /^(\s*)(.*?)(\s*)$/su.exec(escaped);
    if (bold + italic !== '' && words?.[2]) result += `${words[1] ?? ''}${bold}${italic}${words[2]}${italic}${bold}${words[3] ?? ''}`;
    else result += escaped;
    index = end;
  }
  return result;
}

/** The Markdown that starts a new paragraph after `block`, of the kind the DOCX paragraph is. */
function breakBefore(block: BaseBlock, paragraph: ViewParagraph | undefined, source: string): string {
  const items = block.containers.filter((container) => container.type === 'listItem');
  const item = items.at(-1);
  const list = block.containers.filter((container) => container.type === 'list').at(-1);
  const lineStart = (offset: number) => source.lastIndexOf('\n', offset - 1) + 1;
  if (paragraph?.numbered === true) {
    if (!item || !list || list.type !== 'list') return '\n\n- ';
    const itemFrom = item.position?.start.offset ?? block.from;
    const contentFrom = item.children[0]?.position?.start.offset ?? block.from;
    const marker = source.slice(itemFrom, contentFrom).replace(/^(\d+)([.)])/, (_whole, number: string, delimiter: string) => `${String(Number(number) + 1)}${delimiter}`);
    return `\n${list.spread === true ? '\n' : ''}${' '.repeat(itemFrom - lineStart(itemFrom))}${marker}`;
  }
  if (paragraph?.style === StyleId.quote) return block.containers.some((container) => container.type === 'blockquote') ? '\n>\n> ' : '\n\n> ';
  if (item && paragraph?.style === StyleId.listParagraph) {
    const contentFrom = item.children[0]?.position?.start.offset ?? block.from;
    return `\n\n${' '.repeat(contentFrom - lineStart(contentFrom))}`;
  }
  return '\n\n';
}

/** A word of three letters or more that both texts have: an edit of a citation's words rather than a new text in its place. */
function sharesAWord(a: string, b: string): boolean {
  const words = new Set(a.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
  return (b.toLowerCase().match(/\p{L}{3,}/gu) ?? []).some((word) => words.has(word));
}

/**
 * The edits that make the region's source say what `paragraphs` say. `citations` are every citation
 * of the chapter (a citation may be moved from one prose to another).
 */
export function regionEdits(region: Region, paragraphs: readonly ViewParagraph[], source: string, citations: readonly CitationText[]): RegionResult {
  const base = new BaseSide(region.blocks, source);
  const edited = new NewSide(paragraphs);
  const baseTokens = tokenize(
    base.text,
    base.atoms.map((atom) => ({ start: atom.start, end: atom.end, ...(atom.atom?.kind === 'citation' ? { citation: source.slice(atom.from, atom.to) } : {}) })),
  );
  const newAtoms = [
    ...citationsIn(edited.text, citations),
  ];
  const newTokens = tokenize(edited.text, newAtoms);
  const changes = diffArrays(
    baseTokens.map((token) => token.text),
    newTokens.map((token) => token.text),
  );

  // Each new character's base character (≥ 0), or −(the base place it was inserted at + 1).
  const mapped: number[] = new Array<number>(edited.text.length).fill(-1);
  const edits: SourceEdit[] = [];
  const tamperings: CitationTampering[] = [];
  let baseIndex = 0;
  let newIndex = 0;
  let hunk: { baseFrom: number; baseTo: number; newFrom: number; newTo: number } | undefined;
  const charStart = (tokens: readonly Token[], index: number, whole: string) => tokens[index]?.start ?? whole.length;
  const close = () => {
    if (!hunk) return;
    const { baseFrom, baseTo, newFrom, newTo } = hunk;
    const bs = charStart(baseTokens, baseFrom, base.text);
    const be = charStart(baseTokens, baseTo, base.text);
    const ns = charStart(newTokens, newFrom, edited.text);
    const ne = charStart(newTokens, newTo, edited.text);
    for (let index = ns; index < ne; index += 1) mapped[index] = -(bs + 1);
    applyHunk({ bs, be, ns, ne, tokens: newTokens.slice(newFrom, newTo), removed: baseTokens.slice(baseFrom, baseTo) });
    hunk = undefined;
  };

  const applyHunk = (change: { bs: number; be: number; ns: number; ne: number; tokens: readonly Token[]; removed: readonly Token[] }): void => {
    let { bs, be, ns } = change;
    let inserted = edited.text.slice(ns, change.ne);
    // An edit of a citation's words: not applied (the style makes them from references.yaml).
    const citation = change.removed.find((token) => token.citation !== undefined);
    if (citation && inserted !== '' && !change.tokens.some((token) => token.citation === citation.citation) && sharesAWord(citation.text, inserted)) {
      const atom = base.atoms.find((candidate) => candidate.start === citation.start);
      tamperings.push({ keys: atom?.atom?.keys ?? [], offset: atom?.from ?? 0, words: inserted });
      return;
    }
    // "Z¶" inserted after a paragraph break is "¶Z" inserted before it: the new paragraph follows the block before.
    if (bs === be && inserted.endsWith(paragraphBreak) && !inserted.startsWith(paragraphBreak) && bs > 0 && base.isSeparator(bs - 1)) {
      bs -= 1;
      be -= 1;
      ns -= 1;
      inserted = paragraphBreak + inserted.slice(0, -1);
    }
    if (bs === be) insertion(bs, ns, inserted);
    else replacement(bs, be, ns, inserted);
  };

  /** The Markdown of edited text from `ns`, `inserted` (paragraph breaks start paragraphs after `block`). */
  const markdownOf = (ns: number, inserted: string, context: Formatting, block: BaseBlock, startsLine: boolean): string => {
    const parts = inserted.split(paragraphBreak);
    let at = ns;
    let result = '';
    parts.forEach((part, index) => {
      if (index > 0) {
        // A new paragraph: its break, and its text without the white space around the break.
        result = result.replace(/[ \t]+$/, '');
        result += breakBefore(block, edited.paragraphAfter(at - 1), source);
      }
      const trimmed = index > 0 ? part.replace(/^[ \t]+/, '') : part;
      const skipped = part.length - trimmed.length;
      result += inlineMarkdown(at + skipped, trimmed, index > 0 ? { italic: false, bold: false } : context, startsLine || index > 0);
      at += part.length + 1;
    });
    return result;
  };

  /** Edited text without paragraph breaks as Markdown: a citation's rendering as its source, the rest escaped and formatted. */
  const inlineMarkdown = (start: number, text: string, context: Formatting, atLineStart: boolean): string => {
    const found = citationsIn(text, citations);
    let result = '';
    let at = 0;
    for (const citation of [...found, { start: text.length, end: text.length, citation: '' }]) {
      const plain = text.slice(at, citation.start);
      const formats = Array.from({ length: plain.length }, (_unused, index) => ({ italic: edited.italic[start + at + index] ?? false, bold: edited.bold[start + at + index] ?? false }));
      result += formatted(plain, formats, context, atLineStart && at === 0);
      result += citation.citation;
      at = citation.end;
    }
    return result;
  };

  const insertion = (index: number, ns: number, inserted: string): void => {
    const block = base.blockAt(index === base.text.length ? Math.max(0, index - 1) : index);
    // Typed text takes the formatting of the character before it (as Word and LibreOffice do), else of the one after.
    const first: Formatting = { italic: edited.italic[ns] ?? false, bold: edited.bold[ns] ?? false };
    const same = (other: Formatting) => other.italic === first.italic && other.bold === first.bold;
    const { local } = base.locate(index);
    let offset = base.insertAt(index);
    let context = base.formattingOfOffset(offset);
    if (!inserted.startsWith(paragraphBreak)) {
      if (local > 0 && !base.inAtom(index - 1) && same(base.formattingAt(index - 1))) {
        offset = base.charSource(index - 1).to;
        context = base.formattingAt(index - 1);
      } else if (index < base.text.length && !base.isSeparator(index) && !base.inAtom(index) && same(base.formattingAt(index))) {
        offset = base.charSource(index).from;
        context = base.formattingAt(index);
      }
    }
    if (index === 0 && inserted.endsWith(paragraphBreak) && !inserted.startsWith(paragraphBreak)) {
      // New paragraphs before the prose's first block: before the block it belongs to, each ended by a break.
      const top = block.top.position?.start.offset ?? block.from;
      const text = markdownOf(ns, inserted.slice(0, -1), { italic: false, bold: false }, block, true);
      edits.push({ from: top, to: top, text: `${text.replace(/[ \t]+$/, '')}\n\n` });
      return;
    }
    const text = markdownOf(ns, inserted, context, block, false);
    edits.push(widened({ from: offset, to: offset, text }, inserted));
  };

  const replacement = (bs: number, be: number, ns: number, inserted: string): void => {
    let from = base.charSource(bs).from;
    let to = base.charSource(be - 1).to;
    // Markup wholly inside the range goes with it; the delimiters of markup it only enters stay.
    const covered = base.spans.filter((span) => span.start >= bs && span.end <= be && span.end > span.start);
    for (const span of covered) {
      from = Math.min(from, span.from);
      to = Math.max(to, span.to);
    }
    const kept = base.spans
      .filter((span) => !covered.includes(span) && span.start < be && bs < span.end)
      .flatMap((span) => [
        { from: span.from, to: span.contentFrom },
        { from: span.contentTo, to: span.to },
      ])
      .filter((delimiter) => delimiter.from < to && from < delimiter.to && delimiter.to > delimiter.from)
      .sort((a, b) => a.from - b.from);
    const pieces: { from: number; to: number }[] = [];
    let cursor = from;
    for (const delimiter of kept) {
      if (delimiter.from > cursor) pieces.push({ from: cursor, to: Math.min(delimiter.from, to) });
      cursor = Math.max(cursor, delimiter.to);
    }
    if (cursor < to) pieces.push({ from: cursor, to });
    const first = pieces[0] ?? { from, to: from };
    const block = base.blockAt(be - 1);
    const context = base.formattingOfOffset(first.from);
    const text = markdownOf(ns, inserted, context, block, false);
    edits.push(widened({ from: first.from, to: first.to, text }, inserted));
    for (const piece of pieces.slice(1)) edits.push({ from: piece.from, to: piece.to, text: '' });
  };

  /** An edit that starts or ends a paragraph takes the spaces beside it in the source with it. */
  const widened = (edit: SourceEdit, inserted: string): SourceEdit => {
    let { from, to } = edit;
    if (inserted.startsWith(paragraphBreak)) while (from > 0 && /[ \t]/.test(source.charAt(from - 1))) from -= 1;
    if (inserted.endsWith(paragraphBreak)) while (/[ \t]/.test(source.charAt(to))) to += 1;
    return { from, to, text: edit.text };
  };

  for (const change of changes) {
    const count = change.count;
    if (change.added) {
      hunk ??= { baseFrom: baseIndex, baseTo: baseIndex, newFrom: newIndex, newTo: newIndex };
      newIndex += count;
      hunk.newTo = newIndex;
    } else if (change.removed) {
      hunk ??= { baseFrom: baseIndex, baseTo: baseIndex, newFrom: newIndex, newTo: newIndex };
      baseIndex += count;
      hunk.baseTo = baseIndex;
    } else {
      close();
      for (let offset = 0; offset < count; offset += 1) {
        const baseToken = baseTokens[baseIndex + offset];
        const newToken = newTokens[newIndex + offset];
        if (!baseToken || !newToken) continue;
        for (let index = 0; index < newToken.end - newToken.start; index += 1) mapped[newToken.start + index] = baseToken.start + Math.min(index, baseToken.end - baseToken.start - 1);
      }
      baseIndex += count;
      newIndex += count;
    }
  }
  close();

  return {
    edits,
    tamperings,
    sourceOffsetOf(paragraph, index) {
      const at = (edited.starts[paragraph] ?? 0) + index;
      const target = at < mapped.length ? (mapped[at] ?? -1) : -(base.text.length + 1);
      if (target >= 0) return base.charSource(target).from;
      return base.insertAt(Math.min(-target - 1, base.text.length));
    },
  };
}
