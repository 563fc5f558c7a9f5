/**
 * `build --watch`: folders watched for changes (recursively), a burst of changes (an editor saving
 * a file writes it more than once) answered by one rebuild once it has settled, and a change during
 * a rebuild by one more rebuild after it. Ends when the signal aborts.
 */
import { watch } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  /** Changes inside these folders (the output, the cache) do not count. */
  readonly ignore: readonly string[];
  readonly signal: AbortSignal;
  /** Milliseconds without a change before rebuilding. */
  readonly settle?: number;
}

export function watchFolders(folders: readonly string[], options: WatchOptions, rebuild: () => Promise<void>): Promise<void> {
  const { signal } = options;
  const settle = options.settle ?? 150;
  const ignored = options.ignore.map((folder) => path.resolve(folder) + path.sep);
  return new Promise((resolve) => {
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
    const watchers = folders.map((folder) => watch(folder, { recursive: true, signal }, (_event, name) => {
      changed(folder, name);
    }));
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        for (const watcher of watchers) watcher.close();
        // A rebuild under way finishes (its files are written whole, or not at all) before the end.
        void (running ?? Promise.resolve()).finally(resolve);
      },
      { once: true },
    );
  });
}
