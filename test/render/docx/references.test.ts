/** `::references` in the DOCX edition: the consolidated list under its own Heading 1, in the contents. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, changedSource, outputBeside, removeFolder } from '../../support/build.js';
import { find, paragraphStyle, readDocx, textOf, type Docx, type XmlElement } from '../../support/docx.js';

let source: string;
let docx: Docx;

beforeAll(async () => {
  source = await changedSource({ 'chapters/japan/coordination.md': (text) => `${text.trimEnd()}\n\n::references\n` });
  const built = await buildInto(outputBeside(source), { sourceDir: source, formats: ['docx'] });
  expect(built.diagnostics).toEqual([]);
  docx = await readDocx(path.join(outputBeside(source), 'docx/japan/coordination.docx'));
});
afterAll(() => removeFolder(source));

function bodyParagraphs(): XmlElement[] {
  return docx.body.children.filter((node): node is XmlElement => typeof node !== 'string' && node.name === 'w:p');
}

describe('the consolidated reference list in DOCX', () => {
  it('comes last, under a bookmarked Heading 1, each work once in the Bibliography style', () => {
    const paragraphs = bodyParagraphs();
    const heading = paragraphs.findLast((paragraph) => paragraphStyle(paragraph) === 'Heading1');
    expect(heading && textOf(heading)).toBe('References');
    // Besides its hidden round-trip mark (`_rp…`, test/roundtrip/).
    expect(find(heading as XmlElement, 'w:bookmarkStart').map((start) => start.attributes['w:name']).filter((name) => !name?.startsWith('_rp'))).toEqual(['references']);
    const entries = paragraphs.slice(paragraphs.indexOf(heading as XmlElement) + 1);
    expect(entries.every((entry) => paragraphStyle(entry) === 'Bibliography')).toBe(true);
    expect(entries).toHaveLength(15);
    expect(new Set(entries.map(textOf)).size).toBe(15);
    expect(entries.filter((entry) => textOf(entry).startsWith('Zakowski'))).toHaveLength(1);
  });

  it('is the contents list’s last entry', () => {
    const entries = bodyParagraphs().filter((paragraph) => paragraphStyle(paragraph) === 'TOC1');
    expect(entries.map(textOf).at(-1)).toBe('References');
    expect(find(entries.at(-1) as XmlElement, 'w:hyperlink')[0]?.attributes['w:anchor']).toBe('references');
  });
});
