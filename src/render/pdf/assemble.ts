/**
 * A book assembled from separately drawn tagged PDFs (the front matter, each chapter's pages), by
 * copying their objects under new numbers into one tagged PDF, without drawing anything again: a
 * chapter that has not changed can keep the pages drawn before. pdfkit can only write pages, not
 * import them, so the copying is done here, over pdf-objects.ts (our own reader: the agreement
 * check's must stay apart from the writers').
 *
 * What is copied is what the kept pages, structure elements, outline items and destinations reach;
 * each part's catalog, page tree, structure tree root, outline root, information dictionary and
 * metadata are left behind (the base's are kept). Content streams and font programs are copied byte
 * for byte. Every document's structure hangs under the base's one top element (a /Document), its
 * StructParents keys moved past those before it; outlines follow one another; named destinations
 * join in one name tree, so that a link in one part reaches a heading in another. Fonts keep their
 * subsets, each under a subset tag of its own (pdfkit names them by font number, so every part has
 * a BZZZZZ+). An overlay document's pages are drawn over the result's pages as artifacts (running
 * heads and page numbers, which know the book's page count).
 *
 * A part may be a chapter's own complete PDF of which the book takes some pages (`AssemblePart`):
 * what lies only on the pages left out (in practice its contents list) stays behind with them: their
 * annotations, their ParentTree keys, the structure elements whose content is all there (and those
 * left with no kids), the named destinations and outline items that lead there. Its names may take
 * a prefix, in the name tree and in every link, action and outline item of the part that names one,
 * so that two chapters' `key-findings` stay apart; its pages may give up the content streams after
 * their first (their own running heads, which the book's overlay replaces); and its outline may be
 * nested under its first item (the chapter's title). Nothing copied may refer to what was left
 * behind: a reference the assembly does not know how to drop is an error.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfStream, PdfString, integerOf, laterVersion, nameOf, parsePdf, serialise, writePdf, type PdfFile, type PdfObject, type PdfValue } from './pdf-objects.js';

export interface AssembleInput {
  /** The document whose catalog (Lang, MarkInfo, Metadata/XMP, ViewerPreferences, PageMode, OutputIntents), Info and outline root are kept; its pages come first. */
  readonly base: Uint8Array;
  /** Documents whose pages are appended in order: all of a document given as bytes, or as an `AssemblePart` says. */
  readonly parts: readonly (Uint8Array | AssemblePart)[];
  /**
   * A document with exactly as many pages as the result, each drawn over the result's page of its
   * number as a Form XObject marked as an artifact. It must have no structure (no /StructParents).
   */
  readonly overlay?: Uint8Array;
}

/** A part of which the book takes some pages, or takes them otherwise than as they are. */
export interface AssemblePart {
  readonly bytes: Uint8Array;
  /** The part's pages the book takes (0-based, increasing); every page when absent. */
  readonly pages?: readonly number[];
  /** Prefix of the part's names: each named destination it defines becomes `${prefix}--${name}`, and every link or outline item of the part that names one follows it. */
  readonly prefix?: string;
  /** Only each page's first content stream (its /Contents array's first entry): the part's pages carry their running heads and page numbers in a content stream of their own after it, which the book's overlay replaces. */
  readonly bodyOnly?: boolean;
  /** The part's outline under its first item: the other top-level items (and their children) become the first item's children, after its own. */
  readonly outlineUnderFirst?: boolean;
}

export function assemblePdf(input: AssembleInput): Uint8Array {
  const base = readSource(parsePdf(input.base, 'the base'), true);
  const parts = input.parts.map((part, index) => {
    const options = part instanceof Uint8Array ? { bytes: part } : part;
    return editedSource(readSource(parsePdf(options.bytes, `part ${String(index + 1)}`), false), options);
  });
  const sources = [base, ...parts];
  const overlay = input.overlay && readOverlay(parsePdf(input.overlay, 'the overlay'));
  return new Assembly(sources, overlay).write();
}

/** What of one input document the assembly uses, found before anything is copied. */
interface Source {
  readonly file: PdfFile;
  readonly catalog: PdfDict;
  readonly catalogNumber: number | undefined;
  readonly pages: readonly SourcePage[];
  /** The page tree's inner nodes: their place is taken by the result's one /Pages. */
  readonly pageNodes: readonly number[];
  readonly structure: SourceStructure;
  readonly outline: SourceOutline | undefined;
  /** The named destinations (/Names /Dests) it brings, under the names they have in the result. */
  readonly dests: readonly (readonly [PdfString, PdfValue])[];
  readonly edits: SourceEdits;
}

/** How a part given as an `AssemblePart` is copied otherwise than its file has it: nothing, for the base and a part given as bytes. */
interface SourceEdits {
  /** Objects copied as given here, not as the file has them: elements with content left out, pages with one content stream, outline items linked anew. */
  readonly replaced: ReadonlyMap<number, PdfObject>;
  /** Objects not copied that nothing copied may refer to: the pages left out, their annotations, the structure elements removed. */
  readonly leftBehind: ReadonlySet<number>;
  /** Each name the part defines (its bytes, as Latin-1) and the name it has in the result, when it takes a prefix. */
  readonly renames: ReadonlyMap<string, PdfString> | undefined;
}

const noEdits: SourceEdits = { replaced: new Map(), leftBehind: new Set(), renames: undefined };

interface SourcePage {
  readonly ref: PdfRef;
  /** Attributes the page inherits from its page tree nodes (7.7.3.4), given to it directly once those are gone. */
  readonly inherited: ReadonlyMap<string, PdfValue>;
}

interface SourceStructure {
  readonly rootNumber: number;
  readonly root: PdfDict;
  /** The one top element (pdfkit's /Document) under which every document's elements are put. */
  readonly top: PdfRef;
  readonly children: readonly PdfRef[];
  readonly parentTree: readonly (readonly [number, PdfValue])[];
  /** The first StructParents key the document does not use. */
  readonly nextKey: number;
}

interface SourceOutline {
  readonly rootNumber: number;
  readonly items: readonly PdfRef[];
}

const inheritable = ['Resources', 'MediaBox', 'CropBox', 'Rotate'] as const;

/** Catalog entries a part may have: each is carried over, merged or left behind (the base's is kept). */
const partCatalogKeys = new Set(['Type', 'Pages', 'Names', 'Lang', 'MarkInfo', 'StructTreeRoot', 'ViewerPreferences', 'Outlines', 'PageMode', 'Metadata', 'OutputIntents']);

/** The catalog's entries the assembly makes itself: the base's others are copied. */
const madeCatalogKeys = new Set(['Pages', 'StructTreeRoot', 'Outlines', 'Names']);

function readSource(file: PdfFile, isBase: boolean): Source {
  const catalogRef = file.trailer.get('Root');
  const catalog = file.dict(catalogRef) ?? fail(file, 'has no catalog');
  if (!isBase) {
    for (const key of catalog.entries.keys()) if (!partCatalogKeys.has(key)) fail(file, `has /${key} in its catalog, which assembly does not carry over`);
  }
  const { pages, pageNodes } = readPages(file, catalog.get('Pages'));
  const names = file.dict(catalog.get('Names'));
  if (names && !isBase) for (const key of names.entries.keys()) if (key !== 'Dests') fail(file, `has a /${key} name tree, which assembly does not merge`);
  return {
    file,
    catalog,
    catalogNumber: catalogRef instanceof PdfRef ? catalogRef.number : undefined,
    pages,
    pageNodes,
    structure: readStructure(file, catalog),
    outline: readOutline(file, catalog.get('Outlines')),
    dests: nameTreeEntries(file, names?.get('Dests')),
    edits: noEdits,
  };
}

function fail(file: PdfFile, message: string): never {
  throw new Error(`${file.label} ${message}`);
}

/** The pages in order, walking the page tree (pdfkit writes one node; deeper trees are read too). */
function readPages(file: PdfFile, root: PdfValue | undefined): { pages: SourcePage[]; pageNodes: number[] } {
  const pages: SourcePage[] = [];
  const pageNodes: number[] = [];
  const visit = (ref: PdfValue, inherited: ReadonlyMap<string, PdfValue>): void => {
    if (!(ref instanceof PdfRef)) fail(file, 'has a page tree entry that is not a reference');
    const node = file.dict(ref) ?? fail(file, `has page tree entry ${String(ref.number)} that is not a dictionary`);
    const type = nameOf(node.get('Type'));
    if (type === 'Page') {
      pages.push({ ref, inherited });
      return;
    }
    if (type !== 'Pages') fail(file, `has page tree entry ${String(ref.number)} of type ${String(type)}`);
    if (pageNodes.includes(ref.number)) fail(file, 'has a page tree with a cycle');
    pageNodes.push(ref.number);
    const passed = new Map(inherited);
    for (const key of inheritable) {
      const value = node.get(key);
      if (value !== undefined) passed.set(key, value);
    }
    const kids = file.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) fail(file, `has page tree node ${String(ref.number)} without /Kids`);
    for (const kid of kids as readonly PdfValue[]) visit(kid, passed);
  };
  visit(root ?? null, new Map());
  return { pages, pageNodes };
}

function readStructure(file: PdfFile, catalog: PdfDict): SourceStructure {
  const rootRef = catalog.get('StructTreeRoot');
  const root = file.dict(rootRef);
  if (!(rootRef instanceof PdfRef) || !root) return fail(file, 'is not tagged (no /StructTreeRoot): only tagged PDFs are assembled');
  if (root.get('IDTree') !== undefined) fail(file, 'has a structure /IDTree, which assembly does not merge');
  const top = arrayOf(file, root.get('K'));
  const [element] = top;
  if (top.length !== 1 || !(element instanceof PdfRef)) fail(file, `has ${String(top.length)} top structure elements; pdfkit writes one /Document element`);
  const topElement = file.dict(element) ?? fail(file, 'has a top structure element that is not a dictionary');
  const children = arrayOf(file, topElement.get('K')).map((child) => {
    // Content marked directly under the top element would lose its page (/Pg) when moved.
    if (!(child instanceof PdfRef) || !file.dict(child)) fail(file, 'has marked content directly under its top structure element; only structure elements are moved');
    return child;
  });
  const parentTree = numberTreeEntries(file, root.get('ParentTree'));
  const lastKey = parentTree.reduce((last, [key]) => Math.max(last, key), -1);
  const nextKey = Math.max(lastKey + 1, integerOf(root.get('ParentTreeNextKey')) ?? 0);
  return { rootNumber: rootRef.number, root, top: element, children, parentTree, nextKey };
}

function readOutline(file: PdfFile, rootRef: PdfValue | undefined): SourceOutline | undefined {
  const root = file.dict(rootRef);
  if (!(rootRef instanceof PdfRef) || !root) return undefined;
  return { rootNumber: rootRef.number, items: outlineItems(file, root.get('First'), new Set()) };
}

/** The items from `first` on, by /Next; `seen` holds the items met before, so that none runs in a circle. */
function outlineItems(file: PdfFile, first: PdfValue | undefined, seen: Set<number>): PdfRef[] {
  const items: PdfRef[] = [];
  for (let item = first; item instanceof PdfRef; item = file.dict(item)?.get('Next')) {
    if (seen.has(item.number)) fail(file, 'has an outline whose items run in a circle');
    seen.add(item.number);
    items.push(item);
  }
  return items;
}

/** A value as an array: an array (resolved), one value, or none. */
function arrayOf(file: PdfFile, value: PdfValue | undefined): readonly PdfValue[] {
  const resolved = file.resolve(value);
  if (resolved === undefined) return [];
  if (resolved instanceof PdfStream) return fail(file, 'has a stream where an array was expected');
  return Array.isArray(resolved) ? (resolved as readonly PdfValue[]) : [resolved];
}

/** A number tree's entries (7.9.7), in the order of its leaves. */
function numberTreeEntries(file: PdfFile, node: PdfValue | undefined): (readonly [number, PdfValue])[] {
  return treeEntries(file, node, 'Nums').map(([key, value]) => [integerOf(key) ?? fail(file, 'has a number tree key that is not an integer'), value]);
}

/** A name tree's entries (7.9.6), in the order of its leaves. */
function nameTreeEntries(file: PdfFile, node: PdfValue | undefined): (readonly [PdfString, PdfValue])[] {
  return treeEntries(file, node, 'Names').map(([key, value]) => [key instanceof PdfString ? key : fail(file, 'has a name tree key that is not a string'), value]);
}

function treeEntries(file: PdfFile, node: PdfValue | undefined, leafKey: 'Nums' | 'Names'): (readonly [PdfValue, PdfValue])[] {
  const entries: (readonly [PdfValue, PdfValue])[] = [];
  const visit = (value: PdfValue | undefined, depth: number): void => {
    const dict = file.dict(value);
    if (!dict) return;
    if (depth > 32) fail(file, `has a /${leafKey} tree deeper than 32 levels`);
    const pairs = arrayOf(file, dict.get(leafKey));
    for (let index = 0; index + 1 < pairs.length; index += 2) entries.push([pairs[index] ?? null, pairs[index + 1] ?? null]);
    for (const kid of arrayOf(file, dict.get('Kids'))) visit(kid, depth + 1);
  };
  visit(node, 0);
  return entries;
}

/**
 * A part as an `AssemblePart` takes it: the pages left out and what lay only on them dropped, its
 * names prefixed, its pages cut to their first content stream and its outline nested, as asked. A
 * part given with none of these is its source as read, copied as a part given as bytes is.
 */
function editedSource(source: Source, part: AssemblePart): Source {
  if (part.pages === undefined && part.prefix === undefined && part.bodyOnly !== true && part.outlineUnderFirst !== true) return source;
  const { file } = source;
  if (part.prefix === '') fail(file, 'is given an empty prefix');
  const pages = takenPages(source, part.pages);
  const replaced = new Map<number, PdfObject>();
  const leftBehind = new Set<number>();
  if (part.bodyOnly === true) for (const page of pages) firstContentOnly(file, page, replaced);
  const leftOut = leftOutOf(file, source.pages, pages);
  const structure = leftOut.pages.size === 0 ? source.structure : prunedStructure(file, source.structure, leftOut, replaced, leftBehind);
  for (const number of [...leftOut.pages, ...leftOut.annotations]) leftBehind.add(number);
  const named = new Map(source.dests.map(([name, value]) => [stringKey(name), value] as const));
  const leadsOut = (dest: PdfValue | undefined): boolean => {
    const page = destinationPage(file, dest, named);
    return page !== undefined && leftOut.pages.has(page);
  };
  const { prefix } = part;
  // Every name the part defines is renamed, the dropped ones too: a link of a page taken to one of
  // those (pdfkit's chapters have none) then leads nowhere, rather than to the name in another part.
  const renames = prefix === undefined ? undefined : new Map(source.dests.map(([name]) => [stringKey(name), prefixedName(prefix, name)] as const));
  const dests = source.dests.filter(([, value]) => !leadsOut(value)).map(([name, value]) => [renames?.get(stringKey(name)) ?? name, value] as const);
  const outline = source.outline && editedOutline(file, source.outline, (item) => leadsOut(destinationOf(file, item)), part.outlineUnderFirst === true, replaced);
  return { ...source, pages, structure, outline, dests, edits: { replaced, leftBehind, renames } };
}

/** The pages `indices` name (0-based, increasing), or all. */
function takenPages(source: Source, indices: readonly number[] | undefined): readonly SourcePage[] {
  if (indices === undefined) return source.pages;
  let before = -1;
  return indices.map((index) => {
    const page = Number.isInteger(index) && index > before ? source.pages[index] : undefined;
    if (!page) fail(source.file, `is given pages [${indices.join(', ')}]: each must be the index of one of its ${String(source.pages.length)} pages (from 0), in increasing order`);
    before = index;
    return page;
  });
}

/** A page's first content stream alone (those after it are its own furniture); a page of one stream is taken whole. */
function firstContentOnly(file: PdfFile, page: SourcePage, replaced: Map<number, PdfObject>): void {
  const dict = file.dict(page.ref) ?? fail(file, `has page ${String(page.ref.number)} that is not a dictionary`);
  const contents = file.resolve(dict.get('Contents'));
  if (!Array.isArray(contents)) return;
  const [first] = contents as readonly PdfValue[];
  if (first === undefined) return;
  if (!(file.resolve(first) instanceof PdfStream)) fail(file, `has page ${String(page.ref.number)} whose first content is not a stream`);
  replaced.set(page.ref.number, dict.with('Contents', first));
}

/** What lies on the pages a part leaves out. */
interface LeftOut {
  readonly pages: ReadonlySet<number>;
  /** Their annotations (those on no page taken). */
  readonly annotations: ReadonlySet<number>;
  /** Their ParentTree keys: the pages' /StructParents and their annotations' /StructParent. */
  readonly keys: ReadonlySet<number>;
}

function leftOutOf(file: PdfFile, all: readonly SourcePage[], taken: readonly SourcePage[]): LeftOut {
  const takenPages = new Set(taken.map((page) => page.ref.number));
  const dictOf = (page: SourcePage): PdfDict => file.dict(page.ref) ?? fail(file, `has page ${String(page.ref.number)} that is not a dictionary`);
  const takenAnnotations = new Set(taken.flatMap((page) => itemsOf(file, dictOf(page).get('Annots')).flatMap((annotation) => (annotation instanceof PdfRef ? [annotation.number] : []))));
  const pages = new Set<number>();
  const annotations = new Set<number>();
  const keys = new Set<number>();
  for (const page of all) {
    if (takenPages.has(page.ref.number)) continue;
    const dict = dictOf(page);
    pages.add(page.ref.number);
    const key = integerOf(dict.get('StructParents'));
    if (key !== undefined) keys.add(key);
    for (const annotation of itemsOf(file, dict.get('Annots'))) {
      if (annotation instanceof PdfRef && takenAnnotations.has(annotation.number)) continue;
      if (annotation instanceof PdfRef) annotations.add(annotation.number);
      const annotationKey = integerOf(file.dict(annotation)?.get('StructParent'));
      if (annotationKey !== undefined) keys.add(annotationKey);
    }
  }
  return { pages, annotations, keys };
}

/** A value as a list, its items as written (references kept): an array, one given by reference, one value, or none. */
function itemsOf(file: PdfFile, value: PdfValue | undefined): readonly PdfValue[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value as readonly PdfValue[];
  if (value instanceof PdfRef) {
    const object = file.object(value.number);
    if (Array.isArray(object)) return object as readonly PdfValue[];
  }
  return [value];
}

/**
 * The part's structure without what lies on the pages left out. An element whose content (marked
 * content on its /Pg or an MCR's, an object reference's annotation or page) is all there is
 * removed, as is one left with no kids, up the tree; one with content on both keeps only what is
 * kept (into `replaced`). The ParentTree loses the keys of the pages left out and their annotations,
 * and a removed element is taken from the keys kept (null in a page's array: the MCIDs after it keep
 * their places). The elements removed join `leftBehind`.
 */
function prunedStructure(file: PdfFile, structure: SourceStructure, leftOut: LeftOut, replaced: Map<number, PdfObject>, leftBehind: Set<number>): SourceStructure {
  const removed = new Set<number>();
  const visited = new Set<number>();
  const isLeftOut = (page: number | undefined): boolean => page !== undefined && leftOut.pages.has(page);
  const keepsKid = (kid: PdfValue, page: number | undefined): boolean => {
    if (kid instanceof PdfNumber) return !isLeftOut(page);
    const content = kid instanceof PdfRef ? file.dict(kid) : kid instanceof PdfDict ? kid : undefined;
    if (!content) return true;
    const type = nameOf(content.get('Type'));
    if (type === 'MCR' || type === 'OBJR') {
      const own = content.get('Pg');
      if (isLeftOut(own instanceof PdfRef ? own.number : page)) return false;
      const object = content.get('Obj');
      return !(type === 'OBJR' && object instanceof PdfRef && leftOut.annotations.has(object.number));
    }
    return kid instanceof PdfRef ? keepsElement(kid, page) : true;
  };
  const keepsElement = (ref: PdfRef, inheritedPage: number | undefined): boolean => {
    if (visited.has(ref.number)) fail(file, `has structure element ${String(ref.number)} in two places of its structure tree`);
    visited.add(ref.number);
    const element = file.dict(ref) ?? fail(file, `has structure element ${String(ref.number)} that is not a dictionary`);
    const ownPage = element.get('Pg');
    const page = ownPage instanceof PdfRef ? ownPage.number : inheritedPage;
    const kids = itemsOf(file, element.get('K'));
    const kept = kids.filter((kid) => keepsKid(kid, page));
    const pageLeftOut = ownPage instanceof PdfRef && isLeftOut(ownPage.number);
    if (kept.length === kids.length && !pageLeftOut) return true;
    if (kept.length === 0) {
      removed.add(ref.number);
      return false;
    }
    // Content on pages both taken and left out (pdfkit's chapters have none): what was taken stays.
    replaced.set(ref.number, element.with('K', kept).with('Pg', pageLeftOut ? undefined : ownPage));
    return true;
  };
  const children = structure.children.filter((child) => keepsElement(child, undefined));
  const isRemoved = (value: PdfValue): boolean => value instanceof PdfRef && removed.has(value.number);
  const parentTree = structure.parentTree.flatMap(([key, value]): (readonly [number, PdfValue])[] => {
    if (leftOut.keys.has(key) || isRemoved(value)) return [];
    const resolved = file.resolve(value);
    if (!Array.isArray(resolved)) return [[key, value]];
    const elements = resolved as readonly PdfValue[];
    return [[key, elements.some(isRemoved) ? elements.map((element) => (isRemoved(element) ? null : element)) : value]];
  });
  for (const number of removed) leftBehind.add(number);
  return { ...structure, children, parentTree };
}

/** Where a link or outline item leads: its /Dest, or its GoTo action's /D. */
function destinationOf(file: PdfFile, dict: PdfDict): PdfValue | undefined {
  const dest = dict.get('Dest');
  if (dest !== undefined) return dest;
  const action = file.dict(dict.get('A'));
  return action && nameOf(action.get('S')) === 'GoTo' ? action.get('D') : undefined;
}

/** The page (its object number) a destination is on: an explicit one's first entry, a named one's through the part's name tree (`named`, by the names' bytes). */
function destinationPage(file: PdfFile, dest: PdfValue | undefined, named: ReadonlyMap<string, PdfValue>): number | undefined {
  const resolved = file.resolve(dest);
  if (resolved instanceof PdfString || resolved instanceof PdfName) {
    const value = named.get(resolved instanceof PdfString ? stringKey(resolved) : nameKey(resolved));
    return value === undefined ? undefined : destinationPage(file, value, new Map());
  }
  if (resolved instanceof PdfDict) return destinationPage(file, resolved.get('D'), new Map());
  if (!Array.isArray(resolved)) return undefined;
  const [page] = resolved as readonly PdfValue[];
  return page instanceof PdfRef ? page.number : undefined;
}

/** A string's bytes as Latin-1 text: names are told apart by their bytes (7.9.6). */
function stringKey(string: PdfString): string {
  return Buffer.from(string.bytes()).toString('latin1');
}

/** A name object's bytes (its #xx escapes read) as Latin-1 text. */
function nameKey(name: PdfName): string {
  return name.text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A name object of these bytes, each but the regular printable ones written #xx (7.3.5). */
function nameWithBytes(bytes: Uint8Array): PdfName {
  return new PdfName([...bytes].map((byte) => (byte > 0x20 && byte < 0x7f && !'#()<>[]{}/%'.includes(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `#${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join(''));
}

const stringEscapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '(': '\\(', ')': '\\)', '\\': '\\\\' };

/**
 * `${prefix}--${name}`, written as pdfkit writes a string (so that the part's links, renamed alike,
 * name it by the same bytes): its characters as bytes when all are ASCII, else UTF-16BE after a
 * byte order mark, between parentheses with pdfkit's escapes.
 */
function prefixedName(prefix: string, name: PdfString): PdfString {
  const bytes = name.bytes();
  let text = '';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) for (let index = 2; index + 1 < bytes.length; index += 2) text += String.fromCharCode(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  else text = Buffer.from(bytes).toString('latin1');
  const prefixed = `${prefix}--${text}`;
  const written = /[\u0080-\uffff]/.test(prefixed) ? Buffer.from(`\ufeff${prefixed}`, 'utf16le').swap16() : Buffer.from(prefixed, 'latin1');
  return new PdfString(`(${written.toString('latin1').replace(/[\n\r\t\b\f()\\]/g, (character) => stringEscapes[character] ?? character)})`);
}

/** A link's or outline item's /Dest, or a GoTo action's /D, under its name in the result when it names one the part defines (a name it does not define is left alone). */
function renamedDestination(dict: PdfDict, renames: ReadonlyMap<string, PdfString>): PdfDict {
  const key = dict.get('Dest') !== undefined ? 'Dest' : nameOf(dict.get('S')) === 'GoTo' ? 'D' : undefined;
  if (key === undefined) return dict;
  const name = dict.get(key);
  if (name instanceof PdfString) {
    const renamed = renames.get(stringKey(name));
    return renamed ? dict.with(key, renamed) : dict;
  }
  if (name instanceof PdfName) {
    const renamed = renames.get(nameKey(name));
    return renamed ? dict.with(key, nameWithBytes(renamed.bytes())) : dict;
  }
  return dict;
}

/** An outline item and the items under it, as read. */
interface OutlineNode {
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  readonly children: readonly OutlineNode[];
}

/**
 * The part's outline without the items that lead to pages left out (an item's children, if it
 * had any, take its place: pdfkit's contents item has none), and nested under its first item if
 * asked. Items are linked anew (into `replaced`) only if anything changed.
 */
function editedOutline(file: PdfFile, outline: SourceOutline, leadsOut: (item: PdfDict) => boolean, underFirst: boolean, replaced: Map<number, PdfObject>): SourceOutline {
  const seen = new Set(outline.items.map((item) => item.number));
  const read = (items: readonly PdfRef[]): OutlineNode[] =>
    items.map((ref) => {
      const dict = file.dict(ref) ?? fail(file, `has outline item ${String(ref.number)} that is not a dictionary`);
      return { ref, dict, children: read(outlineItems(file, dict.get('First'), seen)) };
    });
  let changed = false;
  const kept = (nodes: readonly OutlineNode[]): OutlineNode[] =>
    nodes.flatMap((node) => {
      const children = kept(node.children);
      if (!leadsOut(node.dict)) return [{ ...node, children }];
      changed = true;
      return children;
    });
  let items = kept(read(outline.items));
  const [first, ...rest] = items;
  if (underFirst && first && rest.length > 0) {
    items = [{ ...first, children: [...first.children, ...rest] }];
    changed = true;
  }
  if (!changed) return outline;
  linkOutlineItems(items, new PdfRef(outline.rootNumber, 0), replaced);
  return { rootNumber: outline.rootNumber, items: items.map((item) => item.ref) };
}

/** Items linked as listed under `parent` (its top items' /Prev and /Next are the assembly's to set again), each with its /Count for its children now. */
function linkOutlineItems(items: readonly OutlineNode[], parent: PdfRef, replaced: Map<number, PdfObject>): void {
  items.forEach((item, index) => {
    linkOutlineItems(item.children, item.ref, replaced);
    const linked = item.dict
      .with('Parent', parent)
      .with('Prev', items[index - 1]?.ref)
      .with('Next', items[index + 1]?.ref)
      .with('First', item.children[0]?.ref)
      .with('Last', item.children[item.children.length - 1]?.ref)
      .with('Count', outlineCount(item));
    replaced.set(item.ref.number, linked);
  });
}

/**
 * An item's /Count (12.3.3): none without children; open, the items it shows (each child, and what
 * each open child shows); closed, that number negated. An item given children where it had none
 * opens (as pdfkit writes a chapter's item in a book drawn whole); a closed item written without a
 * /Count (as pdfkit writes one) keeps none.
 */
function outlineCount(item: OutlineNode): PdfNumber | undefined {
  if (item.children.length === 0) return undefined;
  const before = integerOf(item.dict.get('Count'));
  const open = item.dict.get('First') === undefined || (before !== undefined && before > 0);
  if (!open && before === undefined) return undefined;
  const shown = item.children.reduce((sum, child) => sum + 1 + Math.max(0, integerOf(outlineCount(child)) ?? 0), 0);
  return PdfNumber.of(open ? shown : -shown);
}

/** The overlay's pages: what each page's Form XObject is made of. */
interface OverlayPage {
  readonly resources: PdfValue;
  readonly mediaBox: PdfValue;
  readonly content: PdfStream;
}

interface Overlay {
  readonly file: PdfFile;
  readonly pages: readonly OverlayPage[];
}

function readOverlay(file: PdfFile): Overlay {
  const catalog = file.dict(file.trailer.get('Root')) ?? fail(file, 'has no catalog');
  const pages = readPages(file, catalog.get('Pages')).pages.map((page, index): OverlayPage => {
    const dict = file.dict(page.ref) ?? fail(file, 'has a page that is not a dictionary');
    const attribute = (key: string): PdfValue | undefined => dict.get(key) ?? page.inherited.get(key);
    // Its content is drawn as an artifact: a structure it pointed into would be left behind.
    if (dict.get('StructParents') !== undefined || dict.get('Annots') !== undefined) fail(file, `page ${String(index + 1)} has structure or annotations; an overlay is artifacts only`);
    return { resources: attribute('Resources') ?? PdfDict.of([]), mediaBox: attribute('MediaBox') ?? fail(file, `page ${String(index + 1)} has no /MediaBox`), content: joinedContent(file, dict.get('Contents'), index) };
  });
  return { file, pages };
}

/**
 * A page's content as one stream. pdfkit writes one per page, copied as it is (its filter kept).
 * Several are joined with a line feed between them, the PDF's own rule for a content array
 * (7.8.2); compressed streams cannot be joined as bytes (each Flate stream ends itself), so they are
 * inflated, joined and deflated again: the one place the assembly decodes content.
 */
function joinedContent(file: PdfFile, contents: PdfValue | undefined, index: number): PdfStream {
  const resolved = file.resolve(contents);
  const streams = resolved instanceof PdfStream ? [resolved] : arrayOf(file, contents).map((value) => {
    const stream = file.resolve(value);
    if (!(stream instanceof PdfStream)) return fail(file, `page ${String(index + 1)} has content that is not a stream`);
    return stream;
  });
  const [only] = streams;
  if (streams.length === 1 && only) return only;
  const decoded = streams.map((stream) => {
    if (stream.dict.get('DecodeParms') !== undefined) fail(file, `page ${String(index + 1)} has content with /DecodeParms, which is not joined`);
    const filter = stream.dict.get('Filter');
    if (filter === undefined) return Buffer.from(stream.data);
    if (nameOf(filter) === 'FlateDecode' || (Array.isArray(filter) && filter.length === 1 && nameOf(filter[0] as PdfValue) === 'FlateDecode')) return inflateSync(stream.data, { maxOutputLength: maxJoinedBytes });
    return fail(file, `page ${String(index + 1)} has content with a filter other than /FlateDecode, which is not joined`);
  });
  const joined = Buffer.concat(decoded.flatMap((bytes, at) => (at === 0 ? [bytes] : [Buffer.from('\n'), bytes])));
  return new PdfStream(PdfDict.of([['Filter', new PdfName('FlateDecode')]]), new Uint8Array(deflateSync(joined)));
}

/** A source being copied: its objects' new numbers, and how its keys and subset tags move. */
interface Copying {
  readonly file: PdfFile;
  /** Old object number → new; objects whose place the result's own objects take are in it from the start. */
  readonly numbers: Map<number, number>;
  readonly structParentOffset: number;
  /** Subset tags of this source's fonts → the tags they have in the result. */
  readonly tags: Map<string, string>;
  readonly edits: SourceEdits;
}

/**
 * The result's objects, built by copying: an object is given its number when first referred to and
 * copied when the queue reaches it, so each is read and written once (linear in the objects kept).
 */
class Assembly {
  private readonly objects: (PdfObject | undefined)[] = [];
  private readonly queue: { readonly copying: Copying; readonly from: number; readonly to: number }[] = [];
  /** How many of the queue's objects are copied. */
  private queued = 0;
  private readonly usedTags = new Set<string>();
  private nextTag = 0;
  private readonly copying: readonly Copying[];
  private readonly catalog = this.allocate();
  private readonly pageTree = this.allocate();
  private readonly structRoot = this.allocate();
  private readonly topElement = this.allocate();
  private readonly outlineRoot = this.allocate();

  constructor(
    private readonly sources: readonly Source[],
    private readonly overlay: Overlay | undefined,
  ) {
    let offset = 0;
    this.copying = sources.map((source, index) => {
      const copying = { file: source.file, numbers: new Map<number, number>(), structParentOffset: offset, tags: new Map<string, string>(), edits: source.edits };
      offset += source.structure.nextKey;
      this.provide(copying, source, index === 0);
      return copying;
    });
  }

  /** The objects of a source the result's own take the place of (a part's /P to its /Document is a /P to the base's). */
  private provide(copying: Copying, source: Source, isBase: boolean): void {
    const { numbers } = copying;
    if (source.catalogNumber !== undefined) numbers.set(source.catalogNumber, this.catalog);
    for (const node of source.pageNodes) numbers.set(node, this.pageTree);
    numbers.set(source.structure.rootNumber, this.structRoot);
    if (source.outline) numbers.set(source.outline.rootNumber, this.outlineRoot);
    numbers.set(source.structure.top.number, this.topElement);
    // The base's top element is copied (and given the parts' children after); the parts' are not.
    if (isBase) this.queue.push({ copying, from: source.structure.top.number, to: this.topElement });
  }

  write(): Uint8Array {
    const pages = this.copyPages();
    const children = this.copyStructure();
    const outlineItems = this.sources.flatMap((source, index) => (source.outline?.items ?? []).map((item) => this.ref(this.at(index), item)));
    const dests = this.mergedDests();
    const base = this.at(0);
    const baseSource = this.sourceAt(0);
    const info = baseSource.file.trailer.get('Info');
    const infoRef = info === undefined ? undefined : this.value(base, info);
    this.drain();
    this.giveInherited(pages);
    this.adoptChildren(children);
    this.set(this.structRoot, this.structTreeRoot());
    const outline = this.linkOutline(outlineItems);
    if (this.overlay) this.drawOverlay(this.overlay, pages);
    this.set(this.pageTree, PdfDict.of([['Type', new PdfName('Pages')], ['Count', PdfNumber.of(pages.length)], ['Kids', pages.map((page) => page.ref)]]));
    this.set(this.catalog, this.catalogDict(outline, dests));
    this.drain();
    const version = this.sources.reduce((later, source) => laterVersion(later, source.file.version), baseSource.file.version);
    const objects = this.objects.map((object, index) => object ?? failAssembly(`object ${String(index + 1)} was numbered but never made`));
    return writePdf(version, objects, PdfDict.of([['Root', this.refTo(this.catalog)], ['Info', infoRef]]));
  }

  private at(index: number): Copying {
    return this.copying[index] ?? failAssembly(`no source ${String(index)}`);
  }

  private sourceAt(index: number): Source {
    return this.sources[index] ?? failAssembly(`no source ${String(index)}`);
  }

  private allocate(): number {
    this.objects.push(undefined);
    return this.objects.length;
  }

  private set(number: number, object: PdfObject): void {
    this.objects[number - 1] = object;
  }

  private get(number: number): PdfObject | undefined {
    return this.objects[number - 1];
  }

  private refTo(number: number): PdfRef {
    return new PdfRef(number, 0);
  }

  private add(object: PdfObject): PdfRef {
    const number = this.allocate();
    this.set(number, object);
    return this.refTo(number);
  }

  /** The new reference for a source's reference, the object queued to be copied the first time. */
  private ref(copying: Copying, ref: PdfRef): PdfRef {
    let number = copying.numbers.get(ref.number);
    if (number === undefined) {
      if (copying.edits.leftBehind.has(ref.number)) fail(copying.file, `refers to object ${String(ref.number)}, which is left behind (a page not taken, an annotation on one or a structure element only there), where the assembly does not know to drop the reference`);
      number = this.allocate();
      copying.numbers.set(ref.number, number);
      this.queue.push({ copying, from: ref.number, to: number });
    }
    return this.refTo(number);
  }

  /** A source's value with its references renumbered, its StructParent(s) keys offset and its subset tags made unique. */
  private value(copying: Copying, value: PdfValue, key?: string): PdfValue {
    if (value instanceof PdfRef) return this.ref(copying, value);
    if (value instanceof PdfDict) {
      const { renames } = copying.edits;
      const dict = renames ? renamedDestination(value, renames) : value;
      const entries = new Map<string, PdfValue>();
      for (const [entryKey, entry] of dict.entries) entries.set(entryKey, this.value(copying, entry, entryKey));
      return new PdfDict(entries);
    }
    if (Array.isArray(value)) return (value as readonly PdfValue[]).map((item) => this.value(copying, item));
    if ((key === 'StructParents' || key === 'StructParent') && value instanceof PdfNumber) {
      return PdfNumber.of(value.value + copying.structParentOffset);
    }
    if ((key === 'BaseFont' || key === 'FontName') && value instanceof PdfName) return this.retagged(copying, value);
    return value;
  }

  private object(copying: Copying, object: PdfObject): PdfObject {
    if (!(object instanceof PdfStream)) return this.value(copying, object);
    // Stream data as it is: content and font programs are never decoded.
    const dict = this.value(copying, object.dict);
    return new PdfStream(dict instanceof PdfDict ? dict : failAssembly('a stream dictionary copied to something else'), object.data);
  }

  private drain(): void {
    // By index, not shift(): shifting a long array moves all of it, each time.
    for (; this.queued < this.queue.length; this.queued++) {
      const next = this.queue[this.queued];
      if (!next) continue;
      const replaced = next.copying.edits.replaced.get(next.from);
      this.set(next.to, this.object(next.copying, replaced === undefined ? next.copying.file.object(next.from) : replaced));
    }
  }

  /**
   * A subset's name (`BZZZZZ+NotoSans-Regular`) with a tag no other subset in the result has:
   * pdfkit tags subsets by the font's number in its document, so every part's first font is a
   * BZZZZZ+, and viewers may take two subsets of one name for one. The base keeps its tags; a
   * later source's tag already taken gets the next free one of AAAAAA, AAAAAB, …
   */
  private retagged(copying: Copying, name: PdfName): PdfName {
    const match = /^([A-Z]{6})\+/.exec(name.text);
    if (!match?.[1]) return name;
    const tag = match[1];
    let given = copying.tags.get(tag);
    if (given === undefined) {
      given = this.usedTags.has(tag) ? this.freeTag() : tag;
      this.usedTags.add(given);
      copying.tags.set(tag, given);
    }
    return new PdfName(given + name.text.slice(6));
  }

  private freeTag(): string {
    for (;;) {
      let number = this.nextTag++;
      let tag = '';
      for (let place = 0; place < 6; place++) {
        tag = String.fromCharCode(65 + (number % 26)) + tag;
        number = Math.floor(number / 26);
      }
      if (!this.usedTags.has(tag)) return tag;
    }
  }

  private copyPages(): ResultPage[] {
    return this.sources.flatMap((source, index) => source.pages.map((page) => ({ ref: this.ref(this.at(index), page.ref), inherited: page.inherited, copying: this.at(index) })));
  }

  /** Attributes the source's page tree gave a page, now on the page (the result's /Pages has none). */
  private giveInherited(pages: readonly ResultPage[]): void {
    for (const page of pages) {
      if (page.inherited.size === 0) continue;
      let dict = this.dictAt(page.ref.number);
      for (const [key, value] of page.inherited) if (dict.get(key) === undefined) dict = dict.with(key, this.value(page.copying, value));
      this.set(page.ref.number, dict);
    }
  }

  private dictAt(number: number): PdfDict {
    const object = this.get(number);
    return object instanceof PdfDict ? object : failAssembly(`object ${String(number)} is not a dictionary`);
  }

  /** Each part's top element's children, copied, and in which source's language. */
  private copyStructure(): { readonly refs: readonly PdfRef[]; readonly lang: PdfValue | undefined }[] {
    return this.sources.slice(1).map((source, index) => ({
      refs: source.structure.children.map((child) => this.ref(this.at(index + 1), child)),
      lang: source.catalog.get('Lang'),
    }));
  }

  /**
   * The parts' elements under the base's top element, which they now name as parent (/P, by the
   * numbers given in `provide`). A part in another language than the base's gives each its /Lang,
   * which its catalog said for it before.
   */
  private adoptChildren(parts: readonly { readonly refs: readonly PdfRef[]; readonly lang: PdfValue | undefined }[]): void {
    const baseLang = this.sourceAt(0).catalog.get('Lang');
    const top = this.dictAt(this.topElement);
    const kids = [...arrayOfCopied(top.get('K'))];
    for (const part of parts) {
      kids.push(...part.refs);
      const lang = part.lang;
      if (!(lang instanceof PdfString) || (baseLang instanceof PdfString && baseLang.text === lang.text)) continue;
      for (const ref of part.refs) {
        const element = this.dictAt(ref.number);
        if (element.get('Lang') === undefined) this.set(ref.number, element.with('Lang', lang));
      }
    }
    this.set(this.topElement, top.with('K', kids));
  }

  private structTreeRoot(): PdfDict {
    const nums: PdfValue[] = [];
    let nextKey = 0;
    this.sources.forEach((source, index) => {
      const copying = this.at(index);
      for (const [key, value] of source.structure.parentTree) nums.push(PdfNumber.of(key + copying.structParentOffset), this.value(copying, value));
      nextKey = copying.structParentOffset + source.structure.nextKey;
    });
    const base = this.sourceAt(0).structure.root;
    const kept = [...base.entries].filter(([key]) => !['K', 'ParentTree', 'ParentTreeNextKey', 'RoleMap', 'ClassMap'].includes(key));
    return PdfDict.of([
      ...kept.map(([key, value]) => [key, this.value(this.at(0), value)] as const),
      ['K', [this.refTo(this.topElement)]],
      ['ParentTree', PdfDict.of([['Nums', nums]])],
      ['ParentTreeNextKey', PdfNumber.of(nextKey)],
      ['RoleMap', this.mergedMap('RoleMap')],
      ['ClassMap', this.mergedMap('ClassMap')],
    ]);
  }

  /** The sources' role or class maps in one; a key mapped two ways is an error (elements would change meaning). */
  private mergedMap(key: 'RoleMap' | 'ClassMap'): PdfDict | undefined {
    const merged = new Map<string, PdfValue>();
    this.sources.forEach((source, index) => {
      const map = source.file.dict(source.structure.root.get(key));
      if (!map) return;
      for (const [entryKey, value] of map.entries) {
        const copied = this.value(this.at(index), value);
        const known = merged.get(entryKey);
        if (known !== undefined && serialise(known) !== serialise(copied)) fail(source.file, `maps /${entryKey} in its /${key} otherwise than a document before it`);
        merged.set(entryKey, copied);
      }
    });
    return merged.size === 0 ? undefined : new PdfDict(merged);
  }

  /**
   * Every document's top-level outline items in one list under the result's outline root, each
   * linked to the one before and after it; their subtrees are copied as they were. The root's
   * /Count is the items visible when it opens: each top item, and the descendants of open ones
   * (a positive /Count, 12.3.3).
   */
  private linkOutline(items: readonly PdfRef[]): PdfRef {
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      // No document has an outline item: an empty outline (its number was given before that was known).
      this.set(this.outlineRoot, PdfDict.of([['Type', new PdfName('Outlines')]]));
      return this.refTo(this.outlineRoot);
    }
    let visible = 0;
    items.forEach((item, index) => {
      const dict = this.dictAt(item.number);
      this.set(item.number, dict.with('Prev', items[index - 1]).with('Next', items[index + 1]));
      visible += 1 + Math.max(0, integerOf(dict.get('Count')) ?? 0);
    });
    this.set(this.outlineRoot, PdfDict.of([['Type', new PdfName('Outlines')], ['First', first], ['Last', last], ['Count', PdfNumber.of(visible)]]));
    return this.refTo(this.outlineRoot);
  }

  /**
   * Every document's named destinations (/Names /Dests) in one name tree, sorted by the names'
   * bytes (7.9.6). A name two documents define would send a link to one of two places: an error.
   */
  private mergedDests(): PdfDict | undefined {
    const named: { readonly name: PdfString; readonly bytes: Buffer; readonly value: PdfValue; readonly source: PdfFile }[] = [];
    this.sources.forEach((source, index) => {
      for (const [name, value] of source.dests) named.push({ name, bytes: Buffer.from(name.bytes()), value: this.value(this.at(index), value), source: source.file });
    });
    named.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    named.forEach((entry, index) => {
      const before = named[index - 1];
      if (before && Buffer.compare(before.bytes, entry.bytes) === 0) {
        throw new Error(`The named destination ${entry.name.text} is defined in ${before.source.label} and in ${entry.source.label}: names must be unique across the parts`);
      }
    });
    const baseNames = this.sourceAt(0).file.dict(this.sourceAt(0).catalog.get('Names'));
    const others = baseNames ? [...baseNames.entries].filter(([key]) => key !== 'Dests').map(([key, value]) => [key, this.value(this.at(0), value)] as const) : [];
    const dests = named.length === 0 ? undefined : this.add(PdfDict.of([['Names', named.flatMap((entry) => [entry.name, entry.value])]]));
    if (!dests && others.length === 0) return undefined;
    return PdfDict.of([...others, ['Dests', dests]]);
  }

  /** The base's catalog with the result's page tree, structure tree root, outline and names. */
  private catalogDict(outline: PdfRef, names: PdfDict | undefined): PdfDict {
    const base = this.sourceAt(0).catalog;
    const made = new Map<string, PdfValue | undefined>([
      ['Pages', this.refTo(this.pageTree)],
      ['StructTreeRoot', this.refTo(this.structRoot)],
      ['Outlines', outline],
      ['Names', names && this.add(names)],
    ]);
    const entries: (readonly [string, PdfValue | undefined])[] = [...base.entries].map(([key, value]) => [key, madeCatalogKeys.has(key) ? made.get(key) : this.value(this.at(0), value)]);
    for (const [key, value] of made) if (!base.entries.has(key)) entries.push([key, value]);
    return PdfDict.of(entries);
  }

  /**
   * Each page's content wrapped in q … Q, so that what it leaves set (pdfkit's first operator flips
   * the page's coordinates) cannot reach the overlay, which follows as a Form XObject marked as an
   * artifact: [q] [the page's content] [Q /Artifact BMC q /RPOverlay Do Q EMC].
   */
  private drawOverlay(overlay: Overlay, pages: readonly ResultPage[]): void {
    if (overlay.pages.length !== pages.length) throw new Error(`the overlay has ${String(overlay.pages.length)} pages, the assembled document ${String(pages.length)}: they must be as many`);
    const copying: Copying = { file: overlay.file, numbers: new Map(), structParentOffset: 0, tags: new Map(), edits: noEdits };
    const open = this.add(new PdfStream(PdfDict.of([]), Buffer.from('q\n', 'latin1')));
    const closes = new Map<string, PdfRef>();
    pages.forEach((page, index) => {
      const drawn = overlay.pages[index] ?? failAssembly('an overlay page is missing');
      let dict = this.dictAt(page.ref.number);
      const mediaBox = this.value(copying, drawn.mediaBox);
      const pageBox = dict.get('MediaBox');
      if (pageBox === undefined || serialise(numbersOf(pageBox)) !== serialise(numbersOf(mediaBox))) {
        throw new Error(`overlay page ${String(index + 1)}'s /MediaBox ${serialise(mediaBox)} is not the page's (${pageBox === undefined ? 'none' : serialise(pageBox)})`);
      }
      const { dict: contentDict, data } = drawn.content;
      const form = this.add(formXObject(data, mediaBox, this.value(copying, drawn.resources), this.value(copying, contentDict.get('Filter') ?? null), this.value(copying, contentDict.get('DecodeParms') ?? null)));
      const { resources, name } = this.withXObject(dict.get('Resources'), form);
      let close = closes.get(name);
      if (!close) {
        close = this.add(new PdfStream(PdfDict.of([]), Buffer.from(`Q\n/Artifact BMC\nq\n/${name} Do\nQ\nEMC\n`, 'latin1')));
        closes.set(name, close);
      }
      const contents = arrayOfCopied(dict.get('Contents'), (number) => this.get(number));
      dict = dict.with('Resources', resources).with('Contents', [open, ...contents, close]);
      this.set(page.ref.number, dict);
    });
    this.drain();
  }

  /**
   * A page's resources with `form` among its XObjects, under a name they do not have yet. A
   * dictionary written as an object of its own is changed where it is (pdfkit gives each page its
   * own; were one shared, each page's overlay would find the names before it taken, and take the next).
   */
  private withXObject(resources: PdfValue | undefined, form: PdfRef): { resources: PdfValue; name: string } {
    const dict = this.resolved(resources) ?? PdfDict.of([]);
    const xobjectsValue = dict.get('XObject');
    const xobjects = this.resolved(xobjectsValue) ?? PdfDict.of([]);
    let name = 'RPOverlay';
    for (let suffix = 2; xobjects.get(name) !== undefined; suffix++) name = `RPOverlay${String(suffix)}`;
    const withForm = xobjects.with(name, form);
    let changed = dict;
    if (xobjectsValue instanceof PdfRef) this.set(xobjectsValue.number, withForm);
    else changed = dict.with('XObject', withForm);
    if (!(resources instanceof PdfRef)) return { resources: changed, name };
    this.set(resources.number, changed);
    return { resources, name };
  }

  /** A copied value, or the copied dictionary it refers to. */
  private resolved(value: PdfValue | undefined): PdfDict | undefined {
    if (value instanceof PdfRef) {
      const object = this.get(value.number);
      return object instanceof PdfDict ? object : failAssembly(`object ${String(value.number)} should be a dictionary`);
    }
    return value instanceof PdfDict ? value : undefined;
  }
}

interface ResultPage {
  readonly ref: PdfRef;
  readonly inherited: ReadonlyMap<string, PdfValue>;
  readonly copying: Copying;
}

function failAssembly(message: string): never {
  throw new Error(`assembly: ${message}`);
}

/** A copied value as an array: an array, or one value, or none (a /Contents or /K of one reference is one). */
function arrayOfCopied(value: PdfValue | undefined, resolve?: (number: number) => PdfObject | undefined): readonly PdfValue[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value as readonly PdfValue[];
  if (value instanceof PdfRef && resolve) {
    // /Contents may refer to an array of streams.
    const object = resolve(value.number);
    if (Array.isArray(object)) return object as readonly PdfValue[];
  }
  return [value];
}

/** A box's numbers as values (`0` and `0.0` alike), for comparing boxes. */
function numbersOf(value: PdfValue): PdfValue {
  return Array.isArray(value) ? (value as readonly PdfValue[]).map((item) => (item instanceof PdfNumber ? new PdfNumber(String(item.value)) : item)) : value;
}

/** An overlay page as a Form XObject (8.10): its content's bytes and filter as they were, its box the page's. */
function formXObject(data: Uint8Array, mediaBox: PdfValue, resources: PdfValue, filter: PdfValue, decodeParms: PdfValue): PdfStream {
  return new PdfStream(
    PdfDict.of([
      ['Type', new PdfName('XObject')],
      ['Subtype', new PdfName('Form')],
      ['BBox', mediaBox],
      ['Resources', resources],
      ['Filter', filter ?? undefined],
      ['DecodeParms', decodeParms ?? undefined],
    ]),
    data,
  );
}

/** The most bytes a page's content stream may inflate to when its streams are joined (a forged chapter from the cache could hold a deflate bomb). */
const maxJoinedBytes = 64 * 1024 * 1024;
