/**
 * Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines", 1981): a paragraph is
 * a list of boxes (what is drawn), glue (space that may stretch and shrink) and penalties (places to
 * break, with a cost, flagged when the break draws a hyphen), and the breaks are chosen for the whole
 * paragraph at once, so that the sum of the lines' demerits is least: a loose line early is avoided
 * by breaking differently three lines before, where a first-fit breaker had no choice left.
 *
 * Our own code, not a package's: pdfkit breaks lines first fit and has no total-fit breaker, and the
 * npm implementations (typeset, tex-linebreak and their forks) are unmaintained and work on their
 * own text model; the items here come from styled runs measured with the theme's fonts
 * (line-break.ts), and we need rules theirs lack: at most N flagged (hyphenated) lines in a row as a
 * hard limit, and lines that must not end in a hyphen (the last line of a page, see paginate.ts).
 *
 * This module knows nothing of text: widths in points, penalties and demerits as TeX counts them.
 */

/** Penalties at or above this never break; at or below its negative, always. */
export const infinitePenalty = 10_000;

export type Item =
  /**
   * `stretch` and `shrink`: how far the box may widen or narrow (glyph expansion, as pdfTeX's font
   * expansion: the glyphs of a line are scaled a little so that its spaces need not stretch as far).
   */
  | { readonly kind: 'box'; readonly width: number; readonly stretch?: number; readonly shrink?: number }
  | { readonly kind: 'glue'; readonly width: number; readonly stretch: number; readonly shrink: number; /** Never a break (a no-break space). */ readonly unbreakable?: boolean }
  | {
      readonly kind: 'penalty';
      readonly width: number;
      readonly penalty: number;
      readonly flagged: boolean;
      /** A break that hyphenation adds (a soft hyphen), which a pass without hyphenation skips. */
      readonly hyphenation?: boolean;
    };

export interface TotalFitOptions {
  /** The width of the line with this 0-based index. */
  readonly lineWidth: (line: number) => number;
  /** The largest badness (100 × |ratio|³) a line may have. */
  readonly tolerance: number;
  /** False for a pass that breaks at no hyphenation (TeX's first pass). */
  readonly hyphenate?: boolean;
  /** Stretch every line has at its end, besides its glue's: ragged-right setting, whose word spaces are fixed. */
  readonly lineStretch?: number;
  /** Added to every line's badness before squaring: more lines cost more (TeX's \linepenalty). */
  readonly linePenalty?: number;
  /** Two hyphenated lines in a row (TeX's \doublehyphendemerits). */
  readonly doubleHyphenDemerits?: number;
  /** A hyphen on the paragraph's last line but one (TeX's \finalhyphendemerits). */
  readonly finalHyphenDemerits?: number;
  /** A tight line next to a loose one, or a very loose next to a decent one (TeX's \adjdemerits). */
  readonly fitnessDemerits?: number;
  /** At most this many flagged (hyphenated) lines in a row: a hard limit, not a cost. */
  readonly maxHyphensInRow?: number;
  /** 0-based indices of lines that must not end at a flagged break. */
  readonly unhyphenatedLines?: ReadonlySet<number>;
}

export interface TotalFit {
  /** The index of the item each line ends at; the last is the paragraph's end (`items.length`). */
  readonly breaks: readonly number[];
  /** Each line's adjustment ratio: how much of its stretch (positive) or shrink (negative) it uses. */
  readonly ratios: readonly number[];
}

interface Node {
  /** The item the break is at (-1 for the paragraph's start). */
  readonly position: number;
  /** Lines before this break. */
  readonly line: number;
  readonly fitness: number;
  /** Flagged breaks in a row ending here. */
  readonly hyphens: number;
  readonly flagged: boolean;
  /** Sums of the items from the paragraph's start to the first box after the break. */
  readonly width: number;
  readonly stretch: number;
  readonly shrink: number;
  readonly demerits: number;
  readonly ratio: number;
  readonly previous: Node | undefined;
}

/** Fitness classes: very loose, loose, decent, tight (TeX's order). */
function fitnessOf(ratio: number): number {
  if (ratio > 1) return 0;
  if (ratio > 0.5) return 1;
  if (ratio >= -0.5) return 2;
  return 3;
}

/**
 * The best breaks of the paragraph, or none when it cannot be set within the tolerance (a box wider
 * than a line, or lines that would have to be looser than the tolerance allows). The paragraph ends
 * after the last item with a forced break whose line is not stretched (its natural width is enough:
 * the fill that ends a paragraph).
 */
export function totalFit(items: readonly Item[], options: TotalFitOptions): TotalFit | undefined {
  const linePenalty = options.linePenalty ?? 10;
  const doubleHyphenDemerits = options.doubleHyphenDemerits ?? 10_000;
  const finalHyphenDemerits = options.finalHyphenDemerits ?? 5_000;
  const fitnessDemerits = options.fitnessDemerits ?? 10_000;
  const maxHyphensInRow = options.maxHyphensInRow ?? Infinity;
  const lineStretch = options.lineStretch ?? 0;
  const hyphenate = options.hyphenate ?? true;
  const unhyphenated = options.unhyphenatedLines ?? new Set<number>();
  // Lines past the last one with a rule of its own are alike: nodes need not tell them apart.
  const lastSpecialLine = Math.max(1, ...unhyphenated) + 1;
  // The largest ratio within the tolerance (a badness of 10,000 is any ratio from 4.64 up).
  const loosest = options.tolerance >= infinitePenalty ? Infinity : Math.cbrt(options.tolerance / 100);
  const lineWidths: number[] = [];
  const widthOf = (line: number): number => (lineWidths[line] ??= options.lineWidth(line));

  let width = 0;
  let stretch = 0;
  let shrink = 0;
  const active: Node[] = [{ position: -1, line: 0, fitness: 2, hyphens: 0, flagged: false, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, previous: undefined }];

  /** The sums at the first box after the break being tried (the glue and penalties there vanish at a line's start). */
  let afterWidth = 0;
  let afterStretch = 0;
  let afterShrink = 0;
  const afterBreak = (position: number): void => {
    afterWidth = width;
    afterStretch = stretch;
    afterShrink = shrink;
    for (let index = position; index < items.length; index += 1) {
      const item = items[index];
      if (!item || item.kind === 'box') break;
      if (item.kind === 'glue') {
        afterWidth += item.width;
        afterStretch += item.stretch;
        afterShrink += item.shrink;
      } else if (index > position && item.penalty <= -infinitePenalty) break;
    }
  };

  /** The best new node of each kind at the break being tried (few: fitness classes × hyphens in a row × special lines). */
  const found: Node[] = [];
  const keys: number[] = [];

  const tryBreak = (position: number, penalty: number, penaltyWidth: number, flagged: boolean, last: boolean): boolean => {
    found.length = 0;
    keys.length = 0;
    let summed = false;
    // The nodes that stay active are compacted in place, in order.
    let kept = 0;
    for (const node of active) {
      const lineWidth = widthOf(node.line);
      const natural = width - node.width + penaltyWidth;
      let ratio: number;
      if (natural < lineWidth) {
        if (last) ratio = 0;
        else {
          const available = stretch - node.stretch + lineStretch;
          ratio = available > 0 ? (lineWidth - natural) / available : Infinity;
          // Too loose: the usual case, a line still short of its width. The node waits for more.
          if (ratio > loosest) {
            active[kept++] = node;
            continue;
          }
        }
      } else if (natural > lineWidth) {
        const available = shrink - node.shrink;
        ratio = available > 0 ? (lineWidth - natural) / available : -Infinity;
      } else ratio = 0;
      // Too full already: longer lines from this node are fuller still.
      if (ratio >= -1 && !last) active[kept++] = node;
      if (ratio < -1) continue;
      const badness = ratio === Infinity ? infinitePenalty : Math.min(infinitePenalty, 100 * Math.abs(ratio) ** 3);
      if (badness > options.tolerance) continue;
      if (flagged && (node.hyphens >= maxHyphensInRow || unhyphenated.has(node.line))) continue;
      let demerits = (linePenalty + badness) ** 2;
      if (penalty >= 0) demerits += penalty ** 2;
      else if (penalty > -infinitePenalty) demerits -= penalty ** 2;
      if (flagged && node.flagged) demerits += doubleHyphenDemerits;
      if (last && node.flagged) demerits += finalHyphenDemerits;
      const fitness = fitnessOf(ratio);
      if (Math.abs(fitness - node.fitness) > 1) demerits += fitnessDemerits;
      demerits += node.demerits;
      const hyphens = flagged ? node.hyphens + 1 : 0;
      const line = node.line + 1;
      const key = fitness + 4 * (hyphens + 8 * Math.min(line, lastSpecialLine));
      const at = keys.indexOf(key);
      const best = at < 0 ? undefined : found[at];
      if (best && best.demerits <= demerits) continue;
      if (!summed) {
        afterBreak(position);
        summed = true;
      }
      const candidate: Node = { position, line, fitness, hyphens, flagged, width: afterWidth, stretch: afterStretch, shrink: afterShrink, demerits, ratio, previous: node };
      if (at < 0) {
        keys.push(key);
        found.push(candidate);
      } else found[at] = candidate;
    }
    active.length = kept;
    for (const candidate of found) active.push(candidate);
    return active.length > 0;
  };

  for (const [index, item] of items.entries()) {
    if (item.kind === 'box') {
      width += item.width;
      if (item.stretch !== undefined) stretch += item.stretch;
      if (item.shrink !== undefined) shrink += item.shrink;
      continue;
    }
    if (item.kind === 'glue') {
      const previous = items[index - 1];
      if (!item.unbreakable && previous?.kind === 'box' && !tryBreak(index, 0, 0, false, false)) return undefined;
      width += item.width;
      stretch += item.stretch;
      shrink += item.shrink;
      continue;
    }
    if (item.penalty < infinitePenalty && (hyphenate || item.hyphenation !== true) && !tryBreak(index, item.penalty, item.width, item.flagged, false)) return undefined;
  }
  if (!tryBreak(items.length, -infinitePenalty, 0, false, true)) return undefined;

  let best: Node | undefined;
  for (const node of active) if (node.position === items.length && (!best || node.demerits < best.demerits)) best = node;
  if (!best) return undefined;
  const breaks: number[] = [];
  const ratios: number[] = [];
  for (let node: Node | undefined = best; node && node.position >= 0; node = node.previous) {
    breaks.push(node.position);
    ratios.push(node.ratio);
  }
  return { breaks: breaks.reverse(), ratios: ratios.reverse() };
}
