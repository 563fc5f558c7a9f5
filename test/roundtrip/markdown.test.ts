/**
 * The import keeps the chapter's Markdown: list items and quotes gained and lost as the DOCX's
 * paragraphs are (a numbered paragraph is a list item), emphasis around edited words, escapes in
 * what an editor typed, and a chapter's line endings.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedSource, removeFolder } from '../support/build.js';
import { beforeAdvanceScreening } from '../support/edits.js';
import { applyEdits, chapterDocx, deleteParagraph, editDocx, importInto, paragraphWith, typeOver, wordRun } from '../support/word.js';

const chapterFile = 'chapters/japan/coordination.md';
const blocks = ['- the *foremost* item', '- the second item', '> A quoted remark.'].join('\n');
let folder: string;
let original: string;
let docx: Uint8Array;

beforeAll(async () => {
  folder = await changedSource({ [chapterFile]: beforeAdvanceScreening(`${blocks.split('\n').slice(0, 2).join('\n')}\n\n${blocks.split('\n')[2] ?? ''}`) });
  original = await readFile(path.join(folder, chapterFile), 'utf8');
  docx = await chapterDocx(folder);
});
afterAll(async () => {
  await removeFolder(folder);
});

/** A new paragraph after the one holding `after`, numbered as a list item of the list that paragraph is in. */
function newListItemAfter(after: string, text: string): (xml: string) => string {
  return (xml) => {
    const paragraph = paragraphWith(xml, after);
    const numbering = /<w:numPr>.*?<\/w:numPr>/.exec(paragraph.xml)?.[0] ?? '';
    return `${xml.slice(0, paragraph.end)}<w:p w:rsidR="00E1F2A3"><w:pPr><w:pStyle w:val="ListParagraph"/>${numbering}</w:pPr>${wordRun(text)}</w:p>${xml.slice(paragraph.end)}`;
  };
}

describe('Markdown kept through the round trip', () => {
  it('a numbered paragraph added to a list is a new item; a deleted one takes its marker with it', async () => {
    const edited = editDocx(docx, applyEdits(newListItemAfter('the second item', 'a third item'), deleteParagraph('the second item')));
    const { chapter, diagnostics } = await importInto(folder, edited);
    expect(diagnostics).toEqual([]);
    expect(chapter).toContain('- the *foremost* item\n- a third item\n\n> A quoted remark.');
  });

  it('a word typed into an italic word stays italic; asterisks an editor typed are text', async () => {
    const edited = editDocx(docx, applyEdits(typeOver('foremost', 'very foremost'), typeOver('A quoted remark.', 'A quoted remark, *starred*.')));
    const { chapter } = await importInto(folder, edited);
    expect(chapter).toContain('- the *very foremost* item');
    // What the editor typed is text, not markup: its asterisks are escaped.
    expect(chapter).toContain('> A quoted remark, \\*starred\\*.');
  });

  it('an edit of words marked as another language stays inside its :span, tag and all', async () => {
    const marked = await changedSource({ [chapterFile]: (text) => text.replace('The newly created Cabinet Office', 'The newly created :span[Bundeskanzleramt]{lang=de} and Cabinet Office') });
    try {
      const before = await readFile(path.join(marked, chapterFile), 'utf8');
      expect(before).toContain(':span[Bundeskanzleramt]{lang=de}');
      const unedited = await importInto(marked, await chapterDocx(marked));
      expect(unedited.chapter).toBe(before);
      const edited = editDocx(await chapterDocx(marked), typeOver('Bundeskanzleramt', 'Bundeskanzleramtes'));
      const { chapter, diagnostics } = await importInto(marked, edited);
      expect(diagnostics).toEqual([]);
      expect(chapter).toBe(before.replace(':span[Bundeskanzleramt]{lang=de}', ':span[Bundeskanzleramtes]{lang=de}'));
    } finally {
      await removeFolder(marked);
    }
  });

  it('keeps a chapter’s CRLF line endings, and changes nothing else', async () => {
    const crlf = await changedSource({ [chapterFile]: (text) => text.replace(/\n/g, '\r\n') });
    try {
      const edited = editDocx(await chapterDocx(crlf), typeOver('were considered insufficient', 'were considered inadequate'));
      const { chapter } = await importInto(crlf, edited);
      const before = await readFile(path.join(crlf, chapterFile), 'utf8');
      expect(chapter).toBe(before.replace('were considered insufficient', 'were considered inadequate'));
    } finally {
      await removeFolder(crlf);
    }
  });

  it('an unedited DOCX of a chapter with lists and quotes imports as no change', async () => {
    const { result, chapter } = await importInto(folder, docx);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(original);
  });
});
