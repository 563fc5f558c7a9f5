/**
 * poppler's pdftotext reads the mixed-scripts chapter (test/fixtures/mixed-scripts) from its glyphs
 * alone (it ignores the structure tree's actual text): every character of the Arabic, Hebrew and
 * Devanagari phrases, in reading order. Before, it read ز as ر ("الورراء": Noto Sans Arabic draws ز
 * as the glyph of ر with a dot) and Devanagari in visual order ("मंित्रमंडल").
 *
 * -raw prints words in the order they are drawn, and right-to-left words are drawn in visual order
 * (left to right): poppler then gives a phrase's words right to left and cuts a word where a
 * mark is positioned back over its letter. Every character is there (letters compared as a
 * multiset); the Devanagari phrase reads whole.
 *
 * Lines that mix directions, with numbers: pdftotext gives a line's runs from left to right, each
 * right-to-left one in reading order between embedding marks (U+202B … U+202C). Each such run read
 * backwards, the line is its characters left to right as drawn, which must be the source line's
 * visual order by the Unicode Bidirectional Algorithm (bidi-js's, on the source text). Before,
 * "٢٠٢٤" was drawn "٤٢٠٢" and the numbers stood on the wrong side of the Arabic words around them.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import bidiModule from 'bidi-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, changedSource, outputBeside, projectRoot, removeFolder, temporaryFolder } from '../support/build.js';
import { requireProgram } from '../support/clients.js';

const run = promisify(execFile);
const fixture = path.join(projectRoot, 'test/fixtures/mixed-scripts');

const phrases = {
  arabic: 'مجلس الوزراء ينسق السياسات بين الوزارات',
  hebrew: 'הממשלה מתאמת את המדיניות',
  hindi: 'मंत्रिमंडल सचिवालय नीति समन्वय करता है।',
  government: 'الحكومة',
};

let folder: string;
let pdfPath: string;
beforeAll(async () => {
  requireProgram('pdftotext', 'poppler-utils');
  folder = await temporaryFolder('rubricpress-scripts-poppler-');
  const built = await buildInto(folder, { sourceDir: fixture, formats: ['pdf'] });
  expect(built.result.ok).toBe(true);
  pdfPath = path.join(folder, 'pdf/japan/coordination.pdf');
});
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

/** pdftotext's text without the bidirectional embedding marks it puts around right-to-left runs, lines joined. */
async function pdftotext(mode: readonly string[]): Promise<string> {
  const { stdout } = await run('pdftotext', [...mode, '-enc', 'UTF-8', pdfPath, '-']);
  return stdout.replace(/[\u202A-\u202E]/g, '').replace(/\s+/g, ' ');
}

const letters = (text: string): string[] => Array.from(text.replace(/[\s\u202A-\u202E]/g, '')).sort();

describe('pdftotext reads every script of the mixed-scripts chapter', () => {
  it('in reading order (its default mode)', async () => {
    const text = await pdftotext([]);
    for (const phrase of Object.values(phrases)) expect(text).toContain(phrase);
    expect(text).not.toContain('الورراء');
  });

  it('with every character in -raw mode, the Devanagari in order', async () => {
    const text = await pdftotext(['-raw']);
    expect(text).toContain(phrases.hindi);
    // The Arabic and Hebrew phrases' letters, wherever poppler puts them on their lines.
    const found = letters(text);
    for (const phrase of [phrases.arabic, phrases.hebrew]) {
      const remaining = [...found];
      for (const letter of letters(phrase)) {
        const at = remaining.indexOf(letter);
        expect(at, `${letter} of ${phrase}`).toBeGreaterThanOrEqual(0);
        remaining.splice(at, 1);
      }
    }
  });
});

/** bidi-js's factory: Node gives it as the CommonJS module's exports, its types at `.default` (see src/render/pdf/bidi.ts). */
const bidiFactory: typeof bidiModule.default = typeof bidiModule === 'function' ? bidiModule : bidiModule.default;
const bidi = bidiFactory();

/** Paragraphs of one line each, mixing directions and numbers. */
const mixedLines = {
  englishWithArabic: 'Arabic with numbers: تقرير عام ٢٠٢٤ ونسبة 2024 من الوزارات في Tokyo.',
  arabic: 'مجلس الوزراء منذ عام ٢٠٢٤ و 2024 وفق Cabinet Act رقم ١٢٣ في طوكيو.',
  hebrew: 'הממשלה מתאמת את המדיניות מאז 2024 בכל המשרדים.',
};

/** A line's characters left to right, without white space (which pdftotext puts where its gaps are). */
const drawnOrder = (text: string): string => text.replace(/\s/gu, '');

/** The source line as UAX #9 sets it (right-to-left characters reversed, mirrored ones swapped). */
function visualLine(text: string): string {
  return drawnOrder(bidi.getReorderedString(text, bidi.getEmbeddingLevels(text)));
}

/** A line of pdftotext's output with each right-to-left run (between U+202B and U+202C) read backwards. */
function pdftotextLine(line: string): string {
  return drawnOrder(line.replace(/\u202B([^\u202C]*)\u202C/gu, (_, run: string) => Array.from(run).reverse().join('')));
}

describe('pdftotext reads lines that mix directions and numbers', () => {
  let mixedFolder: string | undefined;
  let lines: string[] = [];
  beforeAll(async () => {
    requireProgram('pdftotext', 'poppler-utils');
    const chapter = await readFile(path.join(fixture, 'chapters/japan/coordination.md'), 'utf8');
    const paragraphs = Object.values(mixedLines).join('\n\n');
    mixedFolder = await changedSource({ 'chapters/japan/coordination.md': chapter.replace('Japan falls into the sample’s middle ranks', `${paragraphs}\n\nJapan falls into the sample’s middle ranks`) });
    // Built with the agreement check, which reads the text layer back in reading order.
    const built = await buildInto(outputBeside(mixedFolder), { sourceDir: mixedFolder, formats: ['pdf'] });
    expect(built.result.ok).toBe(true);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path.join(outputBeside(mixedFolder), 'pdf/japan/coordination.pdf'), '-']);
    lines = stdout.split('\n');
  });
  afterAll(async () => {
    if (mixedFolder) await removeFolder(mixedFolder);
  });

  it('in the order they are drawn, digits left to right, words right to left', () => {
    const read = lines.map(pdftotextLine);
    for (const line of Object.values(mixedLines)) expect(read).toContain(visualLine(line));
    expect(lines.join('')).not.toContain('٤٢٠٢');
  });
});
