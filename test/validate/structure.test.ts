import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single, summarize } from '../support/diagnostics.js';
import { applyAll, questionBlock, removeQuestion, repeatQuestion } from '../support/edits.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
const horizontalMarker = '::subcategory{#horizontal-coordination rank=24}';
const verticalMarker = '::subcategory{#vertical-coordination rank=6}';

describe('chapter structure', () => {
  it('stray-content: a paragraph between sections, which no edition shows, is reported', async () => {
    const edited = replaceOnce(verticalMarker, `Note to self: check the 2023 figures.\n\n${verticalMarker}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['stray-content']);
    const found = single(diagnostics, 'stray-content');
    expect(found).toMatchObject({ ruleId: 'stray-content', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'Note to self'));
    expect(found.message).toContain('stands outside `:::key-findings` and any `:::question`');
    expect(found.message).toContain('Move it into a key findings or question block, or delete it');
  });

  it('unknown-subcategory: a misspelt sub-category id is reported at the id with a suggestion', async () => {
    const edited = replaceOnce(horizontalMarker, '::subcategory{#horizontal-coordinaton rank=24}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-subcategory']);
    const found = single(diagnostics, 'unknown-subcategory');
    expect(found).toMatchObject({ ruleId: 'unknown-subcategory', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '#horizontal-coordinaton'));
    expect(found.message).toContain('The category `coordination` has no sub-category `horizontal-coordinaton`');
    expect(found.message).toContain('Did you mean `horizontal-coordination`?');
  });

  it('unknown-question: a misspelt question id is reported at the id with a suggestion, and not also as missing', async () => {
    const edited = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordinaton score=8}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-question']);
    const found = single(diagnostics, 'unknown-question');
    expect(found).toMatchObject({ ruleId: 'unknown-question', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '#go-pmo-coordinaton'));
    expect(found.message).toContain('The codebook has no question `go-pmo-coordinaton`');
    expect(found.message).toContain('Did you mean `go-pmo-coordination`?');
  });

  it('unknown-question: a question under the wrong sub-category says where it belongs', async () => {
    const { block } = questionBlock(chapter, 'national-standards');
    const edited = applyAll(removeQuestion('national-standards'), replaceOnce(verticalMarker, `${block}\n${verticalMarker}`))(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-question']);
    const found = single(diagnostics, 'unknown-question');
    expect(found).toMatchObject({ ruleId: 'unknown-question', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '#national-standards'));
    expect(found.message).toContain('belongs to the sub-category `vertical-coordination`, not `horizontal-coordination`');
    expect(found.message).toContain('Move it under `::subcategory{#vertical-coordination …}`');
  });

  it('question-outside-subcategory: a question above the first ::subcategory marker is reported', async () => {
    const { block } = questionBlock(chapter, 'go-pmo-coordination');
    const edited = applyAll(removeQuestion('go-pmo-coordination'), replaceOnce(horizontalMarker, `${block}\n${horizontalMarker}`))(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['question-outside-subcategory']);
    const found = single(diagnostics, 'question-outside-subcategory');
    expect(found).toMatchObject({ ruleId: 'question-outside-subcategory', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::question{#go-pmo-coordination'));
    expect(found.message).toContain('comes before any `::subcategory{#… rank=…}` marker');
    expect(found.message).toContain('Add the marker above it');
  });

  it('duplicate-question: the same question twice is reported at the second, naming the first line', async () => {
    const edited = repeatQuestion('informal-coordination')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-question']);
    const found = single(diagnostics, 'duplicate-question');
    expect(found).toMatchObject({ ruleId: 'duplicate-question', severity: 'error' });
    const opening = ':::question{#informal-coordination';
    const first = placeIn(chapterPath, edited, opening);
    const secondAt = edited.indexOf(opening, edited.indexOf(opening) + 1);
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '#informal-coordination', secondAt));
    expect(found.message).toContain(`The question \`informal-coordination\` is answered twice in this chapter (first on line ${String(first.line)})`);
    expect(found.message).toContain('Keep one block and merge the text');
  });

  it('duplicate-subcategory: a second marker for the same sub-category is reported at the marker', async () => {
    const opening = ':::question{#informal-coordination';
    const edited = replaceOnce(opening, `${horizontalMarker}\n\n${opening}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-subcategory']);
    const found = single(diagnostics, 'duplicate-subcategory');
    expect(found).toMatchObject({ ruleId: 'duplicate-subcategory', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, horizontalMarker, edited.indexOf(horizontalMarker) + 1));
    expect(found.message).toContain('The sub-category `horizontal-coordination` already has a section in this chapter');
    expect(found.message).toContain('Put all its questions under one `::subcategory` marker');
  });

  it('missing-question: a codebook question the chapter leaves out is a warning at its sub-category; the check passes', async () => {
    const edited = removeQuestion('multilevel-cooperation')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(true);
    // The question's citations go with it, so its works are now cited by no chapter: also warnings.
    expect(diagnostics.every((d) => d.severity === 'warning'), summarize(diagnostics)).toBe(true);
    const found = single(diagnostics, 'missing-question');
    expect(found).toMatchObject({ ruleId: 'missing-question', severity: 'warning' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, verticalMarker));
    expect(found.message).toContain('The chapter does not answer `multilevel-cooperation` ("Effective Multilevel Cooperation")');
    expect(found.message).toContain('Add a `:::question{#multilevel-cooperation score=…}` block');
  });

  it('missing-key-findings: a chapter without key findings is a warning at its front matter; the check passes', async () => {
    const start = chapter.indexOf(':::key-findings');
    const end = chapter.indexOf('\n:::\n', start) + '\n:::\n\n'.length;
    const edited = chapter.slice(0, start) + chapter.slice(end);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(true);
    expect(ruleIdsOf(diagnostics)).toEqual(['missing-key-findings']);
    const found = single(diagnostics, 'missing-key-findings');
    expect(found).toMatchObject({ ruleId: 'missing-key-findings', severity: 'warning' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '---'));
    expect(found.message).toContain('The chapter has no `:::key-findings` block');
    expect(found.message).toContain('Add one after the front matter');
  });

  it('missing-key-findings: with strict: true the same warning fails the check', async () => {
    const start = chapter.indexOf(':::key-findings');
    const end = chapter.indexOf('\n:::\n', start) + '\n:::\n\n'.length;
    const edited = chapter.slice(0, start) + chapter.slice(end);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited }, { strict: true });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'missing-key-findings');
    // Strict makes it fatal to the build, not an error: the severity stays what the catalog says.
    expect(found).toMatchObject({ ruleId: 'missing-key-findings', severity: 'warning' });
  });

  it('empty-assessment: a question with only its citation list is reported at the question', async () => {
    const { block } = questionBlock(chapter, 'informal-coordination');
    const emptied = block.replace(/\n[\s\S]*?(?=::citations)/, '\n');
    const edited = replaceOnce(block, emptied)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['empty-assessment']);
    const found = single(diagnostics, 'empty-assessment');
    expect(found).toMatchObject({ ruleId: 'empty-assessment', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::question{#informal-coordination'));
    expect(found.message).toContain('This question has no assessment text');
    expect(found.message).toContain('Write the assessment as paragraphs inside the `:::question` block');
  });

  it('site-path-taken: a country whose slug names a folder of the web edition is reported at the chapter’s first line', async () => {
    const { diagnostics, result } = await checkChanged({ [chapterPath]: (text: string) => text.replace('country: Japan', 'country: Japan\nslug: countries') });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['site-path-taken']);
    const found = single(diagnostics, 'site-path-taken');
    expect(found).toMatchObject({ ruleId: 'site-path-taken', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, chapter, '---'));
    expect(found.message).toContain('html/countries/');
  });

  it('duplicate-chapter: a second chapter for the same country and category is reported on the later file', async () => {
    // An old copy left next to the chapter; it sorts after it, so it is the one reported.
    const copyPath = 'chapters/japan/coordination.old.md';
    const { diagnostics, result } = await checkChanged({ [copyPath]: chapter });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-chapter']);
    const found = single(diagnostics, 'duplicate-chapter');
    expect(found).toMatchObject({ ruleId: 'duplicate-chapter', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(copyPath, chapter, '---'));
    expect(found.message).toContain(`${chapterPath} is already the chapter for Japan, Coordination`);
    expect(found.message).toContain('Merge them or fix the front matter');
  });

  it('three problems in one chapter are all reported, each at its own line and column', async () => {
    const edited = applyAll(
      replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}'),
      replaceOnce('[@yashiro2016]. However', '[@yashiro2061]. However'),
      replaceOnce(':::question{#informal-coordination', ':::questoin{#informal-coordination'),
    )(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    // The three, and nothing that merely follows from them.
    expect([...ruleIdsOf(diagnostics)].sort()).toEqual(['score-out-of-scale', 'unknown-citation-key', 'unknown-directive']);

    const score = single(diagnostics, 'score-out-of-scale');
    expect(score).toMatchObject({ ruleId: 'score-out-of-scale', severity: 'error' });
    expect(placeOf(score)).toEqual(placeIn(chapterPath, edited, 'score=11'));
    expect(score.message).toContain('The score 11 lies outside the scale');

    const key = single(diagnostics, 'unknown-citation-key');
    expect(key).toMatchObject({ ruleId: 'unknown-citation-key', severity: 'error' });
    expect(placeOf(key)).toEqual(placeIn(chapterPath, edited, '@yashiro2061'));
    expect(key.message).toContain('Did you mean `yashiro2016`?');

    const directive = single(diagnostics, 'unknown-directive');
    expect(directive).toMatchObject({ ruleId: 'unknown-directive', severity: 'error' });
    expect(placeOf(directive)).toEqual(placeIn(chapterPath, edited, ':::questoin'));
    expect(directive.message).toContain('Did you mean `question`?');

    const lines = [score, key, directive].map((d) => d.line);
    expect(new Set(lines).size).toBe(3);
  });
});
