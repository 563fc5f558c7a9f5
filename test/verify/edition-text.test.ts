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

  it('normalises text beyond Latin letters and punctuation fully, whatever a Latin text skips', () => {
    // Composed (NFC), ligatures unfolded, and U+2000 (NFC: U+2002) is white space either way.
    expect(normaliseText('Cafe\u0301 \uFB01nal\u2000end')).toBe('Café final end');
    expect(normaliseText('Cafe\u0301')).toBe(normaliseText('Café'));
    // A zero-width space between Japanese characters goes before their line end is joined.
    expect(normaliseText('日\u200B\n本')).toBe('日本');
    // Greek, Cyrillic and Arabic keep their spaces.
    expect(normaliseText('Ελλάδα  Россия\nمصر')).toBe('Ελλάδα Россия مصر');
  });
});
