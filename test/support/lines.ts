/** Reading broken lines back as a reader sees them, for the line breaker's and the paginator's tests. */
import { FontSet } from '../../src/render/pdf/fonts.js';
import { justification, type Line } from '../../src/render/pdf/line-break.js';
import { loadTemplates } from '../../src/theme/load-templates.js';
import { templatesDir } from './build.js';

export async function themeFonts(): Promise<FontSet> {
  const loaded = await loadTemplates(templatesDir);
  if (!loaded.templates?.fonts) throw new Error('templates did not load');
  return new FontSet(loaded.templates.fonts);
}

/** The text drawn on a line, hyphens at breaks included. */
export function lineText(line: Line): string {
  return line.segments.map((segment) => segment.text).join('');
}

/**
 * The words of the lines, as a reader would read them: a hyphen drawn at a break dropped, a
 * compound's own hyphen kept, and lines joined by a space unless a word goes on (a URL included,
 * which breaks without a hyphen: its link's text is read whole).
 */
export function reading(lines: readonly Line[]): string {
  let result = '';
  let split = false;
  let previous: Line | undefined;
  for (const line of lines) {
    const end = previous?.segments.at(-1)?.style;
    const inUrl = end?.url === true && end.link !== undefined && line.segments[0]?.style.link === end.link;
    if (result !== '' && !split && !inUrl) result += ' ';
    previous = line;
    split = false;
    for (const segment of line.segments) {
      if (segment.breakHyphen) split = true;
      else {
        result += segment.text;
        if (segment.compoundHyphen) split = true;
      }
    }
  }
  return result.replace(/ +/g, ' ').trim();
}

/** Whether the line ends in a hyphen: one drawn at a break, or a compound's own. */
export function hyphenated(line: Line): boolean {
  const last = line.segments.at(-1);
  return last?.breakHyphen === true || last?.compoundHyphen === true;
}

/** The most lines in a row that end in a hyphen. */
export function longestHyphenRun(lines: readonly Line[]): number {
  let longest = 0;
  let run = 0;
  for (const line of lines) {
    run = hyphenated(line) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The word spaces of each line as drawn, in points: the font's space plus what justification adds (or takes). */
export function wordGaps(lines: readonly Line[], fonts: FontSet): number[][] {
  return lines.map((line) => {
    // As drawn: the justifying space added, then the line's glyph expansion scaling it all.
    const { scale, wordSpacing } = justification(line);
    return line.segments.flatMap((segment) => Array.from({ length: segment.text.split(' ').length - 1 }, () => (fonts.width(segment.style.font, ' ', segment.style.size) + wordSpacing) * scale));
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Letters in a piece of text. */
export function letters(text: string): number {
  return text.replace(/\P{L}/gu, '').length;
}
