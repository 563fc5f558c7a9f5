/**
 * Every edition's contents list names what the source gives it, in order: the key findings, each
 * sub-category with its questions' indicators, the references. The agreement check reads each list
 * back (the PDF's TOC elements, the DOCX's toc 1–2 paragraphs, the HTML's contents links) and names
 * the first entry that differs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareEdition } from '../../src/verify/compare.js';
import { expectedChapter, type ExpectedChapter } from '../../src/verify/expected.js';
import { readDocxEdition } from '../../src/verify/extract/docx.js';
import { readHtmlEdition } from '../../src/verify/extract/html.js';
import { readPdfEditionWithPdfjs } from '../../src/verify/extract/pdf.js';
import { readOwnPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { contentsEntries, type StructNode } from '../../src/verify/extract/pdf-structure.js';
import { verifyChapter } from '../../src/verify/verify.js';
import { buildInto, changedSource, compileSample, removeFolder } from '../support/build.js';
import { readSeed } from '../support/seed.js';

let source: string;
let expected: ExpectedChapter;
const editions: { html: string; pdf: Uint8Array; docx: Uint8Array } = { html: '', pdf: new Uint8Array(), docx: new Uint8Array() };

beforeAll(async () => {
  // With a consolidated reference list, so that every kind of entry is there.
  source = await changedSource({ 'chapters/japan/coordination.md': (text) => `${text.trimEnd()}\n\n::references\n` });
  const out = path.join(source, 'out');
  const built = await buildInto(out, { sourceDir: source, formats: ['html', 'pdf', 'docx'] });
  expect(built.result.ok).toBe(true);
  const { chapters, templates } = await compileSample(source);
  const tree = chapters[0]?.tree;
  if (!tree) throw new Error('no chapter');
  expected = expectedChapter(tree, templates.theme);
  editions.html = await readFile(path.join(out, 'html/japan/coordination.html'), 'utf8');
  editions.pdf = new Uint8Array(await readFile(path.join(out, 'pdf/japan/coordination.pdf')));
  editions.docx = new Uint8Array(await readFile(path.join(out, 'docx/japan/coordination.docx')));
}, 60_000);
afterAll(() => removeFolder(source));

describe('the contents lists', () => {
  it('are, from the source: the key findings, each sub-category and its questions, the references', () => {
    const seed = readSeed();
    expect(expected.contents).toEqual(['Key Findings', ...seed.subcategories.flatMap((subcategory) => [subcategory.title, ...subcategory.questions.map((question) => question.indicator)]), 'References']);
  });

  it('read back the same from every edition, the PDF by both readers', async () => {
    expect(readHtmlEdition(editions.html).contents).toEqual(expected.contents);
    expect(readOwnPdfEdition(editions.pdf).contents).toEqual(expected.contents);
    expect((await readPdfEditionWithPdfjs(editions.pdf)).contents).toEqual(expected.contents);
    expect(readDocxEdition(editions.docx).contents).toEqual(expected.contents);
  });

  it('name a DOCX entry that says something else', async () => {
    const files = unzipSync(editions.docx);
    const documentXml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    const entry = /<w:pStyle w:val="TOC2"\/>[\s\S]*?>Complementary Informal Coordination</.exec(documentXml)?.[0];
    if (!entry) throw new Error('no such contents entry');
    files['word/document.xml'] = strToU8(documentXml.replace(entry, entry.replace('>Complementary Informal Coordination<', '>Informal Coordination<')));
    const { chapters, templates } = await compileSample(source);
    const tree = chapters[0]?.tree;
    if (!tree) throw new Error('no chapter');
    expect(await verifyChapter(tree, templates.theme, { docx: zipSync(files) })).toEqual([
      { edition: 'DOCX', message: 'The DOCX edition\'s contents list has “Informal Coordination” where the source has “Complementary Informal Coordination”.' },
    ]);
  });

  it('name an entry missing at the end, one too many, and a list that is not there', () => {
    const read = (contents: readonly string[] | undefined) => compareEdition('PDF', expected, { ...readOwnPdfEdition(editions.pdf), ...(contents ? { contents } : { contents: undefined }) }).map((found) => found.message);
    expect(read(expected.contents)).toEqual([]);
    expect(read(expected.contents.slice(0, -1))).toEqual(['The PDF edition\'s contents list stops before “References”.']);
    expect(read([...expected.contents, 'Annex'])).toEqual(['The PDF edition\'s contents list has “Annex” after its last entry, “References”.']);
    expect(read(undefined)).toEqual(['The PDF edition has no contents list; the source\'s lists “Key Findings” first.']);
  });

  it('take a PDF entry’s words without the page number drawn after them, keeping digits of the title', () => {
    const entry = (id: string): StructNode => ({ role: 'TOCI', children: [{ role: 'Link', children: [{ type: 'content', id }] }] });
    const tree: StructNode = { role: 'Document', children: [{ role: 'H1', children: [{ type: 'content', id: 'h' }] }, { role: 'TOC', children: [entry('a'), entry('b')] }] };
    const page = { contentText: new Map([['h', 'Not an entry 4'], ['a', 'Agenda 2030 12'], ['b', 'Key Findings 3']]) };
    expect(contentsEntries(tree, page)).toEqual(['Agenda 2030', 'Key Findings']);
  });
});
