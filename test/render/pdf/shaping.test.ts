/**
 * The shaping cache (src/render/pdf/shaping.ts) against fontkit itself: over "documents" that each
 * start with no glyph objects (as FontSet.forDocument leaves them), a cached font gives the same
 * glyphs, positions and glyph characters as an uncached one, and leaves the same glyph objects
 * behind. The characters are what pdfkit writes into the text layer; the ligature ﬁ typed as one
 * character and "fi" shaped into the same glyph are the case where they depend on what the
 * document met first.
 */
import type { Font, Glyph, GlyphRun } from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheShaping } from '../../../src/render/pdf/shaping.js';
import { bodyFontBytes, parseFont } from '../../support/fonts.js';

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await bodyFontBytes('regular');
});

const parse = (): Font => parseFont(bytes);

function glyphTable(font: Font): Record<number, Glyph | undefined> {
  return (font as unknown as { _glyphs: Record<number, Glyph | undefined> })._glyphs;
}

function newDocument(font: Font): void {
  (font as unknown as { _glyphs: unknown })._glyphs = [];
}

function describeRun(run: GlyphRun): unknown {
  return {
    glyphs: run.glyphs.map((glyph) => [glyph.id, [...glyph.codePoints]]),
    positions: run.positions.map((position) => ({ ...position })),
    advanceWidth: run.advanceWidth,
    script: run.script,
    direction: run.direction,
  };
}

/** The document's glyph objects: their characters, and the metrics a replay gives them from an earlier document. */
function describeGlyphs(font: Font): unknown {
  return Object.entries(glyphTable(font)).map(([id, glyph]) => [id, glyph ? [[...glyph.codePoints], { ...(glyph as unknown as { _getMetrics(): object })._getMetrics() }] : undefined]);
}

const documents = [
  ['office', 'fi', 'Strategy', 'office ', 'ﬁ', 'AV Wa', 'office'],
  ['ﬁ', 'office', 'office', 'Strategy ', 'fi'],
  ['Strategy', 'ﬁle', 'office', 'x\u0301', 'Ko\u0308ln', ''],
  ['office', 'ﬁ', 'ﬁle', '\u00A0code\u00A0', 'x\u0301', 'Strategy'],
];

describe('the shaping cache', () => {
  it('shapes as fontkit does, document after document, and leaves the same glyph objects', () => {
    const plain = parse();
    const cached = parse();
    cacheShaping(cached);
    for (const texts of [...documents, ...documents.toReversed()]) {
      newDocument(plain);
      newDocument(cached);
      for (const text of texts) {
        const expected = describeRun(plain.layout(text));
        expect(describeRun(cached.layout(text)), JSON.stringify(text)).toEqual(expected);
        expect(describeGlyphs(cached)).toEqual(describeGlyphs(plain));
      }
    }
  });

  it('shapes afresh where a glyph object of the document carries other characters than when the text was shaped', () => {
    const plain = parse();
    const cached = parse();
    cacheShaping(cached);
    const f = plain.glyphForCodePoint(0x66).id;
    for (const unusual of [undefined, [0x66, 0x66], [0x46], undefined]) {
      newDocument(plain);
      newDocument(cached);
      // As if an earlier text of the document had made the glyph of "f" with other characters
      // (fontkit keeps those it was first met with, and ligatures take their components').
      if (unusual) for (const font of [plain, cached]) font.getGlyph(f, [...unusual]);
      for (const text of ['fi', 'office', 'fi']) {
        const expected = describeRun(plain.layout(text));
        expect(describeRun(cached.layout(text)), JSON.stringify(text)).toEqual(expected);
        expect(describeGlyphs(cached)).toEqual(describeGlyphs(plain));
      }
    }
  });

  it('returns the document’s own glyph objects and positions of its own for each run', () => {
    const font = parse();
    cacheShaping(font);
    const first = font.layout('Strategy');
    const second = font.layout('Strategy');
    expect(second.positions[0]).not.toBe(first.positions[0]);
    newDocument(font);
    const third = font.layout('Strategy');
    expect(third.glyphs[0]).not.toBe(first.glyphs[0]);
    expect(third.glyphs.every((glyph) => glyphTable(font)[glyph.id] === glyph)).toBe(true);
  });

  it('leaves a layout with features of its own to fontkit', () => {
    const font = parse();
    cacheShaping(font);
    expect(font.layout('office', { liga: false }).glyphs).toHaveLength(6);
    expect(font.layout('office').glyphs).toHaveLength(4);
  });
});
