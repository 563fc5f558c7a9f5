/** The round trip's names: bookmark marks within Word's limits and read back; properties within 255 characters and joined back. */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { docxBlockMark, docxLockMark, readRoundTripMark, textFingerprint } from '../../src/vocabulary/anchors.js';
import { decodeChapterText, encodeChapterText, joinPropertyParts, maxPropertyLength, propertyParts } from '../../src/vocabulary/docx.js';

describe('round-trip marks', () => {
  it('fit Word’s 40 characters, start hidden, and read back as written', () => {
    const block = docxBlockMark(12, 987654, 'Some words.');
    const lock = docxLockMark(3, 's12q14b10', 2, 'Largely functional');
    for (const name of [block, lock]) {
      expect(name.length).toBeLessThanOrEqual(40);
      expect(name).toMatch(/^_[A-Za-z0-9_]+$/);
    }
    expect(readRoundTripMark(block)).toEqual({ kind: 'block', chapter: 12, offset: 987654, fingerprint: textFingerprint('Some words.') });
    expect(readRoundTripMark(lock)).toEqual({ kind: 'lock', chapter: 3, id: 's12q14b10', part: 2, fingerprint: textFingerprint('Largely functional') });
    expect(readRoundTripMark('q_go_pmo_coordination')).toBeUndefined();
    expect(readRoundTripMark('_GoBack')).toBeUndefined();
  });

  it('fingerprint words, not their white space', () => {
    expect(textFingerprint(' a  b\nc ')).toBe(textFingerprint('a b c'));
    expect(textFingerprint('a b c')).not.toBe(textFingerprint('a b d'));
  });
});

describe('round-trip properties', () => {
  it('keep a long value in parts of at most 255 characters, joined back whole', () => {
    const text = Array.from({ length: 3000 }, (_unused, index) => `“wörd” ${String((index * 7919) % 10007)}`).join(' ');
    const encoded = encodeChapterText(text);
    const parts = propertyParts('rubricpress.chapter.1.text', encoded);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every(([, value]) => value.length <= maxPropertyLength)).toBe(true);
    const joined = joinPropertyParts('rubricpress.chapter.1.text', new Map(parts));
    expect(joined === undefined ? undefined : decodeChapterText(joined, 1_000_000)).toBe(text);
    // A part missing is no value, not a shorter one.
    const cut = new Map(parts);
    cut.delete('rubricpress.chapter.1.text.2');
    expect(joinPropertyParts('rubricpress.chapter.1.text', cut)).toBeUndefined();
    expect(propertyParts('short', 'value')).toEqual([['short', 'value']]);
  });

  it('read no text that inflates past the bound: a deflate bomb in an edited file is refused', () => {
    const text = 'a'.repeat(2000);
    expect(decodeChapterText(encodeChapterText(text), 2000)).toBe(text);
    expect(decodeChapterText(encodeChapterText(text), 1999)).toBeUndefined();
    // 50 MB of zeros in some 65 KB of base64 (inflating stops at the bound, not at the stream's end).
    const bomb = deflateRawSync(Buffer.alloc(50_000_000), { level: 9 }).toString('base64');
    expect(bomb.length).toBeLessThan(100_000);
    expect(decodeChapterText(bomb, 1_000_000)).toBeUndefined();
    expect(decodeChapterText('not base64 deflate!', 1_000_000)).toBeUndefined();
  });
});
