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
    .replace('contents: Contents', 'contents: In this chapter');
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
    expect(paragraphs.filter((text) => text === 'Scale of ratings')).toHaveLength(5);
    expect(paragraphs.filter((text) => /^The score, \d+, is in this band$/.test(text))).toHaveLength(5);
    expect(paragraphs).toContain('In this chapter');
    expect(paragraphs).not.toContain('Rating scale');
    expect(find(changed.xml('word/footer1.xml'), 'w:p').map(textOf)).toEqual(['/']);
  });
});
