/**
 * The agreement check's own PDF reader (src/verify/extract/pdf-tagged.ts, pdf-syntax.ts): on
 * rubricpress's PDFs it reads exactly what pdfjs-dist reads — the sample in both PDF standards,
 * characters from many scripts and compatibility characters, a generated corpus, random paragraphs —
 * it finds a paragraph the PDF lacks, and a file it cannot read goes to pdfjs instead.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../src/corpus/write.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import type { PdfSubset } from '../../src/render/pdf/pdfkit.js';
import type { ReportTree } from '../../src/tree/types.js';
import { countPdfPages, readOwnPdfEdition, readPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { PdfLexer, PdfName, PdfRef, PdfString, textOf, UnsupportedPdf } from '../../src/verify/extract/pdf-syntax.js';
import { readPdfDocument, readPdfEditionWithPdfjs } from '../../src/verify/extract/pdf.js';
import { verifyChapter } from '../../src/verify/verify.js';
import { changedSource, compileSample, removeFolder, replaceOnce, temporaryFolder } from '../support/build.js';

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-pdf-reader-');
});
afterAll(() => removeFolder(folder));

type Compiled = Awaited<ReturnType<typeof compileSample>>;

async function renderAll(compiled: Compiled, subset?: PdfSubset): Promise<Uint8Array[]> {
  const { templates } = compiled;
  if (!templates.fonts) throw new Error('no fonts');
  const renderer = createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator: 'rubricpress test', ...(subset ? { subset } : {}) });
  const trees = compiled.chapters.map((chapter) => chapter.tree).filter((tree): tree is ReportTree => tree !== undefined);
  expect(trees).toHaveLength(compiled.chapters.length);
  const pdfs: Uint8Array[] = [];
  for (const tree of trees) pdfs.push((await renderer.renderChapter(tree)).bytes);
  return pdfs;
}

async function expectSameAsPdfjs(pdfs: readonly Uint8Array[]): Promise<void> {
  for (const bytes of pdfs) {
    const own = readOwnPdfEdition(bytes);
    expect(own.text.length).toBeGreaterThan(500);
    expect(own).toEqual(await readPdfEditionWithPdfjs(bytes));
  }
}

async function compiledWith(edit: (text: string) => string): Promise<Compiled> {
  const source = await changedSource({ 'chapters/japan/coordination.md': edit });
  try {
    return await compileSample(source);
  } finally {
    await removeFolder(source);
  }
}

describe('the agreement check’s PDF reader', () => {
  it('reads the sample as pdfjs does, as PDF/UA and as PDF/A, and counts its pages', async () => {
    const compiled = await compileSample();
    const [universal] = await renderAll(compiled);
    const [archival] = await renderAll(compiled, 'PDF/A-2a');
    if (!universal || !archival) throw new Error('no PDF');
    await expectSameAsPdfjs([universal, archival]);
    expect(readOwnPdfEdition(universal).counts.questions).toBe(5);
    expect(await countPdfPages(universal)).toBe((await readPdfDocument(universal)).pages.length);
  });

  it('reads characters of many scripts, compatibility characters, links and a long paragraph as pdfjs does', async () => {
    const added = [
      'Particles of 5 µm, 10 m² of office space, ½ of the budget, the ™ sign, an ﬁ ligature.',
      'Łódź, Timișoara, Hódmezővásárhely, Ísland, Türkiye, Ελλάδα, Україна, Việt Nam — “quoted” ‘words’ … and a [link across words](https://example.org/a/very/long/path/that/may/break).',
      'A long paragraph of justified text that must break over many lines, with hyphenation at soft hyphens and word spacing. '.repeat(30),
    ].join('\n\n');
    const compiled = await compiledWith(replaceOnce(':::key-findings\n', `:::key-findings\n${added}\n\n`));
    await expectSameAsPdfjs(await renderAll(compiled));
  });

  it('reads random paragraphs as pdfjs does', async () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿĀ-žА-яΑ-ω0-9]{1,14}$/);
    const punctuation = fc.constantFrom('', '', '', ',', '.', ';', ':', '!', '?', '…', '–');
    const styled = fc.tuple(word, punctuation, fc.constantFrom('', '', '', '**', '*', '`')).map(([text, mark, style]) => `${style}${text}${style}${mark}`);
    const paragraph = fc.array(styled, { minLength: 1, maxLength: 120 }).map((words) => words.join(' '));
    const paragraphs = fc.sample(paragraph, { seed: 20261126, numRuns: 40 });
    const compiled = await compiledWith(replaceOnce(':::key-findings\n', `:::key-findings\n${paragraphs.join('\n\n')}\n\n`));
    await expectSameAsPdfjs(await renderAll(compiled));
  });

  it('reads the chapters of a generated corpus as pdfjs does', async () => {
    const corpus = path.join(folder, 'corpus');
    await writeCorpus({ countries: 2, questions: 12, seed: 3 }, corpus);
    const compiled = await compileSample(corpus);
    expect(compiled.chapters.length).toBeGreaterThan(2);
    await expectSameAsPdfjs(await renderAll(compiled));
  });

  it('finds a paragraph the PDF lacks', async () => {
    const compiled = await compileSample();
    const tree = compiled.chapters[0]?.tree;
    if (!tree || !compiled.templates.fonts) throw new Error('no chapter');
    const dropped = 'Until 2009, coordination on the most important policies';
    const without = JSON.parse(JSON.stringify(tree, (_key, value: unknown) => (isParagraphStarting(value, dropped) ? { type: 'paragraph', children: [] } : value))) as ReportTree;
    const renderer = createPdfRenderer({ theme: compiled.templates.theme, fonts: compiled.templates.fonts, generator: 'rubricpress test' });
    const found = await verifyChapter(tree, compiled.templates.theme, { pdf: (await renderer.renderChapter(without)).bytes });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(`The PDF edition lacks this paragraph, which starts “${dropped}`);
  });

  it('leaves a file it cannot read to pdfjs (here, one whose cross-reference table is gone)', async () => {
    const [bytes] = await renderAll(await compileSample());
    if (!bytes) throw new Error('no PDF');
    const text = Buffer.from(bytes).toString('latin1');
    const damaged = Buffer.from(text.replace(/startxref\s+\d+/, 'startxref\n9'), 'latin1');
    expect(() => readOwnPdfEdition(damaged)).toThrow(UnsupportedPdf);
    const read = await readPdfEdition(damaged);
    expect(read).toEqual(readOwnPdfEdition(bytes));
    expect(await countPdfPages(damaged)).toBe(await countPdfPages(bytes));
  });
});

function isParagraphStarting(value: unknown, start: string): boolean {
  if (typeof value !== 'object' || value === null || !('type' in value) || value.type !== 'paragraph' || !('children' in value) || !Array.isArray(value.children)) return false;
  const first: unknown = value.children[0];
  return typeof first === 'object' && first !== null && 'value' in first && typeof first.value === 'string' && first.value.startsWith(start);
}

describe('PDF syntax', () => {
  const values = (source: string) => {
    const lexer = new PdfLexer(Buffer.from(source, 'latin1'));
    const read = [];
    for (let value = lexer.next(); value !== undefined; value = lexer.next()) read.push(value);
    return read;
  };

  it('reads numbers, references, names, booleans and null, skipping comments', () => {
    expect(values('[1 0 R 2 3 -4.5 .5 +7 12 0 R] % a comment\n/A#20B true false null')).toEqual([[new PdfRef(1, 0), 2, 3, -4.5, 0.5, 7, new PdfRef(12, 0)], new PdfName('A B'), true, false, null]);
  });

  it('reads literal strings with escapes and balanced parentheses, and hex strings', () => {
    const [literal, nested, hex, odd] = values('(a\\(b\\)\\\\c\\101\\n) (x(y)z) <48 65 6C 6C 6F> <414>');
    expect(Buffer.from((literal as PdfString).bytes).toString('latin1')).toBe('a(b)\\cA\n');
    expect(Buffer.from((nested as PdfString).bytes).toString('latin1')).toBe('x(y)z');
    expect(Buffer.from((hex as PdfString).bytes).toString('latin1')).toBe('Hello');
    expect([...(odd as PdfString).bytes]).toEqual([0x41, 0x40]);
  });

  it('reads nested dictionaries and text strings in UTF-16', () => {
    const [dict] = values('<< /Type /StructElem /K [0 << /Type /MCR /MCID 3 >>] /ActualText <FEFF00AD> /Alt (plain) >>');
    if (!(dict instanceof Map)) throw new Error('not a dictionary');
    expect(dict.get('Type')).toEqual(new PdfName('StructElem'));
    expect(dict.get('K')).toEqual([0, new Map<string, unknown>([['Type', new PdfName('MCR')], ['MCID', 3]])]);
    expect(textOf(dict.get('ActualText'))).toBe('\u00AD');
    expect(textOf(dict.get('Alt'))).toBe('plain');
  });

  it('refuses what it does not know instead of guessing', () => {
    expect(() => values('<< /A 1 ]')).toThrow(UnsupportedPdf);
    expect(() => values('(never closed')).toThrow(UnsupportedPdf);
  });
});
