/**
 * A worker of the render pool, in a child process of its own: prepares the edition's shared parts
 * and makes the chapter renderer once from the setup it is sent first (codebook read, fonts parsed,
 * processors built), then compiles and renders one chapter per message until its parent lets go of
 * it. It writes nothing: its results go back over the IPC channel.
 */
import process from 'node:process';
import { createChapterRunner, prepareShared, type ChapterJob, type ChapterJobResult } from './chapter-job.js';
import type { ChapterReply, WorkerMessage } from './pool.js';
import { createChapterRenderer } from './render-chapter.js';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('render-worker.js runs as a child process of the render pool.');

let run: ((job: ChapterJob) => Promise<ChapterJobResult>) | undefined;

const reply = (message: ChapterReply): void => {
  // A parent that went away takes no reply; the 'disconnect' handler ends this process.
  if (process.connected) send(message);
};

process.on('message', (message: WorkerMessage) => {
  if (message.kind === 'stop') process.exit(0);
  if (message.kind === 'setup') {
    const { setup } = message;
    const prepared = prepareShared(setup.shared, { root: '', ...setup.render.templates, citationStyles: setup.shared.citationStyles });
    run = createChapterRunner(prepared, createChapterRenderer(setup.render));
    return;
  }
  const { id, job } = message;
  if (run === undefined) {
    reply({ id, error: 'the worker was sent a chapter before its setup', stack: undefined });
    return;
  }
  run(job).then(
    (result) => reply({ id, result }),
    (error: unknown) => reply({ id, error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }),
  );
});

// The parent stopped, ended or was killed: nothing is left to do for it.
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group: the parent finishes the build under way (`build --watch`,
// `preview`) and then stops its workers, so a worker does not end in the middle of its chapter.
process.on('SIGINT', () => undefined);
