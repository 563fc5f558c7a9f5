/**
 * A book's chapters drawn apart and bound (render.ts, `renderBound`): each chapter's pages are a
 * document of their own, kept here by what they were drawn from, so that a book made again after
 * one of its chapters changed draws that chapter alone and copies the others' pages (assemble.ts).
 * The front matter and the pages' running heads and numbers (which run on through the book) are
 * drawn for each book. A chapter's pages are, most often, its own PDF's (`own`): the chapter's job
 * drew them once, for its own file and for its country report, which takes all of them but the
 * contents list, without their running heads, and names their destinations by the chapter.
 */
import { createHash } from 'node:crypto';
import type { Chapter } from '../../document/model.js';
import type { RenderProblem } from '../problems.js';
import type { BookChapterRecord } from '../renderer.js';
import { createSizedStore, type SizedStore } from '../sized-store.js';

/** A chapter drawn for a book: its pages (without running heads or numbers), and what binding it needs to know of them. */
export interface DrawnChapter {
  readonly bytes: Uint8Array;
  readonly pages: number;
  /** The 0-based page of each named destination, within the chapter's pages. */
  readonly anchors: ReadonlyMap<string, number>;
  /** Each page's running head (draw.ts, `pageHeads`). */
  readonly heads: readonly (string | undefined)[];
  /** What the writer could not draw, reported with the book it was drawn for (not kept with its record: it was reported then). */
  readonly problems: readonly RenderProblem[];
  /**
   * When `bytes` are the chapter's own PDF: its pages the book takes (0-based: the title page and
   * those after the contents list; `pages` of them), and the chapter's name, which the book puts
   * before each of its destinations' (`coordination--key-findings`, as `anchors` has them).
   */
  readonly own?: OwnPages;
}

export interface OwnPages {
  readonly take: readonly number[];
  readonly prefix: string;
}

/**
 * What a chapter's drawn pages depend on besides the renderer (its theme, fonts and PDF subset: the
 * build's cache keeps drawn chapters in a slot of the tool, templates and settings): the chapter as
 * presented for the book (its notes' numbers and anchors included), the book's language, and whether
 * they are the chapter's own PDF's pages (`own`) or were drawn as the book presents the chapter: the
 * same pages, in other bytes (other font subsets, other objects), which one book never mixes.
 */
export function drawnChapterKey(language: string, chapter: Chapter, own: boolean): string {
  return createHash('sha256').update(own ? 'own' : 'book').update('\0').update(language).update('\0').update(JSON.stringify(chapter)).digest('hex');
}

export type DrawnChapters = SizedStore<DrawnChapter>;

/** Chapters drawn by a renderer, kept as `createSizedStore` keeps them (the generated edition's chapters drawn for books are some 40 MB). */
export function createDrawnChapters(maxBytes = 8 * 1024 * 1024): DrawnChapters {
  return createSizedStore(maxBytes, (chapter) => chapter.bytes.byteLength);
}

/** A chapter drawn for a book as bytes: sent between processes and kept in the build's cache (`encodeDrawnChapter`). */
export type DrawnChapterRecord = BookChapterRecord;

/** The chapter's facts as JSON (its length in 4 bytes first), then its PDF's bytes. */
export function encodeDrawnChapter(key: string, chapter: DrawnChapter): DrawnChapterRecord {
  const facts = new TextEncoder().encode(JSON.stringify({ pages: chapter.pages, anchors: [...chapter.anchors], heads: chapter.heads.map((head) => head ?? null), ...(chapter.own ? { own: chapter.own } : {}) }));
  const head = new Uint8Array(4 + facts.byteLength);
  new DataView(head.buffer).setUint32(0, facts.byteLength);
  head.set(facts, 4);
  return drawnRecordOf(key, head, chapter.bytes);
}

/** Where a record's facts end (its PDF begins); none when the record is not one. */
function factsEnd(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < 4) return undefined;
  const end = 4 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  return end > bytes.byteLength ? undefined : end;
}

/**
 * A record of a chapter's own PDF cut in two: its facts (as `encodeDrawnChapter` begins them) and the
 * length of the PDF after them, which is the chapter's file (its job wrote it as its output), so that
 * a caller holding the file keeps the facts alone. None when the record is not one.
 */
export function drawnRecordFacts(record: DrawnChapterRecord): { readonly facts: Uint8Array; readonly fileLength: number } | undefined {
  const { bytes } = record;
  const end = factsEnd(bytes);
  return end === undefined ? undefined : { facts: bytes.slice(0, end), fileLength: bytes.byteLength - end };
}

/** The record made whole again from its facts (`drawnRecordFacts`) and the PDF. */
export function drawnRecordOf(key: string, facts: Uint8Array, pdf: Uint8Array): DrawnChapterRecord {
  const bytes = new Uint8Array(facts.byteLength + pdf.byteLength);
  bytes.set(facts, 0);
  bytes.set(pdf, facts.byteLength);
  return { key, bytes };
}

/** A record read back; undefined when it is not one (a damaged cache file is drawn again, never trusted). */
export function decodeDrawnChapter(record: DrawnChapterRecord): DrawnChapter | undefined {
  const { bytes } = record;
  const end = factsEnd(bytes);
  if (end === undefined) return undefined;
  let facts: unknown;
  try {
    facts = JSON.parse(new TextDecoder().decode(bytes.subarray(4, end)));
  } catch {
    return undefined;
  }
  if (!isFacts(facts)) return undefined;
  return {
    bytes: bytes.slice(end),
    pages: facts.pages,
    anchors: new Map(facts.anchors),
    heads: facts.heads.map((head) => head ?? undefined),
    problems: [],
    ...(facts.own ? { own: facts.own } : {}),
  };
}

interface Facts {
  readonly pages: number;
  readonly anchors: readonly [string, number][];
  readonly heads: readonly (string | null)[];
  readonly own?: OwnPages;
}

/** More than any running head a page shows (render.ts cuts a head to 400 characters before fitting it). */
const maxHeadLength = 2_000;
/** More than any destination name rubricpress writes. */
const maxNameLength = 10_000;

function isFacts(value: unknown): value is Facts {
  if (typeof value !== 'object' || value === null) return false;
  const { pages, anchors, heads, own } = value as Record<string, unknown>;
  if (typeof pages !== 'number' || !Number.isInteger(pages) || pages <= 0) return false;
  const onPage = (page: unknown): boolean => typeof page === 'number' && Number.isInteger(page) && page >= 0 && page < pages;
  return (
    Array.isArray(anchors) &&
    anchors.every((entry: unknown) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && entry[0].length <= maxNameLength && onPage(entry[1])) &&
    Array.isArray(heads) &&
    heads.length === pages &&
    heads.every((head: unknown) => head === null || (typeof head === 'string' && head.length <= maxHeadLength)) &&
    (own === undefined || isOwnPages(own, pages))
  );
}

/** As many pages as the book takes, increasing (whether the PDF has them, binding finds out); a name as a destination's. */
function isOwnPages(value: unknown, pages: number): value is OwnPages {
  if (typeof value !== 'object' || value === null) return false;
  const { take, prefix } = value as Record<string, unknown>;
  return (
    Array.isArray(take) &&
    take.length === pages &&
    take.every((page: unknown, index) => typeof page === 'number' && Number.isInteger(page) && page >= 0 && (index === 0 || page > Number(take[index - 1]))) &&
    typeof prefix === 'string' &&
    prefix !== '' &&
    prefix.length <= maxNameLength
  );
}
