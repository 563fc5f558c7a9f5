import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const editionPath = 'edition.yaml';
const edition = sampleText(editionPath);

describe('edition.yaml', () => {
  it('yaml-syntax: an unquoted ": " inside a value is reported where the YAML breaks', async () => {
    const edited = replaceOnce('publisher: Bertelsmann Stiftung', 'publisher: Bertelsmann: Stiftung')(edition);
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['yaml-syntax']);
    const found = single(diagnostics, 'yaml-syntax');
    expect(found).toMatchObject({ ruleId: 'yaml-syntax', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'Bertelsmann: Stiftung'));
    expect(found.message).toContain('The YAML cannot be read');
    expect(found.message).toContain('quotes around values that contain ": "');
  });

  it('schema-field: a year written as a word is reported at the value', async () => {
    const edited = replaceOnce('year: 2024', 'year: twenty')(edition);
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'twenty'));
    expect(found.message).toContain('In edition.yaml, `year` must be a positive whole number');
    expect(found.message).toContain('Found the text "twenty"');
  });

  it('schema-field: a missing field is named, and a misspelt one is reported once with a suggestion', async () => {
    const edited = replaceOnce('publisher: Bertelsmann Stiftung', 'publsher: Bertelsmann Stiftung')(edition);
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    // One mistake, one diagnostic: not also "lacks the required field `publisher`".
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'publsher'));
    expect(found.message).toContain('has a field `publsher` that it does not take. Did you mean `publisher`?');
  });

  it('schema-field: a field left out is reported as required', async () => {
    const edited = replaceOnce('date: 2024-06-01\n', '')(edition);
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    // A missing field has no place of its own: the document's start stands for it.
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'title:'));
    expect(found.message).toContain('edition.yaml lacks the required field `date`');
    expect(found.message).toContain('Add it');
  });

  it('unknown-citation-style: a misspelt style is reported at its value with a suggestion', async () => {
    const edited = replaceOnce('citationStyle: house-author-date', 'citationStyle: house-author-dat')(edition);
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-citation-style']);
    const found = single(diagnostics, 'unknown-citation-style');
    expect(found).toMatchObject({ ruleId: 'unknown-citation-style', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'house-author-dat'));
    expect(found.message).toContain('There is no citation style `house-author-dat` in templates/csl/');
    expect(found.message).toContain('Did you mean `house-author-date`?');
  });

  it('schema-field: an empty edition.yaml says so at 1:1 and names the fields it needs', async () => {
    const { diagnostics, result } = await checkChanged({ [editionPath]: '' });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    expect(placeOf(found)).toEqual({ file: editionPath, line: 1, column: 1 });
    expect(found.message).toContain('edition.yaml is empty; it needs `title`, `publisher`, `year`, `language`, `citationStyle` and `date`.');
    expect(found.message).not.toContain('Invalid input');
  });

  it('schema-field: an edition.yaml of comments only is empty too', async () => {
    const { diagnostics } = await checkChanged({ [editionPath]: '# to be written\n' });
    const found = single(diagnostics, 'schema-field');
    expect(placeOf(found)).toEqual({ file: editionPath, line: 1, column: 1 });
    expect(found.message).toContain('edition.yaml is empty; it needs `title`');
  });

  it('schema-field: an edition.yaml written as a list asks for a mapping of fields, at the list', async () => {
    const edited = `# the edition\n${edition.replace(/^(?=\w)/gm, '- ')}`;
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, '- title:'));
    expect(found.message).toContain('edition.yaml must be a mapping of fields (`field: value` lines), not a list; it needs `title`, `publisher`');
  });

  it('schema-field: an empty codebook.yaml names the fields it needs', async () => {
    const { diagnostics } = await checkChanged({ 'codebook.yaml': '\n' });
    const found = single(diagnostics, 'schema-field');
    expect(placeOf(found)).toEqual({ file: 'codebook.yaml', line: 1, column: 1 });
    expect(found.message).toContain('codebook.yaml is empty; it needs `scales` and `categories`.');
  });
});
