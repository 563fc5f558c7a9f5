/**
 * The Markdown inside key findings and assessments. Keeps what every edition renders (paragraphs,
 * lists, quotes, code, breaks, emphasis, strong, code spans, links, citations), resolves
 * reference-style links, and reports everything else at its position — nothing is dropped silently.
 */
import type { BlockContent, Definition, FootnoteDefinition, FootnoteReference, Link, ListItem, Nodes, PhrasingContent, RootContent, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { spanAt } from '../diagnostics/places.js';
import { report } from '../diagnostics/report.js';
import type { Note } from '../tree/types.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { directiveDisplay, directiveNames, directiveSchemas, isDirectiveName, placementHint, readAttributes } from '../source/directives.js';

export interface ContentContext {
  readonly file: VFile;
  /** Link reference definitions of the whole chapter, by normalised identifier. */
  readonly definitions: ReadonlyMap<string, Definition>;
  /** The chapter's footnotes: what is defined, and what has been called so far. */
  readonly notes: NoteBook;
  /** Inside a footnote's own text, where no footnote may be called. */
  readonly inNote?: boolean;
}

/** A chapter's footnotes as its content is read, in reading order. */
export interface NoteBook {
  /** Every `[^label]: …` definition, by identifier (the first, where a label is defined twice). */
  readonly definitions: ReadonlyMap<string, FootnoteDefinition>;
  /** The notes called so far, by identifier, in the order of their first call (which numbers them). */
  readonly called: Map<string, Note>;
}

const allowedSchemes = new Set(['http:', 'https:', 'mailto:']);

/** Dangerous schemes get a sharper message than merely unsupported ones. */
const scriptingSchemes = new Set(['javascript:', 'vbscript:', 'data:', 'file:']);

export function cleanBlocks(nodes: readonly RootContent[], context: ContentContext): BlockContent[] {
  const out: BlockContent[] = [];
  for (const node of nodes) out.push(...cleanBlock(node, context));
  return out;
}

function cleanBlock(node: RootContent, context: ContentContext): BlockContent[] {
  switch (node.type) {
    case 'paragraph': {
      const children = cleanPhrasing(node.children, context);
      return children.length === 0 ? [] : [{ ...node, children }];
    }
    case 'blockquote':
      return [{ ...node, children: cleanBlocks(node.children, context) }];
    case 'list':
      return [{ ...node, children: node.children.map((item): ListItem => ({ ...item, children: cleanBlocks(item.children, context) })) }];
    case 'code':
    case 'thematicBreak':
      return [node];
    case 'definition':
      return []; // used by reference-style links, never shown
    case 'footnoteDefinition':
      // Shown where its note is called; one inside a note would be a note of a note.
      if (context.inNote) report(context.file, 'footnote-misplaced', node.position, `The footnote \`[^${node.label ?? node.identifier}]\` is defined inside another footnote's text. Move its definition out, to a line of its own outside the note.`);
      return [];
    case 'heading':
      report(
        context.file,
        'unsupported-markdown',
        node.position,
        'Headings are not allowed inside key findings or a question: the structure comes from the directives and the codebook. Write the line as a paragraph (use **strong** text for emphasis).',
      );
      return [{ type: 'paragraph', children: cleanPhrasing(node.children, context), ...(node.position ? { position: node.position } : {}) }];
    case 'html':
      reportHtml(node.value, node.position, context);
      return [];
    case 'containerDirective':
    case 'leafDirective':
      reportDirective(node, context.file);
      return [];
    default:
      reportUnexpected(node, context);
      return [];
  }
}

export function cleanPhrasing(nodes: readonly PhrasingContent[], context: ContentContext): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) out.push(...cleanInline(node, context));
  return out;
}

function cleanInline(node: PhrasingContent, context: ContentContext): PhrasingContent[] {
  switch (node.type) {
    case 'text':
      reportUndefinedCalls(node, context);
      return [node];
    case 'footnoteReference':
      return callNote(node, context);
    case 'inlineCode':
    case 'break':
    case 'citation':
      return [node];
    case 'emphasis':
    case 'strong':
      return [{ ...node, children: cleanPhrasing(node.children, context) }];
    case 'link':
      return cleanLink(node, context);
    case 'linkReference': {
      const definition = context.definitions.get(node.identifier.toLowerCase());
      if (!definition) return cleanPhrasing(node.children, context);
      const link: Link = { type: 'link', url: definition.url, title: definition.title ?? null, children: node.children };
      if (node.position) link.position = node.position;
      return cleanLink(link, context);
    }
    case 'html':
      reportHtml(node.value, node.position, context);
      return [];
    case 'image':
    case 'imageReference':
      report(
        context.file,
        'unsupported-markdown',
        node.position,
        `Images are not supported in chapters yet, so "${node.alt ?? ''}" would be missing from every edition. Remove the image or describe it in the text.`,
      );
      return [];
    case 'textDirective':
      if (node.name === 'span') return languageSpan(node, context);
      reportDirective(node, context.file);
      return cleanPhrasing(node.children, context);
    default:
      reportUnexpected(node, context);
      return [];
  }
}

/**
 * A footnote call: numbered by the note's first call, its note's text read (and checked) there. A
 * note can't call another: a reader at the foot of the page would find no place for that one.
 */
function callNote(node: FootnoteReference, context: ContentContext): PhrasingContent[] {
  const { notes } = context;
  const label = node.label ?? node.identifier;
  if (context.inNote) {
    report(context.file, 'footnote-misplaced', node.position, `The footnote \`[^${label}]\` is called inside another footnote's text, where no edition can show a note of a note. Call it from the running text, or write its words into this note.`);
    return [];
  }
  let note = notes.called.get(node.identifier);
  if (!note) {
    const definition = notes.definitions.get(node.identifier);
    // The parser makes a call only of a defined label; undefined ones stay text (reportUndefinedCalls).
    if (!definition) return [];
    note = { type: 'note', number: notes.called.size + 1, label, calls: 0, children: [] };
    if (definition.position) note.position = definition.position;
    notes.called.set(node.identifier, note);
    note.children = cleanBlocks(definition.children, { ...context, inNote: true });
  }
  note.calls += 1;
  const occurrence = note.calls;
  return [{ type: 'noteCall', number: note.number, occurrence, ...(node.position ? { position: node.position } : {}) }];
}

/**
 * `:span[words]{lang=pl}`: the words, marked with their language. Without a valid tag (reported at
 * the attribute) the words stay, unmarked.
 */
function languageSpan(node: TextDirective, context: ContentContext): PhrasingContent[] {
  const { lang } = readAttributes(context.file, node, 'span');
  const children = cleanPhrasing(node.children, context);
  if (lang === undefined || children.length === 0) return children;
  return [{ type: 'languageSpan', lang, children, ...(node.position ? { position: node.position } : {}) }];
}

/** `[^label]` as written in the chapter, where no definition makes it a footnote call. */
const literalCall = /\[\^([^\]\s]+)\]/gu;

/** A `[^label]` left as text has no definition: it would be printed as written. */
function reportUndefinedCalls(node: Text, context: ContentContext): void {
  const start = node.position?.start.offset;
  const source = String(context.file.value);
  for (const match of node.value.matchAll(literalCall)) {
    // Where the text is the source's own characters; an escaped `\[^1]` is the author's choice to print it.
    const at = start === undefined ? -1 : source.indexOf(match[0], start);
    if (at > 0 && source[at - 1] === '\\') continue;
    const position = at >= 0 ? spanAt(context.file, at, at + match[0].length) : node.position;
    report(
      context.file,
      'footnote-undefined',
      position,
      `The footnote \`${match[0]}\` has no definition, so every edition would print it as written. Add a line \`[^${match[1] ?? ''}]: the note's text\` to the chapter, or correct the label.`,
    );
  }
}

function cleanLink(node: Link, context: ContentContext): PhrasingContent[] {
  const children = cleanPhrasing(node.children, context);
  const scheme = schemeOf(node.url);
  if (scheme !== undefined && allowedSchemes.has(scheme)) return [{ ...node, children }];
  const reason =
    scheme !== undefined && scriptingSchemes.has(scheme)
      ? `The link to "${truncate(node.url)}" uses the ${scheme} scheme, which can run code or embed content in a reader's browser; it is refused. Link to an http, https or mailto address instead.`
      : `The link to "${truncate(node.url)}" is not an absolute http, https or mailto address, so it cannot work in the PDF and DOCX editions. Write the full address (https://…).`;
  report(context.file, 'unsafe-link', node.position, reason);
  return children;
}

/** The URL's scheme, lower-cased, ignoring the control characters and spaces browsers ignore. */
function schemeOf(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  const match = /^([a-z][a-z0-9+.-]*:)/.exec(cleaned);
  return match?.[1];
}

const dangerousHtml = /<\s*(script|iframe|object|embed|style|link|meta|base|form)\b|\son\w+\s*=|javascript:/i;

function reportHtml(value: string, position: Nodes['position'], context: ContentContext): void {
  const dangerous = dangerousHtml.test(value);
  report(
    context.file,
    dangerous ? 'unsafe-html' : 'raw-html',
    position,
    dangerous
      ? `Raw HTML "${truncate(value)}" could run code in readers' browsers; it is removed from every edition. Delete it: chapters are Markdown only.`
      : `Raw HTML "${truncate(value)}" is left out of every edition (PDF and DOCX cannot show it); the text around it stays. Use Markdown instead: *emphasis*, **strong**, [links](https://…).`,
  );
}

/**
 * A directive where it cannot stand: unknown (with "did you mean"), or known but out of place. The
 * chapter's top level and the content of blocks share this, so both say the same thing.
 */
export function reportDirective(node: Extract<RootContent, { type: 'containerDirective' | 'leafDirective' | 'textDirective' }>, file: VFile): void {
  const display = directiveDisplay(node);
  if (isDirectiveName(node.name)) {
    // A top-level block found inside another one usually means the block above was never closed.
    const unclosed = node.type === 'containerDirective' && directiveSchemas[node.name].placement === 'chapter' ? ' If it follows a block that is still open, close that block with a `:::` line first.' : '';
    report(file, 'misplaced-directive', node.position, `\`${display}\` cannot stand here. ${placementHint(node.name)}${unclosed}`);
    return;
  }
  report(
    file,
    'unknown-directive',
    node.position,
    `There is no directive \`${display}\`.${didYouMean(node.name, directiveNames)} Known directives: ${directiveNames.map((name) => `\`${name}\``).join(', ')}.`,
  );
}

function reportUnexpected(node: Nodes, context: ContentContext): void {
  report(context.file, 'unsupported-markdown', node.position, `A ${node.type} is not supported in chapters and would be missing from every edition. Remove it or rewrite it as plain Markdown.`);
}

function truncate(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}
