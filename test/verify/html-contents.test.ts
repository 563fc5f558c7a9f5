/**
 * The HTML page's contents list is left out of the text the agreement check compares (it repeats
 * the headings), and checked on its own instead: only links, each to a heading of the page that has
 * the entry's words.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChapter } from '../../src/verify/verify.js';
import { readHtmlEdition } from '../../src/verify/extract/html.js';
import { buildInto, compileSampleChapter, removeFolder, temporaryFolder } from '../support/build.js';
import type { Theme } from '../../src/theme/theme.js';
import type { ReportTree } from '../../src/tree/types.js';

let folder: string;
let html: string;
let tree: ReportTree;
let theme: Theme;
beforeAll(async () => {
  ({ tree, templates: { theme } } = await compileSampleChapter());
  folder = await temporaryFolder();
  const built = await buildInto(folder, { formats: ['html'] });
  expect(built.result.ok).toBe(true);
  html = await readFile(path.join(folder, 'html/japan/coordination.html'), 'utf8');
});
afterAll(() => removeFolder(folder));

/** The page with one change inside its contents list (which must be there to change). */
function withContents(change: (nav: string) => string): string {
  const nav = /<nav class="contents"[\s\S]*?<\/nav>/.exec(html)?.[0];
  if (!nav) throw new Error('the page has no contents list');
  const changed = change(nav);
  expect(changed).not.toBe(nav);
  return html.replace(nav, changed);
}

describe('the HTML contents list in the agreement check', () => {
  it('is read past but for its heading: the page’s text and links are those of the report without its entries', () => {
    const read = readHtmlEdition(html);
    expect(read.problems).toBeUndefined();
    const withoutEntries = readHtmlEdition(withContents((nav) => nav.replace(/<ol>[\s\S]*<\/ol>/, '')));
    expect(read.text).toBe(withoutEntries.text);
    expect(read.counts).toEqual(withoutEntries.counts);
    expect(read.text).toContain('Rank 16 of 30 Authors Hiroko Saito');
    expect(read.text).toContain('japan-coordination Contents Key Findings Japan falls');
  });

  it.each([
    ['text outside its links', '<li><a href="#key-findings">Key Findings</a></li>', '<li><a href="#key-findings">Key Findings</a> (page 3)</li>', 'The HTML edition\'s contents list has text outside its links: “(page 3)”.'],
    ['an entry whose words are not its heading’s', '>Complementary Informal Coordination<', '>Informal Coordination<', 'The HTML edition\'s contents entry “Informal Coordination” links to the heading “Complementary Informal Coordination”.'],
    ['an entry that leads to no heading of the page', 'href="#question-informal-coordination"', 'href="#question-informal"', 'The HTML edition\'s contents entry “Complementary Informal Coordination” links to #question-informal, not to a heading of the page.'],
    ['content put into it, which the text compared would not show', '</ol>\n</nav>', '</ol>\n<p>A paragraph of the report.</p>\n</nav>', "The HTML edition's contents list holds a <p>, not only its heading and links."],
  ])('names %s', (_what, from, to, problem) => {
    const read = readHtmlEdition(withContents((nav) => nav.replace(from, to)));
    expect(read.problems).toEqual([problem]);
  });

  it('leaves its heading to the text compared, where only a label may stand', async () => {
    const found = await verifyChapter(tree, theme, { html: withContents((nav) => nav.replace('>Contents</h2>', '>Inhalt</h2>')) });
    // The contents list follows the title page's imprint, which ends with the suggested citation.
    expect(found.map((disagreement) => disagreement.message)).toEqual(['The HTML edition has text the source does not have: after “and Markus Brandt. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024-japan-coordination” it has “Inhalt”.']);
  });

  it('makes a wrong entry an edition-disagrees error of the HTML edition', async () => {
    expect(await verifyChapter(tree, theme, { html })).toEqual([]);
    const found = await verifyChapter(tree, theme, { html: withContents((nav) => nav.replace('>Key Findings<', '>Findings<')) });
    expect(found).toEqual([
      { edition: 'HTML', message: 'The HTML edition\'s contents list has “Findings” where the source has “Key Findings”.' },
      { edition: 'HTML', message: 'The HTML edition\'s contents entry “Findings” links to the heading “Key Findings”.' },
    ]);
  });
});
