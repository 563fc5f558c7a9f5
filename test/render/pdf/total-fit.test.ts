/** The total-fit (Knuth–Plass) core: least demerits over the whole paragraph, its hard limits, and when it gives up. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { infinitePenalty, totalFit, type Item } from '../../../src/render/pdf/total-fit.js';

const space: Item = { kind: 'glue', width: 3, stretch: 1.5, shrink: 1 };
const box = (width: number): Item => ({ kind: 'box', width });
const hyphen: Item = { kind: 'penalty', width: 2, penalty: 50, flagged: true };

/** Words of the given widths with a space between each. */
function words(widths: readonly number[]): Item[] {
  return widths.flatMap((width, index) => (index === 0 ? [box(width)] : [space, box(width)]));
}

/** Each line's natural width, from the breaks (the glue at a break belongs to no line). */
function lineWidths(items: readonly Item[], breaks: readonly number[]): number[] {
  const widths: number[] = [];
  let start = 0;
  for (const end of breaks) {
    let width = 0;
    for (let index = start; index < end; index += 1) {
      const item = items[index];
      if (item?.kind === 'box' || item?.kind === 'glue') width += item.width;
    }
    const at = items[end];
    if (at?.kind === 'penalty') width += at.width;
    widths.push(width);
    start = end + 1;
  }
  return widths;
}

describe('totalFit', () => {
  it('looks ahead where first fit cannot: a first line that shrinks a little saves a third line', () => {
    // Words of 20, 20, 5, 25, 20 in lines of 50: first fit (natural widths) sets "20 20" / "5 25" / "20",
    // the first two lines loose; total fit shrinks "20 20 5" (51 of 50) and sets "25 20" after it.
    const items = words([20, 20, 5, 25, 20]);
    const fit = totalFit(items, { lineWidth: () => 50, tolerance: 200 });
    expect(fit?.breaks).toEqual([5, items.length]);
    expect(fit?.ratios[0]).toBeCloseTo(-0.5);
    expect(lineWidths(items, fit?.breaks ?? [])).toEqual([51, 48]);
  });

  it('hyphenates where the line would otherwise be too loose, and not where it need not', () => {
    // "aaaa bbb cc-ddd eeeeeee": in 30, "aaaa bbb" alone is far too loose and "aaaa bbb ccddd" too
    // long: "aaaa bbb cc-" shrinks to fit. In 40, "aaaa bbb ccddd" stretches a little instead.
    const items: Item[] = [box(12), space, box(8), space, box(4), hyphen, box(6), space, box(20)];
    expect(totalFit(items, { lineWidth: () => 30, tolerance: 200 })?.breaks).toEqual([5, items.length]);
    expect(totalFit(items, { lineWidth: () => 40, tolerance: 1000 })?.breaks).toEqual([7, items.length]);
  });

  it('gives up on a box wider than every line, and on lines looser than the tolerance', () => {
    expect(totalFit(words([10, 60, 10]), { lineWidth: () => 50, tolerance: 10_000 })).toBeUndefined();
    // Two words of 20 in a line of 60: only a very loose line or two lines with one word each.
    expect(totalFit(words([20, 20, 20, 20]), { lineWidth: () => 60, tolerance: 100 })).toBeUndefined();
  });

  it('lets lines shrink by their glue, never further', () => {
    const fit = totalFit(words([20, 20, 20]), { lineWidth: () => 64, tolerance: 200 });
    // 66 natural, 2 of shrink: one line, shrunk fully (ratio −1).
    expect(fit?.breaks).toEqual([5]);
    expect(totalFit(words([20, 20, 21]), { lineWidth: () => 64, tolerance: 200 })?.breaks).not.toEqual([5]);
  });

  it('never ends more than the allowed number of lines in a row with a flagged break', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 4, max: 30 }), fc.boolean()), { minLength: 5, maxLength: 80 }), fc.integer({ min: 60, max: 140 }), (pieces, width) => {
        const items: Item[] = [];
        pieces.forEach(([piece, hyphenated], index) => {
          if (index > 0) items.push(space);
          items.push(box(piece));
          if (hyphenated) items.push(hyphen, box(piece));
        });
        const fit = totalFit(items, { lineWidth: () => width, tolerance: infinitePenalty, maxHyphensInRow: 2, doubleHyphenDemerits: 0 });
        if (!fit) return;
        let inRow = 0;
        for (const position of fit.breaks) {
          const item = items[position];
          inRow = item?.kind === 'penalty' && item.flagged ? inRow + 1 : 0;
          expect(inRow).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('keeps the lines it is told to from ending at a flagged break', () => {
    const items: Item[] = [];
    for (let index = 0; index < 30; index += 1) {
      if (index > 0) items.push(space);
      items.push(box(9), hyphen, box(9));
    }
    const free = totalFit(items, { lineWidth: () => 70, tolerance: infinitePenalty });
    const flaggedLines = (breaks: readonly number[]): number[] => breaks.flatMap((position, line) => (items[position]?.kind === 'penalty' ? [line] : []));
    const hyphenated = flaggedLines(free?.breaks ?? []);
    expect(hyphenated.length).toBeGreaterThan(0);
    const kept = new Set(hyphenated);
    const constrained = totalFit(items, { lineWidth: () => 70, tolerance: infinitePenalty, unhyphenatedLines: kept });
    expect(constrained).toBeDefined();
    for (const line of flaggedLines(constrained?.breaks ?? [])) expect(kept.has(line)).toBe(false);
  });

  it('sets ragged right with fixed spaces and stretch at the lines’ ends', () => {
    const fixed: Item = { kind: 'glue', width: 3, stretch: 0, shrink: 0 };
    const items = [10, 14, 9, 20, 8, 16, 12, 11].flatMap((width, index) => (index === 0 ? [box(width)] : [fixed, box(width)]));
    expect(totalFit(items, { lineWidth: () => 40, tolerance: 200 })).toBeUndefined();
    const ragged = totalFit(items, { lineWidth: () => 40, tolerance: infinitePenalty, lineStretch: 20 });
    expect(ragged).toBeDefined();
    for (const width of lineWidths(items, ragged?.breaks ?? [])) expect(width).toBeLessThanOrEqual(40);
  });

  it('does not break at unbreakable glue', () => {
    const items: Item[] = [box(20), space, box(20), { ...space, unbreakable: true }, box(5), space, box(20)];
    const fit = totalFit(items, { lineWidth: () => 45, tolerance: infinitePenalty });
    expect(fit?.breaks).not.toContain(3);
  });
});
