/**
 * A book assembled from separately drawn PDFs (src/render/pdf/assemble.ts): the front matter of a
 * six-chapter country report as the base, each chapter drawn on its own as a part, and an overlay
 * of page furniture. The result is checked with programs that are not ours (qpdf: the file and its
 * objects, as JSON; pdftotext: each page's text) and with the agreement check's reader (the text
 * through the structure tree), against the parts and against the same book drawn in one go. A book
 * is also bound from chapters' own PDFs (each its title page, its contents list and the chapter),
 * of which it takes all but the contents list, their names under their categories.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../../src/document/model.js';
import { generator } from '../../../src/package-info.js';
import { presentCountryReport } from '../../../src/present/book.js';
import { present } from '../../../src/present/present.js';
import { assemblePdf, type AssemblePart } from '../../../src/render/pdf/assemble.js';
import { PdfDict, PdfName, PdfRef, PdfStream, integerOf, parsePdf, writePdf, type PdfFile, type PdfObject, type PdfValue } from '../../../src/render/pdf/pdf-objects.js';
import { finish, type PdfSubset } from '../../../src/render/pdf/pdfkit.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import type { ReportTree } from '../../../src/tree/types.js';
import { readOwnPdfEdition, readPdfEdition } from '../../../src/verify/extract/pdf-edition.js';
import { compileSampleChapter } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';

/** Six chapters of one country: the sample's chapter under six categories, so that each has anchors of its own. */
const categories = ['coordination', 'budgets', 'consultation', 'evaluation', 'transparency', 'oversight'] as const;

interface Drawn {
  readonly base: Uint8Array;
  readonly parts: readonly Uint8Array[];
  /** The same book drawn in one go. */
  readonly whole: Uint8Array;
}

let folder = '';
let drawn: Drawn;
let assembled: Uint8Array;
let overlay: Uint8Array;
let overlaid: Uint8Array;
let pdfA: Drawn;

/** A chapter's own PDF (its title page, its contents list, the chapter), and what a book takes of it. */
interface OwnChapter {
  readonly bytes: Uint8Array;
  /** Its category: the prefix of its names in the book. */
  readonly prefix: string;
  /** Its pages the book takes (0-based): all but its contents list's. */
  readonly taken: readonly number[];
  readonly leftOut: readonly number[];
}

/** The front matter of a two-chapter book, the chapters' own PDFs, and the book bound from them. */
let own: { readonly base: Uint8Array; readonly chapters: readonly OwnChapter[]; readonly book: Uint8Array };

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'rubricpress-assemble-'));
  const { tree, templates } = await compileSampleChapter();
  if (!templates.fonts) throw new Error('the fonts did not load');
  const { theme, fonts } = templates;
  const book = presentCountryReport(
    categories.map((id) => withCategory(tree, id)),
    theme,
  );
  const draw = async (subset: PdfSubset, chapters: number): Promise<Drawn> => {
    const renderer = createPdfRenderer({ theme, fonts, generator, subset });
    const render = async (model: DocumentModel): Promise<Uint8Array> => (await renderer.render(model)).bytes;
    const kept = { ...book, chapters: book.chapters.slice(0, chapters) };
    return {
      base: await render({ ...kept, chapters: [] }),
      parts: await Promise.all(kept.chapters.map((chapter) => render({ ...kept, front: [], chapters: [chapter] }))),
      whole: await render(kept),
    };
  };
  drawn = await draw('PDF/UA', categories.length);
  pdfA = await draw('PDF/A-2a', 2);
  const renderer = createPdfRenderer({ theme, fonts, generator, subset: 'PDF/UA' });
  const chapterTrees = categories.slice(0, 2).map((id) => withCategory(tree, id));
  const ownBase = (await renderer.render({ ...presentCountryReport(chapterTrees, theme), chapters: [] })).bytes;
  const chapters = await Promise.all(
    chapterTrees.map(async (chapterTree, index): Promise<OwnChapter> => {
      const bytes = (await renderer.render(present(chapterTree, theme))).bytes;
      return { bytes, prefix: categories[index] ?? '', ...(await pagesButContents(bytes)) };
    }),
  );
  own = { base: ownBase, chapters, book: bindOwn(ownBase, chapters) };
  assembled = assemblePdf({ base: drawn.base, parts: drawn.parts });
  overlay = await overlayPdf(pageCountOf(assembled));
  overlaid = assemblePdf({ base: drawn.base, parts: drawn.parts, overlay });
}, 60_000);

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

function withCategory(tree: ReportTree, id: string): ReportTree {
  const [report] = tree.children;
  const title = id.charAt(0).toUpperCase() + id.slice(1);
  return { ...tree, children: [{ ...report, categoryId: id, categoryTitle: title }] };
}

/** An overlay of furniture: on each page a line, left unmarked, so that what marks it an artifact is the assembly's wrapping. */
async function overlayPdf(pages: number): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, size: 'A4', compress: true, info: { CreationDate: new Date(0) } });
  for (let page = 1; page <= pages; page++) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.font('Helvetica').fontSize(9).text(overlayText(page, pages), 40, 815, { lineBreak: false });
  }
  return finish(doc);
}

/** Each file read once (pdfjs and qpdf take a while), whichever tests ask. */
function once<Answer>(read: (bytes: Uint8Array) => Promise<Answer>): (bytes: Uint8Array) => Promise<Answer> {
  const answers = new Map<Uint8Array, Promise<Answer>>();
  return (bytes) => {
    let answer = answers.get(bytes);
    if (!answer) {
      answer = read(bytes);
      answers.set(bytes, answer);
    }
    return answer;
  };
}

const readBack = once((bytes) => readPdf(bytes));
const objectsOf = once((bytes) => QpdfObjects.of(bytes));

/**
 * An overlay written by hand, each page's content in two streams (one compressed, one not): what
 * pdfkit never writes, and the assembly joins into one Form XObject.
 */
function splitContentOverlay(pages: number): Uint8Array {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
  const stream = (data: Buffer, filter: string): Buffer => Buffer.concat([Buffer.from(`<< /Length ${String(data.length)}${filter} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids: string[] = [];
  for (let page = 1; page <= pages; page++) {
    const first = add(stream(deflateSync(Buffer.from('BT /F1 9 Tf 40 20 Td (Split first half) Tj ET', 'latin1')), ' /Filter /FlateDecode'));
    const second = add(stream(Buffer.from(`BT /F1 9 Tf 300 20 Td (split second half ${String(page)}) Tj ET`, 'latin1'), ''));
    kids.push(`${String(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R >> >> /Contents [${String(first)} 0 R ${String(second)} 0 R] >>`))} 0 R`);
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Count ${String(pages)} /Kids [${kids.join(' ')}] >>`, 'latin1');
  const chunks = [Buffer.from('%PDF-1.7\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]?.length ?? 0;
  objects.forEach((body, index) => {
    const chunk = Buffer.concat([Buffer.from(`${String(index + 1)} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(length);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(length)}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}

function overlayText(page: number, pages: number): string {
  return `Overlay folio ${String(page)} of ${String(pages)}`;
}

/** A book of `base` and the chapters as a book takes them: all but their contents lists, their names prefixed, their outlines under their titles. */
function bindOwn(base: Uint8Array, chapters: readonly OwnChapter[], part: (chapter: OwnChapter) => Partial<AssemblePart> = () => ({})): Uint8Array {
  return assemblePdf({ base, parts: chapters.map((chapter) => ({ bytes: chapter.bytes, pages: chapter.taken, prefix: chapter.prefix, outlineUnderFirst: true, ...part(chapter) })) });
}

/** A chapter's pages but its contents list (0-based): the list runs from its `contents` destination's page to the page before the next destination's. */
async function pagesButContents(bytes: Uint8Array): Promise<{ taken: number[]; leftOut: number[] }> {
  const read = await readBack(bytes);
  const contents = read.destinationPages.get('contents');
  if (contents === undefined) throw new Error('the chapter has no contents list');
  const next = Math.min(...[...read.destinationPages.values()].filter((page) => page > contents));
  const all = Array.from({ length: read.pageCount }, (_, index) => index);
  const isContents = (index: number): boolean => index + 1 >= contents && index + 1 < next;
  return { taken: all.filter((index) => !isContents(index)), leftOut: all.filter(isContents) };
}

/**
 * `bytes` rewritten with each outline item leading to a named destination on its page (a GoTo
 * action naming it), as another writer than pdfkit may write them.
 */
function withOutlineByName(bytes: Uint8Array): Uint8Array {
  const file = parsePdf(bytes, 'the chapter');
  const objects: PdfObject[] = [];
  for (let number = 1; number < (integerOf(file.trailer.get('Size')) ?? 0); number++) objects.push(file.object(number));
  const catalog = file.dict(file.trailer.get('Root'));
  const dests = file.dict(file.dict(catalog?.get('Names'))?.get('Dests'));
  const names = file.resolve(dests?.get('Names'));
  if (!Array.isArray(names)) throw new Error('the chapter has no name tree pdfkit writes');
  const nameOfPage = new Map<number, PdfValue>();
  for (let index = names.length - 2; index >= 0; index -= 2) {
    const [page] = file.resolve(names[index + 1] as PdfValue) as readonly PdfValue[];
    if (page instanceof PdfRef) nameOfPage.set(page.number, names[index] as PdfValue);
  }
  const rename = (item: PdfValue | undefined): void => {
    for (; item instanceof PdfRef; item = file.dict(item)?.get('Next')) {
      const dict = file.dict(item);
      const [page] = (file.resolve(dict?.get('Dest')) ?? []) as readonly PdfValue[];
      const name = page instanceof PdfRef ? nameOfPage.get(page.number) : undefined;
      if (!dict || name === undefined) throw new Error('an outline item leads to a page without a name');
      objects[item.number - 1] = dict.with('Dest', undefined).with('A', PdfDict.of([['S', new PdfName('GoTo')], ['D', name]]));
      rename(dict.get('First'));
    }
  };
  rename(file.dict(catalog?.get('Outlines'))?.get('First'));
  return writePdf(file.version, objects, PdfDict.of([['Root', file.trailer.get('Root')], ['Info', file.trailer.get('Info')]]));
}

let files = 0;

/** `bytes` in a file of the test's folder, for the programs that read files. */
async function fileOf(bytes: Uint8Array): Promise<string> {
  const file = path.join(folder, `${String(++files)}.pdf`);
  await writeFile(file, bytes);
  return file;
}

/** qpdf --check: exit status 0 and no errors (it exits 2 on errors, 3 on warnings). */
async function qpdfCheck(bytes: Uint8Array): Promise<string> {
  return execFileSync('qpdf', ['--check', await fileOf(bytes)], { encoding: 'utf8' });
}

/** Each page's text as pdftotext reads it: one run for the file, its pages split at the form feed it ends each with (the same text as -f N -l N). */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const text = execFileSync('pdftotext', ['-layout', await fileOf(bytes), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return text.split('\f').slice(0, -1);
}

function pageCountOf(bytes: Uint8Array): number {
  const pages = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' }))?.[1];
  if (pages === undefined) throw new Error('pdfinfo gave no page count');
  return Number(pages);
}

/** A file's objects as qpdf reads them (its JSON, version 2): values with refs as "12 0 R", names as "/Name", strings as "u:text". */
class QpdfObjects {
  private readonly objects: Readonly<Record<string, { readonly value?: unknown; readonly stream?: { readonly dict: unknown } }>>;

  private constructor(objects: QpdfObjects['objects']) {
    this.objects = objects;
  }

  static async of(bytes: Uint8Array): Promise<QpdfObjects> {
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', await fileOf(bytes)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as { qpdf: [unknown, QpdfObjects['objects']] };
    return new QpdfObjects(json.qpdf[1]);
  }

  /** A value, or what the reference in it refers to (a stream's dictionary for a stream). */
  get(value: unknown): Dict {
    const resolved = typeof value === 'string' && / R$/.test(value) ? this.objects[`obj:${value}`] : undefined;
    const found = resolved ? (resolved.value ?? resolved.stream?.dict) : value;
    if (!isDict(found)) throw new Error(`${JSON.stringify(value)} is not a dictionary`);
    return found;
  }

  array(value: unknown): readonly unknown[] {
    const resolved = typeof value === 'string' && / R$/.test(value) ? this.objects[`obj:${value}`]?.value : value;
    if (resolved === undefined) return [];
    return Array.isArray(resolved) ? resolved : [resolved];
  }

  all(): Dict[] {
    return Object.values(this.objects).flatMap((object): Dict[] => {
      const value: unknown = object.value ?? object.stream?.dict;
      return isDict(value) ? [value] : [];
    });
  }

  get catalog(): Dict {
    return this.get(this.get(this.objects['trailer']?.value)['/Root']);
  }

  /** The pages' references in order. */
  pages(): string[] {
    const walk = (ref: unknown): string[] => {
      const node = this.get(ref);
      return node['/Type'] === '/Pages' ? this.array(node['/Kids']).flatMap(walk) : [String(ref)];
    };
    return walk(this.catalog['/Pages']);
  }
}

type Dict = Readonly<Record<string, unknown>>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One structure tree: one Document element, each element its kids' parent, every page and
 * annotation an element names one of the book's, every StructParents key once, each ParentTree
 * entry pointing at elements on its page.
 */
function expectOneStructureTree(objects: QpdfObjects): void {
  const root = objects.get(objects.catalog['/StructTreeRoot']);
  const [top] = objects.array(root['/K']);
  expect(objects.array(root['/K'])).toHaveLength(1);
  expect(objects.get(top)['/S']).toBe('/Document');
  for (const child of objects.array(objects.get(top)['/K'])) expect(objects.get(child)['/P']).toBe(top);
  const nums = objects.array(objects.get(root['/ParentTree'])['/Nums']);
  const entries = new Map<number, unknown>();
  for (let index = 0; index < nums.length; index += 2) entries.set(Number(nums[index]), nums[index + 1]);
  const keys: number[] = [];
  for (const page of objects.pages()) {
    const dict = objects.get(page);
    const key = dict['/StructParents'];
    if (typeof key === 'number') {
      keys.push(key);
      // The element at index i holds the page's marked content i: as an MCID with its /Pg the page, or an MCR naming the page.
      const elements = objects.array(entries.get(key));
      expect(elements.length).toBeGreaterThan(0);
      elements.forEach((element, mcid) => {
        if (element === null) return;
        const dict = objects.get(element);
        const held = objects.array(dict['/K']).some((kid) => (kid === mcid && dict['/Pg'] === page) || (isDict(kid) && kid['/MCID'] === mcid && kid['/Pg'] === page));
        expect(held, `${JSON.stringify(element)} holds MCID ${String(mcid)} of ${page}`).toBe(true);
      });
    }
    for (const annotation of objects.array(dict['/Annots'])) {
      const annotationKey = objects.get(annotation)['/StructParent'];
      if (typeof annotationKey !== 'number') continue;
      keys.push(annotationKey);
      // The Link element that holds the annotation through an object reference.
      const link = objects.get(entries.get(annotationKey));
      expect(objects.array(link['/K']).some((kid) => isDict(kid) && kid['/Obj'] === annotation)).toBe(true);
      expect(link['/Pg']).toBe(page);
    }
  }
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.length).toBe(entries.size);
  expect(Number(root['/ParentTreeNextKey'])).toBeGreaterThan(Math.max(...keys));
  const pages = new Set(objects.pages());
  const annotations = new Set([...pages].flatMap((page) => objects.array(objects.get(page)['/Annots']).map(String)));
  const walk = (ref: unknown, parent: unknown): void => {
    const element = objects.get(ref);
    expect(element['/P'], `${String(ref)}'s parent`).toBe(parent);
    const page = element['/Pg'];
    const isPage = (value: unknown): boolean => typeof value === 'string' && pages.has(value);
    if (page !== undefined) expect(isPage(page), `${String(ref)}'s page ${JSON.stringify(page)}`).toBe(true);
    for (const kid of objects.array(element['/K'])) {
      if (typeof kid === 'number') expect(isPage(page), `${String(ref)}'s MCID ${String(kid)}`).toBe(true);
      else if (isDict(kid)) {
        expect(isPage(kid['/Pg'] ?? page), `${String(ref)}'s ${JSON.stringify(kid)}`).toBe(true);
        if (kid['/Type'] === '/OBJR') expect(typeof kid['/Obj'] === 'string' && annotations.has(kid['/Obj']), `${String(ref)}'s ${JSON.stringify(kid)}`).toBe(true);
      } else walk(kid, ref);
    }
  };
  for (const child of objects.array(objects.get(top)['/K'])) walk(child, top);
}

/** A file's outline items' links and counts: each item's /Count the items it shows when open (12.3.3), the root's what it shows; every item with children open. */
function expectOutlineCounted(objects: QpdfObjects): void {
  const shown = (parentRef: unknown, parent: Dict): number => {
    const items: unknown[] = [];
    for (let item = parent['/First']; item !== undefined; item = objects.get(item)['/Next']) items.push(item);
    expect(parent['/Last']).toBe(items[items.length - 1]);
    return items.reduce<number>((sum, ref, index) => {
      const item = objects.get(ref);
      expect(item['/Parent']).toBe(parentRef);
      expect(item['/Prev']).toBe(items[index - 1]);
      const under = shown(ref, item);
      expect(item['/Count'], `${String(item['/Title'])}'s count`).toBe(under === 0 ? undefined : under);
      return sum + 1 + under;
    }, 0);
  };
  const root = objects.get(objects.catalog['/Outlines']);
  expect(root['/Count']).toBe(shown(objects.catalog['/Outlines'], root));
}

describe('a book assembled from its front matter and six chapters drawn apart', () => {
  it('is a PDF qpdf finds no error in', async () => {
    expect(await qpdfCheck(assembled)).toContain('No syntax or stream encoding errors found');
    expect(await qpdfCheck(overlaid)).toContain('No syntax or stream encoding errors found');
  });

  it('has every page of the parts, in order, each with the text pdftotext reads on the page it came from', async () => {
    const sources = [drawn.base, ...drawn.parts];
    const expected = (await Promise.all(sources.map(pageTexts))).flat();
    const pages = await pageTexts(assembled);
    expect(pages.length).toBe(sources.map(pageCountOf).reduce((sum, count) => sum + count, 0));
    expect(pages).toEqual(expected);
  });

  it('reads through its structure tree as the parts read one after another, and as the book drawn in one go', () => {
    const texts = [drawn.base, ...drawn.parts].map((bytes) => readOwnPdfEdition(bytes).text);
    const read = readOwnPdfEdition(assembled);
    expect(read.text).toBe(texts.join(' '));
    expect(read.text).toBe(readOwnPdfEdition(drawn.whole).text);
    expect(read.counts).toEqual(readOwnPdfEdition(drawn.whole).counts);
  });

  it('has one name tree, sorted by the names’ bytes, in which every link’s destination is found, on the page it was on in its part', async () => {
    const sources = await Promise.all([drawn.base, ...drawn.parts].map(readBack));
    const read = await readBack(assembled);
    let before = 0;
    const expectedPages = new Map<string, number>();
    for (const source of sources) {
      for (const [name, page] of source.destinationPages) expectedPages.set(name, page + before);
      before += source.pageCount;
    }
    expect(new Map(read.destinationPages)).toEqual(expectedPages);
    const destinations = read.links.flatMap((link) => (link.destination === undefined ? [] : [link.destination]));
    for (const destination of destinations) expect(read.destinationPages.has(destination), destination).toBe(true);
    // The contents list's links (the base's) reach every chapter's headings (the parts').
    expect(new Set(destinations.map((destination) => destination.split('--')[0]))).toEqual(new Set(categories));
    const objects = await objectsOf(assembled);
    const names = objects.array(objects.get(objects.get(objects.catalog['/Names'])['/Dests'])['/Names']);
    const keys = names.filter((_, index) => index % 2 === 0).map((key) => Buffer.from(String(key).replace(/^u:/, ''), 'utf8'));
    expect(keys.length).toBe(expectedPages.size);
    expect([...keys].sort((a, b) => Buffer.compare(a, b))).toEqual(keys);
  });

  it('has one catalog, page tree, structure tree root, Document element, outline root and metadata stream: the parts’ are left behind', async () => {
    const objects = await objectsOf(assembled);
    const all = objects.all();
    const count = (test: (dict: Dict) => boolean): number => all.filter(test).length;
    expect(count((dict) => dict['/Type'] === '/Catalog')).toBe(1);
    expect(count((dict) => dict['/Type'] === '/Pages')).toBe(1);
    expect(count((dict) => dict['/Type'] === '/StructTreeRoot')).toBe(1);
    expect(count((dict) => dict['/S'] === '/Document')).toBe(1);
    expect(count((dict) => dict['/First'] !== undefined && dict['/Parent'] === undefined)).toBe(1);
    expect(count((dict) => dict['/Type'] === '/Metadata')).toBe(1);
    const pages = objects.pages();
    for (const page of pages) expect(objects.get(page)['/Parent']).toBe(objects.catalog['/Pages']);
    expect(objects.get(objects.catalog['/Pages'])['/Count']).toBe(pages.length);
  });

  it('has an outline of the base’s items and then each part’s, in order, its counts right', async () => {
    const sources = await Promise.all([drawn.base, ...drawn.parts].map(readBack));
    const read = await readBack(assembled);
    expect(read.outline).toEqual(sources.flatMap((source) => source.outline));
    const objects = await objectsOf(assembled);
    const root = objects.get(objects.catalog['/Outlines']);
    // Visible items: every top item, and the descendants of open ones.
    const tops: Dict[] = [];
    for (let item: unknown = root['/First']; item !== undefined; item = objects.get(item)['/Next']) tops.push(objects.get(item));
    expect(root['/Count']).toBe(tops.reduce((sum, item) => sum + 1 + Math.max(0, Number(item['/Count'] ?? 0)), 0));
    tops.forEach((item, index) => {
      expect(item['/Parent']).toBe(objects.catalog['/Outlines']);
      if (index > 0) expect(objects.get(item['/Prev'])).toBe(tops[index - 1]);
    });
  });

  it('has one structure tree: one Document element, every StructParents key once, each ParentTree entry pointing at elements on its page', async () => {
    expectOneStructureTree(await objectsOf(assembled));
  });

  it('gives each font subset a tag of its own (each part’s first font was a BZZZZZ+), the same in its font, CIDFont and descriptor', async () => {
    const objects = await objectsOf(assembled);
    const fonts = objects.all().filter((dict) => dict['/Subtype'] === '/Type0');
    const tagOf = (name: unknown): string => /^\/([A-Z]{6})\+/.exec(String(name))?.[1] ?? '';
    const tags = fonts.map((font) => tagOf(font['/BaseFont']));
    expect(fonts.length).toBeGreaterThan(categories.length);
    expect(tags).not.toContain('');
    expect(new Set(tags).size).toBe(tags.length);
    for (const font of fonts) {
      const [descendant] = objects.array(font['/DescendantFonts']);
      const cidFont = objects.get(descendant);
      expect(cidFont['/BaseFont']).toBe(font['/BaseFont']);
      expect(objects.get(cidFont['/FontDescriptor'])['/FontName']).toBe(font['/BaseFont']);
    }
  });

  it('draws the overlay’s page on each page, as an artifact outside the structure tree', async () => {
    const pages = await pageTexts(overlaid);
    const count = pageCountOf(overlaid);
    expect(pages).toHaveLength(count);
    pages.forEach((text, index) => expect(text).toContain(overlayText(index + 1, count)));
    // Not in the structure tree: the text read through it is that of the book without the overlay.
    // (The agreement check's own reader reads into the form, within the artifact it is drawn in.)
    const read = (await readPdfEdition(overlaid)).text;
    expect(read).not.toContain('Overlay folio');
    expect(read).toBe((await readPdfEdition(assembled)).text);
    const { artifactTexts, unmarkedText } = await readBack(overlaid);
    artifactTexts.forEach((text, index) => expect(text).toContain(overlayText(index + 1, count)));
    expect(unmarkedText).toBe('');
  });

  it('joins an overlay page’s content streams into one form, the compressed one inflated', async () => {
    const count = pageCountOf(assembled);
    const result = assemblePdf({ base: drawn.base, parts: drawn.parts, overlay: splitContentOverlay(count) });
    expect(await qpdfCheck(result)).toContain('No syntax or stream encoding errors found');
    const pages = await pageTexts(result);
    pages.forEach((text, index) => expect(text).toMatch(new RegExp(`Split first half +split second half ${String(index + 1)}\\b`)));
  });

  it('gives a part in another language than the base’s its language on each of its elements (its catalog said it before)', async () => {
    const [first, second] = drawn.parts;
    if (!first || !second) throw new Error('no parts');
    // The same length, so that the cross-reference table's offsets still hold.
    const german = new Uint8Array(Buffer.from(Buffer.from(second).toString('latin1').replace('/Lang (en-US)', '/Lang (de-DE)'), 'latin1'));
    const topChildren = async (bytes: Uint8Array): Promise<readonly unknown[]> => {
      const objects = await objectsOf(bytes);
      const [top] = objects.array(objects.get(objects.catalog['/StructTreeRoot'])['/K']);
      return objects.array(objects.get(top)['/K']).map((element) => objects.get(element)['/Lang']);
    };
    const languages = await topChildren(assemblePdf({ base: drawn.base, parts: [first, german] }));
    const before = (await topChildren(drawn.base)).length + (await topChildren(first)).length;
    const after = (await topChildren(german)).length;
    expect(languages).toEqual([...Array<undefined>(before).fill(undefined), ...Array<string>(after).fill('u:de-DE')]);
  });

  it('makes an empty outline when no document has one', async () => {
    // Blanked to spaces of the same length, so that the cross-reference table's offsets still hold.
    const withoutOutline = (bytes: Uint8Array): Uint8Array => new Uint8Array(Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\/Outlines \d+ 0 R/, (found) => ' '.repeat(found.length)), 'latin1'));
    const result = assemblePdf({ base: withoutOutline(drawn.base), parts: drawn.parts.slice(0, 2).map(withoutOutline) });
    expect(await qpdfCheck(result)).toContain('No syntax or stream encoding errors found');
    expect((await readBack(result)).outline).toEqual([]);
  });

  it('writes the same bytes for the same input', () => {
    expect(Buffer.from(assemblePdf({ base: drawn.base, parts: drawn.parts, overlay })).equals(Buffer.from(overlaid))).toBe(true);
    const id = /\/ID \[(<[0-9a-f]{32}>) (<[0-9a-f]{32}>)\]/.exec(Buffer.from(overlaid).toString('latin1'));
    expect(id).not.toBeNull();
    expect(id?.[1]).toBe(id?.[2]);
  });

  it('keeps a PDF/A base’s output intent and XMP, its parts’ left behind', async () => {
    const result = assemblePdf({ base: pdfA.base, parts: pdfA.parts });
    expect(await qpdfCheck(result)).toContain('No syntax or stream encoding errors found');
    const objects = await objectsOf(result);
    const intents = objects.array(objects.catalog['/OutputIntents']).map((intent) => objects.get(intent));
    expect(intents.map((intent) => intent['/S'])).toEqual(['/GTS_PDFA1']);
    expect(objects.all().filter((dict) => dict['/Type'] === '/OutputIntent')).toHaveLength(1);
    expect(objects.all().filter((dict) => dict['/Type'] === '/Metadata')).toHaveLength(1);
    expect(readOwnPdfEdition(result).text).toBe(readOwnPdfEdition(pdfA.whole).text);
  });
});

describe('a book bound from its front matter and chapters’ own PDFs, of which it takes all but their contents lists', () => {
  /** The 1-based pages of the book each chapter's pages taken are on, by the chapter's 0-based page index. */
  const bookPages = (): Map<string, number>[] => {
    let before = pageCountOf(own.base);
    return own.chapters.map((chapter) => {
      const pages = new Map(chapter.taken.map((index, at) => [String(index), before + at + 1] as const));
      before += chapter.taken.length;
      return pages;
    });
  };

  it('is a PDF qpdf finds no error in, of the pages taken and none other, each with the text it had', async () => {
    expect(own.chapters.map((chapter) => chapter.leftOut.length)).not.toContain(0);
    expect(await qpdfCheck(own.book)).toContain('No syntax or stream encoding errors found');
    expect(pageCountOf(own.book)).toBe(pageCountOf(own.base) + own.chapters.reduce((sum, chapter) => sum + chapter.taken.length, 0));
    const chapterPages = await Promise.all(own.chapters.map((chapter) => pageTexts(chapter.bytes)));
    const expected = [...(await pageTexts(own.base)), ...own.chapters.flatMap((chapter, index) => chapter.taken.map((page) => chapterPages[index]?.[page]))];
    const pages = await pageTexts(own.book);
    expect(pages).toEqual(expected);
    // No page left out is in the book, nor its text: the chapters' contents lists (their TOC elements) are not read through its structure.
    const read = await readBack(own.book);
    for (const [index, chapter] of own.chapters.entries()) {
      for (const page of chapter.leftOut) expect(pages).not.toContain(chapterPages[index]?.[page]);
      const [contents] = (await readBack(chapter.bytes)).textsOf('TOC');
      expect(contents?.length).toBeGreaterThan(100);
      expect(read.text).not.toContain(contents);
    }
    // The text through the structure tree: each page's as it was on its page in its chapter.
    const chapterReads = await Promise.all(own.chapters.map((chapter) => readBack(chapter.bytes)));
    expect(read.pageTexts).toEqual([...(await readBack(own.base)).pageTexts, ...own.chapters.flatMap((chapter, index) => chapter.taken.map((page) => chapterReads[index]?.pageTexts[page]))]);
    // Nothing reached only from a page left out is copied: no page, annotation or structure element but the book's.
    const objects = await objectsOf(own.book);
    const annotations = new Set(objects.pages().flatMap((page) => objects.array(objects.get(page)['/Annots']).map(String)));
    expect(objects.all().filter((dict) => dict['/Type'] === '/Page')).toHaveLength(objects.pages().length);
    expect(objects.all().filter((dict) => dict['/Type'] === '/Annot')).toHaveLength(annotations.size);
  });

  it('has the chapters’ names under their prefixes, on the pages they were on, but those of the pages left out; every link’s destination is found', async () => {
    const read = await readBack(own.book);
    const expected = new Map((await readBack(own.base)).destinationPages);
    const pages = bookPages();
    for (const [index, chapter] of own.chapters.entries()) {
      for (const [name, page] of (await readBack(chapter.bytes)).destinationPages) {
        const inBook = pages[index]?.get(String(page - 1));
        if (inBook !== undefined) expected.set(`${chapter.prefix}--${name}`, inBook);
      }
    }
    expect(new Map(read.destinationPages)).toEqual(expected);
    expect(read.destinationPages.has('contents')).toBe(true);
    for (const chapter of own.chapters) expect(read.destinationPages.has(`${chapter.prefix}--contents`)).toBe(false);
    const destinations = read.links.flatMap((link) => (link.destination === undefined ? [] : [link.destination]));
    for (const destination of destinations) expect(read.destinationPages.has(destination), destination).toBe(true);
    // The front matter's contents list reaches every chapter's title and headings.
    expect(new Set(destinations.map((destination) => destination.split('--')[0]))).toEqual(new Set(own.chapters.map((chapter) => chapter.prefix)));
    const objects = await objectsOf(own.book);
    const names = objects.array(objects.get(objects.get(objects.catalog['/Names'])['/Dests'])['/Names']);
    const keys = names.filter((_, index) => index % 2 === 0).map((key) => Buffer.from(String(key).replace(/^u:/, ''), 'utf8'));
    expect(keys.length).toBe(expected.size);
    expect([...keys].sort((a, b) => Buffer.compare(a, b))).toEqual(keys);
  });

  it('names a part’s destinations under its prefix in its own links too (its contents list’s, when taken)', async () => {
    const book = bindOwn(own.base, own.chapters, () => ({ pages: undefined }));
    const read = await readBack(book);
    let before = pageCountOf(own.base);
    for (const chapter of own.chapters) {
      const source = await readBack(chapter.bytes);
      const links = source.links.flatMap((link) => (link.destination === undefined ? [] : [{ page: link.page + before, destination: `${chapter.prefix}--${link.destination}`, to: (source.destinationPages.get(link.destination) ?? 0) + before }]));
      expect(links.length).toBeGreaterThan(0);
      const inBook = read.links.flatMap((link) => (link.destination !== undefined && link.page > before && link.page <= before + source.pageCount ? [{ page: link.page, destination: link.destination, to: read.destinationPages.get(link.destination) }] : []));
      expect(inBook).toEqual(links);
      before += source.pageCount;
    }
  });

  it('nests each chapter’s outline under its title’s item, without its contents item, every count right', async () => {
    const read = await readBack(own.book);
    const chapters = await Promise.all(own.chapters.map((chapter) => readBack(chapter.bytes)));
    const nested = chapters.map(({ outline: [title, ...rest] }) => {
      if (!title) throw new Error('a chapter without an outline');
      expect(rest.filter((item) => item.title === 'Contents')).toHaveLength(1);
      return { title: title.title, children: [...title.children, ...rest.filter((item) => item.title !== 'Contents')] };
    });
    expect(read.outline).toEqual([...(await readBack(own.base)).outline, ...nested]);
    expectOutlineCounted(await objectsOf(own.book));
  });

  it('follows outline items given by name: renamed under their prefix, the one that leads to a page left out dropped', async () => {
    const chapters = own.chapters.map((chapter) => ({ ...chapter, bytes: withOutlineByName(chapter.bytes) }));
    const book = bindOwn(own.base, chapters);
    expect(await qpdfCheck(book)).toContain('No syntax or stream encoding errors found');
    expect((await readBack(book)).outline).toEqual((await readBack(own.book)).outline);
    const objects = await objectsOf(book);
    expectOutlineCounted(objects);
    const read = await readBack(book);
    const named: string[] = [];
    const visit = (item: unknown): void => {
      for (; item !== undefined; item = objects.get(item)['/Next']) {
        const action = objects.get(item)['/A'];
        if (action !== undefined) named.push(String(objects.get(action)['/D']).replace(/^u:/, ''));
        visit(objects.get(item)['/First']);
      }
    };
    visit(objects.get(objects.catalog['/Outlines'])['/First']);
    expect(named.length).toBeGreaterThan(own.chapters.length * 3);
    for (const name of named) {
      expect(own.chapters.some((chapter) => name.startsWith(`${chapter.prefix}--`)), name).toBe(true);
      expect(read.destinationPages.has(name), name).toBe(true);
    }
  });

  it('has one structure tree in which no element refers to a page or annotation not in the book, without the chapters’ TOC elements', async () => {
    const objects = await objectsOf(own.book);
    expectOneStructureTree(objects);
    const tocs = async (bytes: Uint8Array): Promise<number> => (await objectsOf(bytes)).all().filter((dict) => dict['/S'] === '/TOC').length;
    for (const chapter of own.chapters) expect(await tocs(chapter.bytes)).toBe(1);
    expect(await tocs(own.base)).toBe(1);
    expect(await tocs(own.book)).toBe(1);
  });

  it('keeps, of an element running onto a page left out, its content on the pages taken', async () => {
    const [chapter] = own.chapters;
    if (!chapter) throw new Error('no chapter');
    // A page after the contents list that an element runs onto from the page before (a paragraph's MCR there).
    const objects = await objectsOf(chapter.bytes);
    const pages = objects.pages();
    const runOnto = objects
      .all()
      .flatMap((element) => objects.array(element['/K']).flatMap((kid) => (isDict(kid) && kid['/Type'] === '/MCR' && kid['/Pg'] !== element['/Pg'] ? [pages.indexOf(String(kid['/Pg']))] : [])))
      .find((page) => page > (chapter.leftOut[chapter.leftOut.length - 1] ?? 0) + 1);
    if (runOnto === undefined) throw new Error('no element runs over a page');
    const taken = chapter.taken.filter((page) => page !== runOnto);
    const book = bindOwn(own.base, [{ ...chapter, taken }]);
    expect(await qpdfCheck(book)).toContain('No syntax or stream encoding errors found');
    expectOneStructureTree(await objectsOf(book));
    const read = await readBack(book);
    const original = await readBack(chapter.bytes);
    expect(read.pageTexts).toEqual([...(await readBack(own.base)).pageTexts, ...taken.map((page) => original.pageTexts[page])]);
    expect(read.text).not.toContain(original.pageTexts[runOnto]);
  });

  it('takes only each page’s first content stream when its part is body only (the chapter’s own running heads left behind); a page of one stream whole', async () => {
    const [chapter] = own.chapters;
    if (!chapter) throw new Error('no chapter');
    // Prefixed, so that its names are not the front matter's.
    const bind = (options: Partial<AssemblePart>): Uint8Array => assemblePdf({ base: own.base, parts: [{ bytes: chapter.bytes, prefix: chapter.prefix, ...options }] });
    const source = parsePdf(chapter.bytes, 'the chapter');
    const bodyOnly = bind({ bodyOnly: true });
    const book = parsePdf(bodyOnly, 'the book');
    const contentsOf = (file: PdfFile): PdfValue[] => {
      const kids = file.resolve(file.dict(file.dict(file.trailer.get('Root'))?.get('Pages'))?.get('Kids'));
      return (Array.isArray(kids) ? (kids as readonly PdfValue[]) : []).map((page) => file.dict(page)?.get('Contents') ?? null);
    };
    const dataOf = (file: PdfFile, value: PdfValue): string => {
      const stream = file.resolve(value);
      if (!(stream instanceof PdfStream)) throw new Error('not a stream');
      return Buffer.from(stream.data).toString('latin1');
    };
    // The chapter's title page has one content stream, every other page two: its text, and its running head and number.
    const [titlePage, ...others] = contentsOf(source);
    expect(titlePage instanceof PdfRef).toBe(true);
    for (const contents of others) expect(Array.isArray(contents) && contents.length === 2).toBe(true);
    const taken = contentsOf(book).slice(pageCountOf(own.base));
    expect(taken).toHaveLength(others.length + 1);
    // Each page's one stream: the title page's, and every other page's first.
    taken.forEach((contents, index) => {
      const original = index === 0 ? titlePage : ((others[index - 1] as readonly PdfValue[] | undefined)?.[0] ?? null);
      expect(contents instanceof PdfRef, `page ${String(index + 1)}`).toBe(true);
      expect(dataOf(book, contents) === dataOf(source, original ?? null), `page ${String(index + 1)}`).toBe(true);
    });
    expect(await qpdfCheck(bodyOnly)).toContain('No syntax or stream encoding errors found');
    // What pdftotext and the structure read is the chapter's text, its running heads and numbers (artifacts) gone.
    const read = await readBack(bodyOnly);
    const original = await readBack(chapter.bytes);
    const basePages = pageCountOf(own.base);
    expect(original.artifactTexts.slice(1).every((text) => text.length > 0)).toBe(true);
    expect(read.artifactTexts.slice(basePages)).toEqual(original.artifactTexts.map(() => ''));
    expect(read.pageTexts.slice(basePages)).toEqual(original.pageTexts);
    expect((await readBack(bind({}))).artifactTexts.slice(basePages)).toEqual(original.artifactTexts);
  });

  it('copies a part given with no option, or with every page, as the same part given as bytes', () => {
    const plain = assemblePdf({ base: drawn.base, parts: drawn.parts, overlay });
    expect(Buffer.from(plain).equals(Buffer.from(overlaid))).toBe(true);
    const given = assemblePdf({ base: drawn.base, parts: drawn.parts.map((bytes) => ({ bytes })), overlay });
    expect(Buffer.from(given).equals(Buffer.from(overlaid))).toBe(true);
    const everyPage = assemblePdf({ base: drawn.base, parts: drawn.parts.map((bytes) => ({ bytes, pages: Array.from({ length: pageCountOf(bytes) }, (_, index) => index) })), overlay });
    expect(Buffer.from(everyPage).equals(Buffer.from(overlaid))).toBe(true);
  });
});

describe('what assembly refuses', () => {
  it('a name two parts define', () => {
    const [first] = drawn.parts;
    if (!first) throw new Error('no part');
    expect(() => assemblePdf({ base: drawn.base, parts: [first, first] })).toThrow(/named destination \(coordination--[a-z-]+\) is defined in part 1 and in part 2/);
  });

  it('a file with a cross-reference stream (what pdfkit does not write)', async () => {
    const input = await fileOf(drawn.base);
    const output = path.join(folder, 'object-streams.pdf');
    execFileSync('qpdf', ['--object-streams=generate', input, output]);
    const compressed = new Uint8Array(await readFile(output));
    expect(() => assemblePdf({ base: compressed, parts: [] })).toThrow(/the base: the cross-reference is a stream/);
  });

  it('an overlay of another number of pages', async () => {
    const short = await overlayPdf(2);
    expect(() => assemblePdf({ base: drawn.base, parts: drawn.parts, overlay: short })).toThrow(/the overlay has 2 pages/);
  });

  it('a name two parts define under one prefix (under two, each is its own)', () => {
    const [chapter] = own.chapters;
    if (!chapter) throw new Error('no chapter');
    expect(() => bindOwn(own.base, [chapter, chapter])).toThrow(/named destination \(coordination--[a-z-]+\) is defined in part 1 and in part 2/);
    expect(() => bindOwn(own.base, [chapter, { ...chapter, prefix: 'again' }])).not.toThrow();
  });

  it('pages not in increasing order, or not the part’s', () => {
    const [chapter] = own.chapters;
    if (!chapter) throw new Error('no chapter');
    expect(() => bindOwn(own.base, [{ ...chapter, taken: [2, 1] }])).toThrow(/part 1 is given pages \[2, 1\]/);
    expect(() => bindOwn(own.base, [{ ...chapter, taken: [0, pageCountOf(chapter.bytes)] }])).toThrow(/part 1 is given pages/);
  });
});
