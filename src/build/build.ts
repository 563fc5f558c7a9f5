/**
 * A whole build, from folders to files: read the source and templates, compile, render each
 * requested format in memory, and write everything atomically — or nothing, if anything failed.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { report, hasBlockingDiagnostics } from '../diagnostics/report.js';
import { replayMessages } from '../diagnostics/transfer.js';
import { packageRoot } from '../package-info.js';
import { FontSet } from '../render/pdf/fonts.js';
import type { PdfSubset } from '../render/pdf/pdfkit.js';
import type { ChapterResults, EditionVolumeSource, Report, ReportTree } from '../tree/types.js';
import { editionInfo, editionPublicationOf, reportAddresses } from '../transform/publication.js';
import type { Edition } from '../source/edition.js';
import type { Codebook } from '../source/codebook.js';
import type { TextUnit } from '../verify/expected.js';
import type { Disagreement } from '../verify/compare.js';
import type { SiteChartReading } from '../verify/verify.js';
import { isReadable, readSourceFolder, type SourceFile, type SourceFolder } from '../source/load.js';
import { loadTemplates, type Templates } from '../theme/load-templates.js';
import { countryBooks } from '../present/book.js';
import { dataFiles, dataPaths, type DataFile } from '../data/scores.js';
// The data files' check is light (csv-parse): loaded with the build, unlike the editions' readers.
import { chapterScores as chapterScoresOf, verifyScoresData, type ChapterScores } from '../verify/data.js';
import { chapterNavigations, presentSite, searchEntries, type SearchEntry, type SiteFormats } from '../present/site.js';
import type { ChapterNavigation } from '../document/site.js';
import type { Theme } from '../theme/theme.js';
import { chapterHeader, sameHeader } from './chapter-header.js';
import { SearchIndexParts } from './search-index.js';
import { siteFiles } from './site.js';
import { webFontFiles } from './web-fonts.js';
import { CheckedFiles, openCache, templatesDigest, toolDigest, type BuildCache, type CachedBytes, type CachedChapter, type StoredDrawnChapter, type StoredFile, type WrittenFile } from './cache.js';
import type { DrawnChapterFile, HeldChapterFile } from './drawn-files.js';
import { drawnRecordOf } from '../render/pdf/bound.js';
import { settingsKey, sha256Of, sha256OfParts } from './digest.js';
import { countryReportPublication, createChapterRunner, reportHeader, reportTreeOf, resultsOf, sharedSources, sourceText, type BookChapter, type BookJob, type ChapterJob, type ChapterJobResult } from './chapter-job.js';
import { checkEdition, compiledCopy, finishEdition, prepareEdition, type CheckedChapter, type CheckedEdition, type PreparedEdition } from './compile.js';
import { findEditedOutputs, type KeptAside } from './edited-outputs.js';
import type { Format } from './formats.js';
import { fileReadsAtOnce, mapInParallel } from './in-parallel.js';
import { mapInTurns } from './turns.js';
import { ChapterTooLargeError, createRenderPool, KeptWorkers, ownBytes, smallEnoughForThisThread, type RenderPool } from './pool.js';
import { lacksGlyph, reportUncoveredCharacters, themeCoverage } from './glyph-coverage.js';
import { bookPath, createChapterRenderer, editionPath, type ChapterRenderer, type ChapterResult, type RenderSettings, type RenderSetup } from './render-chapter.js';
import { readEditionManifest, type EditionFile } from './commit.js';
import { noFaults, type FaultInjector } from './faults.js';
import { checkFolders } from './folders.js';
import { openOutputFolder, type OpenOutput } from './open-output.js';
import { outputPath } from './out-folder.js';
import { readOutput, Staging, OutputError, type OutputFile } from './write.js';

export { editionPath } from './render-chapter.js';

/** The folder of rubricpress's own code (dist/, or src/ under the tests): part of the cache key. */
const codeRoot = fileURLToPath(new URL('../', import.meta.url));

export interface ProgressEvent {
  readonly phase: 'read' | 'check' | 'render' | 'verify' | 'write';
  readonly done: number;
  readonly total: number;
  readonly item?: string;
}

export interface BuildOptions {
  readonly sourceDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly formats: readonly Format[];
  readonly strict: boolean;
  /** False for `check`: validate only. */
  readonly write: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** PDF/UA-1 (default), or PDF/A-2a for archives. */
  readonly pdfStandard?: PdfSubset;
  /** The date written into the editions' metadata instead of the edition's (SOURCE_DATE_EPOCH). */
  readonly sourceDate?: Date;
  /** `--book all`: every country's report bound into one volume too (in this thread: no worker's memory limit). */
  readonly allReports?: boolean;
  /** Read every edition back and compare it with the source before writing (default: true). */
  readonly verify?: boolean;
  /** The incremental build cache's folder; none: every chapter is compiled and rendered. */
  readonly cacheDir?: string;
  /** How many chapters render at once, in worker processes (default: one per core). */
  readonly jobs?: number;
  /** Engines kept between builds of one process (`build --watch`). */
  readonly session?: BuildSession;
  /** Faults to inject into the commit (tests; `RUBRICPRESS_FAULT`). */
  readonly faults?: FaultInjector;
  /** The workers' heap caps in MB, when not the pool's defaults (tests: a chapter too large for them). */
  readonly workerMemory?: { readonly workerHeapMb: number; readonly largeWorkerHeapMb: number };
}

/**
 * What one process keeps between builds (`build --watch`): the chapter renderer (parsed fonts,
 * processors) for the current templates and settings, by their digest. (rubricpress's own code is
 * hashed again for each build: workers start from dist/, which may have been compiled meanwhile.
 * The citation engine is kept by the bibliography module itself, by style and references.)
 */
export interface BuildSession {
  renderer?: { readonly key: string; readonly renderer: ChapterRenderer };
  /**
   * A chapter rendered and thrown away on each kept worker while the session's first build takes
   * everything from the cache: it starts them and warms their engines before the author edits, so
   * that the first edited chapter is as quick as the next. The next build waits for it.
   */
  warming?: Promise<void>;
  /**
   * The warm-up's rounds, those done, and its end after the round under way (a round's jobs are on
   * the workers and cannot be taken back): a build that comes meanwhile waits for that round only.
   */
  warmUp?: { readonly rounds: number; done: number; stop(): void };
  /** Set by the session's first build: the warm-up is decided once. */
  warmed?: boolean;
  /** The render pool's workers, kept warm between builds for the setup they were started with. */
  readonly workers: KeptWorkers;
  /** The chapters' parts of the web edition's search index, each indexed once while it does not change. */
  readonly searchParts: SearchIndexParts;
  /** The cache's files found whole, not read again while unchanged. */
  readonly checkedFiles: CheckedFiles;
  /** The web edition's pages' charts as the last build read them back, by the digest of each page: an edit changes a few pages. */
  siteCharts?: ReadonlyMap<string, readonly SiteChartReading[]>;
}

export function createBuildSession(): BuildSession {
  return { workers: new KeptWorkers(), searchParts: new SearchIndexParts(), checkedFiles: new CheckedFiles() };
}

/** Ends what a session keeps: its workers (once their warm-up is over). */
export async function closeBuildSession(session: BuildSession): Promise<void> {
  session.warmUp?.stop();
  await session.warming;
  await session.workers.close();
}

export interface BuildResult {
  readonly ok: boolean;
  readonly files: readonly VFile[];
  readonly written: readonly string[];
  readonly chapters: number;
  /** Country reports bound. */
  readonly books?: number;
  /** Chapters taken unchanged from the cache. */
  readonly cached?: number;
  /** Chapters the books made anew, each format's counted: the country reports' and the volume of every report's PDFs and DOCX files (the others put in as the chapters' own jobs or an earlier build made them: render/pdf/bound.ts, render/docx/own-chapter.ts). */
  readonly drawnForBooks?: number;
  /** Outputs an editor had changed, kept aside before they were replaced (`edited-outputs.ts`). */
  readonly keptAside?: readonly KeptAside[];
  /** What opening the output folder found and did (a stale lock, a stopped commit finished), and what verify found of it. */
  readonly notices?: readonly string[];
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  if (!options.write) return buildOnce(options, undefined);
  await checkFolders({ sourceDir: options.sourceDir, templatesDir: options.templatesDir, outDir: options.outDir, ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }) });
  // The whole build holds the output folder, after finishing what a stopped build left there.
  const output = await openOutputFolder(options.outDir, 'build', options.faults);
  try {
    const result = await buildOnce(options, output);
    return { ...result, notices: output.notices };
  } finally {
    await output.close();
  }
}

async function buildOnce(options: BuildOptions, output: OpenOutput | undefined): Promise<BuildResult> {
  // A warm-up under way gives way at once: its rounds would take the cores this build's reading and checking need.
  if (output) options.session?.warmUp?.stop();
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'read', done: 0, total: 1 });
  // Fonts matter to the PDF, and to the DOCX for the fallbacks its East Asian and complex-script
  // runs name; `check` reads them too, to report every problem of the templates.
  // The web edition serves them too, as subset WOFF2, when it can read them.
  const drawsGlyphs = options.formats.includes('pdf') || !options.write;
  const fonts = drawsGlyphs || (options.formats.includes('docx') ? 'fallbacks' : false);
  const [loaded, source] = await Promise.all([loadTemplates(options.templatesDir, { fonts, webFonts: options.write && options.formats.includes('html') }), readSourceFolder(options.sourceDir)]);
  const templates = loaded.templates;
  if (!templates) {
    return { ok: false, files: loaded.files, written: [], chapters: 0 };
  }
  const themeFile = loaded.files.find((file) => file.basename === 'theme.yaml');
  if (templates.fonts) reportUncoveredCharacters(source, themeFile, new FontSet(templates.fonts));
  if (!output) {
    progress({ phase: 'check', done: 0, total: source.chapters.length });
    const checked = checkEdition(source, templates);
    const files = [...loaded.files, ...checked.files];
    return { ok: !hasBlockingDiagnostics(files, options.strict), files, written: [], chapters: checked.chapters.length };
  }

  const prepared = prepareEdition(source, templates);
  const files = [...loaded.files, ...prepared.files];
  const settings = renderSettings(options.formats, options);
  const setup: RenderSetup = { templates: renderTemplates(templates), ...settings };
  // rubricpress's own code, hashed again for each build: workers start from dist/, which may have been compiled meanwhile.
  const tool = options.cacheDir !== undefined || options.session ? await toolDigest(codeRoot, path.join(packageRoot, 'package-lock.json')) : '';
  const cache =
    // A source with errors in its shared files is checked in full: no chapter comes from the cache.
    options.cacheDir === undefined || !prepared.codebook || !prepared.complete ? undefined : openCache({ directory: options.cacheDir, tool, templates, setup: settings, prepared, ...(options.session ? { checked: options.session.checkedFiles } : {}) });
  // Each chapter page's place in the web edition (previous and next in its country) from every
  // chapter's front matter, before any is rendered: it is part of the page, and of its cache key.
  const navigations = options.formats.includes('html') ? chapterNavigationsOf(source, prepared, templates.theme, options.formats) : [];
  const siteKeys = navigations.map((navigation) => (navigation ? sha256OfParts(JSON.stringify(navigation)) : ''));
  // The web fonts take seconds to make the first time, in a worker thread that ends once they are
  // made: while the first chapters render (in processes of their own), so that no core waits for them.
  const webFonts = options.formats.includes('html') && templates.webFonts ? webFontFiles(templates.theme, templates.webFonts, cache) : undefined;
  // Met where the web edition takes them; until then a failure must not go unhandled.
  webFonts?.catch(() => undefined);
  // The cache first: how many chapters are left to render decides whether workers pay.
  const cachedChapters: readonly (CachedChapter | undefined)[] = await mapInParallel(source.chapters, fileReadsAtOnce, async (chapter, index) => (isReadable(chapter) ? cache?.lookup(chapter, siteKeys[index]) : undefined));
  const missed = source.chapters.filter((chapter, index) => isReadable(chapter) && prepared.codebook !== undefined && cachedChapters[index] === undefined);
  const misses = missed.length;
  await options.session?.warming;
  const local = sessionRenderer(options.session, setup, templates, settings);
  const shared = sharedSources(source, templates);
  // Books bind the chapters' trees as their jobs compiled them (see ChapterJobResult.tree).
  const makesBooks = options.formats.some((format) => format !== 'html');
  // What the build's pool and a session's warm-up pool have in common.
  const poolBase = { prepared, shared, ...(options.jobs === undefined ? {} : { size: options.jobs }), ...(local ? { local } : {}), ...options.workerMemory };
  const kept = options.session ? { workers: options.session.workers, key: sha256OfParts(tool, templatesDigest(templates), settingsKey(settings), JSON.stringify([shared, [...shared.citationStyles], options.workerMemory ?? null])) } : undefined;
  // A session's first build that renders nothing (all from the cache) warms the session's workers
  // meanwhile; one that renders keeps the workers that did, warm.
  const warming = options.session !== undefined && options.session.warmed !== true && misses === 0;
  if (options.session) options.session.warmed = true;
  if (warming && options.session && kept) {
    const session = options.session;
    warmUpSession(session, source, options.formats, async (rounds) => {
      let stopped = false;
      const warmUp = {
        rounds: rounds.length,
        done: 0,
        stop: () => {
          stopped = true;
        },
      };
      session.warmUp = warmUp;
      const warmPool = createRenderPool(setup, { ...poolBase, chapters: 2, kept });
      try {
        for (const round of rounds) {
          if (stopped) break;
          await Promise.all(round.map((job) => warmPool.run(job)));
          warmUp.done += 1;
        }
      } finally {
        await warmPool.close();
      }
    });
  }
  const pool = createRenderPool(setup, {
    ...poolBase,
    // Not the workers being warmed: this build needs none, and they are the warm-up's to keep.
    ...(kept && !warming ? { kept } : {}),
    chapters: misses,
    // Each country with a chapter to render, and the edition volume, may be bound as well.
    books: makesBooks && misses > 0 ? new Set(missed.map((chapter) => path.dirname(chapter.relativePath))).size + 1 : 0,
    // Its books are bound where it is rendered: of a large edition, in workers (this process's heap
    // is not capped, and the generated edition's volume and a country report took it to 507 MB).
    localChapter: missed.every((chapter) => smallEnoughForThisThread(String(chapter.file.value))) && (!makesBooks || source.chapters.length <= maxLocalEditionChapters),
  });
  const staging = new Staging(options.outDir, options.faults ?? noFaults);
  let committed = false;
  const pending: (Promise<HeldResult> | undefined)[] = [];
  // Each chapter's own PDF pages and Word file as its country report takes them (`ChapterResult.ownPages`), until kept (`keepChaptersDrawn`).
  const drawnHeld = new Map<SourceFile, readonly HeldChapterFile[]>();
  try {
    // Each chapter not in the cache goes to the pool, which compiles, renders and checks it; its
    // files are written to the staging folder as soon as they come back, so that this thread holds
    // no chapter's bytes, only its report's header (for the index and the cache) and, when books are
    // made, its tree serialized (some 165 KB: 30 MB for the 180 chapters of the generated edition),
    // held for the books and, with a cache, until the cache keeps it, and the facts of its PDF's pages
    // for its report (a few KB; the PDF and the Word file are its files held in the staging folder),
    // until the cache keeps them once the chapters are all in (without a cache, the reports' jobs are
    // given the held files' paths, and read them).
    let done = 0;
    for (const [index, chapter] of source.chapters.entries()) {
      if (cachedChapters[index] || !isReadable(chapter) || !prepared.codebook) {
        pending.push(undefined);
        continue;
      }
      // Hands out chapters only as fast as the pool takes them, so that jobs do not pile up here.
      await pool.ready();
      const navigation = navigations[index];
      const result = pool.run({ kind: 'source', chapter: sourceText(chapter), ...(navigation ? { navigation } : {}), ...(makesBooks ? { forBooks: true } : {}) }).then(async (jobResult): Promise<HeldResult> => {
        done += 1;
        progress({ phase: 'render', done, total: misses, item: chapter.relativePath });
        // On disk at once, under a temporary name: the bytes are not kept here.
        const outputs = jobResult.rendered?.outputs ?? [];
        const held = await Promise.all(outputs.map(async (file) => ({ path: file.path, held: await staging.hold(file.path, file.contents), sha256: sha256Of(file.contents), size: byteLength(file.contents) })));
        // Its pages for its report: their facts held apart, the file being the one just held, until the cache keeps them (or, without one, the report's job is given them).
        const ownPages = jobResult.rendered?.disagreements.length === 0 ? (jobResult.rendered.ownPages ?? []) : [];
        const facts = ownPages.flatMap((own) => {
          const file = held.find((output) => output.path.endsWith(`.${own.format}`));
          return file && own.fileLength === file.size ? [{ key: own.key, format: own.format, facts: ownBytes(own.facts), file: file.held, sha256: file.sha256, size: file.size }] : [];
        });
        if (facts.length > 0) drawnHeld.set(chapter, facts);
        // Its tree copied now: the reply it came in (every file of the chapter) goes once this result is all that holds it.
        return { ...jobResult, ...(jobResult.tree ? { tree: ownBytes(jobResult.tree) } : {}), rendered: jobResult.rendered ? { problems: jobResult.rendered.problems, disagreements: jobResult.rendered.disagreements, held, ...(jobResult.rendered.search ? { search: jobResult.rendered.search } : {}) } : undefined };
      });
      // Failures are met when the results are collected; until then they must not go unhandled.
      result.catch(() => undefined);
      pending.push(result);
    }
    // In chapter order, whatever order the pool finished in: diagnostics go onto each chapter's file.
    const entries: ChapterEntry[] = [];
    const trees = new Map<SourceFile, Uint8Array>();
    for (const [index, chapter] of source.chapters.entries()) {
      const cached = cachedChapters[index];
      if (cached) {
        entries.push({ chapter, report: cached.report, citedKeys: cached.citedKeys, cached: cached.outputs, rendered: undefined, results: cached.results, search: cached.search, siteKey: siteKeys[index] ?? '', ...(cached.tree ? { cachedTree: cached.tree } : {}) });
        continue;
      }
      const result = await tooLargeAsDiagnostic(chapter.file, pending[index]);
      pending[index] = undefined;
      if (result) replayMessages(chapter.file, result.messages);
      if (result?.tree) trees.set(chapter, result.tree);
      entries.push({ chapter, report: result?.report, citedKeys: result?.citedKeys ?? [], cached: undefined, rendered: result?.rendered, results: result?.results, search: result?.rendered?.search, siteKey: siteKeys[index] ?? '' });
    }
    const accepted = finishEdition(prepared, entries);
    if (hasBlockingDiagnostics(files, options.strict) || !prepared.canCite) {
      return { ok: false, files, written: [], chapters: accepted.size };
    }

    // Each chapter's files take their places, in chapter order. A cached file that the last build
    // wrote and nobody has touched since stays as it is.
    const lastWritten = (await cache?.readWritten(options.outDir)) ?? new Map<string, never>();
    const cachedOutputs = entries.flatMap((entry, index) => (accepted.has(index) ? (entry.cached ?? []) : []));
    const unchanged = new Set((await mapInParallel(cachedOutputs, fileReadsAtOnce, async (output) => ((await unchangedSince(outputPath(options.outDir, output.path), output.sha256, lastWritten.get(output.path))) ? output : undefined))).filter((output) => output !== undefined));
    // Each chapter's files, then each book's (a book has no entry of its own).
    const chapters: { readonly entry: ChapterEntry | undefined; readonly files: readonly StoredFile[] }[] = [];
    for (const [index, entry] of entries.entries()) {
      if (!accepted.has(index)) continue;
      if (entry.cached) {
        for (const output of entry.cached) if (!unchanged.has(output)) await staging.stageCopy(output.path, output.file);
        chapters.push({ entry, files: entry.cached });
        continue;
      }
      const result = entry.rendered;
      // A chapter is rendered unless it has errors, and then the build stopped above.
      if (!result) throw new Error(`${entry.chapter.relativePath} belongs to the edition but was not rendered.`);
      reportRendering(entry.chapter.file, result);
      const stored: StoredFile[] = [];
      for (const file of result.held) {
        staging.place(file.held, file.path);
        stored.push({ path: file.path, file: outputPath(options.outDir, file.path), sha256: file.sha256, size: file.size });
      }
      chapters.push({ entry, files: stored });
    }
    const editionEntries = chapters.flatMap(({ entry }) => (entry ? [entry] : []));
    // The chapters' pages as their reports bind them, kept in the reports' slots of the cache now that the build goes on (a failed build writes no cache).
    const drawnNow = await keepChaptersDrawn(cache, editionEntries, drawnHeld);
    const bookInput: CountryReportsInput = { chapters: editionEntries, trees, prepared, formats: options.formats, pool, staging, outDir: options.outDir, lastWritten, drawnNow, ...(cache ? { cache } : {}) };
    // The country reports' jobs go to the pool first, the edition volume's near the end, ahead of the
    // last few (`volumeAheadOf`): the volume is an edition's largest job, and its DOCX may outgrow a
    // shared worker, after which the one large worker takes every job left (pool.ts). Queued first,
    // it made the 60 country-report jobs of the generated 30-country edition run on one core (75 s →
    // 124 s in a traced build); queued last, one worker waited 1–2 s for the other's part of it.
    let reportsQueued = (): void => undefined;
    const queued = new Promise<void>((resolve) => (reportsQueued = resolve));
    const reportsMade = renderCountryReports(bookInput, reportsQueued);
    // Met below; until then a failure must not go unhandled.
    reportsMade.catch(() => undefined);
    // Everything else in this process waits until the workers have the reports' jobs (a worker idle
    // meanwhile would be a core lost): the web edition's pages are made while they bind the books.
    await Promise.race([queued, reportsMade.then(
      () => undefined,
      () => undefined,
    )]);
    await pool.sent();
    // The edition volume, the data files and the web edition are made from the same numbers: gathered once.
    const volumeSource = volumeSourceOf(prepared, editionEntries);
    // Not begun once the pool is closed (a country report failed): nothing of this build runs on after it.
    const volumeMade = pool.whenWaitingAtMost(volumeAheadOf).then((open) => (open ? renderEditionVolume({ ...bookInput, ...(volumeSource ? { volumeSource } : {}) }) : undefined));
    const booksMade = Promise.all([reportsMade, volumeMade]);
    booksMade.catch(() => undefined);
    const dataMade = scoresData(volumeSource);
    // Its charts' disagreements are reported once the books' are, in the same order as ever.
    const webEdition = async (): Promise<{ readonly site: readonly OutputFile[]; readonly disagreements: readonly Disagreement[] }> => {
      if (!options.formats.includes('html') || !volumeSource || volumeSource.chapters.length === 0) return { site: [], disagreements: [] };
      const search = editionEntries.map((entry) => (entry.report && entry.results ? (entry.search ?? []) : []));
      const site = [...(await siteFiles({ renderer: pool.local, theme: templates.theme, source: volumeSource, formats: siteFormats(options.formats, dataMade.length > 0), search, ...(options.session ? { searchParts: options.session.searchParts } : {}) })), ...((await webFonts)?.files ?? [])];
      return { site, disagreements: settings.verify ? await siteChartDisagreements(volumeSource, templates.theme, site, options.session) : [] };
    };
    const siteMade = webEdition();
    siteMade.catch(() => undefined);
    const [countryReports, volume] = await booksMade.catch(async (error: unknown) => {
      // Nothing of this build runs on after it.
      await siteMade.catch(() => undefined);
      throw error;
    });
    const allInOne = options.allReports ? await renderAllReports(bookInput, pool) : undefined;
    // The trees are the cache's to keep, once the edition is written; without a cache they go now.
    if (!cache) trees.clear();
    await pool.close();
    const books = [...countryReports, ...(volume ? [volume] : []), ...(allInOne ? [allInOne] : [])];
    chapters.push(...books.map((book) => ({ entry: undefined, files: book.files })));
    const edition: EditionFile[] = chapters.flatMap(({ files: chapterFiles }) => chapterFiles.map(({ path: relative, sha256, size }) => ({ path: relative, sha256, size })));
    const { site, disagreements: siteDisagreements } = await siteMade;
    const codebookFile = prepared.source.codebook?.file;
    if (codebookFile) reportSiteCharts(codebookFile, siteDisagreements);
    // The site's pages and the scores as data (whatever the formats: from the chapters' numbers,
    // cached or just rendered) are made again on every build, and left where they are when their bytes did not change.
    const where = { outDir: options.outDir, staging, lastWritten };
    const siteStored = await stageUnlessSame(site, where);
    const data = await stageUnlessSame(dataMade, where);
    for (const { path: relative, sha256, size } of [...siteStored, ...data]) edition.push({ path: relative, sha256, size });
    if (hasBlockingDiagnostics(files, options.strict)) {
      return { ok: false, files, written: [], chapters: chapters.filter(({ entry }) => entry).length };
    }
    progress({ phase: 'write', done: 0, total: 1 });
    // Nothing an editor saved over an output is replaced: it is kept aside, in the same commit.
    const keptAside = await findEditedOutputs(options.outDir, edition.filter((file) => staging.isPlaced(file.path)), { manifest: await readEditionManifest(options.outDir), written: lastWritten });
    for (const aside of keptAside) await staging.stageLink(aside.keptAs, outputPath(options.outDir, aside.path));
    const asides = new Set(keptAside.map((aside) => outputPath(options.outDir, aside.keptAs)));
    const written = (await staging.commit(edition)).filter((target) => !asides.has(target));
    committed = true;
    if (cache) {
      // What is in the output folder now, for the next build to leave alone what it need not copy.
      const now = new Map<string, WrittenFile>();
      const stored = [...chapters.flatMap(({ files: chapterFiles }) => chapterFiles), ...data, ...siteStored];
      const infos = await mapInParallel(stored, fileReadsAtOnce, (output) => stat(outputPath(options.outDir, output.path)).catch(() => undefined));
      stored.forEach((output, index) => {
        const info = infos[index];
        if (info) now.set(output.path, { sha256: output.sha256, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
      });
      await cache.writeWritten(options.outDir, now).catch(() => undefined);
      for (const { entry, files: stored } of chapters) {
        if (!entry || entry.cached || !entry.report || !entry.results) continue;
        // The editions are written: a cache that cannot be written costs the next build time, not this one its result.
        const tree = trees.get(entry.chapter);
        trees.delete(entry.chapter);
        await cache.store(entry.chapter, { report: entry.report, citedKeys: entry.citedKeys, outputs: stored, results: entry.results, ...(entry.search ? { search: entry.search } : {}), ...(tree ? { tree } : {}) }, entry.siteKey).catch(() => undefined);
      }
      for (const book of books) if (book.store) await cache.storeBook(book.countrySlug, book.sources, book.files, book.madeFrom, book.drawn).catch(() => undefined);
      for (const font of (await webFonts)?.made ?? []) await cache.storeMade(font.key, font.bytes).catch(() => undefined);
      await cache.prune().catch(() => undefined);
    }
    progress({ phase: 'write', done: 1, total: 1 });
    const chapterCount = chapters.filter(({ entry }) => entry).length;
    return { ok: true, files, written, chapters: chapterCount, cached: chapters.filter(({ entry }) => entry?.cached).length, books: countryReports.length, drawnForBooks: [...countryReports, ...(allInOne ? [allInOne] : [])].reduce((sum, book) => sum + (book.drawnAnew ?? 0), 0), keptAside };
  } finally {
    // The pool first, and every chapter still under way settled, so that nothing is written after the abort.
    await pool.close();
    await Promise.allSettled(pending.filter((result) => result !== undefined));
    if (!committed) await staging.abort();
  }
}


/**
 * The edition volume in print and Word (`pdf/edition.pdf`, `docx/edition.docx`): the codebook and
 * every chapter's results, checked against them. From the cache when every chapter came from it.
 */
async function renderEditionVolume(input: CountryReportsInput): Promise<BoundBook | undefined> {
  const formats = input.formats.filter((format) => format !== 'html');
  const source = input.volumeSource;
  const first = input.chapters[0];
  if (formats.length === 0 || !source || !first) return undefined;
  const sources = input.chapters.map((entry) => entry.chapter);
  const name = 'edition';
  // Made from the codebook and the chapters' numbers only (plain data): keyed by them, so that an
  // edit to a chapter's words leaves the volume as it was (a chapter that failed has no numbers, and
  // the volume without it is not kept: see `store`).
  const madeFrom = sha256OfParts(JSON.stringify(source));
  const complete = input.chapters.every((entry) => entry.report && entry.results);
  const cached = complete ? await input.cache?.lookupBook(name, sources, madeFrom) : undefined;
  if (cached) {
    await stageCached(input, cached);
    return { countrySlug: name, sources, files: cached, store: false };
  }
  const result = await bookTooLarge(input.prepared.source.codebook?.file ?? first.chapter.file, 'the edition volume', runBook(input.pool, { kind: 'editionVolume', source }, input.formats, 'next'));
  if (!result) return undefined;
  const rendered = result.rendered;
  if (!rendered) throw new Error('The edition volume could not be made, though its chapters were rendered.');
  for (const disagreement of rendered.disagreements) reportDisagreement(input.prepared.source.codebook?.file ?? first.chapter.file, disagreement.unit, `In the edition volume ${rendered.outputs.map((output) => output.path).join(' and ')}: ${disagreement.message}`);
  const stored = await stageRendered(input, rendered.outputs);
  return { countrySlug: name, sources, files: stored, store: complete && rendered.disagreements.length === 0, madeFrom };
}

/** data/scores.csv, data/scores.json and data/codebook.json of the edition's numbers (none without chapters). */
function scoresData(source: EditionVolumeSource | undefined): DataFile[] {
  return source && source.chapters.length > 0 ? dataFiles(source) : [];
}

/** What the edition volume, the data files and the web edition are made from: these chapters' numbers (those that have them); none without a codebook and edition.yaml. */
function volumeSourceOf(prepared: PreparedEdition, chapters: readonly Pick<ChapterEntry, 'report' | 'results'>[]): EditionVolumeSource | undefined {
  const { codebook, edition } = prepared;
  if (!codebook || !edition) return undefined;
  return editionVolumeSource(prepared, codebook, edition, chapters.flatMap((entry) => (entry.report && entry.results ? [{ report: entry.report, results: entry.results }] : [])));
}

/** What the edition volume is made from: the codebook in its order, each chapter's header and numbers, and the edition's publication details. */
function editionVolumeSource(prepared: PreparedEdition, codebook: Codebook, edition: Edition, chapters: readonly { readonly report: Report; readonly results: ChapterResults }[]): EditionVolumeSource {
  const publication = prepared.canCite ? editionPublicationOf(edition, (work) => prepared.citations().formatWork(work)) : undefined;
  return {
    edition: editionInfo(edition),
    ...(publication ? { publication } : {}),
    ...(edition.reportUrl !== undefined || edition.reportDoi !== undefined ? { reportAddresses: Object.fromEntries(chapters.map(({ report }) => [report.countrySlug, reportAddresses(edition, report.countrySlug)])) } : {}),
    codebookPath: codebook.path,
    categories: [...codebook.categories.values()].map((category) => ({
      id: category.id,
      title: category.title,
      subcategories: category.subcategories.map((subcategory) => ({
        id: subcategory.id,
        title: subcategory.title,
        questions: subcategory.questions.map((question) => ({
          id: question.id,
          indicator: question.indicator,
          text: question.text,
          scale: question.scaleId,
          scaleMin: question.scale.min,
          scaleMax: question.scale.max,
          bands: [...question.bands].sort((a, b) => b.high - a.high).map((band) => ({ high: band.high, low: band.low, description: band.description })),
        })),
      })),
    })),
    chapters: chapters.map(({ report, results }) => ({ country: report.country, countrySlug: report.countrySlug, categoryId: report.categoryId, rank: report.rank, ...results })),
  };
}

/**
 * `--book all`: every country's report in one volume (`pdf/country-reports.pdf`), made in this
 * thread, whose heap is not capped as a worker's is: the whole edition's trees and layout at once
 * (the bench states its peak). From the cache when every chapter came from it.
 */
async function renderAllReports(input: CountryReportsInput, pool: RenderPool): Promise<BoundBook | undefined> {
  const formats = input.formats.filter((format) => format !== 'html');
  const codebook = input.prepared.codebook;
  if (formats.length === 0 || !codebook || input.chapters.length === 0) return undefined;
  const members = input.chapters.filter((entry): entry is ChapterEntry & { readonly report: Report } => entry.report !== undefined);
  const order = [...countryBooks(members.map((entry) => entry.report), [...codebook.categories.keys()]).values()].flat();
  const entries = order.map((index) => members[index]).filter((entry) => entry !== undefined);
  const sources = entries.map((entry) => entry.chapter);
  const name = 'country-reports';
  const cached = entries.every((entry) => entry.cached) ? await input.cache?.lookupBook(name, sources) : undefined;
  if (cached) {
    await stageCached(input, cached);
    return { countrySlug: name, sources, files: cached, store: false };
  }
  const runHere = createChapterRunner(input.prepared, pool.local);
  // Its chapters as made for its last PDF and DOCX, as a country report's are (each named by its country
  // too, and its notes numbered through the volume): after an edit, the edited chapter is drawn
  // again, and any whose notes' numbers moved with it.
  const drawnFiles = (await input.cache?.drawnFiles(name).catch(() => undefined)) ?? [];
  const rendered = (await bindBook(input, entries, (chapters) => runHere({ kind: 'countryReport', chapters, all: true, ...(drawnFiles.length > 0 ? { drawnFiles } : {}), keepDrawn: input.cache !== undefined }))).rendered;
  if (!rendered) throw new Error('The volume of every country report could not be bound, though its chapters were rendered.');
  reportBookDisagreements(sources, rendered.disagreements, 'In the volume of every country report');
  const stored = await stageRendered(input, rendered.outputs);
  const agrees = rendered.disagreements.length === 0;
  const drawn = input.cache && agrees ? await keptDrawn(input.cache, name, rendered, drawnFiles).catch(() => undefined) : undefined;
  return { countrySlug: name, sources, files: stored, store: agrees, ...(drawn ? { drawn } : {}), ...(rendered.drawnAnew === undefined ? {} : { drawnAnew: rendered.drawnAnew }) };
}

/**
 * A book's chapters, each with its tree as compiled: the one its job sent back, or the one the cache
 * kept with it; only a chapter with neither (a record of an older rubricpress, a damaged file) is
 * compiled again from its source. So an edited chapter's country report compiles no other chapter.
 * A tree from the cache is untrusted: it must be a report tree (`reportTreeOf`: each node once, not
 * too many) whose header is the one the chapter's front matter gives, or the chapter is compiled
 * from its source.
 */
async function bookChapters(input: CountryReportsInput, entries: readonly ChapterEntry[]): Promise<readonly BoundChapter[]> {
  return mapInParallel(entries, fileReadsAtOnce, async (entry): Promise<BoundChapter> => {
    const source = sourceText(entry.chapter);
    const fresh = input.trees.get(entry.chapter);
    if (fresh) return { source, tree: fresh, fromCache: false };
    const kept = entry.cachedTree ? await input.cache?.readTree(entry.cachedTree) : undefined;
    return kept && entry.report && keptTreeFits(kept, entry.report) ? { source, tree: kept, fromCache: true } : { source, fromCache: false };
  });
}

interface BoundChapter extends BookChapter {
  readonly fromCache: boolean;
}

/** Whether a tree the cache kept is a report tree with this header (any surprise in it: no). */
function keptTreeFits(bytes: Uint8Array, header: Report): boolean {
  try {
    const report = reportTreeOf(bytes)?.children[0];
    return report !== undefined && sameHeader(reportHeader(report), header);
  } catch {
    return false;
  }
}

/**
 * A book bound from its chapters' trees; when one came from the cache and the job failed in any way
 * (a tree forged past the checks above, one that needs more memory than its chapter), bound again
 * with those chapters compiled from their sources: a damaged cache costs time, never the build.
 */
async function bindBook(input: CountryReportsInput, entries: readonly ChapterEntry[], run: (chapters: readonly BookChapter[]) => Promise<ChapterJobResult>): Promise<ChapterJobResult> {
  const bound = await bookChapters(input, entries);
  const withTrees = bound.map(({ source, tree }) => (tree ? { source, tree } : { source }));
  if (!bound.some((chapter) => chapter.fromCache)) return run(withTrees);
  try {
    return await run(withTrees);
  } catch {
    return run(bound.map(({ source, tree, fromCache }) => (tree && !fromCache ? { source, tree } : { source })));
  }
}

/** A book's files from the cache, staged unless the last build wrote them and nobody has touched them since. */
async function stageCached(input: CountryReportsInput, cached: readonly StoredFile[]): Promise<void> {
  for (const output of cached) if (!(await unchangedSince(outputPath(input.outDir, output.path), output.sha256, input.lastWritten.get(output.path)))) await input.staging.stageCopy(output.path, output.file);
}

/** A book's files just rendered, staged: where each will be, and its digest (for the cache and the manifest). */
async function stageRendered(input: CountryReportsInput, outputs: readonly OutputFile[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  for (const output of outputs) {
    await input.staging.stage(output);
    stored.push({ path: output.path, file: outputPath(input.outDir, output.path), sha256: sha256Of(output.contents), size: byteLength(output.contents) });
  }
  return stored;
}

/** A country's report, bound or taken from the cache. */
interface BoundBook {
  readonly countrySlug: string;
  readonly sources: readonly SourceFile[];
  readonly files: readonly StoredFile[];
  /** Whether the cache should keep it once the edition is written. */
  readonly store: boolean;
  /** The digest of what it is made from, when that and not its chapters' texts keys it in the cache (the edition volume). */
  readonly madeFrom?: string;
  /** Every chapter it was bound from as drawn for its PDF and made for its DOCX, kept in the cache already (given from it, or `BuildCache.storeDrawn`): named in the book's record. */
  readonly drawn?: readonly StoredDrawnChapter[];
  /** How many of them its PDF and DOCX drew or made (not given as made before). */
  readonly drawnAnew?: number;
}

interface CountryReportsInput {
  /** The edition's chapters, each accepted and rendered (or from the cache). */
  readonly chapters: readonly ChapterEntry[];
  /** The trees of the chapters rendered by this build, as their jobs compiled them. */
  readonly trees: ReadonlyMap<SourceFile, Uint8Array>;
  readonly prepared: PreparedEdition;
  readonly formats: readonly Format[];
  readonly pool: RenderPool;
  readonly staging: Staging;
  readonly outDir: string;
  readonly cache?: BuildCache;
  /** What the last build wrote (`BuildCache.readWritten`). */
  readonly lastWritten: ReadonlyMap<string, WrittenFile>;
  /** What the edition volume is made from (`volumeSourceOf` the chapters); none without a codebook and edition.yaml. */
  readonly volumeSource?: EditionVolumeSource;
  /** By country, its chapters' pages as its report binds them, drawn by this build's chapter jobs (`keepChaptersDrawn`). */
  readonly drawnNow?: ReadonlyMap<string, ChaptersDrawnNow>;
}

/** A country's chapters' pages drawn now: kept in the cache as files, or (without a cache) held in the staging folder. */
interface ChaptersDrawnNow {
  readonly files: readonly DrawnChapterFile[];
  readonly held: readonly HeldChapterFile[];
}

/**
 * The pages each chapter rendered now drew for its country report (`held`, which lets go of each once
 * it is kept), by country: kept in the report's slot of the cache, or, without one, named as the
 * files held in the staging folder for the report's job to read.
 */
async function keepChaptersDrawn(cache: BuildCache | undefined, entries: readonly ChapterEntry[], held: Map<SourceFile, readonly HeldChapterFile[]>): Promise<Map<string, ChaptersDrawnNow>> {
  const byCountry = new Map<string, { files: DrawnChapterFile[]; held: HeldChapterFile[] }>();
  for (const entry of entries) {
    const facts = held.get(entry.chapter);
    held.delete(entry.chapter);
    const countrySlug = entry.report?.countrySlug;
    if (!facts || facts.length === 0 || countrySlug === undefined) continue;
    const kept = byCountry.get(countrySlug) ?? { files: [], held: [] };
    byCountry.set(countrySlug, kept);
    if (!cache) {
      kept.held.push(...facts);
      continue;
    }
    // A held file that cannot be read, or a cache that cannot keep it, costs the report's job a drawing.
    const drawn = await Promise.all(facts.map(async ({ key, facts: head, file }) => drawnRecordOf(key, head, new Uint8Array(await readFile(file))))).catch(() => undefined);
    if (drawn) kept.files.push(...(await cache.storeDrawn(countrySlug, drawn).catch(() => [])));
  }
  return byCountry;
}

/**
 * Every country's report in print and Word (`pdf/japan.pdf`, `docx/japan.docx`): the country's
 * chapters bound in the codebook's order of categories, rendered on the pool and checked against
 * the chapters' trees. A disagreement is reported on the chapter it concerns. A report whose
 * chapters all came from the cache comes from the cache too.
 */
async function renderCountryReports(input: CountryReportsInput, queued: () => void = () => undefined): Promise<BoundBook[]> {
  const formats = input.formats.filter((format) => format !== 'html');
  const codebook = input.prepared.codebook;
  if (formats.length === 0 || !codebook) {
    queued();
    return [];
  }
  const members = input.chapters.filter((entry): entry is ChapterEntry & { readonly report: Report } => entry.report !== undefined);
  const books = countryBooks(
    members.map((entry) => entry.report),
    [...codebook.categories.keys()],
  );
  const reports = [...books].map(([countrySlug, indices]) => ({ countrySlug, entries: indices.map((index) => members[index]).filter((entry) => entry !== undefined) }));
  const made = new Map<string, Promise<BoundBook>>();
  /** Starts binding (or looking up) each report; resolves once all of them have their jobs on the pool, or need none. */
  const start = (some: typeof reports): Promise<void> =>
    Promise.all(
      some.map(({ countrySlug, entries }) => {
        let arrive = (): void => undefined;
        const arrived = new Promise<void>((resolve) => (arrive = resolve));
        const report = renderCountryReport(input, countrySlug, entries, arrive).finally(arrive);
        // Met below, once every report has started; until then a failure must not go unhandled.
        report.catch(() => undefined);
        made.set(countrySlug, report);
        return arrived;
      }),
    ).then(() => undefined);
  // The reports with a chapter rendered now are bound first, the others (looked up in the cache,
  // their files read and checked) once those are on the pool: under `build --watch`, the edited
  // chapter's report waited half a second behind 29 reports' cache lookups.
  const rendersNow = (report: (typeof reports)[number]): boolean => report.entries.some((entry) => !entry.cached);
  const allStarted = start(reports.filter(rendersNow)).then(() => start(reports.filter((report) => !rendersNow(report))));
  // `queued` once every report's jobs are on the pool, or it needed none (from the cache, or failed).
  void allStarted.then(queued);
  await allStarted;
  // In the order of the countries, whichever group each was started in.
  return Promise.all(reports.map(({ countrySlug }) => made.get(countrySlug) ?? Promise.reject(new Error(`The report of ${countrySlug} was never started.`))));
}

/** One country's report (see renderCountryReports): its chapters' entries; `queued` once its jobs are on the pool. */
async function renderCountryReport(input: CountryReportsInput, countrySlug: string, entries: readonly (ChapterEntry & { readonly report: Report })[], queued: () => void): Promise<BoundBook> {
  const sources = entries.map((entry) => entry.chapter);
  // A chapter whose own editions disagree with it fails the build already: its book would say the same again.
  if (sources.some((source) => source.file.messages.some((message) => message.ruleId === 'edition-disagrees'))) return { countrySlug, sources, files: [], store: false };
  const cached = entries.every((entry) => entry.cached) ? await input.cache?.lookupBook(countrySlug, sources) : undefined;
  if (cached) {
    await stageCached(input, cached);
    return { countrySlug, sources, files: cached, store: false };
  }
  const first = entries[0];
  // Its chapters as drawn by their own jobs now, and as made for its last PDF and DOCX (those that did
  // not change are put in again as they are): named as files of the cache, which the worker that binds the book reads.
  const drawnNow = input.drawnNow?.get(countrySlug);
  const drawnBefore = (await input.cache?.drawnFiles(countrySlug).catch(() => undefined)) ?? [];
  const fresh = new Set(drawnNow?.files.map((file) => file.key));
  const drawnFiles = [...(drawnNow?.files ?? []), ...drawnBefore.filter((file) => !fresh.has(file.key))];
  const heldFiles = drawnNow?.held ?? [];
  const bound = bindBook(input, entries, (chapters) => {
    const result = runBook(input.pool, { kind: 'countryReport', chapters, ...(drawnFiles.length > 0 ? { drawnFiles } : {}), ...(heldFiles.length > 0 ? { heldFiles } : {}), keepDrawn: input.cache !== undefined }, input.formats);
    queued();
    return result;
  });
  const result = await bookTooLarge(first?.chapter.file, `the country report of ${first?.report.country ?? countrySlug}`, bound);
  if (!result) return { countrySlug, sources, files: [], store: false };
  const rendered = result.rendered;
  if (!rendered) throw new Error(`The report of ${countrySlug} could not be bound, though its chapters were rendered.`);
  reportBookDisagreements(sources, rendered.disagreements, `In the country report ${rendered.outputs.map((output) => output.path).join(' and ')}`);
  const stored = await stageRendered(input, rendered.outputs);
  // A report is kept only when it agrees with its chapters.
  const agrees = rendered.disagreements.length === 0;
  // Its chapters as drawn kept at once, not held in memory until the book's record is written at the
  // build's end (a cache that cannot keep them costs the next build time only).
  const drawn = input.cache && agrees ? await keptDrawn(input.cache, countrySlug, rendered, drawnFiles).catch(() => undefined) : undefined;
  return { countrySlug, sources, files: stored, store: agrees, ...(drawn ? { drawn } : {}), ...(rendered.drawnAnew === undefined ? {} : { drawnAnew: rendered.drawnAnew }) };
}

/**
 * The chapters a book was bound from (`ChapterResult.bound`), as its cache record names them: those
 * it made, kept in its slot now; those it was given, by their digests (in the slot already).
 */
async function keptDrawn(cache: BuildCache, slot: string, rendered: ChapterResult, given: readonly StoredDrawnChapter[]): Promise<readonly StoredDrawnChapter[]> {
  const byKey = new Map(given.map((chapter) => [chapter.key, chapter]));
  for (const stored of await cache.storeDrawn(slot, rendered.drawn ?? [])) byKey.set(stored.key, stored);
  return (rendered.bound ?? []).flatMap((key) => byKey.get(key) ?? []);
}

/**
 * How many jobs the edition volume's go ahead of: enough country reports' jobs (some 0.5–1 s each in
 * the generated edition) left for one worker while the other makes the volume's longer part.
 */
const volumeAheadOf = 6;

/**
 * The most chapters an edition may have for a single edited chapter's books to be bound in this
 * process (with the chapter): two countries' worth. The sample's build stays without workers (their
 * start added 1.7 s to its 4.9 s).
 */
const maxLocalEditionChapters = 12;

/**
 * While a session's first build takes every chapter from the cache: its first chapter, and a
 * report of that chapter alone in each printed format, rendered and thrown away on the workers the
 * session keeps (see `BuildSession.warming`), so that they have started and their engines are warm
 * when the author saves. Each round's jobs run at once, one per worker (two workers: what an
 * edit's chapter and books go to); the books' rounds in both orders, so that each worker has made
 * each format once. A build that comes meanwhile ends it after the round under way: the rounds
 * after it would only hold the build up (on 2 cores, a first edit waited up to a second for them).
 */
function warmUpSession(session: BuildSession, source: SourceFolder, formats: readonly Format[], warm: (rounds: readonly (readonly ChapterJob[])[]) => Promise<void>): void {
  const first = source.chapters.find(isReadable);
  if (!first) return;
  const chapter: ChapterJob = { kind: 'source', chapter: sourceText(first), forBooks: true };
  // A book of that one chapter: the books' own parts (cover, imprint, contents) warmed, in a fraction of a whole report's time.
  const books = formats.filter((format) => format !== 'html').map((format): ChapterJob => ({ kind: 'countryReport', chapters: [{ source: sourceText(first) }], formats: [format] }));
  // What it finds (diagnostics, disagreements) is the build's business, and the build has reported it.
  session.warming = warm([[chapter, chapter], books, [...books].reverse()]).then(
    () => undefined,
    () => undefined,
  );
}

/** The session's renderer for these templates and settings, made on first use; none without a session. */
function sessionRenderer(session: BuildSession | undefined, setup: RenderSetup, templates: Templates, settings: RenderSettings): ChapterRenderer | undefined {
  if (!session) return undefined;
  const key = sha256OfParts(templatesDigest(templates), settingsKey(settings));
  // An edited template (or other settings) replaces the renderer made for the old ones.
  if (session.renderer?.key !== key) session.renderer = { key, renderer: createChapterRenderer(setup) };
  return session.renderer.renderer;
}

/**
 * A book on the pool, one job per printed format, put back together in the formats' order: a job
 * then holds one edition's layout and its reading back, not both. Measured on the books of a
 * 500-question chapter: either format alone fitted a worker's 128 MB heap; both in one job needed
 * more than 176 MB, and the worker that could hold them took the build over 500 MB.
 */
async function runBook(pool: RenderPool, job: BookJob, formats: readonly Format[], placement?: 'next'): Promise<ChapterJobResult> {
  // Each format's job is given the chapters made before (each writer takes those of its own keys:
  // render/pdf/bound.ts, render/docx/own-chapter.ts), and gives back those it made and the keys of
  // all it bound. The cache's record does not say which format made a file, so each job reads them all
  // (some 1.3 MB a generated report for the other format's: as much as the main process sent each
  // job before the jobs read them).
  // The chapters' files held in the staging folder (a build without a cache), each to its format's job.
  const forFormat = (format: Format): BookJob => (job.kind === 'countryReport' && job.heldFiles ? { ...job, heldFiles: job.heldFiles.filter((held) => held.format === format), formats: [format] } : { ...job, formats: [format] });
  const parts = await Promise.all(formats.filter((format) => format !== 'html').map((format) => pool.run(forFormat(format), placement)));
  const rendered = parts.map((part) => part.rendered);
  const made = rendered.flatMap((part) => part?.drawn ?? []);
  const bound = rendered.flatMap((part) => part?.bound ?? []);
  const madeAnew = rendered.some((part) => part?.drawnAnew !== undefined) ? rendered.reduce((sum, part) => sum + (part?.drawnAnew ?? 0), 0) : undefined;
  const whole = rendered.every((part) => part !== undefined)
    ? {
        outputs: rendered.flatMap((part) => part.outputs),
        problems: rendered.flatMap((part) => part.problems),
        disagreements: rendered.flatMap((part) => part.disagreements),
        ...(madeAnew === undefined ? {} : { drawnAnew: madeAnew }),
        ...(made.length > 0 ? { drawn: made } : {}),
        ...(bound.length > 0 ? { bound } : {}),
      }
    : undefined;
  return { messages: [], report: undefined, citedKeys: [], rendered: whole };
}

/** The web edition's cross-country charts against the chapters' numbers (`verifySiteCharts`): each difference on the codebook. */
async function checkSiteCharts(file: VFile | undefined, source: EditionVolumeSource, theme: Theme, files: readonly OutputFile[]): Promise<void> {
  if (file) reportSiteCharts(file, await siteChartDisagreements(source, theme, files));
}

function reportSiteCharts(file: VFile, disagreements: readonly Disagreement[]): void {
  for (const disagreement of disagreements) reportDisagreement(file, disagreement.unit, `In the web edition: ${disagreement.message}`);
}

/** Where the web edition's charts differ from the codebook and the chapters' numbers. */
async function siteChartDisagreements(source: EditionVolumeSource, theme: Theme, files: readonly OutputFile[], session?: Pick<BuildSession, 'siteCharts'>): Promise<Disagreement[]> {
  const { compareSiteCharts, siteChartsOf } = await import('../verify/verify.js');
  const pages = files.flatMap((output) => (typeof output.contents === 'string' && output.path.endsWith('.html') ? [{ path: output.path, html: output.contents }] : []));
  // A page at a time, in turns (turns.ts): the workers binding the books are served between pages.
  // A session reads again only the pages that changed since its last build (by path and content).
  const known = session?.siteCharts;
  const read = new Map<string, readonly SiteChartReading[]>();
  const charts = await mapInTurns(pages, (page) => {
    const key = sha256OfParts(page.path, page.html);
    const readings = known?.get(key) ?? siteChartsOf(page);
    read.set(key, readings);
    return readings;
  });
  if (session) session.siteCharts = read;
  return compareSiteCharts(source, theme, charts.flat());
}

/** A book's result, or undefined with a `chapter-too-large` error on `file` when it could not be made within the memory allowed. */
async function bookTooLarge<Result>(file: VFile | undefined, what: string, result: Promise<Result>): Promise<Result | undefined> {
  try {
    return await result;
  } catch (error) {
    if (!(error instanceof ChapterTooLargeError) || !file) throw error;
    report(file, 'chapter-too-large', undefined, `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be made: ${error.message}, so that a build stays under 500 MB. ${splitAdvice(error)} the chapters into smaller ones (fewer questions, or shorter assessments).`);
    return undefined;
  }
}

/** How a `chapter-too-large` message's advice begins: a worker the system stopped may fit once the machine has memory free. */
function splitAdvice(error: ChapterTooLargeError): string {
  return error.stoppedBySystem ? 'Build again with more of the machine’s memory free; if it is stopped again, split' : 'Split';
}

/** A chapter's result, or undefined with a `chapter-too-large` error on its file when it could not be rendered within the memory allowed. */
async function tooLargeAsDiagnostic<Result>(file: VFile, result: Promise<Result> | Result | undefined): Promise<Result | undefined> {
  try {
    return await result;
  } catch (error) {
    if (!(error instanceof ChapterTooLargeError)) throw error;
    report(file, 'chapter-too-large', undefined, `This chapter could not be rendered: ${error.message}, so that a build stays under 500 MB. ${splitAdvice(error)} it into smaller chapters (fewer questions, or shorter assessments).`);
    return undefined;
  }
}

function byteLength(contents: string | Uint8Array): number {
  return typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength;
}

/** Whether the file at `target` is still the one the last build wrote with this digest. */
async function unchangedSince(target: string, sha256: string, written: WrittenFile | undefined): Promise<boolean> {
  if (written?.sha256 !== sha256) return false;
  const info = await stat(target).catch(() => undefined);
  return info !== undefined && info.isFile() && info.size === written.size && info.mtimeMs === written.mtimeMs && info.ino === written.ino;
}

/**
 * Files made again on every build (the site's pages, the data files), each staged unless the output
 * folder has it with the same bytes: one the last build wrote and nobody has touched since is known
 * by its stamp (`unchangedSince`: the generated edition's 110 pages and 3.7 MB search index were
 * read back and hashed on every rebuild under --watch); any other is read and compared. Where each
 * is, for the manifest and the record of written files.
 */
async function stageUnlessSame(files: readonly OutputFile[], where: { readonly outDir: string; readonly staging: Staging; readonly lastWritten: ReadonlyMap<string, WrittenFile> }): Promise<StoredFile[]> {
  const { outDir, staging, lastWritten } = where;
  const compared = await mapInParallel(files, fileReadsAtOnce, async (file) => {
    const sha256 = sha256Of(file.contents);
    if (await unchangedSince(outputPath(outDir, file.path), sha256, lastWritten.get(file.path))) return { file, sha256, same: true };
    const now = await readOutput(outDir, file.path).catch(() => undefined);
    return { file, sha256, same: now !== undefined && sha256Of(now) === sha256 };
  });
  const stored: StoredFile[] = [];
  for (const { file, sha256, same } of compared) {
    if (!same) await staging.stage(file);
    stored.push({ path: file.path, file: outputPath(outDir, file.path), sha256, size: byteLength(file.contents) });
  }
  return stored;
}

/** A rendered chapter whose files are held in the staging folder. */
interface HeldRendering {
  readonly problems: ChapterResult['problems'];
  readonly disagreements: ChapterResult['disagreements'];
  readonly search?: ChapterResult['search'];
  readonly held: readonly { readonly path: string; readonly held: string; readonly sha256: string; readonly size: number }[];
}

type HeldResult = Omit<ChapterJobResult, 'rendered'> & { readonly rendered: HeldRendering | undefined };

/** A chapter of a build: its report's header, and its files from the cache or held from rendering. */
interface ChapterEntry {
  readonly chapter: SourceFile;
  readonly report: Report | undefined;
  readonly citedKeys: readonly string[];
  readonly cached: readonly StoredFile[] | undefined;
  readonly rendered: HeldRendering | undefined;
  /** Its numbers, for the edition volume. */
  readonly results: ChapterResults | undefined;
  /** What a reader can search for in it, for the web edition's index. */
  readonly search: readonly SearchEntry[] | undefined;
  /** Its page's place in the web edition, as its cache record's key holds it. */
  readonly siteKey: string;
  /** Its tree as the cache kept it, when it came from the cache. */
  readonly cachedTree?: CachedBytes;
}

/** Which books, chapter files and data files a build with these formats makes, for the site's links (data: whether it writes the scores as data). */
function siteFormats(formats: readonly Format[], data = false): SiteFormats {
  return { pdf: formats.includes('pdf'), docx: formats.includes('docx'), ...(data ? { data: dataPaths } : {}) };
}

/**
 * Each chapter's navigation in the web edition, by its index in the source folder: from its front
 * matter (as the cache reads a header), so before any chapter is compiled. None for a chapter whose
 * front matter does not give a header: it has errors, and the build stops.
 */
function chapterNavigationsOf(source: SourceFolder, prepared: PreparedEdition, theme: Theme, formats: readonly Format[]): (ChapterNavigation | undefined)[] {
  const codebook = prepared.codebook;
  if (!codebook) return [];
  const headers = source.chapters.map((chapter) => (isReadable(chapter) ? chapterHeader(prepared, chapter) : undefined));
  const present = headers.flatMap((header, index) => (header ? [{ header, index }] : []));
  const made = chapterNavigations(
    present.map(({ header }) => header),
    [...codebook.categories.keys()],
    siteFormats(formats),
    theme,
  );
  const navigations: (ChapterNavigation | undefined)[] = source.chapters.map(() => undefined);
  present.forEach(({ index }, place) => {
    navigations[index] = made[place];
  });
  return navigations;
}

/**
 * `rubricpress verify`: the editions already in the output folder, compared with the source as it
 * is now. Nothing is written.
 */
export async function verifyBuilt(options: Omit<BuildOptions, 'write' | 'verify' | 'cacheDir' | 'jobs' | 'session'>): Promise<BuildResult> {
  await checkFolders({ sourceDir: options.sourceDir, templatesDir: options.templatesDir, outDir: options.outDir });
  const folder = await stat(options.outDir).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new OutputError(`there is no output folder ${shownPath(options.outDir)}, so there is nothing to verify. Build the editions first: rubricpress build --out ${shownPath(options.outDir)}.`);
  }
  const output = await openOutputFolder(options.outDir, 'verify', options.faults);
  try {
    const progress = options.onProgress ?? (() => undefined);
    progress({ phase: 'read', done: 0, total: 1 });
    // The fonts tell which characters no font has: the PDF draws those as boxes, and glyph-missing reported them.
    const [loaded, source] = await Promise.all([loadTemplates(options.templatesDir, { fonts: options.formats.includes('pdf') }), readSourceFolder(options.sourceDir)]);
    const templates = loaded.templates;
    if (!templates) return { ok: false, files: loaded.files, written: [], chapters: 0, notices: output.notices };
    const checked = checkEdition(source, templates);
    const files = [...loaded.files, ...checked.files];
    if (!hasBlockingDiagnostics(files, options.strict)) {
      await verifyEditions(checked, templates, options.formats, (relative) => readOutput(options.outDir, relative), progress);
    }
    const notices = [...output.notices, await describeEdition(options.outDir)].filter((notice) => notice !== undefined);
    return { ok: !hasBlockingDiagnostics(files, options.strict), files, written: [], chapters: checked.chapters.length, notices };
  } finally {
    await output.close();
  }
}

function shownPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative === '' ? '.' : relative.startsWith('..') ? target : relative;
}

/**
 * Which edition the output folder holds: the one its last complete commit wrote (each file as
 * edition.json lists it), or how it differs from that one. Undefined when no commit left a manifest
 * (a folder written before manifests existed).
 */
async function describeEdition(outDir: string): Promise<string | undefined> {
  const manifest = await readEditionManifest(outDir);
  if (!manifest) return undefined;
  const changed: string[] = [];
  for (const file of manifest.files) {
    const bytes = await readOutput(outDir, file.path).catch(() => undefined);
    if (!bytes || bytes.byteLength !== file.size || sha256Of(bytes) !== file.sha256) changed.push(file.path);
  }
  const name = `edition ${manifest.id.slice(0, 12)}`;
  if (changed.length === 0) return `${shownPath(outDir)} holds the complete edition its last build wrote (${String(manifest.files.length)} files, ${name}).`;
  return `${shownPath(outDir)} differs from the edition its last build wrote (${name}): ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ` and ${String(changed.length - 5)} more` : ''} ${changed.length === 1 ? 'is' : 'are'} missing or changed.`;
}

/** What a build asks of the renderers beyond the templates. */
export interface RenderOptions {
  readonly pdfStandard?: PdfSubset;
  readonly sourceDate?: Date;
  readonly verify?: boolean;
  /** Size of the render pool (default: one per core). */
  readonly jobs?: number;
  /** The chapters html/index.html lists (default: those rendered). A release shard renders some chapters but lists all. */
  readonly indexChapters?: readonly CheckedChapter[];
  /** The chapters whose scores data/ holds (a release's first shard: every chapter); none: no data files. */
  readonly data?: readonly CheckedChapter[];
  /**
   * The books to make beside the chapters (a release's): country reports, each its country's chapters
   * in the codebook's order, and the edition volume of these chapters. A release shard makes some.
   */
  readonly books?: { readonly countries: readonly (readonly CheckedChapter[])[]; readonly volume?: readonly CheckedChapter[] };
}

/** The country reports of these chapters: each country's chapters, in the codebook's order, countries by their slug. */
export function countryReportChapters(checked: Pick<CheckedEdition, 'prepared' | 'chapters'>): CheckedChapter[][] {
  const codebook = checked.prepared.codebook;
  if (!codebook) return [];
  const books = countryBooks(
    checked.chapters.map((chapter) => chapter.header),
    [...codebook.categories.keys()],
  );
  return [...books.values()].map((indices) => indices.map((index) => checked.chapters[index]).filter((chapter) => chapter !== undefined));
}

/**
 * The most bytes of editions a release holds in memory to zip: some four times a full edition of 250
 * chapters. A release that would be larger stops (exit 4) rather than outgrow the memory of a build.
 */
export const maxReleaseBytes = 256_000_000;

function renderSettings(formats: readonly Format[], options: Pick<RenderOptions, 'verify' | 'pdfStandard' | 'sourceDate'>): RenderSettings {
  return {
    formats,
    verify: options.verify !== false,
    ...(options.pdfStandard ? { pdfStandard: options.pdfStandard } : {}),
    ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}),
  };
}

/** The templates the renderers read (the citation styles were used in compiling). */
function renderTemplates(templates: Templates): RenderSetup['templates'] {
  return {
    theme: templates.theme,
    layout: templates.layout,
    stylesheet: templates.stylesheet,
    ...(templates.fonts ? { fonts: templates.fonts } : {}),
    ...(templates.fallbackFonts ? { fallbackFonts: templates.fallbackFonts } : {}),
    ...(templates.chartFontFiles ? { chartFontFiles: templates.chartFontFiles } : {}),
    ...(templates.webFonts ? { servesWebFonts: true } : {}),
  };
}

/**
 * Renders (and unless told otherwise verifies) checked chapters on the render pool, each compiled
 * again where it is rendered (a worker, or this thread for a single small one), so that no thread
 * holds more than one chapter's tree; each file comes back in chapter order, and what a renderer
 * could not draw or the check found is reported on its chapter.
 */
export async function renderEdition(
  checked: Pick<CheckedEdition, 'prepared' | 'chapters'>,
  templates: Templates,
  formats: readonly Format[],
  progress: (event: ProgressEvent) => void = () => undefined,
  options: RenderOptions = {},
): Promise<OutputFile[]> {
  const setup: RenderSetup = { templates: renderTemplates(templates), ...renderSettings(formats, options) };
  const shared = sharedSources(checked.prepared.source, templates);
  const pool = createRenderPool(setup, {
    prepared: checked.prepared,
    shared,
    ...(options.jobs === undefined ? {} : { size: options.jobs }),
    chapters: checked.chapters.length,
    localChapter: checked.chapters.every((chapter) => smallEnoughForThisThread(String(chapter.source.file.value))),
  });
  try {
    const total = checked.chapters.length;
    let done = 0;
    let bytes = 0;
    progress({ phase: 'render', done, total });
    // The web edition lists every chapter the release indexes (a shard renders some of them).
    const indexChapters = options.indexChapters ?? checked.chapters;
    const codebook = checked.prepared.codebook;
    const navigations = new Map(
      formats.includes('html') && codebook
        ? chapterNavigations(
            indexChapters.map((chapter) => chapter.header),
            [...codebook.categories.keys()],
            siteFormats(formats),
            templates.theme,
          ).map((navigation, index) => [indexChapters[index]?.source.relativePath ?? '', navigation] as const)
        : [],
    );
    const results = await Promise.all(
      checked.chapters.map(async (chapter) => {
        const navigation = navigations.get(chapter.source.relativePath);
        const result = (await tooLargeAsDiagnostic(chapter.source.file, pool.run({ kind: 'source', chapter: sourceText(chapter.source), ...(navigation ? { navigation } : {}) })))?.rendered;
        done += 1;
        for (const output of result?.outputs ?? []) bytes += byteLength(output.contents);
        if (bytes > maxReleaseBytes) throw new OutputError(`the editions come to more than ${String(maxReleaseBytes / 1_000_000)} MB, more than a release holds in memory to zip; nothing was written. Release fewer chapters at a time (--shard).`);
        progress({ phase: 'render', done, total, item: chapter.source.relativePath });
        return result;
      }),
    );
    const outputs: OutputFile[] = [];
    checked.chapters.forEach((chapter, index) => {
      const result = results[index];
      // Every checked chapter is rendered, unless it was too large: reported, and the release stops.
      if (!result) return;
      reportRendering(chapter.source.file, result);
      outputs.push(...result.outputs);
    });
    // Each chapter's numbers, compiled again one at a time (cheap beside rendering), for the edition volume and the data files.
    const numbered = new Map<readonly CheckedChapter[], ChapterNumbers[]>();
    const numbersOf = (chapters: readonly CheckedChapter[]): ChapterNumbers[] => {
      let numbers = numbered.get(chapters);
      if (!numbers) numbered.set(chapters, (numbers = chapterNumbers(checked.prepared, chapters, setup.verify)));
      return numbers;
    };
    outputs.push(...(await renderReleaseBooks(checked, formats, pool, options.books, numbersOf)));
    if (options.data) outputs.push(...releaseData(checked.prepared, numbersOf(options.data), setup.verify));
    const edition = checked.prepared.edition;
    if (formats.includes('html') && indexChapters.length > 0 && codebook && edition) {
      // Every indexed chapter's numbers and words, compiled again here (cheap beside rendering).
      const members = indexChapters.flatMap(({ source, header }) => {
        const report = compiledTree(checked.prepared, source)?.children[0];
        return report ? [{ report: header, results: resultsOf(report), search: searchEntries(report, templates.theme) }] : [];
      });
      // A release holds the scores as data (its first shard's, made from every chapter), so the home page links them.
      const siteSource = editionVolumeSource(checked.prepared, codebook, edition, members);
      const site = await siteFiles({ renderer: pool.local, theme: templates.theme, source: siteSource, formats: siteFormats(formats, true), search: members.map((member) => member.search) });
      if (setup.verify) await checkSiteCharts(checked.prepared.source.codebook?.file, siteSource, templates.theme, site);
      outputs.push(...site);
      if (templates.webFonts) outputs.push(...(await webFontFiles(templates.theme, templates.webFonts, undefined)).files);
    }
    return outputs;
  } finally {
    await pool.close();
  }
}

/** A release's books, rendered (and checked) on the pool; a disagreement is reported on the chapter, or on codebook.yaml for the volume. */
/** A chapter's header, its numbers and (when the editions are checked) its scores as the data files should hold them. */
interface ChapterNumbers {
  readonly source: SourceFile;
  readonly report: Report;
  readonly results: ChapterResults;
  readonly scores: ChapterScores | undefined;
}

function chapterNumbers(prepared: PreparedEdition, chapters: readonly CheckedChapter[], withScores: boolean): ChapterNumbers[] {
  return chapters.flatMap(({ source, header }) => {
    const tree = compiledTree(prepared, source);
    return tree ? [{ source, report: header, results: resultsOf(tree.children[0]), scores: withScores ? chapterScoresOf(tree) : undefined }] : [];
  });
}

/** A release's data files, read back and checked against the chapters' trees when the editions are. */
function releaseData(prepared: PreparedEdition, numbers: readonly ChapterNumbers[], verify: boolean): OutputFile[] {
  const files = scoresData(volumeSourceOf(prepared, numbers));
  const codebookFile = prepared.source.codebook?.file;
  if (!verify || !codebookFile) return files;
  const contents = (relative: string): string | undefined => files.find((file) => file.path === relative)?.contents;
  const scores = numbers.flatMap((entry) => (entry.scores ? [entry.scores] : []));
  for (const disagreement of verifyScoresData(scores, { csv: contents(dataPaths.scoresCsv), json: contents(dataPaths.scoresJson) })) {
    reportDisagreement(numbers.find((entry) => entry.source.relativePath === disagreement.source)?.source.file ?? codebookFile, undefined, disagreement.message);
  }
  return files;
}

async function renderReleaseBooks(
  checked: Pick<CheckedEdition, 'prepared' | 'chapters'>,
  formats: readonly Format[],
  pool: RenderPool,
  books: RenderOptions['books'],
  numbersOf: (chapters: readonly CheckedChapter[]) => readonly ChapterNumbers[],
): Promise<OutputFile[]> {
  const { codebook, edition } = checked.prepared;
  if (!books || !codebook || !edition || !formats.some((format) => format !== 'html')) return [];
  const reports = await Promise.all(
    books.countries.map(async (chapters) => {
      const rendered = (await runBook(pool, { kind: 'countryReport', chapters: chapters.map((chapter) => ({ source: sourceText(chapter.source) })) }, formats)).rendered;
      // A country report's chapters are of one country.
      reportBookDisagreements(
        chapters.map((chapter) => chapter.source),
        rendered?.disagreements ?? [],
        `In the country report of ${chapters[0]?.header.country ?? ''}`,
      );
      return rendered?.outputs ?? [];
    }),
  );
  const volume = books.volume;
  if (!volume) return reports.flat();
  const results = numbersOf(volume);
  const rendered = (await runBook(pool, { kind: 'editionVolume', source: editionVolumeSource(checked.prepared, codebook, edition, results) }, formats)).rendered;
  const file = checked.prepared.source.codebook?.file;
  for (const disagreement of rendered?.disagreements ?? []) if (file) reportDisagreement(file, disagreement.unit, `In the edition volume: ${disagreement.message}`);
  return [...reports.flat(), ...(rendered?.outputs ?? [])];
}

/**
 * The agreement check over the editions in the output folder (`rubricpress verify`): each
 * chapter's files against its report tree. A missing file and every difference are reported on the
 * chapter. (A build checks each chapter where it renders it: `render-chapter.ts`.)
 */
async function verifyEditions(
  checked: CheckedEdition,
  templates: Templates,
  formats: readonly Format[],
  contentsOf: (path: string) => Promise<Uint8Array | undefined>,
  progress: (event: ProgressEvent) => void,
): Promise<void> {
  // The readers (pdfjs among them) load only when something is verified.
  const { verifyChapter } = await import('../verify/verify.js');
  const glyphs = glyphOptions(templates);
  let done = 0;
  // Each chapter's numbers, for the edition volume, and its scores as the data files should hold them.
  const results: { report: Report; results: ChapterResults }[] = [];
  const scores: ChapterScores[] = [];
  for (const { source: chapterSource, header } of checked.chapters) {
    progress({ phase: 'verify', done, total: checked.chapters.length, item: chapterSource.relativePath });
    // Compiled again, one chapter at a time (on a copy: its diagnostics were reported by the check).
    const tree = compiledTree(checked.prepared, chapterSource);
    if (!tree) continue;
    results.push({ report: header, results: resultsOf(tree.children[0]) });
    scores.push(chapterScoresOf(tree));
    const editions: { html?: string; pdf?: Uint8Array; docx?: Uint8Array } = {};
    for (const format of formats) {
      const path = editionPath(header, format);
      const contents = await contentsOf(path);
      if (contents === undefined) {
        report(chapterSource.file, 'edition-disagrees', undefined, `The ${format.toUpperCase()} edition of this chapter (${path}) is missing from the output folder. Build it first: rubricpress build --format ${format}.`);
        continue;
      }
      if (format === 'html') editions.html = new TextDecoder().decode(contents);
      else editions[format] = contents;
    }
    for (const disagreement of await verifyChapter(tree, templates.theme, editions, glyphs)) {
      reportDisagreement(chapterSource.file, disagreement.unit, disagreement.message);
    }
    done += 1;
  }
  progress({ phase: 'verify', done, total: checked.chapters.length });
  await verifyCountryReports(checked, templates, formats, contentsOf, glyphs);
  // The edition volume and the web edition are made from the same numbers: gathered once.
  const volumeSource = results.length > 0 ? volumeSourceOf(checked.prepared, results) : undefined;
  if (volumeSource) await verifyEditionVolumeFiles(checked, templates, formats, contentsOf, volumeSource, glyphs);
  await verifyScoresFiles(checked, contentsOf, scores);
  if (volumeSource && formats.includes('html')) await verifySiteFiles(checked, templates, contentsOf, volumeSource);
}

/** The web edition's cross-country charts, as the output folder holds its pages, against the chapters' numbers. */
async function verifySiteFiles(checked: CheckedEdition, templates: Templates, contentsOf: (path: string) => Promise<Uint8Array | undefined>, source: EditionVolumeSource): Promise<void> {
  const file = checked.prepared.source.codebook?.file;
  if (!file) return;
  // Which pages the site has is the presentation's to say (their paths); what they draw is read from the files.
  const pages: OutputFile[] = [];
  for (const page of presentSite(source, siteFormats(['html'], false), templates.theme)) {
    const contents = await contentsOf(page.path);
    if (contents === undefined) report(file, 'edition-disagrees', undefined, `The web edition's page ${page.path} is missing from the output folder. Build it first: rubricpress build --format html.`);
    else pages.push({ path: page.path, contents: new TextDecoder().decode(contents) });
  }
  await checkSiteCharts(file, source, templates.theme, pages);
}

/** data/scores.csv and data/scores.json, as the output folder holds them, against the chapters' trees. */
async function verifyScoresFiles(checked: CheckedEdition, contentsOf: (path: string) => Promise<Uint8Array | undefined>, scores: readonly ChapterScores[]): Promise<void> {
  const codebookFile = checked.prepared.source.codebook?.file;
  if (!codebookFile || scores.length === 0) return;
  const text = async (relative: string): Promise<string | undefined> => {
    const contents = await contentsOf(relative);
    if (contents === undefined) report(codebookFile, 'edition-disagrees', undefined, `The scores as data (${relative}) are missing from the output folder. Build the edition first: rubricpress build.`);
    return contents === undefined ? undefined : new TextDecoder('utf-8', { ignoreBOM: true }).decode(contents);
  };
  const files = { csv: await text(dataPaths.scoresCsv), json: await text(dataPaths.scoresJson) };
  for (const disagreement of verifyScoresData(scores, files)) {
    const owner = checked.chapters.find((chapter) => chapter.source.relativePath === disagreement.source)?.source.file ?? codebookFile;
    reportDisagreement(owner, undefined, disagreement.message);
  }
}

/** Which characters no font of the theme has (when the fonts were read): the PDF's boxes for them are glyph-missing's, not a disagreement. */
function glyphOptions(templates: Templates): { lacksGlyph?: (character: string) => boolean } {
  if (!templates.fonts) return {};
  const covered = themeCoverage(new FontSet(templates.fonts));
  return { lacksGlyph: (character) => lacksGlyph(character, covered) };
}

/** The edition volume in print and Word, as the output folder holds it, against the codebook and the chapters' numbers. */
async function verifyEditionVolumeFiles(
  checked: CheckedEdition,
  templates: Templates,
  formats: readonly Format[],
  contentsOf: (path: string) => Promise<Uint8Array | undefined>,
  source: EditionVolumeSource,
  glyphs: ReturnType<typeof glyphOptions>,
): Promise<void> {
  const bookFormats = formats.filter((format) => format !== 'html');
  const file = checked.prepared.source.codebook?.file;
  if (bookFormats.length === 0 || !file) return;
  const { verifyEditionVolume } = await import('../verify/verify.js');
  const editions: { pdf?: Uint8Array; docx?: Uint8Array } = {};
  for (const format of bookFormats) {
    const path = bookPath('edition', format);
    const contents = await contentsOf(path);
    if (contents === undefined) report(file, 'edition-disagrees', undefined, `The ${format.toUpperCase()} edition volume (${path}) is missing from the output folder. Build it first: rubricpress build --format ${format}.`);
    else editions[format] = contents;
  }
  for (const disagreement of await verifyEditionVolume(source, templates.theme, editions, glyphs)) {
    reportDisagreement(file, disagreement.unit, `In the edition volume ${bookFormats.map((format) => bookPath('edition', format)).join(' and ')}: ${disagreement.message}`);
  }
}

/** Each country's report in print and Word, as the output folder holds it, against its chapters' trees. */
async function verifyCountryReports(
  checked: CheckedEdition,
  templates: Templates,
  formats: readonly Format[],
  contentsOf: (path: string) => Promise<Uint8Array | undefined>,
  glyphs: ReturnType<typeof glyphOptions>,
): Promise<void> {
  const bookFormats = formats.filter((format) => format !== 'html');
  const codebook = checked.prepared.codebook;
  if (bookFormats.length === 0 || !codebook) return;
  const { verifyCountryReport } = await import('../verify/verify.js');
  const books = countryBooks(
    checked.chapters.map(({ header }) => header),
    [...codebook.categories.keys()],
  );
  for (const [countrySlug, indices] of books) {
    const members = indices.map((index) => checked.chapters[index]).filter((chapter) => chapter !== undefined);
    const first = members[0];
    if (!first) continue;
    const trees = members.map(({ source: chapterSource }) => compiledTree(checked.prepared, chapterSource));
    if (trees.some((tree) => tree === undefined)) continue;
    const editions: { pdf?: Uint8Array; docx?: Uint8Array } = {};
    for (const format of bookFormats) {
      const path = bookPath(countrySlug, format);
      const contents = await contentsOf(path);
      if (contents === undefined) report(first.source.file, 'edition-disagrees', undefined, `The ${format.toUpperCase()} country report of ${first.header.country} (${path}) is missing from the output folder. Build it first: rubricpress build --format ${format}.`);
      else editions[format] = contents;
    }
    const compiled = trees.filter((tree) => tree !== undefined);
    const publication = countryReportPublication(checked.prepared, compiled);
    const found = await verifyCountryReport(compiled, templates.theme, editions, { ...glyphs, ...(publication ? { publication } : {}) });
    reportBookDisagreements(
      members.map((member) => member.source),
      found,
      `In the country report ${bookFormats.map((format) => bookPath(countrySlug, format)).join(' and ')}`,
    );
  }
}

/** A checked chapter's tree, compiled again from a copy of its text. */
function compiledTree(prepared: PreparedEdition, chapter: SourceFile): ReportTree | undefined {
  const compiled = compiledCopy(prepared, chapter);
  return compiled ? { type: 'root', children: [compiled] } : undefined;
}

/** A difference between an edition and the source, at the unit's place (codebook text: named in the message). */
/**
 * What a book's check found, each on the chapter its text comes from (the book's first chapter
 * when it names none), after `where` (which book).
 */
function reportBookDisagreements(chapters: readonly SourceFile[], disagreements: readonly { readonly unit?: TextUnit | undefined; readonly message: string }[], where: string): void {
  for (const disagreement of disagreements) {
    const owner = chapters.find((chapter) => chapter.relativePath === disagreement.unit?.chapter) ?? chapters[0];
    if (owner) reportDisagreement(owner.file, disagreement.unit, `${where}: ${disagreement.message}`);
  }
}

function reportDisagreement(file: VFile, unit: TextUnit | undefined, message: string): void {
  const source = unit?.source;
  const where = source ? ` (The text comes from ${source.path}${source.position ? `:${String(source.position.start.line)}:${String(source.position.start.column)}` : ''}.)` : '';
  report(file, 'edition-disagrees', unit?.position, `${message}${where} If the source changed since the build, build again; otherwise this is a fault in rubricpress's renderer, not in the source: please report it with this chapter.`);
}

/** What a renderer could not draw, and what the agreement check found, on the chapter's file. */
function reportRendering(file: VFile, rendering: Pick<ChapterResult, 'problems' | 'disagreements'>): void {
  for (const problem of rendering.problems) {
    // Characters no font has were reported where they stand in the source (reportUncoveredCharacters).
    if (problem.rule === 'glyph-missing') continue;
    report(file, problem.rule ?? 'unrenderable-node', problem.position, problem.reason);
  }
  for (const disagreement of rendering.disagreements) reportDisagreement(file, disagreement.unit, disagreement.message);
}
