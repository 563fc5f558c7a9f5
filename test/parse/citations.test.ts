import type { Paragraph, PhrasingContent } from 'mdast';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseChapter } from '../../src/parse/chapter.js';
import { parseCiteItems } from '../../src/parse/citations.js';

function paragraphOf(markdown: string): PhrasingContent[] {
  const tree = parseChapter(new VFile({ path: 'test.md', value: markdown }));
  const first = tree.children[0] as Paragraph;
  expect(first.type).toBe('paragraph');
  return first.children;
}

describe('Pandoc citations in running text', () => {
  it('turns [@key] into a citation node between text nodes, with the key’s position', () => {
    const children = paragraphOf('regulatory reform [@yashiro2016]. However');
    expect(children.map((child) => child.type)).toEqual(['text', 'citation', 'text']);
    const citation = children[1];
    if (citation?.type !== 'citation') throw new Error('expected a citation');
    expect(citation.items).toHaveLength(1);
    expect(citation.items[0]).toMatchObject({ key: 'yashiro2016', position: { start: { line: 1, column: 20 }, end: { line: 1, column: 32 } } });
    expect(citation.position?.start).toMatchObject({ line: 1, column: 19 });
    expect(children[2]).toMatchObject({ type: 'text', value: '. However' });
  });

  it('reads several keys, prefixes, locators with labels, suffixes and -@ (suppress author)', () => {
    expect(parseCiteItems('see @a, p. 33; -@b, chap. 2, and elsewhere; @c')).toEqual([
      { key: 'a', prefix: 'see', label: 'page', locator: '33' },
      { key: 'b', suppressAuthor: true, label: 'chapter', locator: '2', suffix: ', and elsewhere' },
      { key: 'c' },
    ]);
  });

  it('leaves e-mail addresses and ordinary brackets alone', () => {
    expect(paragraphOf('write to [me@example.org] or [see above]').map((child) => child.type)).toEqual(['text']);
    expect(parseCiteItems('me@example.org')).toBeUndefined();
  });

  it('keeps internal punctuation in keys but not a trailing full stop', () => {
    expect(parseCiteItems('@doe:2020.a')).toEqual([{ key: 'doe:2020.a' }]);
    expect(parseCiteItems('@doe2020.')).toEqual([{ key: 'doe2020', suffix: '.' }]);
  });
});

describe('colons in running text', () => {
  it('keeps "10:30" and "a:b" as text instead of text directives', () => {
    const children = paragraphOf('At 10:30 the ratio a:b was set.');
    expect(children).toEqual([expect.objectContaining({ type: 'text', value: 'At 10:30 the ratio a:b was set.' })]);
  });

  it('keeps a text directive with a label, for validation to report', () => {
    const children = paragraphOf('see :badge[new] here');
    expect(children.map((child) => child.type)).toEqual(['text', 'textDirective', 'text']);
  });
});
