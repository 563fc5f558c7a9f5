/**
 * What each drawn glyph stands for in the PDF's text layer (its ToUnicode entry), so that text
 * extraction reads a word's characters in reading order from the glyphs alone, as poppler's
 * pdftotext does (it ignores the structure tree's actual text).
 *
 * A glyph maps to the characters shaping gave it where the glyphs, read in the word's direction,
 * spell the word: a ligature its components, a letter drawn as a base glyph and a dot its letter
 * (the dot nothing). Where shaping reordered glyphs (a Devanagari vowel sign drawn before the
 * consonant it follows, a reph drawn after the consonant it precedes), the glyphs are grouped into
 * the smallest clusters whose characters are the word's next characters, and the cluster's glyphs,
 * in reading order, map to its characters in their order, shared out as evenly as they go.
 */

import type { GlyphRun } from 'fontkit';
import { glyphCodePoints } from './shaping.js';

/** The characters each glyph of a word shaped by a theme font stands for, where shaping kept them (text in a complex script). */
export function shapedGlyphTexts(word: string, run: GlyphRun): readonly (readonly number[])[] | undefined {
  const codePoints = glyphCodePoints(run);
  return codePoints && glyphTexts(word, codePoints, run.direction === 'rtl');
}

/**
 * The characters each glyph maps to, in the glyphs' (visual) order. `glyphs` are the characters
 * shaping gave each glyph; `rightToLeft` when the glyphs are drawn right to left (in reverse reading order).
 */
export function glyphTexts(text: string, glyphs: readonly (readonly number[])[], rightToLeft: boolean): (readonly number[])[] {
  // Code points, not UTF-16 units: a ToUnicode entry holds characters.
  const characters = Array.from(text, (character) => character.codePointAt(0) ?? 0);
  const order = glyphs.map((_, index) => index);
  if (rightToLeft) order.reverse();
  const spelled = order.flatMap((index) => glyphs[index] ?? []);
  if (sameNumbers(spelled, characters)) return glyphs.map((codePoints) => codePoints);
  const texts: (readonly number[])[] = glyphs.map(() => []);
  // Counts of characters the clusters so far have taken, less those the word has had up to there.
  const balance = new Map<number, number>();
  let unbalanced = 0;
  const count = (codePoint: number, change: number): void => {
    const before = balance.get(codePoint) ?? 0;
    const after = before + change;
    balance.set(codePoint, after);
    if (before === 0) unbalanced += 1;
    if (after === 0) unbalanced -= 1;
  };
  let clusterStart = 0;
  let clusterFrom = 0;
  let taken = 0;
  for (let at = 0; at < order.length; at += 1) {
    for (const codePoint of glyphs[order[at] ?? 0] ?? []) count(codePoint, 1);
    // The cluster ends where its glyphs have exactly the word's next characters.
    while (unbalanced > 0 && taken < characters.length && (balance.get(characters[taken] ?? 0) ?? 0) > 0) count(characters[taken++] ?? 0, -1);
    if (unbalanced === 0) {
      // The cluster's characters in order over its glyphs in order, as evenly as they go: a glyph
      // drawn with none leaves a gap that extraction reads as a space ("मंत्रि मंडल").
      const glyphCount = at + 1 - clusterStart;
      const characterCount = taken - clusterFrom;
      for (let glyph = 0; glyph < glyphCount; glyph += 1) {
        texts[order[clusterStart + glyph] ?? 0] = characters.slice(clusterFrom + Math.floor((glyph * characterCount) / glyphCount), clusterFrom + Math.floor(((glyph + 1) * characterCount) / glyphCount));
      }
      clusterStart = at + 1;
      clusterFrom = taken;
    }
  }
  // Glyphs that never balance (characters shaping dropped or added): the word on its first glyph.
  if (clusterStart < order.length || taken < characters.length) return glyphs.map((_, index) => (index === order[0] ? characters : []));
  return texts;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
