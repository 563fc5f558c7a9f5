/**
 * `build --watch`: folders watched for changes (recursively), a burst of changes (an editor saving
 * a file writes it more than once) answered by one rebuild once it has settled, and a change during
 * a rebuild by one more rebuild after it. Ends when the signal aborts.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  /** Changes inside these folders (the output, the cache) do not count. */
  readonly ignore: readonly string[];
  readonly signal: AbortSignal;
  /** Milliseconds without a change before rebuilding. */
  readonly settle?: number;
}

/** A folder could not be watched (missing, or the system's limit on watches reached). */
export class WatchError extends Error {}

export function watchFolders(folders: readonly string[], options: WatchOptions, rebuild: () => Promise<void>): Promise<void> {
  const { signal } = options;
  const settle = options.settle ?? 150;
  const ignored = options.ignore.map((folder) => path.resolve(folder) + path.sep);
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;

    const run = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = rebuild().finally(() => {
        running = undefined;
        if (again && !signal.aborted) {
          again = false;
          run();
        }
      });
    };
    const changed = (folder: string, name: string | null): void => {
      const changedPath = path.resolve(folder, name ?? '');
      if (ignored.some((prefix) => (changedPath + path.sep).startsWith(prefix))) return;
      clearTimeout(timer);
      timer = setTimeout(run, settle);
    };
    const watchers: FSWatcher[] = [];
    const stop = (then: () => void): void => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      // A rebuild under way finishes (its files are written whole, or not at all) before the end.
      void (running ?? Promise.resolve()).finally(then);
    };
    const fail = (folder: string, error: unknown): void => {
      stop(() => {
        reject(new WatchError(`cannot watch ${folder}: ${error instanceof Error ? error.message : String(error)}`));
      });
    };
    for (const folder of folders) {
      try {
        const watcher = watch(folder, { recursive: true, signal }, (_event, name) => {
          changed(folder, name);
        });
        watcher.on('error', (error) => {
          fail(folder, error);
        });
        watchers.push(watcher);
      } catch (error) {
        fail(folder, error);
        return;
      }
    }
    signal.addEventListener(
      'abort',
      () => {
        stop(resolve);
      },
      { once: true },
    );
  });
}
