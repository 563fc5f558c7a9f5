/**
 * A worker of the render pool: prepares the edition's shared parts and makes the chapter renderer
 * once from the setup it was started with (codebook read, fonts parsed, processors built), then
 * compiles and renders one chapter per message until it is closed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createChapterRunner, prepareShared } from './chapter-job.js';
import type { ChapterRequest, ChapterReply, WorkerSetup } from './pool.js';
import { createChapterRenderer } from './render-chapter.js';

const port = parentPort;
if (port === null) throw new Error('render-worker.js runs as a worker thread of the render pool.');
const setup = workerData as WorkerSetup;
const { templates } = setup.render;
const prepared = prepareShared(setup.shared, { root: '', ...templates, citationStyles: setup.shared.citationStyles });
const run = createChapterRunner(prepared, createChapterRenderer(setup.render));

port.on('message', (request: ChapterRequest) => {
  run(request.job).then(
    (result) => {
      const reply: ChapterReply = { id: request.id, result };
      port.postMessage(reply);
    },
    (error: unknown) => {
      const reply: ChapterReply = { id: request.id, error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
      port.postMessage(reply);
    },
  );
});
