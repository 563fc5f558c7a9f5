/**
 * A document's charts are drawn before the DOCX walk, one at a time: each drawing is told to the
 * release of native memory (which collects once the pixels drawn pass a limit), and a chart drawn
 * before (a country report's profiles, drawn with its chapters) comes from the renderer's cache.
 */
import { describe, expect, it } from 'vitest';
import type { Chart, DocumentModel } from '../../../src/document/model.js';
import { descendants } from '../../../src/document/walk.js';
import { present } from '../../../src/present/present.js';
import { chartImages, createChartPngCache, releaseAfter } from '../../../src/render/docx/chart-images.js';
import { compileSample } from '../../support/build.js';

async function sampleDocument(): Promise<{ document: DocumentModel; theme: Awaited<ReturnType<typeof compileSample>>['templates']['theme'] }> {
  const compiled = await compileSample();
  const first = compiled.chapters[0];
  if (!first) throw new Error('no chapter');
  return { document: present(first.tree, compiled.templates.theme), theme: compiled.templates.theme };
}

describe('chartImages', () => {
  it('draws each chart once, tells the release of each drawing and its pixels, and takes a chart drawn before from the cache', async () => {
    const { document, theme } = await sampleDocument();
    const charts = descendants([document]).filter((node): node is Chart => node.kind === 'chart');
    expect(charts.length).toBeGreaterThan(0);
    const drawn: { svg: string; width: number }[] = [];
    let releases = 0;
    const released: number[] = [];
    const options = {
      theme,
      textWidth: 9000,
      rasterise: (svg: string, width: number) => {
        drawn.push({ svg, width });
        return new TextEncoder().encode(`png ${String(drawn.length)}`);
      },
      cache: createChartPngCache(1024 * 1024),
      release: (pixels: number) => {
        releases += 1;
        released.push(pixels);
        return Promise.resolve();
      },
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
    // Each drawing's pixels: as wide as drawn, as high as the chart's proportions make it.
    const [firstImage] = first.values();
    expect(released[0]).toBe((drawn[0]?.width ?? 0) * Math.round(((drawn[0]?.width ?? 0) * (firstImage?.height ?? 0)) / (firstImage?.width ?? 1)));
    const again = await chartImages(document, options);
    expect(drawn).toHaveLength(charts.length);
    expect(releases).toBe(charts.length);
    expect([...again.values()].map((image) => new TextDecoder().decode(image.png))).toEqual([...first.values()].map((image) => new TextDecoder().decode(image.png)));
  });
});

describe('releaseAfter', () => {
  it('collects once the pixels drawn since it last did pass the limit, across documents', async () => {
    let told = 0;
    const collectedAt: number[] = [];
    const release = releaseAfter(1000, () => {
      collectedAt.push(told);
      return Promise.resolve();
    });
    // Seven drawings of 400 pixels (one document after another, as a renderer is told of them): a collection after the third and the sixth.
    for (let drawing = 0; drawing < 7; drawing += 1) {
      told += 1;
      await release(400);
    }
    expect(collectedAt).toEqual([3, 6]);
    // One drawing past the limit on its own: collected at once.
    told += 1;
    await release(5000);
    expect(collectedAt).toEqual([3, 6, 8]);
  });
});

describe('createChartPngCache', () => {
  it('keeps PNGs up to its size and lets the least recently used go first', () => {
    const cache = createChartPngCache(300);
    const png = (byte: number) => new Uint8Array(100).fill(byte);
    cache.set('<svg a/>', 10, png(1));
    cache.set('<svg b/>', 10, png(2));
    // Asked for, the first is now the most recently used.
    expect(cache.get('<svg a/>', 10)?.[0]).toBe(1);
    // Another width of the same SVG is another PNG.
    expect(cache.get('<svg a/>', 20)).toBeUndefined();
    cache.set('<svg c/>', 10, png(3));
    expect(cache.get('<svg b/>', 10)).toBeUndefined();
    expect(cache.get('<svg a/>', 10)?.[0]).toBe(1);
    expect(cache.get('<svg c/>', 10)?.[0]).toBe(3);
    // A PNG larger than the whole cache is not kept.
    cache.set('<svg d/>', 10, new Uint8Array(400));
    expect(cache.get('<svg d/>', 10)).toBeUndefined();
  });
});
