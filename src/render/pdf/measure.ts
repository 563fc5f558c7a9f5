/**
 * The measure: how wide the text column may be, set in the theme in characters of body text (a
 * line of 60 to 75 reads best; the content box of A4 with the old margins held about 90). The PDF
 * keeps it by widening the left and right margins alike, so that the running heads, headings,
 * rubric tables and title page share the column with the text and the page stays one design; the
 * type keeps its size.
 */
import type { Theme } from '../../theme/theme.js';
import { fontKey, type FontSet } from './fonts.js';

export interface Margins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * Letters by how often they come in English text (per cent, Lewand's table), for an average
 * letter's width; the sample chapter's own average is within 1 % of the figure this gives.
 */
const letterFrequencies: Readonly<Record<string, number>> = {
  a: 8.167, b: 1.492, c: 2.782, d: 4.253, e: 12.702, f: 2.228, g: 2.015, h: 6.094, i: 6.966, j: 0.153, k: 0.772, l: 4.025, m: 2.406,
  n: 6.749, o: 7.507, p: 1.929, q: 0.095, r: 5.987, s: 6.327, t: 9.056, u: 2.758, v: 0.978, w: 2.36, x: 0.15, y: 1.974, z: 0.074,
};

/** One character in six of running text is a space. */
const spaceShare = 1 / 6;

/**
 * The width of an average character of body text (a space counted as one), in points: from the
 * glyphs' advances, which a letter alone has (shaping the font for the first time costs 60 ms or
 * more, and a renderer is made before it shapes anything).
 */
export function characterWidth(fonts: FontSet, size: number): number {
  const font = fonts.font(fontKey('body', 'regular'));
  const advance = (character: string): number => (font.glyphForCodePoint(character.codePointAt(0) ?? 0).advanceWidth / font.unitsPerEm) * size;
  let letters = 0;
  let total = 0;
  for (const [letter, frequency] of Object.entries(letterFrequencies)) {
    letters += frequency * advance(letter);
    total += frequency;
  }
  return (1 - spaceShare) * (letters / total) + spaceShare * advance(' ');
}

/** The theme's margins, the left and right widened alike where the content box would be wider than the measure. */
export function measuredMargins(theme: Theme, fonts: FontSet, pageWidth: number): Margins {
  const { margins, measure } = theme.page;
  const column = measure * characterWidth(fonts, theme.sizes.body);
  const extra = Math.max(0, pageWidth - margins.left - margins.right - column) / 2;
  return { ...margins, left: margins.left + extra, right: margins.right + extra };
}
