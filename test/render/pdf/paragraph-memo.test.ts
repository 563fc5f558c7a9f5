/**
 * Paragraphs set once per renderer (src/render/pdf/paragraph-memo.ts): a paragraph set again the
 * same way gets the lines it got before, in its own runs' styles — its own links' targets and notes'
 * numbers (a book's chapter names its destinations after its category and numbers its notes through
 * the book) — and anything its lines depend on (the measure, a style, which runs share a link) sets
 * it anew. A country report rendered after its chapters, its paragraphs found, is the file a fresh
 * renderer makes, and agrees with its source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { presentCountryReport } from '../../../src/present/book.js';
import { present } from '../../../src/present/present.js';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import type { InlineRun, TextStyle } from '../../../src/render/pdf/inline.js';
import { breakParagraph, type Line, type LineBreakOptions } from '../../../src/render/pdf/line-break.js';
import { createParagraphMemo } from '../../../src/render/pdf/paragraph-memo.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import type { Templates } from '../../../src/theme/load-templates.js';
import type { Theme } from '../../../src/theme/theme.js';
import { problemSink, textBlock, type PdfState } from '../../../src/render/pdf/text.js';
import { pdfTags } from '../../../src/vocabulary/pdf.js';
import type { ReportTree } from '../../../src/tree/types.js';
import { verifyCountryReport } from '../../../src/verify/verify.js';
import { compileSampleChapter, defaultTheme } from '../../support/build.js';
import { lineText, themeFonts } from '../../support/lines.js';

const body: TextStyle = { font: 'body-regular', size: 10.5, colour: '#000000' };
const text = (value: string, style: TextStyle = body): InlineRun => ({ kind: 'text', text: value, style });
const destination = (name: string): TextStyle => ({ ...body, link: { kind: 'destination', name, text: 'Abe (2020)' } });
const wording = 'Coordination between ministries is weak, the assessment finds, and the cabinet office has few means to make the ministries work together on reforms that cross their portfolios.';

let fonts: FontSet;
let theme: Theme;
let options: LineBreakOptions;
beforeAll(async () => {
  [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
  options = { fonts, lineHeight: 1.4, firstWidth: 220, restWidth: 220, justify: true, hyphenate: hyphenatorFor('en-US') };
});

/** A paragraph with a citation linked to `target` and a call of note `note` (its number as text). */
function paragraph(target: string, note: number, call = '1'): { runs: InlineRun[]; link: TextStyle; call: TextStyle } {
  const link = destination(target);
  const noteCall: TextStyle = { ...body, size: 7, rise: 3, note };
  return { runs: [text(`${wording} See `), text('Abe (2020)', link), text(`. ${wording}`), text(call, noteCall), text(' More follows.')], link, call: noteCall };
}

const segmentsIn = (lines: readonly Line[]) => lines.flatMap((line) => line.segments);

describe('the paragraph memo', () => {
  it('gives a paragraph set before the same lines, with its own link and note styles', () => {
    const memo = createParagraphMemo();
    const chapter = paragraph('ref-abe-2020', 1);
    const set = memo.breakParagraph(chapter.runs, options);
    const book = paragraph('coordination--ref-abe-2020', 7);
    const found = memo.breakParagraph(book.runs, options);
    expect(memo.counts).toEqual({ found: 1, set: 1 });
    // The same lines as set anew…
    const fresh = breakParagraph(book.runs, options);
    expect(found.lines.map(lineText)).toEqual(fresh.lines.map(lineText));
    expect(found.lines.map((line) => [line.width, line.expansion, line.segments.length])).toEqual(fresh.lines.map((line) => [line.width, line.expansion, line.segments.length]));
    // …each segment in the style of the run it came from, never the first paragraph's.
    const bookStyles = new Set(book.runs.map((piece) => piece.style));
    expect(segmentsIn(found.lines).every((segment) => bookStyles.has(segment.style))).toBe(true);
    const linked = segmentsIn(found.lines).filter((segment) => segment.style.link);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((segment) => segment.style === book.link)).toBe(true);
    expect(segmentsIn(found.lines).find((segment) => segment.style.note !== undefined)?.style).toBe(book.call);
    // The first paragraph's lines are its own still.
    expect(segmentsIn(set.lines).filter((segment) => segment.style.link).every((segment) => segment.style === chapter.link)).toBe(true);
  });

  it('breaks a found paragraph again, for the paginator, in its own styles', () => {
    const memo = createParagraphMemo();
    memo.breakParagraph(paragraph('ref-abe-2020', 1).runs, options);
    const book = paragraph('coordination--ref-abe-2020', 4);
    const found = memo.breakParagraph(book.runs, options);
    const again = found.rebreak(new Set([0]));
    const fresh = breakParagraph(book.runs, options).rebreak(new Set([0]));
    expect(again?.map(lineText)).toEqual(fresh?.map(lineText));
    const bookStyles = new Set(book.runs.map((piece) => piece.style));
    expect(segmentsIn(again ?? []).every((segment) => bookStyles.has(segment.style))).toBe(true);
  });

  it('sets a paragraph anew when what its lines depend on differs', () => {
    const memo = createParagraphMemo();
    const { runs } = paragraph('ref-abe-2020', 1);
    memo.breakParagraph(runs, options);
    memo.breakParagraph(runs, { ...options, firstWidth: 200, restWidth: 200 });
    memo.breakParagraph(runs, { ...options, justify: false });
    memo.breakParagraph(runs, { ...options, hyphenate: hyphenatorFor('de') });
    memo.breakParagraph(runs, { ...options, lineHeight: 1.2 });
    memo.breakParagraph(runs, { ...options, unhyphenatedLines: new Set([0]) });
    memo.breakParagraph(paragraph('ref-abe-2020', 1, '12').runs, options);
    memo.breakParagraph(runs.map((piece) => ({ ...piece, style: { ...piece.style, size: 11 } })), options);
    expect(memo.counts).toEqual({ found: 0, set: 8 });
  });

  it('sets a paragraph anew when any field of a style differs but a link’s target or a note’s number', () => {
    const variants: readonly Partial<TextStyle>[] = [{ font: 'body-bold' }, { colour: '#333333' }, { underline: true }, { url: true }, { code: true }, { actual: 'x' }, { rise: 2 }, { lang: 'de' }, { synthetic: 'bold' }];
    const memo = createParagraphMemo();
    const runsIn = (change: Partial<TextStyle>): InlineRun[] => [text(wording), text(' and more', { ...body, ...change })];
    memo.breakParagraph(runsIn({}), options);
    for (const change of variants) memo.breakParagraph(runsIn(change), options);
    expect(memo.counts).toEqual({ found: 0, set: variants.length + 1 });
    memo.breakParagraph(runsIn({ note: 9 }), options);
    memo.breakParagraph(runsIn({ note: 10 }), options);
    expect(memo.counts.found).toBe(1);
  });

  it('tells runs that share a link from runs with a link each (they join into one segment or not)', () => {
    const memo = createParagraphMemo();
    // A style each, one link: the words join into one segment (one Link element).
    const shared = destination('ref-a').link;
    memo.breakParagraph([text('See '), text('Abe', { ...body, link: shared }), text(' ', { ...body, link: shared }), text('(2020)', { ...body, link: shared })], options);
    const found = memo.breakParagraph([text('See '), text('Abe', destination('ref-b')), text(' ', destination('ref-c')), text('(2020)', destination('ref-d'))], options);
    expect(memo.counts).toEqual({ found: 0, set: 2 });
    expect(segmentsIn(found.lines).filter((segment) => segment.style.link).length).toBe(3);
  });

  it('keeps the paragraphs used last, to its capacity', () => {
    const memo = createParagraphMemo({ paragraphs: 2 });
    const runsOf = (word: string): InlineRun[] => [text(`${word} ${wording}`)];
    memo.breakParagraph(runsOf('One'), options);
    memo.breakParagraph(runsOf('Two'), options);
    memo.breakParagraph(runsOf('One'), options);
    memo.breakParagraph(runsOf('Three'), options);
    memo.breakParagraph(runsOf('One'), options);
    memo.breakParagraph(runsOf('Two'), options);
    expect(memo.counts).toEqual({ found: 2, set: 4 });
  });

  it('keeps no more than its budget of bytes', () => {
    const { runs } = paragraph('ref-abe-2020', 1);
    const starved = createParagraphMemo({ bytes: 1 });
    starved.breakParagraph(runs, options);
    starved.breakParagraph(runs, options);
    expect(starved.counts).toEqual({ found: 0, set: 2 });
    const roomy = createParagraphMemo();
    roomy.breakParagraph(runs, options);
    roomy.breakParagraph(runs, options);
    expect(roomy.counts).toEqual({ found: 1, set: 1 });
  });

  it('hands no renderer another’s lines: the fonts are part of the key', async () => {
    const memo = createParagraphMemo();
    const { runs } = paragraph('ref-abe-2020', 1);
    memo.breakParagraph(runs, options);
    memo.breakParagraph(runs, { ...options, fonts: await themeFonts() });
    expect(memo.counts).toEqual({ found: 0, set: 2 });
  });

  it('restyles the styles the fonts’ coverage makes (a fallback script, a character no font has), never handing back the first paragraph’s', () => {
    const memo = createParagraphMemo();
    const problems: unknown[] = [];
    // Two documents, each with its sink (a sink names a character once).
    const documentState = (): PdfState => ({
      context: { theme, fonts, hyphenate: hyphenatorFor('en-US'), contentWidth: 300, problems: problemSink((problem) => problems.push(problem)), paragraphs: memo },
      style: body,
      indent: 0,
      beside: 0,
      source: undefined,
    });
    // Each paragraph's runs in styles of their own, as each document's handlers make them.
    const runsOf = (target: string): InlineRun[] => [text('The cabinet office (内閣官房) and the \uE000 sign, ', { ...body }), text('Abe (2020)', destination(target)), text(` ${wording}`, { ...body })];
    const first = textBlock(documentState(), runsOf('ref-abe-2020'), { tag: pdfTags.paragraph, align: 'justify' });
    const second = textBlock(documentState(), runsOf('coordination--ref-abe-2020'), { tag: pdfTags.paragraph, align: 'justify' });
    expect(memo.counts).toEqual({ found: 1, set: 1 });
    expect(second.lines.map(lineText)).toEqual(first.lines.map(lineText));
    const firstStyles = new Set(segmentsIn(first.lines).map((segment) => segment.style));
    expect(segmentsIn(second.lines).some((segment) => firstStyles.has(segment.style))).toBe(false);
    expect(segmentsIn(second.lines).some((segment) => segment.style.font.startsWith('fallback'))).toBe(true);
    expect(segmentsIn(second.lines).some((segment) => segment.style.actual === '\uE000')).toBe(true);
    expect(segmentsIn(second.lines).filter((segment) => segment.style.link).every((segment) => segment.style.link?.kind === 'destination' && segment.style.link.name === 'coordination--ref-abe-2020')).toBe(true);
    // Each document is told of the character no font has, found or set.
    expect(problems).toHaveLength(2);
  });
});

describe('a country report rendered after its chapter', () => {
  let tree: ReportTree;
  let templates: Templates;
  beforeAll(async () => {
    ({ tree, templates } = await compileSampleChapter());
  }, 30_000);

  it('is the file a fresh renderer makes, and agrees with its source', async () => {
    if (!templates.fonts) throw new Error('the fonts did not load');
    const fresh = createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator });
    const alone = await fresh.render(presentCountryReport([tree], templates.theme));
    const paragraphs = createParagraphMemo();
    const renderer = createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator, paragraphs });
    await renderer.render(present(tree, templates.theme));
    const setForChapter = paragraphs.counts.set;
    const afterChapter = await renderer.render(presentCountryReport([tree], templates.theme));
    // The chapter's paragraphs found (the book sets only its cover, imprint, contents and opening).
    expect(paragraphs.counts.found).toBeGreaterThan(setForChapter / 2);
    expect(Buffer.from(afterChapter.bytes).equals(Buffer.from(alone.bytes))).toBe(true);
    expect(await verifyCountryReport([tree], templates.theme, { pdf: afterChapter.bytes }, {})).toEqual([]);
  }, 30_000);
});
