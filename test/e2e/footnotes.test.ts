/**
 * Footnotes in all three editions, read back from the files a build writes: a fixture chapter (the
 * sample with four calls of three notes, one of them called twice and one long enough to run on to
 * the next page) is built in every format, the agreement check passing; then each edition is read as
 * its readers get it — the PDF's tagged text layer page by page, the DOCX's footnotes part, the HTML's
 * notes and links both ways.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { buildFixtureChapter, outputBeside, removeFolder, templatesDir } from '../support/build.js';
import { find, findAll, readDocx, textOf as docxText } from '../support/docx.js';
import { all, one, readHtml, textOf as htmlText } from '../support/html.js';
import { readPdf, type PdfReadBack } from '../support/pdf.js';

const notes = {
  rank: 'Ranks compare the 30 countries of the sample; a lower number is a better rank.',
  reform: 'The Central Government Reform of January 2001 merged 22 ministries and agencies into 13 and created the Cabinet Office (Makihara 2009).',
  council: 'The Council on Economic and Fiscal Policy (Keizai Zaisei Shimon Kaigi) is chaired by the prime minister',
  councilEnd: 'and the growth strategy has moved to other councils under the prime minister.',
};

let folder: string;
let outDir: string;
let pdf: PdfReadBack;

beforeAll(async () => {
  const built = await buildFixtureChapter('notes/coordination.md');
  ({ folder, outDir } = built);
  // The build reads every edition back and compares it with the source, footnotes included.
  expect(built.diagnostics).toEqual([]);
  expect(built.result.ok).toBe(true);
  pdf = await readPdf(path.join(outDir, 'pdf/japan/coordination.pdf'));
});
afterAll(async () => {
  await removeFolder(folder);
});

describe('footnotes in print', () => {
  it('tags each call a Reference holding a Link to its Note, and each note a Note', () => {
    expect(pdf.textsOf('Reference')).toEqual(['1', '2', '3', '2']);
    const noteTexts = pdf.textsOf('Note');
    // The long note runs on to the next page: the same Note, read on two pages.
    expect(noteTexts).toHaveLength(4);
    expect(noteTexts[0]).toBe(notes.rank);
    expect(noteTexts[1]).toContain(notes.reform);
    expect(noteTexts[2]).toContain(notes.council);
    expect(noteTexts[3]).toContain(notes.councilEnd);
    // The notes are not read inside the running text.
    const paragraphs = pdf.textsOf('P').join(' ');
    expect(paragraphs).not.toContain(notes.rank);
  });

  it('sets each note on the page of its first call, and runs a long one on to the next page', () => {
    for (const number of [1, 2, 3]) {
      const destination = `note-${String(number)}`;
      const calls = pdf.links.filter((link) => link.destination === destination);
      expect(calls.length).toBe(number === 2 ? 2 : 1);
      expect(pdf.destinationPages.get(destination)).toBe(calls[0]?.page);
    }
    const notePage = pdf.destinationPages.get('note-3') ?? 0;
    const pageOf = (text: string): number => pdf.pageTexts.findIndex((page) => page.includes(text)) + 1;
    expect(pageOf(notes.council)).toBe(notePage);
    expect(pageOf(notes.councilEnd)).toBe(notePage + 1);
  });
});

describe('footnotes in Word', () => {
  it('are Word footnotes, each referenced from the text, a second call in the reference style', async () => {
    const docx = await readDocx(path.join(outDir, 'docx/japan/coordination.docx'));
    const footnotes = find(docx.xml('word/footnotes.xml'), 'w:footnote').filter((note) => note.attributes['w:type'] === undefined);
    expect(footnotes.map((note) => note.attributes['w:id'])).toEqual(['1', '2', '3']);
    expect(docxText(footnotes[0] ?? docx.body)).toContain(notes.rank);
    expect(docxText(footnotes[1] ?? docx.body)).toContain(notes.reform);
    expect(docxText(footnotes[2] ?? docx.body)).toContain(notes.councilEnd);
    // Word numbers the note itself (its footnoteRef), in the footnote text style.
    expect(findAll(footnotes[0] ?? docx.body, 'w:footnoteRef')).toHaveLength(1);
    expect(findAll(footnotes[0] ?? docx.body, 'w:pStyle').map((style) => style.attributes['w:val'])).toEqual(['FootnoteText']);
    const references = findAll(docx.body, 'w:footnoteReference').map((reference) => reference.attributes['w:id']);
    expect(references).toEqual(['1', '2', '3']);
    const styledCalls = findAll(docx.body, 'w:r').filter((run) => findAll(run, 'w:rStyle').some((style) => style.attributes['w:val'] === 'FootnoteReference'));
    expect(styledCalls.map((run) => docxText(run))).toEqual(['', '', '', '2']);
    // A footnote's link keeps its relationship in the footnotes part.
    expect([...docx.relationships('word/footnotes.xml').values()].map((relationship) => relationship.target)).toContain('https://www.kantei.go.jp/jp/singi/gyokaku/index.html');
  });
});

describe('footnotes on the web', () => {
  it('are listed after the chapter, linked both ways', async () => {
    const page = await readHtml(path.join(outDir, 'html/japan/coordination.html'));
    const section = one(page, 'section.footnotes');
    expect(htmlText(one(section, 'h2'))).toBe('Notes');
    const items = all(section, 'ol > li.footnote');
    expect(items.map((item) => item.properties['id'])).toEqual(['note-1', 'note-2', 'note-3']);
    expect(htmlText(items[0] ?? section)).toContain(notes.rank);
    // Every call links to its note; every note links back to each of its calls.
    const calls = all(page, 'sup.note-call > a');
    expect(calls.map((call) => [htmlText(call), call.properties['href']])).toEqual([
      ['1', '#note-1'],
      ['2', '#note-2'],
      ['3', '#note-3'],
      ['2', '#note-2'],
    ]);
    const callIds = new Set(calls.map((call) => String(call.properties['id'])));
    const backlinks = all(section, 'a.note-backlink').map((link) => String(link.properties['href']).slice(1));
    expect(backlinks).toHaveLength(4);
    for (const target of backlinks) expect(callIds.has(target)).toBe(true);
    // The notes come after the chapter's last section, the references.
    const article = one(page, 'article.report');
    const sections = article.children.filter((child) => child.type === 'element' && child.tagName === 'section');
    expect(sections.at(-1)).toBe(section);
  });
});

describe('footnotes with SGI’s order of a question’s parts and the labels in capitals', () => {
  it('builds all three editions in agreement, a note running on past the end of the question that calls it', async () => {
    const templates = path.join(folder, 'templates');
    await cp(templatesDir, templates, { recursive: true });
    const themePath = path.join(templates, 'theme.yaml');
    const original = await readFile(themePath, 'utf8');
    const theme = original.replace('questionOrder: [indicator, score, question, rubric, assessment]', 'questionOrder: [question, rubric, indicator, score, assessment]').replace('labels: as written', 'labels: capitals');
    expect(theme).not.toBe(original);
    await writeFile(themePath, theme);
    const result = await build({ sourceDir: folder, outDir: path.join(outputBeside(folder), 'sgi'), templatesDir: templates, formats: ['html', 'pdf', 'docx'], strict: true, write: true });
    expect(result.ok).toBe(true);
    const sgi = await readPdf(path.join(outputBeside(folder), 'sgi/pdf/japan/coordination.pdf'));
    expect(sgi.textsOf('Note')).toHaveLength(4);
    // The question asked, then its rubric, then the indicator (after the contents list, which names it first).
    const asked = sgi.text.indexOf('To what extent do established coordination mechanisms');
    expect(asked).toBeGreaterThan(0);
    expect(sgi.text.indexOf('RATING SCALE', asked)).toBeGreaterThan(asked);
    expect(sgi.text.indexOf('Effective Coordination Mechanisms of the GO|PMO', asked)).toBeGreaterThan(sgi.text.indexOf('RATING SCALE', asked));
  });
});
