/**
 * The editors' round trip in the DOCX edition (docs/round-trip.md): a hidden bookmark at the start of
 * each paragraph saying what it is (a block of a chapter's prose, or locked words), named by the
 * vocabulary, and the custom properties that say which chapters the document holds and carry their
 * text. What is marked, and with which id, is the document model's decision; this maps it.
 */
import { Bookmark, type ParagraphChild } from 'docx';
import type { Chapter, Locked } from '../../document/model.js';
import { docxBlockMark, docxLockMark } from '../../vocabulary/anchors.js';
import { encodeChapterText, propertyParts, roundTripFormat, roundTripProperties } from '../../vocabulary/docx.js';

/** Where a paragraph stands: the document's chapter (1, 2, …), or 0 for the front matter. */
export interface MarkPlace {
  readonly chapter: number;
}

/**
 * A bookmark around the paragraph's text. Around it, not an empty one at its start: LibreOffice drops
 * an empty bookmark when an editor types over the words it stands before, but keeps one whose words
 * are edited (the bookmark then holds the new words).
 */
function mark(name: string, children: readonly ParagraphChild[]): ParagraphChild {
  return new Bookmark({ id: name, children: [...children] });
}

/** A block of prose's text, marked with where it starts in its chapter's text and its words. */
export function blockMark(place: MarkPlace, offset: number, text: string, children: readonly ParagraphChild[]): ParagraphChild {
  return mark(docxBlockMark(place.chapter, offset, text), children);
}

/** A paragraph's locked words, marked with their id, which of the node's paragraphs they are (`part`) and the words. */
export function lockMark(place: MarkPlace, locked: Locked, part: number, text: string, children: readonly ParagraphChild[]): ParagraphChild {
  return mark(docxLockMark(place.chapter, locked.id, part, text), children);
}

/** The custom properties of a document with these chapters, in order. */
export function roundTripCustomProperties(chapters: readonly Chapter[]): { name: string; value: string }[] {
  const pairs: [string, string][] = [
    [roundTripProperties.format, roundTripFormat],
    [roundTripProperties.chapters, String(chapters.length)],
  ];
  chapters.forEach(({ origin }, index) => {
    const chapter = index + 1;
    pairs.push(
      ...propertyParts(roundTripProperties.chapterPath(chapter), origin.path),
      ...propertyParts(roundTripProperties.chapterSha256(chapter), origin.sha256),
      ...propertyParts(roundTripProperties.chapterText(chapter), encodeChapterText(origin.text)),
    );
  });
  return pairs.map(([name, value]) => ({ name, value }));
}
