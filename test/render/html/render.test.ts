/** The HTML renderer on trees changed by hand: defence in depth, and reporting what it cannot draw. */
import type { Assessment } from '../../../src/tree/types.js';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { createHtmlRenderer, type HtmlRenderer } from '../../../src/render/html/render.js';
import type { CompiledChapter } from '../../../src/build/compile.js';
import { fromHtml } from 'hast-util-from-html';
import { compileSample } from '../../support/build.js';
import { all, textOf } from '../../support/html.js';
import { present } from '../../../src/present/present.js';
import type { Theme } from '../../../src/theme/theme.js';

let chapter: CompiledChapter;
let renderer: HtmlRenderer;
let theme: Theme;

beforeAll(async () => {
  const compiled = await compileSample();
  const first = compiled.chapters[0];
  if (!first) throw new Error('no chapter');
  chapter = first;
  theme = compiled.templates.theme;
  renderer = createHtmlRenderer({ theme: compiled.templates.theme, layout: compiled.templates.layout, stylesheet: compiled.templates.stylesheet, generator });
});

function firstAssessment(tree: CompiledChapter['tree']): Assessment {
  let found: Assessment | undefined;
  visit(tree, 'assessment', (node: Assessment) => {
    found ??= node;
  });
  if (!found) throw new Error('no assessment');
  return found;
}

describe('the HTML renderer', () => {
  it('sanitizes author content even if a javascript: link got past validation', () => {
    const tree = structuredClone(chapter.tree);
    firstAssessment(tree).children.push({ type: 'paragraph', children: [{ type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', value: 'click' }] }] });
    const { html } = renderer.render(present(tree, theme));
    expect(html).toContain('click');
    expect(html).not.toContain('javascript:');
  });

  it('reports a node it cannot draw instead of dropping it silently', () => {
    const tree = structuredClone(chapter.tree);
    firstAssessment(tree).children.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: 'A heading' }], position: { start: { line: 7, column: 1 }, end: { line: 7, column: 12 } } });
    const { problems } = renderer.render(present(tree, theme));
    expect(problems).toEqual([expect.objectContaining({ format: 'HTML', nodeType: 'heading', position: expect.objectContaining({ start: { line: 7, column: 1 } }) })]);
  });

  it('renders the sample without problems', () => {
    expect(renderer.render(present(chapter.tree, theme)).problems).toEqual([]);
  });
});

describe('citations the transform did not format', () => {
  it('are reported, not drawn as empty spans', () => {
    const tree = structuredClone(chapter.tree);
    firstAssessment(tree).children.push({ type: 'paragraph', children: [{ type: 'citation', items: [{ key: 'iio2008' }], children: [] }] });
    const { problems, html } = renderer.render(present(tree, theme));
    expect(problems).toEqual([expect.objectContaining({ nodeType: 'citation' })]);
    expect(html).not.toContain('<span class="citation"></span>');
  });
});

describe('right-to-left paragraphs', () => {
  const arabic = 'مجلس الوزراء منذ عام ٢٠٢٤ و 2024 وفق Cabinet Act رقم ١٢٣.';
  const english = 'Arabic with numbers: تقرير عام ٢٠٢٤ ونسبة 2024 من الوزارات.';

  it('read right to left where their first letter is a right-to-left one, their words left to the bidirectional algorithm', () => {
    const tree = structuredClone(chapter.tree);
    const assessment = firstAssessment(tree);
    assessment.children.push({ type: 'paragraph', children: [{ type: 'text', value: arabic }] }, { type: 'paragraph', children: [{ type: 'text', value: english }] });
    assessment.children.push({ type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'הממשלה מתאמת 2024.' }] }] }] });
    const root = fromHtml(renderer.render(present(tree, theme)).html);
    const paragraphs = all(root, 'p').filter((p) => [arabic, english].includes(textOf(p)));
    expect(paragraphs.map((p) => [textOf(p), p.properties['dir']])).toEqual([
      [arabic, 'rtl'],
      [english, undefined],
    ]);
    expect(all(root, 'li[dir="rtl"]').map(textOf)).toEqual(['הממשלה מתאמת 2024.']);
    // No element isolates a right-to-left phrase from the numbers and words around it.
    expect(all(root, 'span[dir]')).toEqual([]);
  });
});
