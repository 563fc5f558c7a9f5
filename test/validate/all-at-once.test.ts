/**
 * Every problem at once: an error in edition.yaml or references.yaml no longer hides the chapters'
 * problems, so one `check` lists everything to fix.
 */
import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single, summarize } from '../support/diagnostics.js';
import { applyAll } from '../support/edits.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
const editionPath = 'edition.yaml';
const edition = sampleText(editionPath);
const referencesPath = 'references.yaml';
const references = sampleText(referencesPath);

const scoreEleven = replaceOnce('{#informal-coordination score=7}', '{#informal-coordination score=11}');
const misspeltQuestion = replaceOnce(':::question{#go-pmo-coordination score=8}', ':::questoin{#go-pmo-coordination score=8}');

describe('all problems at once', () => {
  it('a book without a publisher, a score of 11 and a :::questoin are all reported', async () => {
    const editedReferences = replaceOnce('  publisher: Routledge\n', '')(references);
    const editedChapter = applyAll(scoreEleven, misspeltQuestion)(chapter);
    const { diagnostics, result } = await checkChanged({ [referencesPath]: editedReferences, [chapterPath]: editedChapter });
    expect(result.ok).toBe(false);
    expect([...ruleIdsOf(diagnostics)].sort(), summarize(diagnostics)).toEqual(['reference-missing-field', 'score-out-of-scale', 'unknown-directive']);

    const missing = single(diagnostics, 'reference-missing-field');
    expect(missing).toMatchObject({ ruleId: 'reference-missing-field', severity: 'error' });
    expect(placeOf(missing)).toEqual(placeIn(referencesPath, editedReferences, 'id: zakowski2021'));
    expect(placeOf(single(diagnostics, 'score-out-of-scale'))).toEqual(placeIn(chapterPath, editedChapter, 'score=11}'));
    expect(placeOf(single(diagnostics, 'unknown-directive'))).toEqual(placeIn(chapterPath, editedChapter, ':::questoin'));
    // zakowski2021 is cited by the chapter: its entry has a problem, but its id is known.
    expect(ruleIdsOf(diagnostics)).not.toContain('unknown-citation-key');
  });

  it('a year written as a word in edition.yaml and a score of 11 are both reported', async () => {
    const editedEdition = replaceOnce('year: 2024', 'year: twenty')(edition);
    const editedChapter = scoreEleven(chapter);
    const { diagnostics, result } = await checkChanged({ [editionPath]: editedEdition, [chapterPath]: editedChapter });
    expect(result.ok).toBe(false);
    expect([...ruleIdsOf(diagnostics)].sort(), summarize(diagnostics)).toEqual(['schema-field', 'score-out-of-scale']);
    expect(placeOf(single(diagnostics, 'schema-field'))).toEqual(placeIn(editionPath, editedEdition, 'twenty'));
    expect(placeOf(single(diagnostics, 'score-out-of-scale'))).toEqual(placeIn(chapterPath, editedChapter, 'score=11}'));
  });

  it('an unknown citation style does not hide a score of 11', async () => {
    const editedEdition = replaceOnce('citationStyle: house-author-date', 'citationStyle: house-author-dat')(edition);
    const { diagnostics } = await checkChanged({ [editionPath]: editedEdition, [chapterPath]: scoreEleven(chapter) });
    expect([...ruleIdsOf(diagnostics)].sort(), summarize(diagnostics)).toEqual(['score-out-of-scale', 'unknown-citation-style']);
  });

  it('a book without a publisher does not hide an unknown citation style', async () => {
    const editedEdition = replaceOnce('citationStyle: house-author-date', 'citationStyle: house-author-dat')(edition);
    const editedReferences = replaceOnce('  publisher: Routledge\n', '')(references);
    const { diagnostics } = await checkChanged({ [editionPath]: editedEdition, [referencesPath]: editedReferences });
    expect([...ruleIdsOf(diagnostics)].sort(), summarize(diagnostics)).toEqual(['reference-missing-field', 'unknown-citation-style']);
    expect(placeOf(single(diagnostics, 'unknown-citation-style'))).toEqual(placeIn(editionPath, editedEdition, 'house-author-dat'));
  });

  it('a references.yaml that cannot be parsed hides no chapter problem, and calls no key unknown', async () => {
    const editedReferences = replaceOnce('  publisher: Routledge\n', '  publisher: Routledge: London\n')(references);
    const { diagnostics } = await checkChanged({ [referencesPath]: editedReferences, [chapterPath]: scoreEleven(chapter) });
    expect([...ruleIdsOf(diagnostics)].sort(), summarize(diagnostics)).toEqual(['score-out-of-scale', 'yaml-syntax']);
  });

  it('a mistyped key is still unknown when another reference has a problem', async () => {
    const editedReferences = replaceOnce('  publisher: Routledge\n', '')(references);
    const editedChapter = replaceOnce('[@yashiro2016]. However', '[@yashiro2061]. However')(chapter);
    const { diagnostics } = await checkChanged({ [referencesPath]: editedReferences, [chapterPath]: editedChapter });
    expect([...ruleIdsOf(diagnostics)].sort(), summarize(diagnostics)).toEqual(['reference-missing-field', 'unknown-citation-key']);
    expect(single(diagnostics, 'unknown-citation-key').message).toContain('Did you mean `yashiro2016`?');
  });
});
