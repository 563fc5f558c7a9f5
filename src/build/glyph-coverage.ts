/**
 * Every character of the source that no font of the theme has (neither the body and heading fonts
 * nor the fallback chain), reported where it stands: in the chapters, references.yaml, codebook.yaml,
 * edition.yaml and theme.yaml's labels. `check` and `build` both run it, so that `check --strict` fails
 * where `build --strict` does; the PDF renderer then draws such a character as the font's box,
 * tagged with its actual text, without reporting it again.
 */
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import type { FontSet } from '../render/pdf/fonts.js';
import { isReadable, type SourceFolder } from '../source/load.js';

/** White space, controls and invisible format characters need no glyph. */
const needsNoGlyph = /[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/u;

/** Whether any of the theme's fonts (the body and heading fonts, the fallback chain) has a glyph for the character; a fallback font is read when first asked. */
export function themeCoverage(fonts: FontSet): (codePoint: number) => boolean {
  const covered = new Map<number, boolean>();
  return (codePoint) => {
    let known = covered.get(codePoint);
    if (known === undefined) {
      known = fonts.keys.some((key) => fonts.covers(key, codePoint)) || fonts.fallbackFor(codePoint) !== undefined;
      covered.set(codePoint, known);
    }
    return known;
  };
}

/** Whether a character needs a glyph that no font of the theme has: what glyph-missing reports. */
export function lacksGlyph(character: string, coveredByTheme: (codePoint: number) => boolean): boolean {
  const codePoint = character.codePointAt(0) ?? 0;
  return codePoint > 0x7e && !needsNoGlyph.test(character) && !coveredByTheme(codePoint);
}

export function reportUncoveredCharacters(source: SourceFolder, themeFile: VFile | undefined, fonts: FontSet): void {
  const coveredByTheme = themeCoverage(fonts);
  const files = [...source.chapters, source.references, source.codebook, source.edition].filter(isReadable).map((entry) => entry.file);
  for (const file of themeFile ? [...files, themeFile] : files) reportFile(file, coveredByTheme);
}

/** Characters a font may lack, as whole code points: those beyond ASCII (the controls below tab match too, and `lacksGlyph` passes them). */
const beyondAscii = /[^\t-~]/gu;

/** Each uncovered character once per file, at its first place, with how often it comes. */
function reportFile(file: VFile, coveredByTheme: (codePoint: number) => boolean): void {
  const text = String(file.value);
  // By character: its first index and count when uncovered, null when covered (asked once per file).
  const seen = new Map<string, { readonly index: number; count: number } | null>();
  // Only the characters beyond ASCII are looked at (every character of a 180-chapter edition, one by one, took 45 ms of each rebuild).
  for (const match of text.matchAll(beyondAscii)) {
    const character = match[0];
    const known = seen.get(character);
    if (known) known.count += 1;
    else if (known === undefined) seen.set(character, lacksGlyph(character, coveredByTheme) ? { index: match.index, count: 1 } : null);
  }
  // Lines counted on as the places come, in the order they stand in the file (a map keeps its first-seen order).
  let line = 1;
  let lineStart = 0;
  let nextLineFeed = text.indexOf('\n');
  for (const [character, first] of seen) {
    if (!first) continue;
    while (nextLineFeed !== -1 && nextLineFeed < first.index) {
      line += 1;
      lineStart = nextLineFeed + 1;
      nextLineFeed = text.indexOf('\n', lineStart);
    }
    const column = first.index - lineStart + 1;
    const hex = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    const more = first.count > 1 ? ` It comes ${String(first.count)} times in this file; this is the first.` : '';
    report(
      file,
      'glyph-missing',
      { start: { line, column }, end: { line, column: column + character.length } },
      `The character “${character}” (U+${hex}) is in none of the theme's fonts, so the PDF cannot show it.${more} Add a font that has it to fonts.fallbacks in templates/theme.yaml, or write it differently.`,
    );
  }
}
