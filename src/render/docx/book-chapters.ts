/**
 * A Word book's chapters made apart (render.ts, `renderBook`; assemble.ts puts them together): each
 * chapter's package kept here by what it was made from, so that a book made again after one of its
 * chapters changed makes that chapter alone and takes the others as they were made. The build's
 * cache keeps them between builds as records (`encodeMadeChapter`), beside the PDF's drawn chapters.
 */
import { createHash } from 'node:crypto';
import type { Chapter } from '../../document/model.js';
import type { BookChapterRecord } from '../renderer.js';
import { createSizedStore, type SizedStore } from '../sized-store.js';
import type { PackageParts } from './assemble.js';
import type { PackagePart } from './normalise.js';

/**
 * What a chapter's package depends on besides the renderer (its theme and fonts: the build's cache
 * keeps it in a slot of the tool, templates and settings): the chapter as presented for the book (its
 * notes' numbers and anchors included), its place in the book (its round-trip marks carry it), and
 * the book's language. Apart from the PDF's keys by the word `docx`.
 */
export function docxChapterKey(language: string, index: number, chapter: Chapter): string {
  return createHash('sha256').update('docx\0').update(language).update('\0').update(String(index)).update('\0').update(JSON.stringify(chapter)).digest('hex');
}

export type MadeChapters = SizedStore<PackageParts>;

/** Chapters made alone by a renderer, kept as `createSizedStore` keeps them (their parts' sizes, text counted at two bytes a character). */
export function createMadeChapters(maxBytes = 16 * 1024 * 1024): MadeChapters {
  return createSizedStore(maxBytes, (parts) => [...parts.values()].reduce((sum, part) => sum + sizeOf(part), 0));
}

function sizeOf(part: PackagePart): number {
  return typeof part === 'string' ? part.length * 2 : part.byteLength;
}

function bytesOf(part: PackagePart): Uint8Array {
  if (typeof part === 'string') return new TextEncoder().encode(part);
  return ArrayBuffer.isView(part) ? new Uint8Array(part.buffer, part.byteOffset, part.byteLength) : new Uint8Array(part);
}

/** The most parts a chapter's package has (a dozen, and an image per chart). */
const maxParts = 10_000;

/** A part's name as docx writes them: no `..`, no leading slash. */
const partName = /^(?:\[Content_Types\]\.xml|[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)$/;

/** The parts' names and lengths as JSON (its length in 4 bytes first), then each part's bytes in that order. */
export function encodeMadeChapter(key: string, parts: PackageParts): BookChapterRecord {
  const entries = [...parts].map(([name, part]) => [name, bytesOf(part)] as const);
  const header = new TextEncoder().encode(JSON.stringify(entries.map(([name, part]) => [name, part.byteLength])));
  const bytes = new Uint8Array(4 + header.byteLength + entries.reduce((sum, [, part]) => sum + part.byteLength, 0));
  new DataView(bytes.buffer).setUint32(0, header.byteLength);
  bytes.set(header, 4);
  let at = 4 + header.byteLength;
  for (const [, part] of entries) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return { key, bytes };
}

/** The package a record holds; none when it is not one `encodeMadeChapter` made (a damaged or forged cache file). */
export function decodeMadeChapter(record: BookChapterRecord): PackageParts | undefined {
  const { bytes } = record;
  if (bytes.byteLength < 4) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (4 + length > bytes.byteLength) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + length)));
  } catch {
    return undefined;
  }
  if (!Array.isArray(header) || header.length > maxParts) return undefined;
  const parts = new Map<string, PackagePart>();
  let at = 4 + length;
  for (const entry of header as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const [name, size] = entry as unknown[];
    if (typeof name !== 'string' || !partName.test(name) || name.split('/').includes('..') || parts.has(name)) return undefined;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || at + size > bytes.byteLength) return undefined;
    parts.set(name, bytes.slice(at, at + size));
    at += size;
  }
  return at === bytes.byteLength ? parts : undefined;
}
