/**
 * Issue 15's "every script": a chapter that mixes Latin, Greek, Cyrillic, Japanese, Arabic, Hebrew and Devanagari
 * (test/fixtures/mixed-scripts) builds in all three editions, the agreement check passes, and the
 * PDF draws every character with a font that has it (the theme's fallback chain, embedded as
 * subsets), breaks Japanese between its characters without hyphens, and keeps right-to-left words
 * in reading order in its text layer; the HTML and the DOCX mark them right to left.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, projectRoot, removeFolder, temporaryFolder, type TestBuild } from '../support/build.js';
import { child, find, findAll, readDocx, textOf as docxText, type XmlElement } from '../support/docx.js';
import { all, readHtml, textOf } from '../support/html.js';
import { readPdf } from '../support/pdf.js';

const fixture = path.join(projectRoot, 'test/fixtures/mixed-scripts');
const chapter = 'japan/coordination';

/** One phrase of each script the fixture has, as its source writes it. */
const phrases = {
  japanese: '行政改革会議の最終報告は、内閣機能の強化と省庁の再編を求め、首相の指導力を高めることを目指した。',
  greek: 'συντονισμός',
  cyrillic: '«Правительство координирует работу министерств»',
  arabic: 'مجلس الوزراء ينسق السياسات بين الوزارات',
  hebrew: 'הממשלה מתאמת את המדיניות',
  // Devanagari: its vowel signs are drawn before the consonants they follow; the text layer has them in order.
  hindi: 'मंत्रिमंडल सचिवालय नीति समन्वय करता है।',
};

let folder: string;
let built: TestBuild;
beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-scripts-');
  built = await buildInto(folder, { sourceDir: fixture, formats: ['html', 'pdf', 'docx'] });
}, 120_000);
afterAll(async () => {
  await removeFolder(folder);
});

describe('a chapter in seven scripts', () => {
  it('builds, and its editions agree with the source', () => {
    const errors = built.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors).toEqual([]);
    expect(built.diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('glyph-missing');
  });

  it('has every phrase in the PDF’s text, in reading order', async () => {
    const pdf = await readPdf(path.join(folder, `pdf/${chapter}.pdf`));
    // Japanese lines end between characters: the line ends are no spaces.
    const text = pdf.text.replace(/(?<=\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|[、。]) (?=\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|[、。])/gu, '');
    for (const phrase of Object.values(phrases)) expect(text).toContain(phrase);
  });

  it('embeds the fallback fonts it needs, as subsets', async () => {
    const bytes = await readFile(path.join(folder, `pdf/${chapter}.pdf`));
    const raw = bytes.toString('latin1');
    for (const family of ['NotoSansJP-Regular', 'NotoSansArabic-Regular', 'NotoSansHebrew-Regular']) expect(raw).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${family}`));
    // Subsets: the whole Japanese font is over 5 MB.
    expect(bytes.length).toBeLessThan(400_000);
  });

  it('leaves the HTML’s right-to-left phrases in English paragraphs to the bidirectional algorithm, and marks them w:rtl in the DOCX', async () => {
    const html = await readHtml(path.join(folder, `html/${chapter}.html`));
    // No element with a dir, which would isolate a phrase from the numbers and words around it (test/render/html/render.test.ts has right-to-left paragraphs).
    expect(all(html, 'main [dir]')).toEqual([]);
    expect(all(html, 'main p').filter((p) => textOf(p).includes(phrases.arabic))).toHaveLength(1);
    const docx = await readDocx(path.join(folder, `docx/${chapter}.docx`));
    const rightToLeft = findAll(docx.body, 'w:r').filter((run) => find(run, 'w:rtl').length > 0);
    expect(rightToLeft.map((run) => docxText(run))).toEqual([phrases.arabic, phrases.hebrew, 'الحكومة']);
    // Latin text around them has no w:rtl.
    expect(findAll(docx.body, 'w:r').filter((run) => docxText(run).includes('A Hebrew one')).every((run) => find(run, 'w:rtl').length === 0)).toBe(true);
  });

  it('names the fallback fonts in the DOCX runs’ East Asian and complex-script slots', async () => {
    const docx = await readDocx(path.join(folder, `docx/${chapter}.docx`));
    const fonts = (run: XmlElement) => {
      const properties = child(run, 'w:rPr');
      return properties && child(properties, 'w:rFonts')?.attributes;
    };
    const runs = findAll(docx.body, 'w:r');
    const japanese = runs.filter((run) => /\p{Script=Han}/u.test(docxText(run)));
    expect(japanese.map((run) => docxText(run))).toEqual(['内閣府', '内閣官房', '分担管理原則', phrases.japanese, '内閣府']);
    for (const run of japanese) expect(fonts(run)).toEqual({ 'w:eastAsia': 'Noto Sans JP', 'w:hint': 'eastAsia' });
    const slots = runs.filter((run) => find(run, 'w:rtl').length > 0).map((run) => ({ text: docxText(run), fonts: fonts(run) }));
    expect(slots).toEqual([
      { text: phrases.arabic, fonts: { 'w:cs': 'Noto Sans Arabic' } },
      { text: phrases.hebrew, fonts: { 'w:cs': 'Noto Sans Hebrew' } },
      { text: 'الحكومة', fonts: { 'w:cs': 'Noto Sans Arabic' } },
    ]);
  });

  it('has every phrase in the HTML and the DOCX', async () => {
    const html = textOf(await readHtml(path.join(folder, `html/${chapter}.html`)));
    const docx = (await readDocx(path.join(folder, `docx/${chapter}.docx`))).text('word/document.xml');
    for (const phrase of Object.values(phrases)) {
      expect(html).toContain(phrase);
      for (const word of phrase.split(' ')) expect(docx).toContain(word);
    }
  });
});
