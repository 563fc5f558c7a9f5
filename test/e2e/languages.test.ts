/**
 * Words in another language, read back from the files a build writes: a fixture chapter (the sample
 * with `:span[…]{lang=…}` in its key findings and an assessment, one tag written `PL`) is built in
 * every format, the agreement check passing; then the HTML's `<span lang>`, the PDF structure's Spans
 * with /Lang (through the project's reader) and the DOCX runs' `w:lang` are read.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureChapter, removeFolder } from '../support/build.js';
import { child, findAll, readDocx, textOf as docxText } from '../support/docx.js';
import { all, readHtml, textOf as htmlText } from '../support/html.js';
import { readPdf, type PdfReadBack } from '../support/pdf.js';

/** The marked words and their tags (canonical: `PL` is written `pl`), in reading order. */
const spans = [
  { lang: 'pl', text: 'Kancelaria Prezesa Rady Ministrów' },
  { lang: 'ja-Latn', text: 'Naikakufu' },
  { lang: 'de', text: 'Bundeskanzleramt' },
  { lang: 'pl', text: 'odpowiedzialności międzyresortowej' },
];

let folder: string;
let outDir: string;
let pdf: PdfReadBack;

beforeAll(async () => {
  const built = await buildFixtureChapter('languages/coordination.md');
  ({ folder, outDir } = built);
  // The build reads every edition back and compares it with the source, the spans' words included.
  expect(built.diagnostics).toEqual([]);
  expect(built.result.ok).toBe(true);
  pdf = await readPdf(path.join(outDir, 'pdf/japan/coordination.pdf'));
});
afterAll(async () => {
  await removeFolder(folder);
});

describe('languages inside a text', () => {
  it('HTML: each span is a <span lang> around its words', async () => {
    const page = await readHtml(path.join(outDir, 'html/japan/coordination.html'));
    const marked = all(page, 'span[lang]').map((span) => ({ lang: String(span.properties['lang']), text: htmlText(span) }));
    expect(marked).toEqual(spans);
    // The emphasis inside a span stays inside it.
    expect(all(page, 'span[lang="ja-Latn"] > em').map((em) => htmlText(em))).toEqual(['Naikakufu']);
  });

  it('PDF: each span is a Span structure element with its /Lang, the document keeping its own', () => {
    expect(pdf.languages.filter((element) => element.role === 'Span').map(({ lang, text }) => ({ lang, text }))).toEqual(spans);
    expect(pdf.raw).toMatch(/\/Lang \(en-US\)/);
    // The words are in the text layer once, as written.
    for (const span of spans) expect(pdf.text).toContain(span.text);
  });

  it('DOCX: each span’s runs carry w:lang, in the attribute for the script of its words', async () => {
    const docx = await readDocx(path.join(outDir, 'docx/japan/coordination.docx'));
    const runs = findAll(docx.body, 'w:r').flatMap((run) => {
      const language = child(child(run, 'w:rPr') ?? run, 'w:lang');
      return language ? [{ attributes: language.attributes, text: docxText(run) }] : [];
    });
    expect(runs).toEqual([
      { attributes: { 'w:val': 'pl' }, text: spans[0]?.text },
      { attributes: { 'w:val': 'ja-Latn' }, text: 'Naikakufu' },
      { attributes: { 'w:val': 'de' }, text: 'Bundeskanzleramt' },
      { attributes: { 'w:val': 'pl' }, text: spans[3]?.text },
    ]);
  });
});
