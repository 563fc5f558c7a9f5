/**
 * A Word book put together from packages made apart (render.ts, `renderBook`): its front matter (the
 * title page, the imprint, the contents field, and the book's properties), and each chapter as a
 * package of its own, one section under its own running head. The chapters' sections follow the
 * front matter's in the body, each section's properties moved into its last paragraph as docx does
 * for every section but the last (`Body.addSection`); what each chapter brings along goes with it
 * under names of its own: its relationships (headers, footers, hyperlinks, images), its header and
 * footer parts, its images, its footnotes (under ids numbered on through the book, while the
 * numbers Word shows restart at each chapter's section, as the chapter numbers its notes), its lists'
 * numbering instances and its bookmarks' ids. The parts are the packages'
 * before normalising (normalise.ts numbers the relationships, bookmarks and drawings of the whole in
 * document order, and zips it).
 *
 * Every package here was made by this renderer from the same theme (its styles and settings are the
 * front matter's; a list's definition is the book's when the book has the same), so only what docx
 * writes for its content is rewritten, by the patterns docx writes it in; a part it does not know
 * is a chapter's mistake, and throws.
 */
import { strFromU8 } from 'fflate';
import type { PackagePart } from './normalise.js';

/** A Word package's parts by path, as docx's compiler gives them: XML as text, media as bytes. */
export type PackageParts = ReadonlyMap<string, PackagePart>;

/** The relationship types a chapter brings into the book's main part. */
const chapterRelationshipTypes = /\/relationships\/(?:header|footer|hyperlink|image)$/;
/** Those the front matter's main part has the same of. */
const sharedRelationshipTypes = /\/relationships\/(?:styles|numbering|footnotes|endnotes|settings|fontTable|theme|webSettings|comments)$/;

/** Parts every package has the same of, or the book takes from its front matter. */
const sharedParts = /^(?:\[Content_Types\]\.xml|_rels\/\.rels|docProps\/[^/]+\.xml|word\/(?:styles|numbering|settings|fontTable|endnotes|footnotes|comments|webSettings)\.xml|word\/_rels\/(?:document|footnotes|endnotes|fontTable|settings|styles|numbering|webSettings)\.xml\.rels|word\/theme\/[^/]+\.xml)$/;

const headerFooterPart = /^word\/((?:header|footer)\d+\.xml)$/;
const headerFooterRels = /^word\/_rels\/((?:header|footer)\d+\.xml)\.rels$/;
const mediaPart = /^word\/media\/([^/]+)$/;

const contentTypeOf = { header: 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml', footer: 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml' } as const;

export interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

/** The parts of a chapter's package the book takes (`assembleDocx`): kept and cached without the others, which the front matter has the same of. */
const takenParts = /^(?:\[Content_Types\]\.xml|word\/(?:document|footnotes|numbering)\.xml|word\/_rels\/(?:document|footnotes)\.xml\.rels|word\/(?:_rels\/)?(?:header|footer)\d+\.xml(?:\.rels)?|word\/media\/[^/]+)$/;

/** Whether the book takes a chapter's part of this name (`chapterParts`). */
export function takenByBook(name: string): boolean {
  return takenParts.test(name);
}

/** A chapter's package as the book takes it: the parts the front matter has the same of left out. */
export function chapterParts(parts: PackageParts): PackageParts {
  return new Map([...parts].filter(([name]) => takenByBook(name)));
}

/** The front matter's package with each chapter's after it: the book's parts, to be normalised. */
export function assembleDocx(front: PackageParts, chapters: readonly PackageParts[]): Map<string, PackagePart> {
  const book = new Map<string, PackagePart>(front);
  const documentXml = textOf(front, 'word/document.xml');
  const { head, content: frontContent, properties: frontProperties } = splitBody(documentXml);
  const bodies: string[] = [];
  let lastProperties = frontProperties;
  // The front matter's last section now ends before the first chapter's.
  let pendingContent = frontContent;

  const documentRels = relationshipsOf(textOf(front, 'word/_rels/document.xml.rels'));
  const footnotesRelsPath = 'word/_rels/footnotes.xml.rels';
  const footnoteRels = front.has(footnotesRelsPath) ? relationshipsOf(textOf(front, footnotesRelsPath)) : [];
  // What the chapters add to the footnotes, numbering and content types parts, joined once at the end.
  const addedNotes: string[] = [];
  const numbering = textOf(front, 'word/numbering.xml');
  const addedDefinitions: string[] = [];
  const addedInstances: string[] = [];
  // Each list definition of the book by what it defines (its id aside), and the next free ids.
  const definitions = new Map([...numbering.matchAll(abstractNumPattern)].map((match) => [withoutAbstractId(match[0], match[1] ?? ''), match[1] ?? '']));
  let nextAbstractId = maxAttribute(numbering, /<w:abstractNum w:abstractNumId="(\d+)"/g) + 1;
  let nextNumId = maxAttribute(numbering, /<w:num w:numId="(\d+)"/g) + 1;
  const contentTypes = textOf(front, '[Content_Types].xml');
  const addedTypes: string[] = [];
  const extensions = new Set(defaultExtensionsOf(contentTypes).keys());
  // Headers and footers numbered on from the front matter's, each kind apart (as docx numbers them).
  const next = { header: highestNumbered(front, 'header') + 1, footer: highestNumbered(front, 'footer') + 1 };
  // Footnotes' ids taken so far (each chapter's run from 1).
  let notesBefore = maxAttribute(textOf(front, 'word/footnotes.xml'), footnoteIdPattern);

  chapters.forEach((chapter, index) => {
    const prefix = `c${String(index + 1)}`;
    for (const name of chapter.keys()) {
      if (!sharedParts.test(name) && !headerFooterPart.test(name) && !headerFooterRels.test(name) && !mediaPart.test(name) && name !== 'word/document.xml') {
        throw new Error(`A chapter's Word package has a part the book does not know how to take: ${name}.`);
      }
    }
    // Its lists: each definition (docx writes those its lists use) the book's own when the book has it
    // already, else added; each instance under a number of its own.
    const chapterNumbering = textOf(chapter, 'word/numbering.xml');
    const abstractIds = new Map<string, string>();
    for (const match of chapterNumbering.matchAll(abstractNumPattern)) {
      const id = match[1] ?? '';
      const definition = withoutAbstractId(match[0], id);
      let known = definitions.get(definition);
      if (known === undefined) {
        known = String(nextAbstractId++);
        definitions.set(definition, known);
        addedDefinitions.push(match[0].replace(`w:abstractNumId="${id}"`, `w:abstractNumId="${known}"`));
      }
      abstractIds.set(id, known);
    }
    const numIds = new Map<string, string>();
    for (const match of chapterNumbering.matchAll(/<w:num w:numId="(\d+)">[\s\S]*?<\/w:num>/g)) {
      const id = match[1] ?? '';
      const renumbered = String(nextNumId++);
      numIds.set(id, renumbered);
      addedInstances.push(match[0].replace(`w:numId="${id}"`, `w:numId="${renumbered}"`).replace(/(<w:abstractNumId w:val=")(\d+)"/, (whole, start: string, abstract: string) => `${start}${abstractIds.get(abstract) ?? abstract}"`));
    }

    // Its header and footer parts, and its images, under names of their own.
    const targets = new Map<string, string>();
    for (const [name, data] of chapter) {
      const headerFooter = headerFooterPart.exec(name);
      if (headerFooter?.[1]) {
        const kind = headerFooter[1].startsWith('header') ? 'header' : 'footer';
        const renamed = `${kind}${String(next[kind]++)}.xml`;
        targets.set(headerFooter[1], renamed);
        book.set(`word/${renamed}`, data);
        // A running head and a page number are text and fields: a header or footer that leads anywhere is not one of ours.
        const rels = chapter.get(`word/_rels/${headerFooter[1]}.rels`);
        if (rels !== undefined && relationshipsOf(textOf(chapter, `word/_rels/${headerFooter[1]}.rels`)).length > 0) throw new Error(`A chapter's ${headerFooter[1]} has relationships of its own.`);
        addedTypes.push(`<Override ContentType="${contentTypeOf[kind]}" PartName="/word/${renamed}"/>`);
        continue;
      }
      const media = mediaPart.exec(name);
      if (media?.[1]) {
        const renamed = `media/${prefix}-${media[1]}`;
        targets.set(`media/${media[1]}`, renamed);
        book.set(`word/${renamed}`, data);
      }
    }
    for (const extension of defaultExtensionsOf(textOf(chapter, '[Content_Types].xml')).values()) {
      if (extensions.has(extension.name)) continue;
      extensions.add(extension.name);
      addedTypes.push(extension.element);
    }

    // Its relationships, under ids of their own; its bookmarks' ids apart from every other chapter's.
    const relIds = new Map<string, string>();
    for (const relationship of relationshipsOf(textOf(chapter, 'word/_rels/document.xml.rels'))) {
      if (sharedRelationshipTypes.test(relationship.type)) continue;
      // What its content may lead to: anything else would be left pointing nowhere.
      if (!chapterRelationshipTypes.test(relationship.type)) throw new Error(`A chapter's Word package has a relationship the book does not know how to take: ${relationship.type}.`);
      const id = `${prefix}${relationship.id}`;
      relIds.set(relationship.id, id);
      documentRels.push({ ...relationship, id, target: relationship.external ? relationship.target : (targets.get(relationship.target) ?? relationship.target) });
    }
    const noteRelIds = new Map<string, string>();
    const chapterNoteRelsPath = 'word/_rels/footnotes.xml.rels';
    if (chapter.has(chapterNoteRelsPath)) {
      for (const relationship of relationshipsOf(textOf(chapter, chapterNoteRelsPath))) {
        const id = `${prefix}n${relationship.id}`;
        noteRelIds.set(relationship.id, id);
        footnoteRels.push({ ...relationship, id, target: relationship.external ? relationship.target : (targets.get(relationship.target) ?? relationship.target) });
      }
    }
    const bookmarkOffset = (index + 1) * bookmarksPerChapter;
    const noteOffset = notesBefore;
    const rewrite = (xml: string, ids: ReadonlyMap<string, string>): string =>
      xml
        .replace(/(\br:(?:id|embed|link)=")([^"]+)"/g, (whole, start: string, id: string) => `${start}${ids.get(id) ?? id}"`)
        .replace(/(<w:numId w:val=")(\d+)"/g, (whole, start: string, id: string) => `${start}${numIds.get(id) ?? id}"`)
        .replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g, (whole, start: string, id: string) => `${start}${String(Number(id) + bookmarkOffset)}"`)
        .replace(/(<w:footnote(?:Reference)? w:id=")(\d+)"/g, (whole, start: string, id: string) => `${start}${String(Number(id) + noteOffset)}"`);

    const { content, properties } = splitBody(textOf(chapter, 'word/document.xml'));
    bodies.push(withSectionProperties(pendingContent, lastProperties));
    pendingContent = rewrite(content, relIds);
    lastProperties = withNotesRestarted(rewrite(properties, relIds));

    // Its notes (not Word's separators, which have a type), in the book's footnotes part.
    const notes = [...textOf(chapter, 'word/footnotes.xml').matchAll(/<w:footnote(?: [^>]*)?>[\s\S]*?<\/w:footnote>/g)].map((match) => match[0]).filter((note) => !/^<w:footnote [^>]*\bw:type="/.test(note));
    const rewrittenNotes = notes.map((note) => rewrite(note, noteRelIds));
    addedNotes.push(...rewrittenNotes);
    notesBefore = Math.max(notesBefore, maxAttribute(rewrittenNotes.join(''), footnoteIdPattern));
  });
  bodies.push(pendingContent, lastProperties);

  book.set('word/document.xml', `${head}${bodies.join('')}</w:body></w:document>`);
  book.set('word/_rels/document.xml.rels', relationshipsXml(documentRels));
  if (footnoteRels.length > 0) book.set(footnotesRelsPath, relationshipsXml(footnoteRels));
  book.set('word/footnotes.xml', insertBefore(textOf(front, 'word/footnotes.xml'), '</w:footnotes>', addedNotes.join('')));
  // Definitions come before instances (ECMA-376 17.9.16).
  const instancesAt = numbering.search(/<w:num |<\/w:numbering>/);
  book.set('word/numbering.xml', insertBefore(`${numbering.slice(0, instancesAt)}${addedDefinitions.join('')}${numbering.slice(instancesAt)}`, '</w:numbering>', addedInstances.join('')));
  book.set('[Content_Types].xml', insertBefore(contentTypes, '</Types>', addedTypes.join('')));
  return book;
}

/**
 * A section's properties with its footnotes numbered from 1 (`w:numRestart`, `eachSect`), in the
 * place ECMA-376 gives `w:footnotePr` (17.6.17: after the header and footer references).
 */
function withNotesRestarted(properties: string): string {
  const restart = '<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>';
  const after = /<w:(?:endnotePr|type|pgSz|pgMar|paperSrc|pgBorders|lnNumType|pgNumType|cols|formProt|vAlign|noEndnote|titlePg|textDirection|bidi|rtlGutter|docGrid|printerSettings)\b|<\/w:sectPr>/.exec(properties);
  if (!after || /<w:footnotePr\b/.test(properties)) return properties;
  return `${properties.slice(0, after.index)}${restart}${properties.slice(after.index)}`;
}

/** Apart enough that no chapter's bookmarks (docx numbers them from a counter of the process) meet another's. */
const bookmarksPerChapter = 100_000_000;

function textOf(parts: PackageParts, name: string): string {
  const data = parts.get(name);
  if (data === undefined) throw new Error(`A Word package made for a book has no ${name}.`);
  if (typeof data === 'string') return data;
  return strFromU8(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
}

/** The main part's start (up to and with `<w:body>`), its content, and its last section's properties (`<w:sectPr>…</w:sectPr>`, the body's last child). */
function splitBody(xml: string): { readonly head: string; readonly content: string; readonly properties: string } {
  const open = xml.indexOf('<w:body>');
  const close = xml.lastIndexOf('</w:body>');
  const properties = xml.lastIndexOf('<w:sectPr', close);
  if (open < 0 || close < 0 || properties < open) throw new Error('A Word package made for a book has no body ending in section properties.');
  return { head: xml.slice(0, open + '<w:body>'.length), content: xml.slice(open + '<w:body>'.length, properties), properties: xml.slice(properties, close) };
}

/**
 * A section's content with its properties in its last paragraph, as docx puts them for a section
 * that is not the document's last: into that paragraph's properties when the section ends in a
 * paragraph, else in an empty paragraph of their own.
 */
function withSectionProperties(content: string, properties: string): string {
  if (content.endsWith('<w:p/>')) return `${content.slice(0, -'<w:p/>'.length)}<w:p><w:pPr>${properties}</w:pPr></w:p>`;
  if (!content.endsWith('</w:p>')) return `${content}<w:p><w:pPr>${properties}</w:pPr></w:p>`;
  const start = Math.max(content.lastIndexOf('<w:p>'), content.lastIndexOf('<w:p '));
  const paragraph = content.slice(start);
  // Nothing nests a paragraph in a paragraph here (docx writes no text boxes for us).
  const properties_ = /^<w:p(?: [^>]*)?><w:pPr>/.exec(paragraph);
  if (properties_) {
    const end = paragraph.indexOf('</w:pPr>');
    return `${content.slice(0, start)}${paragraph.slice(0, end)}${properties}${paragraph.slice(end)}`;
  }
  const openEnd = paragraph.indexOf('>') + 1;
  return `${content.slice(0, start)}${paragraph.slice(0, openEnd)}<w:pPr>${properties}</w:pPr>${paragraph.slice(openEnd)}`;
}

/** A relationships part's relationships, in order. */
export function relationshipsOf(xml: string): Relationship[] {
  return [...xml.matchAll(/<Relationship\b([^>]*)\/>/g)].map((match) => {
    const attributes = new Map([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((attribute) => [attribute[1] ?? '', attribute[2] ?? '']));
    return { id: attributes.get('Id') ?? '', type: attributes.get('Type') ?? '', target: attributes.get('Target') ?? '', external: attributes.get('TargetMode') === 'External' };
  });
}

function relationshipsXml(relationships: readonly Relationship[]): string {
  const elements = relationships.map((relationship) => `<Relationship Id="${relationship.id}" Type="${relationship.type}" Target="${relationship.target}"${relationship.external ? ' TargetMode="External"' : ''}/>`);
  return `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${elements.join('')}</Relationships>`;
}

/** A footnote's id in a footnotes part. */
const footnoteIdPattern = /<w:footnote w:id="(\d+)"/g;

/** A list's definition in a numbering part, with its id. */
const abstractNumPattern = /<w:abstractNum w:abstractNumId="(\d+)"[\s\S]*?<\/w:abstractNum>/g;

function highestNumbered(parts: PackageParts, kind: 'header' | 'footer'): number {
  return Math.max(0, ...[...parts.keys()].flatMap((name) => new RegExp(`^word/${kind}(\\d+)\\.xml$`).exec(name)?.[1] ?? []).map(Number));
}

function withoutAbstractId(definition: string, id: string): string {
  return definition.replace(`w:abstractNumId="${id}"`, '');
}

/** `text` with `insert` before the last `marker` in it. */
function insertBefore(text: string, marker: string, insert: string): string {
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error(`A Word package made for a book has no ${marker}.`);
  return `${text.slice(0, at)}${insert}${text.slice(at)}`;
}

function maxAttribute(xml: string, pattern: RegExp): number {
  return Math.max(0, ...[...xml.matchAll(pattern)].map((match) => Number(match[1])));
}

function defaultExtensionsOf(xml: string): Map<string, { readonly name: string; readonly element: string }> {
  return new Map([...xml.matchAll(/<Default\b[^>]*\bExtension="([^"]+)"[^>]*\/>/g)].map((match) => [match[1] ?? '', { name: match[1] ?? '', element: match[0] }]));
}
