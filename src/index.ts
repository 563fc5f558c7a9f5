/**
 * rubricpress as a library: the build, check and verify that the command line runs, with plain
 * options and plain results (diagnostics as data, never printed). Paths may be relative to the
 * working directory.
 *
 * ```ts
 * import { build, check } from 'rubricpress';
 *
 * const checked = await check({ source: 'source' });
 * for (const problem of checked.diagnostics) console.log(`${problem.file}:${problem.line}: ${problem.message}`);
 * const built = await build({ source: 'source', out: 'out', formats: ['html', 'pdf'] });
 * ```
 *
 * build and verify reject with an error named `FolderError` when the folders overlap (an output or
 * cache folder in the source or templates folder), and `OutputError` when the output folder cannot
 * be written or is in use by another rubricpress (docs/security.md).
 */
import path from 'node:path';
import { build as buildEdition, verifyBuilt, type BuildResult } from './build/build.js';
import { allFormats, type Format } from './build/formats.js';
import { diagnosticsAsJson, type JsonDiagnostic } from './diagnostics/json.js';
import { packageRoot, version } from './package-info.js';

export { allFormats, version };
export type { Format };

/** One problem found in the source or an edition: where, how serious, which rule, what to do. */
export type Diagnostic = JsonDiagnostic;

export interface CheckOptions {
  /** The source folder (edition.yaml, codebook.yaml, references.yaml, chapters/). Default: `source`. */
  readonly source?: string;
  /** The templates folder. Default: rubricpress's own `templates/`. */
  readonly templates?: string;
  /** Warnings count as errors. */
  readonly strict?: boolean;
}

export interface BuildOptions extends CheckOptions {
  /** Where the editions are written. Default: `out`. */
  readonly out?: string;
  /** The editions to build. Default: every one (`html`, `pdf`, `docx`). */
  readonly formats?: readonly Format[];
  /** Read every edition back and compare it with the source before writing. Default: true. */
  readonly verify?: boolean;
  /** The incremental cache's folder, or false for none. Default: `<out>/.cache`. */
  readonly cache?: string | false;
  /** Chapters rendered at once in worker processes. Default: one per core. */
  readonly jobs?: number;
  /** PDF/UA-1 (default) or PDF/A-2a for archives. */
  readonly pdfStandard?: 'PDF/UA' | 'PDF/A-2a';
  /** The date written into the editions' metadata instead of the edition's own. */
  readonly sourceDate?: Date;
}

export interface CheckResult {
  /** No errors (and, with `strict`, no warnings). */
  readonly ok: boolean;
  /** Every problem, in the order of the files and their positions. */
  readonly diagnostics: readonly Diagnostic[];
  readonly chapters: number;
  /**
   * What build and verify found in the output folder and did about it (a stale lock taken over, a
   * stopped build's files put in place), and, from verify, which edition the folder holds.
   */
  readonly notices: readonly string[];
}

export interface BuildResultSummary extends CheckResult {
  /** The files written, as absolute paths; none when the build failed. */
  readonly written: readonly string[];
  /** Chapters taken unchanged from the cache. */
  readonly cached: number;
  /**
   * Outputs an editor had changed, kept aside instead of replaced (paths in the output folder, with
   * `/`): bring a DOCX's edits into the source with `rubricpress import` (docs/round-trip.md).
   */
  readonly keptAside: readonly { readonly path: string; readonly keptAs: string }[];
}

function resolved(options: CheckOptions): { readonly sourceDir: string; readonly templatesDir: string; readonly strict: boolean } {
  return {
    sourceDir: path.resolve(options.source ?? 'source'),
    templatesDir: path.resolve(options.templates ?? path.join(packageRoot, 'templates')),
    strict: options.strict ?? false,
  };
}

function summary(result: BuildResult): BuildResultSummary {
  return { ok: result.ok, diagnostics: diagnosticsAsJson(result.files), chapters: result.chapters, notices: result.notices ?? [], written: result.written, cached: result.cached ?? 0, keptAside: result.keptAside ?? [] };
}

/** Validates the source and writes nothing. */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const { written: _written, cached: _cached, keptAside: _keptAside, ...result } = summary(await buildEdition({ ...resolved(options), outDir: path.resolve('out'), formats: allFormats, write: false }));
  return result;
}

/** Checks the source, renders the editions, checks that they agree with it, and writes them, all or nothing. */
export async function build(options: BuildOptions = {}): Promise<BuildResultSummary> {
  const outDir = path.resolve(options.out ?? 'out');
  const cache = options.cache ?? path.join(outDir, '.cache');
  return summary(
    await buildEdition({
      ...resolved(options),
      outDir,
      formats: options.formats ?? allFormats,
      write: true,
      verify: options.verify ?? true,
      ...(cache === false ? {} : { cacheDir: path.resolve(cache) }),
      ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
      ...(options.pdfStandard ? { pdfStandard: options.pdfStandard } : {}),
      ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}),
    }),
  );
}

/** Reads the editions already in `out` back and compares them with the source; writes nothing. */
export async function verify(options: Omit<BuildOptions, 'verify' | 'cache' | 'jobs' | 'pdfStandard' | 'sourceDate'> = {}): Promise<CheckResult> {
  const { written: _written, cached: _cached, keptAside: _keptAside, ...result } = summary(
    await verifyBuilt({ ...resolved(options), outDir: path.resolve(options.out ?? 'out'), formats: options.formats ?? allFormats }),
  );
  return result;
}
