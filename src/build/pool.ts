/**
 * A bounded pool that compiles, renders and checks chapters on up to `size` worker processes, each
 * started when there is work for it and making its engines once. A single small chapter of a small
 * edition is done in this process instead, with its books: a worker costs its own start (modules,
 * fonts). Every other chapter renders
 * in a worker whose heap is capped, so that no process's memory grows with what a chapter holds: a
 * chapter too large for a worker is done again in one worker with a larger heap (the others stopped
 * first), and a chapter too large for that fails with `ChapterTooLargeError` (reported as
 * `chapter-too-large`), never in this process.
 * Workers are processes, not threads: threads share one process's memory, and two rendering
 * threads with heaps large enough not to spend a quarter of their time collecting garbage took the
 * build past 500 MB (see `workerHeapMb`).
 * Results go back to whoever asked, so the caller keeps its own order: what ends up in the files
 * does not depend on which worker did a chapter or when.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { Socket } from 'node:net';
import { packageRoot } from '../package-info.js';
import { countMarkup } from '../parse/limit-inline.js';
import { createChapterRunner, type ChapterJob, type ChapterJobResult, type SharedSources } from './chapter-job.js';
import type { PreparedEdition } from './compile.js';
import { createChapterRenderer, type ChapterRenderer, type RenderSetup } from './render-chapter.js';

/** What each worker starts with: how to render, and the shared source to compile chapters against. */
export interface WorkerSetup {
  readonly render: RenderSetup;
  readonly shared: SharedSources;
}

export interface ChapterRequest {
  readonly kind: 'chapter';
  readonly id: number;
  readonly job: ChapterJob;
}

/** What a worker is sent: its setup first, then one chapter request at a time, and at last to stop. */
export type WorkerMessage = { readonly kind: 'setup'; readonly setup: WorkerSetup } | ChapterRequest | { readonly kind: 'stop' };

export type ChapterReply =
  | { readonly id: number; readonly result: ChapterJobResult; readonly error?: undefined }
  | { readonly id: number; readonly error: string; readonly stack: string | undefined };

export interface RenderPool {
  /** The renderer in this thread: for html/index.html and anything else that needs no pool. */
  readonly local: ChapterRenderer;
  /** Queues the job behind those waiting, or (`next`) ahead of them all (so two placed next run in the reverse of their order). */
  run(job: ChapterJob, placement?: 'next'): Promise<ChapterJobResult>;
  /** Resolves once no more than `count` jobs wait for a worker (at once if none do): true, or false when the pool was closed first. */
  whenWaitingAtMost(count: number): Promise<boolean>;
  /**
   * Resolves once the jobs handed to workers so far have been written out to them. A country
   * report's job carries its chapters' trees (a megabyte), which leave this process only while its
   * event loop runs: long work begun before then kept a worker waiting for its job.
   */
  sent(): Promise<void>;
  /**
   * Resolves when every slot has work in hand and no more than one chapter per slot is waiting: a
   * caller that compiles faster than the pool renders waits here instead of holding every tree.
   */
  ready(): Promise<void>;
  /** Stops the workers. The pool renders nothing afterwards. */
  close(): Promise<void>;
}

/**
 * The most markup (`countMarkup`) a single chapter may hold to be done in this thread, whose heap is
 * not capped: some 40 times the sample's, a few tens of MB to render. A larger one goes to a worker.
 */
export const maxLocalMarkup = 10_000;

/** Whether a chapter's text is small enough to be rendered in this thread (see `maxLocalMarkup`). */
export function smallEnoughForThisThread(text: string): boolean {
  return countMarkup(text, maxLocalMarkup).passedAt === undefined;
}

/**
 * Bytes of a worker's reply to keep after the reply: their own copy. Node reads a reply's typed
 * arrays as views into the whole message (advanced serialization), so that a chapter's tree kept for
 * its books held the chapter's HTML, PDF and Word file with it: 0.6 MB a chapter, not the tree's
 * some 165 KB, and the main process of the generated edition's build some 100 MB more, up to 498 MB.
 * (A Node Buffer's `slice` is a view too: the copy is made as a Uint8Array's.)
 */
export function ownBytes(view: Uint8Array): Uint8Array {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : Uint8Array.prototype.slice.call(view);
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
  /** A worker with the heap of a worker alone (`largeWorkerHeapMb`): a chapter too large for it is not tried again. */
  readonly alone?: boolean;
  readonly run: (job: ChapterJob) => Promise<ChapterJobResult>;
  readonly stop: () => Promise<void>;
  /** Whether the worker keeps this process alive: not while it is kept idle between builds (`KeptWorkers`). */
  readonly hold?: (held: boolean) => void;
  /** Set when the worker is gone (it crashed or ran out of memory): it takes no more chapters. */
  dead: boolean;
  /** Resolves once every message sent to the worker so far has been written out (see `RenderPool.sent`). */
  readonly sent: () => Promise<void>;
}

/**
 * How many workers a session keeps between builds: an edit renders one chapter, then binds the
 * country report that holds it, one job per printed format. More would hold their memory for the
 * whole session and serve no edit.
 */
const keptWorkersAtMost = 2;

/**
 * Workers kept between the builds of one process (`build --watch`, `preview`), for the setup they
 * were started with: an edited chapter and the books that hold it then render on warm workers,
 * side by side, while this process makes the web edition. A kept worker does not keep this process
 * alive; when the process ends, its workers end with it.
 */
export class KeptWorkers {
  private kept: { readonly key: string; readonly slots: readonly Slot[] } | undefined;
  private closed = false;

  /** The live workers kept for `key` (the setup's digest); any kept for another setup are stopped. */
  take(key: string): Slot[] {
    const kept = this.kept;
    this.kept = undefined;
    if (!kept) return [];
    if (kept.key !== key) {
      void Promise.all(kept.slots.map((slot) => slot.stop()));
      return [];
    }
    const live = kept.slots.filter((slot) => !slot.dead);
    for (const slot of live) slot.hold?.(true);
    return live;
  }

  /**
   * Keeps at most `keptWorkersAtMost` of the workers for the next pool of this setup, and stops the
   * others, any kept before that are not among them, and all once the session is closed.
   */
  keep(key: string, slots: readonly Slot[]): Promise<void> {
    const keeping = this.closed ? [] : slots.filter((slot) => !slot.dead).slice(0, keptWorkersAtMost);
    const stopping = [...slots, ...(this.kept?.slots ?? [])].filter((slot) => !keeping.includes(slot));
    for (const slot of keeping) slot.hold?.(false);
    this.kept = keeping.length > 0 ? { key, slots: keeping } : undefined;
    return Promise.all([...new Set(stopping)].map((slot) => slot.stop())).then(() => undefined);
  }

  /** Stops the kept workers, and any given to it afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    const kept = this.kept;
    this.kept = undefined;
    await Promise.all((kept?.slots ?? []).map((slot) => slot.stop()));
  }
}

interface Waiting {
  readonly job: ChapterJob;
  readonly resolve: (result: ChapterJobResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A chapter that needs more memory than one worker may have, alone, or than the machine could give
 * it (the system stopped its worker): it cannot be rendered.
 */
export class ChapterTooLargeError extends Error {
  override readonly name = 'ChapterTooLargeError';

  constructor(
    message: string,
    /** Whether the system stopped the worker (SIGKILL) rather than the worker running out of its heap: the machine, not the chapter, may be what is short. */
    readonly stoppedBySystem = false,
  ) {
    super(message);
  }
}

/** How a worker process ended: out of its heap, stopped by the system (SIGKILL, as an out-of-memory killer stops a process), or otherwise (crashed, failed to start). */
type WorkerEnd = 'out of memory' | 'killed' | 'other';

/** A worker process that ended: its chapter was not done. */
class WorkerGone extends Error {
  constructor(
    message: string,
    readonly end: WorkerEnd,
  ) {
    super(message);
  }

  /** Whether one worker with the whole budget may yet do the job: it ran out of memory, or the machine did. */
  get outOfMemory(): boolean {
    return this.end !== 'other';
  }
}

/**
 * Each worker's old generation is capped: V8 otherwise lets a busy heap grow far beyond what it
 * holds (a worker's live data is 70–115 MB late in a build: fonts' parsed tables, shaping caches, the
 * chapter at hand). The cap and the young generation set how much of a worker's time goes to the
 * collector: with 128 MB and a 32 MB young generation (11 MB semi-spaces) the generated 30-country
 * edition spent a quarter of each worker's time there (1,430 scavenges of 7 ms, 170 mark-compacts)
 * and took 106 s; with 192 MB and 32 MB semi-spaces it took 72 s. With 192 MB, the books' work
 * since (some 115 MB live) had each worker mark its heap 60 times in a build (a fifth of its time in
 * the collector); builds of the generated edition with a cold cache, alternately (2026-12-04):
 * 192 MB 57.0, 57.7, 55.3 s (105, 105, 100 s of CPU); 256 MB 48.6, 49.4 s (87, 89); 288 MB 49.3,
 * 49.0, 47.9 s; 320 MB 47.7, 48.0 s. A worker's peak was 360–460 MB with any of them (the young
 * generation and the fonts outside the heap are most of the rest); 256 MB keeps the most margin
 * under 500 MB of those that gain it.
 */
export const workerHeapMb = 256;
/** Each worker's semi-space (its young generation is three of them): see `workerHeapMb`. */
const workerSemiSpaceMb = 32;
/**
 * Each worker collects on its own thread alone: the pool runs a worker per core, so V8's helper
 * threads for parallel scavenges and concurrent marking only took turns with the other worker.
 * Measured on the generated edition (no cache, two builds each, alternately, 2026-12-04): 104.7 and
 * 109.4 s of CPU (56.2 and 58.8 s) without, 99.6 and 98.2 s (55.9 and 52.9 s) with. (64 MB
 * semi-spaces instead of 32, tried the same way that day without the flag, took 174 s of CPU against
 * 121 s: the young generation no longer fits the caches the two workers share.)
 */
const workerGcFlags = ['--single-threaded-gc'] as const;
/**
 * The old generation of the one worker that takes a chapter too large for a shared worker, the others
 * stopped: the 500-question chapter of test/attacks/slow/limits.test.ts (the most a category may
 * have) needs it for its editions, and its process stays under 500 MB.
 */
export const largeWorkerHeapMb = 288;

export interface PoolOptions {
  /** The edition as this thread prepared it: chapters rendered here are compiled against it. */
  readonly prepared: PreparedEdition;
  readonly shared: SharedSources;
  readonly size?: number;
  /** How many chapters the pool will be given (at most), to decide whether workers pay. */
  readonly chapters: number;
  /**
   * How many books it may be given besides (country reports, the edition volume): they share the
   * workers' memory budget, though a single chapter's build binds them in this process.
   */
  readonly books?: number;
  /** The cap on each worker's old generation, in MB (default: `workerHeapMb`, or `largeWorkerHeapMb` for a worker alone). */
  readonly workerHeapMb?: number;
  /** The cap on the old generation of the worker a chapter too large for the others gets (default: `largeWorkerHeapMb`). */
  readonly largeWorkerHeapMb?: number;
  /**
   * Whether a single chapter may be done in this thread (default: yes): the caller says no for a
   * chapter large enough that its render should have a capped heap.
   */
  readonly localChapter?: boolean;
  /** A renderer for this thread kept from an earlier build (`build --watch`); else one is made. */
  readonly local?: ChapterRenderer;
  /** The workers' script (default: `workerScript`; tests give one that fails). */
  readonly workerScript?: string;
  /**
   * Workers kept between builds, for this setup (its digest): the pool starts with them and gives
   * them back when it is closed. Every chapter then goes to a worker, a single one too.
   */
  readonly kept?: { readonly workers: KeptWorkers; readonly key: string };
}

export function createRenderPool(setup: RenderSetup, options: PoolOptions): RenderPool {
  const size = Math.max(1, options.size ?? defaultJobs());
  const local = options.local ?? createChapterRenderer(setup);
  const inThisThread = options.kept === undefined && options.chapters <= 1 && options.localChapter !== false;
  const runLocally = createChapterRunner(options.prepared, local);
  const slots: Slot[] = options.kept?.workers.take(options.kept.key) ?? [];
  // This thread as a slot: for a single chapter, and once workers have run out of memory.
  let localSlot: Slot | undefined;
  const thisThread = (): Slot => {
    if (!localSlot) {
      localSlot = { busy: false, dead: false, run: runLocally, stop: () => Promise.resolve(), sent: () => Promise.resolve() };
      slots.push(localSlot);
    }
    return localSlot;
  };
  if (inThisThread) thisThread();
  const workerSetup: WorkerSetup = { render: setup, shared: options.shared };
  const queue: Waiting[] = [];
  let closed = false;
  let closing: Promise<void> | undefined;
  let waiters: (() => void)[] = [];
  /** Those waiting for the queue to shorten to their count (`whenWaitingAtMost`). */
  let shorterWaiters: { readonly count: number; readonly wake: (open: boolean) => void }[] = [];
  const wakeWaiters = (): void => {
    const stillWaiting = shorterWaiters.filter((waiter) => queue.length > waiter.count);
    for (const waiter of shorterWaiters) if (!stillWaiting.includes(waiter)) waiter.wake(true);
    shorterWaiters = stillWaiting;
    if (queue.length >= size) return;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };

  // After a worker ran out of memory: its chapter (and every one after it) goes to one worker with
  // the whole budget, started once the shared workers are done and stopped.
  let outOfMemory = false;
  const retries: Waiting[] = [];
  let large: Slot | undefined;
  let stopping: Promise<void> | undefined;
  let stopped = false;
  const largeWorker = (): Slot | undefined => {
    if (large && !large.dead) return large;
    if (stopping) return undefined;
    const others = slots.filter((candidate) => candidate !== localSlot);
    if (others.some((candidate) => candidate.busy)) return undefined;
    if (!stopped) {
      // Their memory first (the one that ran out of it too): the large worker starts when they are gone.
      stopped = true;
      for (const candidate of others) candidate.dead = true;
      const gone = (): void => {
        stopping = undefined;
        dispatch();
      };
      // A worker that fails to stop is gone all the same: the queue goes on.
      stopping = Promise.all(others.map((candidate) => candidate.stop())).then(gone, gone);
      return undefined;
    }
    large = startWorker(options.workerScript ?? workerScript, workerSetup, { oldMb: options.largeWorkerHeapMb ?? largeWorkerHeapMb, semiSpaceMb: workerSemiSpaceMb }, true);
    slots.push(large);
    return large;
  };
  const dispatch = (): void => {
    if (closed) {
      for (const waiting of [...retries.splice(0), ...queue.splice(0)]) waiting.reject(new Error('The render pool is closed.'));
      return;
    }
    while (retries.length > 0 || queue.length > 0) {
      let slot: Slot | undefined;
      if (outOfMemory && !inThisThread) {
        slot = largeWorker();
        if (slot?.busy === true) slot = undefined;
      } else {
        slot = slots.find((candidate) => !candidate.busy && !candidate.dead);
        if (!slot && !inThisThread && slots.filter((candidate) => !candidate.dead).length < size) {
          // A single chapter's worker is the large one from the start (not one to keep for the next builds).
          const workers = Math.max(1, Math.min(size, options.chapters + (options.books ?? 0)));
          const alone = options.kept === undefined && workers === 1 && options.workerHeapMb === undefined;
          slot = startWorker(
            options.workerScript ?? workerScript,
            workerSetup,
            { oldMb: options.workerHeapMb ?? (alone ? (options.largeWorkerHeapMb ?? largeWorkerHeapMb) : workerHeapMb), semiSpaceMb: workerSemiSpaceMb },
            alone,
          );
          slots.push(slot);
        }
      }
      if (!slot) return;
      const job = retries.shift() ?? queue.shift();
      if (!job) return;
      const chosen = slot;
      chosen.busy = true;
      wakeWaiters();
      chosen.run(job.job).then(
        (result) => {
          chosen.busy = false;
          job.resolve(result);
          dispatch();
        },
        (error: unknown) => {
          chosen.busy = false;
          if (error instanceof WorkerGone) chosen.dead = true;
          if (error instanceof WorkerGone && error.outOfMemory && !closed) {
            if (chosen.alone === true) {
              // Too large for a worker alone: not tried again, and never in this thread.
              const budget = `${String(options.largeWorkerHeapMb ?? largeWorkerHeapMb)} MB a chapter may use`;
              job.reject(error.end === 'killed' ? new ChapterTooLargeError(`the system stopped its worker (SIGKILL), as it stops a process when memory runs out: the machine could not give it the ${budget}`, true) : new ChapterTooLargeError(`rendering it needs more than the ${budget}`));
            } else {
              outOfMemory = true;
              retries.push(job);
            }
          } else {
            job.reject(error);
          }
          dispatch();
        },
      );
    }
  };
  return {
    local,
    run(job, placement) {
      if (closed) return Promise.reject(new Error('The render pool is closed.'));
      return new Promise((resolve, reject) => {
        if (placement === 'next') queue.unshift({ job, resolve, reject });
        else queue.push({ job, resolve, reject });
        dispatch();
      });
    },
    ready() {
      if (queue.length < size || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async sent() {
      await Promise.all(slots.map((slot) => slot.sent()));
    },
    whenWaitingAtMost(count) {
      if (closed) return Promise.resolve(false);
      if (queue.length <= count) return Promise.resolve(true);
      return new Promise((resolve) => shorterWaiters.push({ count, wake: resolve }));
    },
    close() {
      // Once: a second close (a build's `finally`) must not take back workers kept since for another pool.
      closing ??= (async () => {
        closed = true;
        for (const wake of waiters.splice(0)) wake();
        for (const waiter of shorterWaiters.splice(0)) waiter.wake(false);
        for (const waiting of queue.splice(0)) waiting.reject(new Error('The render pool is closed.'));
        // The shared workers, idle and alive, are kept for the next build (`KeptWorkers.keep` stops
        // those beyond what it keeps); any other is stopped.
        const candidates = options.kept === undefined ? [] : slots.filter((slot) => slot !== localSlot && !slot.busy && !slot.dead && slot.alone !== true);
        await Promise.all([options.kept?.workers.keep(options.kept.key, candidates), ...slots.filter((slot) => !candidates.includes(slot)).map((slot) => slot.stop())]);
      })();
      return closing;
    },
  };
}

/**
 * The least old-generation heap a worker is started with (tests starve workers with it): a worker
 * below it cannot load its modules, and fails as if a chapter had run it out of memory.
 */
const leastWorkerHeapMb = 8;

/** How long a worker let go of may take to end before it is killed. */
const stopGraceMs = 2000;

/** A line of V8's or Node's own as a process gives up: "FATAL ERROR: …" (Node's handlers), "# Fatal error in …", "# Fatal javascript OOM in …" (V8's). */
const fatalLine = /^(?:FATAL ERROR:|# Fatal )/;

/** Such a line's words when memory ran out: "Reached heap limit Allocation failed - JavaScript heap out of memory", "process out of memory", "OOM". */
const outOfMemoryWords = /out of memory|heap limit|Allocation failed|\bOOM\b/i;

/** The longest unfinished line kept while its end has not come (its start tells whether it is a fatal line). */
const longestLine = 4096;

/**
 * A worker's stderr, read line by line as it comes, for V8's or Node's fatal lines only: whether the
 * worker ran out of memory, and the first such line (shown with how the worker stopped). The
 * worker's own messages (a library's warning, an uncaught error quoting a chapter) neither count
 * nor are shown. Read as it comes, not from what is left at the end: V8's message comes before a
 * native stack trace of any length (CI once saw an 8 MB worker's "heap out of memory" pushed out
 * of a 4 KB tail, and the chapter's `chapter-too-large` reported as a crash).
 */
export class FatalLines {
  private unfinished = '';
  private found: string | undefined;
  private ranOut = false;

  /** The first fatal line, at most 200 characters, without a full stop at its end. */
  get first(): string | undefined {
    return this.found;
  }

  get outOfMemory(): boolean {
    return this.ranOut;
  }

  /** Text as it came (a chunk may end inside a line). */
  push(text: string): void {
    const lines = (this.unfinished + text).split('\n');
    this.unfinished = (lines.pop() ?? '').slice(0, longestLine);
    for (const line of lines) this.read(line);
  }

  /** The stream ended: its last line, if it had no line feed. */
  end(): void {
    this.read(this.unfinished);
    this.unfinished = '';
  }

  private read(line: string): void {
    if (!fatalLine.test(line)) return;
    this.found ??= line.trim().slice(0, 200).replace(/\.$/, '');
    if (outOfMemoryWords.test(line)) this.ranOut = true;
  }
}

/**
 * The flags this process was started with that a worker takes too: not its heap sizes (a worker
 * has its own) nor a debugger's port (two processes cannot listen on one).
 */
function inheritedFlags(): string[] {
  const flags: string[] = [];
  for (let index = 0; index < process.execArgv.length; index += 1) {
    const flag = process.execArgv[index] ?? '';
    // Code given on the command line (`node -e`) is this process's, not a worker's: it and its text go.
    if (/^(-e|-p|--eval|--print)$/.test(flag)) {
      index += 1;
      continue;
    }
    if (/^--(max-old-space-size|max-semi-space-size|inspect|eval=|print=)/.test(flag)) continue;
    flags.push(flag);
  }
  return flags;
}

function startWorker(script: string, setup: WorkerSetup, heap: { readonly oldMb: number; readonly semiSpaceMb: number }, alone = false): Slot {
  const worker = fork(script, [], {
    serialization: 'advanced',
    execArgv: [...inheritedFlags(), `--max-old-space-size=${String(Math.max(leastWorkerHeapMb, heap.oldMb))}`, `--max-semi-space-size=${String(heap.semiSpaceMb)}`, ...workerGcFlags],
    // Its stderr only to tell running out of memory from other ends: V8's report is not for users.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const fatal = new FatalLines();
  // As text: a character split between two chunks is joined, not garbled.
  worker.stderr?.setEncoding('utf8');
  worker.stderr?.on('data', (chunk: string) => fatal.push(chunk));
  const pending = new Map<number, { resolve: (result: ChapterJobResult) => void; reject: (error: unknown) => void }>();
  let next = 0;
  let gone: WorkerGone | undefined;
  /** Set once this process asks the worker to stop: a SIGKILL after that is its own. */
  let stopping = false;
  // Set once the slot is made: a worker that ends while idle (kept between builds) takes no more jobs.
  let markDead = (): void => undefined;
  // Messages not yet written out, and those waiting for them to be.
  let unsent = 0;
  const sentWaiters: (() => void)[] = [];
  const end = (error: WorkerGone): void => {
    gone ??= error;
    markDead();
    for (const wake of sentWaiters.splice(0)) wake();
    for (const { reject } of pending.values()) reject(gone);
    pending.clear();
  };
  const written = (): void => {
    unsent -= 1;
    if (unsent === 0) for (const wake of sentWaiters.splice(0)) wake();
  };
  const send = (message: WorkerMessage): void => {
    unsent += 1;
    try {
      worker.send(message, (error) => {
        written();
        if (error) end(new WorkerGone(`A render worker stopped: ${error.message}`, 'other'));
      });
    } catch (error) {
      // Not sent at all (a value that cannot be copied): the callback never comes.
      written();
      throw error;
    }
  };
  worker.on('message', (reply: ChapterReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.error === undefined) waiting.resolve(reply.result);
    else {
      // The message for everyone; the worker's stack for RUBRICPRESS_DEBUG.
      const failure = new Error(`A render worker failed: ${reply.error}`);
      if (reply.stack !== undefined) failure.stack = reply.stack;
      waiting.reject(failure);
    }
  });
  worker.on('error', (error) => {
    end(new WorkerGone(`A render worker stopped: ${error.message}`, 'other'));
  });
  // 'close', not 'exit': its stderr is read to the end by then.
  worker.on('close', (code, signal) => {
    fatal.end();
    const how = signal ?? `exit code ${String(code)}`;
    // A SIGKILL this process did not send comes from the system: its out-of-memory killer ends a process so.
    const ending: WorkerEnd = fatal.outOfMemory ? 'out of memory' : signal === 'SIGKILL' && !stopping ? 'killed' : 'other';
    end(new WorkerGone(ending === 'out of memory' ? 'A render worker ran out of memory.' : `A render worker stopped (${how})${fatal.first === undefined ? '' : `: ${fatal.first}`}.`, ending));
  });
  send({ kind: 'setup', setup });
  const closed = new Promise<void>((resolve) => worker.once('close', () => resolve()));
  const slot: Slot = {
    busy: false,
    alone,
    dead: false,
    hold: (held) => {
      // The process handle, the IPC channel and the stderr pipe each keep the event loop alive.
      const handles = [worker, worker.channel, worker.stderr instanceof Socket ? worker.stderr : undefined];
      for (const handle of handles) {
        if (held) handle?.ref();
        else handle?.unref();
      }
    },
    run: (job) =>
      new Promise((resolve, reject) => {
        if (gone) {
          reject(gone);
          return;
        }
        const id = next++;
        pending.set(id, { resolve, reject });
        try {
          send({ kind: 'chapter', id, job });
        } catch (error) {
          pending.delete(id);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    sent: () => (unsent === 0 || gone ? Promise.resolve() : new Promise<void>((resolve) => sentWaiters.push(resolve))),
    stop: async () => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      // Asked to end itself (a profiler started with it then writes its profile), and killed if it
      // does not: let go of from this side (disconnect), its 'close' never came (Node 20).
      if (worker.connected) send({ kind: 'stop' });
      stopping = true;
      const killer = setTimeout(() => worker.kill('SIGKILL'), stopGraceMs);
      await closed;
      clearTimeout(killer);
    },
  };
  markDead = () => {
    slot.dead = true;
  };
  if (gone) slot.dead = true;
  return slot;
}
