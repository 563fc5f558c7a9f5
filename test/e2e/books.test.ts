/**
 * Country reports: a generated edition of 2 countries × 2 categories builds each country's report in
 * print and Word, its chapters in the codebook's order, each opening on a page of its own under its
 * own running head, the PDF's contents list and outline three levels deep with page numbers that
 * lead to their headings; a rebuild takes the reports from the cache, and an edit to one chapter
 * binds again only the report that holds it.
 */
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { KeyFindings, ReportTree } from '../../src/tree/types.js';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, verifyBuilt, type BuildResult } from '../../src/build/build.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { readOwnPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { templatesDir } from '../support/build.js';
import { corpusForTests } from '../support/corpus.js';
import { importDocx } from '../../src/roundtrip/import.js';
import { editDocx, typeOver } from '../support/word.js';
import { find, openDocx, paragraphStyle, textOf } from '../support/docx.js';
import { firstMissingInOrder, readPdf, type PdfReadBack } from '../support/pdf.js';

const generated = corpusForTests('rubricpress-books-', { countries: 2, questions: 8, seed: 3 });

function run(out: string): Promise<BuildResult> {
  return build({ sourceDir: generated.corpus, outDir: out, templatesDir, formats: ['pdf', 'docx'], strict: false, write: true, cacheDir: path.join(out, '.cache') });
}

interface Chapter {
  readonly file: string;
  readonly country: string;
  readonly countrySlug: string;
  readonly category: string;
}

let out: string;
let first: BuildResult;
let chapters: Chapter[];
let countries: string[];

beforeAll(async () => {
  out = path.join(generated.folder, 'out');
  first = await run(out);
  // The chapters as the source has them: chapters/<country>/<category>.md, front matter `country`.
  chapters = [];
  for (const countrySlug of (await readdir(path.join(generated.corpus, 'chapters'))).sort()) {
    for (const name of (await readdir(path.join(generated.corpus, 'chapters', countrySlug))).sort()) {
      const file = path.join(generated.corpus, 'chapters', countrySlug, name);
      const text = await readFile(file, 'utf8');
      chapters.push({ file, countrySlug, country: /^country: (.+)$/m.exec(text)?.[1] ?? '', category: /^category: (.+)$/m.exec(text)?.[1] ?? '' });
    }
  }
  countries = [...new Set(chapters.map((chapter) => chapter.countrySlug))];
}, 100_000);

/**
 * A copy of the built folder and its cache, and two chapters of the first country: one to edit, one
 * to keep (the edit test edited and put back the first chapter, so its record is of the edited text).
 */
async function copyOfBuild(copy: string): Promise<{ edited: Chapter; kept: Chapter }> {
  await cp(out, copy, { recursive: true });
  const [edited, kept] = chapters.filter((chapter) => chapter.countrySlug === countries[0]);
  if (!kept || !edited) throw new Error('a country with two chapters');
  return { edited, kept };
}

/** Replaces the tree the cache in `copy` kept for `chapter` by `rewrite`'s (record and file, as the cache writes them); how many it rewrote. */
async function rewriteCachedTree(copy: string, chapter: Chapter, rewrite: (tree: ReportTree) => unknown): Promise<number> {
  const slots = path.join(copy, '.cache', 'chapters');
  let rewritten = 0;
  for (const slot of await readdir(slots)) {
    const recordFile = path.join(slots, slot, 'record.json');
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as { tree?: { sha256: string; size: number } };
    if (!record.tree) continue;
    const tree = deserialize(await readFile(path.join(slots, slot, `${record.tree.sha256}.bin`))) as ReportTree;
    if (tree.children[0].countrySlug !== chapter.countrySlug || tree.children[0].categoryId !== chapter.category) continue;
    const bytes = serialize(rewrite(tree));
    record.tree = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
    await writeFile(path.join(slots, slot, `${record.tree.sha256}.bin`), bytes);
    await writeFile(recordFile, `${JSON.stringify(record)}\n`);
    rewritten += 1;
  }
  return rewritten;
}

describe('country reports', () => {
  it('are written for every country, beside the chapters, and agree with them', () => {
    expect(diagnosticsAsJson(first.files)).toEqual([]);
    expect(first.ok).toBe(true);
    expect(countries.length).toBe(2);
    expect(first.books).toBe(2);
    const written = first.written.map((file) => path.relative(out, file));
    for (const country of countries) expect(written).toEqual(expect.arrayContaining([`pdf/${country}.pdf`, `docx/${country}.docx`]));
  });

  it('print: a cover, contents with page numbers, each chapter on its own pages under its own running head, a three-level outline', async () => {
    const country = countries[0] ?? '';
    const own = chapters.filter((chapter) => chapter.countrySlug === country);
    expect(own.length).toBeGreaterThanOrEqual(2);
    const pdf = await readPdf(path.join(out, `pdf/${country}.pdf`));
    const name = own[0]?.country ?? '';
    // The cover: the country and what the book is, no running head.
    expect(pdf.pageTexts[0]).toContain(name);
    expect(pdf.pageTexts[0]).toContain('Country Report');
    expect(pdf.artifactTexts[0]?.trim()).toBe('');
    // The imprint page: the edition's licence and copyright, and the report's suggested citation as a part of the edition.
    expect(pdf.pageTexts[1]).toContain('Creative Commons Attribution 4.0 International (CC-BY-4.0)');
    expect(pdf.pageTexts[1]).toContain('© 2024 rubricpress corpus generator');
    expect(pdf.pageTexts[1]).toMatch(new RegExp(`Suggested citation .*“${name}: Country Report\\.?”`));
    // The chapters, in the codebook's order, each opening on its own title page (the edition, its title and rank, its suggested citation).
    const titles = pdf.textsOf('H1').slice(1);
    expect(titles.length).toBe(own.length);
    const openings = titles.map((title) => pdf.pageTexts.findIndex((text) => text.includes(`${title} Rank `) && text.includes('Suggested citation')));
    expect(openings.every((page) => page > 0)).toBe(true);
    expect([...openings].sort((a, b) => a - b)).toEqual(openings);
    // Its title page bare; its pages after it under its own running head (the category's name), and page numbers run on.
    for (const [index, page] of openings.entries()) {
      const category = (titles[index] ?? '').split(': ').at(-1) ?? '';
      expect(pdf.artifactTexts[page]?.trim()).toBe('');
      expect(pdf.artifactTexts[page + 1]).toContain(category);
      expect(pdf.artifactTexts[page + 1]).toContain(`Page ${String(page + 2)} of ${String(pdf.pageCount)}`);
    }
    // The outline: the cover's title, the contents, then each chapter with its parts and their questions.
    const chaptersInOutline = pdf.outline.filter((entry) => titles.includes(entry.title));
    expect(chaptersInOutline.map((entry) => entry.title)).toEqual(titles);
    const questions = chaptersInOutline.flatMap((entry) => entry.children.flatMap((part) => part.children));
    expect(questions.length).toBe(own.length * 4);
    // The contents list: each entry's page number is the page of its heading (the reader checks it, and finds no problem).
    const read = readOwnPdfEdition(new Uint8Array(await readFile(path.join(out, `pdf/${country}.pdf`))));
    expect(read.problems ?? []).toEqual([]);
    expect(read.contents?.slice(0, 2)).toEqual([titles[0], 'Key Findings']);
    expect(firstMissingInOrder(pdf.text, titles)).toBeUndefined();
  });

  it('Word: a title page without furniture, a section per chapter with its own running head, a contents field of three levels', async () => {
    const country = countries[1] ?? '';
    const own = chapters.filter((chapter) => chapter.countrySlug === country);
    const docx = openDocx(new Uint8Array(await readFile(path.join(out, `docx/${country}.docx`))));
    const sections = find(docx.body, 'w:sectPr');
    // The title page, the contents, and two per chapter: its title page, its pages.
    expect(sections.length).toBe(2 + 2 * own.length);
    const headers = Object.keys(docx.files).filter((name) => /^word\/header\d+\.xml$/.test(name)).map((name) => docx.text(name));
    const chapterTitles = find(docx.body, 'w:p').filter((paragraph) => paragraphStyle(paragraph) === 'ChapterTitle').map(textOf);
    expect(chapterTitles.length).toBe(own.length);
    for (const title of chapterTitles) {
      const category = title.split(': ').at(-1) ?? '';
      expect(headers.some((header) => header.includes(category))).toBe(true);
    }
    expect(docx.text('word/document.xml')).toContain('TOC \\t &quot;Chapter Title,1,Heading 1,2,Indicator,3&quot; \\h');
  });

  it('the edition volume: each category’s codebook once, then every country’s ranks and each question’s scores, then the reports', async () => {
    const pdf = await readPdf(path.join(out, 'pdf/edition.pdf'));
    const codebook = await readFile(path.join(generated.corpus, 'codebook.yaml'), 'utf8');
    const indicators = [...codebook.matchAll(/^\s+indicator: (.+)$/gm)].map((match) => (match[1] ?? '').replace(/^"|"$/g, ''));
    expect(indicators.length).toBe(8);
    // Each question once in the codebook (level 3 of the outline), each with its rubric table.
    const outlined = pdf.outline.flatMap((part) => part.children.flatMap((section) => section.children.map((question) => question.title)));
    expect(outlined.sort()).toEqual([...indicators].sort());
    expect(pdf.textsOf('H3').length).toBe(indicators.length);
    // Results: every country in the ranks table of each category, and a score table per question.
    const names = [...new Set(chapters.map((chapter) => chapter.country))];
    const captions = pdf.textsOf('Caption');
    expect(captions.filter((caption) => caption.startsWith('Ranks in')).length).toBe(new Set(chapters.map((chapter) => chapter.category)).size);
    // Each question's ranks among the countries scored, of those the edition declares.
    const declared = (/^countries:\n((?:\s+- .+\n)+)/m.exec(await readFile(path.join(generated.corpus, 'edition.yaml'), 'utf8'))?.[1] ?? '').split('\n').filter((line) => line.trim() !== '').length;
    const scoresCaptions = indicators.map((indicator) => `${indicator}: scores and ranks (${String(names.length)} of ${String(declared)} countries scored)`);
    expect(captions.filter((caption) => scoresCaptions.includes(caption)).length).toBe(indicators.length);
    const rowHeads = pdf.textsOf('TH');
    for (const name of names) expect(rowHeads.filter((cell) => cell === name).length).toBeGreaterThanOrEqual(indicators.length);
    // The reports, with their addresses.
    for (const country of countries) expect(pdf.text).toContain(`${country}.pdf ${country}.docx`);
    const read = readOwnPdfEdition(new Uint8Array(await readFile(path.join(out, 'pdf/edition.pdf'))));
    expect(read.problems ?? []).toEqual([]);
    const docx = openDocx(new Uint8Array(await readFile(path.join(out, 'docx/edition.docx'))));
    expect(find(docx.body, 'w:tblStyle').filter((style) => style.attributes['w:val'] === 'DataTable').length).toBe(captions.filter((caption) => caption.startsWith('Ranks in') || scoresCaptions.includes(caption)).length + 1);
  });

  it('the edition volume lists each report’s address when edition.yaml gives them, a long one broken as a URL is and read back whole', async () => {
    const source = path.join(generated.folder, 'addressed');
    const addressedOut = path.join(generated.folder, 'out-addressed');
    await rm(source, { recursive: true, force: true });
    await cp(generated.corpus, source, { recursive: true });
    const edition = path.join(source, 'edition.yaml');
    await writeFile(edition, `${await readFile(edition, 'utf8')}reportDoi: 10.5555/sgi-{country}-country-report-with-a-long-name\n`);
    // Checked as it is built: a PDF that read a broken address with a space in it would fail the build.
    const built = await build({ sourceDir: source, outDir: addressedOut, templatesDir, formats: ['pdf', 'docx'], strict: false, write: true });
    expect(diagnosticsAsJson(built.files).filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(built.ok).toBe(true);
    const read = readOwnPdfEdition(new Uint8Array(await readFile(path.join(addressedOut, 'pdf/edition.pdf'))));
    for (const country of countries) expect(read.text).toContain(`${country}.pdf ${country}.docx https://doi.org/10.5555/sgi-${country}-country-report-with-a-long-name`);
    // In print the long address is broken over lines, without a hyphen drawn that it does not have.
    const pdf = await readPdf(path.join(addressedOut, 'pdf/edition.pdf'));
    expect(pdf.text).not.toMatch(/-country-re-port|long-na-me/u);
    const docx = openDocx(new Uint8Array(await readFile(path.join(addressedOut, 'docx/edition.docx'))));
    expect(textOf(docx.body)).toContain(`https://doi.org/10.5555/sgi-${countries[0] ?? ''}-country-report-with-a-long-name`);
  });

  it('--book all binds every country’s report into one volume, every name in it once', async () => {
    const all = path.join(generated.folder, 'out-all');
    const built = await build({ sourceDir: generated.corpus, outDir: all, templatesDir, formats: ['pdf', 'docx'], strict: false, write: true, allReports: true });
    expect(diagnosticsAsJson(built.files)).toEqual([]);
    const pdf = await readPdf(path.join(all, 'pdf/country-reports.pdf'));
    const titles = pdf.textsOf('H1').slice(1);
    expect(titles.length).toBe(chapters.length);
    expect(pdf.pageTexts[0]).toContain('Country Reports');
    // Every country's chapters, countries in slug order, each country's in the codebook's order.
    const perCountry = countries.map((slug) => chapters.find((chapter) => chapter.countrySlug === slug)?.country ?? '');
    expect([...new Set(titles.map((title) => title.split(': ')[0]))]).toEqual(perCountry);
    expect(new Set(pdf.namedDestinations).size).toBe(pdf.namedDestinations.length);
    expect(pdf.namedDestinations.length).toBeGreaterThan(chapters.length * 8);
    const docx = openDocx(new Uint8Array(await readFile(path.join(all, 'docx/country-reports.docx'))));
    const bookmarks = find(docx.body, 'w:bookmarkStart').map((mark) => mark.attributes['w:name'] ?? '');
    expect(new Set(bookmarks).size).toBe(bookmarks.length);
  });

  it('--book all with a cache draws again, for the volume as for its country’s report, only the chapter edited', async () => {
    const all = path.join(generated.folder, 'out-all-cached');
    const options = { sourceDir: generated.corpus, outDir: all, templatesDir, formats: ['pdf'] as const, strict: false, write: true, allReports: true, cacheDir: path.join(all, '.cache') };
    const cold = await build(options);
    expect(diagnosticsAsJson(cold.files)).toEqual([]);
    // Every chapter drawn again for the volume (named by its country there); its country's report binds the pages its own job drew.
    expect(cold.drawnForBooks).toBe(chapters.length);
    const edited = chapters.find((chapter) => chapter.countrySlug === countries[1]);
    if (!edited) throw new Error('no chapter');
    const text = await readFile(edited.file, 'utf8');
    await writeFile(edited.file, text.replace(/(:::key-findings\n)/, '$1A sentence added for the volume of every report.\n\n'));
    try {
      const again = await build(options);
      expect(diagnosticsAsJson(again.files)).toEqual([]);
      expect(again.drawnForBooks).toBe(1);
      const volume = await readFile(path.join(all, 'pdf/country-reports.pdf'));
      expect((await readPdf(new Uint8Array(volume))).text).toContain('A sentence added for the volume of every report.');
      // The file a build without a cache makes.
      const fresh = path.join(generated.folder, 'out-all-fresh');
      const made = await build({ ...options, outDir: fresh, cacheDir: undefined });
      // Without a cache too, a report's job is given the pages its chapters' jobs drew (the volume draws its chapters, named by their country there).
      expect(made.drawnForBooks).toBe(chapters.length);
      expect(volume.equals(await readFile(path.join(fresh, 'pdf/country-reports.pdf')))).toBe(true);
      // Both records name the chapters given as well as the one drawn: edited again, it is again drawn alone for each.
      await writeFile(edited.file, text.replace(/(:::key-findings\n)/, '$1A sentence rewritten for the volume of every report.\n\n'));
      const third = await build(options);
      expect(diagnosticsAsJson(third.files)).toEqual([]);
      expect(third.drawnForBooks).toBe(1);
    } finally {
      await writeFile(edited.file, text);
    }
  });

  it('a country report edited in Word imports into the chapter it came from; unedited, it imports as no change', async () => {
    const country = countries[0] ?? '';
    const own = chapters.filter((chapter) => chapter.countrySlug === country);
    const target = own.find((chapter) => chapter.category === 'policy-implementation') ?? own[1];
    if (!target) throw new Error('no second chapter');
    const bytes = new Uint8Array(await readFile(path.join(out, `docx/${country}.docx`)));
    const unedited = await importDocx({ docx: bytes, docxPath: `${country}.docx`, sourceDir: generated.corpus, templatesDir, pending: false, force: false });
    expect(diagnosticsAsJson(unedited.files)).toEqual([]);
    expect(unedited.changed).toEqual([]);
    const text = await readFile(target.file, 'utf8');
    const sentence = /^(.+) falls into the sample’s (\w+) ranks/m.exec(text);
    const words = `the sample’s ${sentence?.[2] ?? ''} ranks (rank`;
    // The words are in every chapter of the country: the one in the target chapter's key findings is typed over.
    const category = /in the category of ([^.]+)\./.exec(text)?.[1] ?? '';
    const edited = editDocx(bytes, typeOver(`in the category of ${category}.`, `in the category of ${category}, as edited in Word.`));
    const imported = await importDocx({ docx: edited, docxPath: `${country}.docx`, sourceDir: generated.corpus, templatesDir, pending: false, force: false });
    expect(diagnosticsAsJson(imported.files)).toEqual([]);
    expect(imported.changed.map((file) => file.absolutePath)).toEqual([target.file]);
    expect(imported.changed[0]?.after).toBe(text.replace(`in the category of ${category}.`, `in the category of ${category}, as edited in Word.`));
    expect(text).toContain(words);
    // A protected edit in the second chapter (its rank, on its opening page) is reported in that chapter's file, and not applied.
    let rankChanged = false;
    const rankEdited = editDocx(bytes, (xml) =>
      xml.replace(/(<w:bookmarkStart w:name="_rp2_ltr_\d+_[0-9a-f]+"[^>]*\/>(?:(?!<\/w:p>).)*?<w:t[^>]*>Rank )(\d+)/s, (_whole, before: string, rank: string) => {
        rankChanged = true;
        return `${before}${String(Number(rank) + 1)}`;
      }),
    );
    expect(rankChanged).toBe(true);
    const protectedImport = await importDocx({ docx: rankEdited, docxPath: `${country}.docx`, sourceDir: generated.corpus, templatesDir, pending: false, force: false });
    expect(protectedImport.changed).toEqual([]);
    const found = diagnosticsAsJson(protectedImport.files);
    expect(found.map((diagnostic) => [diagnostic.ruleId, diagnostic.message.startsWith('The chapter’s rank')])).toEqual([['import-protected-edit', true]]);
    // In one of this country's chapter files, where its rank is made.
    expect(own.map((chapter) => path.resolve(chapter.file))).toContain(path.resolve(generated.corpus, found[0]?.file ?? ''));
  });

  it('verify checks the reports: one swapped for another country’s, and one missing, are named', async () => {
    const checked = path.join(generated.folder, 'out-verify');
    await cp(out, checked, { recursive: true });
    const options = { sourceDir: generated.corpus, outDir: checked, templatesDir, formats: ['pdf', 'docx'] as const, strict: false };
    expect(diagnosticsAsJson((await verifyBuilt(options)).files)).toEqual([]);
    const [one = '', other = ''] = countries;
    await cp(path.join(checked, `pdf/${other}.pdf`), path.join(checked, `pdf/${one}.pdf`));
    await rm(path.join(checked, `docx/${other}.docx`));
    await cp(path.join(checked, `pdf/${other}.pdf`), path.join(checked, 'pdf/edition.pdf'));
    const found = diagnosticsAsJson((await verifyBuilt(options)).files);
    expect(found.every((diagnostic) => diagnostic.ruleId === 'edition-disagrees')).toBe(true);
    expect(found.some((diagnostic) => diagnostic.message.startsWith(`In the country report pdf/${one}.pdf and docx/${one}.docx: The PDF edition`))).toBe(true);
    expect(found.some((diagnostic) => diagnostic.message.includes(`(docx/${other}.docx) is missing from the output folder`))).toBe(true);
    expect(found.some((diagnostic) => diagnostic.message.startsWith('In the edition volume pdf/edition.pdf and docx/edition.docx: The PDF edition') && diagnostic.file.endsWith('codebook.yaml'))).toBe(true);
  });

  it('a rebuild takes every report from the cache; an edit to one chapter binds again only its own country’s report', async () => {
    const unchanged = await run(out);
    expect(unchanged.ok).toBe(true);
    expect(unchanged.written).toEqual([]);
    const before = await Promise.all(countries.map((country) => stat(path.join(out, `pdf/${country}.pdf`))));
    const edited = chapters.find((chapter) => chapter.countrySlug === countries[0]);
    if (!edited) throw new Error('no chapter');
    const text = await readFile(edited.file, 'utf8');
    await writeFile(edited.file, text.replace(/(:::key-findings\n)/, '$1A sentence added to the key findings.\n\n'));
    try {
      const again = await run(out);
      expect(diagnosticsAsJson(again.files)).toEqual([]);
      const written = again.written.map((file) => path.relative(out, file)).sort();
      expect(written).toEqual(expect.arrayContaining([`pdf/${countries[0] ?? ''}.pdf`, `docx/${countries[0] ?? ''}.docx`]));
      expect(written.some((file) => file.startsWith(`pdf/${countries[1] ?? ''}`) || file.startsWith(`docx/${countries[1] ?? ''}`))).toBe(false);
      const after = await Promise.all(countries.map((country) => stat(path.join(out, `pdf/${country}.pdf`))));
      expect(after[1]?.mtimeMs).toBe(before[1]?.mtimeMs);
      const pdf: PdfReadBack = await readPdf(path.join(out, `pdf/${countries[0] ?? ''}.pdf`));
      expect(pdf.text).toContain('A sentence added to the key findings.');
      // Neither its PDF nor its DOCX drew or made a chapter: each took the edited chapter's own file as
      // its job made it, and the others' as the cache kept them; each is the file a build without a
      // cache makes.
      expect(first.drawnForBooks).toBe(0);
      expect(again.drawnForBooks).toBe(0);
      const fresh = path.join(generated.folder, 'out-fresh');
      const made = await build({ sourceDir: generated.corpus, outDir: fresh, templatesDir, formats: ['pdf', 'docx'], strict: false, write: true });
      // Without a cache too, a report's jobs are given the files its chapters' jobs made.
      expect(made.drawnForBooks).toBe(0);
      for (const file of [`pdf/${countries[0] ?? ''}.pdf`, `docx/${countries[0] ?? ''}.docx`]) expect((await readFile(path.join(out, file))).equals(await readFile(path.join(fresh, file)))).toBe(true);
      // The report's cache record names the chapters it was given: edited again, none is made for it.
      await writeFile(edited.file, text.replace(/(:::key-findings\n)/, '$1A sentence rewritten in the key findings.\n\n'));
      const third = await run(out);
      expect(diagnosticsAsJson(third.files)).toEqual([]);
      expect(third.drawnForBooks).toBe(0);
      // The Word report took the chapter's own file as its job made it now, not as the cache kept it before.
      const report = openDocx(new Uint8Array(await readFile(path.join(out, `docx/${countries[0] ?? ''}.docx`))));
      expect(textOf(report.body)).toContain('A sentence rewritten in the key findings.');
      expect(textOf(report.body)).not.toContain('A sentence added to the key findings.');
    } finally {
      await writeFile(edited.file, text);
    }
  });

  it('binds a cached chapter by the tree the cache kept, without compiling it again', async () => {
    // A copy of the built folder and its cache, where one cached chapter's tree says something its source does not.
    const copy = path.join(generated.folder, 'out-trees');
    const { edited, kept } = await copyOfBuild(copy);
    let tampered = false;
    const rewritten = await rewriteCachedTree(copy, kept, (tree) => {
      visit(tree, 'keyFindings', (findings: KeyFindings) => {
        visit(findings, 'text', (node: Text) => {
          if (tampered) return;
          node.value = 'Words the cache kept.';
          tampered = true;
        });
      });
      return tree;
    });
    expect(rewritten).toBe(1);
    expect(tampered).toBe(true);
    // Another chapter of the country edited: its report is bound again, the kept chapter from the cache.
    const text = await readFile(edited.file, 'utf8');
    await writeFile(edited.file, text.replace(/(:::key-findings\n)/, '$1Another sentence added.\n\n'));
    try {
      const again = await run(copy);
      expect(diagnosticsAsJson(again.files)).toEqual([]);
      const report = await readPdf(path.join(copy, `pdf/${countries[0] ?? ''}.pdf`));
      expect(report.text).toContain('Another sentence added.');
      expect(report.text).toContain('Words the cache kept.');
      // The chapter's own edition came from the cache as it was.
      expect((await readPdf(path.join(copy, `pdf/${kept.countrySlug}/${kept.category}.pdf`))).text).not.toContain('Words the cache kept.');
    } finally {
      await writeFile(edited.file, text);
    }
  });

  it('binds a chapter from its source when the tree the cache kept is forged past its header (no crash)', async () => {
    const copy = path.join(generated.folder, 'out-forged');
    const { edited, kept } = await copyOfBuild(copy);
    // The header as it should be; below it, nothing a report holds.
    const forged = await rewriteCachedTree(copy, kept, (tree) => ({ type: 'root', children: [{ ...tree.children[0], children: [{ type: 'subCategory', children: 5 }] }] }));
    expect(forged).toBe(1);
    const text = await readFile(edited.file, 'utf8');
    await writeFile(edited.file, text.replace(/(:::key-findings\n)/, '$1A third sentence added.\n\n'));
    try {
      const again = await run(copy);
      expect(diagnosticsAsJson(again.files)).toEqual([]);
      expect(again.ok).toBe(true);
      const report = await readPdf(path.join(copy, `pdf/${countries[0] ?? ''}.pdf`));
      expect(report.text).toContain('A third sentence added.');
      // The kept chapter as its source says: its own PDF's key findings are in the report.
      const own = await readPdf(path.join(copy, `pdf/${kept.countrySlug}/${kept.category}.pdf`));
      // (The last "Key Findings": the first is the contents list's.)
      const at = own.text.lastIndexOf('Key Findings ');
      const findings = own.text.slice(at + 'Key Findings '.length, at + 'Key Findings '.length + 80);
      expect(findings).toMatch(/falls into/);
      expect(report.text.includes(findings)).toBe(true);
    } finally {
      await writeFile(edited.file, text);
    }
  });
});
