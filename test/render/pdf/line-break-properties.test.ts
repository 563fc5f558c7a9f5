/**
 * Issue 15's rules for justified text, over generated paragraphs (words, long hyphenatable words,
 * capitalised names, compounds, URLs, italic and bold, spaced dashes) and measures of 25 em and
 * more: at most two hyphenated lines in a row; at least three letters on each side of a hyphen; no
 * name hyphenated; no word space over twice the paragraph's median (but on a line holding a URL, or
 * in a ragged paragraph); nothing lost or reordered; and, through the paginator, no page ending in a
 * hyphen. A fixed seed and a bounded number of runs keep this in the fast tier; test/e2e/ sweeps
 * more of them.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, TextBlock } from '../../../src/render/pdf/blocks.js';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import { breakParagraph, type Line } from '../../../src/render/pdf/line-break.js';
import { paginate } from '../../../src/render/pdf/paginate.js';
import { checkJustifiedParagraph, paragraphArbitrary, type GeneratedParagraph } from '../../support/paragraphs.js';
import { hyphenated, lineText, themeFonts } from '../../support/lines.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await themeFonts();
});

const size = 10.5;
const em = size;

function set(paragraph: GeneratedParagraph, width: number) {
  return breakParagraph(paragraph.runs, { fonts, lineHeight: 1.45, firstWidth: width, restWidth: width, hyphenate: hyphenatorFor('en-US'), justify: true });
}

describe('justified paragraphs, generated', () => {
  it('keep the hyphenation and spacing rules and lose nothing, at 25 em and wider', () => {
    fc.assert(
      fc.property(paragraphArbitrary(size), fc.integer({ min: Math.ceil(25 * em), max: 60 * em }), (paragraph, width) => {
        checkJustifiedParagraph(set(paragraph, width), paragraph, width, fonts);
      }),
      { numRuns: 120, seed: 1515 },
    );
  });
});

describe('pages of generated paragraphs', () => {
  it('never end in a hyphen', () => {
    fc.assert(
      fc.property(fc.array(paragraphArbitrary(size), { minLength: 2, maxLength: 6 }), fc.integer({ min: Math.ceil(25 * em), max: Math.floor(45 * em) }), fc.integer({ min: 6, max: 30 }), (paragraphs, width, linesPerPage) => {
        const blocks: Block[] = paragraphs.map((paragraph): TextBlock => {
          const { lines, rebreak } = set(paragraph, width);
          return { kind: 'text', tag: 'P', lines, indent: 0, firstLineIndent: 0, align: 'justify', spaceBefore: 0, spaceAfter: 7, keepWithNext: false, rebreak };
        });
        const lineHeight = blocks[0]?.kind === 'text' ? (blocks[0].lines[0]?.height ?? 15) : 15;
        const { commands } = paginate(blocks, { top: 0, bottom: linesPerPage * lineHeight + 0.5 });
        const placed = new Map<TextBlock, number>();
        for (const command of commands) {
          if (command.kind !== 'text') continue;
          placed.set(command.block, (placed.get(command.block) ?? 0) + (command.to - command.from));
          // A paragraph that goes on after this line, on the next page: the line ends the page.
          const foot: Line | undefined = command.block.lines[command.to - 1];
          if (command.to < command.block.lines.length && foot) expect(hyphenated(foot), `a page ending in “${lineText(foot)}”`).toBe(false);
        }
        // Every line of every paragraph placed once.
        for (const [block, count] of placed) expect(count).toBe(block.lines.length);
        expect(placed.size).toBe(paragraphs.length);
      }),
      { numRuns: 60, seed: 1516 },
    );
  });
});
