/**
 * A book assembled from separately drawn PDFs (src/render/pdf/assemble.ts): the front matter of a
 * six-chapter country report as the base, each chapter drawn on its own as a part, and an overlay
 * of page furniture. The result is checked with programs that are not ours (qpdf: the file and its
 * objects, as JSON; pdftotext: each page's text) and with the agreement check's reader (the text
 * through the structure tree), against the parts and against the same book drawn in one go.
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
import { assemblePdf } from '../../../src/render/pdf/assemble.js';
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
    const objects = await objectsOf(assembled);
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
});
