/**
 * The contents list: a Word TOC field whose result is written with the document, one entry per
 * heading with an internal link to the heading's bookmark, so it shows in Word and LibreOffice as
 * soon as the file is opened. The field takes Heading 1 as level 1 and the Indicator style as level
 * 2 (`TOC \o "1-1" \t "Indicator,2" \h`), so Word's Update Field rebuilds the same list.
 *
 * Page numbers are left to Word: the field is written dirty, so Word offers to update it on opening
 * and fills them in; LibreOffice shows the entries as written. Estimating them ourselves (docx/layout)
 * would cost seconds a chapter.
 *
 * The field is written by hand rather than with docx's TableOfContents, which gives the entries of
 * a `\t` level that level's source style (the entries for questions would look like Indicator
 * headings).
 */
import { ImportedXmlComponent, InternalHyperlink, Paragraph, TextRun, type FileChild, type ParagraphChild } from 'docx';
import type { ContentsEntry } from '../../document/model.js';
import { docxBookmark } from '../../vocabulary/anchors.js';
import { docxContentsLevels, StyleId } from '../../vocabulary/docx.js';

export const contentsInstruction = 'TOC \\o "1-1" \\t "Indicator,2" \\h';
/** A book's: its chapters' titles, their parts and their questions. */
export const bookContentsInstruction = 'TOC \\t "Chapter Title,1,Heading 1,2,Indicator,3" \\h';

function fieldRun(xml: string): TextRun {
  return new TextRun({ children: [ImportedXmlComponent.fromXmlString(xml)] });
}

const fieldBegin = () => fieldRun('<w:fldChar w:fldCharType="begin" w:dirty="true"/>');
const fieldInstruction = (instruction: string) => fieldRun(`<w:instrText xml:space="preserve">${instruction.replace(/"/g, '&quot;')}</w:instrText>`);
const fieldSeparate = () => fieldRun('<w:fldChar w:fldCharType="separate"/>');
const fieldEnd = () => fieldRun('<w:fldChar w:fldCharType="end"/>');

/** The heading "Contents" and the list itself: the field's result paragraphs, the first opening the field and the last closing it. */
export function contentsBlocks(heading: string, entries: readonly ContentsEntry[]): FileChild[] {
  if (entries.length === 0) return [];
  const last = entries.length - 1;
  const instruction = entries.some((entry) => entry.level === 3) ? bookContentsInstruction : contentsInstruction;
  return [
    new Paragraph({ style: StyleId.tocHeading, text: heading }),
    ...entries.map((entry, index) => {
      const title = new TextRun({ text: entry.title, style: StyleId.indexLink });
      const bookmark = docxBookmark(entry.anchor);
      const children: ParagraphChild[] = [bookmark === undefined ? title : new InternalHyperlink({ anchor: bookmark, children: [title] })];
      if (index === 0) children.unshift(fieldBegin(), fieldInstruction(instruction), fieldSeparate());
      if (index === last) children.push(fieldEnd());
      return new Paragraph({ style: docxContentsLevels[entry.level], children });
    }),
  ];
}
