import { describe, it, expect } from 'vitest';
import { bundledLocaleLanguages, loadBundledLocale } from '../../src/bibliography/locales.js';

describe('loadBundledLocale', () => {
  it('reads the en-US locale XML from @citation-js/plugin-csl at run time', () => {
    expect(bundledLocaleLanguages()).toContain('en-US');
    const xml = loadBundledLocale('en-US');
    expect(xml).toMatch(/<locale [^>]*xml:lang="en-US"/);
    expect(xml).toContain('<term name="open-quote">“</term>');
  });

  it('falls back to a locale of the same language, and to nothing', () => {
    expect(loadBundledLocale('en-gb')).toBe(loadBundledLocale('en-US'));
    expect(loadBundledLocale('de')).toMatch(/xml:lang="de-DE"/);
    expect(loadBundledLocale('ja-JP')).toBeUndefined();
  });
});
