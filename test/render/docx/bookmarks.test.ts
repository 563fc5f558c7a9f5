/** Bookmark names Word accepts: at most 40 characters, a letter first, letters, digits and underscores. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookmarkPrefix, bookmarkName } from '../../../src/render/docx/bookmarks.js';
import { idPattern } from '../../../src/source/schema-parts.js';

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
