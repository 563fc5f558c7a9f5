/**
 * A country report bound from its chapters drawn apart (src/render/pdf/render.ts, `renderBound`;
 * bound.ts; assemble.ts): each chapter's pages a document of their own, copied into the book with
 * its front matter, and the running heads and page numbers (which run on through the book) laid
 * over every page. The book agrees with its chapters as the agreement check reads it, both PDF
 * readers read it alike, and a book made again after one chapter changed draws that chapter alone
 * (the others given as drawn before, from another process or the build's cache) and is the file a
 * fresh renderer makes.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../../tools/corpus/write.js';
import { generator } from '../../../src/package-info.js';
import { countryBooks, presentBookChapter, presentCountryReport } from '../../../src/present/book.js';
import { present } from '../../../src/present/present.js';
import { createDrawnChapters, decodeDrawnChapter, encodeDrawnChapter, type DrawnChapter, type DrawnChapters, type OwnPages } from '../../../src/render/pdf/bound.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import type { Templates } from '../../../src/theme/load-templates.js';
import type { ReportTree } from '../../../src/tree/types.js';
import { pdfDestination } from '../../../src/vocabulary/anchors.js';
import { readOwnPdfEdition } from '../../../src/verify/extract/pdf-edition.js';
import { readPdfEditionWithPdfjs } from '../../../src/verify/extract/pdf.js';
import { verifyCountryReport } from '../../../src/verify/verify.js';
import { compileSample, removeFolder, temporaryFolder } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';

let templates: Templates;
/** One country's chapters, in the codebook's order of categories. */
let trees: ReportTree[];

beforeAll(async () => {
  const folder = await temporaryFolder('rubricpress-bound-');
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

/** A store that counts the chapters drawn into it (a chapter found there, or given, is not drawn). */
function countingStore(): DrawnChapters & { drawn: number } {
  const store = createDrawnChapters();
  const counting = {
    drawn: 0,
    get: (key: string) => store.get(key),
    set(key: string, chapter: DrawnChapter) {
      counting.drawn += 1;
      store.set(key, chapter);
    },
  };
  return counting;
}

function renderer(drawnChapters?: DrawnChapters) {
  if (!templates.fonts) throw new Error('the fonts did not load');
  return createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator, ...(drawnChapters ? { drawnChapters } : {}) });
}

/** The second chapter with the first sentence of its key findings reworded. */
function withSecondChapterEdited(): ReportTree[] {
  const [first, second, ...rest] = trees;
  if (!first || !second) throw new Error('too few chapters');
  let edited = false;
  const reword = (node: unknown, inFindings: boolean): unknown => {
    if (Array.isArray(node)) return node.map((child) => reword(child, inFindings));
    if (typeof node !== 'object' || node === null) return node;
    const record = node as Record<string, unknown>;
    if (inFindings && !edited && record['type'] === 'text' && typeof record['value'] === 'string') {
      edited = true;
      return { ...record, value: `An author rewrote this sentence. ${record['value']}` };
    }
    const within = inFindings || record['type'] === 'keyFindings';
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, reword(value, within)]));
  };
  const changed = reword(second, false) as ReportTree;
  expect(edited).toBe(true);
  return [first, changed, ...rest];
}

describe('a country report bound from its chapters drawn apart', () => {
  it('agrees with its chapters, its pages numbered on through the book, and both readers read it alike', async () => {
    const document = presentCountryReport(trees, templates.theme);
    const { bytes } = await renderer().render(document);
    expect(await verifyCountryReport(trees, templates.theme, { pdf: bytes }, {})).toEqual([]);
    expect(readOwnPdfEdition(bytes)).toEqual(await readPdfEditionWithPdfjs(bytes));
    const read = await readPdf(bytes);
    expect(read.pageCount).toBeGreaterThan(trees.length + 2);
    // Each chapter opens on its own title page, without running head or number, as the cover; its next page is under its running head.
    const titlePages = new Set<number>([1]);
    for (const chapter of document.chapters) {
      const anchor = chapter.opening?.titlePage.title.anchor;
      const page = anchor && read.destinationPages.get(pdfDestination(anchor));
      expect(page).toBeDefined();
      titlePages.add(page ?? 1);
      expect(read.artifactTexts[page ?? 1]).toContain(chapter.opening?.runningHead ?? '(none)');
    }
    expect(titlePages.size).toBe(document.chapters.length + 1);
    // Every other page (this book has no imprint page) under its running head and number, as artifacts; the title pages bare.
    read.artifactTexts.forEach((text, index) => {
      if (titlePages.has(index + 1)) expect(text).toBe('');
      else expect(text).toContain(`${String(index + 1)} of ${String(read.pageCount)}`);
    });
    expect(read.unmarkedText).toBe('');
  }, 30_000);

  it('draws only the chapter that changed, and is the file a fresh renderer makes', async () => {
    const first = countingStore();
    const before = await renderer(first).renderBook(presentCountryReport(trees, templates.theme), []);
    expect(first.drawn).toBe(trees.length);
    expect(before.drawn).toHaveLength(trees.length);
    const edited = withSecondChapterEdited();
    // Another process, given the chapters as drawn before (as the cache keeps them).
    const next = countingStore();
    const after = await renderer(next).renderBook(presentCountryReport(edited, templates.theme), before.drawn);
    expect(next.drawn).toBe(1);
    // It gives back only the chapter it drew (the caller has the others), and names every chapter it was bound from.
    expect(after.drawn.map((record) => record.key)).toEqual([after.bound[1]]);
    expect(after.bound).toHaveLength(trees.length);
    expect(after.bound.filter((key, index) => index !== 1)).toEqual(before.bound.filter((key, index) => index !== 1));
    expect(after.bound[1]).not.toBe(before.bound[1]);
    const fresh = await renderer().render(presentCountryReport(edited, templates.theme));
    expect(Buffer.from(after.bytes).equals(Buffer.from(fresh.bytes))).toBe(true);
    expect(await verifyCountryReport(edited, templates.theme, { pdf: after.bytes }, {})).toEqual([]);
    // A record that is not one is drawn again, never trusted.
    const damaged = before.drawn.map((record, index) => (index === 0 ? { key: record.key, bytes: record.bytes.slice(0, 10) } : record));
    const again = countingStore();
    const repaired = await renderer(again).renderBook(presentCountryReport(trees, templates.theme), damaged);
    expect(again.drawn).toBe(1);
    expect(Buffer.from(repaired.bytes).equals(Buffer.from(before.bytes))).toBe(true);
    // The damaged one is given back as drawn now, for the cache to keep instead.
    expect(repaired.drawn.map((record) => record.key)).toEqual([before.bound[0]]);
    // Nor is one whose facts hold but whose PDF does not (cut short): every chapter given is drawn again, and the book is whole.
    const cut = before.drawn.map((record, index) => (index === 1 ? { key: record.key, bytes: record.bytes.slice(0, record.bytes.byteLength - 2_000) } : record));
    const redrawn = countingStore();
    const whole = await renderer(redrawn).renderBook(presentCountryReport(trees, templates.theme), cut);
    expect(redrawn.drawn).toBe(trees.length);
    expect(Buffer.from(whole.bytes).equals(Buffer.from(before.bytes))).toBe(true);
    expect(whole.drawn).toHaveLength(trees.length);
    // A renderer that kept the chapters (a worker under build --watch), given them too, gives none back: the caller has them.
    const keeping = renderer(countingStore());
    const kept = await keeping.renderBook(presentCountryReport(trees, templates.theme), []);
    const keptAgain = await keeping.renderBook(presentCountryReport(trees, templates.theme), kept.drawn);
    expect(keptAgain.drawn).toEqual([]);
    expect(keptAgain.bound).toEqual(kept.bound);
  }, 30_000);
});

describe('a country report bound from its chapters’ own PDFs, each drawn once for both', () => {
  it('takes each chapter’s pages but its contents list from the chapter’s own file, agrees with its chapters, and is the file that draws them itself', async () => {
    const own = trees.map((tree) => present(tree, templates.theme));
    const book = presentCountryReport(trees, templates.theme);
    // The chapters' own jobs: each file, and its pages as its report binds them.
    const chapters = renderer();
    const files = await Promise.all(trees.map((tree, index) => chapters.renderChapter(own[index] ?? present(tree, templates.theme), presentBookChapter(templates.theme, tree.children[0]))));
    const records = files.flatMap((file) => (file.drawn ? [file.drawn] : []));
    expect(records).toHaveLength(trees.length);
    // The report's job, in another process: given them, it draws none.
    const store = countingStore();
    const bound = await renderer(store).renderBook(book, records, true, own);
    expect(store.drawn).toBe(0);
    expect(bound.drawnAnew).toBe(0);
    expect(bound.drawn).toEqual([]);
    // Drawing them itself, as the chapters' jobs did, it makes the same bytes.
    const itself = await renderer().renderBook(book, [], true, own);
    expect(itself.drawnAnew).toBe(trees.length);
    expect(Buffer.from(bound.bytes).equals(Buffer.from(itself.bytes))).toBe(true);
    expect(await verifyCountryReport(trees, templates.theme, { pdf: bound.bytes }, {})).toEqual([]);
    expect(readOwnPdfEdition(bound.bytes)).toEqual(await readPdfEditionWithPdfjs(bound.bytes));
    // Each chapter's pages are its own file's (their text; the heads and numbers the book's), its contents list left out.
    const read = await readPdf(bound.bytes);
    for (const [index, file] of files.entries()) {
      const chapter = await readPdf(file.bytes);
      const opening = book.chapters[index]?.opening?.titlePage.title.anchor;
      const start = (opening && read.destinationPages.get(pdfDestination(opening))) ?? 0;
      const contentsPage = chapter.pageTexts.findIndex((text) => text.startsWith('Contents'));
      expect(contentsPage).toBe(1);
      const taken = chapter.pageTexts.filter((_text, page) => page !== contentsPage);
      expect(read.pageTexts.slice(start - 1, start - 1 + taken.length)).toEqual(taken);
      expect(read.text).not.toContain(chapter.pageTexts[contentsPage]);
      expect(read.artifactTexts[start]).toContain(book.chapters[index]?.opening?.runningHead ?? '(none)');
      // The chapter's own head and number on its first page after the contents are not drawn under the book's.
      expect(chapter.artifactTexts[2]).toMatch(/3 of/);
      expect(read.artifactTexts[start]).not.toContain(chapter.artifactTexts[2]);
    }
    // A record that names the chapter otherwise than the book, leaves out its title page, or is not of its own file's pages is drawn again, not bound: that chapter alone.
    const forgeries: ((own: OwnPages) => Partial<DrawnChapter>)[] = [
      (own) => ({ own: { ...own, prefix: 'elsewhere' } }),
      (own) => ({ own: { ...own, take: own.take.slice(1) }, pages: own.take.length - 1 }),
      () => ({ own: undefined }),
    ];
    for (const forge of forgeries) {
      const forged = records.map((record, index) => {
        const drawn = decodeDrawnChapter(record);
        if (!drawn?.own) throw new Error('a chapter’s record without its own pages');
        if (index !== 1) return record;
        const changed = { ...drawn, ...forge(drawn.own) };
        return encodeDrawnChapter(record.key, { ...changed, heads: changed.heads.slice(0, changed.pages), anchors: new Map([...changed.anchors].filter(([, page]) => page < changed.pages)) });
      });
      const redrawn = countingStore();
      const again = await renderer(redrawn).renderBook(book, forged, true, own);
      expect(redrawn.drawn).toBe(1);
      expect(Buffer.from(again.bytes).equals(Buffer.from(bound.bytes))).toBe(true);
    }
  }, 30_000);
});
