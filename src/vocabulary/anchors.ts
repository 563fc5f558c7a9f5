/**
 * Every anchor's name in every format, in one place. The presentation step decides which anchors a
 * document has (`Anchor` in the model); each writer names them here, and the links of its contents
 * list use the same names:
 *
 *   anchor           HTML heading id        HTML section id     PDF destination     Word bookmark
 *   title            report-title           –                   report-title        –
 *   contents         contents-title         –                   contents            –
 *   keyFindings      key-findings           –                   key-findings        key_findings
 *   references       references             –                   references          references
 *   notes            notes                  –                   notes               –
 *   subCategory x    subcategory-x--title   subcategory-x       subcategory-x       s_x
 *   question x       question-x--title      question-x          question-x          q_x
 *   reference k      –                      ref-k (the entry)   ref-k               ref_k
 *
 * An HTML section with a codebook id carries the id itself (a link leads to the section) and its
 * heading the id with `--title`; a codebook id has no `--`, so no part's id equals another section's.
 *
 * Word allows a bookmark name of at most 40 characters that starts with a letter and holds only
 * letters, digits and underscores: a name is a prefix saying what is marked, then the id with each
 * hyphen made an underscore (ids hold no underscores, so no two ids give the same name). An id too
 * long for the limit keeps its first characters and ends in an 8-digit hash of the whole id, so it
 * stays unique and the same on every build. The title and the contents list have no bookmark: no
 * contents entry links to them.
 *
 * A reference's anchor is the entry of the work cited by key `k` in the chapter's reference list; the
 * chapter's in-text citations of the work link to it (the HTML's list item carries the id). A key
 * may hold any character (`doi:10.1/x`, `müller2020`), so it stands as itself only when it is plain
 * (HTML and PDF: letters, digits, `_` and single inner hyphens, not ending as a hashed name does;
 * Word: letters and digits); any other key is its letters and digits joined by `-` (`_` in Word) and
 * an 8-digit hash of the whole key, so that no two keys share a name. In a book, every anchor but
 * the title and the contents list carries its chapter: `<category>--ref-k`, `ref_<category>__k`.
 */
import type { Anchor } from '../document/model.js';

/** The name of an anchor without a codebook id, as an HTML id and a PDF destination. */
const pageNames = { title: 'report-title', contents: 'contents', keyFindings: 'key-findings', references: 'references', notes: 'notes' } as const;
const sectionNames = { subCategory: 'subcategory', question: 'question' } as const;

const plainKey = /^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*$/;
const hashedEnding = /-[0-9a-f]{8}$/;

/** A reference key as an HTML id and a PDF destination may hold it. */
function keyName(key: string): string {
  if (plainKey.test(key) && !hashedEnding.test(key)) return key;
  const letters = key.replace(/[^A-Za-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  return `${letters === '' ? 'key' : letters}-${hash(key)}`;
}

/** A reference key as a Word bookmark may hold it (before the prefix and the length limit). */
function keyBookmarkName(key: string): string {
  if (/^[A-Za-z0-9]+$/.test(key)) return key;
  const letters = key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${letters === '' ? 'key' : letters}_${hash(key)}`;
}

/** The PDF's named destination at the anchor's heading (and the HTML id of the part a link leads to). */
export function pdfDestination(anchor: Anchor): string {
  const name = anchor.kind === 'reference' ? `ref-${keyName(anchor.key)}` : 'id' in anchor ? `${sectionNames[anchor.kind]}-${anchor.id}` : pageNames[anchor.kind];
  // A book's chapter: its category's id first (`coordination--key-findings`); a codebook id holds no `--`.
  return anchor.chapter === undefined ? name : `${anchor.chapter}--${name}`;
}

export interface HtmlAnchorIds {
  /** The id of the section element, for an anchor with a codebook id. */
  readonly section?: string;
  /** The id of the heading, which names the section (`aria-labelledby`). */
  readonly heading: string;
}

export function htmlIds(anchor: Anchor): HtmlAnchorIds {
  // A reference's entry has no heading: the id names the entry itself.
  if (anchor.kind === 'reference') return { heading: pdfDestination(anchor) };
  if ('id' in anchor) return { section: pdfDestination(anchor), heading: htmlPartId(anchor, 'title') };
  // The contents list's heading: the HTML page's `contents` is its nav element's name, not a place to go.
  return { heading: anchor.kind === 'contents' ? 'contents-title' : pdfDestination(anchor) };
}

/** Where an HTML link to the anchor leads: its section, or its heading. */
export function htmlTarget(anchor: Anchor): string {
  const ids = htmlIds(anchor);
  return ids.section ?? ids.heading;
}

/** The id of a part of a section with a codebook id: `question-x--title`, `question-x--rubric`. */
export function htmlPartId(anchor: Anchor & { readonly id: string }, part: 'title' | 'rubric'): string {
  return `${pdfDestination(anchor)}--${part}`;
}

export const BookmarkPrefix = { question: 'q', subCategory: 's', keyFindings: 'k', references: 'r', reference: 'ref' } as const;
export type BookmarkPrefix = (typeof BookmarkPrefix)[keyof typeof BookmarkPrefix];

/** The Word bookmark at the anchor's heading; none for the title and the contents list. */
export function docxBookmark(anchor: Anchor): string | undefined {
  switch (anchor.kind) {
    case 'keyFindings':
    case 'references': {
      const name = anchor.kind === 'keyFindings' ? 'key_findings' : 'references';
      // A book's chapter: `k_<category>`, `r_<category>` (fitted to Word's limit as codebook ids are).
      return anchor.chapter === undefined ? name : bookmarkName(anchor.kind === 'keyFindings' ? BookmarkPrefix.keyFindings : BookmarkPrefix.references, anchor.chapter);
    }
    case 'subCategory':
    case 'question':
      // A book's chapter's: its chapter, `__`, the id (neither holds `--`, so no two names meet).
      return bookmarkName(BookmarkPrefix[anchor.kind], anchor.chapter === undefined ? anchor.id : `${anchor.chapter}--${anchor.id}`);
    case 'reference': {
      // The key's name holds no hyphen, and a category id no `--`: the first `__` ends the chapter.
      const key = keyBookmarkName(anchor.key);
      return bookmarkName(BookmarkPrefix.reference, anchor.chapter === undefined ? key : `${anchor.chapter.replace(/-/g, '_')}__${key}`);
    }
    case 'title':
    case 'contents':
    case 'notes':
      return undefined;
  }
}

const maxBookmarkLength = 40;

/** FNV-1a, 32 bits, as 8 hexadecimal digits. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(16).padStart(8, '0');
}

export function bookmarkName(prefix: BookmarkPrefix, id: string): string {
  const name = `${prefix}_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (name.length <= maxBookmarkLength) return name;
  const suffix = `_${hash(id)}`;
  return name.slice(0, maxBookmarkLength - suffix.length) + suffix;
}

/*
 * The editors' round trip (docs/round-trip.md). Every paragraph of a chapter's DOCX carries a hidden
 * bookmark (Word hides a bookmark whose name starts with an underscore, and Word and LibreOffice
 * keep it through edits and saves) that says what the paragraph is, so that `rubricpress import`
 * can map an edited file back to the source:
 *
 *   _rp<c>_p<offset>_<text>        a block of the chapter's prose: chapter c of the document (1, 2, …),
 *                                  the block's start in the chapter's text (the model's ChapterOrigin)
 *   _rp<c>_l<id>_<part>_<text>     locked words (the model's `Locked`): their id, and which paragraph
 *                                  of them (a rubric row is several); chapter 0 is the front matter
 *
 * `<text>` is the fingerprint of the paragraph's words as written (8 hexadecimal digits), so that an
 * unchanged paragraph is known at once, even when the codebook or the references changed since.
 * Every name fits Word's 40 characters.
 */

/** What a round-trip mark says about its paragraph. */
export type RoundTripMark =
  | { readonly kind: 'block'; readonly chapter: number; readonly offset: number; readonly fingerprint: string }
  | { readonly kind: 'lock'; readonly chapter: number; readonly id: string; readonly part: number; readonly fingerprint: string };

/** A paragraph's words as a fingerprint: white space collapsed, so that a soft line break or a trailing space changes nothing. */
export function textFingerprint(text: string): string {
  return hash(text.replace(/\s+/gu, ' ').trim());
}

export function docxBlockMark(chapter: number, offset: number, text: string): string {
  return `_rp${String(chapter)}_p${String(offset)}_${textFingerprint(text)}`;
}

export function docxLockMark(chapter: number, id: string, part: number, text: string): string {
  return `_rp${String(chapter)}_l${id}_${String(part)}_${textFingerprint(text)}`;
}

const markPattern = /^_rp(\d+)_(?:p(\d+)|l([a-z0-9]+)_(\d+))_([0-9a-f]{8})$/;

/** The mark a bookmark name is, or undefined for any other bookmark (a heading's, or one an editor made). */
export function readRoundTripMark(name: string): RoundTripMark | undefined {
  const match = markPattern.exec(name);
  if (!match) return undefined;
  const [, chapter = '', offset, id, part = '0', fingerprint = ''] = match;
  if (offset !== undefined) return { kind: 'block', chapter: Number(chapter), offset: Number(offset), fingerprint };
  return { kind: 'lock', chapter: Number(chapter), id: id ?? '', part: Number(part), fingerprint };
}

/**
 * A footnote's names: the note's (an HTML id, a PDF destination) and each call's (an HTML id, which
 * the note links back to). Word numbers its footnotes itself and needs neither. In a book, where each
 * chapter numbers its notes from 1, a note's name carries its chapter as its anchors do.
 */
export function noteAnchor(number: number, chapter?: string): string {
  return chapter === undefined ? `note-${String(number)}` : `${chapter}--note-${String(number)}`;
}

export function noteCallAnchor(number: number, occurrence: number): string {
  return `note-call-${String(number)}-${String(occurrence)}`;
}
