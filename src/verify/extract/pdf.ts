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

/** Text of a structure element: its actual text if it has one, else its contents' and children's. */
export function elementText(node: StructNode, page: PdfPage): string {
  if (node.alt !== undefined) {
    // pdfjs puts the space before a piece of marked content into that piece; it survives the actual text.
    const drawn = contentsText(node, page);
    return `${/^\s/.test(drawn) ? ' ' : ''}${node.alt}${/\s$/.test(drawn) ? ' ' : ''}`;
  }
  return contentsText(node, page);
}

function contentsText(node: StructNode, page: PdfPage): string {
  return node.children
    .map((child) => {
      if (isStructNode(child)) return inlineRoles.has(child.role) ? elementText(child, page) : ` ${elementText(child, page)} `;
      return child.type === 'content' ? (page.contentText.get(child.id) ?? '') : '';
    })
    .join('');
}

export async function readPdfDocument(bytes: Uint8Array): Promise<PdfDocumentRead> {
  // pdfjs takes the buffer over; it gets a copy.
  const document = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
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

/** The PDF's content for the agreement check: structure text without the contents list, and counts. */
export async function readPdfEdition(bytes: Uint8Array): Promise<EditionText> {
  const document = await readPdfDocument(bytes);
  const pieces: string[] = [];
  for (const page of document.pages) {
    // The contents list is left out: it repeats the headings, and Word may rebuild its DOCX twin.
    const withoutContents = (node: StructNode): StructNode => ({ ...node, children: node.children.filter((child) => !isStructNode(child) || child.role !== 'TOC').map((child) => (isStructNode(child) ? withoutContents(child) : child)) });
    if (page.tree) pieces.push(elementText(withoutContents(page.tree), page), ' ');
  }
  // A page's structure tree repeats an element that continues from the page before, so elements are
  // counted in the file's structure dictionaries (pdfkit writes them as plain objects), and links
  // as runs of annotations to one URL (a link broken over two lines has two).
  const raw = Buffer.from(bytes).toString('latin1');
  const elements = (role: string): number => [...raw.matchAll(new RegExp(`/S /${role}\\b`, 'g'))].length;
  let links = 0;
  let previous: string | undefined;
  for (const page of document.pages) {
    for (const link of page.links) {
      if (link.url !== undefined && link.url !== previous) links += 1;
      previous = link.url ?? previous;
    }
  }
  return {
    text: normaliseText(pieces.join('')),
    counts: { questions: elements('H3'), rubricTables: elements('Table'), citations: elements('BibEntry'), links },
  };
}
