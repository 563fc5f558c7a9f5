/**
 * The theme's fonts for the web edition: each face subset to the Latin scripts and the punctuation
 * the pages use, as WOFF2 (subset-font: HarfBuzz's subsetter, WOFF2 by Google's encoder, both in
 * WebAssembly; the same bytes every time). Characters outside the subset fall back to the reader's
 * fonts the theme names. Making them costs seconds, so each face is made once per process and, with
 * a cache folder, kept there by the digest of the font file and the subset (checked when read).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../package-info.js';
import { webFontFaces } from '../render/html/theme-css.js';
import type { WebFontFiles } from '../theme/load-templates.js';
import type { Theme } from '../theme/theme.js';
import type { BuildCache } from './cache.js';
import { sha256Of, sha256OfParts } from './digest.js';
import type { OutputFile } from './write.js';

/**
 * Basic Latin, Latin-1, Latin Extended-A and -B (Ș, ț), general punctuation (– — ‘ ’ “ ” …),
 * currency signs, letterlike symbols (™), arrows (↩ for a note's link back) and geometric shapes (▶
 * for the selected band).
 */
const subsetRanges: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2000, 0x206f],
  [0x20a0, 0x20bf],
  [0x2100, 0x2122],
  [0x2190, 0x21ff],
  [0x25a0, 0x25ff],
];
const subsetText = subsetRanges.map(([from, to]) => String.fromCodePoint(...Array.from({ length: to - from + 1 }, (_unused, index) => from + index))).join('');
/** Changes whenever what a face is made from changes: the subset, and the subsetter's version in the tool digest of the cache. */
const subsetKey = sha256OfParts('woff2', subsetText);

const made = new Map<string, Promise<{ readonly bytes: Uint8Array; readonly fromCache: boolean }>>();

/** The web edition's font files, and those made now that a successful build may keep in its cache. */
export interface WebFonts {
  readonly files: readonly OutputFile[];
  readonly made: readonly { readonly key: string; readonly bytes: Uint8Array }[];
}

/** Every face of the theme's fonts as a file of the web edition (from this process's or the cache's copy when there is one). */
export async function webFontFiles(theme: Theme, fonts: WebFontFiles, cache: BuildCache | undefined): Promise<WebFonts> {
  const faces = await Promise.all(
    webFontFaces(theme).map(async (face) => {
      const source = fonts[face.role][face.fontStyle];
      const key = sha256OfParts(subsetKey, sha256Of(source));
      let making = made.get(key);
      if (!making) {
        making = fromCacheOrMade(key, source, cache);
        made.set(key, making);
        // A failure is the build's to report, once; the next build tries again.
        making.catch(() => made.delete(key));
      }
      const { bytes, fromCache } = await making;
      return { file: { path: face.path, contents: bytes }, key, bytes, fromCache };
    }),
  );
  return { files: faces.map((face) => face.file), made: faces.filter((face) => !face.fromCache).map(({ key, bytes }) => ({ key, bytes })) };
}

async function fromCacheOrMade(key: string, source: Uint8Array, cache: BuildCache | undefined): Promise<{ readonly bytes: Uint8Array; readonly fromCache: boolean }> {
  const kept = await cache?.readMade(key);
  if (kept) return { bytes: kept, fromCache: true };
  return { bytes: await subsetInWorker(source), fromCache: false };
}

/** The compiled worker (workers run JavaScript, as the render pool's do). */
const fontsWorkerScript = path.join(packageRoot, 'dist/build/web-fonts-worker.js');

interface FontsWorker {
  readonly worker: Worker;
  readonly pending: Map<number, { readonly resolve: (bytes: Uint8Array) => void; readonly reject: (error: Error) => void }>;
}

/** The worker subsetting faces now, if any: ended as soon as it has nothing left to make. */
let fontsWorker: FontsWorker | undefined;
let nextRequest = 0;

/** A face subset to WOFF2 in a worker thread (web-fonts-worker.ts says why not in this one). */
function subsetInWorker(source: Uint8Array): Promise<Uint8Array> {
  const current = fontsWorker ?? startFontsWorker();
  const id = (nextRequest += 1);
  return new Promise((resolve, reject) => {
    current.pending.set(id, { resolve, reject });
    current.worker.postMessage({ id, source });
  });
}

function startFontsWorker(): FontsWorker {
  const current: FontsWorker = { worker: new Worker(fontsWorkerScript, { workerData: { text: subsetText } }), pending: new Map() };
  fontsWorker = current;
  const failAll = (error: Error): void => {
    if (fontsWorker === current) fontsWorker = undefined;
    for (const waiting of current.pending.values()) waiting.reject(error);
    current.pending.clear();
  };
  current.worker.on('message', (reply: { readonly id: number; readonly bytes?: Uint8Array; readonly error?: string }) => {
    const waiting = current.pending.get(reply.id);
    current.pending.delete(reply.id);
    if (reply.bytes) waiting?.resolve(new Uint8Array(reply.bytes));
    else waiting?.reject(new Error(reply.error ?? 'the web fonts’ worker sent nothing back'));
    if (current.pending.size === 0 && fontsWorker === current) {
      fontsWorker = undefined;
      void current.worker.terminate();
    }
  });
  current.worker.on('error', failAll);
  current.worker.on('exit', () => failAll(new Error('the web fonts’ worker ended before it had made every face')));
  return current;
}
