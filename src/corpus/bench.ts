/**
 * `npm run bench [-- --countries N --questions N --seed N --work DIR]`: generates the corpus, builds
 * it with rubricpress (HTML, PDF and DOCX in one run, agreement check included), and in the same run,
 * on the same content, the peers that are installed: pandoc → HTML, pandoc → DOCX, and Chromium's
 * print-to-PDF of pandoc's HTML. Prints wall and CPU seconds, pages per second and peak memory (GNU
 * time, whole process tree) and each figure's ratio to rubricpress. One run each: compare only
 * figures from the same run (the machines are shared and noisy). Not a test: nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../package-info.js';
import { writeCorpus } from './write.js';

const defaults = { countries: 10, questions: 16, seed: 1 };

interface Row {
  readonly tool: string;
  readonly output: string;
  readonly wall: number;
  readonly cpu: number;
  readonly peakMb: number;
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
    base ? fixed(row.cpu / base.cpu) : '–',
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
      (full ? '' : 'bench: NOT the full edition (30 × 64): the default is smaller so the run takes minutes today; pass --countries 30 --questions 64 for the full one.\n') +
      `bench: ${os.cpus().length} cores, node ${process.version}; one run each (compare only figures of the same run).\n`,
  );

  const rows: Row[] = [];
  const refused: Row[] = [];
  const cli = path.join(packageRoot, 'bin/rubricpress.js');
  const out = path.join(work, 'out');
  let rp = await timed(['node', cli, 'build', source, '--out', out, '--quiet'], work, times);
  let note = 'HTML+PDF+DOCX, agreement check';
  if (rp?.status !== 0) {
    process.stdout.write(`bench: rubricpress build failed (exit ${rp?.status ?? '?'}):\n${(rp?.stderr ?? '').split('\n').slice(0, 6).join('\n')}\nbench: timing again with --no-verify.\n`);
    if (rp !== undefined) refused.push({ tool: 'rubricpress build (refused)', output: 'nothing written', wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, note: `exit ${rp.status}: rendered and checked, check refused` });
    rp = await timed(['node', cli, 'build', source, '--out', out, '--quiet', '--no-verify'], work, times);
    note = 'HTML+PDF+DOCX, --no-verify (build with check refused)';
  }
  if (rp?.status !== 0) throw new Error('rubricpress could not build the corpus.');
  rows.push({ tool: 'rubricpress build', output: 'html+pdf+docx', wall: rp.wall, cpu: rp.cpu, peakMb: rp.peakMb, ...optionalPages(await pagesBelow(path.join(out, 'pdf'))), note });

  rows.push(...refused);
  const peerRows: Row[] = [];
  if (has('pandoc')) {
    const html = await timed(['pandoc', 'corpus.md', '--citeproc', '-s', '-o', 'corpus.html'], peers, times);
    if (html?.status === 0) peerRows.push({ tool: 'pandoc --citeproc', output: 'html', ...html });
    const docx = await timed(['pandoc', 'corpus.md', '--citeproc', '-o', 'corpus.docx'], peers, times);
    if (docx?.status === 0) peerRows.push({ tool: 'pandoc --citeproc', output: 'docx', ...docx });
    const chrome = ['chromium', 'chromium-browser', 'google-chrome'].find(has);
    if (html?.status === 0 && chrome !== undefined) {
      const profile = path.join(work, 'chromium-profile');
      const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-zygote'];
      const pdf = await timed([chrome, ...flags, `--user-data-dir=${profile}`, '--print-to-pdf=corpus.pdf', '--no-pdf-header-footer', 'corpus.html'], peers, times);
      if (pdf?.status === 0) {
        const pages = has('pdfinfo') ? pdfPages(path.join(peers, 'corpus.pdf')) : undefined;
        peerRows.push({ tool: `${chrome} print-to-pdf`, output: 'pdf (of pandoc html)', ...pdf, ...optionalPages(pages), note: '--no-zygote' });
        peerRows.push({ tool: 'pandoc + chromium', output: 'html+pdf+docx', wall: html.wall + pdf.wall + (docx?.wall ?? 0), cpu: html.cpu + pdf.cpu + (docx?.cpu ?? 0), peakMb: Math.max(html.peakMb, pdf.peakMb, docx?.peakMb ?? 0), ...optionalPages(pages), note: 'sum of the three runs' });
      }
    }
  } else {
    process.stdout.write('bench: pandoc is not installed: no peers measured.\n');
  }
  if (has('weasyprint')) process.stdout.write('bench: weasyprint is installed but not timed here (the peers README puts it at ~44 s for 350 pages).\n');
  rows.push(...peerRows.map((row) => ({ ...row, cpu: row.cpu, output: row.output })));
  process.stdout.write(`\n${table(rows)}\n\n×rp: the tool's figure divided by rubricpress's (above 1: rubricpress is faster). Peak MB: largest process (GNU time %M).\n`);
  if (values.work === undefined && !values.keep) await rm(work, { recursive: true, force: true });
  return 0;
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
