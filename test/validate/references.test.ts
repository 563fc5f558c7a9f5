import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single, summarize } from '../support/diagnostics.js';
import { applyAll } from '../support/edits.js';

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
    // The chapters are checked too: the key iio2008 they cite is now missing, which points at the renamed entry.
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-citation-key', 'duplicate-id']);
    expect(single(diagnostics, 'unknown-citation-key').message).toContain('There is no reference `iio2008` in references.yaml');
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

describe('links in references.yaml', () => {
  it('unsafe-link: a javascript: URL is refused at the value, and is never linked', async () => {
    const edited = replaceOnce('  URL: www.govindicators.org\n', '  URL: javascript:alert(document.cookie)\n')(references);
    const { diagnostics, result } = await checkChanged({ [referencesPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unsafe-link']);
    const found = single(diagnostics, 'unsafe-link');
    expect(found).toMatchObject({ ruleId: 'unsafe-link', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(referencesPath, edited, 'javascript:alert'));
    expect(found.message).toContain('The URL of `kaufmann2023` ("javascript:alert(document.cookie)") uses the javascript: scheme');
    expect(found.message).toContain('Give the full https://… address');
  });

  it('unsafe-link: a scheme hidden by a tab or written in capitals is found too; ftp: is not linked either', async () => {
    const edited = applyAll(
      replaceOnce('  URL: www.govindicators.org\n', '  URL: "Java\\tScript:alert(1)"\n'),
      replaceOnce('  URL: https://www.asahi.com/ajw/articles/14997693\n', '  URL: ftp://www.asahi.com/ajw/articles/14997693\n'),
    )(references);
    const { diagnostics } = await checkChanged({ [referencesPath]: edited });
    const found = diagnostics.filter((d) => d.ruleId === 'unsafe-link');
    expect(found.map(placeOf)).toEqual([placeIn(referencesPath, edited, '"Java'), placeIn(referencesPath, edited, 'ftp://')]);
    expect(found[0]?.message).toContain('uses the javascript: scheme');
    expect(found[1]?.message).toContain('uses the ftp: scheme');
  });

  it('unsafe-link: a DOI with a scheme other than https is refused; a bare DOI or host is fine', async () => {
    const edited = replaceOnce('  URL: www.govindicators.org\n', '  URL: www.govindicators.org\n  DOI: data:text/html,<script>alert(1)</script>\n')(references);
    const { diagnostics } = await checkChanged({ [referencesPath]: edited });
    expect(ruleIdsOf(diagnostics)).toEqual(['unsafe-link']);
    const found = single(diagnostics, 'unsafe-link');
    expect(placeOf(found)).toEqual(placeIn(referencesPath, edited, 'data:text'));
    expect(found.message).toContain('The DOI of `kaufmann2023`');
    expect(found.message).toContain('Write the DOI alone (10.…) or as https://doi.org/…');

    const bare = replaceOnce('  URL: www.govindicators.org\n', '  URL: www.govindicators.org\n  DOI: 10.1080/01900692.2016.1186178\n')(references);
    const fine = await checkChanged({ [referencesPath]: bare });
    expect(fine.diagnostics, summarize(fine.diagnostics)).toEqual([]);
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
