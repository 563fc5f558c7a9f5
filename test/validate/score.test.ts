import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

describe('score rules', () => {
  it('score-out-of-scale: a score of 11 on a 1–10 scale is reported at the score attribute', async () => {
    const edited = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['score-out-of-scale']);
    const found = single(diagnostics, 'score-out-of-scale');
    expect(found).toMatchObject({ ruleId: 'score-out-of-scale', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'score=11}'));
    expect(found.message).toMatch(/11.*1–10/);
    expect(found.message).toContain('Give a whole number from 1 to 10');
  });

  it('score-out-of-scale: a score of 0 lies below a scale that starts at 1', async () => {
    const edited = replaceOnce('{#national-standards score=8}', '{#national-standards score=0}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'score-out-of-scale');
    expect(found).toMatchObject({ ruleId: 'score-out-of-scale', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'score=0}'));
    expect(found.message).toContain('The score 0 lies outside the scale of `national-standards` (1–10)');
  });

  it('score-not-integer: a score of 7.5 is reported at the score attribute and asks for a whole number', async () => {
    const edited = replaceOnce('{#informal-coordination score=7}', '{#informal-coordination score=7.5}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['score-not-integer']);
    const found = single(diagnostics, 'score-not-integer');
    expect(found).toMatchObject({ ruleId: 'score-not-integer', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'score=7.5}'));
    expect(found.message).toContain('The score "7.5" of `:::question` is not a whole number');
    expect(found.message).toContain('e.g. score=8');
  });

  it('score-not-integer: a score written as a word is not a whole number either', async () => {
    const edited = replaceOnce('{#multilevel-cooperation score=7}', '{#multilevel-cooperation score=seven}')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'score-not-integer');
    expect(found).toMatchObject({ ruleId: 'score-not-integer', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, 'score=seven}'));
    expect(found.message).toContain('"seven"');
  });
});
