import { describe, expect, it } from 'vitest';
import { checkChanged, lineColumnOf } from '../support/build.js';
import { looksLikeStackTrace, placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';
import { withLatin1Word } from '../support/edits.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

describe('source files', () => {
  it('source-missing: a source folder without references.yaml says which file to create', async () => {
    const { diagnostics, result } = await checkChanged({ 'references.yaml': null });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['source-missing']);
    const found = single(diagnostics, 'source-missing');
    expect(found).toMatchObject({ ruleId: 'source-missing', severity: 'error' });
    // The problem is the folder's, not a place in a file.
    expect(placeOf(found)).toEqual({ file: '', line: null, column: null });
    expect(found.message).toContain('The source folder has no references.yaml');
    expect(found.message).toContain('Create it');
  });

  it('source-missing: a source folder without chapters reports only that, not every reference as unused', async () => {
    const { diagnostics, result } = await checkChanged({ chapters: null });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['source-missing']);
    const found = single(diagnostics, 'source-missing');
    expect(found).toMatchObject({ ruleId: 'source-missing', severity: 'error' });
    expect(placeOf(found)).toEqual({ file: '', line: null, column: null });
    expect(found.message).toContain('no chapters');
    expect(found.message).toContain('e.g. chapters/japan/coordination.md');
  });

  it('source-encoding: a Latin-1 "café" in a chapter is reported at the bad byte, not as a stack trace', async () => {
    const { bytes, asText } = withLatin1Word(chapter, '(*Naikakufu*)', 'caf\xe9 ');
    const { diagnostics, result } = await checkChanged({ [chapterPath]: bytes });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['source-encoding']);
    const found = single(diagnostics, 'source-encoding');
    expect(found).toMatchObject({ ruleId: 'source-encoding', severity: 'error' });
    // The column counts characters: the line has a multi-byte ’ before the bad byte.
    expect(placeOf(found)).toEqual(placeIn(chapterPath, asText, '\xe9 (*Naikakufu*)'));
    expect(found.message).toContain('not valid UTF-8 (byte 0xe9 here)');
    expect(found.message).toContain('Re-save it as UTF-8');
    expect(looksLikeStackTrace(found.message)).toBe(false);
  });

  it('source-encoding: a Latin-1 comment in codebook.yaml stops the check with a clear error', async () => {
    const codebook = sampleText('codebook.yaml');
    const { bytes, asText } = withLatin1Word(codebook, '\n\ncategories:', ' # r\xe9vis\xe9');
    const { diagnostics, result } = await checkChanged({ 'codebook.yaml': bytes });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['source-encoding']);
    const found = single(diagnostics, 'source-encoding');
    expect(found).toMatchObject({ ruleId: 'source-encoding', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn('codebook.yaml', asText, '\xe9vis'));
    expect(found.message).toContain('Windows-1252 or Latin-1');
  });

  it('source-encoding: a chapter saved as UTF-16 is text in the wrong encoding, not binary data', async () => {
    const { diagnostics, result } = await checkChanged({ [chapterPath]: Buffer.from(`\ufeff${chapter}`, 'utf16le') });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['source-encoding']);
    const found = single(diagnostics, 'source-encoding');
    expect(found).toMatchObject({ ruleId: 'source-encoding', severity: 'error' });
    // At the byte order mark, the file's first character.
    expect(placeOf(found)).toEqual(placeIn(chapterPath, `\ufeff${chapter}`, '\ufeff'));
    expect(found.message).toContain('UTF-16');
    expect(found.message).toContain('Re-save it as UTF-8');
  });

  it('source-not-text: a chapter holding NUL bytes is binary, and nothing else is reported', async () => {
    const start = '---\ncountry: Japan\n';
    const bytes = Buffer.concat([Buffer.from(start, 'utf8'), Buffer.from([0x00, 0x01, 0x02, 0xff])]);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: bytes });
    expect(result.ok).toBe(false);
    // Not followed by "unused reference" warnings for everything the unreadable chapter cited.
    expect(ruleIdsOf(diagnostics)).toEqual(['source-not-text']);
    const found = single(diagnostics, 'source-not-text');
    expect(found).toMatchObject({ ruleId: 'source-not-text', severity: 'error' });
    const end = lineColumnOf(`${start}\0`, '\0');
    expect(placeOf(found)).toEqual({ file: chapterPath, ...end });
    expect(found.message).toContain('binary data (a NUL byte)');
    expect(found.message).toContain('save chapters as plain UTF-8 text');
    expect(looksLikeStackTrace(found.message)).toBe(false);
  });
});
