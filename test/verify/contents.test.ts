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
import { contentsEntryTexts, contentsPageProblems, contentsTitles, headingPages, type StructNode } from '../../src/verify/extract/pdf-structure.js';
import { readTaggedPdf } from '../../src/verify/extract/pdf-tagged.js';
import type { Theme } from '../../src/theme/theme.js';
import type { ReportTree } from '../../src/tree/types.js';
import { verifyChapter } from '../../src/verify/verify.js';
import { buildInto, changedSource, compileSampleChapter, outputBeside, removeFolder, temporaryFolder } from '../support/build.js';
import { readPdf } from '../support/pdf.js';
import { readSeed } from '../support/seed.js';

let source: string;
let tree: ReportTree;
let theme: Theme;
let expected: ExpectedChapter;
/** The sample's PDF and DOCX, to read back changed. */
let samplePdf: Uint8Array;
let sampleDocx: Uint8Array;

beforeAll(async () => {
  // With a consolidated reference list, so that every kind of entry is there.
  source = await changedSource({ 'chapters/japan/coordination.md': (text) => `${text.trimEnd()}\n\n::references\n` });
  const out = outputBeside(source);
  const built = await buildInto(out, { sourceDir: source, formats: ['html', 'pdf', 'docx'] });
  expect(built.result.ok).toBe(true);
  ({ tree, templates: { theme } } = await compileSampleChapter(source));
  expected = expectedChapter(tree, theme);
  samplePdf = new Uint8Array(await readFile(path.join(out, 'pdf/japan/coordination.pdf')));
  sampleDocx = new Uint8Array(await readFile(path.join(out, 'docx/japan/coordination.docx')));
}, 60_000);
afterAll(() => removeFolder(source));

/** Each edition in `out` read back, the PDF by both readers: every contents list is `contents`. */
async function expectContentsInEveryEdition(out: string, contents: readonly string[]): Promise<void> {
  const pdf = new Uint8Array(await readFile(path.join(out, 'pdf/japan/coordination.pdf')));
  expect(readHtmlEdition(await readFile(path.join(out, 'html/japan/coordination.html'), 'utf8')).contents).toEqual(contents);
  expect(readOwnPdfEdition(pdf).contents).toEqual(contents);
  expect((await readPdfEditionWithPdfjs(pdf)).contents).toEqual(contents);
  expect(readDocxEdition(new Uint8Array(await readFile(path.join(out, 'docx/japan/coordination.docx')))).contents).toEqual(contents);
}

/** The sample's DOCX with its word/document.xml changed. */
function withDocumentXml(change: (xml: string) => string): Uint8Array {
  const files = unzipSync(sampleDocx);
  const documentXml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
  const changed = change(documentXml);
  expect(changed).not.toBe(documentXml);
  files['word/document.xml'] = strToU8(changed);
  return zipSync(files);
}

describe('the contents lists', () => {
  it('are, from the source: the key findings, each sub-category and its questions, the references', () => {
    const seed = readSeed();
    expect(expected.contents).toEqual(['Key Findings', ...seed.subcategories.flatMap((subcategory) => [subcategory.title, ...subcategory.questions.map((question) => question.indicator)]), 'References']);
  });

  it('read back the same from every edition, the PDF by both readers', async () => {
    await expectContentsInEveryEdition(outputBeside(source), expected.contents);
  });

  it('name a DOCX entry that says something else', async () => {
    const docx = withDocumentXml((xml) => xml.replace(/(<w:pStyle w:val="TOC2"\/>[\s\S]*?>)Complementary Informal Coordination</, '$1Informal Coordination<'));
    expect(await verifyChapter(tree, theme, { docx })).toEqual([
      { edition: 'DOCX', message: 'The DOCX edition\'s contents list has “Informal Coordination” where the source has “Complementary Informal Coordination”.' },
    ]);
  });

  it('name an entry missing at the end, one too many, a list that is not there and one the source does not give', () => {
    const read = (contents: readonly string[] | undefined, of = expected) => compareEdition('PDF', of, { ...readOwnPdfEdition(samplePdf), contents }).map((found) => found.message);
    expect(read(expected.contents)).toEqual([]);
    expect(read(expected.contents.slice(0, -1))).toEqual(['The PDF edition\'s contents list stops before “References”.']);
    expect(read([...expected.contents, 'Annex'])).toEqual(['The PDF edition\'s contents list has “Annex” after its last entry, “References”.']);
    expect(read(undefined)).toEqual(['The PDF edition has no contents list; the source lists “Key Findings” first.']);
    expect(read(['Annex'], { ...expected, contents: [] })).toEqual(['The PDF edition has a contents list (“Annex”, …) where the source gives none.']);
  });

  it('read a PDF entry as drawn, not by its link’s actual text, its page number left off and the digits of its title kept', () => {
    const entry = (...ids: string[]): StructNode => ({ role: 'TOCI', children: [{ role: 'Link', alt: 'What the renderer meant 9', children: ids.map((id) => ({ type: 'content' as const, id })) }] });
    const tree: StructNode = { role: 'Document', children: [{ role: 'H1', children: [{ type: 'content', id: 'h' }] }, { role: 'TOC', children: [entry('a'), entry('b1', 'b2')] }] };
    const page = { contentText: new Map([['h', 'Not an entry 4'], ['a', 'Agenda 2030 12'], ['b1', 'Key'], ['b2', ' Findings 3']]) };
    const drawn = contentsEntryTexts(tree, page);
    expect(drawn).toEqual(['Agenda 2030 12', 'Key Findings 3']);
    expect(contentsTitles(drawn)).toEqual({ contents: ['Agenda 2030', 'Key Findings'] });
  });

  it('join a PDF entry cut by a page break (read page by page, it comes as two), and name one without a page number', () => {
    expect(contentsTitles(['Effective Coordination Mechanisms within', 'the Ministerial Bureaucracy 5', 'References 9'])).toEqual({
      contents: ['Effective Coordination Mechanisms within the Ministerial Bureaucracy', 'References'],
    });
    expect(contentsTitles(['Key Findings 3', 'References'])).toEqual({ contents: ['Key Findings', 'References'], problems: ['The PDF edition\'s contents entry “References” shows no page number.'] });
    expect(contentsTitles([])).toEqual({});
  });

  it('read a DOCX entry that Word has updated: its page number after a tab left off', () => {
    const pageNumber = '<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
    const updated = withDocumentXml((xml) => xml.replace(/(<w:pStyle w:val="TOC[12]"\/>[\s\S]*?<\/w:hyperlink>)/g, `$1${pageNumber}`));
    expect(readDocxEdition(updated).contents).toEqual(expected.contents);
  });
});

describe('contents entries whose titles end in digits, and long enough to run over pages', () => {
  let long: string;
  beforeAll(async () => {
    // Indicator titles ending in digits, and long ones: the PDF's contents list runs over two pages and an entry is cut there.
    const filler = Array.from({ length: 12 }, () => 'in Ministries, Agencies, Councils and Regional Authorities across the Whole of Government').join(' ');
    long = await changedSource({
      'codebook.yaml': (text) =>
        text
          .replace('indicator: Complementary Informal Coordination', 'indicator: Complementary Informal Coordination 2030')
          .replace(/indicator: (Effective(?:ly)? [^\n"]+)/g, (_whole, title: string) => `indicator: ${title} ${filler}`),
      'chapters/japan/coordination.md': (text) => `${text.trimEnd()}\n\n::references\n`,
    });
  });
  afterAll(() => removeFolder(long));

  it('reads them back whole from every edition, the PDF by both readers', async () => {
    const out = outputBeside(long);
    const built = await buildInto(out, { sourceDir: long, formats: ['html', 'pdf', 'docx'] });
    expect(built.diagnostics).toEqual([]);
    expect(built.result.ok).toBe(true);
    const compiled = await compileSampleChapter(long);
    const contents = expectedChapter(compiled.tree, compiled.templates.theme).contents;
    expect(contents).toContain('Complementary Informal Coordination 2030');
    const pdf = new Uint8Array(await readFile(path.join(out, 'pdf/japan/coordination.pdf')));
    // The contents list runs over two pages and an entry is cut: read page by page, there is one entry more than there are.
    const drawnByPage = (await readPdf(pdf)).textsOf('TOCI');
    expect(drawnByPage).toHaveLength(contents.length + 1);
    await expectContentsInEveryEdition(out, contents);
  }, 60_000);
});

describe('the PDF contents list’s page numbers', () => {
  const headings = [
    { text: 'Japan: Coordination', page: 3 },
    { text: 'Key Findings', page: 3 },
    { text: 'Quality of Horizontal Coordination', page: 4 },
    { text: 'Key Findings', page: 12 },
  ];

  it('lead to the pages their headings stand on, a heading named twice found in reading order', () => {
    expect(contentsPageProblems(['Japan: Coordination 3', 'Key Findings 3', 'Quality of Horizontal', 'Coordination 4', 'Key Findings 12'], headings)).toEqual([]);
  });

  it('a number that points at another page is a problem, named with both pages', () => {
    expect(contentsPageProblems(['Japan: Coordination 3', 'Key Findings 3', 'Quality of Horizontal Coordination 5', 'Key Findings 3'], headings)).toEqual([
      'The PDF edition\'s contents entry “Quality of Horizontal Coordination” gives page 5; the heading stands on page 4.',
      'The PDF edition\'s contents entry “Key Findings” gives page 3; the heading stands on page 12.',
    ]);
  });

  it('the sample chapter’s PDF: every number right, and a shifted number found by the reader', async () => {
    const out = await temporaryFolder();
    const built = await buildInto(out, { formats: ['pdf'] });
    expect(built.result.ok).toBe(true);
    const bytes = new Uint8Array(await readFile(path.join(out, 'pdf/japan/coordination.pdf')));
    await removeFolder(out);
    expect(readOwnPdfEdition(bytes).problems ?? []).toEqual([]);
    const pdf = readTaggedPdf(bytes);
    const found = headingPages(pdf.root, pdf, pdf.pageNumbers);
    const drawn = contentsEntryTexts(pdf.root, pdf);
    const shifted = drawn.map((entry) => entry.replace(/ (\d+)$/, (_whole, page: string) => ` ${String(Number(page) + 1)}`));
    expect(contentsPageProblems(drawn, found)).toEqual([]);
    expect(contentsPageProblems(shifted, found).length).toBe(drawn.filter((entry) => / \d+$/.test(entry)).length);
  }, 30_000);
});
