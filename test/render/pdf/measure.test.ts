/** The measure in characters of body text: an average character's width, and the margins that keep it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import { characterWidth, measuredMargins } from '../../../src/render/pdf/measure.js';
import { readTheme, type Theme } from '../../../src/theme/theme.js';
import { defaultTheme, lineColumnOf, sampleSource, templatesDir } from '../../support/build.js';
import { themeFonts } from '../../support/lines.js';

let fonts: FontSet;
let theme: Theme;
beforeAll(async () => {
  [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
});

describe('the measure', () => {
  it('counts characters as wide as the sample chapter’s own, on average', async () => {
    const chapter = await readFile(path.join(sampleSource, 'chapters/japan/coordination.md'), 'utf8');
    const prose = chapter
      .split(/\n\n+/)
      .filter((paragraph) => /^[A-Z]/.test(paragraph))
      .join(' ')
      .replace(/[*\s]+/g, ' ');
    const average = fonts.width('body-regular', prose, 10) / prose.length;
    expect(characterWidth(fonts, 10) / average).toBeGreaterThan(0.98);
    expect(characterWidth(fonts, 10) / average).toBeLessThan(1.02);
  });

  it('is the text column’s width, the left and right margins widened alike', () => {
    const margins = measuredMargins(theme, fonts, 595.28);
    expect(595.28 - margins.left - margins.right).toBeCloseTo(theme.page.measure * characterWidth(fonts, theme.sizes.body), 6);
    expect(margins.left).toBeCloseTo(margins.right, 6);
    expect(margins.top).toBe(theme.page.margins.top);
    // The theme's default: 60 to 75 characters (before, the content box held about 90).
    expect(theme.page.measure).toBeGreaterThanOrEqual(60);
    expect(theme.page.measure).toBeLessThanOrEqual(75);
  });

  it('is 70 characters for a theme written before there was one', async () => {
    const text = await readFile(path.join(templatesDir, 'theme.yaml'), 'utf8');
    const older = text.replace(/^ {2}measure: .*\n/m, '');
    expect(older).not.toContain('measure:');
    expect(readTheme(new VFile({ path: 'theme.yaml', value: older }))?.theme.page.measure).toBe(70);
  });

  it('is refused, at its place in theme.yaml, when it is no whole number of characters from 20 to 200', async () => {
    const text = await readFile(path.join(templatesDir, 'theme.yaml'), 'utf8');
    const { line } = lineColumnOf(text, 'measure:');
    for (const [value, reason] of [['12', 'at least 20 characters'], ['70.5', 'a whole number of characters'], ['wide', 'a number of characters']] as const) {
      const file = new VFile({ path: 'theme.yaml', value: text.replace(/measure: \d+/, `measure: ${value}`) });
      expect(readTheme(file)).toBeUndefined();
      expect(file.messages.map((message) => [message.ruleId, message.line, message.reason.includes(reason)])).toEqual([['schema-field', line, true]]);
    }
  });
});
