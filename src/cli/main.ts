/**
 * The `rubricpress` command line: argument parsing, diagnostics output and exit codes. The work
 * itself is `build/build.ts`.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { VFile } from 'vfile';
import { allFormats, defaultFormats, isFormat, type Format } from '../build/formats.js';
import type { BuildResult, BuildSession } from '../build/build.js';
import type { ReleaseContents } from '../build/release.js';
import { parseShard, type Shard } from '../build/shard.js';
import { FaultInjector, parseFaultPlan } from '../build/faults.js';
import { checkFolders, FolderError } from '../build/folders.js';
import { projectFileName, readProjectFile, type ProjectSettings } from '../project/project-file.js';
import { openOutputFolder, type OpenOutput } from '../build/open-output.js';
import { OutputError, writeOutputsAtomically } from '../build/write.js';
import { countDiagnostics } from '../diagnostics/report.js';
import { packageRoot, version } from '../package-info.js';
import { formatDiagnostics } from './format-diagnostics.js';
import { closest } from '../diagnostics/suggest.js';
import { createProgress, type ProgressMode } from './progress.js';
import { formatReport, isReportFormat, reportFormats, type ReportFormat } from './report-formats.js';
import { sourceRevisionOf } from './revision.js';
import { forTerminal } from './terminal.js';

export const ExitCode = { ok: 0, invalidSource: 1, usage: 2, internal: 3, output: 4, editionsDisagree: 5 } as const;

const help = `rubricpress ${version}: rubric-scored assessment reports, from one source to HTML, PDF and DOCX.

Usage:
  rubricpress build [source-folder] [options]   Check the source and write every edition
  rubricpress check [source-folder] [options]   Check the source only (fast; writes nothing)
  rubricpress verify [source-folder] [options]  Read the editions in --out back and compare them with the source
  rubricpress preview [source-folder] [options] Serve the edition on http://127.0.0.1:<port>/ and reload open pages on every save
  rubricpress release [source-folder] [options] Build every edition into --out/<edition>-<version>.zip with a manifest.json
  rubricpress release --shard i/n [source-folder] --out <folder>
                                                Build shard i of n only (for a CI matrix): its editions and a partial manifest.json
  rubricpress release --merge <shard-folder>... [--out <folder>]
                                                Combine the folders of all n shards into the same zip as one unsharded release
  rubricpress import <edited.docx> [source-folder] [--pending] [--dry-run] [--force]
                                                Bring the changes an editor made to a DOCX edition (in Word or
                                                LibreOffice) back into the chapters' Markdown (docs/round-trip.md)

The source folder defaults to ./source (see docs/source-format.md). A project file, rubricpress.yaml
in the working folder, may set source, templates, out, cache (or false), formats, strict, pdfa and
jobs; flags override it, and its folders must lie inside its own folder.

Options:
  -f, --format <list>    build, verify, release: editions, comma-separated: ${allFormats.join(', ')} (default: all)
                         check: how diagnostics are printed: ${reportFormats.join(', ')} (default: text;
                         json is JSON Lines, github makes annotations in GitHub Actions, sarif is SARIF 2.1.0)
      --pdfa             Write the PDF as PDF/A-2a for archives (default: PDF/UA-1)
      --no-verify        build: skip reading the editions back (the agreement check) before writing
      --book all         build: also bind every country's report into one volume (pdf/country-reports.pdf,
                         docx/country-reports.docx), made in this process without the workers' memory limit
  -j, --jobs <n>         build, release: chapters rendered at once in worker processes (default: the number of cores)
      --cache <folder>   build, preview: the incremental cache, where unchanged chapters are reused from (default: <out>/.cache)
      --no-cache         build, preview: compile and render every chapter, and leave the cache alone
  -p, --port <n>         preview: the port on 127.0.0.1 (default: 4173; 0 takes any free port)
  -w, --watch            build: build again whenever the source or the templates change, with the
                         engines kept loaded (an edited chapter is rebuilt in about a second)
  -o, --out <folder>     Where editions are written (default: ./out; for release: ./release)
      --shard <i/n>      release: chapters sorted by path, shard i (1-based) takes those at positions p with p % n = i - 1
      --merge            release: the arguments are shard folders to merge, not a source folder
      --templates <dir>  The templates folder (default: rubricpress's own templates/)
      --project <file>   The project file whose settings the flags override (default: ./rubricpress.yaml if there is one)
      --no-project       Read no project file
      --strict           Treat warnings as errors
      --json             check: the same as --format json
      --pending          import: apply nothing that is still a tracked change; list each with its author and place
      --dry-run          import: print the changes as a unified diff of the source files; write nothing
      --force            import: merge three ways when a chapter changed since the DOCX was built from it
  -q, --quiet            Print only problems, no progress or summary
  -h, --help             Show this help
  -v, --version          Show the version

Environment: SOURCE_DATE_EPOCH (seconds) sets the date written into the editions' metadata,
instead of the edition's date; CI=1 or --quiet turn the progress bar off. SOURCE_REVISION is the
release manifest's source revision when the source folder is not in a git repository.
RUBRICPRESS_FAULT (tests only) stops the commit at a step: e.g. commit:after-rename:3 kills the
process after the third rename (see src/build/faults.ts).

Releases: the zip is named after edition.yaml (its title's slug and its date as the version); its
entries are sorted and dated noon of the edition's date, so the same source gives the same bytes.

Exit codes: 0 success; 1 the source has errors (or warnings, with --strict); 2 wrong usage (also an
output or cache folder that is, holds or lies inside the source or templates folder); 3 an
unexpected internal failure; 4 the output folder could not be written or is in use by another
rubricpress (what was changed, if anything, is said); 5 an edition does not agree with the source
(a fault in rubricpress, reported with where and what differs).
`;

class UsageError extends Error {}

interface CliOptions {
  readonly command: 'build' | 'check' | 'verify' | 'release' | 'preview' | 'import';
  readonly sourceDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly formats: readonly Format[];
  readonly strict: boolean;
  readonly pdfArchive: boolean;
  readonly verify: boolean;
  /** `--book all`: every country's report bound into one volume as well. */
  readonly allReports?: boolean;
  /** --jobs; undefined: one per core. */
  readonly jobs?: number;
  /** The cache folder; undefined with --no-cache. */
  readonly cacheDir?: string;
  /** build --watch: build again whenever the source or the templates change. */
  readonly watch: boolean;
  /** check: how diagnostics are printed. */
  readonly report: ReportFormat;
  readonly quiet: boolean;
  /** release --shard i/n. */
  readonly shard?: Shard;
  /** release --merge: the shards' folders. */
  readonly merge?: readonly string[];
  /** import: the edited DOCX, and what to do with it. */
  readonly edited?: { readonly docx: string; readonly pending: boolean; readonly dryRun: boolean; readonly force: boolean };
  /** preview: the port on the loopback address. */
  readonly port: number;
  /** --project: the project file to read; undefined: ./rubricpress.yaml if there is one. */
  readonly projectFile?: string;
  /** --no-project: read no project file. */
  readonly noProject: boolean;
  /** The project file the settings above took values from, if any. */
  readonly project?: ProjectSettings;
  /** Where the output and cache folders were named, when not by flags (for the folder rules' advice). */
  readonly origins: { readonly out?: string; readonly cache?: string };
}

function reportFormatOf(value: string | undefined, json: boolean): ReportFormat {
  const name = value?.trim().toLowerCase() ?? (json ? 'json' : 'text');
  if (!isReportFormat(name)) {
    const suggestion = closest(name, reportFormats);
    throw new UsageError(`check --format takes ${reportFormats.join(', ')}, not "${value ?? ''}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} (The editions' formats go with build.)`);
  }
  if (json && name !== 'json') throw new UsageError(`--json is --format json: give one of the two`);
  return name;
}

function editionFormatsOf(value: string | undefined): Format[] {
  const formats: Format[] = [];
  for (const name of (value ?? defaultFormats.join(',')).split(',').map((part) => part.trim().toLowerCase()).filter(Boolean)) {
    if (!isFormat(name)) {
      const suggestion = closest(name, allFormats);
      throw new UsageError(`unknown format "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} The formats are ${allFormats.join(', ')}.`);
    }
    if (!formats.includes(name)) formats.push(name);
  }
  if (formats.length === 0) throw new UsageError('--format needs at least one format');
  return formats;
}

type ParsedCommand = { readonly kind: 'help' } | { readonly kind: 'version' } | { readonly kind: 'run'; readonly options: CliOptions };

const commandLineOptions = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  templates: { type: 'string' },
  strict: { type: 'boolean' },
  pdfa: { type: 'boolean' },
  project: { type: 'string' },
  'no-project': { type: 'boolean', default: false },
  'no-verify': { type: 'boolean', default: false },
  book: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  cache: { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  watch: { type: 'boolean', short: 'w', default: false },
  port: { type: 'string', short: 'p' },
  shard: { type: 'string' },
  merge: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  pending: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies ParseArgsConfig['options'];

const commands = ['build', 'check', 'verify', 'release', 'preview', 'import'] as const;

/** The preview's port when none is given (Vite's preview port: free on most machines). */
const defaultPreviewPort = 4173;

/** What parseArgs refused, in words, with the closest option when a name looks mistyped. */
function usageProblem(argv: readonly string[], error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return message;
  const known = Object.keys(commandLineOptions);
  for (const argument of argv) {
    if (argument === '--') break;
    const name = argument.startsWith('--') ? argument.slice(2).split('=')[0] : undefined;
    if (name === undefined || name === '' || known.includes(name)) continue;
    const suggestion = closest(name, known);
    return `unknown option "--${name}".${suggestion ? ` Did you mean "--${suggestion}"?` : ''}`;
  }
  return message;
}

/**
 * The command line, read with the project file's settings (if one was read) under the flags: a flag
 * given wins, then the project file, then the defaults.
 */
export function parseCommandLine(argv: readonly string[], project?: ProjectSettings): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: commandLineOptions,
    });
  } catch (error) {
    throw new UsageError(usageProblem(argv, error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...operands] = positionals;
  if (command === undefined) return { kind: 'help' };
  if (command !== 'build' && command !== 'check' && command !== 'verify' && command !== 'release' && command !== 'preview' && command !== 'import') {
    const suggestion = closest(command, commands);
    throw new UsageError(`unknown command "${command}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} The commands are ${commands.join(', ')}.`);
  }
  const builds = command === 'build' || command === 'release';
  if (values['no-verify'] && !builds) throw new UsageError('--no-verify goes with build or release');
  if (values.pdfa && !builds) throw new UsageError('--pdfa goes with build or release');
  if (values.book !== undefined && command !== 'build') throw new UsageError('--book goes with build');
  if (values.book !== undefined && values.book !== 'all') throw new UsageError(`--book takes "all" (every country's report in one volume), not "${values.book}"`);
  if ((values.shard !== undefined || values.merge) && command !== 'release') throw new UsageError(`--${values.merge ? 'merge' : 'shard'} goes with release`);
  if (values.shard !== undefined && values.merge) throw new UsageError('--shard builds one shard, --merge combines them: give one of the two');
  for (const flag of ['pending', 'dry-run', 'force'] as const) if (values[flag] && command !== 'import') throw new UsageError(`--${flag} goes with import`);
  if (command === 'import') {
    if (values.format !== undefined || values.out !== undefined) throw new UsageError(`--${values.format !== undefined ? 'format' : 'out'} does not go with import: it writes into the source folder`);
    const other = (['jobs', 'cache', 'no-cache', 'port', 'watch', 'json'] as const).find((name) => values[name] !== undefined && values[name] !== false);
    if (other !== undefined) throw new UsageError(`--${other} does not go with import`);
    const [docx, folder, ...more] = operands;
    if (docx === undefined) throw new UsageError('import needs the edited .docx file: rubricpress import edited.docx [source-folder]');
    if (more.length > 0) throw new UsageError(`unexpected argument "${more[0] ?? ''}"; give the .docx file and one source folder`);
    return {
      kind: 'run',
      options: {
        command,
        sourceDir: path.resolve(folder ?? project?.sourceDir ?? 'source'),
        outDir: path.resolve(project?.outDir ?? 'out'),
        templatesDir: path.resolve(values.templates ?? project?.templatesDir ?? path.join(packageRoot, 'templates')),
        formats: [...defaultFormats],
        strict: values.strict ?? project?.strict ?? false,
        pdfArchive: false,
        verify: true,
        watch: false,
        report: 'text',
        quiet: values.quiet,
        edited: { docx: path.resolve(docx), pending: values.pending, dryRun: values['dry-run'], force: values.force },
        port: defaultPreviewPort,
        ...(values.project === undefined ? {} : { projectFile: path.resolve(values.project) }),
        noProject: values['no-project'],
        ...(project ? { project } : {}),
        origins: {},
      },
    };
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, such as 2/4, not "${values.shard}"`);
  if (values.merge && operands.length === 0) throw new UsageError('--merge needs the folders of the shards');
  const [sourceDir, ...extra] = values.merge ? [] : operands;
  if (values.project !== undefined && values['no-project']) throw new UsageError('--project names the project file, --no-project reads none: give one of the two');
  // A release is written beside the editions, not into them: the project's out is not its folder.
  const projectOut = command === 'release' ? undefined : project?.outDir;
  const outDir = path.resolve(values.out ?? projectOut ?? (command === 'release' ? 'release' : 'out'));
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"; give one source folder`);
  if (values.json && command !== 'check') throw new UsageError('--json goes with check');
  if (values.jobs !== undefined && !builds) throw new UsageError('--jobs goes with build or release');
  if ((values.cache !== undefined || values['no-cache']) && command !== 'build' && command !== 'preview') throw new UsageError(`--${values['no-cache'] ? 'no-cache' : 'cache'} goes with build or preview`);
  if (values.port !== undefined && command !== 'preview') throw new UsageError('--port goes with preview');
  const port = values.port === undefined ? defaultPreviewPort : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port takes a whole number from 0 to 65535, not "${values.port ?? ''}"`);
  if (command === 'preview' && values.format !== undefined) throw new UsageError('preview builds the HTML, and a PDF or DOCX when a page asks for it: it takes no --format');
  if (values.watch && command !== 'build') throw new UsageError('--watch goes with build');
  if (values.cache !== undefined && values['no-cache']) throw new UsageError('--cache names the cache, --no-cache does without one: give one of the two');
  const jobs = values.jobs === undefined ? (builds ? project?.jobs : undefined) : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)) throw new UsageError(`--jobs takes a whole number from 1 to 256, not "${values.jobs ?? ''}"`);

  // check prints diagnostics only: its --format says how; the other commands' --format names editions.
  const report = command === 'check' ? reportFormatOf(values.format, values.json) : 'text';
  const formats = command === 'check' ? [...defaultFormats] : values.format === undefined && project?.formats ? [...project.formats] : editionFormatsOf(values.format);
  const cacheDir = values['no-cache'] ? undefined : values.cache !== undefined ? path.resolve(values.cache) : project?.cacheDir === false ? undefined : (project?.cacheDir ?? path.join(outDir, '.cache'));
  const projectName = project ? path.basename(project.file) : '';
  const origins = {
    ...(values.out === undefined && projectOut !== undefined ? { out: `out in ${projectName}` } : {}),
    ...(values.cache === undefined && typeof project?.cacheDir === 'string' ? { cache: `cache in ${projectName}` } : {}),
  };

  return {
    kind: 'run',
    options: {
      command,
      sourceDir: path.resolve(sourceDir ?? project?.sourceDir ?? 'source'),
      outDir,
      templatesDir: path.resolve(values.templates ?? project?.templatesDir ?? path.join(packageRoot, 'templates')),
      formats,
      strict: values.strict ?? project?.strict ?? false,
      pdfArchive: values.pdfa ?? (builds ? project?.pdfArchive : undefined) ?? false,
      verify: !values['no-verify'],
      allReports: values.book === 'all',
      ...(jobs === undefined ? {} : { jobs }),
      ...(cacheDir === undefined ? {} : { cacheDir }),
      watch: values.watch,
      report,
      quiet: values.quiet,
      ...(shard ? { shard } : {}),
      ...(values.merge ? { merge: operands.map((folder) => path.resolve(folder)) } : {}),
      port,
      ...(values.project === undefined ? {} : { projectFile: path.resolve(values.project) }),
      noProject: values['no-project'],
      ...(project ? { project } : {}),
      origins,
    },
  };
}

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Ends `build --watch` (the process edge aborts it on Ctrl-C). */
  readonly signal?: AbortSignal;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      say(io, `rubricpress: ${error.message}\nRun rubricpress --help for usage.`);
      return ExitCode.usage;
    }
    throw error;
  }
  if (command.kind === 'help') {
    io.stdout.write(help);
    return ExitCode.ok;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  // The project file's settings go under the flags: read it, then the command line again over it.
  const projectFile = command.options.noProject ? undefined : (command.options.projectFile ?? (await projectFileHere()));
  if (projectFile !== undefined) {
    const { file, settings } = await readProjectFile(projectFile);
    if (!settings) {
      if (command.options.report === 'text') io.stderr.write(formatDiagnostics([file], { color: io.stderr.isTTY === true && !io.env['NO_COLOR'] }));
      else io.stdout.write(formatReport(command.options.report, [file]));
      return ExitCode.usage;
    }
    command = parseCommandLine(argv, settings);
    if (command.kind !== 'run') return ExitCode.internal;
  }
  const options = command.options;
  let sourceDate: Date | undefined;
  let faults: FaultInjector;
  try {
    sourceDate = sourceDateFrom(io.env['SOURCE_DATE_EPOCH']);
    faults = new FaultInjector(parseFaultPlan(io.env['RUBRICPRESS_FAULT']));
  } catch (error) {
    say(io, `rubricpress: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.usage;
  }
  // Where the command reads and writes, checked before anything is read or written.
  if (options.edited) return importEdits(options, options.edited, io, faults);
  if (options.command !== 'check') {
    try {
      await checkFolders({
        ...(options.merge ? {} : { sourceDir: options.sourceDir, templatesDir: options.templatesDir }),
        outDir: options.outDir,
        ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
        origins: options.origins,
      });
    } catch (error) {
      if (!(error instanceof FolderError)) throw error;
      say(io, `rubricpress: ${error.message.replace(/\n/g, '\nrubricpress: ')}`);
      return ExitCode.usage;
    }
  }
  // A bar on a terminal; plain periodic lines under CI; nothing when asked to be quiet or when piped.
  const mode: ProgressMode = options.quiet || options.report !== 'text' ? 'off' : io.env['CI'] ? 'lines' : io.stderr.isTTY === true ? 'bar' : 'off';
  const progress = createProgress(io.stderr, mode);
  if (options.command === 'preview') return preview(options, io);
  if (!isBuildCheckOrVerify(options)) return release(options, io, progress, sourceDate, faults);
  if (!options.watch) return runOnce(options, io, progress, sourceDate, faults);
  // --watch: the engines (fonts, processors, citation engine) stay loaded between builds.
  const { createBuildSession, closeBuildSession } = await import('../build/build.js');
  const { watchFolders, WatchError } = await import('../preview/watch.js');
  const session = createBuildSession();
  await runOnce(options, io, progress, sourceDate, faults, session);
  const signal = io.signal ?? new AbortController().signal;
  // Said once the watcher has read the folders: a save before then would not be seen (under load, the first scan takes a while).
  const watching = (): void => {
    if (!options.quiet) say(io, `rubricpress: watching ${[options.sourceDir, options.templatesDir].map(shownPath).join(' and ')} for changes (Ctrl-C to stop).`);
  };
  try {
    await watchFolders([options.sourceDir, options.templatesDir], { ignore: [options.outDir, ...(options.cacheDir ? [options.cacheDir] : [])], signal, onReady: watching }, async () => {
      await runOnce(options, io, progress, sourceDate, faults, session);
    });
  } catch (error) {
    if (!(error instanceof WatchError)) throw error;
    say(io, `rubricpress: ${error.message}`);
    return ExitCode.usage;
  } finally {
    await closeBuildSession(session);
  }
  return ExitCode.ok;
}

/** ./rubricpress.yaml when the working folder has one (a file or a link: the reader judges it). */
async function projectFileHere(): Promise<string | undefined> {
  const candidate = path.resolve(projectFileName);
  const entry = await lstat(candidate).catch(() => undefined);
  return entry ? candidate : undefined;
}

type RunOptions = CliOptions & { readonly command: 'build' | 'check' | 'verify' };

function isBuildCheckOrVerify(options: CliOptions): options is RunOptions {
  return options.command !== 'release' && options.command !== 'preview' && options.command !== 'import';
}

/** `rubricpress preview`: serves until Ctrl-C; a build's diagnostics are printed as build prints them. */
async function preview(options: CliOptions, io: Io): Promise<number> {
  const [{ build, createBuildSession, closeBuildSession }, { runPreview }, { PreviewServerError }] = await Promise.all([import('../build/build.js'), import('../preview/preview.js'), import('../preview/server.js')]);
  const color = io.stderr.isTTY === true && !io.env['NO_COLOR'];
  const session = createBuildSession();
  try {
    await runPreview({
      sourceDir: options.sourceDir,
      outDir: options.outDir,
      templatesDir: options.templatesDir,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      strict: options.strict,
      port: options.port,
      signal: io.signal ?? new AbortController().signal,
      build,
      session,
      onListening: (url) => {
        say(io, `rubricpress: previewing ${shownPath(options.sourceDir)} at ${url} (Ctrl-C to stop).`);
      },
      onError: (error) => {
        failure(error, io);
      },
      onBuild: (result, formats, seconds) => {
        for (const notice of result.notices ?? []) say(io, `rubricpress: ${notice}`);
        sayKeptAside(io, options, result);
        const counts = countDiagnostics(result.files);
        if (counts.errors + counts.warnings > 0) io.stderr.write(formatDiagnostics(result.files, { color }));
        if (options.quiet) return;
        const what = formats.map((format) => format.toUpperCase()).join(', ');
        io.stderr.write(result.ok ? `rubricpress: built the ${what} of ${counted(result.chapters, 'chapter')} in ${seconds.toFixed(2)} s.\n` : `rubricpress: the ${what} build failed; the pages show the last good build and the diagnostics.\n`);
      },
    });
  } catch (error) {
    if (error instanceof PreviewServerError) {
      io.stderr.write(`rubricpress: ${error.message}\n`);
      return ExitCode.usage;
    }
    return failure(error, io);
  } finally {
    await closeBuildSession(session);
  }
  return ExitCode.ok;
}

/**
 * `rubricpress import`: an edited DOCX back into the source; its listing on stdout, problems and the
 * summary on stderr. A DOCX inside an output folder (one kept aside by a build) is read with that
 * folder's lock held, after a stopped commit there is finished, so that it is read whole; the folders
 * pass the same check as every command's. The DOCX is read as untrusted input (a regular file, at
 * most 64 MB); everything it says reaches the terminal escaped.
 */
async function importEdits(options: CliOptions, edited: NonNullable<CliOptions['edited']>, io: Io, faults: FaultInjector): Promise<number> {
  const shown = (target: string): string => path.relative(process.cwd(), target) || '.';
  let opened: OpenOutput | undefined;
  try {
    const { readEditedFile, outputFolderHolding } = await import('../roundtrip/read-file.js');
    const outDir = await outputFolderHolding(edited.docx);
    await checkFolders({ sourceDir: options.sourceDir, templatesDir: options.templatesDir, ...(outDir === undefined ? {} : { outDir }) });
    if (outDir !== undefined) {
      opened = await openOutputFolder(outDir, 'import', faults);
      for (const notice of opened.notices) say(io, `rubricpress: ${notice}`);
    }
    const read = await readEditedFile(edited.docx);
    await opened?.close();
    opened = undefined;
    if (!read.ok) {
      say(io, `rubricpress: cannot read ${shown(edited.docx)}: ${read.reason}. Give the .docx file an editor saved.`);
      return ExitCode.usage;
    }
    const { importDocx } = await import('../roundtrip/import.js');
    const { writeImported } = await import('../roundtrip/write.js');
    const result = await importDocx({ docx: read.bytes, docxPath: shown(edited.docx), sourceDir: options.sourceDir, templatesDir: options.templatesDir, pending: edited.pending, force: edited.force });
    const counts = countDiagnostics(result.files);
    if (counts.errors + counts.warnings > 0) io.stderr.write(formatDiagnostics(result.files, { color: io.stderr.isTTY === true && !io.env['NO_COLOR'] }));
    for (const note of [...result.trackedChanges.filter(() => edited.pending), ...result.comments]) io.stdout.write(`${forTerminal(`${note.file}:${String(note.line)}:${String(note.column)}: ${note.text}`)}\n`);
    if (!result.ok) {
      if (!options.quiet) say(io, 'rubricpress: nothing was imported.');
      return ExitCode.invalidSource;
    }
    if (edited.dryRun) {
      const { createTwoFilesPatch } = await import('diff');
      for (const file of result.changed) io.stdout.write(forTerminal(createTwoFilesPatch(`a/${file.relativePath}`, `b/${file.relativePath}`, file.before, file.after, '', '', { context: 3 })));
    } else {
      await writeImported(result.changed);
    }
    if (!options.quiet) {
      const tracked = result.trackedChanges.length;
      const trackedWords = tracked === 0 ? '' : edited.pending ? `; ${counted(tracked, 'tracked change')} left as ${tracked === 1 ? 'it is' : 'they are'} (listed above)` : `; ${counted(tracked, 'tracked change')} accepted`;
      const commentWords = result.comments.length === 0 ? '' : `; ${counted(result.comments.length, 'comment')} listed above`;
      const files = result.changed.map((file) => file.path).join(', ');
      const outcome = result.changed.length === 0 ? `no change: ${shown(edited.docx)} says what the source says` : edited.dryRun ? `would change ${files} (the diff above); nothing was written (--dry-run)` : `imported the edits of ${shown(edited.docx)} into ${files}`;
      say(io, `rubricpress: ${outcome}${trackedWords}${commentWords}.`);
    }
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof Error && error.name === 'ImportWriteError') {
      say(io, `rubricpress: ${error.message}`);
      return ExitCode.output;
    }
    return failure(error, io);
  } finally {
    await opened?.close();
  }
}

function shownPath(target: string): string {
  return path.relative(process.cwd(), target) || '.';
}

/** One run of build, check or verify, its diagnostics and summary printed; returns the exit code. */
async function runOnce(options: RunOptions, io: Io, progress: ReturnType<typeof createProgress>, sourceDate: Date | undefined, faults: FaultInjector, session?: BuildSession): Promise<number> {
  const started = performance.now();
  let result: BuildResult;
  try {
    // The pipeline loads only when there is work: --help and wrong usage answer at once.
    const { build, verifyBuilt } = await import('../build/build.js');
    const common = { sourceDir: options.sourceDir, outDir: options.outDir, templatesDir: options.templatesDir, formats: options.formats, strict: options.strict, onProgress: progress.update, faults };
    result =
      options.command === 'verify'
        ? await verifyBuilt(common)
        : await build({
            ...common,
            write: options.command === 'build',
            verify: options.verify,
            ...(options.allReports ? { allReports: true } : {}),
            ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
            ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
            pdfStandard: options.pdfArchive ? 'PDF/A-2a' : 'PDF/UA',
            ...(sourceDate ? { sourceDate } : {}),
            ...(session ? { session } : {}),
          });
  } catch (error) {
    progress.done();
    return failure(error, io);
  }
  progress.done();
  for (const notice of result.notices ?? []) say(io, `rubricpress: ${notice}`);

  if (options.report !== 'text') {
    io.stdout.write(formatReport(options.report, result.files));
  } else {
    const counts = countDiagnostics(result.files);
    if (counts.errors + counts.warnings > 0) {
      io.stderr.write(formatDiagnostics(result.files, { color: io.stderr.isTTY === true && !io.env['NO_COLOR'] }));
    }
    if (!options.quiet) {
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!result.ok) {
        const sourceErrors = result.files.some((file) => file.messages.some((message) => message.fatal === true && message.ruleId !== 'edition-disagrees'));
        const outcome = { build: 'nothing was written', check: 'the source has problems', verify: sourceErrors ? 'the source has problems; nothing was compared' : 'the editions in --out do not agree with the source' }[options.command];
        say(io, `rubricpress: ${outcome}${options.strict && counts.errors === 0 ? ' (--strict: warnings count as errors)' : ''}.`);
      } else if (options.command === 'build') {
        say(io, `rubricpress: wrote ${result.written.length} ${result.written.length === 1 ? 'file' : 'files'} for ${result.chapters} ${result.chapters === 1 ? 'chapter' : 'chapters'}${result.books ? ` and ${String(result.books)} country ${result.books === 1 ? 'report' : 'reports'}` : ''} to ${path.relative(process.cwd(), options.outDir) || '.'}${result.cached ? ` (${String(result.cached)} unchanged, from the cache)` : ''} in ${seconds} s.`);
      } else if (options.command === 'verify') {
        say(io, `rubricpress: the ${options.formats.map((format) => format.toUpperCase()).join(', ')} editions of ${result.chapters} ${result.chapters === 1 ? 'chapter' : 'chapters'} agree with the source (${seconds} s).`);
      } else {
        say(io, `rubricpress: ${result.chapters} ${result.chapters === 1 ? 'chapter' : 'chapters'} checked in ${seconds} s.`);
      }
    }
  }
  sayKeptAside(io, options, result);
  if (result.ok) return ExitCode.ok;
  return failedBuildCode(result.files);
}

/** SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/): whole seconds since 1970. */
export function sourceDateFrom(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${value}"`);
  const date = new Date(Number(value) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) throw new Error(`SOURCE_DATE_EPOCH ${value} lies beyond the year 9999`);
  return date;
}

/** `rubricpress release`: a whole release, one shard of it, or the merge of the shards. */
async function release(options: CliOptions, io: Io, progress: ReturnType<typeof createProgress>, sourceDate: Date | undefined, faults: FaultInjector): Promise<number> {
  const started = performance.now();
  const shown = (target: string): string => path.relative(process.cwd(), target) || '.';
  // The output folder (and each shard folder read) is held from the start, after finishing what a stopped release left there.
  const opened: OpenOutput[] = [];
  try {
    opened.push(await openOutputFolder(options.outDir, 'release', faults));
    for (const folder of options.merge ?? []) opened.push(await openOutputFolder(folder, 'release --merge', faults));
    for (const notice of opened.flatMap((folder) => folder.notices)) say(io, `rubricpress: ${notice}`);
    const { buildRelease, bundleName, mergeShards, shardFiles, zipRelease } = await import('../build/release.js');
    let contents: ReleaseContents;
    if (options.merge) {
      contents = await mergeShards(options.merge);
    } else {
      const built = await buildRelease({
        sourceDir: options.sourceDir,
        templatesDir: options.templatesDir,
        formats: options.formats,
        strict: options.strict,
        sourceRevision: sourceRevisionOf(options.sourceDir, io.env),
        verify: options.verify,
        ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
        pdfStandard: options.pdfArchive ? 'PDF/A-2a' : 'PDF/UA',
        onProgress: progress.update,
        ...(options.shard ? { shard: options.shard } : {}),
        ...(sourceDate ? { sourceDate } : {}),
      });
      progress.done();
      const counts = countDiagnostics(built.files);
      if (counts.errors + counts.warnings > 0) io.stderr.write(formatDiagnostics(built.files, { color: io.stderr.isTTY === true && !io.env['NO_COLOR'] }));
      if (!built.contents) {
        if (!options.quiet) say(io, `rubricpress: nothing was written${options.strict && counts.errors === 0 ? ' (--strict: warnings count as errors)' : ''}.`);
        return failedBuildCode(built.files);
      }
      contents = built.contents;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (options.shard) {
      await writeOutputsAtomically(options.outDir, shardFiles(contents), faults);
      if (!options.quiet) {
        const chapters = contents.manifest.shard?.chapters.length ?? 0;
        say(io, `rubricpress: wrote shard ${String(options.shard.index)}/${String(options.shard.count)} (${counted(contents.outputs.length, 'file')} for ${String(chapters)} of ${counted(contents.manifest.chapters, 'chapter')}) to ${shown(options.outDir)} in ${seconds} s.`);
      }
      return ExitCode.ok;
    }
    const [target] = await writeOutputsAtomically(options.outDir, [{ path: bundleName(contents.manifest), contents: zipRelease(contents) }], faults);
    if (!options.quiet) {
      say(io, `rubricpress: wrote ${shown(target ?? options.outDir)} (${counted(contents.outputs.length, 'file')} for ${counted(contents.manifest.chapters, 'chapter')}${options.merge ? `, merged from ${counted(options.merge.length, 'shard')}` : ''}) in ${seconds} s.`);
    }
    return ExitCode.ok;
  } catch (error) {
    progress.done();
    return failure(error, io);
  } finally {
    for (const folder of opened) await folder.close();
  }
}

/** A line for the user on stderr, with whatever came from the source or the file system escaped. */
function say(io: Io, text: string): void {
  io.stderr.write(`${forTerminal(text)}\n`);
}

/** Each output an editor had changed, kept aside by the build: where it is now, and how to import it. */
function sayKeptAside(io: Io, options: Pick<CliOptions, 'outDir' | 'sourceDir'>, result: Pick<BuildResult, 'keptAside'>): void {
  const shownOut = (relative: string): string => path.relative(process.cwd(), path.join(options.outDir, ...relative.split('/'))) || '.';
  for (const aside of result.keptAside ?? []) {
    const importHint = aside.path.endsWith('.docx') ? ` Bring its edits into the source with: rubricpress import ${shownOut(aside.keptAs)}${options.sourceDir === path.resolve('source') ? '' : ` ${path.relative(process.cwd(), options.sourceDir) || '.'}`}` : '';
    say(io, `rubricpress: ${shownOut(aside.path)} had been changed since rubricpress wrote it (saved over by an editor?); it is kept as ${shownOut(aside.keptAs)}.${importHint}`);
  }
}

/** "1 chapter", "2 chapters". */
function counted(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** The exit code of a build that failed: editions that disagree with a sound source are rubricpress's fault, not the author's. */
function failedBuildCode(files: readonly VFile[]): number {
  const disagree = files.some((file) => file.messages.some((message) => message.ruleId === 'edition-disagrees'));
  const sourceErrors = files.some((file) => file.messages.some((message) => message.fatal === true && message.ruleId !== 'edition-disagrees'));
  return disagree && !sourceErrors ? ExitCode.editionsDisagree : ExitCode.invalidSource;
}

/** What an exception means to the user: folders that must not be used (exit 2), an output folder that can't be written (exit 4), or a bug (exit 3). */
function failure(error: unknown, io: Io): number {
  if (error instanceof FolderError) {
    say(io, `rubricpress: ${error.message.replace(/\n/g, '\nrubricpress: ')}`);
    return ExitCode.usage;
  }
  if (error instanceof OutputError) {
    say(io, `rubricpress: ${error.message}`);
    return ExitCode.output;
  }
  say(io, `rubricpress: internal error: ${error instanceof Error ? error.message : String(error)}`);
  if (io.env['RUBRICPRESS_DEBUG'] && error instanceof Error) say(io, error.stack ?? '');
  say(io, 'This is a bug in rubricpress, not in your source. Set RUBRICPRESS_DEBUG=1 for details.');
  return ExitCode.internal;
}
