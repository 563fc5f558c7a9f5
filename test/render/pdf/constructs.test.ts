/**
 * Every Markdown construct an assessment may hold reaches the PDF, in order and tagged — and, through
 * the build's agreement check, the HTML and DOCX editions too. Codebook text (a sub-category title)
 * gets the same glyph check as the chapter's.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInto, changedSource, lineColumnOf, outputBeside, removeFolder, replaceOnce } from '../../support/build.js';
import { firstMissingInOrder, readPdf } from '../../support/pdf.js';

const chapter = 'chapters/japan/coordination.md';
const anchor = 'Until the 1990s, the personnel resources';
const constructs = [
  'A paragraph with *emphasis*, **strong text**, `inline code`, a [link with *emphasis* inside](https://example.org/emphasis) and a citation [@yashiro2016].',
  'A line with a hard break  \nand its second line.',
  '- First bullet\n- Second bullet with a nested list:\n  1. first number\n  2. second number\n- Third bullet',
  '> A quoted passage.\n>\n> - with a list\n> - inside it',
  '```\nfirst code line\n    indented   code line\n```',
  '---',
  'A plain address: https://www.governmentportal.example.org/reports and the end.',
].join('\n\n');

describe('Markdown constructs in the PDF', () => {
  it('draws each of them, in order and tagged, and every edition agrees', async () => {
    const folder = await changedSource({ [chapter]: replaceOnce(anchor, `${constructs}\n\n${anchor}`) });
    try {
      const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['html', 'pdf', 'docx'] });
      // The build reads every edition back: no edition-disagrees means all three say the same.
      expect(built.diagnostics).toEqual([]);
      const pdf = await readPdf(path.join(outputBeside(folder), 'pdf/japan/coordination.pdf'));
      expect(
        firstMissingInOrder(pdf.text, [
          'A paragraph with emphasis, strong text, inline code, a link with emphasis inside and a citation (Yashiro 2016).',
          'A line with a hard break and its second line.',
          'First bullet',
          'Second bullet with a nested list:',
          'first number',
          'second number',
          'Third bullet',
          'A quoted passage.',
          'with a list',
          'inside it',
          'first code line indented code line',
          'A plain address: https://www.governmentportal.example.org/reports and the end.',
        ]),
      ).toBeUndefined();
      expect(pdf.roles).toEqual(expect.arrayContaining(['BlockQuote', 'L', 'LI', 'LBody', 'Link']));
      expect(pdf.raw).toMatch(/\/ListNumbering \/Decimal/);
      expect(pdf.raw).toMatch(/\/ListNumbering \/Disc/);
      expect(pdf.links.some((link) => link.url === 'https://example.org/emphasis')).toBe(true);
    } finally {
      await removeFolder(folder);
    }
  });

  it('gives every link annotation a description and a Link element as its structure parent', async () => {
    const folder = await changedSource({});
    try {
      await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['pdf'] });
      const pdf = await readPdf(path.join(outputBeside(folder), 'pdf/japan/coordination.pdf'));
      const annotations = [...pdf.raw.matchAll(/<<[^<>]*\/Subtype \/Link[^<>]*>>/g)].map((match) => match[0]);
      expect(annotations.length).toBe(pdf.links.length);
      for (const annotation of annotations) {
        expect(annotation).toMatch(/\/Contents \([^)]+\)/);
        expect(annotation).toMatch(/\/StructParent \d+/);
      }
    } finally {
      await removeFolder(folder);
    }
  });

  it('checks the glyphs of codebook titles too, where codebook.yaml has them', async () => {
    const folder = await changedSource({ 'codebook.yaml': replaceOnce('title: Quality of Horizontal Coordination', 'title: Quality of Horizontal Coordination ሰላ') });
    try {
      // With the agreement check, which leaves the boxes (in the heading, the contents, the running head) to glyph-missing.
      const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['pdf'] });
      expect(built.result.ok).toBe(true);
      expect(built.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['glyph-missing', 'glyph-missing']);
      const missing = built.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'glyph-missing');
      // Reported where the title is written: in codebook.yaml.
      const text = await readFile(path.join(folder, 'codebook.yaml'), 'utf8');
      expect(missing.map((diagnostic) => [path.basename(diagnostic.file), diagnostic.message.slice(0, 30).trim(), diagnostic.line, diagnostic.column])).toEqual([
        ['codebook.yaml', 'The character “ሰ” (U+1230) is', lineColumnOf(text, 'ሰ').line, lineColumnOf(text, 'ሰ').column],
        ['codebook.yaml', 'The character “ላ” (U+120B) is', lineColumnOf(text, 'ላ').line, lineColumnOf(text, 'ላ').column],
      ]);
      const pdf = await readPdf(path.join(outputBeside(folder), 'pdf/japan/coordination.pdf'));
      // Drawn as empty boxes, but the text layer keeps the characters.
      expect(pdf.textsOf('H2')).toContain('Quality of Horizontal Coordination ሰላ');
    } finally {
      await removeFolder(folder);
    }
  });
});
