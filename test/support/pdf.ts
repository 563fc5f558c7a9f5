/**
 * Reading a built PDF back with pdfjs-dist, as a viewer or screen reader would: the text of the
 * structure tree in reading order (running heads and page numbers are artifacts and stay out; a
 * hyphen drawn at a line break has the actual text of a soft hyphen and disappears), the outline,
 * link annotations, metadata and page sizes.
 */
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface StructNode {
  readonly role: string;
  readonly alt?: string;
  readonly children: readonly (StructNode | { readonly type: 'content' | 'object' | 'annotation'; readonly id: string })[];
}

export interface OutlineEntry {
  readonly title: string;
  readonly children: readonly OutlineEntry[];
}

export interface PdfLink {
  readonly page: number;
  readonly url?: string;
  readonly destination?: string;
}

export interface PdfReadBack {
  readonly pageCount: number;
  readonly pageSizes: readonly (readonly [number, number])[];
  readonly info: Readonly<Record<string, unknown>>;
  /** Structure text of the whole document, white space collapsed. */
  readonly text: string;
  /** Structure text of each page. */
  readonly pageTexts: readonly string[];
  /** Text drawn as artifacts (running heads, page numbers), per page. */
  readonly artifactTexts: readonly string[];
  /** Every structure element's role, in reading order, page by page. */
  readonly roles: readonly string[];
  /** Text of each element with this role, in order (elements split over pages appear once per page). */
  readonly textsOf: (role: string) => string[];
  readonly outline: readonly OutlineEntry[];
  readonly links: readonly PdfLink[];
  readonly namedDestinations: readonly string[];
  /** The 1-based page each named destination points at. */
  readonly destinationPages: ReadonlyMap<string, number>;
  /** Text drawn outside any marked content: neither structure nor artifact (should be none). */
  readonly unmarkedText: string;
  /** The raw file, for checks on its dictionaries (which pdfkit does not compress). */
  readonly raw: string;
}

interface TextPiece {
  readonly type?: string;
  readonly id?: string | null;
  readonly tag?: string;
  readonly str?: string;
  readonly hasEOL?: boolean;
}

function isStructNode(node: StructNode['children'][number]): node is StructNode {
  return 'role' in node;
}

export function normalise(text: string): string {
  return text.replace(/\s*\u00AD\s*/g, '').replace(/\s+/g, ' ').trim();
}

export async function readPdf(fileOrBytes: string | Uint8Array): Promise<PdfReadBack> {
  const data = typeof fileOrBytes === 'string' ? new Uint8Array(await readFile(fileOrBytes)) : new Uint8Array(fileOrBytes);
  // pdfjs takes the buffer over; it gets its own copy.
  const raw = Buffer.from(data).toString('latin1');
  const document = await getDocument({ data: data.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const pageTexts: string[] = [];
  const rawPageTexts: string[] = [];
  const artifactTexts: string[] = [];
  const pageSizes: (readonly [number, number])[] = [];
  const roles: string[] = [];
  const byRole = new Map<string, string[]>();
  const links: PdfLink[] = [];
  const unmarked: string[] = [];

  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    pageSizes.push([Math.round(viewport.width * 100) / 100, Math.round(viewport.height * 100) / 100]);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const byId = new Map<string, string>();
    const artifacts: string[] = [];
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
      if (!current) {
        unmarked.push(text);
        continue;
      }
      if (current.artifact) artifacts.push(text);
      else if (current.id) byId.set(current.id, (byId.get(current.id) ?? '') + text);
    }
    artifactTexts.push(normalise(artifacts.join('')));

    const tree = (await page.getStructTree()) as StructNode | null;
    const textOf = (node: StructNode): string => {
      if (node.alt !== undefined) return node.alt;
      return node.children.map((child) => (isStructNode(child) ? ` ${textOf(child)} ` : child.type === 'content' ? (byId.get(child.id) ?? '') : '')).join('');
    };
    const walk = (node: StructNode): void => {
      if (node.role !== 'Root') {
        roles.push(node.role);
        const list = byRole.get(node.role) ?? [];
        list.push(normalise(textOf(node)));
        byRole.set(node.role, list);
      }
      for (const child of node.children) if (isStructNode(child)) walk(child);
    };
    if (tree) walk(tree);
    rawPageTexts.push(tree ? textOf(tree) : '');
    pageTexts.push(normalise(rawPageTexts.at(-1) ?? ''));

    for (const annotation of (await page.getAnnotations()) as { subtype?: string; url?: string; dest?: unknown }[]) {
      if (annotation.subtype !== 'Link') continue;
      links.push({ page: number, ...(annotation.url ? { url: annotation.url } : {}), ...(typeof annotation.dest === 'string' ? { destination: annotation.dest } : {}) });
    }
  }

  const toEntries = (items: readonly { title: string; items: readonly unknown[] }[] | null): OutlineEntry[] =>
    (items ?? []).map((item) => ({ title: item.title, children: toEntries(item.items as { title: string; items: unknown[] }[]) }));
  const outline = toEntries((await document.getOutline()));
  const metadata = await document.getMetadata();
  const destinations = (await document.getDestinations()) as Record<string, unknown[]>;
  const destinationPages = new Map<string, number>();
  for (const [name, destination] of Object.entries(destinations)) {
    const reference = destination[0] as { num: number; gen: number };
    destinationPages.set(name, (await document.getPageIndex(reference)) + 1);
  }
  await document.destroy();
  return {
    pageCount: pageTexts.length,
    pageSizes,
    info: metadata.info as Record<string, unknown>,
    // Pages joined before normalising: a word hyphenated across a page break is one word.
    text: normalise(rawPageTexts.join(' ')),
    pageTexts,
    artifactTexts,
    roles,
    textsOf: (role) => byRole.get(role) ?? [],
    outline,
    links,
    namedDestinations: Object.keys(destinations),
    destinationPages,
    unmarkedText: normalise(unmarked.join('')),
    raw,
  };
}

/** Asserts that `needles` occur in `haystack` in this order; returns the first that does not. */
export function firstMissingInOrder(haystack: string, needles: readonly string[]): string | undefined {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(normalise(needle), from);
    if (at < 0) return needle;
    from = at + normalise(needle).length;
  }
  return undefined;
}
