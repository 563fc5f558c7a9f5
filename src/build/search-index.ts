/**
 * The web edition's search index, made chapter by chapter: the same index, to the byte, as
 * MiniSearch's `addAll` of every entry and `toJSON` (the search page loads it with MiniSearch), but
 * each chapter's part (its terms, their counts, its field lengths) is kept by the digest of its
 * entries, so that under `build --watch` an edit indexes the edited chapter alone and the parts are
 * merged. MiniSearch has no merge of indexes, and indexing every chapter again took 0.5–0.9 s of
 * each rebuild's 3 s.
 *
 * What makes the bytes the same: documents get ids in entry order; field lengths and their running
 * averages are computed as MiniSearch computes them, in the same order; and the terms are put into
 * MiniSearch's own radix tree (SearchableMap) in the order MiniSearch first met them, whose shape
 * and order of iteration (the index's order in the JSON) follow from that order alone. Objects
 * keyed by field or document id list their keys in ascending order whatever the order they were
 * set in. test/build/search-index.test.ts compares the bytes with MiniSearch's.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { sha256OfParts } from './digest.js';

/** A document of the index: one search entry, its page address made relative to the search page. */
export interface SearchDocument {
  readonly chapter: string;
  readonly heading: string;
  readonly text: string;
  readonly href: string;
}

/** The fields searched, in MiniSearch's order of field ids, and those stored with each document. */
export const searchFields = ['heading', 'text', 'chapter'] as const;
export const storedSearchFields = ['chapter', 'heading', 'href'] as const;

/** How a field's terms are counted, per field id: document id → times. */
type Postings = Map<number, Map<number, number>>;

/**
 * A term's postings in the merged index, as the JSON has them: per field id, document id → times.
 * Plain objects, which the JSON takes as they are: their keys are array indices, listed in
 * ascending order whatever the order they were set in, as `Object.fromEntries` of the maps listed
 * them. Maps converted at the end took twice as long (0.26 s against 0.11 s for the generated
 * edition's 383,000 postings, on each rebuild under `build --watch`).
 */
type MergedPostings = Record<number, Record<number, number>>;

/** One chapter's documents indexed as MiniSearch's `add` would, with ids from 0. */
export interface ChapterPart {
  readonly documents: readonly SearchDocument[];
  /** Each document's unique tokens per field, in the fields' order. */
  readonly fieldLengths: readonly (readonly number[])[];
  /** Every term, in the order the chapter's documents first have it. */
  readonly terms: readonly string[];
  /**
   * Four numbers a posting (a term's count in one field of one document): the term's place in
   * `terms`, the field id, the document, the count; a term's postings together, the terms in
   * their order. Flat, because a session keeps every chapter's part: a map per term and field
   * took some 100 MB for the generated edition.
   */
  readonly postings: Int32Array;
}

/** The chapters' parts kept between builds of one process, by the digest of their documents. */
export class SearchIndexParts {
  private parts = new Map<string, ChapterPart>();

  /** Each chapter's part, indexed where it is not kept; afterwards only these parts are kept. */
  partsOf(chapters: readonly (readonly SearchDocument[])[]): readonly ChapterPart[] {
    const next = new Map<string, ChapterPart>();
    const parts = chapters.map((documents) => {
      const key = sha256OfParts(JSON.stringify(documents));
      const part = next.get(key) ?? this.parts.get(key) ?? indexChapter(documents);
      next.set(key, part);
      return part;
    });
    this.parts = next;
    return parts;
  }
}

/** MiniSearch's default tokenizer: split on spaces, line breaks and punctuation. */
const spaceOrPunctuation = /[\n\r\p{Z}\p{P}]+/u;

/** Each chapter's part, indexed as it is asked for: the index of a build without a session holds one part at a time. */
export function* partsOnce(chapters: readonly (readonly SearchDocument[])[]): Generator<ChapterPart> {
  for (const documents of chapters) yield indexChapter(documents);
}

function indexChapter(documents: readonly SearchDocument[]): ChapterPart {
  const terms = new Map<string, Postings>();
  const fieldLengths = documents.map((document, id) =>
    searchFields.map((field, fieldId) => {
      const tokens = document[field].split(spaceOrPunctuation);
      for (const token of tokens) {
        const term = token.toLowerCase();
        if (term === '') continue;
        let postings = terms.get(term);
        if (!postings) {
          postings = new Map();
          terms.set(term, postings);
        }
        let counts = postings.get(fieldId);
        if (!counts) {
          counts = new Map();
          postings.set(fieldId, counts);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return new Set(tokens).size;
    }),
  );
  const postings: number[] = [];
  let place = 0;
  for (const byField of terms.values()) {
    for (const [fieldId, counts] of byField) for (const [id, count] of counts) postings.push(place, fieldId, id, count);
    place += 1;
  }
  return { documents, fieldLengths, terms: [...terms.keys()], postings: Int32Array.from(postings) };
}

/** The index as MiniSearch's `toJSON` gives it, for the chapters' parts in order. */
export function searchIndexJson(parts: Iterable<ChapterPart>): unknown {
  const index = new SearchableMap<MergedPostings>();
  const documentIds: Record<number, number> = {};
  const fieldLength: Record<number, readonly number[]> = {};
  const storedFields: Record<number, Record<string, string>> = {};
  const averageFieldLength: number[] = [];
  let offset = 0;
  for (const part of parts) {
    for (const [local, document] of part.documents.entries()) {
      const id = offset + local;
      documentIds[id] = id;
      const stored: Record<string, string> = {};
      for (const field of storedSearchFields) stored[field] = document[field];
      storedFields[id] = stored;
      const lengths = part.fieldLengths[local] ?? [];
      fieldLength[id] = lengths;
      // MiniSearch's running average, in its order of operations (the same floating-point result).
      for (const [fieldId, length] of lengths.entries()) averageFieldLength[fieldId] = ((averageFieldLength[fieldId] ?? 0) * id + length) / (id + 1);
    }
    // Each term fetched (and so put into the tree) at its first posting: in the order first met.
    let place = -1;
    let merged: MergedPostings = {};
    const { postings } = part;
    for (let at = 0; at < postings.length; at += 4) {
      const termPlace = postings[at] ?? 0;
      if (termPlace !== place) {
        place = termPlace;
        merged = index.fetch(part.terms[place] ?? '', () => ({}));
      }
      const fieldId = postings[at + 1] ?? 0;
      const into = (merged[fieldId] ??= {});
      into[offset + (postings[at + 2] ?? 0)] = postings[at + 3] ?? 0;
    }
    offset += part.documents.length;
  }
  const terms: [string, MergedPostings][] = [...index];
  return {
    documentCount: offset,
    nextId: offset,
    documentIds,
    fieldIds: Object.fromEntries(searchFields.map((field, fieldId) => [field, fieldId])),
    fieldLength,
    averageFieldLength,
    storedFields,
    dirtCount: 0,
    index: terms,
    serializationVersion: 2,
  };
}
