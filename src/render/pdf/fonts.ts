/**
 * The theme's fonts, parsed once per build with fontkit and shared by every PDF of the build: the
 * line breaker measures words with them, the coverage check asks them for glyphs, and each document
 * embeds (a subset of) the same parsed font objects. Widths are cached per font and word, and
 * fontkit's shaping per font and text (shaping.ts), so a word is shaped once per build however many
 * chapters measure and draw it.
 */
import { create, type Font } from 'fontkit';
import type { FontFiles } from '../../theme/load-templates.js';
import { FallbackChain } from '../fallback-chain.js';
import { fontRoles, fontStyles, type FontRole, type FontStyle } from '../../theme/theme.js';
import { cacheShaping } from './shaping.js';
import { cacheSubsetGlyphs } from './subset.js';

/** One of the theme's body and heading fonts. */
export type StyledFontKey = `${FontRole}-${FontStyle}`;
/** One of the theme's fallback fonts, by its place in the chain: `fallback-0` is the first. */
export type FallbackFontKey = `fallback-${number}`;
export type FontKey = StyledFontKey | FallbackFontKey;

export function fontKey(role: FontRole, style: FontStyle): StyledFontKey {
  return `${role}-${style}`;
}

export function isFallbackKey(key: FontKey): key is FallbackFontKey {
  return key.startsWith('fallback-');
}

/** The role and style a key names: `body-boldItalic` → body, boldItalic. */
export function parseFontKey(key: StyledFontKey): { readonly role: FontRole; readonly style: FontStyle } {
  const at = key.indexOf('-');
  return { role: key.slice(0, at) as FontRole, style: key.slice(at + 1) as FontStyle };
}

/** The same style in the other family: the fallback for a character one family lacks. */
export function otherFamily(key: StyledFontKey): StyledFontKey {
  const { role, style } = parseFontKey(key);
  return fontKey(role === 'body' ? 'heading' : 'body', style);
}

export function styleOf(bold: boolean, italic: boolean): FontStyle {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

export interface FontMetrics {
  /** Above the baseline, as a fraction of the font size. */
  readonly ascent: number;
  /** Below the baseline, as a positive fraction of the font size. */
  readonly descent: number;
}

export class FontSet {
  /** The body and heading fonts (the fallbacks are loaded when first needed). */
  readonly keys: readonly StyledFontKey[];
  /** The body and heading fonts. */
  private readonly fonts = new Map<StyledFontKey, Font>();
  private readonly widths = new Map<FontKey, Map<string, number>>();
  private readonly coverage = new Map<FontKey, Map<number, boolean>>();
  private readonly underlines = new Map<FontKey, Underline>();
  private readonly fallbacks: FallbackChain<Font>;

  constructor(files: FontFiles) {
    const keys: StyledFontKey[] = [];
    for (const role of fontRoles) {
      for (const style of fontStyles) {
        const key = fontKey(role, style);
        this.fonts.set(key, parseFont(files[role][style], key));
        keys.push(key);
      }
    }
    this.keys = keys;
    this.fallbacks = new FallbackChain(files.fallbacks, (bytes, index) => parseFont(bytes, `fallback-${index}`));
  }

  /**
   * The first fallback font that has a glyph for the character, if any. A fallback font is read and
   * parsed the first time a character gets this far, so a text in the theme's own scripts never
   * loads one.
   */
  fallbackFor(codePoint: number): FallbackFontKey | undefined {
    const index = this.fallbacks.indexFor(codePoint);
    return index === undefined ? undefined : `fallback-${index}`;
  }

  /**
   * The fonts for the next document to embed, their glyph objects forgotten. fontkit keeps one
   * object per glyph, with the characters it was first met with, and pdfkit writes those into the
   * text layer: a glyph object left from an earlier document made "Strategy" read back as
   * "'trategy" (found by the agreement check on a 40-chapter edition). A document starts with
   * none, as a freshly parsed font would, but keeps the parsed tables (fast: shaping tables are
   * what a fresh parse would read again).
   */
  forDocument(): Map<FontKey, Font> {
    // Every font loaded so far, the fallbacks among them: the document's text was laid out (and the
    // fallbacks it needs loaded) before it is drawn; pdfkit embeds only the fonts a page uses.
    const loaded: [FontKey, Font][] = [...this.fonts, ...[...this.fallbacks.loaded()].map(([index, font]): [FontKey, Font] => [`fallback-${index}`, font])];
    return new Map(
      loaded.map(([key, font]) => {
        forgetGlyphs(font);
        return [key, font];
      }),
    );
  }

  /** The parsed font, for pdfkit to embed. */
  font(key: FontKey): Font {
    const font = isFallbackKey(key) ? this.fallbacks.font(Number(key.slice('fallback-'.length))) : this.fonts.get(key);
    if (!font) throw new Error(`No font ${key}.`);
    return font;
  }

  /** The advance width of `text` at `size` points, as pdfkit will draw it (same shaping, same kerning). */
  width(key: FontKey, text: string, size: number): number {
    let cache = this.widths.get(key);
    if (!cache) {
      cache = new Map();
      this.widths.set(key, cache);
    }
    let units = cache.get(text);
    if (units === undefined) {
      const font = this.font(key);
      units = font.layout(text).advanceWidth / font.unitsPerEm;
      cache.set(text, units);
    }
    return units * size;
  }

  metrics(key: FontKey): FontMetrics {
    const font = this.font(key);
    return { ascent: font.ascent / font.unitsPerEm, descent: -font.descent / font.unitsPerEm };
  }

  /**
   * Where an underline goes, below the baseline, and how thick, as fractions of the font size: the
   * font's own position, but clear of its underscore by the line's thickness (fonts draw the
   * underscore where their underline goes, so an underlined "_" vanished into the line).
   */
  underline(key: FontKey): Underline {
    // Read when first asked: the post table that has the underline is slow to parse (16 ms a font),
    // and most fonts never underline. (The underscore's glyph object, made here, carries "_" itself.)
    let underline = this.underlines.get(key);
    if (!underline) {
      underline = underlineOf(this.font(key));
      this.underlines.set(key, underline);
    }
    return underline;
  }

  /** Whether the font has a glyph for the character. */
  covers(key: FontKey, codePoint: number): boolean {
    // Asked for every character of every chapter; fontkit looks it up in the cmap each time.
    let known = this.coverage.get(key);
    if (!known) {
      known = new Map();
      this.coverage.set(key, known);
    }
    let covered = known.get(codePoint);
    if (covered === undefined) {
      covered = this.font(key).hasGlyphForCodePoint(codePoint);
      known.set(codePoint, covered);
    }
    return covered;
  }
}

export interface Underline {
  /** Of the line's middle, below the baseline. */
  readonly offset: number;
  readonly thickness: number;
}

function underlineOf(font: Font): Underline {
  const thickness = font.underlineThickness / font.unitsPerEm;
  const underscore = font.hasGlyphForCodePoint(0x5f) ? -font.glyphForCodePoint(0x5f).bbox.minY / font.unitsPerEm : 0;
  return { offset: Math.max(-font.underlinePosition / font.unitsPerEm, underscore + 1.5 * thickness), thickness };
}

/** fontkit's glyph cache (an internal field, the same in 2.0.x). */
function forgetGlyphs(font: Font): void {
  const internals = font as unknown as { _glyphs?: unknown };
  if (Array.isArray(internals._glyphs) || typeof internals._glyphs === 'object') internals._glyphs = [];
}

function parseFont(bytes: Uint8Array, key: FontKey): Font {
  // A view of the same memory, not a copy (Buffer.from(Uint8Array) copies): each worker holds the
  // theme's fonts once, however many font sets it parses them into.
  const parsed = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  // A collection was refused when the templates were loaded; this guards the type.
  if (!('layout' in parsed)) throw new Error(`The ${key} font is a font collection.`);
  layOutMarksSafely(parsed);
  cacheShaping(parsed);
  cacheSubsetGlyphs(parsed);
  return parsed;
}

/**
 * fontkit 2.0.4 throws on a NULL anchor in a font's mark positioning (GPOS), which OpenType allows
 * and which Noto Serif Italic has: "X\u0316" or a Greek capital with a combining breathing in italic
 * crashed the PDF edition (foliojs/fontkit#367; the fix, PR #374, is not released). Text that hits
 * it is laid out again without the mark features, as HarfBuzz would leave such a mark unpositioned.
 * The font object is the one pdfkit draws with, so measuring and drawing agree.
 */
function layOutMarksSafely(font: Font): void {
  const layout = font.layout.bind(font);
  font.layout = (text, features, ...rest) => {
    try {
      return layout(text, features, ...rest);
    } catch (error) {
      if (!(error instanceof TypeError) || !error.message.includes('xCoordinate')) throw error;
      // A new object each time: fontkit adds the plan's features to the one it is given.
      const requested = Array.isArray(features) ? Object.fromEntries(features.map((tag) => [tag, true])) : { ...features };
      return layout(text, { ...requested, mark: false, mkmk: false }, ...rest);
    }
  };
}
