/**
 * A tagged PDF read the way pdfjs-dist reads it for a screen reader — the structure tree, and the
 * text of each piece of marked content (pdf-content.ts) — with only what the agreement check needs:
 * no glyph outlines, no text geometry beyond where a line or a word ends. pdfjs took half of a
 * build's time to tell us this; the tests hold the two readers to the same result on rubricpress's
 * PDFs. What this reader does not know (pdf-syntax.ts, pdf-fonts.ts, pdf-content.ts, and here: a
 * page tree or structure tree of another shape) throws `UnsupportedPdf`.
 */
import { readPageContent, type PageToRead, type UnseenGlyphs } from './pdf-content.js';
import type { FontReading } from './pdf-fonts.js';
import { pdfTags } from '../../vocabulary/pdf.js';
import { isStructNode, type StructNode, type WrittenElement } from './pdf-structure.js';
import { isPdfArray, nameOf, PdfFile, PdfRef, textOf, UnsupportedPdf, type PdfDict, type PdfValue } from './pdf-syntax.js';

export interface TaggedPdf {
  /** The structure tree's top-level elements under a Root, roles mapped through the RoleMap as pdfjs does. */
  readonly root: StructNode;
  /** The text of each piece of marked content, by `<page object>:<MCID>` (the ids in `root`). */
  readonly contentText: ReadonlyMap<string, string>;
  readonly elements: readonly WrittenElement[];
  /** Glyphs drawn as the font's empty box (.notdef, glyph 0), which no actual text makes good. */
  readonly boxes: number;
  /** Glyphs drawn outside the page (as pdfjs, the reader leaves them out; an actual text over them would not). */
  readonly offPage: number;
  /** The widths of the rectangles drawn as content, by `<page object>:<MCID>`: a chart's tracks and bars. */
  readonly rectangles: ReadonlyMap<string, readonly number[]>;
  /** Each page's number (from 1), by its page object's number: where a piece of marked content (`<page object>:<MCID>`) is drawn. */
  readonly pageNumbers: ReadonlyMap<number, number>;
  /** The named destinations on a page where a bibliography entry (BibEntry) is drawn: where a citation's link may lead. */
  readonly entryDestinations: ReadonlySet<string>;
}

export function readTaggedPdf(bytes: Uint8Array): TaggedPdf {
  const file = new PdfFile(bytes);
  const catalog = catalogOf(file);
  const pages = pageList(file, catalog);
  const pieces = new Map<string, string[]>();
  const fonts = new Map<number, FontReading>();
  const unseen: UnseenGlyphs = { boxes: 0, offPage: 0 };
  const rectangles = new Map<string, number[]>();
  for (const page of pages) readPageContent(file, page, fonts, pieces, unseen, rectangles);
  const contentText = new Map([...pieces].map(([key, texts]) => [key, texts.join('')]));
  const { root, elements } = structureTree(file, catalog.get('StructTreeRoot'));
  const entryPages = pagesOf(root, pdfTags.bibliographyEntry);
  const entryDestinations = new Set([...namedDestinations(file, catalog)].filter(([, page]) => entryPages.has(page)).map(([name]) => name));
  return { root, contentText, rectangles, elements, boxes: unseen.boxes, offPage: unseen.offPage, pageNumbers: new Map(pages.map((page, index) => [page.ref.num, index + 1])), entryDestinations };
}

/** The page objects (by number) on which elements of a role have marked content drawn. */
function pagesOf(root: StructNode, role: string): Set<number> {
  const pages = new Set<number>();
  const visit = (node: StructNode, inRole: boolean): void => {
    for (const child of node.children) {
      if (isStructNode(child)) visit(child, inRole || child.role === role);
      else if (inRole && child.type === 'content') pages.add(Number(child.id.split(':')[0]));
    }
  };
  visit(root, root.role === role);
  return pages;
}

/** Each named destination (the catalog's /Names /Dests name tree, or its /Dests dictionary) and the page object it is on. */
function namedDestinations(file: PdfFile, catalog: PdfDict): Map<string, number> {
  const found = new Map<string, number>();
  const add = (name: string | undefined, destination: PdfValue | undefined): void => {
    const resolved = file.resolve(destination);
    // A destination is an array [page …], or a dictionary holding it as /D.
    const array = isPdfArray(resolved) ? resolved : file.array(file.dict(resolved)?.get('D'));
    const page = array[0];
    if (name !== undefined && page instanceof PdfRef) found.set(name, page.num);
  };
  const seen = new Set<PdfDict>();
  const visit = (node: PdfDict | undefined): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const names = file.array(node.get('Names'));
    for (let index = 0; index + 1 < names.length; index += 2) add(textOf(file.resolve(names[index])), names[index + 1]);
    for (const kid of file.array(node.get('Kids'))) visit(file.dict(kid));
  };
  visit(file.dict(file.dict(catalog.get('Names'))?.get('Dests')));
  for (const [name, destination] of file.dict(catalog.get('Dests')) ?? []) add(name, destination);
  return found;
}

/** Where a Link element's annotation leads inside the document: its named destination (none for a web address). */
function linkDestination(file: PdfFile, kids: readonly PdfValue[]): string | undefined {
  for (const kid of kids) {
    const reference = file.dict(kid);
    if (nameOf(reference?.get('Type')) !== 'OBJR') continue;
    const annotation = file.dict(reference?.get('Obj'));
    const action = file.dict(annotation?.get('A'));
    const target = action && nameOf(action.get('S')) === 'GoTo' ? action.get('D') : annotation?.get('Dest');
    const name = textOf(file.resolve(target)) ?? nameOf(file.resolve(target));
    if (name !== undefined) return name;
  }
  return undefined;
}

/** The number of pages, from the page tree alone. */
export function countTaggedPdfPages(bytes: Uint8Array): number {
  const file = new PdfFile(bytes);
  return pageList(file, catalogOf(file)).length;
}

function catalogOf(file: PdfFile): PdfDict {
  const catalog = file.dict(file.trailer.get('Root'));
  if (!catalog) throw new UnsupportedPdf('No document catalog.');
  return catalog;
}

type Rectangle = readonly [number, number, number, number];

/** A rectangle's corners in order: x0 ≤ x1, y0 ≤ y1. */
function rectangle(file: PdfFile, value: PdfValue | undefined): Rectangle | undefined {
  const items = file.array(value).map((item) => file.resolve(item));
  if (items.length !== 4 || items.some((item) => typeof item !== 'number')) return undefined;
  const [a, b, c, d] = items as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/** The pages in order, each with the resources and boxes it inherits (7.7.3.4); their number must be the tree's /Count. */
function pageList(file: PdfFile, catalog: PdfDict): PageToRead[] {
  const pages: PageToRead[] = [];
  const seen = new Set<number>();
  const visit = (node: PdfValue | undefined, inherited: ReadonlyMap<string, PdfValue>): void => {
    if (!(node instanceof PdfRef) || seen.has(node.num)) throw new UnsupportedPdf('A malformed page tree.');
    seen.add(node.num);
    const dict = file.dict(node);
    if (!dict) throw new UnsupportedPdf('A page tree node that is not a dictionary.');
    const withInherited = new Map(inherited);
    for (const key of ['Resources', 'MediaBox', 'CropBox']) {
      const value = dict.get(key);
      if (value !== undefined) withInherited.set(key, value);
    }
    const type = nameOf(dict.get('Type'));
    if (type === 'Page') {
      const media = rectangle(file, withInherited.get('MediaBox'));
      if (!media) throw new UnsupportedPdf('A page without a media box.');
      const crop = rectangle(file, withInherited.get('CropBox')) ?? media;
      const view: Rectangle = [Math.max(media[0], crop[0]), Math.max(media[1], crop[1]), Math.min(media[2], crop[2]), Math.min(media[3], crop[3])];
      pages.push({ ref: node, dict: new Map([...dict, ...withInherited]), view });
      return;
    }
    if (type !== 'Pages' || !isPdfArray(file.resolve(dict.get('Kids')))) throw new UnsupportedPdf('A page tree node that is neither a page nor a node with kids.');
    for (const kid of file.array(dict.get('Kids'))) visit(kid, withInherited);
  };
  const root = catalog.get('Pages');
  visit(root, new Map());
  if (file.resolve(file.dict(root)?.get('Count')) !== pages.length) throw new UnsupportedPdf('The page tree holds another number of pages than its count.');
  return pages;
}

/** The structure tree as pdfjs serialises it: roles through the RoleMap, Alt or else ActualText as `alt`. */
function structureTree(file: PdfFile, rootRef: PdfValue | undefined): Pick<TaggedPdf, 'root' | 'elements'> {
  const root = file.dict(rootRef);
  if (!root) throw new UnsupportedPdf('No structure tree.');
  const roleMap = new Map<string, string>();
  for (const [from, to] of file.dict(root.get('RoleMap')) ?? []) {
    const mapped = nameOf(file.resolve(to));
    if (mapped !== undefined) roleMap.set(from, mapped);
  }
  const elements: WrittenElement[] = [];
  const seen = new Set<number>();
  const kidsOf = (dict: PdfDict): readonly PdfValue[] => {
    const kids = dict.get('K');
    const resolved = file.resolve(kids);
    if (kids === undefined || resolved === null) return [];
    return isPdfArray(resolved) ? resolved : [kids];
  };
  const kid = (value: PdfValue, parentRole: string | undefined, page: PdfRef | undefined): StructNode['children'][number] | undefined => {
    if (typeof value === 'number') {
      // pdfjs finds a marked-content id's page in the element's own /Pg only.
      if (!page) throw new UnsupportedPdf('Marked content of an element without a page.');
      return { type: 'content', id: `${String(page.num)}:${String(value)}` };
    }
    const dict = file.dict(value);
    if (!dict) return undefined;
    const type = nameOf(dict.get('Type'));
    if (type === 'MCR') {
      const pageRef = dict.get('Pg') ?? page;
      const mcid = file.resolve(dict.get('MCID'));
      if (dict.has('Stm') || !(pageRef instanceof PdfRef) || typeof mcid !== 'number') throw new UnsupportedPdf('A marked-content reference this reader does not follow.');
      return { type: 'content', id: `${String(pageRef.num)}:${String(mcid)}` };
    }
    if (type === 'OBJR') {
      const object = dict.get('Obj');
      return { type: 'annotation', id: object instanceof PdfRef ? String(object.num) : '' };
    }
    if (value instanceof PdfRef) {
      if (seen.has(value.num)) throw new UnsupportedPdf('A structure element that appears twice in the tree.');
      seen.add(value.num);
    }
    const written = nameOf(dict.get('S')) ?? '';
    const destination = linkDestination(file, kidsOf(dict));
    elements.push({ role: written, parentRole, ...(destination !== undefined ? { destination } : {}) });
    const ownPage = dict.get('Pg');
    const alt = textOf(file.resolve(dict.get('Alt'))) ?? textOf(file.resolve(dict.get('ActualText')));
    const children = kidsOf(dict)
      .map((child) => kid(child, written, ownPage instanceof PdfRef ? ownPage : undefined))
      .filter((child) => child !== undefined);
    return { role: roleMap.get(written) ?? written, ...(alt !== undefined ? { alt } : {}), children };
  };
  return { root: { role: 'Root', children: kidsOf(root).map((top) => kid(top, undefined, undefined)).filter((top) => top !== undefined) }, elements };
}
