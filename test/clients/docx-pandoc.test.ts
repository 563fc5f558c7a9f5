/**
 * Pandoc reads the DOCX edition (`-f docx+styles -t json`) and finds the chapter's outline as Word
 * styles give it: the chapter title in the Title style, then Key Findings and each sub-category as
 * level-1 headings, each indicator at level 2 and each question's Citations at level 3, in the seed's
 * order; the contents list's links lead to those headings. scripts/install-clients installs pandoc.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../support/build.js';
import { requireProgram, runProgram } from '../support/clients.js';
import { readSeed } from '../support/seed.js';

interface Node {
  readonly t: string;
  readonly c?: unknown;
}
type Attributes = readonly [string, readonly string[], readonly (readonly [string, string])[]];

interface Heading {
  /** 0 for a paragraph in the Title style, otherwise the heading's level. */
  readonly level: number;
  readonly text: string;
  readonly id: string;
  readonly classes: readonly string[];
}

interface Reading {
  readonly headings: readonly Heading[];
  /** Targets of links inside the document (`#id`), in order. */
  readonly internalLinks: readonly string[];
}

/** The text of a list of pandoc inlines, as a reader sees it. */
function inlineText(inlines: readonly Node[]): string {
  return inlines
    .map((inline): string => {
      switch (inline.t) {
        case 'Str':
          return inline.c as string;
        case 'Space':
        case 'SoftBreak':
        case 'LineBreak':
          return ' ';
        case 'Emph':
        case 'Strong':
        case 'Underline':
        case 'Strikeout':
        case 'Superscript':
        case 'Subscript':
        case 'SmallCaps':
          return inlineText(inline.c as Node[]);
        case 'Span':
        case 'Link':
        case 'Quoted':
        case 'Cite':
          return inlineText((inline.c as [unknown, Node[]])[1]);
        case 'Code':
          return (inline.c as [unknown, string])[1];
        default:
          return '';
      }
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Headings (and Title-style paragraphs) and internal links of a pandoc document, in order. */
function readPandoc(json: string): Reading {
  const document = JSON.parse(json) as { blocks: Node[] };
  const headings: Heading[] = [];
  const internalLinks: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null || !('t' in value)) return;
    const node = value as Node;
    if (node.t === 'Header') {
      const [level, [id, classes], inlines] = node.c as [number, Attributes, Node[]];
      headings.push({ level, text: inlineText(inlines), id, classes });
    } else if (node.t === 'Div') {
      const [[id, classes, pairs], blocks] = node.c as [Attributes, Node[]];
      const style = pairs.find(([key]) => key === 'custom-style')?.[1];
      const first = blocks[0];
      if (style === 'Title' && first?.t === 'Para') headings.push({ level: 0, text: inlineText(first.c as Node[]), id, classes });
    } else if (node.t === 'Link') {
      const target = (node.c as [unknown, unknown, [string, string]])[2][0];
      if (target.startsWith('#')) internalLinks.push(target.slice(1));
    }
    walk(node.c);
  };
  walk(document.blocks);
  return { headings, internalLinks };
}

const seed = readSeed();
let folder: string;
let docxFiles: string[];
const readings = new Map<string, Reading>();

beforeAll(async () => {
  requireProgram('pandoc', 'pandoc');
  folder = await temporaryFolder();
  const built = await buildInto(path.join(folder, 'out'), { formats: ['docx'] });
  expect(built.result.ok).toBe(true);
  const docxDir = path.join(folder, 'out/docx');
  docxFiles = (await readdir(docxDir, { recursive: true })).filter((name) => name.endsWith('.docx')).sort();
  for (const name of docxFiles) {
    const run = await runProgram('pandoc', ['-f', 'docx+styles', '-t', 'json', path.join(docxDir, name)]);
    expect(run.stderr, `pandoc on ${name}`).toBe('');
    expect(run.code, `pandoc on ${name}`).toBe(0);
    readings.set(name, readPandoc(run.stdout));
  }
});
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

describe('the DOCX edition in pandoc', () => {
  it('reads every DOCX of the build, the seed chapter among them', () => {
    expect(docxFiles).toContain(path.join('japan', 'coordination.docx'));
    for (const name of docxFiles) {
      const reading = readings.get(name);
      expect(reading?.headings.filter((heading) => heading.level === 0), name).toHaveLength(1);
      expect(reading?.headings.filter((heading) => heading.level === 1).length, name).toBeGreaterThan(1);
    }
  });

  it("finds the seed's headings at their levels, in order", () => {
    const headings = readings.get(path.join('japan', 'coordination.docx'))?.headings ?? [];
    const outline = headings.filter((heading) => !heading.classes.includes('TOC-Heading')).map(({ level, text }) => ({ level, text }));
    expect(outline).toEqual([
      { level: 0, text: `${seed.country}: ${seed.category}` },
      { level: 1, text: 'Key Findings' },
      ...seed.subcategories.flatMap((subcategory) => [
        { level: 1, text: subcategory.title },
        ...subcategory.questions.flatMap((question) => [
          { level: 2, text: question.indicator },
          { level: 3, text: 'Citations' },
        ]),
      ]),
    ]);
    // The contents list's own heading: Word's TOC Heading style, which pandoc reads as a level-1 heading.
    const contents = headings.filter((heading) => heading.classes.includes('TOC-Heading'));
    expect(contents.map(({ level, text }) => ({ level, text }))).toEqual([{ level: 1, text: 'Contents' }]);
  });

  it("links the contents entries to the headings' anchors", () => {
    const reading = readings.get(path.join('japan', 'coordination.docx'));
    const ids = new Set(reading?.headings.map((heading) => heading.id));
    const links = reading?.internalLinks ?? [];
    const entries = 1 + seed.subcategories.reduce((sum, subcategory) => sum + 1 + subcategory.questions.length, 0);
    expect(links.length).toBeGreaterThanOrEqual(entries);
    expect(links.filter((target) => !ids.has(target))).toEqual([]);
  });
});
