/**
 * Underlined links keep their underscores: fonts draw "_" where their underline goes, so pdfkit's
 * underline hid it ("constitution_and_government" read as "constitution and government"). Ours is
 * drawn below the underscore, as thick as the font says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TextBlock } from '../../../src/render/pdf/blocks.js';
import { drawCommands } from '../../../src/render/pdf/draw.js';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import type { TextStyle } from '../../../src/render/pdf/inline.js';
import { breakLines } from '../../../src/render/pdf/line-break.js';
import { createPdfDocument, finish, registerFonts } from '../../../src/render/pdf/pdfkit.js';
import type { Theme } from '../../../src/theme/theme.js';
import { defaultTheme } from '../../support/build.js';
import { themeFonts } from '../../support/lines.js';

let fonts: FontSet;
let theme: Theme;
beforeAll(async () => {
  [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
});

/** How far below the baseline the font's underscore reaches, as a fraction of the size. */
function underscoreDepth(key: Parameters<FontSet['font']>[0]): number {
  const font = fonts.font(key);
  return -font.glyphForCodePoint(0x5f).bbox.minY / font.unitsPerEm;
}

describe('underlines', () => {
  it('lie below the underscore in every font of the theme, clear of it by the line’s thickness', () => {
    for (const key of fonts.keys) {
      const { offset, thickness } = fonts.underline(key);
      expect(offset - thickness / 2, key).toBeGreaterThanOrEqual(underscoreDepth(key) + thickness - 1e-9);
      expect(thickness, key).toBeGreaterThan(0);
    }
  });

  it('are drawn there under a link’s text', async () => {
    const url = 'https://japan.kantei.go.jp/constitution_and_government_of_japan/cabinet_law_e.html';
    const style: TextStyle = { font: 'body-regular', size: 10.5, colour: '#0b5c7a', underline: true, url: true, link: { kind: 'uri', uri: url, text: url } };
    const lines = breakLines([{ kind: 'text', text: url, style }], { fonts, lineHeight: 1.45, firstWidth: 500, restWidth: 500 });
    const block: TextBlock = { kind: 'text', tag: 'P', lines, indent: 0, firstLineIndent: 0, align: 'left', spaceBefore: 0, spaceAfter: 0, keepWithNext: false };
    const doc = createPdfDocument({ size: 'A4', margins: { top: 72, right: 72, bottom: 72, left: 72 }, language: 'en', subset: 'PDF/UA', info: { Title: 'underline' } });
    registerFonts(doc, fonts.forDocument());
    const strokes: number[][] = [];
    const moveTo = doc.moveTo.bind(doc);
    doc.moveTo = (x: number, y: number) => {
      strokes.push([x, y]);
      return moveTo(x, y);
    };
    drawCommands({ doc, theme, fonts, left: 72, furniture: { of: () => undefined } }, [{ kind: 'page' }, { kind: 'text', block, y: 100, from: 0, to: 1 }]);
    await finish(doc);
    const baseline = 100 + (lines[0]?.baseline ?? 0);
    const { offset } = fonts.underline('body-regular');
    expect(strokes).toEqual([[72, expect.closeTo(baseline + offset * style.size, 5) as number]]);
    expect((strokes[0]?.[1] ?? 0) - baseline).toBeGreaterThan(underscoreDepth('body-regular') * style.size);
  });
});
