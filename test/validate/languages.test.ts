/** Words in another language (`:span[…]{lang=…}`): a bad tag reported at the attribute, the words kept. */
import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';
import { canonicalLanguageTag } from '../../src/source/directives.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
const phrase = 'The newly created Cabinet Office';

describe('language spans', () => {
  it('accepts well-formed tags and spans in key findings and assessments without a diagnostic', async () => {
    const edited = replaceOnce(phrase, 'The newly created :span[Kancelaria]{lang=pl} (:span[Bundeskanzleramt]{lang=de-DE}) Cabinet Office')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('language-tag-invalid: a language name and an underscore are each reported at their attribute, all at once', async () => {
    const edited = replaceOnce(phrase, 'The :span[Rzeczpospolita Polska]{lang=polish} and :span[Grundgesetz]{lang=de_DE} Cabinet Office')(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['language-tag-invalid', 'language-tag-invalid']);
    expect(diagnostics.map((found) => placeOf(found))).toEqual([placeIn(chapterPath, edited, 'lang=polish'), placeIn(chapterPath, edited, 'lang=de_DE')]);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'language-tag-invalid', severity: 'error' });
    expect(diagnostics[0]?.message).toContain('The lang "polish" of `:span` is not a BCP 47 language tag');
  });

  it('missing-attribute and unknown-attribute: a span without `lang`, and one with `lng` (did you mean `lang`)', async () => {
    const edited = replaceOnce(phrase, 'The :span[Kancelaria]{lng=pl} :span[Urząd] Cabinet Office')(chapter);
    const { diagnostics } = await checkChanged({ [chapterPath]: edited });
    const misspelt = single(diagnostics, 'unknown-attribute');
    expect(placeOf(misspelt)).toEqual(placeIn(chapterPath, edited, 'lng=pl'));
    expect(misspelt.message).toContain('Did you mean `lang`?');
    const missing = single(diagnostics, 'missing-attribute');
    expect(missing.message).toContain('`:span` needs `lang`');
  });

  it('reads tags in their canonical form and refuses what is not one', () => {
    expect(canonicalLanguageTag('PL')).toBe('pl');
    expect(canonicalLanguageTag('de-ch')).toBe('de-CH');
    expect(canonicalLanguageTag('sr-latn-rs')).toBe('sr-Latn-RS');
    for (const bad of ['polish', 'de_DE', '', 'x', 'en-', '12', 'en-US-x']) expect(canonicalLanguageTag(bad), bad).toBeUndefined();
  });
});
