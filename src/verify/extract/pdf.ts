/**
 * The PDF edition as a screen reader gets it: the text of the structure tree in reading order, read
 * back with pdfjs-dist. Running heads and page numbers are artifacts and stay out; so does the
 * contents list (a TOC element); a hyphen drawn at a line break carries the actual text of a soft
 * hyphen, and a link its unbroken text, so words come out whole.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { normaliseText, type EditionText } from './edition-text.js';

export interface StructNode {
  readonly role: string;
  readonly alt?: string;
  readonly children: readonly (StructNode | { readonly type: 'content' | 'object' | 'annotation'; readonly id: string })[];
}

export interface PdfPage {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  /** The page's part of the structure tree (elements spanning pages appear on each of their pages). */
  readonly tree: StructNode | undefined;
  /** Text of each piece of marked content, by pdfjs's id for it. */
  readonly contentText: ReadonlyMap<string, string>;
  readonly artifactText: string;
  /** Text outside any marked content: neither structure nor artifact. */
  readonly unmarkedText: string;
  readonly links: readonly { readonly url?: string; readonly destination?: string }[];
}

export interface PdfDocumentRead {
  readonly pages: readonly PdfPage[];
  readonly outline: readonly OutlineEntry[];
  readonly info: Readonly<Record<string, unknown>>;
  /** The 1-based page each named destination points at. */
  readonly destinationPages: ReadonlyMap<string, number>;
}

export interface OutlineEntry {
  readonly title: string;
  readonly children: readonly OutlineEntry[];
}

interface TextPiece {
  readonly type?: string;
  readonly id?: string | null;
  readonly tag?: string;
  readonly str?: string;
  readonly hasEOL?: boolean;
}

export function isStructNode(node: StructNode['children'][number]): node is StructNode {
  return 'role' in node;
}

/** Elements that stand inside a line of text: their text joins their neighbours' without a space. */
const inlineRoles: ReadonlySet<string> = new Set(['Span', 'Link', 'Code', 'Quote', 'Reference', 'Note']);

/**
 * Text of a structure element: its actual text if it has one, else its contents' and children's.
 * `continued`: elements whose actual text was read on the page before (a link across a page break).
 */
export function elementText(node: StructNode, page: PdfPage, continued: ReadonlySet<StructNode> = new Set()): string {
  if (continued.has(node)) return '';
  if (node.alt !== undefined) {
    // pdfjs puts the space before a piece of marked content into that piece; it survives the actual text.
    const drawn = contentsText(node, page, continued);
    return `${/^\s/.test(drawn) ? ' ' : ''}${node.alt}${/\s$/.test(drawn) ? ' ' : ''}`;
  }
  return contentsText(node, page, continued);
}

function contentsText(node: StructNode, page: PdfPage, continued: ReadonlySet<StructNode>): string {
  return node.children
    .map((child) => {
      if (isStructNode(child)) return inlineRoles.has(child.role) ? elementText(child, page, continued) : ` ${elementText(child, page, continued)} `;
      return child.type === 'content' ? (page.contentText.get(child.id) ?? '') : '';
    })
    .join('');
}

/** A PDF opened with pdfjs-dist, the same way everywhere rubricpress reads one. */
function openPdf(bytes: Uint8Array) {
  // pdfjs takes the buffer over; it gets a copy.
  return getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
}

/** The number of pages of a PDF (for a release's manifest). */
export async function countPdfPages(bytes: Uint8Array): Promise<number> {
  const document = await openPdf(bytes);
  try {
    return document.numPages;
  } finally {
    await document.destroy();
  }
}

export async function readPdfDocument(bytes: Uint8Array): Promise<PdfDocumentRead> {
  const document = await openPdf(bytes);
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent({ includeMarkedContent: true });
      const contentText = new Map<string, string>();
      const artifacts: string[] = [];
      const unmarked: string[] = [];
      const stack: { id: string | undefined; artifact: boolean }[] = [];
      for (const item of content.items as TextPiece[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
          stack.push({ id: item.id ?? undefined, artifact: item.tag === 'Artifact' });
          continue;
        }
        if (item.type === 'endMarkedContent') {
          stack.pop();
          continue;
        }
        const text = (item.str ?? '') + (item.hasEOL ? ' ' : '');
        const current = stack.findLast((entry) => entry.id !== undefined || entry.artifact);
        if (!current) unmarked.push(text);
        else if (current.artifact) artifacts.push(text);
        else if (current.id) contentText.set(current.id, (contentText.get(current.id) ?? '') + text);
      }
      const annotations = (await page.getAnnotations()) as { subtype?: string; url?: string; dest?: unknown }[];
      pages.push({
        number,
        width: Math.round(viewport.width * 100) / 100,
        height: Math.round(viewport.height * 100) / 100,
        tree: ((await page.getStructTree()) as StructNode | null) ?? undefined,
        contentText,
        artifactText: normaliseText(artifacts.join('')),
        unmarkedText: normaliseText(unmarked.join('')),
        links: annotations.filter((annotation) => annotation.subtype === 'Link').map((annotation) => ({ ...(annotation.url ? { url: annotation.url } : {}), ...(typeof annotation.dest === 'string' ? { destination: annotation.dest } : {}) })),
      });
    }
    const toEntries = (items: readonly { title: string; items: readonly unknown[] }[] | null): OutlineEntry[] =>
      (items ?? []).map((item) => ({ title: item.title, children: toEntries(item.items as { title: string; items: unknown[] }[]) }));
    const outline = toEntries((await document.getOutline()));
    const info = (await document.getMetadata()).info as Record<string, unknown>;
    const destinations = (await document.getDestinations()) as Record<string, unknown[]>;
    const destinationPages = new Map<string, number>();
    for (const [name, destination] of Object.entries(destinations)) {
      destinationPages.set(name, (await document.getPageIndex(destination[0] as { num: number; gen: number })) + 1);
    }
    return { pages, outline, info, destinationPages };
  } finally {
    await document.destroy();
  }
}

/** The first or last thing read on a page: a piece of content, or an element with actual text. */
function edgeOf(node: StructNode, last: boolean): StructNode | 'content' | undefined {
  if (node.alt !== undefined) return node;
  const children = last ? [...node.children].reverse() : node.children;
  for (const child of children) {
    if (!isStructNode(child)) {
      if (child.type === 'content') return 'content';
      continue;
    }
    const edge = edgeOf(child, last);
    if (edge !== undefined) return edge;
  }
  return undefined;
}

/**
 * The PDF's structure elements by object number, with their role and parent. pdfkit writes them as
 * plain objects; a page's structure tree (pdfjs) repeats an element that continues from the page
 * before, so elements are counted here.
 */
function structureElements(raw: string): Map<string, { readonly role: string; readonly parent: string | undefined }> {
  const elements = new Map<string, { role: string; parent: string | undefined }>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*<<\s*\/S \/(\w+)([\s\S]*?)endobj/g)) {
    const [, number = '', role = '', rest = ''] = match;
    elements.set(number, { role, parent: /\/P (\d+) 0 R/.exec(rest)?.[1] });
  }
  return elements;
}

/** The PDF's content for the agreement check: structure text without the contents list, and counts. */
export async function readPdfEdition(bytes: Uint8Array): Promise<EditionText> {
  const document = await readPdfDocument(bytes);
  const pieces: string[] = [];
  let previousLast: StructNode | undefined;
  for (const page of document.pages) {
    if (!page.tree) continue;
    // The contents list is left out: it repeats the headings, and Word may rebuild its DOCX twin.
    const withoutContents = (node: StructNode): StructNode => ({ ...node, children: node.children.filter((child) => !isStructNode(child) || child.role !== 'TOC').map((child) => (isStructNode(child) ? withoutContents(child) : child)) });
    const tree = withoutContents(page.tree);
    // A link that runs over the page break was read whole (its actual text) on the page before.
    const first = edgeOf(tree, false);
    const continued = new Set<StructNode>();
    if (first !== undefined && first !== 'content' && previousLast && first.role === previousLast.role && first.alt === previousLast.alt) continued.add(first);
    pieces.push(elementText(tree, page, continued), ' ');
    const last = edgeOf(tree, true);
    previousLast = last === 'content' ? undefined : last;
  }
  const structure = structureElements(Buffer.from(bytes).toString('latin1'));
  const elements = [...structure.values()];
  const count = (role: string): number => elements.filter((element) => element.role === role).length;
  return {
    text: normaliseText(pieces.join('')),
    counts: {
      questions: count('H3'),
      rubricTables: count('Table'),
      citations: count('BibEntry'),
      // The contents list's entries are links too; they are not the source's.
      links: elements.filter((element) => element.role === 'Link' && (element.parent === undefined || structure.get(element.parent)?.role !== 'TOCI')).length,
    },
  };
}
