/**
 * What the agreement check normalises before it compares editions (src/verify/extract/edition-text.ts):
 * only what editions may legitimately differ in.
 */
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/verify/extract/edition-text.js';

describe('normaliseText', () => {
  it('collapses white space, joins soft-hyphenated words and unfolds ligatures; quotes and dashes stay', () => {
    expect(normaliseText('  a\u00a0b\n\tc  ')).toBe('a b c');
    expect(normaliseText('coor\u00ad\ndination of\u200b the ﬁnal')).toBe('coordination of the final');
    expect(normaliseText('“Rank” – 16…')).toBe('“Rank” – 16…');
  });

  it('drops white space between Chinese and Japanese characters (a line end there), and keeps it beside other letters', () => {
    expect(normaliseText('日 本\nの 政府\u3000は')).toBe('日本の政府は');
    // Astral Han (𠀋, U+2000B) counts as Han; half-width katakana too.
    expect(normaliseText('𠀋 𠀋 ｶ ﾀ')).toBe('𠀋𠀋ｶﾀ');
    expect(normaliseText('日本 Japan 日本 and 政府')).toBe('日本 Japan 日本 and 政府');
  });
});
