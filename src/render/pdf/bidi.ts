/**
 * The order in which a line's characters are drawn, by the Unicode Bidirectional Algorithm (UAX #9),
 * with bidi-js's embedding levels. Levels are resolved on the whole paragraph (its lines joined as
 * they were broken: lines are broken in reading order), then each line is reordered on its own
 * (rules L1 and L2): a run of digits inside right-to-left text keeps its digits left to right, and so
 * does a Latin word; the words of a right-to-left run go right to left.
 */
import bidiModule from 'bidi-js';

/**
 * bidi-js is a CommonJS module whose exports are its factory, and its types declare the factory an
 * ES default export: Node gives the factory, TypeScript expects it at `.default`.
 */
const bidiFactory: typeof bidiModule.default = typeof bidiModule === 'function' ? bidiModule : bidiModule.default;
const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

/** Characters `from` to `to` (UTF-16 offsets) of a line's segment `segment`, all at one embedding level. */
export interface BidiPiece {
  readonly segment: number;
  readonly from: number;
  readonly to: number;
  readonly level: number;
}

/** Letters of the scripts fontkit lays out right to left (a word's first letter of any script but Common and Inherited decides). */
const rightToLeftScript = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const scriptLetter = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;

/**
 * Whether fontkit lays a word's glyphs out right to left: it takes the direction from the script of
 * the word's first character of a script of its own, so "٢٠٢٤" (Arabic-Indic digits, of the Arabic
 * script) comes out reversed where it must read left to right.
 */
export function shapedRightToLeft(word: string): boolean {
  const letter = scriptLetter.exec(word);
  return letter !== null && rightToLeftScript.test(letter[0]);
}

/** The character drawn for `character` at an odd (right-to-left) level: its mirror image where it has one ("(" for ")"). */
export function mirrored(character: string): string {
  return bidi.getMirroredCharacter(character) ?? character;
}

/**
 * The embedding levels of each line's characters (its segments' texts joined), resolved over the
 * paragraph the lines make in `direction`, with each line's trailing white space at the paragraph's
 * level (rule L1).
 */
export function lineLevels(lines: readonly string[], direction: Direction): Uint8Array[] {
  // The lines joined by the space they were broken at (none where a line ends in white space or a hyphen).
  let paragraph = '';
  const starts: number[] = [];
  for (const line of lines) {
    if (paragraph !== '' && !/[\s\u00AD-]$/.test(paragraph) && !/^\s/.test(line)) paragraph += ' ';
    starts.push(paragraph.length);
    paragraph += line;
  }
  const { levels } = bidi.getEmbeddingLevels(paragraph, direction);
  const base = direction === 'rtl' ? 1 : 0;
  return lines.map((line, index) => {
    const start = starts[index] ?? 0;
    const own = levels.slice(start, start + line.length);
    for (let at = line.length - 1; at >= 0 && /\s/.test(line.charAt(at)); at -= 1) own[at] = base;
    return own;
  });
}

/**
 * A line's segments cut into pieces of one embedding level, in visual order (left to right): every
 * maximal sequence of pieces at a level or above reversed, from the highest level to the lowest odd
 * one (rule L2).
 */
export function visualPieces(segments: readonly string[], levels: Uint8Array): BidiPiece[] {
  const pieces: BidiPiece[] = [];
  let offset = 0;
  segments.forEach((text, segment) => {
    let from = 0;
    for (let at = 1; at <= text.length; at += 1) {
      const level = levels[offset + from] ?? 0;
      if (at < text.length && levels[offset + at] === level) continue;
      pieces.push({ segment, from, to: at, level });
      from = at;
    }
    offset += text.length;
  });
  const highest = Math.max(0, ...pieces.map((piece) => piece.level));
  const lowestOdd = Math.min(...pieces.map((piece) => piece.level | 1));
  for (let level = highest; level >= lowestOdd; level -= 1) {
    let start = 0;
    while (start < pieces.length) {
      if ((pieces[start]?.level ?? 0) < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end < pieces.length && (pieces[end]?.level ?? 0) >= level) end += 1;
      pieces.splice(start, end - start, ...pieces.slice(start, end).reverse());
      start = end;
    }
  }
  return pieces;
}

/**
 * The segments reordering moves, as ranges of segment indices (first and last, in reading order):
 * those holding characters above level 0 (in a right-to-left paragraph, every one), neighbours that
 * share such a segment joined into one range. Segments outside them stay where left-to-right layout put them.
 */
export function reorderedRanges(segments: readonly string[], levels: Uint8Array): { readonly first: number; readonly last: number }[] {
  const ranges: { first: number; last: number }[] = [];
  let offset = 0;
  segments.forEach((text, segment) => {
    const moved = levels.subarray(offset, offset + text.length).some((level) => level > 0);
    offset += text.length;
    if (!moved) return;
    const last = ranges.at(-1);
    if (last && last.last === segment - 1 && segmentsTouch(levels, offset - text.length)) last.last = segment;
    else ranges.push({ first: segment, last: segment });
  });
  return ranges;
}

/** Whether the characters either side of `offset` are both above level 0 (one reordered run across a segment boundary). */
function segmentsTouch(levels: Uint8Array, offset: number): boolean {
  return (levels[offset - 1] ?? 0) > 0 && (levels[offset] ?? 0) > 0;
}
