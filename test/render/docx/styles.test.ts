/**
 * The DOCX edition is styled through named Word styles that editors recognise, made from the theme,
 * and the document uses them: a style changed in Word changes every paragraph, run or table that
 * has it. Direct formatting is left to what no style can say.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { createDocxRenderer } from '../../../src/render/docx/render.js';
import type { Theme } from '../../../src/theme/theme.js';
import { present } from '../../../src/present/present.js';
import { compileSample } from '../../support/build.js';
import { child, find, findAll, openDocx, val, type Docx, type XmlElement } from '../../support/docx.js';

let docx: Docx;
let theme: Theme;
let styles: Map<string, XmlElement>;

beforeAll(async () => {
  const compiled = await compileSample();
  theme = compiled.templates.theme;
  const chapter = compiled.chapters[0];
  if (!chapter) throw new Error('no chapter');
  const rendered = await createDocxRenderer({ theme, generator }).render(present(chapter.tree, theme));
  expect(rendered.problems).toEqual([]);
  docx = openDocx(rendered.bytes);
  styles = new Map(find(docx.xml('word/styles.xml'), 'w:style').map((style) => [style.attributes['w:styleId'] ?? '', style]));
});

const halfPoints = (points: number) => String(Math.round(points * 2));
const hexOf = (colour: string) => colour.slice(1).toUpperCase();

function style(id: string): XmlElement {
  const found = styles.get(id);
  if (!found) throw new Error(`styles.xml has no style ${id}`);
  return found;
}

/** The style ids a part refers to, by kind. */
function used(part: string, element: 'w:pStyle' | 'w:rStyle' | 'w:tblStyle'): Set<string> {
  return new Set(findAll(docx.xml(part), element).map((reference) => reference.attributes['w:val'] ?? ''));
}

describe('the DOCX edition’s styles', () => {
  const expected: [id: string, name: string, type: string][] = [
    ['Title', 'Title', 'paragraph'],
    ['Heading1', 'Heading 1', 'paragraph'],
    ['Heading2', 'Heading 2', 'paragraph'],
    ['Heading3', 'Heading 3', 'paragraph'],
    ['BodyText', 'Body Text', 'paragraph'],
    ['FirstParagraph', 'First Paragraph', 'paragraph'],
    ['Indicator', 'Indicator', 'paragraph'],
    ['Score', 'Score', 'paragraph'],
    ['ScoreValue', 'Score Value', 'character'],
    ['QuestionText', 'Question Text', 'paragraph'],
    ['QuestionLabel', 'Question Label', 'character'],
    ['Caption', 'caption', 'paragraph'],
    ['RubricTable', 'Rubric Table', 'table'],
    ['SelectedBand', 'Selected Band', 'character'],
    ['Bibliography', 'Bibliography', 'paragraph'],
    ['KeyFinding', 'Key Finding', 'paragraph'],
    ['Rank', 'Rank', 'paragraph'],
    ['Edition', 'Edition', 'paragraph'],
    ['Quote', 'Quote', 'paragraph'],
    ['SourceCode', 'Source Code', 'paragraph'],
    ['VerbatimChar', 'Verbatim Char', 'character'],
    ['Hyperlink', 'Hyperlink', 'character'],
    ['Header', 'header', 'paragraph'],
    ['Footer', 'footer', 'paragraph'],
    ['TOCHeading', 'TOC Heading', 'paragraph'],
    ['TOC1', 'toc 1', 'paragraph'],
    ['TOC2', 'toc 2', 'paragraph'],
  ];

  it.each(expected)('has the %s style, named "%s" (%s)', (id, name, type) => {
    expect(style(id).attributes['w:type']).toBe(type);
    expect(val(style(id), 'w:name')).toBe(name);
  });

  it('defines each style once', () => {
    const ids = find(docx.xml('word/styles.xml'), 'w:style').map((entry) => entry.attributes['w:styleId']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses them in the document, the header and the footer, and refers to no style it does not define', () => {
    const paragraphStyles = used('word/document.xml', 'w:pStyle');
    const runStyles = used('word/document.xml', 'w:rStyle');
    const tableStyles = used('word/document.xml', 'w:tblStyle');
    for (const id of ['Edition', 'Title', 'Rank', 'TOCHeading', 'TOC1', 'TOC2', 'Heading1', 'KeyFinding', 'Indicator', 'Score', 'QuestionText', 'Caption', 'FirstParagraph', 'BodyText', 'Heading3', 'Bibliography']) {
      expect(paragraphStyles, id).toContain(id);
    }
    for (const id of ['ScoreValue', 'QuestionLabel', 'SelectedBand', 'Hyperlink']) expect(runStyles, id).toContain(id);
    expect([...tableStyles]).toEqual(['RubricTable']);
    expect([...used('word/header1.xml', 'w:pStyle')]).toEqual(['Header']);
    expect([...used('word/footer1.xml', 'w:pStyle')]).toEqual(['Footer']);
    for (const id of [...paragraphStyles, ...runStyles, ...tableStyles]) expect(styles.has(id), id).toBe(true);
  });

  it('takes fonts, sizes, colours and the language from the theme and the edition', () => {
    const defaults = child(child(docx.xml('word/styles.xml'), 'w:docDefaults') as XmlElement, 'w:rPrDefault') as XmlElement;
    const runDefaults = child(defaults, 'w:rPr') as XmlElement;
    expect(child(runDefaults, 'w:rFonts')?.attributes['w:ascii']).toBe(theme.fonts.body.family);
    expect(val(runDefaults, 'w:sz')).toBe(halfPoints(theme.sizes.body));
    expect(val(runDefaults, 'w:color')).toBe(hexOf(theme.colours.text));
    expect(val(runDefaults, 'w:lang')).toBe('en-US');

    const heading = child(style('Heading1'), 'w:rPr') as XmlElement;
    expect(child(heading, 'w:rFonts')?.attributes['w:ascii']).toBe(theme.fonts.heading.family);
    expect(val(heading, 'w:sz')).toBe(halfPoints(theme.sizes.heading1));
    expect(val(heading, 'w:color')).toBe(hexOf(theme.colours.accent));
    expect(val(child(style('Title'), 'w:rPr'), 'w:sz')).toBe(halfPoints(theme.sizes.title));
    expect(val(child(style('ScoreValue'), 'w:rPr'), 'w:sz')).toBe(halfPoints(theme.sizes.score));
    expect(val(child(style('Hyperlink'), 'w:rPr'), 'w:color')).toBe(hexOf(theme.colours.link));
  });

  it('puts the outline in the headings: Heading 1 level 1, Indicator level 2, Heading 3 level 3', () => {
    expect(val(style('Heading1'), 'w:pPr', 'w:outlineLvl')).toBe('0');
    expect(val(style('Indicator'), 'w:pPr', 'w:outlineLvl')).toBe('1');
    expect(val(style('Indicator'), 'w:basedOn')).toBe('Heading2');
    expect(val(style('Heading3'), 'w:pPr', 'w:outlineLvl')).toBe('2');
    expect(val(style('TOCHeading'), 'w:pPr', 'w:outlineLvl')).toBe('9');
  });

  it('gives the Bibliography style a hanging indent', () => {
    const indent = child(child(style('Bibliography'), 'w:pPr') as XmlElement, 'w:ind');
    expect(Number(indent?.attributes['w:hanging'])).toBeGreaterThan(0);
    expect(indent?.attributes['w:left'] ?? indent?.attributes['w:start']).toBe(indent?.attributes['w:hanging']);
  });

  it('keeps the rubric tables’ look in the Rubric Table style: rules, a shaded header row that repeats, and the score column', () => {
    const table = style('RubricTable');
    const borders = child(child(table, 'w:tblPr') as XmlElement, 'w:tblBorders') as XmlElement;
    for (const side of ['w:top', 'w:bottom', 'w:insideH', 'w:insideV']) expect(child(borders, side)?.attributes['w:color']).toBe(hexOf(theme.colours.rule));
    const conditional = new Map(find(table, 'w:tblStylePr').map((part) => [part.attributes['w:type'], part]));
    const firstRow = conditional.get('firstRow') as XmlElement;
    expect(findAll(firstRow, 'w:shd')[0]?.attributes['w:fill']).toBe(hexOf(theme.colours.surface));
    expect(findAll(firstRow, 'w:tblHeader')).toHaveLength(1);
    expect(conditional.has('firstCol')).toBe(true);
    // Each table says which parts of the style it uses, and carries no borders of its own.
    for (const tableElement of findAll(docx.body, 'w:tbl')) {
      const properties = child(tableElement, 'w:tblPr') as XmlElement;
      expect(child(properties, 'w:tblLook')?.attributes).toMatchObject({ 'w:firstRow': expect.stringMatching(/^(1|true)$/), 'w:firstColumn': expect.stringMatching(/^(1|true)$/) });
      expect(child(properties, 'w:tblBorders')).toBeUndefined();
    }
  });

  it('formats directly only the selected band’s cells', () => {
    const directCells = findAll(docx.body, 'w:tcPr').filter((properties) => child(properties, 'w:shd') ?? child(properties, 'w:tcBorders'));
    expect(directCells).toHaveLength(5 * 2);
    const paragraphsWithDirectRunFormatting = findAll(docx.body, 'w:pPr').filter((properties) => child(properties, 'w:rPr') ?? child(properties, 'w:jc') ?? child(properties, 'w:spacing'));
    expect(paragraphsWithDirectRunFormatting).toEqual([]);
  });
});
