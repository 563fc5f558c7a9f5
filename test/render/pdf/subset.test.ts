/**
 * Font subsets made with the build's store of glyph data (src/render/pdf/subset.ts) are byte for
 * byte fontkit's own, composite glyphs (made of other glyphs, renumbered in the subset) included,
 * in one document after another.
 */
import type { Font } from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheSubsetGlyphs } from '../../../src/render/pdf/subset.js';
import { bodyFontBytes, parseFont } from '../../support/fonts.js';

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await bodyFontBytes('italic');
});

const parse = (): Font => parseFont(bytes);

function subsetOf(font: Font, text: string): Uint8Array {
  const subset = font.createSubset();
  for (const glyph of font.layout(text).glyphs) subset.includeGlyph(glyph);
  return new Uint8Array(subset.encode());
}

/** Whether fontkit decodes the glyph as a composite one. */
function isComposite(font: Font, id: number): boolean {
  const glyph = font.getGlyph(id) as unknown as { _decode(): { numberOfContours: number } | null };
  return (glyph._decode()?.numberOfContours ?? 0) < 0;
}

describe('font subsets', () => {
  it('are fontkit’s own, byte for byte, document after document', () => {
    const plain = parse();
    const cached = parse();
    cacheSubsetGlyphs(cached);
    const texts = ['Strategy and coordination', 'Łódź, Ærøskøbing, Ångström, ǺǻǼǽ ő ű', 'Ἀθῆναι, Москва, office', 'Strategy ǻ Ł'];
    const accented = plain.layout(texts[1] ?? '').glyphs.filter((glyph) => isComposite(plain, glyph.id));
    expect(accented.length).toBeGreaterThan(0);
    for (const text of [...texts, ...texts]) expect(subsetOf(cached, text), text).toEqual(subsetOf(plain, text));
  });
});
