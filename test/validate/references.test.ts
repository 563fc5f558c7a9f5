import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const referencesPath = 'references.yaml';
const references = sampleText(referencesPath);
const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

describe('references.yaml', () => {
  it('reference-missing-field: a book without a publisher is reported at its entry and names the field', async () => {
    const edited = replaceOnce('  publisher: Routledge\n', '')(references);
    const { diagnostics, result } = await checkChanged({ [referencesPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['reference-missing-field']);
    const found = single(diagnostics, 'reference-missing-field');
    expect(found).toMatchObject({ ruleId: 'reference-missing-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(referencesPath, edited, 'id: zakowski2021'));
    expect(found.message).toContain('The book `zakowski2021` lacks `publisher`, which its type needs');
    expect(found.message).toContain('Add it, or give the entry the CSL type that fits the work');
  });

  it('unused-reference: a work that no chapter cites is a warning, and the check still passes', async () => {
    const edited = `${references}\n- id: oecd2023\n  type: report\n  issued: { date-parts: [[2023]] }\n  title: Government at a Glance 2023\n  publisher: OECD\n`;
    const { diagnostics, result } = await checkChanged({ [referencesPath]: edited });
    expect(result.ok).toBe(true);
    expect(ruleIdsOf(diagnostics)).toEqual(['unused-reference']);
    const found = single(diagnostics, 'unused-reference');
    expect(found).toMatchObject({ ruleId: 'unused-reference', severity: 'warning' });
    expect(placeOf(found)).toEqual(placeIn(referencesPath, edited, 'oecd2023'));
    expect(found.message).toContain('No chapter cites `oecd2023`');
    expect(found.message).toContain('or remove it from references.yaml');
  });

  it('duplicate-id: two references with the same id are reported at the second', async () => {
    const edited = replaceOnce('- id: iio2008', '- id: zakowski2021')(references);
    const { diagnostics, result } = await checkChanged({ [referencesPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-id']);
    const found = single(diagnostics, 'duplicate-id');
    expect(found).toMatchObject({ ruleId: 'duplicate-id', severity: 'error' });
    const first = edited.indexOf('- id: zakowski2021');
    expect(placeOf(found)).toEqual(placeIn(referencesPath, edited, 'zakowski2021', edited.indexOf('- id: zakowski2021', first + 1)));
    expect(found.message).toContain('the id "zakowski2021" is used twice');
  });

  it('schema-field: a publisher given as a list is reported at the value', async () => {
    const edited = replaceOnce('  publisher: Routledge\n', '  publisher: [Routledge]\n')(references);
    const { diagnostics, result } = await checkChanged({ [referencesPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(referencesPath, edited, '[Routledge]'));
    expect(found.message).toContain('publisher must be text, not a list');
  });
});

describe('citations in chapters', () => {
  it('unknown-citation-key: a mistyped key in running text is reported at the key, with a suggestion', async () => {
    const edited = replaceOnce('[@yashiro2016]. However', '[@yashiro2061]. However')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-citation-key']);
    const found = single(diagnostics, 'unknown-citation-key');
    expect(found).toMatchObject({ ruleId: 'unknown-citation-key', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '@yashiro2061'));
    expect(found.message).toContain('There is no reference `yashiro2061` in references.yaml');
    expect(found.message).toContain('Did you mean `yashiro2016`?');
  });

  it('unknown-citation-key: a mistyped key in a ::citations list is reported at the key', async () => {
    const edited = replaceOnce('::citations[@iio2008; @zakowski2021]', '::citations[@iio2008; @zakowsky2021]')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-citation-key']);
    const found = single(diagnostics, 'unknown-citation-key');
    expect(found).toMatchObject({ ruleId: 'unknown-citation-key', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '@zakowsky2021'));
    expect(found.message).toContain('Did you mean `zakowski2021`?');
    expect(found.message).toContain('Add the work to references.yaml or correct the key');
  });

  it('citation-syntax: a key without its @ is reported at the key, and the work is not called unused', async () => {
    const edited = replaceOnce('::citations[@iio2008; @zakowski2021]', '::citations[iio2008; @zakowski2021]')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['citation-syntax']);
    const found = single(diagnostics, 'citation-syntax');
    expect(found).toMatchObject({ ruleId: 'citation-syntax', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'iio2008; @zakowski2021]'));
    expect(found.message).toContain('"iio2008" is not a citation key');
    expect(found.message).toContain('Write each work as `@key`');
  });

  it('citation-syntax: an empty ::citations list is reported at the list', async () => {
    const edited = replaceOnce('::citations[@iio2008; @zakowski2021]', '::citations[]')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'citation-syntax');
    expect(found).toMatchObject({ ruleId: 'citation-syntax', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '::citations[]'));
    expect(found.message).toContain('The citation list is empty');
  });
});
