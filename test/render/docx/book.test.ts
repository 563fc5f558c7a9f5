/**
 * A Word country report put together from its chapters (src/render/docx/render.ts, `renderBook`;
 * assemble.ts): its front matter and each chapter a package of its own, joined into one. In a build,
 * each chapter's package is its own file as the chapter's job made it, rewritten as the book takes
 * it (own-chapter.ts); given no chapter's own document, each is made alone as the book presents it
 * (book-chapters.ts). Either way the book agrees with its chapters as the agreement check reads it,
 * its parts hold together (every relationship, list, bookmark, footnote and section where Word looks
 * for it), and a book made again after one chapter changed makes that chapter alone (the others given
 * as made before, from another process or the build's cache) and is the file a fresh renderer makes.
 */
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../../tools/corpus/write.js';
import { generator } from '../../../src/package-info.js';
import { countryBooks, presentBookChapter, presentCountryReport } from '../../../src/present/book.js';
import { present } from '../../../src/present/present.js';
import { ownChapterForBook, ownDocxKey } from '../../../src/render/docx/own-chapter.js';
import { createMadeChapters, decodeMadeChapter, encodeMadeChapter, type MadeChapters } from '../../../src/render/docx/book-chapters.js';
import type { PackageParts } from '../../../src/render/docx/assemble.js';
import { createDocxRenderer } from '../../../src/render/docx/render.js';
import type { DocumentModel } from '../../../src/document/model.js';
import type { Templates } from '../../../src/theme/load-templates.js';
import type { ReportTree } from '../../../src/tree/types.js';
import { verifyCountryReport } from '../../../src/verify/verify.js';
import { readFile } from 'node:fs/promises';
import { changedSource, compileSample, compileSampleChapter, projectRoot, removeFolder, temporaryFolder } from '../../support/build.js';

let templates: Templates;
/** One country's chapters, in the codebook's order of categories. */
let trees: ReportTree[];

beforeAll(async () => {
  const folder = await temporaryFolder('rubricpress-docx-book-');
  try {
    const corpus = path.join(folder, 'corpus');
    await writeCorpus({ countries: 1, questions: 12, seed: 5 }, corpus);
    const compiled = await compileSample(corpus);
    templates = compiled.templates;
    const all = compiled.chapters.flatMap((chapter) => (chapter.tree ? [chapter.tree] : []));
    const [indices] = countryBooks(
      all.map((tree) => tree.children[0]),
      [...(compiled.prepared.codebook?.categories.keys() ?? [])],
    ).values();
    trees = (indices ?? []).flatMap((index) => all.slice(index, index + 1));
  } finally {
    await removeFolder(folder);
  }
  expect(trees.length).toBeGreaterThanOrEqual(3);
}, 30_000);

/** A store that counts the chapters made into it (a chapter found there, or given, is not made). */
function countingStore(): MadeChapters & { made: number } {
  const store = createMadeChapters();
  const counting = {
    made: 0,
    get: (key: string) => store.get(key),
    set(key: string, parts: PackageParts) {
      counting.made += 1;
      store.set(key, parts);
    },
  };
  return counting;
}

function renderer(chapters: MadeChapters = createMadeChapters()) {
  return createDocxRenderer({ theme: templates.theme, generator, fallbacks: templates.fallbackFonts ?? [], chartFonts: templates.chartFontFiles ?? [], chapters });
}

function book(of: readonly ReportTree[] = trees): DocumentModel {
  return presentCountryReport(of, templates.theme);
}

/** The package's XML parts as text, its other parts by name. */
function partsOf(bytes: Uint8Array): { readonly xml: ReadonlyMap<string, string>; readonly names: ReadonlySet<string> } {
  const files = unzipSync(bytes);
  return { xml: new Map(Object.entries(files).flatMap(([name, data]) => (/\.(?:xml|rels)$/.test(name) ? [[name, strFromU8(data)] as const] : []))), names: new Set(Object.keys(files)) };
}

const all = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((match) => match[1] ?? '');

describe('a Word country report put together from its chapters made apart', () => {
  it('agrees with its chapters, and its parts hold together as Word reads them', async () => {
    const made = await renderer().renderBook(book(), [], true);
    expect(made.drawnAnew).toBe(trees.length);
    expect(made.drawn).toHaveLength(trees.length);
    expect(await verifyCountryReport(trees, templates.theme, { docx: made.bytes })).toEqual([]);
    const { xml, names } = partsOf(made.bytes);
    const document = xml.get('word/document.xml') ?? '';
    const footnotes = xml.get('word/footnotes.xml') ?? '';
    // Every relationship a part names is in its relationships part, and every part one leads to is there.
    for (const [part, relsPath] of [
      ['word/document.xml', 'word/_rels/document.xml.rels'],
      ['word/footnotes.xml', 'word/_rels/footnotes.xml.rels'],
    ] as const) {
      const rels = xml.get(relsPath) ?? '';
      const ids = new Set(all(rels, /<Relationship\b[^>]*\bId="([^"]+)"/g));
      const named = all(xml.get(part) ?? '', /\br:(?:id|embed|link)="([^"]+)"/g);
      for (const id of named) expect(ids.has(id), `${part} names ${id}`).toBe(true);
      for (const match of rels.matchAll(/<Relationship\b([^>]*)\/>/g)) {
        const attributes = match[1] ?? '';
        if (attributes.includes('TargetMode="External"')) continue;
        expect(names.has(`word/${/Target="([^"]+)"/.exec(attributes)?.[1] ?? ''}`), attributes).toBe(true);
      }
    }
    expect(all(document, /\br:embed="([^"]+)"/g).length).toBeGreaterThanOrEqual(trees.length * 2);
    // Every part has its content type.
    const types = xml.get('[Content_Types].xml') ?? '';
    const extensions = new Set(all(types, /<Default\b[^>]*\bExtension="([^"]+)"/g));
    const overrides = new Set(all(types, /<Override\b[^>]*\bPartName="\/([^"]+)"/g));
    for (const name of names) expect(overrides.has(name) || extensions.has(name.split('.').pop() ?? ''), name).toBe(true);
    // Every list's instance and definition is in the numbering part, each once.
    const numbering = xml.get('word/numbering.xml') ?? '';
    const numIds = all(numbering, /<w:num w:numId="(\d+)"/g);
    expect(new Set(numIds).size).toBe(numIds.length);
    for (const id of all(document, /<w:numId w:val="(\d+)"/g)) expect(numIds).toContain(id);
    const abstractIds = all(numbering, /<w:abstractNum w:abstractNumId="(\d+)"/g);
    expect(new Set(abstractIds).size).toBe(abstractIds.length);
    for (const id of all(numbering, /<w:abstractNumId w:val="(\d+)"/g)) expect(abstractIds).toContain(id);
    // Bookmarks and footnotes: each id once, each bookmark closed.
    const starts = all(document, /<w:bookmarkStart\b[^>]*\bw:id="(\d+)"/g);
    expect(new Set(starts).size).toBe(starts.length);
    expect(new Set(all(document, /<w:bookmarkEnd\b[^>]*\bw:id="(\d+)"/g))).toEqual(new Set(starts));
    const notes = all(footnotes, /<w:footnote w:id="(\d+)"/g);
    expect(new Set(notes).size).toBe(notes.length);
    for (const id of all(document, /<w:footnoteReference w:id="(\d+)"/g)) expect(notes).toContain(id);
    // The title page, the front matter, and for each chapter its title page (bare, as the cover is) and a section under its own running head, whose notes Word numbers from 1.
    const sections = all(document, /<w:sectPr>([\s\S]*?)<\/w:sectPr>/g);
    expect(sections).toHaveLength(2 * trees.length + 2);
    trees.forEach((_tree, index) => {
      // Headers and footers of its own, empty: a section without them would show the previous section's.
      const bareHeader = /<w:headerReference w:type="default" r:id="([^"]+)"/.exec(sections[2 + 2 * index] ?? '')?.[1] ?? '';
      const bareTarget = new RegExp(`Id="${bareHeader}"[^>]*Target="([^"]+)"`).exec(xml.get('word/_rels/document.xml.rels') ?? '')?.[1] ?? '';
      expect(bareTarget).not.toBe('');
      expect((xml.get(`word/${bareTarget}`) ?? '').replace(/<[^>]+>/g, '').trim()).toBe('');
      expect(sections[3 + 2 * index]).toContain('<w:numRestart w:val="eachSect"/>');
    });
    expect(document.endsWith('</w:sectPr></w:body></w:document>')).toBe(true);
    const rels = xml.get('word/_rels/document.xml.rels') ?? '';
    trees.forEach((tree, index) => {
      const headerId = /<w:headerReference w:type="default" r:id="([^"]+)"/.exec(sections[3 + 2 * index] ?? '')?.[1] ?? '';
      const target = new RegExp(`Id="${headerId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? '';
      expect(xml.get(`word/${target}`) ?? '').toContain(tree.children[0].categoryTitle);
    });
  });

  it('made again after one chapter changed, makes that chapter alone and is the file a fresh renderer makes', async () => {
    const first = await renderer().renderBook(book(), [], true);
    const edited = structuredClone(trees);
    const findings = edited[1]?.children[0].children.find((child) => child.type === 'keyFindings');
    if (!findings || !('children' in findings)) throw new Error('no key findings');
    findings.children.push({ type: 'paragraph', children: [{ type: 'text', value: 'A sentence added to the second chapter.' }] });
    const store = countingStore();
    const again = await renderer(store).renderBook(book(edited), first.drawn, true);
    expect(again.drawnAnew).toBe(1);
    expect(store.made).toBe(1);
    // Only the chapter made now comes back (the caller gave the others), and every chapter is named.
    expect(again.drawn.map((record) => record.key)).toEqual([again.bound[1]]);
    expect(again.bound).toHaveLength(trees.length);
    expect(again.bound[0]).toBe(first.bound[0]);
    // The same renderer (it kept the chapters), given them too, gives none back: the caller has them.
    const keptAgain = await renderer(store).renderBook(book(edited), [...first.drawn, ...again.drawn], true);
    expect(keptAgain.drawn).toEqual([]);
    expect(keptAgain.drawnAnew).toBe(0);
    const fresh = await renderer().render(book(edited));
    expect(Buffer.from(again.bytes).equals(Buffer.from(fresh.bytes))).toBe(true);
    expect(await verifyCountryReport(edited, templates.theme, { docx: again.bytes })).toEqual([]);
    // Nothing changed: every chapter taken as made, the same file.
    const unchanged = await renderer().renderBook(book(), first.drawn, false);
    expect(unchanged.drawnAnew).toBe(0);
    expect(unchanged.drawn).toEqual([]);
    expect(Buffer.from(unchanged.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it('keeps apart the bookmarks of chapters made in other processes (each numbering them from 0), and is the file a fresh renderer makes', async () => {
    const first = await renderer().renderBook(book(), [], true);
    const elsewhere = first.drawn.map((record) => {
      const parts = decodeMadeChapter(record);
      if (!parts) throw new Error('a record does not decode');
      const xml = strFromU8(parts.get('word/document.xml') as Uint8Array);
      const ids = new Map<string, number>();
      const renumbered = xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g, (whole, start: string, id: string) => {
        if (!ids.has(id)) ids.set(id, ids.size);
        return `${start}${String(ids.get(id))}"`;
      });
      expect(ids.size).toBeGreaterThan(0);
      return encodeMadeChapter(record.key, new Map([...parts, ['word/document.xml', renumbered]]));
    });
    const again = await renderer().renderBook(book(), elsewhere, false);
    expect(again.drawnAnew).toBe(0);
    const starts = all(partsOf(again.bytes).xml.get('word/document.xml') ?? '', /<w:bookmarkStart\b[^>]*\bw:id="(\d+)"/g);
    expect(new Set(starts).size).toBe(starts.length);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it('makes again a chapter given damaged or forged, and is still the file a fresh renderer makes', async () => {
    const first = await renderer().renderBook(book(), [], true);
    const [one, two, three, ...rest] = first.drawn;
    if (!one || !two || !three) throw new Error('fewer than three chapters');
    const foreign = decodeMadeChapter(three);
    if (!foreign) throw new Error('a record does not decode');
    const given = [
      // Cut short.
      { key: one.key, bytes: one.bytes.subarray(0, one.bytes.byteLength - 10) },
      // Its header names a part outside the package.
      { key: two.key, bytes: encodeWith(two.bytes, '../../etc/passwd') },
      // A package with a part the book does not know how to take.
      encodeMadeChapter(three.key, new Map([...foreign, ['word/vbaProject.bin', new Uint8Array([1, 2, 3])]])),
      ...rest,
    ];
    expect(decodeMadeChapter(given[0] ?? one)).toBeUndefined();
    expect(decodeMadeChapter(given[1] ?? two)).toBeUndefined();
    const again = await renderer().renderBook(book(), given, false);
    // The first two are made again; the third failed the book as given and was made with all the others.
    expect(again.drawnAnew).toBe(trees.length);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });
});

/** A record's bytes with its first part renamed (its header rewritten, the parts' bytes as they were). */
function encodeWith(bytes: Uint8Array, firstName: string): Uint8Array {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const header = JSON.parse(strFromU8(bytes.subarray(4, 4 + length))) as [string, number][];
  const renamed = new TextEncoder().encode(JSON.stringify(header.map(([name, size], index) => [index === 0 ? firstName : name, size])));
  const out = new Uint8Array(4 + renamed.byteLength + bytes.byteLength - 4 - length);
  new DataView(out.buffer).setUint32(0, renamed.byteLength);
  out.set(renamed, 4);
  out.set(bytes.subarray(4 + length), 4 + renamed.byteLength);
  return out;
}

/** Each chapter's own document, as its own job presents it. */
function ownDocuments(of: readonly ReportTree[] = trees): DocumentModel[] {
  return of.map((tree) => present(tree, templates.theme));
}

/** Each section's header and footer part, in the order the sections name them. */
function furnitureOf(parts: ReturnType<typeof partsOf>): string[] {
  const rels = parts.xml.get('word/_rels/document.xml.rels') ?? '';
  return all(parts.xml.get('word/document.xml') ?? '', /<w:(?:header|footer)Reference w:type="default" r:id="([^"]+)"/g).map((id) => parts.xml.get(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? ''}`) ?? '');
}

/** A package's main part with each relationship's id left out: the ids are numbered in the order the relationships part lists them, which may differ. */
function withoutRelationshipIds(xml: string): string {
  return xml.replace(/\br:(?:id|embed|link)="[^"]*"/g, 'r:id=""');
}

describe("a Word country report put together from its chapters' own files", () => {
  it('is the book made from the chapters made alone, word for word and mark for mark, and agrees with its chapters', async () => {
    const alone = await renderer().renderBook(book(), [], false);
    const owned = await renderer().renderBook(book(), [], true, ownDocuments());
    expect(owned.drawnAnew).toBe(trees.length);
    expect(owned.drawn).toHaveLength(trees.length);
    // Each chapter taken from its own file (whose record is the file), none made alone.
    expect(owned.bound).toEqual(book().chapters.map((chapter) => ownDocxKey(book().metadata.language, chapter)));
    for (const record of owned.drawn) expect(new TextDecoder().decode(record.bytes.subarray(0, 2))).toBe('PK');
    const fromOwn = partsOf(owned.bytes);
    const fromAlone = partsOf(alone.bytes);
    // The same body (title pages, styles, bookmarks, links, round-trip marks, sections), notes and lists: only which relationship has which id may differ.
    expect(withoutRelationshipIds(fromOwn.xml.get('word/document.xml') ?? '')).toBe(withoutRelationshipIds(fromAlone.xml.get('word/document.xml') ?? ''));
    expect(fromOwn.xml.get('word/footnotes.xml')).toBe(fromAlone.xml.get('word/footnotes.xml'));
    expect(fromOwn.xml.get('word/numbering.xml')).toBe(fromAlone.xml.get('word/numbering.xml'));
    expect(fromOwn.names).toEqual(fromAlone.names);
    // Each section's header and footer is the same part as the book's (the chapter's title page's empty, its pages' the country and the category).
    expect(furnitureOf(fromOwn)).toEqual(furnitureOf(fromAlone));
    expect(furnitureOf(fromOwn).filter((part) => part.includes('<w:t '))).toHaveLength(2 * (trees.length + 1));
    expect(await verifyCountryReport(trees, templates.theme, { docx: owned.bytes })).toEqual([]);
  });

  it('is so with footnotes, and in the volume of every report (--book all), whose anchors name the country too', async () => {
    const source = await changedSource({ 'chapters/japan/coordination.md': await readFile(path.join(projectRoot, 'test/fixtures/notes/coordination.md'), 'utf8') });
    try {
      const { tree, templates: own } = await compileSampleChapter(source);
      for (const options of [{}, { all: true }]) {
        const document = presentCountryReport([tree], own.theme, options);
        const writer = createDocxRenderer({ theme: own.theme, generator, fallbacks: own.fallbackFonts ?? [], chartFonts: own.chartFontFiles ?? [] });
        const owned = await writer.renderBook(document, [], false, [present(tree, own.theme)]);
        // Each chapter taken from its own file, none made alone.
        expect(owned.bound).toEqual(document.chapters.map((chapter) => ownDocxKey(document.metadata.language, chapter)));
        expect(owned.drawnAnew).toBe(1);
        const fromOwn = partsOf(owned.bytes);
        const fromAlone = partsOf((await writer.renderBook(document, [], false)).bytes);
        const footnotes = fromOwn.xml.get('word/footnotes.xml') ?? '';
        expect(all(footnotes, /<w:footnote w:id="(\d+)">/g).length).toBeGreaterThan(2);
        expect(footnotes).toBe(fromAlone.xml.get('word/footnotes.xml'));
        expect(withoutRelationshipIds(fromOwn.xml.get('word/document.xml') ?? '')).toBe(withoutRelationshipIds(fromAlone.xml.get('word/document.xml') ?? ''));
        expect(furnitureOf(fromOwn)).toEqual(furnitureOf(fromAlone));
      }
    } finally {
      await removeFolder(source);
    }
  });

  it("takes each chapter's own file as its job made it, makes only an edited chapter's, and is the file it makes itself", async () => {
    const ownFiles = await Promise.all(trees.map(async (tree) => (await renderer().renderChapter(present(tree, templates.theme), presentBookChapter(templates.theme, tree.children[0]))).drawn));
    const itself = await renderer().renderBook(book(), [], true, ownDocuments());
    const given = await renderer().renderBook(book(), ownFiles, true, ownDocuments());
    expect(given.drawnAnew).toBe(0);
    expect(given.drawn).toEqual([]);
    expect(given.bound).toEqual(ownFiles.map((file) => file.key));
    expect(Buffer.from(given.bytes).equals(Buffer.from(itself.bytes))).toBe(true);
    // A chapter's own file is its record: the file the chapter's job writes.
    expect(itself.drawn.map((record) => Buffer.from(record.bytes).equals(Buffer.from(ownFiles[itself.drawn.indexOf(record)]?.bytes ?? [])))).toEqual(trees.map(() => true));

    const edited = structuredClone(trees);
    const findings = edited[1]?.children[0].children.find((child) => child.type === 'keyFindings');
    if (!findings || !('children' in findings)) throw new Error('no key findings');
    findings.children.push({ type: 'paragraph', children: [{ type: 'text', value: 'A sentence added to the second chapter.' }] });
    const again = await renderer().renderBook(book(edited), ownFiles, true, ownDocuments(edited));
    expect(again.drawnAnew).toBe(1);
    expect(again.drawn.map((record) => record.key)).toEqual([again.bound[1]]);
    const fresh = await renderer().renderBook(book(edited), [], false, ownDocuments(edited));
    expect(Buffer.from(again.bytes).equals(Buffer.from(fresh.bytes))).toBe(true);
    expect(await verifyCountryReport(edited, templates.theme, { docx: again.bytes })).toEqual([]);
  });

  it('makes again a chapter whose file is given damaged or is another chapter\'s, and is still the file it makes itself', async () => {
    const itself = await renderer().renderBook(book(), [], true, ownDocuments());
    const [one, two, ...rest] = itself.drawn;
    if (!one || !two) throw new Error('fewer than two chapters');
    const given = [{ key: one.key, bytes: one.bytes.subarray(0, one.bytes.byteLength - 10) }, { key: two.key, bytes: one.bytes }, ...rest];
    const again = await renderer().renderBook(book(), given, false, ownDocuments());
    expect(again.drawnAnew).toBe(2);
    expect(Buffer.from(again.bytes).equals(Buffer.from(itself.bytes))).toBe(true);
  });

  it("refuses a chapter's file with a bookmark the book has no anchor for", async () => {
    const [first] = trees;
    if (!first) throw new Error('no chapter');
    const own = await renderer().renderChapter(present(first, templates.theme), presentBookChapter(templates.theme, first.children[0]));
    const place = { place: 1, chapter: presentBookChapter(templates.theme, first.children[0]) };
    expect(ownChapterForBook(own.bytes, place).get('word/document.xml')).toBeDefined();
    const files = unzipSync(own.bytes);
    const documentXml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    files['word/document.xml'] = new TextEncoder().encode(documentXml.replace('<w:bookmarkStart w:name="key_findings"', '<w:bookmarkStart w:name="an_editors_bookmark"'));
    const { zipSync } = await import('fflate');
    expect(() => ownChapterForBook(zipSync(files), place)).toThrow(/no anchor for: an_editors_bookmark/);
    // Another chapter's file, under this chapter's place, is refused by its round-trip properties.
    const [, second] = trees;
    if (!second) throw new Error('no second chapter');
    expect(() => ownChapterForBook(own.bytes, { place: 2, chapter: presentBookChapter(templates.theme, second.children[0]) })).toThrow(/another chapter's/);
    // A running head with a control character XML forbids (from a theme's label) is written without it.
    const opening = place.chapter.opening;
    if (!opening) throw new Error('no opening');
    const taken = ownChapterForBook(own.bytes, { ...place, chapter: { ...place.chapter, opening: { ...opening, runningHead: 'Japan \u000b· Coordination & more' } } });
    const heads = [...taken].flatMap(([name, part]) => (/^word\/header\d+\.xml$/.test(name) && typeof part === 'string' && part.includes('<w:t ') ? [part] : []));
    expect(heads).toHaveLength(1);
    expect(heads[0]).toContain('>Japan · Coordination &amp; more</w:t>');
  });
});
