/**
 * `npm run bench [-- --countries N --questions N --seed N --work DIR]`: generates the corpus (by
 * default the full edition, 30 countries × 64 questions), builds it with rubricpress (HTML, PDF and
 * DOCX in one run, agreement check included, from an empty cache), again without the check, again
 * with nothing changed (all from the cache), after one chapter is edited, and with that chapter
 * edited twice under `build --watch` (from saving to written); and in the same run, on
 * the same content, the peers that are installed: pandoc → HTML, pandoc → DOCX, and Chromium's
 * print-to-PDF of pandoc's HTML. Then the same for the user's chapter (source/), each program from a
 * cold start, and `rubricpress preview` from saving the chapter to its page reloaded in Chromium. Prints wall and CPU seconds, pages per second and peak memory (GNU time, whole process
 * tree) and each figure's ratio to rubricpress's. One run each: compare only figures from the same
 * run (the machines are shared and noisy). Not a test: nothing is asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
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

/** Runs `command` under GNU time; undefined when it fails. */
async function timed(command: readonly string[], cwd: string, timesFile: string): Promise<{ wall: number; cpu: number; peakMb: number; status: number; stderr: string } | undefined> {
  const run = spawnSync('/usr/bin/time', ['-o', timesFile, '-f', '%e %U %S %M', ...command], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = (await readFile(timesFile, 'utf8')).trim().split('\n').at(-1) ?? '';
  const [wall, user, system, rss] = line.split(' ').map(Number);
  if (wall === undefined || user === undefined || system === undefined || rss === undefined || Number.isNaN(wall)) return undefined;
  return { wall, cpu: user + system, peakMb: rss / 1024, status: run.status ?? 1, stderr: run.stderr };
}

function pdfPages(file: string): number | undefined {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const match = /^Pages:\s+(\d+)/m.exec(info.stdout);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

async function pagesBelow(folder: string): Promise<number | undefined> {
  if (!existsSync(folder) || !has('pdfinfo')) return undefined;
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.pdf')) continue;
    total += pdfPages(path.join(entry.parentPath, entry.name)) ?? 0;
  }
  return total;
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
  let note = 'HTML+PDF+DOCX, agreement check, cold cache';
  if (rp?.status !== 0) {
    process.stdout.write(`bench: rubricpress build failed (exit ${rp?.status ?? '?'}):\n${(rp?.stderr ?? '').split('\n').slice(0, 6).join('\n')}\nbench: timing again with --no-verify.\n`);
    if (rp !== undefined) refused.push({ tool: 'rubricpress build (refused)', output: 'nothing written', wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, note: `exit ${rp.status}: rendered and checked, check refused` });
    rp = await timed(['node', cli, 'build', source, '--out', out, '--quiet', '--no-verify'], work, times);
    note = 'HTML+PDF+DOCX, --no-verify (build with check refused)';
  }
  if (rp?.status !== 0) throw new Error('rubricpress could not build the corpus.');
  const pages = await pagesBelow(path.join(out, 'pdf'));
  rows.push({ tool: 'rubricpress build', output: 'html+pdf+docx', wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, ...optionalPages(pages), note });
  rows.push(...refused);

  const unverified = await timed(['node', cli, 'build', source, '--out', path.join(work, 'out-unverified'), '--quiet', '--no-verify', '--no-cache'], work, times);
  if (unverified?.status === 0) rows.push({ tool: 'rubricpress build --no-verify', output: 'html+pdf+docx', ...unverified, ...optionalPages(pages), note: 'no agreement check (the peers have none)' });
  const unchanged = await timed(['node', cli, 'build', source, '--out', out, '--quiet'], work, times);
  if (unchanged?.status === 0) rows.push({ tool: 'rubricpress rebuild', output: 'html+pdf+docx', ...unchanged, note: 'nothing changed: every chapter from the cache' });
  const edited = await editOneChapter(source);
  const oneEdit = await timed(['node', cli, 'build', source, '--out', out, '--quiet'], work, times);
  if (oneEdit?.status === 0) rows.push({ tool: 'rubricpress rebuild', output: 'html+pdf+docx', ...oneEdit, note: `one chapter edited (${edited}): it is rendered and checked again` });
  const watched = await editUnderWatch(cli, source, out, work);
  if ('failed' in watched) process.stdout.write(`bench: build --watch not timed: ${watched.failed}\n`);
  else {
    const [first, next] = watched.seconds;
    const underWatch = { tool: 'rubricpress build --watch', output: 'html+pdf+docx' } as const;
    if (first !== undefined) rows.push({ ...underWatch, wall: first, note: `${watched.edited} edited under --watch, ${String(authorPauseSeconds)} s after it began watching (its first build came all from the cache): from saving to written` });
    if (next !== undefined) rows.push({ ...underWatch, wall: next, note: 'edited again: from saving to written, engines loaded' });
  }

  const peerRows = has('pandoc') ? await peersOn(peers, 'corpus', work, times) : [];
  if (!has('pandoc')) process.stdout.write('bench: pandoc is not installed: no peers measured.\n');
  if (has('weasyprint')) process.stdout.write('bench: weasyprint is installed but not timed here (the peers README puts it at ~44 s for 350 pages).\n');
  rows.push(...peerRows);
  process.stdout.write(`\n${table(rows)}\n\n×rp: the tool's figure divided by rubricpress's first row (above 1: rubricpress is faster). Peak MB: the largest process (GNU time %M; a process's worker threads included).\n`);
  process.stdout.write(`\nThe user's chapter (source/, Japan, Coordination), from a cold start of each program:\n\n${table(await japanRows(work, cli, times))}\n`);
  if (values.work === undefined && !values.keep) await rm(work, { recursive: true, force: true });
  return 0;
}

function chromium(): string | undefined {
  return ['chromium', 'chromium-browser', 'google-chrome'].find(has);
}

function chromiumPrint(chrome: string, profile: string, html: string, pdf: string): string[] {
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-zygote'];
  return [chrome, ...flags, `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', html];
}

/** An author's edit: a sentence added to the first chapter's key findings. Returns the chapter's path. */
async function editOneChapter(source: string): Promise<string> {
  const chapters = (await readdir(path.join(source, 'chapters'), { recursive: true })).filter((name) => name.endsWith('.md')).sort();
  const first = chapters[0];
  if (first === undefined) throw new Error('the corpus has no chapter to edit.');
  const file = path.join(source, 'chapters', first);
  const text = await readFile(file, 'utf8');
  const edited = text.replace(':::key-findings\n', ':::key-findings\nAn author fixed a comma here, and added this sentence.\n\n');
  // Otherwise the row would time a rebuild with nothing changed.
  if (edited === text) throw new Error(`chapters/${first} has no :::key-findings line to edit.`);
  await writeFile(file, edited);
  return `chapters/${first}`;
}

/**
 * `build --watch` on the corpus: once its first build is done (all from the cache), one chapter is
 * edited twice (the first time a few seconds after the watch began, as an author would), and the
 * time from saving the file to the rebuild's summary line is measured each time (it includes the
 * 150 ms the watcher waits for the saving to settle). Then Ctrl-C.
 */
async function editUnderWatch(cli: string, source: string, out: string, work: string): Promise<{ seconds: readonly number[]; edited: string } | { failed: string }> {
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
        reject(new Error(`no "${pattern.source}" within ${String(watchTimeoutSeconds)} s`));
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
  try {
    await waitFor(/watching .* for changes/, 0);
    // An author does not save within milliseconds of starting the watch: give it the moment it
    // uses to load the engines after a first build that came all from the cache.
    await new Promise((resolve) => setTimeout(resolve, authorPauseSeconds * 1000));
    const seconds: number[] = [];
    let edited = '';
    for (let edit = 0; edit < 2; edit += 1) {
      const before = output.length;
      const saved = editOneChapter(source);
      const started = performance.now();
      edited = await saved;
      await waitFor(/^rubricpress: wrote .* in [\d.]+ s\.$/m, before);
      seconds.push((performance.now() - started) / 1000);
    }
    return { seconds, edited };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  } finally {
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

/** How long after `build --watch` began watching the bench saves its first edit. */
const authorPauseSeconds = 3;

/** The seed chapter: rubricpress cold (no cache) and warm, and the peers on ../shared/peers/pandoc's twin of it. */
async function japanRows(work: string, cli: string, times: string): Promise<Row[]> {
  const rows: Row[] = [];
  const out = path.join(work, 'japan-out');
  await rm(out, { recursive: true, force: true });
  const cold = await timed(['node', cli, 'build', path.join(packageRoot, 'source'), '--out', out, '--quiet'], work, times);
  if (cold?.status === 0) rows.push({ tool: 'rubricpress build', output: 'html+pdf+docx', ...cold, ...optionalPages(await pagesBelow(path.join(out, 'pdf'))), note: 'agreement check, empty cache' });
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
  return [...rows, ...(await peersOn(peers, 'japan', work, times))];
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

/**
 * The peers on `<name>.md` in `folder`: pandoc → HTML and → DOCX (with citeproc), Chromium's
 * print-to-PDF of pandoc's HTML, and the three together.
 */
async function peersOn(folder: string, name: string, work: string, times: string): Promise<Row[]> {
  const rows: Row[] = [];
  const html = await timed(['pandoc', `${name}.md`, '--citeproc', '-s', '-o', `${name}.html`], folder, times);
  if (html?.status === 0) rows.push({ tool: 'pandoc --citeproc', output: 'html', ...html });
  const docx = await timed(['pandoc', `${name}.md`, '--citeproc', '-o', `${name}.docx`], folder, times);
  if (docx?.status === 0) rows.push({ tool: 'pandoc --citeproc', output: 'docx', ...docx });
  const chrome = chromium();
  if (html?.status !== 0 || chrome === undefined) return rows;
  const pdf = await timed(chromiumPrint(chrome, path.join(work, 'chromium-profile'), `${name}.html`, `${name}.pdf`), folder, times);
  if (pdf?.status !== 0) return rows;
  const pages = optionalPages(has('pdfinfo') ? pdfPages(path.join(folder, `${name}.pdf`)) : undefined);
  rows.push({ tool: `${chrome} print-to-pdf`, output: 'pdf (of pandoc html)', ...pdf, ...pages, note: '--no-zygote' });
  rows.push({ tool: 'pandoc + chromium', output: 'html+pdf+docx', wall: html.wall + pdf.wall + (docx?.wall ?? 0), cpu: html.cpu + pdf.cpu + (docx?.cpu ?? 0), peakMb: Math.max(html.peakMb, pdf.peakMb, docx?.peakMb ?? 0), ...pages, note: 'sum of the three runs' });
  return rows;
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
