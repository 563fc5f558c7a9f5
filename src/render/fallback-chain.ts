/**
 * The theme's fallback fonts as a chain, asked a character at a time: which of them (the first in
 * the theme's order) has a glyph for it. Shared by the writers: the PDF draws the character with
 * that font, the DOCX names its family in the run's East Asian or complex-script font slot. A font
 * file is read and parsed the first time a character gets to it (the Japanese one is over 5 MB),
 * and each character is looked up once.
 */
import { readFileSync } from 'node:fs';
import type { FallbackFontFile } from '../theme/load-templates.js';

/** What the chain needs of a parsed font. */
export interface CoveringFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export class FallbackChain<ParsedFont extends CoveringFont> {
  private readonly fonts = new Map<number, ParsedFont>();
  private readonly found = new Map<number, number | undefined>();

  constructor(
    private readonly files: readonly FallbackFontFile[],
    private readonly parse: (bytes: Uint8Array, index: number) => ParsedFont,
  ) {}

  get length(): number {
    return this.files.length;
  }

  /** The family the theme names for the fallback at `index`. */
  family(index: number): string | undefined {
    return this.files[index]?.family;
  }

  /** The parsed fallback font at `index`, read on first use. */
  font(index: number): ParsedFont | undefined {
    let font = this.fonts.get(index);
    const file = this.files[index];
    if (!font && file) {
      font = this.parse(readFileSync(file.path), index);
      this.fonts.set(index, font);
    }
    return font;
  }

  /** The fonts read so far, by index. */
  loaded(): ReadonlyMap<number, ParsedFont> {
    return this.fonts;
  }

  /** The index of the first fallback font with a glyph for the character, if any. */
  indexFor(codePoint: number): number | undefined {
    if (this.found.has(codePoint)) return this.found.get(codePoint);
    let index: number | undefined;
    for (let candidate = 0; candidate < this.files.length && index === undefined; candidate += 1) {
      if (this.font(candidate)?.hasGlyphForCodePoint(codePoint)) index = candidate;
    }
    this.found.set(codePoint, index);
    return index;
  }
}
