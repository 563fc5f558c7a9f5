/**
 * `build --watch`: folders watched for changes (recursively), a burst of changes (an editor saving
 * a file writes it more than once) answered by one rebuild once it has settled, and a change during
 * a rebuild by one more rebuild after it. Ends when the signal aborts.
 *
 * The watching itself is chokidar's: Node's bare `fs.watch` follows an inode, so a file saved by
 * rename (vim, JetBrains editors, `sed -i` write a new file and rename it over the old one) was
 * seen once and never again. chokidar re-attaches to the new file and reports it as a change.
 */
import path from 'node:path';
import { watch } from 'chokidar';

/**
 * Milliseconds without a change before rebuilding: an editor's save (write, or write and rename)
 * comes as events within a few milliseconds of each other; 150 ms was a tenth of an edit's rebuild.
 */
export const settleMs = 40;

export interface WatchOptions {
  /** Changes inside these folders (the output, the cache) do not count. */
  readonly ignore: readonly string[];
  readonly signal: AbortSignal;
  /** Milliseconds without a change before rebuilding (`settleMs`). */
  readonly settle?: number;
  /** Called once the folders are being watched (a change before then may be missed). */
  readonly onReady?: () => void;
}

/** A folder could not be watched (missing, or the system's limit on watches reached). */
export class WatchError extends Error {}

export function watchFolders(folders: readonly string[], options: WatchOptions, rebuild: () => Promise<void>): Promise<void> {
  const { signal } = options;
  const settle = options.settle ?? settleMs;
  const ignored = options.ignore.map((folder) => path.resolve(folder));
  const isIgnored = (changed: string): boolean => ignored.some((folder) => changed === folder || changed.startsWith(folder + path.sep));
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
    const changed = (): void => {
      clearTimeout(timer);
      timer = setTimeout(run, settle);
    };
    const watcher = watch([...folders], { ignoreInitial: true, ignored: (candidate) => isIgnored(path.resolve(candidate)), persistent: true });
    let stopping = false;
    const stop = (then: () => void): void => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      // A rebuild under way finishes (its files are written whole, or not at all) before the end.
      void watcher
        .close()
        .then(() => running)
        .finally(then);
    };
    watcher.on('all', changed);
    watcher.on('ready', () => options.onReady?.());
    watcher.on('error', (error) => {
      stop(() => {
        reject(new WatchError(`cannot watch ${folders.join(' and ')}: ${error instanceof Error ? error.message : String(error)}`));
      });
    });
    signal.addEventListener(
      'abort',
      () => {
        stop(resolve);
      },
      { once: true },
    );
  });
}
