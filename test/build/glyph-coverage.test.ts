/**
 * Characters no font of the theme has are reported once per file, at their first place (line and
 * column in UTF-16 code units, lines ending at line feeds), with how often they come: the same
 * places a walk over every character gives, on text with carriage returns, astral characters and
 * uncovered characters on many lines.
 */
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { lacksGlyph, reportUncoveredCharacters, themeCoverage } from '../../src/build/glyph-coverage.js';
import type { FontSet } from '../../src/render/pdf/fonts.js';
import type { SourceFolder } from '../../src/source/load.js';
import { themeFonts } from '../support/lines.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await themeFonts();
});

/** The places as a walk over every character finds them: the first of each uncovered character, with its count. */
function walked(text: string): { character: string; line: number; column: number; count: number }[] {
  const covered = themeCoverage(fonts);
  const found = new Map<string, { character: string; line: number; column: number; count: number }>();
  let line = 1;
  let column = 1;
  for (const character of text) {
    if (character === '\n') {
      line += 1;
      column = 1;
      continue;
    }
    if (lacksGlyph(character, covered)) {
      const seen = found.get(character);
      if (seen) seen.count += 1;
      else found.set(character, { character, line, column, count: 1 });
    }
    column += character.length;
  }
  return [...found.values()];
}

/** What the build reports for a chapter of this text. */
function reported(text: string): { character: string; line: number; column: number; count: number }[] {
  const file = new VFile({ path: 'chapters/x/y.md', value: text, data: { sourceReadable: true } });
  const source: SourceFolder = { root: '', edition: undefined, codebook: undefined, references: undefined, chapters: [{ file, relativePath: 'chapters/x/y.md' }], folderFile: new VFile() };
  reportUncoveredCharacters(source, undefined, fonts);
  return file.messages.map((message) => {
    const character = /“(.+?)”/u.exec(message.reason)?.[1] ?? '';
    const count = Number(/comes (\d+) times/.exec(message.reason)?.[1] ?? '1');
    return { character, line: message.line ?? 0, column: message.column ?? 0, count };
  });
}

describe('glyph coverage', () => {
  const texts = [
    'Plain ASCII only.\nAnd a second line.',
    'Café, naïve\r\nThe Kantei (ሰላም) decides.\n\nሰ again, and ም twice: ም.',
    'A clef 𝄞 first, then ሰ after it on the line.\n𝄞 and ሰ again\n\n\nላ at last',
    'ሰ',
    '\n\nሰ\n',
  ];
  it('reports each uncovered character at the place a walk over every character finds it, with its count', () => {
    expect(walked(texts[1] ?? '').length).toBeGreaterThan(0);
    for (const text of texts) expect(reported(text)).toEqual(walked(text));
  });

  it('reports nothing in text the theme covers', () => {
    expect(reported(texts[0] ?? '')).toEqual([]);
    expect(reported('Ελληνικά, кириллица, 日本語, العربية')).toEqual(walked('Ελληνικά, кириллица, 日本語, العربية'));
  });
});
