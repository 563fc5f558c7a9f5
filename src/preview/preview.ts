/**
 * `rubricpress preview`: the edition built into the output folder and served on the loopback
 * address; every save of a source file or a template (by any editor, renames included) rebuilds the
 * HTML with the engines kept warm and reloads the open pages, or shows the build's diagnostics over
 * them. A PDF or DOCX is rebuilt when it is asked for, if the source changed since it was built.
 * Builds run one at a time, through the same `build()` as `rubricpress build` (cache, lock, atomic
 * commit included).
 */
import type { BuildOptions, BuildResult, BuildSession } from '../build/build.js';
import type { Format } from '../build/formats.js';
import { diagnosticsAsJson } from '../diagnostics/json.js';
import { startPreviewServer, type PreviewState } from './server.js';
import { watchFolders } from './watch.js';

export interface PreviewOptions {
  readonly sourceDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly cacheDir?: string;
  readonly strict: boolean;
  readonly port: number;
  readonly signal: AbortSignal;
  /** Milliseconds without a change before rebuilding (an editor's save can be several writes). */
  readonly settle?: number;
  /** The build, as `build/build.ts` gives it (passed in: the preview is started before the pipeline loads). */
  readonly build: (options: BuildOptions) => Promise<BuildResult>;
  readonly session: BuildSession;
  /** The server listens at `url`. */
  readonly onListening?: (url: string) => void;
  /** After each build: what it did, what it was for, how long it took. */
  readonly onBuild?: (result: BuildResult, formats: readonly Format[], seconds: number) => void;
  /**
   * A build that could not run (the output folder in use by another rubricpress, or not writable):
   * said here, and the pages keep the last good build; the preview goes on.
   */
  readonly onError?: (error: unknown) => void;
}

/** Runs until the signal aborts. */
export async function runPreview(options: PreviewOptions): Promise<void> {
  // The source's version: a change counts it up; each format remembers the version it was built from.
  let version = 0;
  const builtAt = new Map<Format, number>();
  let generation = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const buildFormats = (formats: readonly Format[]): Promise<BuildResult> => {
    const run = async (): Promise<BuildResult> => {
      const started = performance.now();
      const buildingVersion = version;
      let result: BuildResult;
      try {
        result = await options.build({
          sourceDir: options.sourceDir,
          outDir: options.outDir,
          templatesDir: options.templatesDir,
          formats,
          strict: options.strict,
          write: true,
          session: options.session,
          ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
        });
      } catch (error) {
        options.onError?.(error);
        result = { ok: false, files: [], written: [], chapters: 0 };
      }
      if (result.ok) {
        for (const format of formats) builtAt.set(format, buildingVersion);
        generation += 1;
      }
      const state: PreviewState = { generation, ok: result.ok, diagnostics: diagnosticsAsJson(result.files) };
      server.publish(state);
      options.onBuild?.(result, formats, (performance.now() - started) / 1000);
      return result;
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  // Serving starts at once (a taken port fails before any build); every request waits for the first build.
  let firstBuild: Promise<unknown> = Promise.resolve();
  const server = await startPreviewServer(
    {
      root: options.outDir,
      port: options.port,
      // A PDF or DOCX asked for is built first if the source changed since (or it was never built).
      async prepare(relative) {
        await firstBuild;
        const format = relative.startsWith('pdf/') ? 'pdf' : relative.startsWith('docx/') ? 'docx' : undefined;
        if (format !== undefined && builtAt.get(format) !== version) await buildFormats([format]);
      },
    },
    { generation, ok: true, diagnostics: [] },
  );
  firstBuild = buildFormats(['html']);
  options.onListening?.(server.url);
  try {
    await watchFolders([options.sourceDir, options.templatesDir], { ignore: [options.outDir, ...(options.cacheDir ? [options.cacheDir] : [])], signal: options.signal, ...(options.settle === undefined ? {} : { settle: options.settle }) }, async () => {
      version += 1;
      await buildFormats(['html']);
    });
  } finally {
    await queue;
    await server.close();
  }
}
