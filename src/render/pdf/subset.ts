/**
 * Font subsets without decoding every glyph's outline in every document. pdfkit embeds a subset of
 * each font a document uses, and fontkit's TrueType subset decodes each glyph in full (all its
 * points) only to learn whether it is made of other glyphs, then copies the glyph's bytes
 * unchanged. The bytes and the component glyphs are the same in every document, so they are read
 * once per build; the subset is assembled exactly as fontkit assembles it, in the same order, with
 * the same glyph numbers and metrics.
 */
import type { Font, Glyph } from 'fontkit';

/** A glyph's bytes in the font's glyf table, and where they name component glyphs (composite glyphs). */
interface GlyphData {
  readonly bytes: Uint8Array;
  readonly components: readonly { readonly glyphID: number; readonly pos: number }[] | undefined;
}

/** What fontkit's TTFSubset (2.0.x) has that its _addGlyph uses. */
interface TrueTypeSubset {
  _addGlyph(gid: number): number;
  includeGlyph(glyph: number): number;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
}

/** The parts of fontkit's Font and TTFGlyph the subset reads (internals of fontkit 2.0.x). */
interface FontInternals {
  readonly loca?: { readonly offsets: readonly number[] };
  readonly _variationProcessor: unknown;
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  readonly directory: { readonly tables: Readonly<Record<string, unknown>> };
}

interface GlyphInternals extends Glyph {
  _decode(): { readonly numberOfContours: number; readonly components?: readonly { readonly glyphID: number; readonly pos: number }[] } | null;
  _getMetrics(): { readonly leftBearing: number };
}

/** Makes `font.createSubset()` give subsets that share glyph data through the build. */
export function cacheSubsetGlyphs(font: Font): void {
  const internals = font as unknown as FontInternals;
  // Only plain TrueType outlines: CFF fonts and variable fonts are subset another way.
  const tables = internals.directory.tables;
  if (!tables['glyf'] || tables['CFF '] || tables['CFF2'] || tables['fvar']) return;
  const createSubset = font.createSubset.bind(font);
  const glyphs = new Map<number, GlyphData>();

  const dataOf = (gid: number, glyph: GlyphInternals): GlyphData => {
    let data = glyphs.get(gid);
    if (!data) {
      const offsets = internals.loca?.offsets ?? [];
      const start = offsets[gid] ?? 0;
      const stream = internals._getTableStream('glyf');
      stream.pos += start;
      const bytes = Uint8Array.from(stream.readBuffer((offsets[gid + 1] ?? start) - start));
      const decoded = glyph._decode();
      data = { bytes, components: decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos })) : undefined };
      glyphs.set(gid, data);
    }
    return data;
  };

  font.createSubset = () => {
    const subset = createSubset() as unknown as TrueTypeSubset;
    // fontkit's _addGlyph, step by step, with the glyph's data from the build's store.
    subset._addGlyph = (gid: number): number => {
      const glyph = font.getGlyph(gid) as GlyphInternals;
      const data = dataOf(gid, glyph);
      let buffer = data.bytes;
      if (data.components) {
        // A composite glyph names its components by glyph number, which the subset renumbers.
        buffer = new Uint8Array(data.bytes);
        const view = new DataView(buffer.buffer);
        for (const component of data.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      subset.glyf.push(buffer);
      subset.loca.offsets.push(subset.offset);
      subset.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing });
      subset.offset += buffer.length;
      return subset.glyf.length - 1;
    };
    return subset as unknown as ReturnType<Font['createSubset']>;
  };
}
