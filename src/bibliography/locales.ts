// CSL locales, read at run time from the ones @citation-js/plugin-csl bundles
// (lib/locales.json: language tag → locale XML). Nothing is copied into rubricpress.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let bundled: ReadonlyMap<string, string> | undefined;

function bundledLocales(): ReadonlyMap<string, string> {
  if (bundled === undefined) {
    const data: unknown = require('@citation-js/plugin-csl/lib/locales.json');
    const map = new Map<string, string>();
    if (typeof data === 'object' && data !== null) {
      for (const [lang, xml] of Object.entries(data)) {
        if (typeof xml === 'string') map.set(lang, xml);
      }
    }
    bundled = map;
  }
  return bundled;
}

/** The language tags with a bundled locale (en-US, de-DE, fr-FR, es-ES, nl-NL). */
export function bundledLocaleLanguages(): readonly string[] {
  return [...bundledLocales().keys()];
}

/**
 * The CSL locale XML for `lang` (a BCP 47 tag): the exact locale, else one of the same
 * language ("en-GB" → "en-US"); `undefined` when none is bundled.
 */
export function loadBundledLocale(lang: string): string | undefined {
  const locales = bundledLocales();
  const wanted = lang.toLowerCase();
  for (const [tag, xml] of locales) if (tag.toLowerCase() === wanted) return xml;
  const base = wanted.split('-')[0];
  for (const [tag, xml] of locales) if (tag.toLowerCase().split('-')[0] === base) return xml;
  return undefined;
}
