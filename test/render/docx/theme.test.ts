/** One change in templates/theme.yaml reaches the DOCX edition: colours, sizes, page and labels are not hard-coded. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../src/build/build.js';
import { removeFolder, sampleSource, temporaryFolder, templatesDir } from '../../support/build.js';
import { child, find, findAll, readDocx, textOf, val, type Docx, type XmlElement } from '../../support/docx.js';

let folder: string;
let changed: Docx;

beforeAll(async () => {
  folder = await temporaryFolder();
  const templates = path.join(folder, 'templates');
  await cp(templatesDir, templates, { recursive: true });
  const themePath = path.join(templates, 'theme.yaml');
  const original = await readFile(themePath, 'utf8');
  const theme = original
    .replace(/highlight: "#[0-9a-f]{6}"/, 'highlight: "#c8f0d2"')
    .replace(/heading1: [\d.]+/, 'heading1: 24')
    .replace('size: A4', 'size: Letter')
    .replace('rubricCaption: "Rating scale"', 'rubricCaption: "Scale of ratings"')
    .replace('selectedBand: "Score {score} lies in this band"', 'selectedBand: "The score, {score}, is in this band"')
    .replace('pageOf: "Page {page} of {pages}"', 'pageOf: "{page}/{pages}"')
    .replace('contents: Contents', 'contents: In this chapter')
    .replace('pageNumber: right', 'pageNumber: centre')
    .replace('labels: as written', 'labels: capitals')
    .replace('title: "#0b5c7a"', 'title: "#7a0b3c"');
  expect(theme).not.toBe(original);
  await writeFile(themePath, theme);
  const outDir = path.join(folder, 'out');
  const result = await build({ sourceDir: sampleSource, outDir, templatesDir: templates, formats: ['docx'], strict: false, write: true });
  expect(result.ok).toBe(true);
  changed = await readDocx(path.join(outDir, 'docx/japan/coordination.docx'));
});
afterAll(() => removeFolder(folder));

describe('the theme in the DOCX edition', () => {
  it('shades the selected band with the theme’s highlight', () => {
    const fills = new Set(findAll(changed.body, 'w:tcPr').flatMap((cell) => findAll(cell, 'w:shd').map((shading) => shading.attributes['w:fill'])));
    expect(fills).toEqual(new Set(['C8F0D2']));
  });

  it('sizes Heading 1 and the page from the theme', () => {
    const heading = find(changed.xml('word/styles.xml'), 'w:style').find((style) => style.attributes['w:styleId'] === 'Heading1');
    expect(val(child(heading as XmlElement, 'w:rPr'), 'w:sz')).toBe('48');
    expect(child(child(changed.body, 'w:sectPr') as XmlElement, 'w:pgSz')?.attributes).toMatchObject({ 'w:w': '12240', 'w:h': '15840' });
  });

  it('takes its words from the theme’s labels', () => {
    const paragraphs = find(changed.body, 'w:p').map(textOf);
    expect(paragraphs.filter((text) => text === 'SCALE OF RATINGS')).toHaveLength(5);
    expect(paragraphs.filter((text) => text === 'CITATIONS')).toHaveLength(5);
    expect(paragraphs.filter((text) => /^The score, \d+, is in this band$/.test(text))).toHaveLength(5);
    expect(paragraphs).toContain('In this chapter');
    expect(paragraphs).not.toContain('Rating scale');
    expect(find(changed.xml('word/footer1.xml'), 'w:p').map(textOf)).toEqual(['/']);
  });

  it('takes the look every edition shares from the theme: the title’s colour, the page number’s place', () => {
    const styles = find(changed.xml('word/styles.xml'), 'w:style');
    const style = (id: string) => styles.find((candidate) => candidate.attributes['w:styleId'] === id) as XmlElement;
    expect(val(child(style('Title'), 'w:rPr'), 'w:color')).toBe('7A0B3C');
    expect(val(child(style('Footer'), 'w:pPr'), 'w:jc')).toBe('center');
  });

  it('sets the title page in a section of its own, without running head or page number, with the publisher line', () => {
    const sections = findAll(changed.body, 'w:sectPr');
    expect(sections).toHaveLength(2);
    const [title, rest] = sections as [XmlElement, XmlElement];
    expect(findAll(title, 'w:headerReference')).toEqual([]);
    expect(findAll(title, 'w:footerReference')).toEqual([]);
    expect(findAll(rest, 'w:headerReference')).toHaveLength(1);
    // The title section's paragraphs end with the one that holds its section properties.
    const paragraphs = find(changed.body, 'w:p');
    const last = paragraphs.findIndex((paragraph) => findAll(paragraph, 'w:sectPr').length > 0);
    expect(paragraphs.slice(0, last + 1).map(textOf)).toEqual([
      'Sustainable Governance Indicators 2024',
      'Japan: Coordination',
      'Rank 16 of 30',
      'Bertelsmann Stiftung · 2024',
      'Authors Hiroko Saito, Daniel Hoffmann',
      'Editors Anna Lindqvist, Markus Brandt',
      'Assessment period November 1, 2021 – January 15, 2024',
      'Copyright © 2024 Bertelsmann Stiftung',
      'Licence Creative Commons Attribution 4.0 International (CC-BY-4.0)',
      'DOI https://doi.org/10.5555/sgi2024-japan-coordination',
      'Online https://www.sgi-network.org/2024/japan/coordination',
      'Suggested citation',
      'Saito, Hiroko, and Daniel Hoffmann. 2024. “Japan: Coordination.” In Sustainable Governance Indicators 2024, edited by Anna Lindqvist and Markus Brandt. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024-japan-coordination',
    ]);
  });
});
