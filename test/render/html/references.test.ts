/** `::references`: one consolidated, de-duplicated reference list per chapter, in the style's order. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Root } from 'hast';
import { buildInto, changedSource, outputBeside, removeFolder } from '../../support/build.js';
import { all, one, readHtml, textOf } from '../../support/html.js';
import { readSeed, seedQuestions } from '../../support/seed.js';

let source: string;
let page: Root;

beforeAll(async () => {
  source = await changedSource({ 'chapters/japan/coordination.md': (text) => `${text.trimEnd()}\n\n::references\n` });
  const built = await buildInto(outputBeside(source), { sourceDir: source });
  expect(built.diagnostics).toEqual([]);
  page = await readHtml(path.join(outputBeside(source), 'html/japan/coordination.html'));
});
afterAll(() => removeFolder(source));

describe('the consolidated reference list', () => {
  it('lists each work once, although the chapter cites Zakowski 2021 three times', () => {
    const entries = all(one(page, 'section.references'), 'li').map(textOf);
    const seedLines = seedQuestions(readSeed()).flatMap((question) => question.citations);
    expect(seedLines.filter((line) => line.startsWith('Zakowski'))).toHaveLength(3);
    expect(entries).toHaveLength(15);
    expect(new Set(entries).size).toBe(15);
    expect(entries.filter((entry) => entry.startsWith('Zakowski'))).toHaveLength(1);
  });

  it('is sorted by the citation style: by author or, without one, by title', () => {
    const entries = all(one(page, 'section.references'), 'li').map(textOf);
    const sortKeys = entries.map((entry) => entry.replace(/^[“"]/, '').toLowerCase());
    expect(sortKeys).toEqual([...sortKeys].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('has its own h2 heading after the sub-categories', () => {
    expect(textOf(one(page, 'section.references h2'))).toBe('References');
    const sections = all(page, 'article > section').map((section) => String(section.properties['className']));
    expect(sections.at(-1)).toBe('references');
  });

  it('is the contents list’s last entry, linked to its heading', () => {
    const entries = all(page, 'nav.contents > ol > li > a');
    expect(entries.map(textOf).at(-1)).toBe('References');
    expect(entries.at(-1)?.properties['href']).toBe('#references');
    expect(textOf(one(page, '#references'))).toBe('References');
  });
});
