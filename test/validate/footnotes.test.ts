/** Footnotes in chapters: each mistake reported once, at its place, with a stable rule id. */
import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
/** The start of a paragraph of the informal-coordination question, where the edits go. */
const paragraph = 'Advance screening takes';

describe('footnotes', () => {
  it('reports a call without definition, a label defined twice and notes where none can stand, all at once', async () => {
    const edited = replaceOnce(
      paragraph,
      [
        'Advance screening[^screen] takes[^ghost]',
        '',
        '[^screen]: Screening by the party’s policy council.[^nested]',
        '',
        '[^screen]: A second definition of the same label.',
        '',
        '[^nested]: A note of a note.',
        '',
        '::citations[@zakowski2021; [^screen]]',
        '',
        'Then',
      ].join('\n'),
    )(chapter).replace('Then takes', 'Then, screening takes');
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics).filter((id) => id?.startsWith('footnote-') === true).sort()).toEqual(['footnote-duplicate', 'footnote-misplaced', 'footnote-misplaced', 'footnote-undefined']);

    const undefinedCall = single(diagnostics, 'footnote-undefined');
    expect(undefinedCall).toMatchObject({ ruleId: 'footnote-undefined', severity: 'error' });
    expect(placeOf(undefinedCall)).toEqual(placeIn(chapterPath, edited, '[^ghost]'));
    expect(undefinedCall.message).toContain('The footnote `[^ghost]` has no definition');
    expect(undefinedCall.message).toContain('Add a line `[^ghost]: the note\'s text`');

    const duplicate = single(diagnostics, 'footnote-duplicate');
    expect(duplicate).toMatchObject({ ruleId: 'footnote-duplicate', severity: 'error' });
    expect(placeOf(duplicate)).toEqual(placeIn(chapterPath, edited, '[^screen]: A second'));
    expect(duplicate.message).toMatch(/is defined twice \(first on line \d+\)/);

    const misplaced = diagnostics.filter((diagnostic) => diagnostic.ruleId === 'footnote-misplaced');
    expect(misplaced.map((diagnostic) => diagnostic.severity)).toEqual(['error', 'error']);
    expect(misplaced.map((diagnostic) => diagnostic.message).join('\n')).toContain('called inside another footnote');
    expect(misplaced.map((diagnostic) => diagnostic.message).join('\n')).toContain('called in a citation list');
    expect(misplaced[0]).toMatchObject({ ruleId: 'footnote-misplaced' });
  });

  it('warns of a footnote defined but never called, at its definition', async () => {
    const edited = replaceOnce(paragraph, `[^aside]: An aside nobody calls.\n\n${paragraph}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited }, { strict: true });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['footnote-unused']);
    const found = single(diagnostics, 'footnote-unused');
    expect(found).toMatchObject({ ruleId: 'footnote-unused', severity: 'warning' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '[^aside]: An aside'));
    expect(found.message).toContain('is defined but never called');
  });

  it('prints an escaped `\\[^1]` as written, without a diagnostic', async () => {
    const edited = replaceOnce(paragraph, `Footnotes are written \\[^1] in Markdown. ${paragraph}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(true);
    expect(ruleIdsOf(diagnostics)).toEqual([]);
  });
});
