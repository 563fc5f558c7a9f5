import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
const frontMatter = '---\n# yaml-language-server: $schema=../../../schemas/front-matter.schema.json\ncountry: Japan\ncategory: coordination\nrank: 16\n---\n\n';

describe('chapter front matter', () => {
  it('frontmatter-missing: a chapter without front matter is reported at its first line', async () => {
    const edited = replaceOnce(frontMatter, '')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['frontmatter-missing']);
    const found = single(diagnostics, 'frontmatter-missing');
    expect(found).toMatchObject({ ruleId: 'frontmatter-missing', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::key-findings'));
    expect(found.message).toContain('The chapter does not start with front matter');
    expect(found.message).toContain('Make the very first line of the file `---`');
  });

  it('frontmatter-missing: a blank line before the opening `---` is one error, not also stray content', async () => {
    const edited = `\n${chapter}`;
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['frontmatter-missing']);
    const found = single(diagnostics, 'frontmatter-missing');
    expect(found).toMatchObject({ ruleId: 'frontmatter-missing', severity: 'error' });
    // At the start of the file, where the opening `---` should be.
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '\n---'));
    expect(found.message).toContain('not even a blank line before it');
  });

  it('frontmatter-missing: front matter without its closing `---` says so', async () => {
    const edited = replaceOnce('rank: 16\n---\n', 'rank: 16\n')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'frontmatter-missing');
    expect(found).toMatchObject({ ruleId: 'frontmatter-missing', severity: 'error', line: 1, column: 1 });
    expect(found.message).toContain('front matter is not closed');
  });

  it('frontmatter-field: a misspelt field is reported once, at the key, with a suggestion', async () => {
    const edited = replaceOnce('country: Japan', 'contry: Japan')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    // Not also "lacks the required field `country`": that is the same mistake.
    expect(ruleIdsOf(diagnostics)).toEqual(['frontmatter-field']);
    const found = single(diagnostics, 'frontmatter-field');
    expect(found).toMatchObject({ ruleId: 'frontmatter-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'contry'));
    expect(found.message).toContain('has a field `contry` that it does not take');
    expect(found.message).toContain('Did you mean `country`?');
  });

  it('frontmatter-field: a country given as a list is reported at the value', async () => {
    const edited = replaceOnce('country: Japan', 'country: [Japan]')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['frontmatter-field']);
    const found = single(diagnostics, 'frontmatter-field');
    expect(found).toMatchObject({ ruleId: 'frontmatter-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '[Japan]'));
    expect(found.message).toContain('In the front matter, `country` must be text. Found a list.');
  });

  it('frontmatter-field: a chapter without a category is told to add it', async () => {
    const edited = replaceOnce('category: coordination\n', '')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['frontmatter-field']);
    const found = single(diagnostics, 'frontmatter-field');
    expect(found).toMatchObject({ ruleId: 'frontmatter-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'country: Japan'));
    expect(found.message).toContain('The front matter lacks the required field `category`');
  });

  it('yaml-syntax: a front matter field given twice is reported at the second, with the file’s line numbers', async () => {
    const edited = replaceOnce('rank: 16\n', 'rank: 16\nrank: 17\n')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['yaml-syntax']);
    const found = single(diagnostics, 'yaml-syntax');
    expect(found).toMatchObject({ ruleId: 'yaml-syntax', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'rank: 17'));
    expect(found.message).toContain('Map keys must be unique');
  });

  it('rank-invalid: a rank of 0 in the front matter is not a positive whole number', async () => {
    const edited = replaceOnce('rank: 16', 'rank: 0')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-invalid']);
    const found = single(diagnostics, 'rank-invalid');
    expect(found).toMatchObject({ ruleId: 'rank-invalid', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '0', edited.indexOf('rank: 0')));
    expect(found.message).toContain('`rank` must be a positive whole number such as 1 or 16');
    expect(found.message).toContain('Found number 0');
  });

  it('rank-invalid: a fractional rank is not a whole number', async () => {
    const edited = replaceOnce('rank: 16', 'rank: 16.5')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'rank-invalid');
    expect(found).toMatchObject({ ruleId: 'rank-invalid', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '16.5'));
    expect(found.message).toContain('Found number 16.5');
  });

  it('rank-invalid: a sub-category rank written as a word is reported at the attribute', async () => {
    const edited = replaceOnce('{#horizontal-coordination rank=24}', '{#horizontal-coordination rank=first}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-invalid']);
    const found = single(diagnostics, 'rank-invalid');
    expect(found).toMatchObject({ ruleId: 'rank-invalid', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'rank=first'));
    expect(found.message).toContain('The rank "first" of `::subcategory` is not a positive whole number');
    expect(found.message).toContain('rank=16');
  });

  it('unknown-category: a misspelt category is reported at its value with a suggestion', async () => {
    const edited = replaceOnce('category: coordination', 'category: coordinaton')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-category']);
    const found = single(diagnostics, 'unknown-category');
    expect(found).toMatchObject({ ruleId: 'unknown-category', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'coordinaton'));
    expect(found.message).toContain('The codebook has no category `coordinaton`');
    expect(found.message).toContain('Did you mean `coordination`?');
  });

  it('frontmatter-field: an empty front matter block says so and names the fields it needs', async () => {
    const edited = replaceOnce(frontMatter, '---\n---\n\n')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['frontmatter-field']);
    const found = single(diagnostics, 'frontmatter-field');
    expect(found).toMatchObject({ ruleId: 'frontmatter-field', severity: 'error' });
    // Where the fields would go: the line after the opening `---`.
    expect(placeOf(found)).toEqual({ file: chapterPath, line: 2, column: 1 });
    expect(found.message).toContain('The front matter is empty; it needs `country`, `category` and `rank`.');
    expect(found.message).not.toContain('Invalid input');
  });

  it('frontmatter-field: front matter that is a single value asks for a mapping of fields', async () => {
    const edited = replaceOnce(frontMatter, '---\nJapan, coordination, 16\n---\n\n')(chapter);
    const { diagnostics } = await checkChanged({ [chapterPath]: edited });
    const found = single(diagnostics, 'frontmatter-field');
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'Japan, coordination'));
    expect(found.message).toContain('The front matter must be a mapping of fields (`field: value` lines), not the text "Japan, coordination, 16"; it needs `country`');
  });
});
