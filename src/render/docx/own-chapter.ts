/**
 * A chapter's own Word file as its country report takes it: the same package, made once (by the
 * chapter's job, for its own file), with what differs in the book rewritten, so that the book is put
 * together (assemble.ts) without making the chapter a second time. What differs, and only that:
 *
 * - its title page is a section that follows another: it gets a header and footer of its own, empty
 *   (Word gives a section without headers the previous section's), as `bareFurniture` does;
 * - its title takes the style of a chapter's title (`ChapterTitle`), not of a document's (`Title`);
 * - the contents list after its title page is the book's, not the chapter's: it goes;
 * - its running head is the book's (the country and the category, without the edition's title);
 * - its round-trip marks carry its place in the book (`_rp<c>_`) instead of 0 and 1;
 * - its bookmarks, and the links to them, carry its chapter as the book's anchors do (`k_<category>`,
 *   `q_<category>__<id>`, …: vocabulary/anchors.ts), by the book's own anchors.
 *
 * Every package here was made by this renderer, so each rewrite follows what docx writes; anything
 * else (another chapter's file, a bookmark the book has no anchor for, a title page that is no
 * section) throws, and the chapter is made for the book apart instead (render.ts, `renderBook`).
 */
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import type { Anchor, Chapter } from '../../document/model.js';
import { docxBookmark } from '../../vocabulary/anchors.js';
import { roundTripProperties, StyleId } from '../../vocabulary/docx.js';
import { chapterParts, relationshipsOf, takenByBook, type PackageParts } from './assemble.js';
import { xmlEscape } from './units.js';

/**
 * What a chapter's own Word file depends on that its part in a book does not (its theme and fonts
 * are the build's cache slot's): the chapter as the book presents it (its anchors, running head and
 * title page), which its own document is presented from too, and the book's language. Its place in
 * the book is not in it: the marks are rewritten to it when the book takes the chapter.
 */
export function ownDocxKey(language: string, chapter: Chapter): string {
  return createHash('sha256').update('docx-own\0').update(language).update('\0').update(JSON.stringify(chapter)).digest('hex');
}

/** Where a chapter stands in its book, and what the book calls it. */
export interface BookPlace {
  /** Its place in the book, 1, 2, …: its round-trip marks' chapter. */
  readonly place: number;
  /** The chapter as the book presents it: its running head and its anchors. */
  readonly chapter: Chapter;
}

/** A chapter's own Word file (its bytes, as the renderer wrote them) as its book takes it (`chapterParts`), rewritten as above. */
export function ownChapterForBook(docx: Uint8Array, book: BookPlace): PackageParts {
  const files = unzipSync(docx, { filter: (file) => file.name === customPropertiesPart || takenByBook(file.name) });
  // The file is this chapter's: its round-trip properties name the chapter's text by its digest.
  const custom = files[customPropertiesPart];
  const sha256Property = `name="${roundTripProperties.chapterSha256(1)}"`;
  const named = custom && strFromU8(custom);
  const at = named ? named.indexOf(sha256Property) : -1;
  if (!named || at < 0 || !named.slice(at, named.indexOf('</property>', at)).includes(`>${book.chapter.origin.sha256}<`)) throw new Error("A chapter's own Word file is another chapter's.");
  const parts = new Map<string, string | Uint8Array>(Object.entries(files).flatMap(([name, bytes]) => (name === customPropertiesPart ? [] : [[name, /\.(?:xml|rels)$/.test(name) ? strFromU8(bytes) : bytes] as const])));
  const text = (name: string): string => {
    const part = parts.get(name);
    if (typeof part !== 'string') throw new Error(`A chapter's own Word file has no ${name}.`);
    return part;
  };
  const renames = bookmarkRenames(book.chapter);
  const renamed = (xml: string): string =>
    xml
      .replace(/(<w:bookmarkStart\b[^>]*?\bw:name=")([^"]*)"/g, (whole, start: string, name: string) => `${start}${bookName(name, renames, book.place)}"`)
      .replace(/(<w:hyperlink\b[^>]*?\bw:anchor=")([^"]*)"/g, (whole, start: string, name: string) => `${start}${bookName(name, renames, book.place)}"`);

  const documentXml = text('word/document.xml');
  const bodyStart = documentXml.indexOf('<w:body>') + '<w:body>'.length;
  // The title page's section ends in the first paragraph that carries section properties.
  const titleEnd = documentXml.indexOf('</w:p>', documentXml.indexOf('<w:sectPr>', bodyStart));
  if (bodyStart < '<w:body>'.length || titleEnd < 0) throw new Error("A chapter's own Word file has no title page of its own section.");
  const titlePage = documentXml.slice(bodyStart, titleEnd + '</w:p>'.length);
  const rest = documentXml.slice(titleEnd + '</w:p>'.length);

  const rels = text('word/_rels/document.xml.rels');
  const relationships = relationshipsOf(rels);
  const headerId = /<w:headerReference w:type="default" r:id="([^"]+)"\/>/.exec(rest)?.[1];
  const footerId = /<w:footerReference w:type="default" r:id="([^"]+)"\/>/.exec(rest)?.[1];
  const header = relationships.find((relationship) => relationship.id === headerId);
  const footer = relationships.find((relationship) => relationship.id === footerId);
  if (!header?.target || !footer?.target) throw new Error("A chapter's own Word file has no running head or page number.");
  const headerXml = text(`word/${header.target}`);
  const footerXml = text(`word/${footer.target}`);

  // Its title page: a chapter's title, under an empty header and footer of its own.
  const bare = { header: 'header0.xml', footer: 'footer0.xml' } as const;
  const titleStyle = `<w:pStyle w:val="${StyleId.title}"/>`;
  if (!titlePage.includes(titleStyle)) throw new Error("A chapter's own Word file has no title on its title page.");
  const bookTitlePage = titlePage
    .replace(titleStyle, `<w:pStyle w:val="${StyleId.chapterTitle}"/>`)
    .replace('<w:sectPr>', `<w:sectPr><w:headerReference w:type="default" r:id="rpBareHeader"/><w:footerReference w:type="default" r:id="rpBareFooter"/>`);
  parts.set(`word/${bare.header}`, `${openingOf(headerXml, 'w:hdr')}<w:p/></w:hdr>`);
  parts.set(`word/${bare.footer}`, `${openingOf(footerXml, 'w:ftr')}<w:p/></w:ftr>`);
  parts.set(
    'word/_rels/document.xml.rels',
    rels.replace(
      '</Relationships>',
      `<Relationship Id="rpBareHeader" Type="${header.type}" Target="${bare.header}"/><Relationship Id="rpBareFooter" Type="${footer.type}" Target="${bare.footer}"/></Relationships>`,
    ),
  );
  // Its running head, the book's.
  // Without the control characters XML forbids, as docx writes text.
  const runningHead = Array.from(book.chapter.opening?.runningHead ?? '').filter(allowedInXml).join('');
  parts.set(`word/${header.target}`, `${openingOf(headerXml, 'w:hdr')}<w:p><w:pPr><w:pStyle w:val="${StyleId.header}"/></w:pPr><w:r><w:t xml:space="preserve">${xmlEscape(runningHead)}</w:t></w:r></w:p></w:hdr>`);

  // Its own contents list goes: from its heading to the paragraph that ends its field.
  let body = rest;
  if (body.startsWith(`<w:p><w:pPr><w:pStyle w:val="${StyleId.tocHeading}"/>`)) {
    const fieldEnd = body.indexOf('<w:fldChar w:fldCharType="end"/>');
    const paragraphEnd = fieldEnd < 0 ? -1 : body.indexOf('</w:p>', fieldEnd);
    if (paragraphEnd < 0) throw new Error("A chapter's own Word file has a contents list that does not end.");
    body = body.slice(paragraphEnd + '</w:p>'.length);
  }
  parts.set('word/document.xml', renamed(`${documentXml.slice(0, bodyStart)}${bookTitlePage}${body}`));
  const footnotes = parts.get('word/footnotes.xml');
  if (typeof footnotes === 'string') parts.set('word/footnotes.xml', renamed(footnotes));
  return chapterParts(parts);
}

/** Where a package keeps its custom properties (the round trip's, marks.ts). */
const customPropertiesPart = 'docProps/custom.xml';

/** Whether XML 1.0 allows the character: no C0 control character but tab, line feed and carriage return. */
function allowedInXml(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** A part's XML up to and with the opening tag of its root element `element`. */
function openingOf(xml: string, element: string): string {
  const start = xml.indexOf(`<${element} `);
  const end = start < 0 ? -1 : xml.indexOf('>', start);
  if (end < 0) throw new Error(`A chapter's own Word file has a part without <${element}>.`);
  return xml.slice(0, end + 1);
}

/** A bookmark's (or a link's) name in the book: a round-trip mark with the chapter's place, an anchor's the book's name for it. */
function bookName(name: string, renames: ReadonlyMap<string, string>, place: number): string {
  const mark = /^_rp\d+_/.exec(name);
  if (mark) return `_rp${String(place)}_${name.slice(mark[0].length)}`;
  const renamed = renames.get(name);
  if (renamed === undefined) throw new Error(`A chapter's own Word file has a bookmark its book has no anchor for: ${name}.`);
  return renamed;
}

const anchorKinds: ReadonlySet<string> = new Set(['title', 'contents', 'keyFindings', 'references', 'notes', 'subCategory', 'question', 'reference']);

/** Each bookmark's name in the chapter's own file, with its name in the book: every anchor the book's chapter has, without its chapter and with it. */
function bookmarkRenames(chapter: Chapter): Map<string, string> {
  const renames = new Map<string, string>();
  const pending: unknown[] = [chapter];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly unknown[]) pending.push(item);
      continue;
    }
    const anchor = bookAnchor(value);
    if (anchor) {
      const own = docxBookmark(withoutChapter(anchor));
      const inBook = docxBookmark(anchor);
      if (own !== undefined && inBook !== undefined) renames.set(own, inBook);
      continue;
    }
    for (const item of Object.values(value as Record<string, unknown>)) pending.push(item);
  }
  return renames;
}

/** An anchor of a book's chapter (one that carries its chapter), or undefined for anything else in the model. */
function bookAnchor(value: object): (Anchor & { readonly chapter: string }) | undefined {
  const { kind, chapter, id, key } = value as { readonly kind?: unknown; readonly chapter?: unknown; readonly id?: unknown; readonly key?: unknown };
  if (typeof kind !== 'string' || typeof chapter !== 'string' || !anchorKinds.has(kind)) return undefined;
  if (kind === 'subCategory' || kind === 'question') return typeof id === 'string' ? { kind, id, chapter } : undefined;
  if (kind === 'reference') return typeof key === 'string' ? { kind, key, chapter } : undefined;
  return kind === 'title' || kind === 'contents' || kind === 'keyFindings' || kind === 'references' || kind === 'notes' ? { kind, chapter } : undefined;
}

function withoutChapter(anchor: Anchor): Anchor {
  const { chapter: _chapter, ...own } = anchor;
  return own;
}
