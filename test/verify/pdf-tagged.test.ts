/**
 * The agreement check's own PDF reader (src/verify/extract/pdf-tagged.ts, pdf-syntax.ts): on
 * rubricpress's PDFs it reads exactly what pdfjs-dist reads — the sample in both PDF standards,
 * characters from many scripts and compatibility characters, a generated corpus, random paragraphs —
 * it finds a paragraph the PDF lacks, and a file it cannot read goes to pdfjs instead.
 */
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../tools/corpus/write.js';
import { present } from '../../src/present/present.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import type { PdfSubset } from '../../src/render/pdf/pdfkit.js';
import type { ReportTree } from '../../src/tree/types.js';
import { countPdfPages, readOwnPdfEdition, readPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { isStructNode, type StructNode } from '../../src/verify/extract/pdf-structure.js';
import { PdfFile, PdfKeyword, PdfLexer, PdfName, PdfRef, PdfStreamTooLarge, PdfString, textOf, UnsupportedPdf } from '../../src/verify/extract/pdf-syntax.js';
import { readTaggedPdf } from '../../src/verify/extract/pdf-tagged.js';
import { readPdfDocument, readPdfEditionWithPdfjs } from '../../src/verify/extract/pdf.js';
import { verifyChapter } from '../../src/verify/verify.js';
import { changedSource, compileSample, compileSampleChapter, projectRoot, removeFolder, replaceOnce, temporaryFolder } from '../support/build.js';
import { replaceParagraph } from '../support/trees.js';

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
  for (const tree of trees) pdfs.push((await renderer.render(present(tree, templates.theme))).bytes);
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
      // Combining marks without a precomposed form: pdfkit draws a mark with an offset at its own position.
      'Marks: aq\u0307ua mix\u0331ed and sm\u0302all, n\u0303o and o\u0323\u0301.',
      'A long paragraph of justified text that must break over many lines, with hyphenation at soft hyphens and word spacing. '.repeat(30),
    ].join('\n\n');
    const compiled = await compiledWith(replaceOnce(':::key-findings\n', `:::key-findings\n${added}\n\n`));
    const pdfs = await renderAll(compiled);
    await expectSameAsPdfjs(pdfs);
    expect(readOwnPdfEdition(pdfs[0] ?? new Uint8Array()).text).toContain('aq\u0307ua mix\u0331ed and sm\u0302all');
    // The long paragraph runs over a page break: an element with marked content on two pages was read.
    const spansPages = (node: StructNode): boolean => {
      const pages = new Set(node.children.flatMap((child) => (isStructNode(child) || child.type !== 'content' ? [] : [child.id.split(':')[0]])));
      return pages.size > 1 || node.children.some((child) => isStructNode(child) && spansPages(child));
    };
    expect(spansPages(readTaggedPdf(pdfs[0] ?? new Uint8Array()).root)).toBe(true);
  });

  it('reads random paragraphs as pdfjs does', async () => {
    // Letters only: U+03A2 between Ρ and Σ is no character (a font draws it as a box).
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿĀ-žА-яΑ-ΡΣ-ω0-9]{1,14}$/);
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
    const compiled = await compileSampleChapter();
    const { tree } = compiled;
    if (!compiled.templates.fonts) throw new Error('the templates have no fonts');
    const dropped = 'Until 2009, coordination on the most important policies';
    const without = replaceParagraph(tree, dropped, () => [{ type: 'paragraph', children: [] }]);
    const renderer = createPdfRenderer({ theme: compiled.templates.theme, fonts: compiled.templates.fonts, generator: 'rubricpress test' });
    const found = await verifyChapter(tree, compiled.templates.theme, { pdf: (await renderer.render(present(without, compiled.templates.theme))).bytes });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(`The PDF edition lacks this paragraph, which starts “${dropped}`);
  });

  it('finds a character drawn as an empty box (.notdef), though the text layer has it', async () => {
    const compiled = await compileSampleChapter();
    const { tree } = compiled;
    if (!compiled.templates.fonts) throw new Error('the templates have no fonts');
    const start = 'Until 2009, coordination on the most important policies';
    // Ethiopic: in none of the theme's fonts; the renderer tags it with its actual text.
    const boxed = replaceParagraph(tree, start, () => [{ type: 'paragraph', children: [{ type: 'text', value: `${start} (ሰላም).` }] }]);
    const renderer = createPdfRenderer({ theme: compiled.templates.theme, fonts: compiled.templates.fonts, generator: 'rubricpress test' });
    const bytes = (await renderer.render(present(boxed, compiled.templates.theme))).bytes;
    expect(readOwnPdfEdition(bytes).text).toContain(`${start} (ሰላም).`);
    const found = await verifyChapter(boxed, compiled.templates.theme, { pdf: bytes });
    expect(found.map((disagreement) => disagreement.message)).toEqual([expect.stringContaining('draws 3 characters as an empty box')]);
    // Boxes for characters the theme's fonts lack are the glyph-missing warnings' to report, not a disagreement;
    // where the chapter's text has no such character, they are one.
    const ethiopic = (character: string) => /\p{Script=Ethiopic}/u.test(character);
    expect(await verifyChapter(boxed, compiled.templates.theme, { pdf: bytes }, { lacksGlyph: ethiopic })).toEqual([]);
    expect(await verifyChapter(boxed, compiled.templates.theme, { pdf: bytes }, { lacksGlyph: (character) => character === '€' })).toHaveLength(1);
  });

  it('leaves out text drawn off the page, as pdfjs does', async () => {
    const font = await readFile(path.join(projectRoot, 'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'));
    const document = new PDFDocument({ size: 'A4', tagged: true, compress: true, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => document.on('end', resolve));
    document.font(font);
    const section = document.struct('Sect');
    document.addStructure(section);
    const paragraph = (text: string, x: number, y: number) => document.struct('P', {}, () => document.text(text, x, y, { lineBreak: false }));
    section.add(paragraph('Drawn on the page.', 72, 72));
    section.add(paragraph('Pushed off the page.', 900, 100));
    section.add(paragraph('Back on it.', 72, 200));
    section.end();
    document.end();
    await ended;
    const bytes = Buffer.concat(chunks);
    const { offPage, ...own } = readOwnPdfEdition(bytes);
    expect(own.text).toBe('Drawn on the page. Back on it.');
    expect(own).toEqual(await readPdfEditionWithPdfjs(bytes));
    // Counted, so that the check refuses them: an actual text over them (a right-to-left run's) would read as if they were there.
    // Its letters and full stop, "ff" one glyph (the font's ligature).
    expect(offPage).toBe('Pushedoffthepage.'.length - 1);
    const [sample] = await renderAll(await compileSample());
    if (!sample) throw new Error('no PDF');
    expect(readOwnPdfEdition(sample).offPage).toBeUndefined();
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

  it('gives pdfjs no file with a stream that inflates past its bound: the check says it cannot read it, once', async () => {
    const compiled = await compileSample();
    const [bytes] = await renderAll(compiled);
    const tree = compiled.chapters[0]?.tree;
    if (!bytes || !tree) throw new Error('no PDF');
    // The first page's content stream made a deflate bomb (some 70 KB inflating to 70 MB), the cross-reference table written anew.
    const contents = firstPageContents(bytes);
    // The file written anew around the same content (deflated again, less tightly) reads as before.
    const same = withStreamReplaced(bytes, contents, deflateSync(new PdfFile(bytes).stream(new PdfRef(contents, 0)), { level: 1 }));
    expect(Buffer.from(same).equals(Buffer.from(bytes))).toBe(false);
    expect(readOwnPdfEdition(same)).toEqual(readOwnPdfEdition(bytes));
    const bomb = withStreamReplaced(bytes, contents, deflateSync(Buffer.alloc(70 * 1024 * 1024)));
    expect(() => readOwnPdfEdition(bomb)).toThrow(PdfStreamTooLarge);
    await expect(readPdfEdition(bomb)).rejects.toThrow(PdfStreamTooLarge);
    const found = await verifyChapter(tree, compiled.templates.theme, { pdf: bomb });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/^The PDF edition cannot be read: Stream \d+ inflates to more than 64 MB/);
    // A stream read again and again counts each time: the file's streams are bounded together.
    const counted = withStreamReplaced(bytes, contents, deflateSync(Buffer.alloc(4 * 1024 * 1024)));
    const file = new PdfFile(counted, 10 * 1024 * 1024);
    expect(file.stream(new PdfRef(contents, 0))).toHaveLength(4 * 1024 * 1024);
    expect(file.stream(new PdfRef(contents, 0))).toHaveLength(4 * 1024 * 1024);
    expect(() => file.stream(new PdfRef(contents, 0))).toThrow(/inflate to more than 10 MB in all/);
    expect(() => file.stream(new PdfRef(contents, 0))).toThrow(PdfStreamTooLarge);
    // A file its own build wrote is never left to pdfjs: a stream of two filters (a bomb in a bomb) is one disagreement, uninflated.
    const twice = withObjectEdited(same, contents, (dictionary) => dictionary.replace('/Filter /FlateDecode', '/Filter [/FlateDecode /FlateDecode]'));
    expect(twice.length).toBe(same.length + '[ /FlateDecode]'.length);
    expect(() => readOwnPdfEdition(twice)).toThrow(UnsupportedPdf);
    const refused = await verifyChapter(tree, compiled.templates.theme, { pdf: twice }, { writtenHere: true });
    expect(refused.map((disagreement) => disagreement.message)).toEqual([expect.stringMatching(/^The PDF edition cannot be read by rubricpress's own reader: .*filter.*--no-cache/)]);
  });

  it('leaves a file whose stream lengths are off to pdfjs, instead of failing', async () => {
    const [bytes] = await renderAll(await compileSample());
    if (!bytes) throw new Error('no PDF');
    const text = Buffer.from(bytes).toString('latin1');
    // One stream's length one byte short, written with as many digits (the objects do not move): the
    // first length that does not end in 0.
    let shortened = false;
    const damaged = Buffer.from(
      text.replace(/\/Length (\d+)(?=[\s\S]*?stream)/g, (whole, digits: string) => {
        if (shortened || Number(digits) % 10 === 0) return whole;
        shortened = true;
        return `/Length ${String(Number(digits) - 1)}`;
      }),
      'latin1',
    );
    expect(damaged.equals(Buffer.from(bytes))).toBe(false);
    expect(() => readOwnPdfEdition(damaged)).toThrow(UnsupportedPdf);
    expect(await readPdfEdition(damaged)).toEqual(await readPdfEditionWithPdfjs(damaged));
  });
});

describe('PDF syntax', () => {
  const values = (source: string) => {
    const lexer = new PdfLexer(Buffer.from(source, 'latin1'));
    const read = [];
    for (let value = lexer.next(); value !== undefined; value = lexer.next()) read.push(value);
    return read;
  };

  it('reads numbers, references, names, booleans and null, skipping comments', () => {
    expect(values('[1 0 R 2 3 -4.5 .5 +7 12 0 R] % a comment\n/A#20B true false null')).toEqual([[new PdfRef(1, 0), 2, 3, -4.5, 0.5, 7, new PdfRef(12, 0)], new PdfName('A B'), true, false, null]);
    expect(values('-.5 3. 0 0 RG 1 0 Rx')).toEqual([-0.5, 3, 0, 0, new PdfKeyword('RG'), 1, 0, new PdfKeyword('Rx')]);
    // A `#` without two hex digits stays itself, and does not swallow the next name.
    expect(values('/A#2 /B#zz')).toEqual([new PdfName('A#2'), new PdfName('B#zz')]);
  });

  it('reads a short name or keyword met before as the same value, and names with # or past six bytes afresh', () => {
    const first = values('/F1 /Span /ABCDEF /ABCDEFG /A#42 /AB BT Tj true null false');
    const again = values('/F1 /Span /ABCDEF /ABCDEFG /A#42 /AB BT Tj true null false /A');
    expect(again.slice(0, -1)).toEqual(first);
    expect(first.map((value) => (value instanceof PdfName ? value.name : value instanceof PdfKeyword ? value.word : value))).toEqual(['F1', 'Span', 'ABCDEF', 'ABCDEFG', 'AB', 'AB', 'BT', 'Tj', true, null, false]);
    expect(again[0]).toBe(first[0]);
    // Six bytes are shared; seven, or a #, are not.
    expect(again[2]).toBe(first[2]);
    expect(again[3]).not.toBe(first[3]);
    expect(again[4]).not.toBe(first[4]);
    expect(again[6]).toBe(first[6]);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(Object.isFrozen(first[6])).toBe(true);
    // `/A` is not `/A#42` cut short, nor `/AB`.
    expect(again.at(-1)).toEqual(new PdfName('A'));
  });

  it('reads literal strings with escapes and balanced parentheses, and hex strings', () => {
    const [literal, nested, hex, odd] = values('(a\\(b\\)\\\\c\\101\\n) (x(y)z) <48 65 6C 6C 6F> <414>');
    expect(Buffer.from((literal as PdfString).bytes).toString('latin1')).toBe('a(b)\\cA\n');
    expect(Buffer.from((nested as PdfString).bytes).toString('latin1')).toBe('x(y)z');
    expect(Buffer.from((hex as PdfString).bytes).toString('latin1')).toBe('Hello');
    const [lines] = values('(one\r\ntwo\rthree)');
    expect(Buffer.from((lines as PdfString).bytes).toString('latin1')).toBe('one\ntwo\nthree');
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
    expect(() => values('['.repeat(100))).toThrow(UnsupportedPdf);
  });

  it('reads a file with a CRLF after "stream" and an indirect length', () => {
    const file = new PdfFile(handWrittenPdf(['<< /Type /Catalog >>', '<< /Length 3 0 R >>\r\nstream\r\nBT ET\nendstream', '5']));
    expect(Buffer.from(file.stream(new PdfRef(2, 0))).toString('latin1')).toBe('BT ET');
    expect(file.resolve(new PdfRef(3, 0))).toBe(5);
  });

  it('reads into a form XObject (a book’s page furniture), but leaves a form that draws itself to pdfjs', () => {
    // A form naming itself would be read for ever: past a few levels the page is pdfjs's.
    const content = '/Fm1 Do';
    expect(() => readTaggedPdf(pageDrawingForm(content, content, '/Resources << /XObject << /Fm1 5 0 R >> >>'))).toThrow(/too deep/);
    expect(readTaggedPdf(pageDrawingForm(content, '')).contentText.size).toBe(0);
    // Drawn many times over, or holding structure of its own (rubricpress's forms are furniture): left to pdfjs.
    expect(() => readTaggedPdf(pageDrawingForm('/Fm1 Do\n'.repeat(100), ''))).toThrow(/More form XObjects/);
    expect(() => readTaggedPdf(pageDrawingForm(content, '/P << /MCID 0 >> BDC EMC'))).toThrow(/MCID inside a form/);
  });
});

/** A one-page PDF whose page (its content `content`) can draw the form /Fm1 (its content `form`, its dictionary's other entries `entries`). */
function pageDrawingForm(content: string, form: string, entries = ''): Uint8Array {
  return handWrittenPdf([
    '<< /Type /Catalog /Pages 2 0 R /StructTreeRoot << /K [] >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /XObject << /Fm1 5 0 R >> >> >>',
    `<< /Length ${String(content.length)} >>\nstream\n${content}\nendstream`,
    `<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] ${entries} /Length ${String(form.length)} >>\nstream\n${form}\nendstream`,
  ]);
}

/** A PDF of the given objects (numbered from 1, the first the catalog), with a correct cross-reference table. */
function handWrittenPdf(objects: readonly string[]): Uint8Array {
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${String(index + 1)} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The object number of the first page's (first) content stream. */
function firstPageContents(bytes: Uint8Array): number {
  const file = new PdfFile(bytes);
  const page = [...readTaggedPdf(bytes).pageNumbers].find(([, number]) => number === 1)?.[0];
  const contents = page === undefined ? undefined : file.dict(new PdfRef(page, 0))?.get('Contents');
  const ref = Array.isArray(contents) ? contents[0] : contents;
  if (!(ref instanceof PdfRef)) throw new Error('no content stream');
  return ref.num;
}

/** The PDF with object `num`'s stream data (and /Length) replaced, its cross-reference table written anew. */
function withStreamReplaced(bytes: Uint8Array, num: number, data: Uint8Array): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const objectStart = objectAt(text, num);
  const streamStart = text.indexOf('stream\n', objectStart) + 'stream\n'.length;
  const streamEnd = text.indexOf('\nendstream', streamStart);
  const head = text.slice(objectStart, streamStart).replace(/\/Length \d+/, `/Length ${String(data.length)}`);
  return withTableAnew(Buffer.concat([Buffer.from(text.slice(0, objectStart) + head, 'latin1'), data, Buffer.from(text.slice(streamEnd), 'latin1')]));
}

/** The PDF with `edit` made to object `num`'s dictionary (before its stream), its cross-reference table written anew. */
function withObjectEdited(bytes: Uint8Array, num: number, edit: (dictionary: string) => string): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const objectStart = objectAt(text, num);
  const streamStart = text.indexOf('stream\n', objectStart);
  return withTableAnew(Buffer.from(text.slice(0, objectStart) + edit(text.slice(objectStart, streamStart)) + text.slice(streamStart), 'latin1'));
}

/** Where object `num` starts in the file's text. */
function objectAt(text: string, num: number): number {
  return text.search(new RegExp(`(?<=[\\r\\n])${String(num)} 0 obj`));
}

/** The file's last cross-reference table and trailer written anew for where its objects now are. */
function withTableAnew(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const table = text.lastIndexOf('\nxref\n') + 1;
  const body = bytes.subarray(0, table);
  const offsets = new Map<number, number>();
  for (const match of body.toString('latin1').matchAll(/(?<=[\r\n])(\d+) 0 obj/g)) offsets.set(Number(match[1]), match.index);
  const count = Math.max(...offsets.keys()) + 1;
  const entries = Array.from({ length: count }, (_unused, index) => (index === 0 ? '0000000000 65535 f \n' : `${String(offsets.get(index) ?? 0).padStart(10, '0')} 00000 n \n`));
  const trailer = text.slice(text.indexOf('trailer', table), text.lastIndexOf('startxref'));
  return Buffer.concat([body, Buffer.from(`xref\n0 ${String(count)}\n${entries.join('')}${trailer}startxref\n${String(body.length)}\n%%EOF\n`, 'latin1')]);
}
