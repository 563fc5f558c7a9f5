/**
 * Anchor names: Word bookmarks it accepts (at most 40 characters, a letter first, letters, digits and
 * underscores), HTML ids and PDF destinations that never collide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Anchor } from '../../src/document/model.js';
import { BookmarkPrefix, bookmarkName, docxBookmark, htmlIds, htmlPartId, htmlTarget, pdfDestination } from '../../src/vocabulary/anchors.js';
import { idPattern } from '../../src/source/schema-parts.js';
import { keyPattern } from '../../src/parse/citations.js';

const wordBookmark = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const codebookId = fc.stringMatching(idPattern);

describe('bookmark names', () => {
  it('map a codebook id plainly: prefix, then hyphens as underscores', () => {
    expect(bookmarkName(BookmarkPrefix.question, 'go-pmo-coordination')).toBe('q_go_pmo_coordination');
    expect(bookmarkName(BookmarkPrefix.subCategory, '2024-reforms')).toBe('s_2024_reforms');
  });

  it('keep a long id’s start and end in a hash of the whole id, within 40 characters', () => {
    const long = 'effectiveness-of-inter-ministerial-coordination-mechanisms';
    const name = bookmarkName(BookmarkPrefix.question, long);
    expect(name).toHaveLength(40);
    expect(name.startsWith('q_effectiveness_of_inter_minis')).toBe(true);
    expect(name).toMatch(/_[0-9a-f]{8}$/);
    expect(bookmarkName(BookmarkPrefix.question, `${long}-2`)).not.toBe(name);
  });

  it('are valid Word bookmark names, and different for different ids', () => {
    fc.assert(
      fc.property(codebookId, codebookId, (first, second) => {
        const name = bookmarkName(BookmarkPrefix.question, first);
        expect(name).toMatch(wordBookmark);
        if (first !== second) expect(bookmarkName(BookmarkPrefix.question, second)).not.toBe(name);
      }),
    );
  });
});

describe('anchor names', () => {
  it('name each anchor in each format as the table in anchors.ts says', () => {
    const anchors: readonly Anchor[] = [{ kind: 'title' }, { kind: 'contents' }, { kind: 'keyFindings' }, { kind: 'references' }, { kind: 'subCategory', id: 'x' }, { kind: 'question', id: 'x' }];
    expect(anchors.map((anchor) => [htmlIds(anchor), htmlTarget(anchor), pdfDestination(anchor), docxBookmark(anchor)])).toEqual([
      [{ heading: 'report-title' }, 'report-title', 'report-title', undefined],
      [{ heading: 'contents-title' }, 'contents-title', 'contents', undefined],
      [{ heading: 'key-findings' }, 'key-findings', 'key-findings', 'key_findings'],
      [{ heading: 'references' }, 'references', 'references', 'references'],
      [{ section: 'subcategory-x', heading: 'subcategory-x--title' }, 'subcategory-x', 'subcategory-x', 's_x'],
      [{ section: 'question-x', heading: 'question-x--title' }, 'question-x', 'question-x', 'q_x'],
    ]);
    expect(htmlPartId({ kind: 'question', id: 'x' }, 'rubric')).toBe('question-x--rubric');
  });

  it('never give two anchors of a document the same HTML id or PDF destination', () => {
    fc.assert(
      fc.property(fc.uniqueArray(codebookId, { minLength: 1, maxLength: 6 }), (ids) => {
        const anchors: Anchor[] = [{ kind: 'title' }, { kind: 'contents' }, { kind: 'keyFindings' }, { kind: 'references' }, ...ids.flatMap((id): Anchor[] => [{ kind: 'subCategory', id }, { kind: 'question', id }])];
        const htmlNames = anchors.flatMap((anchor) => {
          const ids = htmlIds(anchor);
          return [ids.heading, ...(ids.section ? [ids.section] : []), ...('id' in anchor ? [htmlPartId(anchor, 'rubric')] : [])];
        });
        expect(new Set(htmlNames).size).toBe(htmlNames.length);
        expect(new Set(anchors.map(pdfDestination)).size).toBe(anchors.length);
      }),
    );
  });
});

describe('the names of a reference list entry (the work cited by a key)', () => {
  // Keys as a chapter may write them: letters (non-ASCII too), digits, `_` and inner punctuation.
  const citationKey = new RegExp(`^${keyPattern}$`, 'u');
  const keyOf = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '1', '9', '_', 'ü', '日', ':', '.', '/', '-', '#', '+'), minLength: 1, maxLength: 60 }).filter((key) => citationKey.test(key));
  const reference = (key: string, chapter?: string): Anchor => ({ kind: 'reference', key, ...(chapter ? { chapter } : {}) });

  it('are the key itself when it is plain, and its letters and a hash of it when not', () => {
    expect([htmlIds(reference('yashiro2016')), htmlTarget(reference('yashiro2016')), pdfDestination(reference('yashiro2016')), docxBookmark(reference('yashiro2016'))]).toEqual([{ heading: 'ref-yashiro2016' }, 'ref-yashiro2016', 'ref-yashiro2016', 'ref_yashiro2016']);
    expect(pdfDestination(reference('doi:10.1000/x.y'))).toMatch(/^ref-doi-10-1000-x-y-[0-9a-f]{8}$/);
    expect(docxBookmark(reference('doi:10.1000/x.y'))).toMatch(/^ref_doi_10_1000_x_y_[0-9a-f]{8}$/);
    expect(pdfDestination(reference('müller2020'))).toMatch(/^ref-m-ller2020-[0-9a-f]{8}$/);
    // In a book, the chapter's category first: two chapters citing the same work have two entries.
    expect([pdfDestination(reference('yashiro2016', 'coordination')), docxBookmark(reference('yashiro2016', 'coordination'))]).toEqual(['coordination--ref-yashiro2016', 'ref_coordination__yashiro2016']);
  });

  it('are safe and different for different keys, in every format and in each chapter of a book', () => {
    fc.assert(
      fc.property(keyOf, keyOf, fc.constantFrom(undefined, 'coordination', 'go-pmo'), (first, second, chapter) => {
        const a = reference(first, chapter);
        const b = reference(second, chapter);
        expect(pdfDestination(a)).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(docxBookmark(a)).toMatch(wordBookmark);
        if (first === second) return;
        expect(pdfDestination(a)).not.toBe(pdfDestination(b));
        expect(docxBookmark(a)).not.toBe(docxBookmark(b));
      }),
    );
    // Keys that differ only in the characters a name cannot hold.
    const keys = ['a-b', 'a_b', 'a:b', 'a.b', 'a/b', 'ab', 'a-b-1234abcd'];
    expect(new Set(keys.map((key) => pdfDestination(reference(key)))).size).toBe(keys.length);
    expect(new Set(keys.map((key) => docxBookmark(reference(key)))).size).toBe(keys.length);
  });

  it('never equal another anchor’s name', () => {
    fc.assert(
      fc.property(keyOf, codebookId, (key, id) => {
        const others: Anchor[] = [{ kind: 'title' }, { kind: 'contents' }, { kind: 'keyFindings' }, { kind: 'references' }, { kind: 'notes' }, { kind: 'subCategory', id }, { kind: 'question', id }];
        const names = others.flatMap((anchor) => [pdfDestination(anchor), htmlIds(anchor).heading]);
        expect(names).not.toContain(pdfDestination(reference(key)));
        expect(others.map(docxBookmark)).not.toContain(docxBookmark(reference(key)));
      }),
    );
  });
});
