/**
 * Shaping once per build instead of once per document. fontkit's `layout` (OpenType substitution
 * and positioning) was the largest cost of the PDF edition: pdfkit shapes every word of every
 * document afresh, and the same words come back in every chapter.
 *
 * What is kept is plain data — glyph ids, positions, and the glyph lookups the shaping made — never
 * fontkit glyph objects: fontkit keeps one glyph object per glyph id with the characters it was
 * first met with, pdfkit writes those characters into the text layer, and each document starts
 * with none (see FontSet.forDocument). Sharing the objects once put one chapter's letters into
 * another's text layer ("Strategy" read back as "'trategy").
 *
 * A replayed layout therefore does to the document's glyph objects exactly what shaping would have
 * done: it makes the same `getGlyph` calls in the same order, so the same glyphs are created with
 * the same characters, and it returns the document's own glyph objects. Shaping reads the glyph
 * objects' characters (they decide marks, ligature components and the script), so a replay is only
 * taken when every lookup finds the characters it found when the layout was recorded; otherwise the
 * text is shaped for real. The PDF's bytes are the same as without the cache.
 */
import type { Font, Glyph, GlyphPosition, GlyphRun } from 'fontkit';
import { reorderingLetter, rightToLeftLetter } from '../../vocabulary/scripts.js';

/** One glyph lookup made while shaping: the first for its glyph id in that layout. */
interface GlyphLookup {
  readonly id: number;
  /** The characters `getGlyph` was given (the new glyph object's, if there was none). */
  readonly given: readonly number[];
  /** The characters of the glyph object it returned (the existing one's, if there was one). */
  readonly found: readonly number[];
}

interface ShapedText {
  readonly lookups: readonly GlyphLookup[];
  /** Each glyph's own characters (see glyphCodePoints), for text in a complex script. */
  readonly codePoints: readonly (readonly number[])[] | undefined;
  readonly glyphIds: readonly number[];
  /** xAdvance, yAdvance, xOffset, yOffset of each glyph, in font units. */
  readonly positions: readonly number[];
  readonly script: string;
  readonly language: string;
  readonly direction: string;
  readonly features: Readonly<Record<string, boolean>>;
  /** fontkit's GlyphRun and GlyphPosition classes (not exported), so that a replayed run is one of them. */
  readonly Run: GlyphRunClass;
  readonly Position: GlyphPositionClass;
}

/** fontkit's GlyphRun constructor (fontkit 2.0.x). */
type GlyphRunClass = new (glyphs: Glyph[], features: Record<string, boolean>, script: string, language: string, direction: string) => GlyphRun;
type GlyphPositionClass = new (xAdvance: number, yAdvance: number, xOffset: number, yOffset: number) => GlyphPosition;

/** A glyph's metrics in font units, as fontkit computes and keeps them on a glyph object (`_metrics`). */
interface GlyphMetrics {
  readonly advanceWidth: number;
  readonly advanceHeight: number;
  readonly leftBearing: number;
  readonly topBearing: number;
}

interface GlyphInternals extends Glyph {
  _metrics?: GlyphMetrics;
  _getMetrics(): GlyphMetrics;
}

/** fontkit's glyph objects by id (an internal field in fontkit 2.0.x, also emptied by FontSet.forDocument). */
function glyphTable(font: Font): Readonly<Record<number, Glyph | undefined>> {
  return (font as unknown as { _glyphs: Record<number, Glyph | undefined> })._glyphs;
}

/**
 * The characters each glyph of a run stands for, in the run's (visual) order, where they can differ
 * from its glyph object's: text with right-to-left or reordering letters. fontkit keeps one glyph
 * object per glyph id with the characters it was first met with, and pdfkit maps every use of the
 * glyph to those in the text layer; in Noto Sans Arabic ز is the glyph of ر with a dot, so the ToUnicode map
 * read every ز as ر. These are the characters shaping gave this use of the glyph.
 */
const runCodePoints = new WeakMap<GlyphRun, readonly (readonly number[])[]>();

export function glyphCodePoints(run: GlyphRun): readonly (readonly number[])[] | undefined {
  return runCodePoints.get(run);
}

/** Letters of the scripts whose glyphs can stand for other characters than their glyph objects': shaped in a clean room too. */
const complexLetter = new RegExp(`${rightToLeftLetter.source}|${reorderingLetter.source}`, 'u');

/** More texts than a build of a few hundred chapters shapes per font; past it the cache starts again. */
const maxEntries = 200_000;

/**
 * Wraps `font.layout` (for text shaped with the default features, as pdfkit and FontSet ask for it)
 * with a cache shared by every document that embeds this font object.
 */
export function cacheShaping(font: Font): void {
  const layout = font.layout.bind(font);
  const getGlyph = font.getGlyph.bind(font);
  const cache = new Map<string, ShapedText>();
  const metrics = new Map<number, GlyphMetrics>();

  /**
   * A new glyph object gets the metrics the font's tables give its glyph id, from the first
   * document that asked: fontkit would read them again from the tables (and the outline's bounding
   * box) for the glyph object of each document.
   */
  const withMetrics = (glyph: Glyph | null): void => {
    if (!glyph) return;
    const internals = glyph as GlyphInternals;
    const known = metrics.get(glyph.id);
    if (known) internals._metrics = { ...known };
    else metrics.set(glyph.id, { ...internals._getMetrics() });
  };

  /**
   * The text shaped again with a glyph object of its own for every lookup, so that each glyph keeps
   * the characters shaping gave it (a decomposed letter's base its letter, the dots none, a
   * ligature its components); the document's glyph objects are left as they were.
   */
  const ownCodePoints = (text: string): (readonly number[])[] => {
    const internals = font as unknown as { _glyphs: unknown };
    const documentGlyphs = internals._glyphs;
    font.getGlyph = (id: number, codePoints?: number[]): Glyph => {
      internals._glyphs = [];
      return getGlyph(id, codePoints);
    };
    try {
      return layout(text).glyphs.map((glyph) => [...glyph.codePoints]);
    } finally {
      delete (font as { getGlyph?: unknown }).getGlyph;
      internals._glyphs = documentGlyphs;
    }
  };

  const record = (text: string): GlyphRun => {
    const codePoints = complexLetter.test(text) ? ownCodePoints(text) : undefined;
    const lookups: GlyphLookup[] = [];
    const seen = new Set<number>();
    const glyphs = glyphTable(font);
    // An own property for the length of the call: fontkit's shaping calls `this.getGlyph` on this font.
    font.getGlyph = (id: number, codePoints?: number[]): Glyph => {
      if (!seen.has(id)) {
        seen.add(id);
        const given = [...(codePoints ?? [])];
        const existing = glyphs[id];
        lookups.push({ id, given, found: existing ? [...existing.codePoints] : given });
      }
      return getGlyph(id, codePoints);
    };
    let run: GlyphRun;
    try {
      run = layout(text);
    } finally {
      delete (font as { getGlyph?: unknown }).getGlyph;
    }
    if (codePoints && codePoints.length === run.glyphs.length) runCodePoints.set(run, codePoints);
    const positions: number[] = [];
    for (const position of run.positions) positions.push(position.xAdvance, position.yAdvance, position.xOffset, position.yOffset);
    const first = run.positions[0];
    if (first && plainPosition(first) && run.glyphs.every((glyph) => glyphs[glyph.id] === glyph)) {
      if (cache.size >= maxEntries) cache.clear();
      cache.set(text, {
        lookups,
        codePoints: codePoints && codePoints.length === run.glyphs.length ? codePoints : undefined,
        glyphIds: run.glyphs.map((glyph) => glyph.id),
        positions,
        script: run.script,
        language: run.language,
        direction: run.direction,
        features: { ...run.features },
        Run: run.constructor as GlyphRunClass,
        Position: first.constructor as GlyphPositionClass,
      });
    }
    return run;
  };

  const replay = (shaped: ShapedText): GlyphRun | undefined => {
    const glyphs = glyphTable(font);
    for (const lookup of shaped.lookups) {
      const existing = glyphs[lookup.id];
      if (!sameNumbers(existing ? existing.codePoints : lookup.given, lookup.found)) return undefined;
      if (!existing) withMetrics(getGlyph(lookup.id, [...lookup.given]));
    }
    const runGlyphs: Glyph[] = [];
    for (const id of shaped.glyphIds) {
      const glyph = glyphs[id];
      if (!glyph) return undefined;
      runGlyphs.push(glyph);
    }
    const positions: GlyphPosition[] = [];
    const values = shaped.positions;
    // pdfkit scales the positions it is given in place: each run gets objects of its own.
    for (let index = 0; index < values.length; index += 4) positions.push(new shaped.Position(values[index] ?? 0, values[index + 1] ?? 0, values[index + 2] ?? 0, values[index + 3] ?? 0));
    const run = new shaped.Run(runGlyphs, { ...shaped.features }, shaped.script, shaped.language, shaped.direction);
    run.positions = positions;
    if (shaped.codePoints) runCodePoints.set(run, shaped.codePoints);
    return run;
  };

  font.layout = (text, features, ...rest) => {
    // Only the plain call is cached: other features, scripts or directions shape as asked.
    if (features !== undefined || rest.some((argument) => argument !== undefined) || typeof text !== 'string') return layout(text, features, ...rest);
    const shaped = cache.get(text);
    return (shaped && replay(shaped)) ?? record(text);
  };
}

/** A GlyphPosition with the four numbers and nothing else, which a replay can make again. */
function plainPosition(position: GlyphPosition): boolean {
  return Object.keys(position).join() === 'xAdvance,yAdvance,xOffset,yOffset';
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
