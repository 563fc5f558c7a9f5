/**
 * The DOCX renderer on trees changed by hand: every Markdown construct an assessment may hold has a
 * Word rendering, what it cannot draw is reported rather than dropped, and it stays fast.
 */
import type { BlockContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledChapter } from '../../../src/build/compile.js';
import { generator } from '../../../src/package-info.js';
import { createDocxRenderer } from '../../../src/render/docx/render.js';
import type { DocumentRenderer } from '../../../src/render/renderer.js';
import type { Assessment, ReportTree } from '../../../src/tree/types.js';
import { present } from '../../../src/present/present.js';
import type { Theme } from '../../../src/theme/theme.js';
import { compileSample } from '../../support/build.js';
import { child, find, findAll, openDocx, paragraphStyle, textOf, val, type Docx, type XmlElement } from '../../support/docx.js';

let chapter: CompiledChapter;
let renderer: DocumentRenderer;
let theme: Theme;

beforeAll(async () => {
  const compiled = await compileSample();
  const first = compiled.chapters[0];
  if (!first) throw new Error('no chapter');
  chapter = first;
  theme = compiled.templates.theme;
  renderer = createDocxRenderer({ theme, generator });
});

function firstAssessment(tree: ReportTree): Assessment {
  let found: Assessment | undefined;
  visit(tree, 'assessment', (node: Assessment) => {
    found ??= node;
  });
  if (!found) throw new Error('no assessment');
  return found;
}

/** The sample with `blocks` added to the first assessment. */
function withBlocks(...blocks: BlockContent[]): ReportTree {
  const tree = structuredClone(chapter.tree);
  firstAssessment(tree).children.push(...blocks);
  return tree;
}

const markdownBlocks: BlockContent[] = [
  {
    type: 'paragraph',
    children: [
      { type: 'text', value: 'Plain, ' },
      { type: 'strong', children: [{ type: 'text', value: 'strong' }] },
      { type: 'text', value: ', ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'emphasis' }] },
      { type: 'text', value: ', ' },
      { type: 'inlineCode', value: 'code()' },
      { type: 'break' },
      { type: 'link', url: 'mailto:editors@example.org', children: [{ type: 'text', value: 'write to us' }] },
    ],
  },
  { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'A quoted line.' }] }] },
  { type: 'code', value: 'first line\n  indented line' },
  {
    type: 'list',
    ordered: true,
    start: 3,
    spread: false,
    children: [
      { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'third' }] }] },
      {
        type: 'listItem',
        spread: false,
        children: [
          { type: 'paragraph', children: [{ type: 'text', value: 'fourth' }] },
          { type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'nested bullet' }] }] }] },
          { type: 'paragraph', children: [{ type: 'text', value: 'fourth, continued' }] },
        ],
      },
    ],
  },
  { type: 'thematicBreak' },
  { type: 'list', ordered: true, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a second list' }] }] }] },
];

async function render(tree: ReportTree): Promise<{ docx: Docx; problems: readonly unknown[] }> {
  const rendered = await renderer.render(present(tree, theme));
  return { docx: openDocx(rendered.bytes), problems: rendered.problems };
}

function paragraphContaining(docx: Docx, text: string): XmlElement {
  const found = find(docx.body, 'w:p').find((paragraph) => textOf(paragraph).includes(text));
  if (!found) throw new Error(`no paragraph with "${text}"`);
  return found;
}

const runWith = (paragraph: XmlElement, text: string) => find(paragraph, 'w:r').find((run) => textOf(run) === text);

describe('the DOCX renderer', () => {
  it('renders the sample without problems', async () => {
    expect((await renderer.render(present(chapter.tree, theme))).problems).toEqual([]);
  });

  it('draws emphasis, strong, inline code, line breaks and links', async () => {
    const { docx, problems } = await render(withBlocks(...markdownBlocks));
    expect(problems).toEqual([]);
    const paragraph = paragraphContaining(docx, 'Plain, ');
    expect(textOf(paragraph)).toBe('Plain, strong, emphasis, code()\nwrite to us');
    expect(paragraphStyle(paragraph)).toBe('BodyText');
    expect(child(child(runWith(paragraph, 'strong') as XmlElement, 'w:rPr') as XmlElement, 'w:b')).toBeDefined();
    expect(child(child(runWith(paragraph, 'emphasis') as XmlElement, 'w:rPr') as XmlElement, 'w:i')).toBeDefined();
    expect(val(runWith(paragraph, 'code()'), 'w:rPr', 'w:rStyle')).toBe('VerbatimChar');
    const link = find(paragraph, 'w:hyperlink')[0] as XmlElement;
    expect(docx.relationships('word/document.xml').get(link.attributes['r:id'] ?? '')?.target).toBe('mailto:editors@example.org');
    expect(val(find(link, 'w:r')[0], 'w:rPr', 'w:rStyle')).toBe('Hyperlink');
  });

  it('draws block quotes, code blocks and thematic breaks in their styles', async () => {
    const { docx } = await render(withBlocks(...markdownBlocks));
    expect(paragraphStyle(paragraphContaining(docx, 'A quoted line.'))).toBe('Quote');
    const code = paragraphContaining(docx, 'first line');
    expect(paragraphStyle(code)).toBe('SourceCode');
    expect(textOf(code)).toBe('first line\n  indented line');
    const rule = find(docx.body, 'w:p').filter((paragraph) => findAll(paragraph, 'w:pBdr').length > 0);
    expect(rule).toHaveLength(1);
  });

  it('numbers ordered lists from their start, nests lists, and starts each list again', async () => {
    const { docx } = await render(withBlocks(...markdownBlocks));
    const numbering = (text: string) => {
      const properties = child(child(paragraphContaining(docx, text), 'w:pPr') as XmlElement, 'w:numPr');
      return properties && { level: val(properties, 'w:ilvl'), list: val(properties, 'w:numId') };
    };
    const third = numbering('third');
    expect(third?.level).toBe('0');
    expect(numbering('fourth')).toEqual(third);
    expect(numbering('nested bullet')?.level).toBe('1');
    expect(numbering('nested bullet')?.list).not.toBe(third?.list);
    expect(numbering('fourth, continued')).toBeUndefined();
    expect(paragraphStyle(paragraphContaining(docx, 'fourth, continued'))).toBe('ListParagraph');
    expect(numbering('a second list')?.list).not.toBe(third?.list);

    const lists = docx.xml('word/numbering.xml');
    const concrete = find(lists, 'w:num').find((num) => num.attributes['w:numId'] === third?.list) as XmlElement;
    const abstract = find(lists, 'w:abstractNum').find((candidate) => candidate.attributes['w:abstractNumId'] === val(concrete, 'w:abstractNumId')) as XmlElement;
    const levelZero = find(abstract, 'w:lvl')[0] as XmlElement;
    expect([val(levelZero, 'w:numFmt'), val(levelZero, 'w:start'), val(levelZero, 'w:lvlText')]).toEqual(['decimal', '3', '%1.']);
  });

  it('gives the same bytes for the same tree, lists and links included, whichever renderer draws it', async () => {
    const tree = withBlocks(...markdownBlocks);
    const again = createDocxRenderer({ theme: (await compileSample()).templates.theme, generator });
    const first = await renderer.render(present(tree, theme));
    await again.render(present(chapter.tree, theme));
    const second = await again.render(present(tree, theme));
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it('reports a node it cannot draw instead of dropping it silently', async () => {
    const position = { start: { line: 7, column: 1 }, end: { line: 7, column: 12 } };
    const { problems } = await render(withBlocks({ type: 'heading', depth: 2, children: [{ type: 'text', value: 'A heading' }], position }, { type: 'html', value: '<b>raw</b>' }));
    expect(problems).toEqual([
      expect.objectContaining({ format: 'DOCX', nodeType: 'heading', position: expect.objectContaining({ start: { line: 7, column: 1 } }) }),
      expect.objectContaining({ format: 'DOCX', nodeType: 'html' }),
    ]);
  });

  it('keeps the text of a link Word could not follow, without the link, and says so', async () => {
    const { docx, problems } = await render(withBlocks({ type: 'paragraph', children: [{ type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', value: 'click' }] }] }));
    expect(problems).toEqual([expect.objectContaining({ nodeType: 'link', reason: expect.stringContaining('javascript:alert(1)') })]);
    expect(find(paragraphContaining(docx, 'click'), 'w:hyperlink')).toEqual([]);
    expect(docx.text('word/_rels/document.xml.rels')).not.toContain('javascript:');
  });

  it('reports a citation the transform did not format', async () => {
    const { problems } = await render(withBlocks({ type: 'paragraph', children: [{ type: 'citation', items: [{ key: 'iio2008' }], children: [] }] }));
    expect(problems).toEqual([expect.objectContaining({ nodeType: 'citation' })]);
  });
});
