/**
 * Previews for people: `npm run test:clients` leaves page 1 of each edition of the sample as a PNG in
 * out/preview/ (html-, pdf- and docx-japan-coordination.png, and the covers of the country report
 * and the edition volume in print and Word). Each is a whole PNG (every chunk's
 * checksum holds) of the page's size, with ink on it.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, projectRoot, removeFolder, temporaryFolder } from '../support/build.js';
import { inkShare, readPng, type PngImage } from '../support/png.js';
import { htmlWindow, previewResolution, renderPreviews, type Preview } from './previews.js';

const previewDir = path.join(projectRoot, 'out/preview');
const expected = [
  'docx-edition.png',
  'docx-japan-coordination.png',
  'docx-japan.png',
  'html-japan-coordination.png',
  'pdf-edition.png',
  'pdf-japan-coordination.png',
  'pdf-japan.png',
];
/** A4 in points, and in pixels at the previews' resolution. */
const a4 = { width: Math.round((595.28 / 72) * previewResolution), height: Math.round((841.89 / 72) * previewResolution) };

let folder: string;
let previews: Preview[];
const images = new Map<string, PngImage>();

beforeAll(async () => {
  folder = await temporaryFolder();
  const built = await buildInto(path.join(folder, 'out'), { formats: ['html', 'pdf', 'docx'] });
  expect(built.result.ok).toBe(true);
  // Previews of an earlier run go, so that only this build's pages are left.
  for (const name of expected) await rm(path.join(previewDir, name), { force: true });
  previews = await renderPreviews(path.join(folder, 'out'), previewDir);
  for (const preview of previews) images.set(path.basename(preview.png), readPng(new Uint8Array(await readFile(preview.png))));
}, 180_000);
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

describe('previews of page 1 of each edition', () => {
  it('leaves one PNG an edition in out/preview/', () => {
    expect(previews.map((preview) => path.relative(projectRoot, preview.png)).sort()).toEqual(expected.map((name) => path.join('out/preview', name)));
  });

  it.each(['pdf-japan-coordination.png', 'docx-japan-coordination.png', 'pdf-japan.png', 'docx-edition.png'])('%s is an A4 page at 80 dpi', (name) => {
    const image = images.get(name);
    expect(image).toBeDefined();
    expect(Math.abs((image?.width ?? 0) - a4.width)).toBeLessThanOrEqual(1);
    expect(Math.abs((image?.height ?? 0) - a4.height)).toBeLessThanOrEqual(1);
  });

  it('html-japan-coordination.png is the first screen of the A4-shaped window', () => {
    const image = images.get('html-japan-coordination.png');
    expect({ width: image?.width, height: image?.height }).toEqual(htmlWindow);
  });

  it.each(expected)('%s has text on it, not a blank page', (name) => {
    const image = images.get(name);
    if (!image) throw new Error(`no ${name}`);
    const share = inkShare(image);
    // The PDF's page 1 is a title page: a few lines of type, about 0.6 % of its pixels.
    expect(share).toBeGreaterThan(0.002);
    expect(share).toBeLessThan(0.5);
  });
});
