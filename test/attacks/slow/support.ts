/**
 * The slow attack cases' helpers: the installed command in a child process, which a test can kill
 * (at a step of the commit through RUBRICPRESS_FAULT, or at any moment), and whose peak memory it
 * measures (the largest resident set of it or any of its worker processes, sampled from /proc while
 * it runs).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { binPath, type CliRun } from '../../support/cli.js';

export interface ChildRun extends CliRun {
  /** The signal that ended it (SIGKILL), or null. */
  readonly signal: NodeJS.Signals | null;
  /** The largest resident set seen of any one process (the command's or a worker's), in MB (sampled every 50 ms). */
  readonly peakMb: number;
  readonly seconds: number;
}

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Kill it (SIGKILL) this many milliseconds after it starts. */
  readonly killAfterMs?: number;
  readonly timeoutMs?: number;
}

/** `node bin/rubricpress.js <args>` in a child process. */
export function runChild(args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [binPath, ...args], { env: { ...process.env, CI: 'true', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      void residentSets(child.pid).then((sets) => {
        for (const kb of sets) peakKb = Math.max(peakKb, kb);
      });
    }, 50);
    const killer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rubricpress ${args.join(' ')} did not end within ${String(options.timeoutMs ?? 120_000)} ms`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      if (killer) clearTimeout(killer);
      resolve({ code: code ?? -1, signal, stdout, stderr, peakMb: Math.round(peakKb / 1024), seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** The resident set, in kB, of the process and of each of its descendants (gone ones left out). */
async function residentSets(pid: number): Promise<number[]> {
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8').catch(() => '');
  const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  const children = await readFile(`/proc/${String(pid)}/task/${String(pid)}/children`, 'utf8').catch(() => '');
  const below = await Promise.all(children.split(/\s+/).filter((id) => id !== '').map((id) => residentSets(Number(id))));
  return [...(rss === undefined ? [] : [Number(rss)]), ...below.flat()];
}
