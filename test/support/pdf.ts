/**
 * Reading a built PDF back for tests, on top of the agreement check's reader
 * (src/verify/extract/pdf.ts): the text of the structure tree in reading order (running heads and
 * page numbers are artifacts and stay out; a hyphen drawn at a line break has the actual text of a
 * soft hyphen and disappears), element texts by role, the outline, links, metadata and page sizes.
 */
import { readFile } from 'node:fs/promises';
import { readPdfDocument, type OutlineEntry } from '../../src/verify/extract/pdf.js';
import { elementText, isStructNode, type StructNode } from '../../src/verify/extract/pdf-structure.js';
import { normaliseText } from '../../src/verify/extract/edition-text.js';

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
  /** Each element with a /Lang: its role, language and text, in reading order. */
  readonly languages: readonly { readonly role: string; readonly lang: string; readonly text: string }[];
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

export const normalise = normaliseText;

export async function readPdf(fileOrBytes: string | Uint8Array): Promise<PdfReadBack> {
  const bytes = typeof fileOrBytes === 'string' ? new Uint8Array(await readFile(fileOrBytes)) : fileOrBytes;
  const document = await readPdfDocument(bytes);
  const roles: string[] = [];
  const byRole = new Map<string, string[]>();
  const rawPageTexts: string[] = [];
  const languages: { role: string; lang: string; text: string }[] = [];
  for (const page of document.pages) {
    const walk = (node: StructNode): void => {
      if (node.role !== 'Root') {
        roles.push(node.role);
        byRole.set(node.role, [...(byRole.get(node.role) ?? []), normaliseText(elementText(node, page))]);
        if (node.lang !== undefined) languages.push({ role: node.role, lang: node.lang, text: normaliseText(elementText(node, page)) });
      }
      for (const child of node.children) if (isStructNode(child)) walk(child);
    };
    if (page.tree) walk(page.tree);
    rawPageTexts.push(page.tree ? elementText(page.tree, page) : '');
  }
  return {
    pageCount: document.pages.length,
    pageSizes: document.pages.map((page) => [page.width, page.height] as const),
    info: document.info,
    // Pages joined before normalising: a word hyphenated across a page break is one word.
    text: normaliseText(rawPageTexts.join(' ')),
    pageTexts: rawPageTexts.map(normaliseText),
    artifactTexts: document.pages.map((page) => page.artifactText),
    roles,
    languages,
    textsOf: (role) => byRole.get(role) ?? [],
    outline: document.outline,
    links: document.pages.flatMap((page) => page.links.map((link) => ({ page: page.number, ...link }))),
    namedDestinations: [...document.destinationPages.keys()],
    destinationPages: document.destinationPages,
    unmarkedText: document.pages.map((page) => page.unmarkedText).join(''),
    raw: Buffer.from(bytes).toString('latin1'),
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
