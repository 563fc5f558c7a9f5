/**
 * A document's charts are drawn before the DOCX walk, one at a time: once the pixels drawn pass a
 * limit, a release of native memory follows, and a chart drawn before (a country report's profiles,
 * drawn with its chapters) comes from the renderer's cache.
 */
import { describe, expect, it } from 'vitest';
import type { Chart, DocumentModel, Heading } from '../../../src/document/model.js';
import { descendants } from '../../../src/document/walk.js';
import { present } from '../../../src/present/present.js';
import { chartImages, ChartPngCache } from '../../../src/render/docx/chart-images.js';
import { compileSample } from '../../support/build.js';

async function sampleDocument(): Promise<{ document: DocumentModel; theme: Awaited<ReturnType<typeof compileSample>>['templates']['theme'] }> {
  const compiled = await compileSample();
  const first = compiled.chapters[0];
  if (!first) throw new Error('no chapter');
  return { document: present(first.tree, compiled.templates.theme), theme: compiled.templates.theme };
}

describe('chartImages', () => {
  it('draws each chart once, releases once the pixels drawn pass the limit, and takes a chart drawn before from the cache', async () => {
    const { document, theme } = await sampleDocument();
    const charts = descendants([document]).filter((node): node is Chart => node.kind === 'chart');
    expect(charts.length).toBeGreaterThan(0);
    const drawn: { svg: string; width: number }[] = [];
    let releases = 0;
    const options = {
      theme,
      textWidth: 9000,
      rasterise: (svg: string, width: number) => {
        drawn.push({ svg, width });
        return new TextEncoder().encode(`png ${String(drawn.length)}`);
      },
      cache: new ChartPngCache(1024 * 1024),
      release: () => {
        releases += 1;
        return Promise.resolve();
      },
      // Any chart passes it: a release after each.
      releaseAfterPixels: 1,
    };
    const first = await chartImages(document, options);
    expect(drawn).toHaveLength(charts.length);
    expect(releases).toBe(charts.length);
    for (const chart of charts) {
      const image = first.get(chart);
      expect(image?.markup).toMatch(/^<svg/);
      // 9000 twips at 96 dpi: 600 px wide, the PNG no wider.
      expect(image?.width).toBe(600);
      expect(drawn[0]?.width).toBeLessThanOrEqual(600);
    }
    const again = await chartImages(document, options);
    expect(drawn).toHaveLength(charts.length);
    expect(releases).toBe(charts.length);
    expect([...again.values()].map((image) => new TextDecoder().decode(image.png))).toEqual([...first.values()].map((image) => new TextDecoder().decode(image.png)));
  });

  it('releases only once the pixels drawn since the last release pass the limit', async () => {
    const { document, theme } = await sampleDocument();
    const chart = descendants([document]).find((node): node is Chart => node.kind === 'chart');
    if (!chart) throw new Error('no chart');
    // Seven charts of the same scores, each with another first label: seven drawings.
    const charts = Array.from({ length: 7 }, (unused, index): Chart => ({ ...chart, bars: chart.bars.map((bar, at) => (at === 0 ? { ...bar, label: `${bar.label} ${String(index)}` } : bar)) }));
    const heading: Heading = { kind: 'heading', role: 'chapter', children: [], text: 'Charts' };
    const many: DocumentModel = { ...document, front: [], chapters: [], parts: [{ kind: 'part', heading, runningHead: 'Charts', children: charts }] };
    const releasedAt: number[] = [];
    let drawings = 0;
    const imagesWith = (releaseAfterPixels: number) =>
      chartImages(many, {
        theme,
        textWidth: 9000,
        rasterise: (svg) => {
          drawings += 1;
          return new TextEncoder().encode(svg);
        },
        cache: new ChartPngCache(1024 * 1024),
        release: () => {
          releasedAt.push(drawings);
          return Promise.resolve();
        },
        releaseAfterPixels,
      });
    // The charts' size, drawn with a limit they never reach.
    const { width, height } = [...(await imagesWith(Number.MAX_SAFE_INTEGER)).values()][0] ?? { width: 0, height: 0 };
    expect(width).toBe(600);
    expect(releasedAt).toEqual([]);
    drawings = 0;
    // Three charts' pixels and a little less: a release after the third and the sixth.
    const images = await imagesWith(3 * width * height - 10);
    expect(images.size).toBe(7);
    expect(releasedAt).toEqual([3, 6]);
  });
});

describe('ChartPngCache', () => {
  it('keeps PNGs up to its size and lets the oldest go first', () => {
    const cache = new ChartPngCache(300);
    const png = (byte: number) => new Uint8Array(100).fill(byte);
    cache.set('<svg a/>', 10, png(1));
    cache.set('<svg b/>', 10, png(2));
    expect(cache.get('<svg a/>', 10)?.[0]).toBe(1);
    // Another width of the same SVG is another PNG.
    expect(cache.get('<svg a/>', 20)).toBeUndefined();
    cache.set('<svg c/>', 10, png(3));
    expect(cache.get('<svg a/>', 10)).toBeUndefined();
    expect(cache.get('<svg b/>', 10)?.[0]).toBe(2);
    expect(cache.get('<svg c/>', 10)?.[0]).toBe(3);
    // A PNG larger than the whole cache is not kept.
    cache.set('<svg d/>', 10, new Uint8Array(400));
    expect(cache.get('<svg d/>', 10)).toBeUndefined();
  });
});
