/**
 * Input that is odd but allowed: the deepest nesting the limits let through, and very long
 * paragraphs and words below the size limit. Each builds in every format in bounded time, with all
 * of its text in every edition.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInto, changedSource, outputBeside, removeFolder } from '../support/build.js';
import { readDocx, textOf as docxText } from '../support/docx.js';
import { readHtml, textOf as htmlText } from '../support/html.js';
import { normalise, readPdf } from '../support/pdf.js';
import { beforeAdvanceScreening, nestedList, nestedQuotes, numberedWords } from '../support/edits.js';
import { sampleText, summarize } from '../support/diagnostics.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

interface Editions {
  readonly html: string;
  readonly pdf: string;
  readonly docx: string;
}

/** Builds the chapter with `blocks` in an assessment, in every format, and reads each edition's text back. */
async function buildWith(blocks: string): Promise<Editions> {
  const folder = await changedSource({ [chapterPath]: beforeAdvanceScreening(blocks)(chapter) });
  try {
    const out = outputBeside(folder);
    const built = await buildInto(out, { sourceDir: folder, formats: ['html', 'pdf', 'docx'] });
    expect(summarize(built.diagnostics)).toBe('');
    expect(built.result.ok).toBe(true);
    const [html, pdf, docx] = await Promise.all([
      readHtml(path.join(out, 'html/japan/coordination.html')),
      readPdf(path.join(out, 'pdf/japan/coordination.pdf')),
      readDocx(path.join(out, 'docx/japan/coordination.docx')),
    ]);
    return { html: htmlText(html), pdf: pdf.text, docx: normalise(docxText(docx.body)) };
  } finally {
    await removeFolder(folder);
  }
}

describe('the deepest nesting allowed', () => {
  let editions: Editions;
  const labels = [
    ...Array.from({ length: 9 }, (_, index) => `list level ${String(index + 1)}`),
    ...Array.from({ length: 9 }, (_, index) => `quote level ${String(index + 1)}`),
    ...Array.from({ length: 9 }, (_, index) => `mixed level ${String(index + 1)}`),
    'nine times strong',
  ];
  beforeAll(async () => {
    let mixed = '';
    let indent = '';
    for (let level = 1; level <= 9; level += 1) {
      mixed += `${indent}${level % 2 === 1 ? '- ' : '> '}mixed level ${String(level)}\n`;
      indent += level % 2 === 1 ? '  ' : '> ';
    }
    editions = await buildWith(`${nestedList(9)}\n\n${nestedQuotes(9)}\n\n${mixed}\n${'*'.repeat(18)}nine times strong${'*'.repeat(18)}`);
  }, 60_000);

  it.each(['html', 'pdf', 'docx'] as const)('nine levels of lists, of block quotes and of both, and nine of strong text: every level in the %s edition', (format) => {
    // Before: the DOCX renderer threw past Word's ninth list level, and the PDF looped at ~25 levels of indent.
    for (const label of labels) expect(editions[format], label).toContain(label);
  });
});

describe('long paragraphs and words below the size limit', () => {
  let paragraph: Editions;
  let word: Editions;
  const text = numberedWords(150_000);
  const long = 'abcdefghij'.repeat(10_000);
  beforeAll(async () => {
    [paragraph, word] = await Promise.all([buildWith(text), buildWith(`Before ${long} after.`)]);
  }, 60_000);

  it.each(['html', 'pdf', 'docx'] as const)('a 150 kB paragraph is whole in the %s edition', (format) => {
    expect(paragraph[format]).toContain(text);
  });

  it.each(['html', 'pdf', 'docx'] as const)('a 100,000-letter word is whole in the %s edition', (format) => {
    // Before: the PDF's line breaker measured and hyphenated the rest of the word for every line (minutes).
    expect(word[format]).toContain(`Before ${long} after.`);
  });
});

describe('combining marks in italic (found by test/bad-input/random-markdown.test.ts)', () => {
  let built: Editions;
  beforeAll(async () => {
    // The property test's counterexample, and a Latin letter with a mark below.
    built = await buildWith('[*\u0391\u0313!*](https://example.org/report) and *X\u0316*');
  }, 60_000);

  it.each(['html', 'pdf', 'docx'] as const)('build, and are in the %s edition', (format) => {
    // Before: fontkit threw on the italic fonts' NULL mark anchors, and the build ended in an internal error.
    expect(built[format].normalize('NFC')).toContain('\u0391\u0313! and X\u0316'.normalize('NFC'));
  });
});
