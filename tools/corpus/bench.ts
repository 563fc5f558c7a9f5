/**
 * `npm run bench [-- --countries N --questions N --seed N --work DIR]`: generates the corpus (by
 * default the full edition, 30 countries × 64 questions), builds it with rubricpress (HTML, PDF and
 * DOCX in one run, chapters and, where this build makes them, books: a report per country and the
 * edition volume; agreement check included, from an empty cache), again without the check, again
 * with nothing changed (all from the cache), after one chapter is edited, with that chapter edited
 * twice under `build --watch` (from saving to written, the books that hold it included), and with
 * `--book all` where the build has it; and in the same run, on the same content, the peers that are
 * installed: pandoc → HTML, pandoc → DOCX, and Chromium's print-to-PDF of pandoc's HTML, for the
 * chapters (one document) and for the same books (one per country, and the edition volume, each with
 * a contents list). Then it compares rubricpress's chapters and books with the peers' against the
 * targets of issue 16 (4×, 60 s, 500 MB per process). Then the same for the user's chapter
 * (source/), each program from a cold start, and `rubricpress preview` from saving the chapter to its
 * page reloaded in Chromium. Prints wall and CPU seconds, pages per second and peak memory (GNU time,
 * whole process tree) and each figure's ratio to rubricpress's. One run each: compare only figures
 * from the same run (the machines are shared and noisy). Not a test: nothing is asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../package-root.js';
import { writeCorpus } from './write.js';

const defaults = { countries: 30, questions: 64, seed: 1 };

interface Row {
  readonly tool: string;
  readonly output: string;
  readonly wall: number;
  /** Not measured for a time taken inside a running process (--watch). */
  readonly cpu?: number;
  readonly peakMb?: number;
  readonly pages?: number;
  readonly note?: string;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
  readonly peakMb: number;
  readonly status: number;
  readonly stderr: string;
}

/** Runs `command` under GNU time; undefined when it fails. */
async function timed(command: readonly string[], cwd: string, timesFile: string): Promise<Timing | undefined> {
  const run = spawnSync('/usr/bin/time', ['-o', timesFile, '-f', '%e %U %S %M', ...command], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = (await readFile(timesFile, 'utf8')).trim().split('\n').at(-1) ?? '';
  const [wall, user, system, rss] = line.split(' ').map(Number);
  if (wall === undefined || user === undefined || system === undefined || rss === undefined || Number.isNaN(wall)) return undefined;
  return { wall, cpu: user + system, peakMb: rss / 1024, status: run.status ?? 1, stderr: run.stderr };
}

/** What one or more runs took: seconds summed, the largest process's peak, PDF pages summed. */
interface Measure {
  readonly wall: number;
  readonly cpu: number;
  readonly peakMb: number;
  readonly pages?: number;
}

function succeeded(timing: Timing | undefined): Measure | undefined {
  return timing?.status === 0 ? { wall: timing.wall, cpu: timing.cpu, peakMb: timing.peakMb } : undefined;
}

/** The runs one after the other; undefined when one of them is missing (failed or not run). */
function together(measures: readonly (Measure | undefined)[]): Measure | undefined {
  if (measures.length === 0 || measures.some((measure) => measure === undefined)) return undefined;
  const done = measures.filter((measure) => measure !== undefined);
  const paged = done.filter((measure) => measure.pages !== undefined);
  return {
    wall: done.reduce((sum, measure) => sum + measure.wall, 0),
    cpu: done.reduce((sum, measure) => sum + measure.cpu, 0),
    peakMb: Math.max(...done.map((measure) => measure.peakMb)),
    ...(paged.length === 0 ? {} : { pages: paged.reduce((sum, measure) => sum + (measure.pages ?? 0), 0) }),
  };
}

function pdfPages(file: string): number | undefined {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const match = /^Pages:\s+(\d+)/m.exec(info.stdout);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The PDF pages rubricpress wrote: the chapters' (`pdf/<country>/<category>.pdf`) and each book's (`pdf/<name>.pdf`), by name. */
interface WrittenPages {
  readonly chapters: number;
  readonly books: ReadonlyMap<string, number>;
}

async function pagesBelow(folder: string): Promise<WrittenPages | undefined> {
  if (!existsSync(folder) || !has('pdfinfo')) return undefined;
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  let chapters = 0;
  const books = new Map<string, number>();
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.pdf')) continue;
    const pages = pdfPages(path.join(entry.parentPath, entry.name)) ?? 0;
    if (path.resolve(entry.parentPath) === path.resolve(folder)) books.set(entry.name.slice(0, -'.pdf'.length), pages);
    else chapters += pages;
  }
  return { chapters, books };
}

function allPages(written: WrittenPages | undefined): number | undefined {
  return written === undefined ? undefined : written.chapters + [...written.books.values()].reduce((sum, pages) => sum + pages, 0);
}

/** Which books rubricpress wrote (every country's report; the edition volume; each as PDF and DOCX), and what it wrote, in words. */
interface BooksWritten {
  readonly reports: boolean;
  readonly edition: boolean;
  readonly complete: boolean;
  readonly text: string;
}

function booksWritten(out: string, written: WrittenPages | undefined, countries: readonly string[]): BooksWritten {
  const missingOf = (names: readonly string[]): string[] => names.flatMap((name) => ['pdf', 'docx'].filter((format) => !existsSync(path.join(out, format, `${name}.${format}`))).map((format) => `${format}/${name}.${format}`));
  const missingReports = missingOf(countries);
  const missingEdition = missingOf(['edition']);
  const missing = [...missingReports, ...missingEdition];
  const reports = missingReports.length === 0;
  const edition = missingEdition.length === 0;
  if (missing.length === (countries.length + 1) * 2) return { reports, edition, complete: false, text: 'rubricpress wrote no books (pdf/<country>.pdf, pdf/edition.pdf and their DOCX): this build does not make them yet.' };
  const reportPages = countries.reduce((sum, name) => sum + (written?.books.get(name) ?? 0), 0);
  const editionPages = written?.books.get('edition');
  const madeReports = countries.length - missingReports.filter((file) => file.startsWith('pdf/')).length;
  const text =
    `rubricpress's books: ${String(madeReports)} of ${String(countries.length)} country reports as PDF (${String(reportPages)} pages), ` +
    `edition.pdf ${editionPages === undefined ? 'not written' : `${String(editionPages)} pages`}` +
    (missing.length === 0 ? '; every book also as DOCX.' : `; missing: ${missing.join(', ')}.`);
  return { reports, edition, complete: reports && edition, text };
}

function fixed(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

function table(rows: readonly Row[]): string {
  const base = rows[0];
  const header = ['tool', 'output', 'pages', 'wall s', 'CPU s', 'pages/s', 'peak MB', 'wall ×rp', 'CPU ×rp', 'note'];
  const body = rows.map((row) => [
    row.tool,
    row.output,
    row.pages === undefined ? '–' : String(row.pages),
    fixed(row.wall),
    fixed(row.cpu),
    row.pages === undefined ? '–' : fixed(row.pages / row.wall, 1),
    fixed(row.peakMb, 0),
    base ? fixed(row.wall / base.wall) : '–',
    base?.cpu !== undefined && row.cpu !== undefined ? fixed(row.cpu / base.cpu) : '–',
    row.note ?? '',
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => (line[i] ?? '').length)));
  const format = (line: readonly string[]): string => `| ${line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [format(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(format)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { countries: { type: 'string' }, questions: { type: 'string' }, seed: { type: 'string' }, work: { type: 'string' }, keep: { type: 'boolean', default: false } },
  });
  const options = {
    countries: Number(values.countries ?? defaults.countries),
    questions: Number(values.questions ?? defaults.questions),
    seed: Number(values.seed ?? defaults.seed),
  };
  if (!existsSync('/usr/bin/time')) throw new Error('needs GNU time (/usr/bin/time; Debian package `time`).');
  const work = values.work ?? (await mkdtemp(path.join(os.tmpdir(), 'rubricpress-bench-')));
  await mkdir(work, { recursive: true });
  const source = path.join(work, 'source');
  const peers = path.join(work, 'peers');
  const times = path.join(work, 'times.txt');
  const chapters = await writeCorpus(options, source, peers);
  const full = options.countries === 30 && options.questions === 64;
  process.stdout.write(
    `bench: corpus ${options.countries} countries × ${options.questions} questions (seed ${options.seed}), ${chapters} chapters, in ${work}\n` +
      (full ? '' : 'bench: NOT the full edition (30 × 64); run without --countries and --questions for it.\n') +
      `bench: ${os.cpus().length} cores, node ${process.version}; one run each (compare only figures of the same run).\n`,
  );

  const rows: Row[] = [];
  const refused: Row[] = [];
  const cli = path.join(packageRoot, 'bin/rubricpress.js');
  const out = path.join(work, 'out');
  // Cold: an empty output folder, so an empty cache; every chapter is compiled, rendered and checked.
  // (A --work folder used before has its output and cache from then.)
  await rm(out, { recursive: true, force: true });
  let rp = await timed(['node', cli, 'build', source, '--out', out, '--quiet'], work, times);
  // Whether the first row is the default build (agreement check included), which is timed again after the peers.
  const checked = rp?.status === 0;
  let note = 'HTML+PDF+DOCX, agreement check, cold cache';
  if (rp?.status !== 0) {
    process.stdout.write(`bench: rubricpress build failed (exit ${rp?.status ?? '?'}):\n${(rp?.stderr ?? '').split('\n').slice(0, 6).join('\n')}\nbench: timing again with --no-verify.\n`);
    if (rp !== undefined) refused.push({ tool: 'rubricpress build (refused)', output: 'nothing written', wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, note: `exit ${rp.status}: rendered and checked, check refused` });
    rp = await timed(['node', cli, 'build', source, '--out', out, '--quiet', '--no-verify'], work, times);
    note = 'HTML+PDF+DOCX, --no-verify (build with check refused)';
  }
  if (rp?.status !== 0) throw new Error('rubricpress could not build the corpus.');
  const written = await pagesBelow(path.join(out, 'pdf'));
  const countries = (await readdir(path.join(source, 'chapters'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const books = booksWritten(out, written, countries);
  const pages = allPages(written);
  const made = ['chapters', ...(books.reports ? ['country reports'] : []), ...(books.edition ? ['edition volume'] : [])].join(' + ');
  rows.push({ tool: 'rubricpress build', output: `html+pdf+docx: ${made}`, wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, ...optionalPages(pages), note });
  rows.push(...refused);
  const ours: Measure = { wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, ...optionalPages(pages) };

  const unverified = await timed(['node', cli, 'build', source, '--out', path.join(work, 'out-unverified'), '--quiet', '--no-verify', '--no-cache'], work, times);
  if (unverified?.status === 0) rows.push({ tool: 'rubricpress build --no-verify', output: `html+pdf+docx: ${made}`, ...unverified, ...optionalPages(pages), note: 'no agreement check (the peers have none)' });
  // The same build without the web edition: what the HTML chapters, the site's pages, the search index and the web fonts add (issue 17: under 20 %).
  const printOnly = await timed(['node', cli, 'build', source, '--out', path.join(work, 'out-print'), '--quiet', '--no-verify', '--no-cache', '--format', 'pdf,docx'], work, times);
  if (printOnly?.status === 0) rows.push({ tool: 'rubricpress build --no-verify', output: `pdf+docx: ${made}`, ...printOnly, note: 'no web edition: no HTML chapters, site, search index or web fonts (the data files are written)' });
  const webShare = unverified?.status === 0 && printOnly?.status === 0 ? webEditionShare(unverified, printOnly) : 'not measured (a build failed)';
  const unchanged = await timed(['node', cli, 'build', source, '--out', out, '--quiet'], work, times);
  if (unchanged?.status === 0) rows.push({ tool: 'rubricpress rebuild', output: 'html+pdf+docx', ...unchanged, note: 'nothing changed: every chapter from the cache' });
  const edited = await editOneChapter(source);
  const oneEdit = await timed(['node', cli, 'build', source, '--out', out, '--quiet'], work, times);
  const alsoBooks = books.reports ? ', and the books that hold it re-assembled' : '';
  if (oneEdit?.status === 0) rows.push({ tool: 'rubricpress rebuild', output: 'html+pdf+docx', ...oneEdit, note: `one chapter edited (${edited}): it is rendered and checked again${alsoBooks}` });
  const watched = await editUnderWatch(cli, source, out, work);
  if ('failed' in watched) process.stdout.write(`bench: build --watch not timed: ${watched.failed}\n`);
  else {
    const [first, next] = watched.seconds;
    const underWatch = { tool: 'rubricpress build --watch', output: 'html+pdf+docx' } as const;
    const until = watched.books.length === 0 ? 'written' : `written, ${watched.books.join(' and ')} included`;
    if (first !== undefined) rows.push({ ...underWatch, wall: first, note: `${watched.edited} edited under --watch, ${String(authorPauseSeconds)} s after it began watching (its first build came all from the cache): from saving to ${until}; target ${String(targets.watchSeconds)} s` });
    if (next !== undefined) rows.push({ ...underWatch, wall: next, note: `edited again: from saving to ${until}, engines loaded` });
  }
  const bookAll = await buildBookAll(cli, source, path.join(work, 'out-book-all'), work, times);
  if (bookAll.row !== undefined) rows.push(bookAll.row);

  const chapterPeers: PeerTotals = has('pandoc') ? await peersOn(peers, 'corpus', work, times) : { rows: [] };
  const bookPeers: PeerTotals & { reports?: Measure; edition?: Measure } = has('pandoc') ? await peerBooks(peers, work, times) : { rows: [] };
  if (!has('pandoc')) process.stdout.write('bench: pandoc is not installed: no peers measured.\n');
  if (has('weasyprint')) process.stdout.write('bench: weasyprint is installed but not timed here (the peers README puts it at ~44 s for 350 pages).\n');
  rows.push(...chapterPeers.rows, ...bookPeers.rows);
  const peersAll = together([chapterPeers.total, bookPeers.total]);
  // The first build again, cold, now that the peers ran: the host's speed drifts by a fifth within
  // the hour, and the two builds bracket the peers' runs (said beside the verdict, which stays the first's).
  const again = checked ? succeeded(await timed(['node', cli, 'build', source, '--out', path.join(work, 'out-again'), '--quiet'], work, times)) : undefined;
  if (again !== undefined) rows.push({ tool: 'rubricpress build', output: `html+pdf+docx: ${made}`, ...again, ...optionalPages(pages), note: 'the first row again, cold, after the peers ran' });
  if (peersAll !== undefined) rows.push({ tool: 'pandoc + chromium', output: 'html+pdf+docx: chapters + books', ...peersAll, note: 'every peer run above, one after the other' });
  process.stdout.write(`\n${table(rows)}\n\n×rp: the tool's figure divided by rubricpress's first row (above 1: rubricpress is faster). Peak MB: the largest process (GNU time %M; a process's worker threads included).\n`);
  // What the peers made that rubricpress made too: the like-for-like comparison while rubricpress makes only some of the books.
  const sameWork = { made, peers: together([chapterPeers.total, ...(books.reports ? [bookPeers.reports] : []), ...(books.edition ? [bookPeers.edition] : [])]) };
  const verdict = comparison({ ours, oursNote: note, books, full, cores: os.cpus().length, peers: peersAll, sameWork, bookAll: bookAll.text, watch: watchVerdict(watched), ...(again ? { again } : {}) });
  process.stdout.write(`\n${verdict}\n`);
  process.stdout.write(`- the web edition: ${webShare}\n`);
  process.stdout.write(`\nThe user's chapter (source/, Japan, Coordination), from a cold start of each program:\n\n${table(await japanRows(work, cli, times))}\n`);
  if (values.work === undefined && !values.keep) await rm(work, { recursive: true, force: true });
  return 0;
}

/** The targets of issue 16 for the full edition: the default build, chapters and books, against the peers making the same. */
const targets = { ratio: 4, seconds: 60, megabytes: 500, watchSeconds: 3 } as const;

function metOrNot(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

/**
 * The lines comparing rubricpress's chapters and books with the peers' in this run, each target of
 * issue 16 said met or not. The peers run one after the other, as rubricpress's rows do (one
 * process using every core); their CPU seconds over the cores is what they would take at best
 * run side by side, which is said too.
 */
function comparison(input: { ours: Measure; oursNote: string; books: BooksWritten; full: boolean; cores: number; peers: Measure | undefined; sameWork: { made: string; peers: Measure | undefined }; bookAll: string; watch: string; again?: Measure }): string {
  const { ours, books, peers } = input;
  const lines = ['rubricpress (chapters + books) against pandoc + Chromium (chapters + books), this run:', `- ${books.text}`];
  lines.push(`- rubricpress build (${input.oursNote}): ${fixed(ours.wall)} s wall, ${fixed(ours.cpu)} s CPU, peak ${fixed(ours.peakMb, 0)} MB${ours.pages === undefined ? '' : `, ${String(ours.pages)} PDF pages`}.`);
  if (peers === undefined) lines.push('- pandoc + Chromium: not measured in full (a peer is not installed or a run failed; see above): no ratio.');
  else {
    const ratio = peers.wall / ours.wall;
    const sideBySide = peers.cpu / input.cores;
    lines.push(
      `- pandoc + Chromium: ${fixed(peers.wall)} s wall one run after the other (at best ${fixed(sideBySide)} s with ${String(input.cores)} runs side by side: ${fixed(peers.cpu)} s CPU / ${String(input.cores)} cores), peak ${fixed(peers.peakMb, 0)} MB${peers.pages === undefined ? '' : `, ${String(peers.pages)} PDF pages`}.`,
      books.complete
        ? `- ratio: ${fixed(ratio)}× (target ≥ ${String(targets.ratio)}×: ${metOrNot(ratio >= targets.ratio)}); against the peers side by side at best: ${fixed(sideBySide / ours.wall)}×.`
        : `- ratio: ${fixed(ratio)}×, not judged against the target (≥ ${String(targets.ratio)}×): NOT like for like, rubricpress made only ${input.sameWork.made}, the peers chapters and every book.`,
    );
    if (input.again !== undefined) {
      const mean = (ours.wall + input.again.wall) / 2;
      lines.push(`- the same build again after the peers ran: ${fixed(input.again.wall)} s wall, ${fixed(input.again.cpu)} s CPU (ratio ${fixed(peers.wall / input.again.wall)}×); the two builds' mean, ${fixed(mean)} s, bracketing the peers' runs: ${fixed(peers.wall / mean)}× (the verdict above is the first build's).`);
    }
    const same = input.sameWork.peers;
    if (!books.complete && same !== undefined) lines.push(`- like for like, ${input.sameWork.made} only: pandoc + Chromium ${fixed(same.wall)} s (at best ${fixed(same.cpu / input.cores)} s side by side), ratio ${fixed(same.wall / ours.wall)}× (at best side by side ${fixed(same.cpu / input.cores / ours.wall)}×).`);
  }
  lines.push(
    books.complete
      ? `- ${String(targets.seconds)} s for the full edition, chapters and books: ${metOrNot(ours.wall < targets.seconds)} (${fixed(ours.wall)} s).`
      : `- ${String(targets.seconds)} s for the full edition, chapters and books: not judged, not every book was made (${input.sameWork.made}: ${fixed(ours.wall)} s).`,
    `- ${String(targets.megabytes)} MB per process: ${metOrNot(ours.peakMb < targets.megabytes)} (${fixed(ours.peakMb, 0)} MB).`,
    `- --book all (exempt from the ${String(targets.megabytes)} MB target): ${input.bookAll}`,
    `- build --watch, an edited chapter ${input.watch}`,
  );
  if (!input.full) lines.push('- This corpus is NOT the full edition (30 × 64): the targets are for the full edition; these verdicts only show the bench at work.');
  return lines.join('\n');
}

/** How much the web edition adds to a build (both without the check, cold), against issue 17's 20 %. */
function webEditionShare(withWeb: Measure, printOnly: Measure): string {
  const share = (withWeb.wall - printOnly.wall) / printOnly.wall;
  const cpuShare = (withWeb.cpu - printOnly.cpu) / printOnly.cpu;
  return (
    `HTML chapters, site pages, search index and web fonts add ${fixed(share * 100, 1)} % wall (${fixed(cpuShare * 100, 1)} % CPU) to the build without them ` +
    `(target under 20 % for the site, search index and data: ${metOrNot(share < 0.2)}; an upper bound, as the HTML chapters are counted in it).`
  );
}

/** The `--watch` figures against the 3 s target, in words: the slower of the two edits is judged. */
function watchVerdict(watched: { seconds: readonly number[]; books: readonly string[] } | { failed: string }): string {
  if ('failed' in watched) return `not timed: ${watched.failed.split('\n')[0] ?? ''}`;
  const slowest = Math.max(...watched.seconds);
  const what = watched.books.length === 0 ? 'rewritten (no book holds it in this build)' : `and ${watched.books.join(' and ')} rewritten`;
  return `${what} in ${watched.seconds.map((seconds) => fixed(seconds)).join(' s and ')} s (target ${String(targets.watchSeconds)} s: ${metOrNot(slowest < targets.watchSeconds)}).`;
}

/** Whether this rubricpress's `build` has `--book` (its help says so). */
function buildHasBook(cli: string): boolean {
  const help = spawnSync(process.execPath, [cli, 'build', '--help'], { encoding: 'utf8' });
  return /--book\b/.test(`${help.stdout}${help.stderr}`);
}

/** `build --book all` from an empty cache, into a folder of its own; its row, and a sentence for the comparison. */
async function buildBookAll(cli: string, source: string, out: string, work: string, times: string): Promise<{ row?: Row; text: string }> {
  if (!buildHasBook(cli)) return { text: 'not supported yet (`rubricpress build --help` names no --book).' };
  await rm(out, { recursive: true, force: true });
  const run = await timed(['node', cli, 'build', source, '--out', out, '--quiet', '--book', 'all'], work, times);
  if (run?.status !== 0) return { text: `failed (exit ${String(run?.status ?? '?')}): ${(run?.stderr ?? '').split('\n').slice(0, 3).join(' ')}` };
  const pages = allPages(await pagesBelow(path.join(out, 'pdf')));
  return {
    row: { tool: 'rubricpress build --book all', output: 'html+pdf+docx: chapters + books + all-countries volume', ...run, ...optionalPages(pages), note: 'agreement check, cold cache; exempt from the 500 MB target' },
    text: `peak ${fixed(run.peakMb, 0)} MB, ${fixed(run.wall)} s wall, cold cache.`,
  };
}

function chromium(): string | undefined {
  return ['chromium', 'chromium-browser', 'google-chrome'].find(has);
}

function chromiumPrint(chrome: string, profile: string, html: string, pdf: string): string[] {
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-zygote'];
  return [chrome, ...flags, `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', html];
}

/** The chapter the bench edits, relative to `chapters/`: the first by path (`<country>/<category>.md`). */
async function chapterToEdit(source: string): Promise<string> {
  const chapters = (await readdir(path.join(source, 'chapters'), { recursive: true })).filter((name) => name.endsWith('.md')).sort();
  const first = chapters[0];
  if (first === undefined) throw new Error('the corpus has no chapter to edit.');
  return first.split(path.sep).join('/');
}

/** An author's edit: a sentence added to the first chapter's key findings. Returns the chapter's path. */
async function editOneChapter(source: string): Promise<string> {
  const first = await chapterToEdit(source);
  const file = path.join(source, 'chapters', first);
  const text = await readFile(file, 'utf8');
  const edited = text.replace(':::key-findings\n', ':::key-findings\nAn author fixed a comma here, and added this sentence.\n\n');
  // Otherwise the row would time a rebuild with nothing changed.
  if (edited === text) throw new Error(`chapters/${first} has no :::key-findings line to edit.`);
  await writeFile(file, edited);
  return `chapters/${first}`;
}

/** A file's identity and time of writing (rubricpress replaces a file by renaming a new one onto it); undefined when there is none. */
async function stampOf(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info === undefined ? undefined : `${String(info.ino)}:${String(info.mtimeMs)}:${String(info.size)}`;
}

/** When every file has been written again (its stamp differs from `before`), polled every 10 ms; undefined once `givenUp()`. */
async function rewrittenAt(files: readonly string[], before: readonly (string | undefined)[], givenUp: () => boolean): Promise<number | undefined> {
  for (;;) {
    const now = await Promise.all(files.map(stampOf));
    if (now.every((stamp, i) => stamp !== undefined && stamp !== before[i])) return performance.now();
    if (givenUp()) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * `build --watch` on the corpus: once its first build is done (all from the cache), one chapter is
 * edited twice (the first time a few seconds after the watch began, as an author would), and the
 * time from saving the file to the rebuild's summary line is measured each time (it includes the
 * 40 ms the watcher waits for the saving to settle); where the first build wrote the books that
 * hold the chapter (its country's report, `pdf/<country>.pdf` and `docx/<country>.docx`), until
 * those are written again too, if that is later. Then Ctrl-C.
 */
async function editUnderWatch(cli: string, source: string, out: string, work: string): Promise<{ seconds: readonly number[]; edited: string; books: readonly string[] } | { failed: string }> {
  const child = spawn(process.execPath, [cli, 'build', source, '--out', out, '--watch'], { cwd: work, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let output = '';
  let ended = false;
  child.stderr.setEncoding('utf8');
  // One listener for the child's whole life: nothing it writes between two waits is lost.
  let heard = (): void => undefined;
  child.stderr.on('data', (chunk: string) => {
    output += chunk;
    heard();
  });
  void exited.then(() => {
    ended = true;
    heard();
  });
  child.once('error', () => {
    ended = true;
    heard();
  });
  /** Until `pattern` is in what the child wrote from `from` on; a failed build, the child's end or a timeout is an error. */
  const waitFor = (pattern: RegExp, from: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no "${pattern.source}" within ${String(watchTimeoutSeconds)} s; it wrote:\n${output.slice(from).trim().split('\n').slice(-6).join('\n')}`));
      }, watchTimeoutSeconds * 1000);
      heard = () => {
        const written = output.slice(from);
        const settle = (error?: Error): void => {
          clearTimeout(timer);
          heard = () => undefined;
          if (error) reject(error);
          else resolve();
        };
        if (pattern.test(written)) settle();
        else if (/^rubricpress: (nothing was written|.*problem)/m.test(written)) settle(new Error(`the build failed:\n${written.trim()}`));
        else if (ended) settle(new Error(`it ended:\n${output.trim()}`));
      };
      heard();
    });
  // Ends the polling for the books when the watch fails.
  let stopped = false;
  try {
    await waitFor(/watching .* for changes/, 0);
    // An author does not save within milliseconds of starting the watch: give it the moment it
    // uses to load the engines after a first build that came all from the cache.
    await new Promise((resolve) => setTimeout(resolve, authorPauseSeconds * 1000));
    const seconds: number[] = [];
    let edited = '';
    const country = (await chapterToEdit(source)).split('/')[0] ?? '';
    const books = [`pdf/${country}.pdf`, `docx/${country}.docx`].filter((file) => existsSync(path.join(out, file)));
    const bookFiles = books.map((file) => path.join(out, file));
    for (let edit = 0; edit < 2; edit += 1) {
      const before = output.length;
      const stamps = await Promise.all(bookFiles.map(stampOf));
      const started = performance.now();
      const rebuild: { summaryAt?: number } = {};
      // Until the books are written again; given up a while after the rebuild's summary, or when the watch failed.
      const booksAt = rewrittenAt(bookFiles, stamps, () => stopped || (rebuild.summaryAt === undefined ? performance.now() - started > watchTimeoutSeconds * 1000 : performance.now() - rebuild.summaryAt > bookGraceSeconds * 1000));
      edited = await editOneChapter(source);
      await waitFor(/^rubricpress: wrote .* in [\d.]+ s\.$/m, before);
      const summaryAt = performance.now();
      rebuild.summaryAt = summaryAt;
      const booksDone = bookFiles.length === 0 ? summaryAt : await booksAt;
      if (booksDone === undefined) throw new Error(`${books.join(' and ')} not written again within ${String(bookGraceSeconds)} s of the rebuild's summary line`);
      seconds.push((Math.max(summaryAt, booksDone) - started) / 1000);
    }
    return { seconds, edited, books };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  } finally {
    stopped = true;
    // Ctrl-C ends it after the rebuild under way; one that does not end is killed.
    if (!ended) {
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), watchTimeoutSeconds * 1000);
      await exited;
      clearTimeout(killer);
    }
  }
}

/** How long the bench waits for `build --watch` to start, or to rebuild after an edit. */
const watchTimeoutSeconds = 120;

/** How long after a rebuild's summary line under `build --watch` the bench waits for the books holding the edited chapter. */
const bookGraceSeconds = 10;

/** How long after `build --watch` began watching the bench saves its first edit. */
const authorPauseSeconds = 3;

/** The seed chapter: rubricpress cold (no cache) and warm, and the peers on ../shared/peers/pandoc's twin of it. */
async function japanRows(work: string, cli: string, times: string): Promise<Row[]> {
  const rows: Row[] = [];
  const out = path.join(work, 'japan-out');
  await rm(out, { recursive: true, force: true });
  const cold = await timed(['node', cli, 'build', path.join(packageRoot, 'source'), '--out', out, '--quiet'], work, times);
  const written = await pagesBelow(path.join(out, 'pdf'));
  const bookPages = [...(written?.books.values() ?? [])].reduce((sum, pages) => sum + pages, 0);
  const books = written === undefined || written.books.size === 0 ? '' : `; ${String(bookPages)} of its pages in books (${[...written.books.keys()].map((name) => `${name}.pdf`).join(', ')})`;
  if (cold?.status === 0) rows.push({ tool: 'rubricpress build', output: 'html+pdf+docx', ...cold, ...optionalPages(allPages(written)), note: `agreement check, empty cache${books}` });
  const warm = await timed(['node', cli, 'build', path.join(packageRoot, 'source'), '--out', out, '--quiet'], work, times);
  if (warm?.status === 0) rows.push({ tool: 'rubricpress build', output: 'html+pdf+docx', ...warm, note: 'unchanged: from the cache' });
  const unverified = await timed(['node', cli, 'build', path.join(packageRoot, 'source'), '--out', path.join(work, 'japan-unverified'), '--quiet', '--no-cache', '--no-verify'], work, times);
  if (unverified?.status === 0) rows.push({ tool: 'rubricpress build --no-verify', output: 'html+pdf+docx', ...unverified, note: 'no agreement check, no cache' });
  const reloads = await previewReloads(cli, work);
  if ('failed' in reloads) process.stdout.write(`bench: preview not timed: ${reloads.failed}\n`);
  else {
    const sorted = [...reloads.seconds].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    rows.push({ tool: 'rubricpress preview', output: 'html', wall: median, note: `saved by rename → page reloaded in Chromium: median of ${String(sorted.length)} saves (${sorted.map((value) => value.toFixed(2)).join(', ')} s); target 0.5 s` });
  }
  const peerFolder = path.resolve(packageRoot, '../shared/peers/pandoc');
  if (!has('pandoc') || !existsSync(path.join(peerFolder, 'japan.md'))) return rows;
  const peers = path.join(work, 'japan-peers');
  await mkdir(peers, { recursive: true });
  for (const name of ['japan.md', 'refs.json']) await writeFile(path.join(peers, name), await readFile(path.join(peerFolder, name)));
  return [...rows, ...(await peersOn(peers, 'japan', work, times)).rows];
}

/**
 * `rubricpress preview` on a copy of the user's chapter, its page open in Chromium (playwright-core
 * driving the installed browser): the chapter is saved by rename five times, a second apart, and
 * each time the seconds from the rename to the reloaded page's load event are taken.
 */
async function previewReloads(cli: string, work: string): Promise<{ seconds: readonly number[] } | { failed: string }> {
  const chrome = chromium();
  if (chrome === undefined) return { failed: 'no Chromium installed' };
  const { chromium: playwright } = await import('playwright-core');
  const source = path.join(work, 'preview-source');
  await rm(source, { recursive: true, force: true });
  await cp(path.join(packageRoot, 'source'), source, { recursive: true });
  const child = spawn(process.execPath, [cli, 'preview', source, '--out', path.join(work, 'preview-out'), '--port', '0'], { cwd: work, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (output += chunk));
  const browser = await playwright.launch({ executablePath: execPath(chrome), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const started = Date.now();
    let url: string | undefined;
    while (url === undefined) {
      url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (url === undefined && Date.now() - started > watchTimeoutSeconds * 1000) return { failed: `no address within ${String(watchTimeoutSeconds)} s: ${output.slice(0, 300)}` };
      if (child.exitCode !== null) return { failed: `preview ended: ${output.slice(0, 300)}` };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const page = await browser.newPage();
    await page.goto(new URL('html/japan/coordination.html', url).href, { waitUntil: 'load' });
    const chapter = path.join(source, 'chapters/japan/coordination.md');
    const seconds: number[] = [];
    for (let save = 1; save <= 5; save += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const text = (await readFile(chapter, 'utf8')).replace(':::key-findings\n', `:::key-findings\nSaved ${String(save)} times during the bench.\n\n`);
      await writeFile(`${chapter}.swp`, text);
      const loaded = page.waitForEvent('load', { timeout: watchTimeoutSeconds * 1000 });
      const saved = performance.now();
      await rename(`${chapter}.swp`, chapter);
      await loaded;
      seconds.push((performance.now() - saved) / 1000);
    }
    return { seconds };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  } finally {
    await browser.close();
    child.kill('SIGINT');
  }
}

/** The browser's file, for a command found on the PATH. */
function execPath(command: string): string {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
}

/** What the peers took on one document: pandoc → HTML, pandoc → DOCX, Chromium's print-to-PDF of the HTML (with its pages). */
interface PeerDocument {
  readonly html?: Measure;
  readonly docx?: Measure;
  readonly pdf?: Measure;
}

/** pandoc `input` (a path relative to `folder`, which holds refs.json) → HTML and DOCX with `flags`, and Chromium's PDF of the HTML, each timed. */
async function peerDocument(folder: string, input: string, flags: readonly string[], work: string, times: string): Promise<PeerDocument> {
  const base = input.replace(/\.md$/, '');
  const html = succeeded(await timed(['pandoc', input, ...flags, '-s', '-o', `${base}.html`], folder, times));
  const docx = succeeded(await timed(['pandoc', input, ...flags, '-o', `${base}.docx`], folder, times));
  const chrome = chromium();
  if (html === undefined || chrome === undefined) return { html, docx };
  const printed = succeeded(await timed(chromiumPrint(chrome, path.join(work, 'chromium-profile'), `${base}.html`, `${base}.pdf`), folder, times));
  const pdf = printed === undefined ? undefined : { ...printed, ...optionalPages(has('pdfinfo') ? pdfPages(path.join(folder, `${base}.pdf`)) : undefined) };
  return { html, docx, pdf };
}

/**
 * The peers on `<name>.md` in `folder` (every chapter in one document): pandoc → HTML and → DOCX
 * (with citeproc), Chromium's print-to-PDF of pandoc's HTML, and the three together.
 */
/** The rows of some peer runs, and their sum when every run succeeded. */
interface PeerTotals {
  readonly rows: Row[];
  readonly total?: Measure;
}

async function peersOn(folder: string, name: string, work: string, times: string): Promise<PeerTotals> {
  const runs = await peerDocument(folder, `${name}.md`, ['--citeproc'], work, times);
  const rows: Row[] = [];
  if (runs.html !== undefined) rows.push({ tool: 'pandoc --citeproc', output: 'html', ...runs.html });
  if (runs.docx !== undefined) rows.push({ tool: 'pandoc --citeproc', output: 'docx', ...runs.docx });
  if (runs.pdf === undefined) return { rows };
  rows.push({ tool: `${chromium() ?? 'chromium'} print-to-pdf`, output: 'pdf (of pandoc html)', ...runs.pdf, note: '--no-zygote' });
  const total = together([runs.html, runs.pdf, runs.docx]);
  if (total !== undefined) rows.push({ tool: 'pandoc + chromium', output: 'html+pdf+docx', ...total, note: 'sum of the three runs' });
  return { rows, ...(total === undefined ? {} : { total }) };
}

/** Rows for one kind of output over several documents: their runs one after the other; how many failed. */
function summed(tool: string, output: string, measures: readonly (Measure | undefined)[], note: string): Row | undefined {
  const done = measures.filter((measure) => measure !== undefined);
  const all = together(done);
  if (all === undefined) return undefined;
  const failed = measures.length - done.length;
  return { tool, output, ...all, note: failed === 0 ? note : `${note}; ${String(failed)} of ${String(measures.length)} FAILED (not counted)` };
}

/**
 * The peers making the same books as rubricpress: for every country (`books/<slug>.md`: a title
 * block, its chapters in codebook order, one bibliography) and for the edition volume
 * (`edition.md`), pandoc → HTML and → DOCX with a contents list (`--toc`: categories, sub-categories,
 * questions), and Chromium's print-to-PDF of the HTML; each document a run of its own, one after the
 * other, as a Makefile would. Chromium prints no page numbers into pandoc's contents list (no CSS
 * paged media there), so the peers' books have less in them than rubricpress's.
 */
async function peerBooks(folder: string, work: string, times: string): Promise<PeerTotals & { reports?: Measure; edition?: Measure }> {
  const names = existsSync(path.join(folder, 'books')) ? (await readdir(path.join(folder, 'books'))).filter((name) => name.endsWith('.md')).sort() : [];
  const reports: PeerDocument[] = [];
  for (const name of names) reports.push(await peerDocument(folder, `books/${name}`, ['--citeproc', '--toc', '--toc-depth=3'], work, times));
  const edition = existsSync(path.join(folder, 'edition.md')) ? await peerDocument(folder, 'edition.md', ['--toc', '--toc-depth=3'], work, times) : {};
  const chrome = `${chromium() ?? 'chromium'} print-to-pdf`;
  const count = `${String(names.length)} country reports`;
  const rows = [
    summed('pandoc --citeproc --toc', `html: ${count}`, reports.map((report) => report.html), 'one run per report, summed'),
    summed('pandoc --citeproc --toc', `docx: ${count}`, reports.map((report) => report.docx), 'one run per report, summed'),
    summed(chrome, `pdf: ${count}`, reports.map((report) => report.pdf), 'of pandoc html, one run per report, summed'),
    summed('pandoc --toc', 'html: edition volume', [edition.html], 'codebook, ranks and scores, list of reports'),
    summed('pandoc --toc', 'docx: edition volume', [edition.docx], ''),
    summed(chrome, 'pdf: edition volume', [edition.pdf], 'of pandoc html'),
  ].filter((row) => row !== undefined);
  const runsOf = (documents: readonly PeerDocument[]): (Measure | undefined)[] => documents.flatMap((document) => [document.html, document.docx, document.pdf]);
  const reportsTotal = names.length === 0 ? undefined : together(runsOf(reports));
  const editionTotal = together(runsOf([edition]));
  const total = together([reportsTotal, editionTotal]);
  if (total !== undefined) rows.push({ tool: 'pandoc + chromium', output: 'html+pdf+docx: books', ...total, note: 'every book run above, one after the other' });
  return { rows, ...(total === undefined ? {} : { total }), ...(reportsTotal === undefined ? {} : { reports: reportsTotal }), ...(editionTotal === undefined ? {} : { edition: editionTotal }) };
}

function optionalPages(pages: number | undefined): { pages?: number } {
  return pages === undefined ? {} : { pages };
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
