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
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, projectRoot, removeFolder, temporaryFolder } from '../support/build.js';
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
