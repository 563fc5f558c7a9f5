import { describe, expect, it } from 'vitest';
import { checkChanged, lineColumnOf, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';
import { questionBlock } from '../support/edits.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

describe('directives', () => {
  it('unknown-directive: `:::questoin` is reported at the directive with "did you mean `question`", and nothing more', async () => {
    const edited = replaceOnce(':::question{#go-pmo-coordination score=8}', ':::questoin{#go-pmo-coordination score=8}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    // Neither "go-pmo-coordination is not answered" nor "makihara2009 is cited by no chapter":
    // both follow from the one misspelt name.
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-directive']);
    const found = single(diagnostics, 'unknown-directive');
    expect(found).toMatchObject({ ruleId: 'unknown-directive', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::questoin'));
    expect(found.message).toContain('There is no directive `:::questoin`');
    expect(found.message).toContain('Did you mean `question`?');
  });

  it('unknown-directive: `::citatons` inside a question is reported with "did you mean `citations`"', async () => {
    const edited = replaceOnce('::citations[@iio2008; @zakowski2021]', '::citatons[@iio2008; @zakowski2021]')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-directive']);
    const found = single(diagnostics, 'unknown-directive');
    expect(found).toMatchObject({ ruleId: 'unknown-directive', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '::citatons'));
    expect(found.message).toContain('Did you mean `citations`?');
  });

  it('unknown-attribute: `scroe=8` is reported at the attribute with "did you mean `score`", not also as a missing score', async () => {
    const edited = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination scroe=8}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-attribute']);
    const found = single(diagnostics, 'unknown-attribute');
    expect(found).toMatchObject({ ruleId: 'unknown-attribute', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'scroe=8'));
    expect(found.message).toContain('`:::question` has no attribute `scroe`');
    expect(found.message).toContain('Did you mean `score`?');
  });

  it('unknown-attribute: an attribute on `:::key-findings`, which takes none, is to be removed', async () => {
    const edited = replaceOnce(':::key-findings', ':::key-findings{lang=ja}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-attribute']);
    const found = single(diagnostics, 'unknown-attribute');
    expect(found).toMatchObject({ ruleId: 'unknown-attribute', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'lang=ja'));
    expect(found.message).toContain('`:::key-findings` takes no attributes, but has `lang`. Remove it.');
  });

  it('missing-attribute: a question without a score is reported at the question and says what to add', async () => {
    const edited = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['missing-attribute']);
    const found = single(diagnostics, 'missing-attribute');
    expect(found).toMatchObject({ ruleId: 'missing-attribute', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::question{#go-pmo-coordination}'));
    expect(found.message).toContain('`:::question` needs `score`');
    expect(found.message).toContain('Add `score=…` inside its braces');
  });

  it('missing-attribute: a question without an id is not also reported as an unanswered question', async () => {
    const edited = replaceOnce('{#go-pmo-coordination score=8}', '{score=8}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['missing-attribute']);
    const found = single(diagnostics, 'missing-attribute');
    expect(found).toMatchObject({ ruleId: 'missing-attribute', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::question{score=8}'));
    expect(found.message).toContain('`:::question` needs `id`');
    expect(found.message).toContain('Add `#…` inside its braces');
  });

  it('unclosed-directive: a question left open is reported once, at its opening line, and what it swallowed is read as the chapter’s own', async () => {
    const edited = replaceOnce('::citations[@makihara2009; @cabinetlaw1947; @zakowski2021]\n:::\n', '::citations[@makihara2009; @cabinetlaw1947; @zakowski2021]\n')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unclosed-directive']);
    const found = single(diagnostics, 'unclosed-directive');
    expect(found).toMatchObject({ ruleId: 'unclosed-directive', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::question{#go-pmo-coordination'));
    const next = lineColumnOf(edited, ':::question{#ministerial-bureaucracy-coordination');
    expect(found.message).toContain(`\`:::question\` opened here is not closed before \`:::question\` on line ${String(next.line)}`);
  });

  it('unclosed-directive: a question left open before the next sub-category gives one diagnostic, not one per block it swallowed', async () => {
    const question = questionBlock(chapter, 'informal-coordination');
    const edited = chapter.slice(0, question.end - ':::\n'.length) + chapter.slice(question.end);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unclosed-directive']);
    expect(placeOf(single(diagnostics, 'unclosed-directive'))).toEqual(placeIn(chapterPath, edited, ':::question{#informal-coordination'));
  });

  it('misplaced-directive: `::citations` outside a question is told where it belongs', async () => {
    const marker = '::subcategory{#vertical-coordination rank=6}';
    const edited = replaceOnce(marker, `${marker}\n\n::citations[@yashiro2016]`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['misplaced-directive']);
    const found = single(diagnostics, 'misplaced-directive');
    expect(found).toMatchObject({ ruleId: 'misplaced-directive', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '::citations[@yashiro2016]\n'));
    expect(found.message).toContain('`::citations` cannot stand here');
    expect(found.message).toContain('at the end of a `:::question` block');
  });

  it('misplaced-directive: a `::subcategory` marker inside a question is reported there', async () => {
    const edited = replaceOnce('Advance screening takes', '::subcategory{#vertical-coordination rank=6}\n\nAdvance screening takes')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'misplaced-directive');
    expect(found).toMatchObject({ ruleId: 'misplaced-directive', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '::subcategory{#vertical-coordination rank=6}\n\nAdvance'));
    expect(found.message).toContain('`::subcategory` cannot stand here');
    expect(found.message).toContain('top level of the chapter');
  });

  it('misplaced-directive: a second `:::key-findings` block is to be merged with the first', async () => {
    const marker = '::subcategory{#vertical-coordination rank=6}';
    const edited = replaceOnce(marker, `:::key-findings\nMore findings.\n:::\n\n${marker}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['misplaced-directive']);
    const found = single(diagnostics, 'misplaced-directive');
    expect(found).toMatchObject({ ruleId: 'misplaced-directive', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, ':::key-findings\nMore'));
    expect(found.message).toContain('this is the second. Merge the two.');
  });
});
