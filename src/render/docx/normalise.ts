/**
 * Makes a .docx reproducible: the same source gives the same bytes on every run, day and time zone.
 * The docx package writes the current time into the core properties, gives hyperlink relationships
 * random ids, numbers bookmarks from a counter shared by every document of the process, and zips
 * with the current time. Here its parts are taken before it zips them (`packageParts`), those are
 * replaced (dates by the edition's date, ids renumbered in document order), the document's language
 * and publisher written into its properties, and the parts zipped with one fixed time (zip.ts).
 */
import { Packer, type Document } from 'docx';
import { strFromU8, strToU8 } from 'fflate';
import { xmlEscape } from './units.js';
import { zipEntries, type ZipEntry } from './zip.js';

export interface NormaliseOptions {
  /** The edition's date, YYYY-MM-DD: the document's created and modified dates, and every zip entry's time. */
  readonly date: string;
  /** The document's language, e.g. en-US (dc:language). */
  readonly language: string;
  /** The publisher (the extended properties' Company). */
  readonly publisher: string;
  /** What wrote the file (the extended properties' Application). */
  readonly application: string;
}

/** The part a relationships part belongs to: `word/_rels/document.xml.rels` → `word/document.xml`. */
function sourcePartOf(relsPath: string): string {
  return relsPath.replace(/(^|\/)_rels\/([^/]+)\.rels$/, '$1$2');
}

/** Renumbers a part's relationships rId1, rId2, … in the order they are listed, in the rels part and in the part. */
function renumberRelationships(parts: Map<string, string>, relsPath: string): void {
  const rels = parts.get(relsPath);
  if (rels === undefined) return;
  const ids = new Map<string, string>();
  for (const match of rels.matchAll(/<Relationship\b[^>]*\bId="([^"]+)"/g)) {
    const id = match[1];
    if (id !== undefined && !ids.has(id)) ids.set(id, `rId${ids.size + 1}`);
  }
  parts.set(relsPath, rels.replace(/(<Relationship\b[^>]*\bId=")([^"]+)"/g, (whole, start: string, id: string) => `${start}${ids.get(id) ?? id}"`));
  const sourcePath = sourcePartOf(relsPath);
  const source = parts.get(sourcePath);
  if (source !== undefined) {
    parts.set(sourcePath, source.replace(/(\br:[A-Za-z]+=")([^"]+)"/g, (whole, start: string, id: string) => `${start}${ids.get(id) ?? id}"`));
  }
}

/** Renumbers bookmark ids 0, 1, … in the order the bookmarks start. */
function renumberBookmarks(xml: string): string {
  const ids = new Map<string, number>();
  return xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(-?\d+)"/g, (whole, start: string, id: string) => {
    let renumbered = ids.get(id);
    if (renumbered === undefined) {
      renumbered = ids.size;
      ids.set(id, renumbered);
    }
    return `${start}${renumbered}"`;
  });
}

/** Renumbers drawings' ids 1, 2, … in document order (docx counts them across every document the process makes). */
function renumberDrawings(xml: string): string {
  let next = 0;
  return xml.replace(/(<wp:docPr\b[^>]*?\bid=")(\d+)"/g, (whole, start: string) => {
    next += 1;
    return `${start}${String(next)}"`;
  });
}

function coreProperties(xml: string, options: NormaliseOptions): string {
  const when = `${options.date}T00:00:00Z`;
  let result = xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${when}$2`);
  if (!result.includes('<dc:language>')) {
    result = result.replace('</cp:coreProperties>', `<dc:language>${xmlEscape(options.language)}</dc:language></cp:coreProperties>`);
  }
  return result;
}

function extendedProperties(xml: string, options: NormaliseOptions): string {
  const content = `<Application>${xmlEscape(options.application)}</Application><Company>${xmlEscape(options.publisher)}</Company>`;
  return xml.replace(/<Properties\b([^>]*)\/>/, `<Properties$1>${content}</Properties>`);
}

const xmlPart = /\.(?:xml|rels)$/;

/** A part as docx's compiler gives it: XML as text, media and fonts as bytes (an image may be an ArrayBuffer). */
export type PackagePart = string | ArrayBuffer | ArrayBufferView;

/**
 * docx's Packer zips what its compiler gives; `compiler` is private to the package's types, not to its
 * code (package.json pins docx to 9.15.x for it, and a test pins what the Packer zips to these parts).
 */
interface PackerInternals {
  readonly compiler?: { readonly compile?: (document: Document, prettify: undefined, overrides: readonly never[]) => ReadonlyMap<string, PackagePart> };
}

/**
 * The package's parts by path, in the order docx's Packer zips them: the parts before zipping, so
 * that they are not zipped (≈ 10 ms a chapter) and unzipped again only to be changed here.
 */
export function packageParts(document: Document): ReadonlyMap<string, PackagePart> {
  const { compiler } = Packer as unknown as PackerInternals;
  if (typeof compiler?.compile !== 'function') throw new Error("The docx package has no Packer.compiler.compile: see packageParts in src/render/docx/normalise.ts (docx 9's Packer zips that method's parts).");
  return compiler.compile(document, undefined, []);
}

/** A part's bytes, as docx's Packer turns each part into bytes before zipping it. */
function bytesOf(data: PackagePart): Uint8Array {
  if (typeof data === 'string') return strToU8(data);
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

export function normaliseDocx(files: ReadonlyMap<string, PackagePart>, options: NormaliseOptions): Uint8Array {
  // [Content_Types].xml first, as Word writes it; the rest in the order docx wrote them.
  const names = [...files.keys()].sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  const parts = new Map<string, string>();
  for (const name of names) {
    const data = files.get(name);
    if (data !== undefined && xmlPart.test(name)) parts.set(name, typeof data === 'string' ? data : strFromU8(bytesOf(data)));
  }

  for (const name of names) if (name.endsWith('.rels')) renumberRelationships(parts, name);
  const document = parts.get('word/document.xml');
  if (document !== undefined) parts.set('word/document.xml', renumberDrawings(renumberBookmarks(document)));
  const core = parts.get('docProps/core.xml');
  if (core !== undefined) parts.set('docProps/core.xml', coreProperties(core, options));
  const app = parts.get('docProps/app.xml');
  if (app !== undefined) parts.set('docProps/app.xml', extendedProperties(app, options));

  const entries: ZipEntry[] = [];
  for (const name of names) {
    const data = parts.get(name) ?? files.get(name);
    if (data !== undefined) entries.push({ name, data: bytesOf(data) });
  }
  return zipEntries(entries, options.date);
}
