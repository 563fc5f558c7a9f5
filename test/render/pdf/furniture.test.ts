/**
 * A page's running head and foot set as the text is (src/render/pdf/render.ts, `furniture`): a
 * country whose name the heading font has no letters for (Japanese, Arabic) takes them from the
 * fallback fonts. Before, the running head was drawn in the heading font alone, and every page after
 * the title page showed the name as empty boxes (.notdef): the agreement check refused the build.
 * A country report's contents entry in a right-to-left script keeps its page number in the column
 * at the right, and a title naming it reads "مصر: Coordination" from the left margin: only prose
 * takes its direction from its first letter (as the HTML's `dir` and the DOCX's `w:bidi`); the rest
 * runs left to right, as the page does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { presentCountryReport } from '../../../src/present/book.js';
import { present } from '../../../src/present/present.js';
import { createPdfRenderer } from '../../../src/render/pdf/render.js';
import type { Templates } from '../../../src/theme/load-templates.js';
import type { DocumentModel } from '../../../src/document/model.js';
import type { RenderProblem } from '../../../src/render/problems.js';
import type { ReportTree } from '../../../src/tree/types.js';
import { readOwnPdfEdition } from '../../../src/verify/extract/pdf-edition.js';
import { verifyCountryReport } from '../../../src/verify/verify.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';
import { drawnGlyphs } from '../../support/pdf-glyphs.js';

interface Country {
  readonly name: string;
  readonly chapter: Uint8Array;
  readonly report: Uint8Array;
  readonly tree: ReportTree;
  readonly templates: Templates;
}

const names = ['日本', 'مصر'] as const;
const folders: string[] = [];
const countries = new Map<string, Country>();

beforeAll(async () => {
  for (const name of names) {
    const folder = await changedSource({
      'edition.yaml': (text) => text.replace(/\bJapan\b/g, name),
      'chapters/japan/coordination.md': replaceOnce('country: Japan', `slug: japan\ncountry: ${name}`),
    });
    folders.push(folder);
    const { tree, templates } = await compileSampleChapter(folder);
    if (!templates.fonts) throw new Error('the fonts did not load');
    const renderer = createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator });
    const chapter = await renderer.render(present(tree, templates.theme));
    const report = await renderer.render(presentCountryReport([tree], templates.theme));
    expect(chapter.problems).toEqual([]);
    countries.set(name, { name, chapter: chapter.bytes, report: report.bytes, tree, templates });
  }
}, 40_000);

afterAll(async () => {
  for (const folder of folders) await removeFolder(folder);
});

function country(name: string): Country {
  const found = countries.get(name);
  if (!found) throw new Error(`${name} was not rendered`);
  return found;
}

describe.each(names)('a country named %s', (name) => {
  it('is drawn in the running heads of its chapter with the fallback fonts’ letters, not as empty boxes', async () => {
    const { chapter } = country(name);
    expect(readOwnPdfEdition(chapter).boxes).toBeUndefined();
    const read = await readPdf(chapter);
    // The title page goes without; every other page names the country in its running head.
    expect(read.artifactTexts[0]).not.toContain(name);
    for (const text of read.artifactTexts.slice(1)) {
      expect(text).toContain(name);
      expect(text).toMatch(new RegExp(`Page \\d+ of ${String(read.pageCount)}`));
    }
  });

  it('stands first in its chapter’s title, which starts at the left margin as the rank under it does', async () => {
    const { chapter } = country(name);
    const [titlePage] = await drawnGlyphs(chapter);
    if (!titlePage) throw new Error('no title page');
    const lineOf = (character: string) => titlePage.filter((glyph) => glyph.y === titlePage.find((found) => found.text === character)?.y);
    const title = lineOf('C').filter((glyph) => glyph.text !== ' ');
    const named = title.filter((glyph) => name.includes(glyph.text));
    const latin = title.filter((glyph) => /[A-Za-z]/u.test(glyph.text));
    expect(named.length).toBeGreaterThan(0);
    expect(Math.max(...named.map((glyph) => glyph.x))).toBeLessThan(Math.min(...latin.map((glyph) => glyph.x)));
    const rank = lineOf('R');
    expect(Math.min(...title.map((glyph) => glyph.x))).toBeCloseTo(Math.min(...rank.map((glyph) => glyph.x)), 0);
  });

  it('is drawn in the running heads of its country report, and its contents entries read as the source has them', async () => {
    const { report, tree, templates } = country(name);
    expect(readOwnPdfEdition(report).boxes).toBeUndefined();
    const read = await readPdf(report);
    expect(read.artifactTexts.filter((text) => text.includes(name)).length).toBeGreaterThan(read.pageCount / 2);
    expect(await verifyCountryReport([tree], templates.theme, { pdf: report })).toEqual([]);
  });
});

describe('a contents entry ending in a right-to-left word', () => {
  it('keeps its page number in the column at the right, as every other entry has it', async () => {
    const folder = await changedSource({ 'codebook.yaml': replaceOnce('indicator: Effective Multilevel Cooperation\n', 'indicator: Effective Multilevel Cooperation مصر\n') });
    folders.push(folder);
    const { tree, templates } = await compileSampleChapter(folder);
    if (!templates.fonts) throw new Error('the fonts did not load');
    const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(present(tree, templates.theme));
    const [, contents] = await drawnGlyphs(rendered.bytes);
    if (!contents) throw new Error('no contents page');
    /** The rightmost digit drawn on the line of the glyph `character`, where the entry's page number ends. */
    const numberEnd = (character: string): number => {
      const y = contents.find((glyph) => glyph.text === character)?.y;
      return Math.max(...contents.filter((glyph) => glyph.y === y && /\d/u.test(glyph.text)).map((glyph) => glyph.x));
    };
    expect(numberEnd('ر')).toBeCloseTo(numberEnd('K'), 0);
  }, 20_000);
});

describe('a running head the fonts cannot show', () => {
  /** The sample's model with this running head, and nothing else naming its characters. */
  async function withHead(runningHead: string): Promise<{ readonly model: DocumentModel; readonly templates: Templates }> {
    const { tree, templates } = await compileSampleChapter();
    const model = present(tree, templates.theme);
    return { model: { ...model, furniture: { ...model.furniture, runningHead } }, templates };
  }
  const missing = (problems: readonly RenderProblem[]): string[] => problems.filter((problem) => problem.rule === 'glyph-missing').map((problem) => /“(.+?)”/u.exec(problem.reason)?.[1] ?? '');

  it('is named as missing in every document that draws it, not only in the first the renderer laid it out for', async () => {
    const { model, templates } = await withHead('Governance ሰላም');
    if (!templates.fonts) throw new Error('the fonts did not load');
    const renderer = createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator });
    const first = await renderer.render(model);
    const second = await renderer.render(model);
    expect(missing(first.problems)).toEqual(['ሰ', 'ላ', 'ም']);
    expect(missing(second.problems)).toEqual(missing(first.problems));
  });

  it('is shortened between characters, never inside one', async () => {
    // Astral characters (two UTF-16 units each), far more than a line holds.
    const { model, templates } = await withHead('\u{1D538}'.repeat(600));
    if (!templates.fonts) throw new Error('the fonts did not load');
    const rendered = await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator }).render(model);
    for (const character of missing(rendered.problems)) expect(character).toBe('\u{1D538}');
  });
});
