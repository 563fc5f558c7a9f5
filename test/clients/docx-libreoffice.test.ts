/**
 * A real client reads the DOCX edition: LibreOffice converts it to PDF headless, and the PDF's text
 * (pdftotext) holds every fact of the seed, the contents list as written (LibreOffice does not update
 * fields), the running head and "Page X of Y"; its links (pdfjs) go to the headings and the cited
 * web pages. scripts/install-clients installs LibreOffice and poppler-utils; run with
 * `npm run test:clients`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, compileSample, removeFolder, temporaryFolder } from '../support/build.js';
import { requireProgram } from '../support/clients.js';
import { citationFacts, readSeed, seedQuestions } from '../support/seed.js';

const run = promisify(execFile);

const seed = readSeed();
let folder: string;
let pdfPath: string;
/** The PDF's text, whitespace collapsed (lines wrap differently from the source). */
let text: string;
let pages: string[];

const collapse = (value: string) => value.replace(/\s+/g, ' ').trim();
/**
 * Text as compared, without hyphens: pdftotext joins a word hyphenated at a line's end (intra-⏎party
 * → intraparty), or keeps the hyphen and the line break when the line ends a page.
 */
const comparable = (value: string) => collapse(value).replace(/-\s*/g, '');
const runningHead = 'Sustainable Governance Indicators 2024 · Japan · Coordination';

beforeAll(async () => {
  requireProgram('soffice', 'libreoffice-writer-nogui');
  requireProgram('pdftotext', 'poppler-utils');
  folder = await temporaryFolder();
  const built = await buildInto(path.join(folder, 'out'), { formats: ['docx'] });
  expect(built.result.ok).toBe(true);
  const docxPath = path.join(folder, 'out/docx/japan/coordination.docx');
  // A profile of its own, so a LibreOffice already running elsewhere does not swallow the conversion.
  const profile = pathToFileURL(path.join(folder, 'profile')).href;
  await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', folder, docxPath], { timeout: 120_000 });
  pdfPath = path.join(folder, 'coordination.pdf');
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']);
  pages = stdout.split('\f').map(collapse);
  // The body's text: each page without its header and footer, so paragraphs read on across pages.
  text = collapse(pages.map((page) => page.replace(runningHead, '').replace(/Page \d+ of \d+/, '')).join(' '));
}, 180_000);
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

describe('the DOCX edition in LibreOffice', () => {
  it('keeps every fact of the seed', () => {
    const facts = [
      `${seed.country}: ${seed.category}`,
      `Rank ${seed.rank} of 30`,
      ...seed.keyFindings,
      ...seed.subcategories.flatMap((subcategory) => [subcategory.title, `Rank ${subcategory.rank} of 30`]),
      ...seedQuestions(seed).flatMap((question) => [
        question.indicator,
        `${question.score} / 10`,
        question.text,
        ...question.bands.map((band) => band.description),
        `Score ${question.score} lies in this band`,
        ...question.paragraphs,
        ...question.citations.map((line) => citationFacts(line).lead),
      ]),
    ];
    const body = comparable(text);
    const missing = facts.map(comparable).filter((fact) => !body.includes(fact));
    expect(missing).toEqual([]);
  });

  it('shows the title page alone, without running head or page number, with the publisher line', () => {
    const title = pages[0] ?? '';
    expect(title).toContain('Japan: Coordination');
    expect(title).toContain('Bertelsmann Stiftung · 2024');
    expect(title).not.toContain(runningHead);
    expect(title).not.toMatch(/Page \d+ of \d+/);
    expect(title).not.toContain('Contents');
  });

  it('shows the contents list on the second page without updating it', () => {
    const first = pages[1] ?? '';
    const contents = first.slice(first.indexOf('Contents'));
    let cursor = 0;
    for (const entry of ['Key Findings', ...seed.subcategories.flatMap((subcategory) => [subcategory.title, ...subcategory.questions.map((question) => question.indicator)])]) {
      const at = contents.indexOf(entry, cursor);
      expect(at, entry).toBeGreaterThanOrEqual(cursor);
      cursor = at + entry.length;
    }
  });

  it('prints the running head and "Page X of Y" on every page but the title page, counted from it (as print does)', () => {
    expect(pages.filter((page) => page !== '').length).toBeGreaterThan(3);
    const total = pages.filter((page) => page !== '').length;
    pages
      .filter((page) => page !== '')
      .forEach((page, index) => {
        if (index === 0) return;
        expect(page.startsWith(runningHead)).toBe(true);
        expect(page.endsWith(`Page ${index + 1} of ${total}`)).toBe(true);
      });
  });

  it('links the contents entries to their headings and the citations to their web pages', async () => {
    const pdf = await getDocument({ data: new Uint8Array(await readFile(pdfPath)), verbosity: 0 }).promise;
    const internal: unknown[] = [];
    const external: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const annotations = (await (await pdf.getPage(number)).getAnnotations()) as { subtype: string; url?: string; dest?: unknown }[];
      for (const annotation of annotations.filter((candidate) => candidate.subtype === 'Link')) {
        if (annotation.url) external.push(annotation.url);
        else if (annotation.dest) internal.push(annotation.dest);
      }
    }
    const entries = 1 + seed.subcategories.reduce((sum, subcategory) => sum + 1 + subcategory.questions.length, 0);
    expect(internal.length).toBeGreaterThanOrEqual(entries);
    const urls = seedQuestions(seed).flatMap((question) => question.citations.map((line) => citationFacts(line).url).filter((url): url is string => url !== undefined));
    const bare = (url: string) => decodeURI(url).replace(/^https?:\/\//, '').replace(/\/$/, '');
    for (const url of urls) expect(external.map(bare), url).toContain(bare(url));
    await pdf.destroy();
  });

  it('draws the selected band’s note in the theme’s heading font, as the PDF and HTML do', async () => {
    // LibreOffice applies a table style's text properties (with the default font) to each run as
    // direct formatting; its flat ODF shows the font each piece of text ends up with.
    const profile = pathToFileURL(path.join(folder, 'profile')).href;
    const docxPath = path.join(folder, 'out/docx/japan/coordination.docx');
    await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'fodt', '--outdir', folder, docxPath], { timeout: 120_000 });
    const odf = await readFile(path.join(folder, 'coordination.fodt'), 'utf8');
    const fontOfSpan = (styleName: string): string | undefined =>
      new RegExp(`<style:style style:name="${styleName}" style:family="text">\\s*<style:text-properties[^>]*?style:font-name="([^"]+)"`).exec(odf)?.[1];
    const notes = [...odf.matchAll(/<text:span text:style-name="([^"]+)">Score \d+ lies in this band<\/text:span>/g)];
    expect(notes).toHaveLength(seedQuestions(seed).length);
    const { theme } = (await compileSample()).templates;
    expect(notes.map((note) => fontOfSpan(note[1] ?? ''))).toEqual(notes.map(() => theme.fonts.heading.family));
  }, 180_000);

  it('the country report: a title page and an imprint page without furniture, then every page numbered "Page N of M", the contents pages too, but the chapter’s own title page', async () => {
    const profile = pathToFileURL(path.join(folder, 'profile')).href;
    await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', folder, path.join(folder, 'out/docx/japan.docx')], { timeout: 120_000 });
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path.join(folder, 'japan.pdf'), '-']);
    const bookPages = stdout.split('\f').map(collapse).filter((page) => page !== '');
    expect(bookPages[0]).not.toMatch(/Page/);
    expect(bookPages[0]).toContain('Country Report');
    // The imprint on the page after the title, in the title page's section, as a copyright page has it.
    expect(bookPages[1]).toContain('Suggested citation');
    expect(bookPages[1]).not.toMatch(/Page \d/);
    // Every page after it numbered "Page N of M", but the chapter's own title page (its title and rank), bare as the cover is.
    const chapterTitlePage = bookPages.findIndex((page, index) => index > 1 && /Rank \d+ of \d+/.test(page));
    expect(chapterTitlePage).toBeGreaterThan(2);
    expect(bookPages[chapterTitlePage]).not.toMatch(/Page \d/);
    const numbered = bookPages.map((page, index) => (index < 2 || index === chapterTitlePage ? 'bare' : /Page (\d+) of (\d+)/.exec(page)?.slice(1).join('/')));
    expect(numbered).toEqual(bookPages.map((_page, index) => (index < 2 || index === chapterTitlePage ? 'bare' : `${String(index + 1)}/${String(bookPages.length)}`)));
    // Each chapter's pages under its own running head.
    expect(bookPages.slice(2).filter((page) => page.includes('Japan · Coordination')).length).toBeGreaterThan(5);
  }, 180_000);
});
