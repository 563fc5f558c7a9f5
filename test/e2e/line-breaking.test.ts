/**
 * Issue 15's line-breaking rules, swept wider than the fast tier can: many more generated
 * paragraphs and measures; every paragraph of the sample at every measure from 25 to 60 em; and the
 * chapters of a generated edition laid out at measures from 55 to 90 characters, where no page may
 * end in a hyphen and every justified paragraph keeps the rules.
 */
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileEdition } from '../../src/build/compile.js';
import type { TextBlock } from '../../src/render/pdf/blocks.js';
import { paginateWithContents } from '../../src/render/pdf/contents.js';
import type { FontSet } from '../../src/render/pdf/fonts.js';
import { pdfModel } from '../../src/render/pdf/handlers.js';
import { textStyle } from '../../src/render/pdf/styles.js';
import { problemSink, type PdfState } from '../../src/render/pdf/text.js';
import { present } from '../../src/present/present.js';
import { hyphenatorFor } from '../../src/render/pdf/hyphenate.js';
import type { InlineRun, TextStyle } from '../../src/render/pdf/inline.js';
import { breakParagraph } from '../../src/render/pdf/line-break.js';
import { measuredMargins } from '../../src/render/pdf/measure.js';
import { readSourceFolder } from '../../src/source/load.js';
import { loadTemplates } from '../../src/theme/load-templates.js';
import type { Theme } from '../../src/theme/theme.js';
import type { ReportTree } from '../../src/tree/types.js';
import { defaultTheme, sampleSource, templatesDir } from '../support/build.js';
import { corpusForTests } from '../support/corpus.js';
import { hyphenated, lineText, themeFonts } from '../support/lines.js';
import { checkJustifiedParagraph, checkLines, paragraphArbitrary } from '../support/paragraphs.js';

const generated = corpusForTests('rubricpress-lines-', { countries: 2, questions: 16, seed: 15 });

let fonts: FontSet;
let theme: Theme;
beforeAll(async () => {
  [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
});

const em = 10.5;
const body: TextStyle = { font: 'body-regular', size: em, colour: '#1d2329' };

function justify(runs: readonly InlineRun[], width: number) {
  return breakParagraph(runs, { fonts, lineHeight: 1.45, firstWidth: width, restWidth: width, hyphenate: hyphenatorFor('en-US'), justify: true });
}

/** A chapter's blocks as the PDF renderer makes them, with the theme's measure, and its pages. */
function layOut(tree: ReportTree, measure: number) {
  const measured: Theme = { ...theme, page: { ...theme.page, measure } };
  const margins = measuredMargins(measured, fonts, 595.28);
  const state: PdfState = {
    context: { theme: measured, fonts, hyphenate: hyphenatorFor('en-US'), contentWidth: 595.28 - margins.left - margins.right, problems: problemSink(() => undefined) },
    style: textStyle(measured, 'body'),
    indent: 0,
    beside: 0,
    source: undefined,
  };
  return paginateWithContents(pdfModel.document(state, present(tree, measured)), { top: margins.top, bottom: 841.89 - margins.bottom });
}

describe('line breaking, swept', () => {
  it('keeps the rules over a thousand generated paragraphs at measures from 25 to 80 em', () => {
    fc.assert(
      fc.property(paragraphArbitrary(em), fc.integer({ min: Math.ceil(25 * em), max: 80 * em }), (paragraph, width) => {
        checkJustifiedParagraph(justify(paragraph.runs, width), paragraph, width, fonts);
      }),
      { numRuns: 1200, seed: 2015 },
    );
  });

  it('keeps them in every paragraph of the sample, at every half em from 25 to 60 em', async () => {
    const chapter = await readFile(path.join(sampleSource, 'chapters/japan/coordination.md'), 'utf8');
    const paragraphs = chapter
      .split(/\n\n+/)
      .filter((paragraph) => /^[A-Z]/.test(paragraph))
      .map((paragraph) => paragraph.replace(/\*/g, '').replace(/\s+/g, ' ').trim());
    expect(paragraphs.length).toBeGreaterThan(10);
    const settings = new Map<string, number>();
    for (let width = 25 * em; width <= 60 * em; width += em / 2) {
      for (const text of paragraphs) {
        const set = justify([{ kind: 'text', text, style: body }], width);
        checkJustifiedParagraph(set, { runs: [], text }, width, fonts);
        settings.set(set.setting, (settings.get(set.setting) ?? 0) + 1);
      }
    }
    // Mostly justified; ragged where the measure is narrow.
    expect(settings.get('justified') ?? 0).toBeGreaterThan(settings.get('ragged') ?? 0);
    expect(settings.get('ragged') ?? 0).toBeGreaterThan(0);
  });

  it('leaves no page of a generated edition ending in a hyphen, at measures from 55 to 90 characters', async () => {
    const [loaded, source] = await Promise.all([loadTemplates(templatesDir), readSourceFolder(generated.corpus)]);
    if (!loaded.templates) throw new Error('templates did not load');
    const { chapters } = compileEdition(source, loaded.templates);
    expect(chapters.length).toBeGreaterThan(1);
    let feet = 0;
    let justified = 0;
    for (const chapter of chapters) {
      for (const measure of [55, 65, 70, 80, 90]) {
        const seen = new Set<TextBlock>();
        for (const command of layOut(chapter.tree, measure).commands) {
          if (command.kind !== 'text') continue;
          const { block } = command;
          const foot = block.lines[command.to - 1];
          if (command.to < block.lines.length && foot) {
            feet += 1;
            expect(hyphenated(foot), `measure ${String(measure)}: a page ending in “${lineText(foot)}”`).toBe(false);
          }
          if (block.align !== 'justify' || seen.has(block)) continue;
          seen.add(block);
          justified += 1;
          checkLines(block.lines, fonts, block.lines.every((line) => !line.stretch));
        }
      }
    }
    expect(feet).toBeGreaterThan(20);
    expect(justified).toBeGreaterThan(100);
  });
});
