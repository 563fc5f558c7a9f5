/** The theme's fallback chain: a font per character run for the scripts the body and heading fonts lack, read only when a run needs it. */
import { describe, expect, it } from 'vitest';
import { problemSink, coverRuns, type PdfState } from '../../../src/render/pdf/text.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import type { RenderProblem } from '../../../src/render/problems.js';
import { textStyle } from '../../../src/render/pdf/styles.js';
import { defaultTheme } from '../../support/build.js';
import { themeFonts } from '../../support/lines.js';

async function stateWith(problems: RenderProblem[]): Promise<PdfState> {
  const [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
  return {
    context: { theme, fonts, hyphenate: hyphenatorFor('en-US'), contentWidth: 400, problems: problemSink((problem) => problems.push(problem)) },
    style: textStyle(theme, 'body'),
    indent: 0,
    beside: 0,
    source: undefined,
  };
}

describe('fallback fonts', () => {
  it('are not read for text in the theme’s own scripts', async () => {
    const state = await stateWith([]);
    coverRuns(state, [{ kind: 'text', text: 'Łódź, Κυβέρνηση, Правительство — “quoted”', style: state.style }]);
    expect([...state.context.fonts.forDocument().keys()].filter((key) => key.startsWith('fallback-'))).toEqual([]);
  });

  it('set each run in the first font of the chain that has it, and report nothing', async () => {
    const problems: RenderProblem[] = [];
    const state = await stateWith(problems);
    const runs = coverRuns(state, [{ kind: 'text', text: 'The Cabinet Office (内閣府) and مجلس الوزراء and הממשלה.', style: state.style }]);
    const fontOf = (needle: string): string | undefined => runs.find((piece) => piece.kind === 'text' && piece.text.includes(needle))?.style.font;
    expect(fontOf('Cabinet')).toBe('body-regular');
    expect(fontOf('内閣府')).toBe('fallback-0');
    expect(fontOf('مجلس')).toBe('fallback-1');
    expect(fontOf('הממשלה')).toBe('fallback-2');
    // The spaces between Arabic words stay in the Arabic run, which is drawn as one right-to-left piece.
    expect(runs.some((piece) => piece.kind === 'text' && piece.text.trim() === 'مجلس الوزراء')).toBe(true);
    expect(problems).toEqual([]);
    expect([...state.context.fonts.forDocument().keys()].filter((key) => key.startsWith('fallback-')).sort()).toEqual(['fallback-0', 'fallback-1', 'fallback-2']);
  });

  it('still leave a character no font has reported', async () => {
    const problems: RenderProblem[] = [];
    const state = await stateWith(problems);
    coverRuns(state, [{ kind: 'text', text: 'A Linear B sign: \u{10000}.', style: state.style }]);
    expect(problems.map((problem) => problem.rule)).toEqual(['glyph-missing']);
    // At its place (each character reported once): a character beyond the BMP counts its two code units, as the source's columns do.
    const placed: RenderProblem[] = [];
    const fresh = await stateWith(placed);
    const runs = coverRuns(fresh, [{ kind: 'text', text: 'x\u{10000}\ny \u{10001}\u{10000}!', style: fresh.style, position: { start: { line: 3, column: 5 }, end: { line: 4, column: 9 } } }]);
    expect(placed.map((problem) => [problem.reason.slice(0, 18), problem.position?.start])).toEqual([
      ['The character “\u{10000}”', { line: 3, column: 6 }],
      ['The character “\u{10001}”', { line: 4, column: 3 }],
    ]);
    // The missing characters are a run of their own, marked with their actual text; the rest keep the style.
    expect(runs.map((run) => (run.kind === 'text' ? [run.text, run.style.actual] : [run.kind]))).toEqual([
      ['x', undefined],
      ['\u{10000}', '\u{10000}'],
      ['\ny ', undefined],
      ['\u{10001}\u{10000}', '\u{10001}\u{10000}'],
      ['!', undefined],
    ]);
  });
});
