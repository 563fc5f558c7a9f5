/** Hyphenation within the language's rules: three letters each side, names and compounds left whole. */
import { describe, expect, it } from 'vitest';
import { hyphenationRules, hyphenatorFor, softHyphen, titleCaseHyphenator } from '../../../src/render/pdf/hyphenate.js';

const shown = (word: string): string => word.replaceAll(softHyphen, '-');

describe('hyphenatorFor', () => {
  const english = hyphenatorFor('en-US');

  it('leaves at least three letters on each side of a hyphen (the patterns allow two: "be-fore", "en-hanced")', () => {
    expect(shown(english('before'))).toBe('before');
    expect(shown(english('enhanced'))).toBe('enhanced');
    expect(shown(english('bureaucratic'))).toBe('bureau-cratic');
    expect(shown(english('administration'))).toBe('admin-is-tra-tion');
    // Punctuation around a word is no letter: "tion”," keeps four.
    expect(shown(english('“administration”,'))).toBe('“admin-is-tra-tion”,');
    for (const word of ['information', 'decentralization', 'interministerial', 'responsibilities', 'government’s', 'reorganisation']) {
      const pieces = english(word).split(softHyphen);
      expect(pieces.length, word).toBeGreaterThan(1);
      pieces.slice(1).forEach((_, index) => {
        const letters = (text: string): number => text.replace(/\P{L}/gu, '').length;
        expect(letters(pieces.slice(0, index + 1).join('')), shown(english(word))).toBeGreaterThanOrEqual(3);
        expect(letters(pieces.slice(index + 1).join('')), shown(english(word))).toBeGreaterThanOrEqual(3);
      });
    }
  });

  it('never hyphenates an English word that starts with a capital: names ("Ok-inawa") and the words of names', () => {
    for (const word of ['Okinawa', 'Secretariat', 'Administrative', 'LDP’s', '(Kishida']) expect(english(word)).toBe(word);
    expect(english('secretariat')).toContain(softHyphen);
  });

  it('does not hyphenate a compound again: it breaks only at its own hyphen (the line breaker’s)', () => {
    expect(english('Vice-Ministers’')).toBe('Vice-Ministers’');
    expect(english('inter-ministerial')).toBe('inter-ministerial');
  });

  it('hyphenates German nouns, whose capitals tell no names', () => {
    expect(hyphenationRules('de-DE').properNames).toBe('none');
    expect(hyphenatorFor('de-DE')('Bundesregierung')).toContain(softHyphen);
  });

  it('hyphenates a title-case head’s words as their small letters, keeping the capitals', () => {
    const english = hyphenatorFor('en-US');
    expect(english('Organizational')).toBe('Organizational');
    const heads = titleCaseHyphenator(english);
    // As 'organizational' is: three letters kept at either end.
    expect(heads('Organizational').split(softHyphen)).toEqual(english('organizational').split(softHyphen).map((part, index) => (index === 0 ? `O${part.slice(1)}` : part)));
    expect(heads('Organizational').split(softHyphen)).toEqual(['Orga', 'ni', 'za', 'tional']);
    expect(heads('Organizational').replaceAll(softHyphen, '')).toBe('Organizational');
    expect(heads('COORDINATION').replaceAll(softHyphen, '')).toBe('COORDINATION');
    expect(heads.rules).toBe(english.rules);
  });

  it('has rules for every language, English’s by default', () => {
    expect(hyphenationRules('en-GB')).toEqual({ minBefore: 3, minAfter: 3, properNames: 'capitalised' });
    expect(hyphenationRules('fr-FR')).toEqual({ minBefore: 3, minAfter: 3, properNames: 'capitalised' });
    expect(hyphenatorFor('xx').rules).toEqual(hyphenationRules('xx'));
    expect(hyphenatorFor('xx')('international')).toBe('international');
  });
});
