/**
 * Issue 15's rules for justified text, over generated paragraphs (words, long hyphenatable words,
 * capitalised names, compounds, URLs, italic and bold, spaced dashes) and measures of 25 em and
 * more: at most two hyphenated lines in a row; at least three letters on each side of a hyphen; no
 * name hyphenated; no word space over twice the paragraph's median (but on a line holding a URL, or
 * in a ragged paragraph); nothing lost or reordered. A fixed seed and a bounded number of runs keep this in the fast tier; test/e2e/ sweeps
 * more of them.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import type { FontSet } from '../../../src/render/pdf/fonts.js';
import { hyphenatorFor } from '../../../src/render/pdf/hyphenate.js';
import { breakParagraph } from '../../../src/render/pdf/line-break.js';
import { checkJustifiedParagraph, paragraphArbitrary, type GeneratedParagraph } from '../../support/paragraphs.js';
import { themeFonts } from '../../support/lines.js';

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
