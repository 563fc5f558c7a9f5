/**
 * The built DOCX, read back from its XML as Word reads it, holds every fact of the user's seed
 * chapter in order: ranks, indicator titles with their scores, question texts, every band
 * description with the score's band shaded and marked, every paragraph word for word, and every
 * citation with a working link; with bookmarks, a contents list and the page furniture.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Theme } from '../../../src/theme/theme.js';
import { buildInto, compileSample, removeFolder, temporaryFolder } from '../../support/build.js';
import { child, contentOf, find, findAll, paragraphStyle, readDocx, textOf, val, type Docx, type XmlElement } from '../../support/docx.js';
import { citationFacts, readSeed, seedQuestions } from '../../support/seed.js';

const seed = readSeed();
let outDir: string;
let docx: Docx;
let theme: Theme;
let questionIds: string[];

beforeAll(async () => {
  outDir = await temporaryFolder();
  const built = await buildInto(outDir, { formats: ['docx'] });
  expect(built.result.ok).toBe(true);
  expect(built.diagnostics).toEqual([]);
  expect(built.result.written.map((file) => path.relative(outDir, file)).sort()).toEqual(['data/codebook.json', 'data/scores.csv', 'data/scores.json', 'docx/edition.docx', 'docx/japan.docx', 'docx/japan/coordination.docx']);
  docx = await readDocx(path.join(outDir, 'docx/japan/coordination.docx'));
  const compiled = await compileSample();
  theme = compiled.templates.theme;
  questionIds = compiled.chapters[0]?.tree.children[0].children.flatMap((content) => (content.type === 'subCategory' ? content.children.map((question) => question.id) : [])) ?? [];
});
afterAll(() => removeFolder(outDir));

/** The body's paragraphs and tables, in order. */
function blocks(): XmlElement[] {
  return docx.body.children.filter((node): node is XmlElement => typeof node !== 'string' && (node.name === 'w:p' || node.name === 'w:tbl'));
}

function paragraphsWithStyle(style: string, within: readonly XmlElement[] = blocks()): XmlElement[] {
  return within.filter((block) => block.name === 'w:p' && paragraphStyle(block) === style);
}

/** Each question's blocks: from its Indicator heading to the next question or sub-category. */
function questionGroups(): XmlElement[][] {
  const groups: XmlElement[][] = [];
  let current: XmlElement[] | undefined;
  for (const block of blocks()) {
    const style = block.name === 'w:p' ? paragraphStyle(block) : undefined;
    if (style === 'Indicator') {
      current = [];
      groups.push(current);
    } else if (style === 'Heading1') {
      current = undefined;
    }
    current?.push(block);
  }
  return groups;
}

const rowsOf = (table: XmlElement) => find(table, 'w:tr');
const cellsOf = (row: XmlElement) => find(row, 'w:tc');
const cellText = (cell: XmlElement) => find(cell, 'w:p').map(textOf).join(' ');
const hexOf = (colour: string) => colour.slice(1).toUpperCase();

describe('the Japan chapter in DOCX', () => {
  it('has every fact of the seed in word/document.xml, in the seed’s order', () => {
    const afterContents = blocks().filter((block) => block.name === 'w:tbl' || !/^TOC/.test(paragraphStyle(block) ?? ''));
    const text = afterContents.flatMap((block) => (block.name === 'w:tbl' ? find(block, 'w:p') : [block])).map(textOf).join('\n');
    const expected = [
      `${seed.country}: ${seed.category}`,
      `Rank ${seed.rank} of 30`,
      'Key Findings',
      ...seed.keyFindings,
      ...seed.subcategories.flatMap((subcategory) => [
        subcategory.title,
        `Rank ${subcategory.rank} of 30`,
        ...subcategory.questions.flatMap((question) => [
          question.indicator,
          `Score ${question.score} / 10`,
          question.text,
          'Rating scale',
          ...question.bands.flatMap((band) => [band.description]),
          ...question.paragraphs,
          'Citations',
          ...question.citations.map((line) => citationFacts(line).lead),
        ]),
      ]),
    ];
    let cursor = 0;
    for (const fact of expected) {
      const at = text.indexOf(fact, cursor);
      expect(at, `"${fact.slice(0, 60)}" after position ${cursor}`).toBeGreaterThanOrEqual(cursor);
      cursor = at + fact.length;
    }
  });

  it('opens with the edition, the chapter title in the Title style and the category rank', () => {
    const titles = paragraphsWithStyle('Title');
    expect(titles.map(textOf)).toEqual([`${seed.country}: ${seed.category}`]);
    const all = blocks();
    const at = all.indexOf(titles[0] as XmlElement);
    expect(paragraphStyle(all[at - 1] as XmlElement)).toBe('Edition');
    expect(textOf(all[at - 1] as XmlElement)).toBe('Sustainable Governance Indicators 2024');
    expect([paragraphStyle(all[at + 1] as XmlElement), textOf(all[at + 1] as XmlElement)]).toEqual(['Rank', `Rank ${seed.rank} of 30`]);
  });

  it('has the key findings word for word, under their heading', () => {
    expect(paragraphsWithStyle('KeyFinding').map(textOf)).toEqual(seed.keyFindings);
  });

  it('has each sub-category as Heading 1 with its rank, in order', () => {
    const all = blocks();
    const headings = paragraphsWithStyle('Heading1').filter((heading) => textOf(heading) !== 'Key Findings');
    expect(headings.map((heading) => [textOf(heading), textOf(all[all.indexOf(heading) + 1] as XmlElement)])).toEqual(
      seed.subcategories.map((subcategory) => [subcategory.title, `Rank ${subcategory.rank} of 30`]),
    );
  });

  it('has each question’s indicator, score, question text and assessment paragraphs, in order', () => {
    const expected = seedQuestions(seed);
    const groups = questionGroups();
    expect(groups).toHaveLength(expected.length);
    groups.forEach((group, index) => {
      const facts = expected[index];
      if (!facts) throw new Error('missing seed question');
      expect(textOf(group[0] as XmlElement)).toBe(facts.indicator);
      const score = paragraphsWithStyle('Score', group);
      expect(score.map(textOf)).toEqual([`Score ${facts.score} / 10`]);
      const value = find(score[0] as XmlElement, 'w:r').find((run) => val(run, 'w:rPr', 'w:rStyle') === 'ScoreValue');
      expect(value && textOf(value)).toBe(`${facts.score} / 10`);
      const question = paragraphsWithStyle('QuestionText', group);
      expect(question.map(textOf)).toEqual([`Question: ${facts.text}`]);
      // The label run: its style, and upright given directly (italic toggles in Word's styles).
      const label = find(question[0] as XmlElement, 'w:r')[0];
      expect(label && textOf(label)).toBe('Question: ');
      expect(label && val(label, 'w:rPr', 'w:rStyle')).toBe('QuestionLabel');
      expect(label && val(label, 'w:rPr', 'w:i')).toBe('false');
      const assessment = group.filter((block) => block.name === 'w:p' && ['FirstParagraph', 'BodyText'].includes(paragraphStyle(block) ?? ''));
      expect(assessment.map(textOf)).toEqual(facts.paragraphs);
      expect(assessment.map(paragraphStyle)).toEqual(facts.paragraphs.map((_paragraph, at) => (at === 0 ? 'FirstParagraph' : 'BodyText')));
    });
  });

  it('draws each rubric as a Rubric Table with caption, a repeated header row and every band; only the score’s band is shaded and marked', () => {
    const expected = seedQuestions(seed);
    questionGroups().forEach((group, index) => {
      const facts = expected[index];
      if (!facts) throw new Error('missing seed question');
      const tables = group.filter((block) => block.name === 'w:tbl');
      expect(tables).toHaveLength(1);
      const table = tables[0] as XmlElement;
      expect(val(table, 'w:tblPr', 'w:tblStyle')).toBe('RubricTable');
      const before = group[group.indexOf(table) - 1] as XmlElement;
      expect([paragraphStyle(before), textOf(before)]).toEqual(['Caption', 'Rating scale']);

      const [header, ...bands] = rowsOf(table);
      if (!header) throw new Error('no header row');
      expect(child(child(header, 'w:trPr') as XmlElement, 'w:tblHeader')).toBeDefined();
      expect(cellsOf(header).map(cellText)).toEqual(['Scores', 'Description']);
      expect(rowsOf(table).every((row) => child(child(row, 'w:trPr') ?? header, 'w:cantSplit'))).toBe(true);

      expect(bands.map((row) => cellText(cellsOf(row)[0] as XmlElement))).toEqual(facts.bands.map((band) => `${Math.max(...band.scores)}–${Math.min(...band.scores)}`));
      bands.forEach((row, bandIndex) => expect(cellText(cellsOf(row)[1] as XmlElement).startsWith(facts.bands[bandIndex]?.description ?? '?')).toBe(true));

      const shaded = bands.filter((row) => cellsOf(row).some((cell) => findAll(cell, 'w:shd').length > 0));
      expect(shaded).toHaveLength(1);
      const selected = shaded[0] as XmlElement;
      for (const cell of cellsOf(selected)) expect(findAll(cell, 'w:shd').map((shading) => shading.attributes['w:fill'])).toEqual([hexOf(theme.colours.highlight)]);
      const selectedBand = facts.bands.find((band) => band.scores.includes(facts.score));
      expect(cellText(cellsOf(selected)[1] as XmlElement)).toBe(`${selectedBand?.description ?? '?'} Score ${facts.score} lies in this band`);
      const marker = find(cellsOf(selected)[1] as XmlElement, 'w:r').filter((run) => val(run, 'w:rPr', 'w:rStyle') === 'SelectedBand');
      expect(marker.map(textOf)).toEqual([`Score ${facts.score} lies in this band`]);
      expect(findAll(header, 'w:shd')).toEqual([]);
    });
  });

  it('lists every seed citation under its question in the Bibliography style, with author or title, year and a link that resolves', () => {
    const expected = seedQuestions(seed);
    const relationships = docx.relationships('word/document.xml');
    questionGroups().forEach((group, index) => {
      const heading = paragraphsWithStyle('Heading3', group);
      expect(heading.map(textOf)).toEqual(['Citations']);
      const entries = paragraphsWithStyle('Bibliography', group);
      const facts = expected[index]?.citations ?? [];
      expect(entries).toHaveLength(facts.length);
      facts.forEach((line, entryIndex) => {
        const entry = entries[entryIndex] as XmlElement;
        const { lead, year, url } = citationFacts(line);
        const text = textOf(entry);
        expect(text).toContain(lead);
        if (year) expect(text).toContain(year);
        if (url) {
          expect(text).toContain(url);
          const targets = find(entry, 'w:hyperlink').map((link) => relationships.get(link.attributes['r:id'] ?? ''));
          expect(targets.every((target) => target?.mode === 'External' && target.type.endsWith('/hyperlink'))).toBe(true);
          expect(targets.some((target) => target?.target.endsWith(url.replace(/^https?:\/\//, '')))).toBe(true);
        }
      });
    });
  });

  it('sets titles of works in italics, as the citation style says', () => {
    const italic = paragraphsWithStyle('Bibliography')
      .flatMap((entry) => find(entry, 'w:r'))
      .filter((run) => child(child(run, 'w:rPr') ?? run, 'w:i'))
      .map(textOf);
    expect(italic).toEqual(expect.arrayContaining(['The Japan Times', 'The Asahi Shinbun']));
  });

  it('formats the inline citation of the seed as "(Yashiro 2016)"', () => {
    const text = [...paragraphsWithStyle('FirstParagraph'), ...paragraphsWithStyle('BodyText')].map(textOf).join('\n');
    expect(text.match(/\(Yashiro 2016\)/g)).toHaveLength(1);
  });

  it('marks each question with a bookmark named after its codebook id, on its indicator heading', () => {
    expect(questionIds).toHaveLength(5);
    // Besides each paragraph's hidden round-trip mark (`_rp…`, test/roundtrip/).
    const names = paragraphsWithStyle('Indicator').map((heading) => find(heading, 'w:bookmarkStart').map((start) => start.attributes['w:name']).filter((name) => !name?.startsWith('_rp')));
    expect(names).toEqual(questionIds.map((id) => [`q_${id.replace(/-/g, '_')}`]));
    const starts = findAll(docx.body, 'w:bookmarkStart').map((start) => start.attributes['w:id']);
    const ends = findAll(docx.body, 'w:bookmarkEnd').map((end) => end.attributes['w:id']);
    expect(new Set(starts).size).toBe(starts.length);
    expect([...ends].sort()).toEqual([...starts].sort());
  });

  it('has a contents list that shows its entries without updating, each linked to its heading’s bookmark', () => {
    const entries = blocks().filter((block) => /^TOC\d$/.test(paragraphStyle(block) ?? ''));
    const headings = blocks().filter((block) => ['Heading1', 'Indicator'].includes(paragraphStyle(block) ?? ''));
    expect(entries.map(textOf)).toEqual(headings.map(textOf));
    expect(entries.map(paragraphStyle)).toEqual(headings.map((heading) => (paragraphStyle(heading) === 'Heading1' ? 'TOC1' : 'TOC2')));
    const bookmarks = new Set(findAll(docx.body, 'w:bookmarkStart').map((start) => start.attributes['w:name']));
    for (const entry of entries) {
      const anchors = find(entry, 'w:hyperlink').map((link) => link.attributes['w:anchor']);
      expect(anchors).toHaveLength(1);
      expect(bookmarks.has(anchors[0])).toBe(true);
    }
    const instruction = findAll(entries[0] as XmlElement, 'w:instrText').map(contentOf);
    expect(instruction).toEqual(['TOC \\o "1-1" \\t "Indicator,2" \\h']);
    const fieldChars = entries.flatMap((entry) => findAll(entry, 'w:fldChar').map((field) => field.attributes['w:fldCharType']));
    expect(fieldChars).toEqual(['begin', 'separate', 'end']);
    expect(paragraphsWithStyle('TOCHeading').map(textOf)).toEqual(['Contents']);
  });

  it('has the running head in the header and "Page X of Y" in the footer, on the theme’s page', () => {
    const header = docx.xml('word/header1.xml');
    expect(find(header, 'w:p').map(textOf)).toEqual(['Sustainable Governance Indicators 2024 · Japan · Coordination']);
    expect(find(header, 'w:p').map(paragraphStyle)).toEqual(['Header']);
    const footer = docx.xml('word/footer1.xml');
    expect(find(footer, 'w:p').map(paragraphStyle)).toEqual(['Footer']);
    const instructions = findAll(footer, 'w:instrText').map((node) => contentOf(node).trim());
    expect(instructions).toEqual(['PAGE', 'NUMPAGES']);
    expect(textOf(find(footer, 'w:p')[0] as XmlElement)).toBe('Page  of ');
    const section = child(docx.body, 'w:sectPr') as XmlElement;
    expect(child(section, 'w:pgSz')?.attributes).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    expect(child(section, 'w:pgMar')?.attributes).toMatchObject({
      'w:top': String(theme.page.margins.top * 20),
      'w:left': String(theme.page.margins.left * 20),
      'w:bottom': String(theme.page.margins.bottom * 20),
      'w:right': String(theme.page.margins.right * 20),
    });
  });

  it('carries the title, subject, publisher, keywords, language and the edition’s date in its properties', () => {
    const core = docx.xml('docProps/core.xml');
    const field = (name: string) => find(core, name).map(contentOf);
    expect(field('dc:title')).toEqual(['Japan: Coordination — Sustainable Governance Indicators 2024']);
    // The PDF's subject and keywords, word for word: the country, the category, its sub-categories and the edition.
    expect(field('dc:subject')).toEqual([`Sustainable Governance Indicators 2024: ${seed.country}: ${seed.category}. Rank ${seed.rank} of 30.`]);
    expect(field('dc:creator')).toEqual(['Bertelsmann Stiftung']);
    expect(field('cp:keywords')).toEqual([['Japan', 'Coordination', ...seed.subcategories.map((subcategory) => subcategory.title), 'Sustainable Governance Indicators 2024'].join(', ')]);
    expect(field('dc:language')).toEqual(['en-US']);
    expect(field('dcterms:created')).toEqual(['2024-06-01T00:00:00Z']);
    expect(field('dcterms:modified')).toEqual(['2024-06-01T00:00:00Z']);
    const app = docx.xml('docProps/app.xml');
    expect(find(app, 'Company').map(contentOf)).toEqual(['Bertelsmann Stiftung']);
    expect(find(app, 'Application').map(contentOf)).toEqual([expect.stringMatching(/^rubricpress \d+\.\d+\.\d+$/)]);
  });
});
