/** The theme's fonts as fontkit parses them, for tests of the PDF renderer's font machinery. */
import { create, type Font } from 'fontkit';
import type { FontStyle } from '../../src/theme/theme.js';
import { loadTemplates } from '../../src/theme/load-templates.js';
import { templatesDir } from './build.js';

/** The bytes of the theme's body font in `style`. */
export async function bodyFontBytes(style: FontStyle): Promise<Uint8Array> {
  const loaded = await loadTemplates(templatesDir);
  if (!loaded.templates?.fonts) throw new Error('templates did not load');
  return loaded.templates.fonts.body[style];
}

/** A fresh fontkit font from those bytes (one per test: fontkit keeps state in its font objects). */
export function parseFont(bytes: Uint8Array): Font {
  const font = create(Buffer.from(bytes));
  if (!('layout' in font)) throw new Error('a collection');
  return font;
}
