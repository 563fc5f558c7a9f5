/**
 * Where the presentation step links each in-text citation: each cited work's words to its entry in
 * the chapter's reference list; a citation the style could not split per work, as a whole to its
 * first work's entry; nothing for a work the list does not hold. The report tree is left as it is.
 */
import type { Paragraph, PhrasingContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { linkCitations, type EntryOf } from '../../src/present/citations.js';
import type { Citation } from '../../src/tree/types.js';

const listed = new Set(['yashiro2016', 'iio2008']);
const entryOf: EntryOf = (key) => (listed.has(key) ? { kind: 'reference', key, chapter: 'coordination' } : undefined);
const text = (value: string): PhrasingContent => ({ type: 'text', value });

function paragraph(...children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

describe('linking citations', () => {
  it('links each cited work’s words to its entry, and leaves a work without an entry unlinked', () => {
    const citation: Citation = {
      type: 'citation',
      items: [{ key: 'yashiro2016' }, { key: 'unlisted2020' }],
      children: [text('('), { type: 'citedWork', key: 'yashiro2016', children: [text('Yashiro 2016')] }, text('; '), { type: 'citedWork', key: 'unlisted2020', children: [text('Other 2020')] }, text(')')],
    };
    const [linked] = linkCitations([paragraph(text('As argued '), citation)], entryOf);
    expect(linked?.children[1]).toEqual({
      ...citation,
      // The unlisted work's words are plain words of the citation, joined with the text around them.
      children: [text('('), { type: 'citedWork', key: 'yashiro2016', entry: { kind: 'reference', key: 'yashiro2016', chapter: 'coordination' }, children: [text('Yashiro 2016')] }, text('; Other 2020)')],
    });
    // The tree's own citation is not changed.
    expect(citation.children[1]).toEqual({ type: 'citedWork', key: 'yashiro2016', children: [text('Yashiro 2016')] });
  });

  it('links a citation the style could not split, whole, to its first work’s entry', () => {
    const citation: Citation = { type: 'citation', items: [{ key: 'iio2008' }, { key: 'yashiro2016' }], children: [text('(Iio 2008; Yashiro 2016)')] };
    const [linked] = linkCitations([paragraph(citation)], entryOf);
    expect(linked?.children[0]).toEqual({ ...citation, children: [{ type: 'citedWork', key: 'iio2008', entry: { kind: 'reference', key: 'iio2008', chapter: 'coordination' }, children: [text('(Iio 2008; Yashiro 2016)')] }] });
  });

  it('writes a citation that links nowhere as one text, as it was before citations were linked', () => {
    const citation: Citation = {
      type: 'citation',
      items: [{ key: 'unlisted2020' }, { key: 'other2021' }],
      children: [text('('), { type: 'citedWork', key: 'unlisted2020', children: [text('Other 2020')] }, text('; '), { type: 'citedWork', key: 'other2021', children: [{ type: 'emphasis', children: [text('Title')] }, text(' 2021')] }, text(')')],
    };
    const [linked] = linkCitations([paragraph(citation)], entryOf);
    expect(linked?.children[0]).toEqual({ ...citation, children: [text('(Other 2020; '), { type: 'emphasis', children: [text('Title')] }, text(' 2021)')] });
  });

  it('passes blocks without a citation on as they are, and links citations deep in lists and emphasis', () => {
    const plain = paragraph(text('No citation here.'));
    expect(linkCitations([plain], entryOf)[0]).toBe(plain);
    const deep = { type: 'list' as const, children: [{ type: 'listItem' as const, children: [paragraph({ type: 'emphasis', children: [{ type: 'citation', items: [{ key: 'iio2008' }], children: [{ type: 'citedWork', key: 'iio2008', children: [text('Iio 2008')] }] }] })] }] };
    expect(JSON.stringify(linkCitations([deep], entryOf))).toContain('"entry":{"kind":"reference","key":"iio2008","chapter":"coordination"}');
  });
});
