import { describe, expect, it } from 'vitest';
import { checkChanged, lineColumnOf } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single, summarize } from '../support/diagnostics.js';
import { beforeAdvanceScreening, nestedList, nestedQuotes, numberedWords } from '../support/edits.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

describe('limits', () => {
  it('source-too-large: a 10 MB paragraph is refused at once, for the file, and nothing else is reported', { timeout: 10_000 }, async () => {
    const edited = beforeAdvanceScreening(numberedWords(10_000_000))(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    // Not also "unused reference" warnings for what the unread chapter cites.
    expect(ruleIdsOf(diagnostics)).toEqual(['source-too-large']);
    const found = single(diagnostics, 'source-too-large');
    expect(found).toMatchObject({ ruleId: 'source-too-large', severity: 'error' });
    expect(placeOf(found)).toEqual({ file: chapterPath, line: null, column: null });
    expect(found.message).toContain(`The chapter is ${Buffer.byteLength(edited).toLocaleString('en-US')} bytes; a chapter may be at most 1,000,000 bytes (1 MB)`);
  });

  it('nesting-too-deep: a list nested 200 levels deep is reported once, at the tenth level', async () => {
    const edited = beforeAdvanceScreening(nestedList(200))(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['nesting-too-deep']);
    const found = single(diagnostics, 'nesting-too-deep');
    expect(found).toMatchObject({ ruleId: 'nesting-too-deep', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '- list level 10\n'));
    expect(found.message).toContain('Lists and block quotes are nested more than 9 levels deep here');
    expect(found.message).toContain('Word has nine list levels');
  });

  it('nesting-too-deep: block quotes nested 200 deep are reported once, at the tenth `>`', async () => {
    const edited = beforeAdvanceScreening(nestedQuotes(200))(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['nesting-too-deep']);
    const found = single(diagnostics, 'nesting-too-deep');
    expect(found).toMatchObject({ ruleId: 'nesting-too-deep', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '> quote level 10\n'));
  });

  it('nesting-too-deep: lists and block quotes count together', async () => {
    // - a / > b / - c / > d …: ten levels, alternating.
    let blocks = '';
    let indent = '';
    for (let level = 1; level <= 10; level += 1) {
      const marker = level % 2 === 1 ? '- ' : '> ';
      blocks += `${indent}${marker}mixed level ${String(level)}\n`;
      indent += level % 2 === 1 ? '  ' : '> ';
    }
    const edited = beforeAdvanceScreening(blocks)(chapter);
    const { diagnostics } = await checkChanged({ [chapterPath]: edited });
    expect(ruleIdsOf(diagnostics)).toEqual(['nesting-too-deep']);
    const found = single(diagnostics, 'nesting-too-deep');
    expect(found).toMatchObject({ ruleId: 'nesting-too-deep', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '> mixed level 10'));
  });

  it('nesting-too-deep: strong text nested ten deep is reported at the tenth', async () => {
    const edited = beforeAdvanceScreening(`${'*'.repeat(20)}deep${'*'.repeat(20)}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['nesting-too-deep']);
    const found = single(diagnostics, 'nesting-too-deep');
    expect(found).toMatchObject({ ruleId: 'nesting-too-deep', severity: 'error' });
    // `**` opens each level: the tenth opens at the 19th asterisk.
    const start = lineColumnOf(edited, `${'*'.repeat(20)}deep`);
    expect(placeOf(found)).toEqual({ file: chapterPath, line: start.line, column: start.column + 18 });
    expect(found.message).toContain('Emphasis, strong text and links are nested more than 9 levels deep here');
  });

  it('nesting-too-deep: 50,000 `>` on one line are one diagnostic, found quickly, not a crash', { timeout: 10_000 }, async () => {
    // Parsed as written, this line took a minute and then overflowed the stack.
    const edited = beforeAdvanceScreening(`${'>'.repeat(50_000)} too deep`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['nesting-too-deep']);
    const found = single(diagnostics, 'nesting-too-deep');
    expect(found).toMatchObject({ ruleId: 'nesting-too-deep', severity: 'error' });
    const start = lineColumnOf(edited, '>'.repeat(50_000));
    expect(placeOf(found)).toEqual({ file: chapterPath, line: start.line, column: start.column + 9 });
  });

  it('a line of 500 list markers inside a fenced code block is code: kept whole, nothing reported', async () => {
    // Inside a fence the parser reads no containers, so such a line costs nothing and means nothing.
    const markers = '- '.repeat(500);
    const edited = beforeAdvanceScreening(`\`\`\`\n${markers}x\n\`\`\``)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(summarize(diagnostics)).toBe('');
    expect(result.ok).toBe(true);
  });

  it('nine levels of lists and of block quotes, and a thematic break of 300 dashes, are fine', async () => {
    const edited = beforeAdvanceScreening(`${nestedList(9)}\n\n${nestedQuotes(9)}\n\n${'- '.repeat(300)}\n\n${'*'.repeat(18)}nine${'*'.repeat(18)}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(summarize(diagnostics)).toBe('');
    expect(result.ok).toBe(true);
  });
});
