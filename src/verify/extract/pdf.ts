/**
 * PDFs read with pdfjs-dist: everything the tests look at (pages, links, outline, metadata), and the
 * agreement check's text for a PDF that rubricpress's own reader (pdf-tagged.ts) does not handle.
 * The tests hold that reader to this one's result on rubricpress's PDFs.
 */
import { pdfTags } from '../../vocabulary/pdf.js';
import { normaliseText, type ChartReading, type EditionText } from './edition-text.js';
import { contentsEntryTexts, contentsTitles, elementText, figureReadings, isStructNode, notesText, structureCounts, withoutContents, withoutFigures, withoutNotes, type MarkedContentRectangles, type StructNode, type WrittenElement } from './pdf-structure.js';

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

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfjsDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
type PdfjsPage = Awaited<ReturnType<PdfjsDocument['getPage']>>;

let pdfjs: Promise<Pdfjs> | undefined;

/**
 * pdfjs-dist, loaded once per process. Its legacy build (the one for Node) replaces the engine's
 * own `Array.prototype.push` with core-js's, which checks the array's length property on every call
 * (for a quirk of V8 with lengths beyond 2³²): every push in the process, pdfjs's text extraction,
 * pdfkit and fontkit included, became several times slower, and reading a PDF back spent about a
 * tenth of its time there. Once pdfjs and its worker are loaded the engine's own function is put
 * back; pdfjs works the same with it. (The worker is loaded here rather than on the first
 * document, so that it too has done its replacing: in Node, pdfjs runs it on this thread and takes
 * it from `globalThis.pdfjsWorker`, which the module sets.)
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    const push = Array.prototype.push;
    const library = await import('pdfjs-dist/legacy/build/pdf.mjs');
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    if (Array.prototype.push !== push && isEngineFunction(push)) {
      Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, enumerable: false, configurable: true });
    }
    return library;
  })();
  return pdfjs;
}

function isEngineFunction(value: (...items: never[]) => unknown): boolean {
  return Function.prototype.toString.call(value).includes('[native code]');
}

/** A PDF opened with pdfjs-dist, the same way everywhere rubricpress reads one. */
async function openPdf(bytes: Uint8Array): Promise<PdfjsDocument> {
  const { getDocument } = await loadPdfjs();
  // pdfjs takes the buffer over (and refuses a Buffer): it gets a plain copy.
  return getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
}

/** The number of pages of a PDF (for a release's manifest). */
export async function countPdfPagesWithPdfjs(bytes: Uint8Array): Promise<number> {
  const document = await openPdf(bytes);
  try {
    return document.numPages;
  } finally {
    await document.destroy();
  }
}

/** A page's structure tree, the text of its marked content and the rectangles drawn in it: what the agreement check reads. */
type PageText = Omit<PdfPage, 'links'>;

/**
 * The width of each rectangle drawn as marked content (a chart's tracks and bars), by the content's
 * id as the page's text items name it (`p12R_mc3`): from the page's operator list.
 */
async function pageRectangles(page: PdfjsPage, contentIds: Iterable<string>): Promise<Map<string, number[]>> {
  const rectangles = new Map<string, number[]>();
  const prefix = [...contentIds].map((id) => /^(.*_mc)\d+$/.exec(id)?.[1]).find((found) => found !== undefined);
  if (prefix === undefined) return rectangles;
  const { OPS } = await loadPdfjs();
  const list = await page.getOperatorList();
  const open: (number | undefined)[] = [];
  list.fnArray.forEach((operator, index) => {
    const args = list.argsArray[index] as unknown[] | null;
    if (operator === OPS.beginMarkedContentProps) open.push(typeof args?.[1] === 'number' ? args[1] : undefined);
    else if (operator === OPS.beginMarkedContent) open.push(undefined);
    else if (operator === OPS.endMarkedContent) open.pop();
    else if (operator === OPS.constructPath) {
      const mcid = open.at(-1);
      const box = args?.[2] as ArrayLike<number> | null | undefined;
      if (mcid === undefined || !box) return;
      const key = `${prefix}${String(mcid)}`;
      rectangles.set(key, [...(rectangles.get(key) ?? []), (box[2] ?? 0) - (box[0] ?? 0)]);
    }
  });
  return rectangles;
}

async function readPageText(page: PdfjsPage, number: number): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  // Both are asked for at once: pdfjs answers them in turns, and a page's content streams are
  // inflated off the main thread meanwhile.
  // The text as drawn: pdfjs would otherwise apply NFKC, turning a micro sign into a Greek mu and
  // "m²" into "m2", which the source does not say.
  const [content, tree] = await Promise.all([page.getTextContent({ includeMarkedContent: true, disableNormalization: true }), page.getStructTree()]);
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
  return {
    number,
    width: Math.round(viewport.width * 100) / 100,
    height: Math.round(viewport.height * 100) / 100,
    tree: (tree as StructNode | null) ?? undefined,
    contentText,
    artifactText: normaliseText(artifacts.join('')),
    unmarkedText: normaliseText(unmarked.join('')),
  };
}

/**
 * Every page of the document, read at once (pdfjs works through the requests in turns; inflating
 * one page's streams, off the main thread, overlaps with extracting another's text). Links are
 * read only when asked for: pdfjs finds the text under each link annotation by extracting the
 * page's text a second time, which took as long as the text itself.
 */
async function readPages<Page extends PageText>(document: PdfjsDocument, read: (page: PdfjsPage, number: number) => Promise<Page>): Promise<Page[]> {
  const numbers = Array.from({ length: document.numPages }, (_, index) => index + 1);
  return Promise.all(numbers.map(async (number) => read(await document.getPage(number), number)));
}

async function readPage(page: PdfjsPage, number: number): Promise<PdfPage> {
  const [text, annotations] = await Promise.all([readPageText(page, number), page.getAnnotations() as Promise<{ subtype?: string; url?: string; dest?: unknown }[]>]);
  return {
    ...text,
    links: annotations.filter((annotation) => annotation.subtype === 'Link').map((annotation) => ({ ...(annotation.url ? { url: annotation.url } : {}), ...(typeof annotation.dest === 'string' ? { destination: annotation.dest } : {}) })),
  };
}

/** Everything the tests look at: pages with their links, the outline, the metadata, the destinations. */
export async function readPdfDocument(bytes: Uint8Array): Promise<PdfDocumentRead> {
  const document = await openPdf(bytes);
  try {
    const pages = await readPages(document, readPage);
    const toEntries = (items: readonly { title: string; items: readonly unknown[] }[] | null): OutlineEntry[] =>
      (items ?? []).map((item) => ({ title: item.title, children: toEntries(item.items as { title: string; items: unknown[] }[]) }));
    const outline = toEntries((await document.getOutline()));
    const info = (await document.getMetadata()).info as Record<string, unknown>;
    return { pages, outline, info, destinationPages: await readDestinationPages(document) };
  } finally {
    await document.destroy();
  }
}

/** Whether the page's first content is a figure's (the rest of a chart begun on the page before, its caption there). */
function continuesFigure(tree: StructNode): boolean {
  const first = (node: StructNode): StructNode | undefined => {
    for (const child of node.children) {
      if (!isStructNode(child)) return child.type === 'content' ? node : undefined;
      const found = first(child);
      if (found) return found;
    }
    return undefined;
  };
  return first(tree)?.role === pdfTags.figure;
}

/** Each named destination's page (from 1). */
async function readDestinationPages(document: PdfjsDocument): Promise<Map<string, number>> {
  const destinations = (await document.getDestinations()) as Record<string, unknown[]>;
  const destinationPages = new Map<string, number>();
  for (const [name, destination] of Object.entries(destinations)) {
    destinationPages.set(name, (await document.getPageIndex(destination[0] as { num: number; gen: number })) + 1);
  }
  return destinationPages;
}

/** Whether an element of the role is in the tree. */
function hasRole(node: StructNode, role: string): boolean {
  return node.role === role || node.children.some((child) => isStructNode(child) && hasRole(child, role));
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
 * The PDF's structure elements, with their role and their parent's, found in the file's bytes:
 * pdfkit writes them as plain objects; a page's structure tree (pdfjs) repeats an element that
 * continues from the page before, so elements are counted here.
 */
function structureElements(raw: string): WrittenElement[] {
  const objects = new Map<string, string>();
  for (const match of raw.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(match[1] ?? '', match[2] ?? '');
  const elements = new Map<string, { role: string; parent: string | undefined; destination: string | undefined }>();
  for (const [number, body] of objects) {
    const role = /^\s*<<\s*\/S \/(\w+)/.exec(body)?.[1];
    if (role === undefined) continue;
    elements.set(number, { role, parent: /\/P (\d+) 0 R/.exec(body)?.[1], destination: role === 'Link' ? rawLinkDestination(objects, body) : undefined });
  }
  return [...elements.values()].map(({ role, parent, destination }) => ({ role, parentRole: parent === undefined ? undefined : elements.get(parent)?.role, ...(destination !== undefined ? { destination } : {}) }));
}

/** A Link element's named destination, from its annotation's GoTo action as pdfkit writes it (`/A n 0 R`, `/S /GoTo /D (name)`). */
function rawLinkDestination(objects: ReadonlyMap<string, string>, element: string): string | undefined {
  const annotation = objects.get(/\/Type \/OBJR[\s\S]*?\/Obj (\d+) 0 R/.exec(element)?.[1] ?? '');
  const actionRef = annotation === undefined ? undefined : /\/A (\d+) 0 R/.exec(annotation)?.[1];
  const action = actionRef === undefined ? annotation : objects.get(actionRef);
  const name = action && /\/S \/GoTo/.test(action) ? /\/D \(((?:\\.|[^\\)])*)\)/.exec(action)?.[1] : undefined;
  return name?.replace(/\\(.)/g, '$1');
}

/**
 * The PDF's content for the agreement check, read with pdfjs-dist: structure text without the
 * contents list, the contents list's entries on their own, and counts. Builds read their own PDFs
 * with `readPdfEdition` (pdf-edition.ts); this is the reference it is tested against, and the
 * reader for PDFs it does not handle.
 */
export async function readPdfEditionWithPdfjs(bytes: Uint8Array): Promise<EditionText> {
  const document = await openPdf(bytes);
  let pages: (PageText & MarkedContentRectangles)[];
  let destinationPages: Map<string, number>;
  try {
    pages = await readPages(document, async (page, number) => {
      const text = await readPageText(page, number);
      return { ...text, rectangles: await pageRectangles(page, text.contentText.keys()) };
    });
    destinationPages = await readDestinationPages(document);
  } finally {
    await document.destroy();
  }
  // Where a citation's link may lead: a named destination on a page where a bibliography entry is drawn.
  const entryPages = new Set(pages.filter((page) => page.tree && hasRole(page.tree, pdfTags.bibliographyEntry)).map((page) => page.number));
  const entryDestinations = new Set([...destinationPages].filter(([, page]) => entryPages.has(page)).map(([name]) => name));
  const structure = structureCounts(structureElements(Buffer.from(bytes).toString('latin1')), entryDestinations);
  const pieces: string[] = [];
  const notes: string[] = [];
  // Page by page: an entry cut by a page break comes as two, which contentsTitles joins.
  const drawnEntries: string[] = [];
  let previousLast: StructNode | undefined;
  const charts: ChartReading[] = [];
  for (const page of pages) {
    if (!page.tree) continue;
    drawnEntries.push(...contentsEntryTexts(page.tree, page));
    // A chart that goes on over a page break is one figure: its part on this page joins its part on the page before.
    for (const [index, chart] of figureReadings(page.tree, page).entries()) {
      const before = charts.at(-1);
      if (index === 0 && before && before.alt === chart.alt && chart.bars.length > 0 && page.tree && continuesFigure(page.tree)) charts[charts.length - 1] = { alt: chart.alt, text: normaliseText(`${before.text} ${chart.text}`), bars: [...before.bars, ...chart.bars] };
      else charts.push(chart);
    }
    // A note that runs on to the next page comes in two parts, read one after the other.
    notes.push(notesText(page.tree, page));
    const tree = withoutFigures(withoutNotes(withoutContents(page.tree)));
    // A link that runs over the page break was read whole (its actual text) on the page before.
    const first = edgeOf(tree, false);
    const continued = new Set<StructNode>();
    if (first !== undefined && first !== 'content' && previousLast && first.role === previousLast.role && first.alt === previousLast.alt) continued.add(first);
    pieces.push(elementText(tree, page, continued), ' ');
    const last = edgeOf(tree, true);
    previousLast = last === 'content' ? undefined : last;
  }
  const contents = contentsTitles(drawnEntries);
  const problems = [...(contents.problems ?? []), ...structure.problems];
  return {
    ...contents,
    ...(charts.length > 0 ? { charts } : {}),
    ...(problems.length > 0 ? { problems } : {}),
    text: normaliseText(pieces.join('')),
    notes: normaliseText(notes.join(' ')),
    counts: structure.counts,
  };
}
