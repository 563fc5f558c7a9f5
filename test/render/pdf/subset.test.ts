/**
 * Font subsets made with the build's store of glyph data (src/render/pdf/subset.ts) are byte for
 * byte fontkit's own, composite glyphs (made of other glyphs, renumbered in the subset) included,
 * in one document after another.
 */
import { create, type Font } from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheSubsetGlyphs } from '../../../src/render/pdf/subset.js';
import { loadTemplates } from '../../../src/theme/load-templates.js';
import { templatesDir } from '../../support/build.js';

let bytes: Uint8Array;
beforeAll(async () => {
  const loaded = await loadTemplates(templatesDir);
  if (!loaded.templates?.fonts) throw new Error('templates did not load');
  bytes = loaded.templates.fonts.body.italic;
});

function parse(): Font {
  const font = create(Buffer.from(bytes));
  if (!('layout' in font)) throw new Error('a collection');
  return font;
}

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
