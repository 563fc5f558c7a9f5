/**
 * A bounded pool that renders chapters on up to `size` worker threads, each started when there is
 * work for it and making its engines once. With one slot, or one chapter to render, the chapter
 * renders in this thread instead: a worker costs its own start (modules, fonts) and would only pay
 * off when it runs beside another. Results go back to whoever asked, so the caller keeps its own
 * order: what ends up in the files does not depend on which worker rendered a chapter or when.
 * The main thread stays free meanwhile to compile the next chapters.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../package-info.js';
import type { ReportTree } from '../tree/types.js';
import { createChapterRenderer, type ChapterRenderer, type ChapterResult, type RenderSetup } from './render-chapter.js';

export interface ChapterRequest {
  readonly id: number;
  readonly tree: ReportTree;
}

export type ChapterReply = { readonly id: number; readonly result: ChapterResult; readonly error?: undefined } | { readonly id: number; readonly error: string };

export interface RenderPool {
  /** The renderer in this thread: for html/index.html and anything else that needs no pool. */
  readonly local: ChapterRenderer;
  render(tree: ReportTree): Promise<ChapterResult>;
  /** Stops the workers. The pool renders nothing afterwards. */
  close(): Promise<void>;
}

/** The default pool size: one slot per core this process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * The compiled worker. Workers run JavaScript, so tests that run the TypeScript sources use the
 * compiled dist/ as the command does (`npm ci` compiles it through `prepare`).
 */
export const workerScript = path.join(packageRoot, 'dist/build/render-worker.js');

interface Slot {
  busy: boolean;
  readonly run: (tree: ReportTree) => Promise<ChapterResult>;
  readonly stop: () => Promise<void>;
}

interface Waiting {
  readonly tree: ReportTree;
  readonly resolve: (result: ChapterResult) => void;
  readonly reject: (error: unknown) => void;
}

/** `chapters`: how many chapters the pool will be given (at most), to decide whether workers pay. */
export function createRenderPool(setup: RenderSetup, options: { readonly size?: number; readonly chapters: number }): RenderPool {
  const size = Math.max(1, options.size ?? defaultJobs());
  const local = createChapterRenderer(setup);
  const inThisThread = size === 1 || options.chapters <= 1;
  const slots: Slot[] = inThisThread ? [{ busy: false, run: (tree) => local.renderChapter(tree), stop: () => Promise.resolve() }] : [];
  const queue: Waiting[] = [];
  let closed = false;

  const dispatch = (): void => {
    while (queue.length > 0) {
      let slot = slots.find((candidate) => !candidate.busy);
      if (!slot && !inThisThread && slots.length < size) {
        slot = startWorker(setup);
        slots.push(slot);
      }
      if (!slot) return;
      const job = queue.shift();
      if (!job) return;
      const chosen = slot;
      chosen.busy = true;
      chosen.run(job.tree).then(
        (result) => {
          chosen.busy = false;
          job.resolve(result);
          dispatch();
        },
        (error: unknown) => {
          chosen.busy = false;
          job.reject(error);
          dispatch();
        },
      );
    }
  };

  return {
    local,
    render(tree) {
      if (closed) return Promise.reject(new Error('The render pool is closed.'));
      return new Promise((resolve, reject) => {
        queue.push({ tree, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((slot) => slot.stop()));
    },
  };
}

function startWorker(setup: RenderSetup): Slot {
  const worker = new Worker(workerScript, { workerData: setup });
  const pending = new Map<number, { resolve: (result: ChapterResult) => void; reject: (error: unknown) => void }>();
  let next = 0;
  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: ChapterReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.error === undefined) waiting.resolve(reply.result);
    else waiting.reject(new Error(`A render worker failed: ${reply.error}`));
  });
  worker.on('error', (error) => {
    failAll(error);
  });
  worker.on('exit', (code) => {
    if (pending.size > 0) failAll(new Error(`A render worker stopped (exit code ${String(code)}) before it finished its chapter.`));
  });
  return {
    busy: false,
    run: (tree) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        const request: ChapterRequest = { id, tree };
        worker.postMessage(request);
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}
