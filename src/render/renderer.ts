/** What the print and Word writers give back for one document: the file's bytes and what they could not draw. */
import type { DocumentModel } from '../document/model.js';
import type { RenderProblem } from './problems.js';

export interface RenderedDocument {
  readonly bytes: Uint8Array;
  readonly problems: readonly RenderProblem[];
}

/** Made once per build (fonts and styles loaded once), then asked for each document in turn. */
export interface DocumentRenderer {
  render(document: DocumentModel): Promise<RenderedDocument>;
}

/**
 * A book's chapter as a writer made it apart (the PDF's pages, the Word package), kept between
 * builds by the build's cache: what it was made from (its key, the writer's own) and its bytes.
 */
export interface BookChapterRecord {
  readonly key: string;
  readonly bytes: Uint8Array;
}

/** A writer that puts a book together from its chapters made apart, and can be given those made before. */
export interface BookRenderer extends DocumentRenderer {
  /**
   * A book with the chapters made for books before, by key: the book, how many chapters it made
   * anew, and (unless `keep` is false) each of its chapters as made that was not given, for the next
   * time. A document that is not such a book is rendered as `render` does. `chapterDocuments`: each
   * chapter's own document (`present`), in the book's order: the writer takes each chapter as its own
   * file has it (the PDF's pages, the Word package rewritten as the book names it), made there or by
   * the chapters' own jobs, so that the book is the same either way.
   */
  renderBook(document: DocumentModel, madeBefore: readonly BookChapterRecord[], keep?: boolean, chapterDocuments?: readonly DocumentModel[]): Promise<BookRendering>;
}

/**
 * What a book gives back of the chapters it was bound from (`BookRendering`): each it was not given,
 * encoded (when `keep`; the caller has those it gave), and every chapter's key in the book's order.
 */
export function chaptersGivenBack<Chapter extends { readonly key: string; readonly given: boolean }>(chapters: readonly Chapter[], keep: boolean, encode: (chapter: Chapter) => BookChapterRecord): Pick<BookRendering, 'drawn' | 'bound'> {
  return { drawn: keep ? chapters.filter((chapter) => !chapter.given).map(encode) : [], bound: chapters.map((chapter) => chapter.key) };
}

/** A book as a writer made it (`BookRenderer.renderBook`). */
export interface BookRendering extends RenderedDocument {
  /** Its chapters as made that the caller did not give (when kept). */
  readonly drawn: readonly BookChapterRecord[];
  /** Every chapter's key, in the book's order: given or made, what the book was bound from. */
  readonly bound: readonly string[];
  readonly drawnAnew: number;
}
