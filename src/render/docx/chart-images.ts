/**
 * A document's charts as Word images: each chart's SVG and, for Word processors that draw no SVG,
 * its PNG, made before the document's (synchronous) walk so that the native memory of each PNG is
 * given back before the next is drawn.
 *
 * resvg keeps a drawn image's pixels (and the fonts it loaded) in native memory, which V8 neither
 * sees nor collects for, and frees it in a finalizer that runs on the event loop after the
 * collector has found the image's JavaScript object unreachable. Drawn one after another inside the
 * walk, the edition volume's 64 charts of 30 bars held some 150 MB until the document was done (a
 * quarter of the build's peak). Here `release` is told of each chart drawn; made by `releaseAfter`,
 * it collects the young generation and lets the event loop turn once the pixels drawn (by the
 * renderer, across its documents) since it last did pass `releaseAfterPixels`: some six
 * full-width charts. After every chart, it was 340 collections in the generated edition's build,
 * 8 ms each in a worker's heap (2.8 s of CPU), for chapters and reports of one to six charts.
 */
import type { Chart, DocumentModel } from '../../document/model.js';
import { descendants } from '../../document/walk.js';
import type { Theme } from '../../theme/theme.js';
import { chartSvg, svgMarkup, type SvgElement } from '../chart-svg.js';
import { createSizedStore } from '../sized-store.js';

/** A chart as the DOCX draws it: its SVG, its size in pixels at 96 dpi, and its PNG fallback. */
export interface ChartImage {
  readonly markup: string;
  readonly width: number;
  readonly height: number;
  readonly png: Uint8Array;
}

/** Draws an SVG (its markup, and the element it was written from) as a PNG `width` pixels wide. */
export type Rasterise = (svg: string, width: number, element: SvgElement) => Uint8Array;

/**
 * The PNGs already drawn by this renderer, by SVG and width: a country report's charts are its
 * chapters' score profiles, drawn again in every book that holds the chapter. Kept as
 * `createSizedStore` keeps a renderer's chapters (the least recently used let go past its size),
 * each key's characters counted with its PNG.
 */
export interface ChartPngCache {
  get(markup: string, width: number): Uint8Array | undefined;
  set(markup: string, width: number, png: Uint8Array): void;
}

export function createChartPngCache(maxBytes: number): ChartPngCache {
  const store = createSizedStore<{ readonly png: Uint8Array; readonly keyLength: number }>(maxBytes, (entry) => entry.png.byteLength + entry.keyLength * 2);
  const keyOf = (markup: string, width: number): string => `${String(width)}\n${markup}`;
  return {
    get: (markup, width) => store.get(keyOf(markup, width))?.png,
    set(markup, width, png) {
      const key = keyOf(markup, width);
      store.set(key, { png, keyLength: key.length });
    },
  };
}

export interface ChartImageOptions {
  readonly theme: Theme;
  /** The page's text width in twips: a chart is as wide as the text. */
  readonly textWidth: number;
  readonly rasterise: Rasterise;
  readonly cache: ChartPngCache;
  /** Told of each PNG drawn, with its pixels: lets the native memory of those drawn so far go when enough were (see above). */
  readonly release: (pixelsDrawn: number) => Promise<void>;
}

/** Some 10 MB of native memory (four bytes a pixel): six charts as wide as an A4 page's text and two-thirds as high. */
export const releaseAfterPixels = 2_500_000;

/** A `release` that calls `collect` once `limit` pixels were drawn since it last did. */
export function releaseAfter(limit: number, collect: () => Promise<void>): (pixelsDrawn: number) => Promise<void> {
  let held = 0;
  return async (pixelsDrawn) => {
    held += pixelsDrawn;
    if (held < limit) return;
    held = 0;
    await collect();
  };
}

/** Every chart of the document as an image, each PNG drawn (or found in the cache) before the next. */
export async function chartImages(document: DocumentModel, options: ChartImageOptions): Promise<ReadonlyMap<Chart, ChartImage>> {
  const images = new Map<Chart, ChartImage>();
  for (const node of descendants([document])) {
    if (node.kind !== 'chart' || images.has(node)) continue;
    const svg = chartSvg(node, options.theme);
    const markup = svgMarkup(svg);
    // Twips to pixels at 96 to the inch: the chart as wide as the text.
    const width = Math.round(options.textWidth / 15);
    const height = Math.round((width * Number(svg.attributes['height'])) / Number(svg.attributes['width']));
    const pngWidth = fallbackWidth(width, height);
    let png = options.cache.get(markup, pngWidth);
    if (!png) {
      png = options.rasterise(markup, pngWidth, svg);
      options.cache.set(markup, pngWidth, png);
      // resvg draws it `pngWidth` wide, as high as the chart's proportions make it.
      await options.release(pngWidth * Math.max(1, Math.round((pngWidth * height) / Math.max(1, width))));
    }
    images.set(node, { markup, width, height, png });
  }
  return images;
}

/**
 * The PNG fallback's width in pixels: the image's own size at 96 dpi, and at most `fallbackPixels`
 * in all. Word processors that draw the SVG never show it. At twice the size, a 500-question chapter
 * (its profile and the edition volume's 500 charts) took the build to 670 MB, past the 500 MB limit.
 */
function fallbackWidth(width: number, height: number): number {
  const scale = Math.min(1, Math.sqrt(fallbackPixels / Math.max(1, width * height)));
  return Math.max(1, Math.round(width * scale));
}

const fallbackPixels = 1_000_000;
