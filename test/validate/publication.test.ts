/**
 * The publishing metadata of edition.yaml and a chapter's front matter: each mistake one diagnostic
 * at its place, with how to fix it; the edition's countries bound every chapter's country and rank.
 */
import { describe, expect, it } from 'vitest';
import { withRanks } from '../support/edits.js';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const editionPath = 'edition.yaml';
const edition = sampleText(editionPath);
const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

describe('the edition’s countries', () => {
  it('country-unknown: a chapter whose country the edition does not declare is reported at its `country`, with a suggestion', async () => {
    const edited = replaceOnce('country: Japan', 'country: Japna')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['country-unknown']);
    const found = single(diagnostics, 'country-unknown');
    expect(found).toMatchObject({ ruleId: 'country-unknown', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'Japna'));
    expect(found.message).toContain('Japna is not among the 30 countries edition.yaml declares');
    expect(found.message).toContain('Did you mean `Japan`?');
  });

  it('country-unknown: `authors` in edition.yaml naming an undeclared country is reported at its key', async () => {
    const edited = replaceOnce('  Japan:\n    - Hiroko', '  Nippon:\n    - Hiroko')(edition);
    const { diagnostics } = await checkChanged({ [editionPath]: edited });
    const found = single(diagnostics, 'country-unknown');
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'Nippon'));
    expect(found.message).toContain('`authors` names Nippon, which is not among the edition\'s `countries`.');
  });

  it('rank-out-of-range: a category rank above the number of countries is reported at the front matter’s `rank`', async () => {
    const edited = withRanks({ rank: 31, horizontal: 24, vertical: 6 })(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-out-of-range']);
    const found = single(diagnostics, 'rank-out-of-range');
    expect(found).toMatchObject({ ruleId: 'rank-out-of-range', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '31'));
    expect(found.message).toContain('The rank 31 is larger than the number of countries the edition covers (30');
  });

  it('rank-out-of-range: a sub-category rank above it is reported at the marker’s `rank`; the highest rank, 30, is fine', async () => {
    const edited = withRanks({ rank: 30, horizontal: 42, vertical: 6 })(chapter);
    const { diagnostics } = await checkChanged({ [chapterPath]: edited });
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-out-of-range']);
    expect(placeOf(single(diagnostics, 'rank-out-of-range'))).toEqual(placeIn(chapterPath, edited, 'rank=42'));
  });

  it('without `countries`, any country and rank is accepted (ranks are then printed without “of”)', async () => {
    const edited = edition.replace(/^countries:\n(?: {2}- .*\n)+/m, '').replace(/^authors:\n(?: {2,}.*\n)+/m, '').replace(/^isbn:\n(?: {2,}.*\n)+/m, '');
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited, [chapterPath]: withRanks({ rank: 99, horizontal: 24, vertical: 6 })(chapter) });
    expect(diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('schema-field: a country declared twice is reported at the second', async () => {
    const edited = replaceOnce('  - Austria\n', '  - Austria\n  - Australia\n')(edition);
    const { diagnostics } = await checkChanged({ [editionPath]: edited });
    const found = single(diagnostics, 'schema-field');
    expect(found.message).toContain('names Australia twice');
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, 'Australia', edited.indexOf('  - Australia', edited.indexOf('Austria'))));
  });
});

describe('publishing metadata', () => {
  const fieldProblem = async (from: string, to: string, value: string, says: string): Promise<void> => {
    const edited = replaceOnce(from, to)(edition);
    const { diagnostics, result } = await checkChanged({ [editionPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(placeOf(found)).toEqual(placeIn(editionPath, edited, value));
    expect(found.message).toContain(says);
  };

  it('schema-field: a licence that is no SPDX id, with the closest one suggested', () => fieldProblem('licence: CC-BY-4.0', 'licence: CC-BY-4', 'CC-BY-4', 'must be an SPDX licence id such as CC-BY-4.0'));
  it('schema-field: an ISBN with a wrong check digit', () => fieldProblem('978-3-86793-944-7', '978-3-86793-944-8', '978-3-86793-944-8', 'has a wrong check digit'));
  it('schema-field: an ISBN of 12 digits', () => fieldProblem('978-3-86793-944-7', '978-3-86793-944', '978-3-86793-944', 'must be an ISBN-13'));
  it('schema-field: a DOI written as a link', () => fieldProblem('doi: 10.5555/sgi2024', 'doi: https://doi.org/10.5555/sgi2024', 'https://doi.org/10.5555/sgi2024', 'must be a DOI such as'));
  it('schema-field: an address pattern with an unknown placeholder', () => fieldProblem('{country}/{category}', '{country}/{topic}', 'https://www.sgi-network.org/2024/{country}/{topic}', 'may hold only the placeholders {country} and {category}'));
  it('schema-field: a country report’s address pattern with {category}, which a report has not', () =>
    fieldProblem('reportUrl: https://www.sgi-network.org/2024/{country}', 'reportUrl: https://www.sgi-network.org/2024/{category}', 'https://www.sgi-network.org/2024/{category}', 'may hold only the placeholder {country}, e.g.'));
  it('schema-field: a period that ends before it starts', () => fieldProblem('to: 2024-01-15', 'to: 2020-01-15', 'from: 2021-11-01', 'must end (to:) on or after the day it starts'));

  it('the licence suggestion names the closest SPDX id', async () => {
    const { diagnostics } = await checkChanged({ [editionPath]: replaceOnce('licence: CC-BY-4.0', 'licence: CC-BY-40')(edition) });
    expect(single(diagnostics, 'schema-field').message).toContain('did you mean CC-BY-4.0?');
  });

  it('frontmatter-field: a chapter’s own DOI must be a DOI too', async () => {
    const edited = replaceOnce('rank: 16\n', 'rank: 16\ndoi: doi:10.1/x\n')(chapter);
    const { diagnostics } = await checkChanged({ [chapterPath]: edited });
    const found = single(diagnostics, 'frontmatter-field');
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'doi:10.1/x'));
  });
});
