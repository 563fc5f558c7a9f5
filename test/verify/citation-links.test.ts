/**
 * In-text citations link to their works' entries in the chapter's reference list, in every edition,
 * read back as a reader gets it: the HTML parsed (each citation's href is an entry's id on the page),
 * the PDF read (each citation's link annotation goes to a named destination on the page that prints
 * the entry), the DOCX unzipped (each internal hyperlink has its bookmark, around the entry). Keys
 * with characters no id or bookmark may hold get safe names; a country report whose two chapters
 * cite the same work links each chapter's citations to its own entry. The agreement check catches a
 * citation link that leads nowhere and one that is missing.
 */
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/document/model.js';
import { presentCountryReport } from '../../src/present/book.js';
import { present } from '../../src/present/present.js';
import { createDocxRenderer } from '../../src/render/docx/render.js';
import { createHtmlRenderer } from '../../src/render/html/render.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import type { Templates } from '../../src/theme/load-templates.js';
import type { ReportTree } from '../../src/tree/types.js';
import { expectedChapter } from '../../src/verify/expected.js';
import { verifyChapter, verifyCountryReport } from '../../src/verify/verify.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../support/build.js';
import { findAll, openDocx, paragraphStyle, parseXml, type XmlElement } from '../support/docx.js';
import { all, textOf } from '../support/html.js';
import { readPdf } from '../support/pdf.js';
import { readOwnPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { readPdfEditionWithPdfjs } from '../../src/verify/extract/pdf.js';

const anchor = 'Until the 1990s, the personnel resources';
const citing = 'Reforms are discussed at length [@yashiro2016], read against [see @yashiro2016, p. 33; @iio2008] and two odd keys [@doi:10.1000/x.y; -@müller2020].';
const noted = 'A sentence with a note.[^cite]';
const note = '[^cite]: The note cites [@iio2008] too.';
const oddWorks = `
- id: "doi:10.1000/x.y"
  type: book
  author:
    - { family: Kowalski, given: Jan }
  issued: { date-parts: [[2019]] }
  title: A Work Whose Key Is a DOI
  publisher: Example Press

- id: müller2020
  type: book
  author:
    - { family: Müller, given: Anna }
  issued: { date-parts: [[2020]] }
  title: A Work Whose Key Is Not ASCII
  publisher: Example Press
`;
/** Each cited work's key and the words that begin its entry. */
const entryWords: Readonly<Record<string, string>> = { yashiro2016: 'Yashiro, Naohiro', iio2008: 'Iio, Jun', 'doi:10.1000/x.y': 'Kowalski, Jan', müller2020: 'Müller, Anna' };
/** The citations' links: one per cited work (the style's output splits per work), the note's and the sample's own citation too. */
const linkCount = 7;

let folder: string;
let tree: ReportTree;
let templates: Templates;
let html: string;
let pdf: Uint8Array;
let docx: Uint8Array;

function renderers() {
  if (!templates.fonts) throw new Error('the templates have no fonts');
  return {
    html: createHtmlRenderer({ theme: templates.theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }),
    pdf: createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator: 'rubricpress test' }),
    docx: createDocxRenderer({ theme: templates.theme, generator: 'rubricpress test' }),
  };
}

async function render(model: DocumentModel): Promise<{ html: string; pdf: Uint8Array; docx: Uint8Array }> {
  const made = renderers();
  return { html: made.html.render(model).html, pdf: (await made.pdf.render(model)).bytes, docx: (await made.docx.render(model)).bytes };
}

/** Every object of the model that is a cited work's part of a citation, for a test to change. */
function citedWorks(model: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(model)) for (const item of model) citedWorks(item, found);
  else if (typeof model === 'object' && model !== null) {
    const record = model as Record<string, unknown>;
    if (record['type'] === 'citedWork') found.push(record);
    for (const value of Object.values(record)) citedWorks(value, found);
  }
  return found;
}

/** Each w:hyperlink's w:anchor in a part, and the names of its bookmarks with the style of their paragraph. */
function docxLinks(part: XmlElement): { anchors: string[]; bookmarks: Map<string, string | undefined> } {
  const bookmarks = new Map<string, string | undefined>();
  for (const paragraph of findAll(part, 'w:p')) for (const bookmark of findAll(paragraph, 'w:bookmarkStart')) bookmarks.set(bookmark.attributes['w:name'] ?? '', paragraphStyle(paragraph));
  return { anchors: findAll(part, 'w:hyperlink').flatMap((link) => (link.attributes['w:anchor'] === undefined ? [] : [link.attributes['w:anchor']])), bookmarks };
}

beforeAll(async () => {
  folder = await changedSource({
    'references.yaml': (text) => `${text}\n${oddWorks}`,
    'chapters/japan/coordination.md': (text) => `${replaceOnce(anchor, `${citing}\n\n${noted}\n\n${note}\n\n${anchor}`)(text)}\n::references\n`,
  });
  ({ tree, templates } = await compileSampleChapter(folder));
  ({ html, pdf, docx } = await render(present(tree, templates.theme)));
}, 60_000);
afterAll(() => removeFolder(folder));

describe('citations linked to their entries', () => {
  it('all three editions agree, with a link for each cited work', async () => {
    expect(expectedChapter(tree, templates.theme).counts.citationLinks).toBe(linkCount);
    expect(await verifyChapter(tree, templates.theme, { html, pdf, docx })).toEqual([]);
  });

  it('HTML: each citation’s link leads to an entry of the reference list on the same page, by an id safe for any key', () => {
    const page = fromHtml(html);
    const ids = new Map(all(page, '[id]').map((element) => [String(element.properties['id']), element]));
    const links = all(page, '.citation a');
    expect(links).toHaveLength(linkCount);
    const reached = new Set<string>();
    for (const link of links) {
      const href = String(link.properties['href']);
      expect(href).toMatch(/^#ref-[A-Za-z0-9_-]+$/);
      const target = ids.get(href.slice(1));
      expect(target?.tagName, href).toBe('li');
      expect(all(page, `section.references li[id="${href.slice(1)}"]`), href).toHaveLength(1);
      reached.add(textOf(target ?? page).slice(0, 14));
    }
    // Every work cited in the text is reached, the odd keys' too; each work's words are their own link.
    for (const words of Object.values(entryWords)) expect([...reached].some((start) => words.startsWith(start.slice(0, 8)))).toBe(true);
    expect(links.map((link) => textOf(link))).toEqual(['Yashiro 2016', 'see Yashiro 2016, 33', 'Iio 2008', 'Kowalski 2019', '2020', 'Yashiro 2016', 'Iio 2008']);
  });

  it('PDF: each citation’s link goes to a named destination on the page that prints its entry', async () => {
    const read = await readPdf(pdf);
    // A link broken over two lines has an annotation on each.
    const citationLinks = read.links.filter((link) => link.destination?.startsWith('ref-'));
    expect(citationLinks.length).toBeGreaterThanOrEqual(linkCount);
    expect(new Set(citationLinks.map((link) => link.destination)).size).toBe(Object.keys(entryWords).length);
    // Both PDF readers of the check count the citations' links that reach an entry: all of them.
    expect((await readPdfEditionWithPdfjs(pdf)).counts.citationLinks).toBe(linkCount);
    expect(readOwnPdfEdition(pdf).counts.citationLinks).toBe(linkCount);
    for (const link of citationLinks) {
      const destination = link.destination ?? '';
      expect(destination).toMatch(/^ref-[A-Za-z0-9_-]+$/);
      const page = read.destinationPages.get(destination);
      expect(page, destination).toBeDefined();
      const key = Object.keys(entryWords).find((candidate) => destination === `ref-${candidate}` || destination.startsWith(`ref-${candidate.replace(/[^A-Za-z0-9_]+/g, '-')}-`));
      expect(key, destination).toBeDefined();
      expect(read.pageTexts[(page ?? 0) - 1], destination).toContain(entryWords[key ?? ''] ?? '');
    }
  });

  it('DOCX: every internal hyperlink has its bookmark; each citation’s is around an entry of the reference list', () => {
    const opened = openDocx(docx);
    const body = docxLinks(opened.xml('word/document.xml'));
    const notes = docxLinks(opened.xml('word/footnotes.xml'));
    const anchors = [...body.anchors, ...notes.anchors];
    for (const name of anchors) expect(body.bookmarks.has(name), name).toBe(true);
    const citations = anchors.filter((name) => name.startsWith('ref_'));
    expect(citations).toHaveLength(linkCount);
    for (const name of citations) {
      expect(name.length).toBeLessThanOrEqual(40);
      expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(body.bookmarks.get(name), name).toBe('Bibliography');
    }
    // The two odd keys have names of their own.
    expect(new Set(citations).size).toBe(4);
  });
});

describe('the agreement check of citation links', () => {
  it('catches a citation that links to no entry, in every edition', async () => {
    const model = structuredClone(present(tree, templates.theme));
    const work = citedWorks(model)[0];
    if (!work) throw new Error('no cited work in the model');
    work['entry'] = { kind: 'reference', key: 'nowhere2000' };
    const editions = await render(model);
    const found = await verifyChapter(tree, templates.theme, editions);
    expect(found.map((disagreement) => disagreement.edition).sort()).toEqual(['DOCX', 'DOCX', 'HTML', 'HTML', 'PDF', 'PDF']);
    expect(found.filter((disagreement) => disagreement.message.includes(`has ${String(linkCount - 1)} citation links to a reference list entry; the source has ${String(linkCount)}`))).toHaveLength(3);
    expect(found.find((disagreement) => disagreement.edition === 'HTML')?.message).toContain('links to #ref-nowhere2000, not to an entry of the reference list');
    // pdfjs-dist's reader, for a PDF another program wrote, finds it too.
    const withPdfjs = await readPdfEditionWithPdfjs(editions.pdf);
    expect(withPdfjs.counts.citationLinks).toBe(linkCount - 1);
    expect(withPdfjs.problems).toEqual(['The PDF edition has a citation linking to the destination “ref-nowhere2000”, which is on no page of a bibliography entry.']);
  });

  it('catches a citation left without its link, in every edition', async () => {
    const model = structuredClone(present(tree, templates.theme));
    const work = citedWorks(model)[1];
    if (!work) throw new Error('no cited work in the model');
    delete work['entry'];
    const found = await verifyChapter(tree, templates.theme, await render(model));
    expect(found.map((disagreement) => [disagreement.edition, disagreement.message])).toEqual(
      ['HTML', 'PDF', 'DOCX'].map((edition) => [edition, `The ${edition} edition has ${String(linkCount - 1)} citation links to a reference list entry; the source has ${String(linkCount)}.`]),
    );
  });
});

describe('a country report whose two chapters cite the same work', () => {
  it('links each chapter’s citations to its own entry, and agrees with the chapters', async () => {
    // A second chapter of the country: the same text under another category.
    const second = structuredClone(tree);
    const report = second.children[0];
    report.categoryId = 'coordination-again';
    report.categoryTitle = 'Coordination Again';
    const trees = [tree, second];
    const model = presentCountryReport(trees, templates.theme);
    const made = renderers();
    const bookPdf = (await made.pdf.render(model)).bytes;
    const bookDocx = (await made.docx.render(model)).bytes;
    expect(await verifyCountryReport(trees, templates.theme, { pdf: bookPdf, docx: bookDocx })).toEqual([]);

    const read = await readPdf(bookPdf);
    const destinations = read.links.flatMap((link) => (link.destination?.includes('--ref-') ? [link.destination] : []));
    expect(destinations.length).toBeGreaterThanOrEqual(2 * linkCount);
    expect(new Set(destinations).size).toBe(2 * Object.keys(entryWords).length);
    expect(destinations).toContain('coordination--ref-yashiro2016');
    expect(destinations).toContain('coordination-again--ref-yashiro2016');
    // Each chapter's entry stands on a page of its own chapter: the first chapter's before the second's.
    const first = read.destinationPages.get('coordination--ref-yashiro2016') ?? 0;
    const again = read.destinationPages.get('coordination-again--ref-yashiro2016') ?? 0;
    expect(first).toBeGreaterThan(0);
    expect(again).toBeGreaterThan(first);
    for (const name of destinations) expect(read.destinationPages.has(name), name).toBe(true);

    const opened = openDocx(bookDocx);
    const body = docxLinks(opened.xml('word/document.xml'));
    const notes = docxLinks(parseXml(opened.text('word/footnotes.xml')));
    const anchors = [...body.anchors, ...notes.anchors].filter((name) => name.startsWith('ref_'));
    expect(anchors).toHaveLength(2 * linkCount);
    expect(new Set(anchors)).toEqual(new Set(['ref_coordination__yashiro2016', 'ref_coordination_again__yashiro2016', 'ref_coordination__iio2008', 'ref_coordination_again__iio2008', ...[...new Set(anchors)].filter((name) => !/yashiro|iio/.test(name))]));
    for (const name of anchors) expect(body.bookmarks.get(name), name).toBe('Bibliography');
    expect(new Set(anchors).size).toBe(8);
  });
});
