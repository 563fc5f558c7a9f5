/**
 * Files named before they are read (`CachedBytes`): of the build's cache, a cached chapter's tree and
 * the chapters drawn for a book (`BuildCache.drawnFiles`); of the staging folder, in a build without a
 * cache, the chapters' own files as their jobs made them (`HeldChapterFile`). A book's job names them
 * and the worker that binds the book reads them, so that the main thread, which queues every report's
 * job at once, holds no chapter's pages or Word file (the generated edition's are some 60 MB).
 */
import { drawnRecordOf } from '../render/pdf/bound.js';
import type { BookChapterRecord } from '../render/renderer.js';
import { readRegularFile } from '../source/regular-file.js';
import { sha256Of } from './digest.js';

/** A file of the cache, not yet read: where it is, and the digest and size it must have. */
export interface CachedBytes {
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
}

/** A chapter drawn for a book, kept in the cache: its key (the writer's) and its file. */
export interface DrawnChapterFile extends CachedBytes {
  readonly key: string;
}

/** The file's bytes if it is what it must be (and not past `maxBytes`); else undefined, never trusted. */
export async function readCachedBytes(cached: CachedBytes, maxBytes = cached.size): Promise<Uint8Array | undefined> {
  if (cached.size > maxBytes) return undefined;
  const read = await readRegularFile(cached.file, cached.size);
  return read.ok && read.bytes.byteLength === cached.size && sha256Of(read.bytes) === cached.sha256 ? read.bytes : undefined;
}

/**
 * A chapter's own file held in the build's staging folder (a build without a cache), with the facts
 * its record begins with (a PDF's pages: render/pdf/bound.ts; a Word file's: none): the report's job
 * reads the file, so that the main thread holds no chapter's file for the reports.
 */
export interface HeldChapterFile extends CachedBytes {
  readonly key: string;
  readonly format: 'pdf' | 'docx';
  readonly facts: Uint8Array;
}

/** The held files as records (the facts, then the file); one that is missing or not what it must be is left out (its chapter is made again). */
export async function readHeldFiles(files: readonly HeldChapterFile[]): Promise<BookChapterRecord[]> {
  const records: BookChapterRecord[] = [];
  for (const held of files) {
    const bytes = await readCachedBytes(held);
    if (bytes) records.push(drawnRecordOf(held.key, held.facts, bytes));
  }
  return records;
}

/** The files as records; a file that is missing or not what it must be is left out (its chapter is drawn again). */
export async function readDrawnFiles(files: readonly DrawnChapterFile[]): Promise<BookChapterRecord[]> {
  const records: BookChapterRecord[] = [];
  for (const drawn of files) {
    const bytes = await readCachedBytes(drawn);
    if (bytes) records.push({ key: drawn.key, bytes });
  }
  return records;
}
