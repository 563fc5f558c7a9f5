/**
 * A chapter's job sends its tree back when asked, and a country report binds that tree as it is,
 * without compiling the chapter again (once per printed format, that was two thirds of a build's
 * compiling); a chapter without one (from the cache) is compiled from its source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createChapterRunner, reportTreeOf, sourceText, type ChapterJobResult, type SourceText } from '../../src/build/chapter-job.js';
import { createChapterRenderer } from '../../src/build/render-chapter.js';
import { compileSample } from '../support/build.js';

let run: ReturnType<typeof createChapterRunner>;
let chapter: SourceText;

beforeAll(async () => {
  const compiled = await compileSample();
  const first = compiled.chapters[0];
  if (!first) throw new Error('no chapter');
  chapter = sourceText(first.source);
  const { theme, layout, stylesheet, fonts, fallbackFonts, chartFontFiles } = compiled.templates;
  const renderer = createChapterRenderer({ templates: { theme, layout, stylesheet, ...(fonts ? { fonts } : {}), ...(fallbackFonts ? { fallbackFonts } : {}), ...(chartFontFiles ? { chartFontFiles } : {}) }, formats: ['docx'], verify: true, sourceDate: new Date('2026-01-01T00:00:00Z') });
  run = createChapterRunner(compiled.prepared, renderer);
});

function docxOf(result: ChapterJobResult): Uint8Array {
  const output = result.rendered?.outputs.find((file) => file.path.endsWith('.docx'));
  if (!output || typeof output.contents === 'string') throw new Error('no DOCX');
  return output.contents;
}

describe('a chapter job and the book that binds it', () => {
  it('sends the tree back only when asked', async () => {
    const kept = await run({ kind: 'source', chapter, forBooks: true });
    expect(kept.tree?.byteLength).toBeGreaterThan(1000);
    expect((await run({ kind: 'source', chapter })).tree).toBeUndefined();
  });

  it('binds the tree as it was sent, not the source compiled again', async () => {
    const tree = (await run({ kind: 'source', chapter, forBooks: true })).tree;
    if (!tree) throw new Error('no tree');
    const fromSource = await run({ kind: 'countryReport', chapters: [{ source: chapter }], formats: ['docx'] });
    const fromTree = await run({ kind: 'countryReport', chapters: [{ source: chapter, tree }], formats: ['docx'] });
    expect(fromTree.rendered?.disagreements).toEqual([]);
    expect(Buffer.from(docxOf(fromTree)).equals(Buffer.from(docxOf(fromSource)))).toBe(true);
    // A source that no longer compiles: with the tree the book is bound from the tree; without, not at all.
    const broken = { ...chapter, text: `---\ncountry: [\n---\n${chapter.text}` };
    expect(Buffer.from(docxOf(await run({ kind: 'countryReport', chapters: [{ source: broken, tree }], formats: ['docx'] }))).equals(Buffer.from(docxOf(fromSource)))).toBe(true);
    expect((await run({ kind: 'countryReport', chapters: [{ source: broken }], formats: ['docx'] })).rendered).toBeUndefined();
  });

  it('refuses bytes that are not a report tree', async () => {
    const { serialize } = await import('node:v8');
    const notATree = new Uint8Array(serialize({ type: 'root', children: [{ type: 'paragraph' }] }));
    await expect(run({ kind: 'countryReport', chapters: [{ source: chapter, tree: notATree }], formats: ['docx'] })).rejects.toThrow(/not a report tree/);
  });

  it('takes only bytes that are a report tree with each node once: no cycle, no shared subtree', async () => {
    const { serialize } = await import('node:v8');
    const tree = (await run({ kind: 'source', chapter, forBooks: true })).tree;
    if (!tree) throw new Error('no tree');
    expect(reportTreeOf(tree)?.children[0].type).toBe('report');
    const report = reportTreeOf(tree)?.children[0];
    if (!report) throw new Error('no report');
    // A node that holds itself, and one subtree met twice (V8's serialization keeps both).
    const cyclic: { type: string; children: unknown[] } = { type: 'paragraph', children: [] };
    cyclic.children.push(cyclic);
    const shared = { type: 'paragraph', children: [{ type: 'text', value: 'x' }] };
    for (const children of [[cyclic], [shared, shared]]) {
      expect(reportTreeOf(new Uint8Array(serialize({ type: 'root', children: [{ ...report, children }] })))).toBeUndefined();
    }
    // Not a report at the top, not V8's serialization at all.
    expect(reportTreeOf(new Uint8Array(serialize({ type: 'root', children: [{ type: 'report' }] })))).toBeUndefined();
    expect(reportTreeOf(new TextEncoder().encode('{"type":"root"}'))).toBeUndefined();
  });
});
