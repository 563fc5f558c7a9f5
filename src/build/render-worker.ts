/**
 * A worker of the render pool: makes the chapter renderer once from the setup it was started with
 * (fonts parsed, processors built) and then renders one chapter per message until it is closed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createChapterRenderer, type RenderSetup } from './render-chapter.js';
import type { ChapterRequest, ChapterReply } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('render-worker.js runs as a worker thread of the render pool.');
const renderer = createChapterRenderer(workerData as RenderSetup);

port.on('message', (request: ChapterRequest) => {
  renderer.renderChapter(request.tree).then(
    (result) => {
      const reply: ChapterReply = { id: request.id, result };
      port.postMessage(reply);
    },
    (error: unknown) => {
      const reply: ChapterReply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      port.postMessage(reply);
    },
  );
});
