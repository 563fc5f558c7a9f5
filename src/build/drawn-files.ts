/**
 * Chapters drawn for a book, as files of the build's cache (`BuildCache.drawnFiles`): a book's job
 * names them, and the worker that binds the book reads them, so that the main thread, which queues
 * every report's job at once, holds no chapter's pages (the generated edition's are some 40 MB).
 */
import type { BookChapterRecord } from '../render/renderer.js';
import { readRegularFile } from '../source/regular-file.js';
import { sha256Of } from './digest.js';

/** A chapter drawn for a book, kept in the cache: its key (the writer's), the file and what the file must be. */
export interface DrawnChapterFile {
  readonly key: string;
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
}

/** The files as records; a file that is missing or not what it must be is left out (its chapter is drawn again). */
export async function readDrawnFiles(files: readonly DrawnChapterFile[]): Promise<BookChapterRecord[]> {
  const records: BookChapterRecord[] = [];
  for (const drawn of files) {
    const read = await readRegularFile(drawn.file, drawn.size);
    if (read.ok && read.bytes.byteLength === drawn.size && sha256Of(read.bytes) === drawn.sha256) records.push({ key: drawn.key, bytes: read.bytes });
  }
  return records;
}
