/**
 * Combining marks that fontkit 2.0.4 could not position (a NULL anchor in Noto Serif Italic's GPOS
 * table threw a TypeError, foliojs/fontkit#367) are laid out, measured and drawn without a throw.
 * Found by the random-Markdown property test (test/bad-input/random-markdown.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FontSet } from '../../../src/render/pdf/fonts.js';
import { loadTemplates } from '../../../src/theme/load-templates.js';
import { templatesDir } from '../../support/build.js';

let fonts: FontSet;
beforeAll(async () => {
  const loaded = await loadTemplates(templatesDir);
  if (!loaded.templates?.fonts) throw new Error('templates did not load');
  fonts = new FontSet(loaded.templates.fonts);
});

/** Each threw in the italic fonts: a Greek capital with a combining comma above, a Latin letter with a mark below. */
const texts = ['\u0391\u0313!', 'X\u0316', 'e\u0301\u0316', 'Ko\u0308ln \u0391\u0313\u0301'];

describe('fonts with combining marks', () => {
  it.each(texts.map((text) => [JSON.stringify(text), text]))('lays out %s in every font of the theme', (_name, text) => {
    for (const key of fonts.keys) {
      const width = fonts.width(key, text, 10);
      expect(Number.isFinite(width), key).toBe(true);
      expect(width, key).toBeGreaterThan(0);
      // pdfkit draws with the same font object, and the same features it passes.
      expect(() => fonts.font(key).layout(text, [])).not.toThrow();
    }
  });

  it('still positions marks wherever the font can: only the text that threw loses its mark features', () => {
    for (const key of ['body-regular', 'body-italic'] as const) {
      const run = fonts.font(key).layout('x\u0301');
      expect(run.glyphs, key).toHaveLength(2);
      expect(run.positions[1]?.xOffset, key).toBeLessThan(0);
    }
  });
});
