/**
 * A short-lived worker of the web fonts (web-fonts.ts): subsets each face it is sent to WOFF2 with
 * subset-font. HarfBuzz's WebAssembly memory grows by some 100 MB while it subsets the theme's faces
 * and is never given back; in a thread of its own, ended once its faces are made, it is, before the
 * chapters render, so that the build's process stays within its memory budget.
 */
import { parentPort, workerData } from 'node:worker_threads';
import subsetFont from 'subset-font';

const port = parentPort;
if (port === null) throw new Error('web-fonts-worker.js runs as a worker thread of the web fonts.');
const { text } = workerData as { readonly text: string };

port.on('message', (request: { readonly id: number; readonly source: Uint8Array }) => {
  subsetFont(Buffer.from(request.source), text, { targetFormat: 'woff2' }).then(
    (bytes) => port.postMessage({ id: request.id, bytes: new Uint8Array(bytes) }),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
