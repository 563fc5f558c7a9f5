/**
 * The attack suite's helpers: what every case asserts (its exit code; one positioned diagnostic per
 * mistake and no stack trace; the source and the earlier edition byte for byte as they were), and
 * the file-system faults it makes (a folder that cannot be written, a file that cannot be replaced)
 * in the way that works for the user the tests run as: `chattr +i` as root (for whom permissions are
 * no obstacle), `chmod` otherwise.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, lstat, mkdir, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { ExitCode } from '../../src/cli/main.js';
import { changedSource, sampleSource } from '../support/build.js';
import type { CliRun } from '../support/cli.js';
import { looksLikeStackTrace, sampleText } from '../support/diagnostics.js';
import { withRanks } from '../support/edits.js';

export const isRoot = process.getuid?.() === 0;

/**
 * Every entry below `folder`, by relative path: a file's size and SHA-256, a folder, a link's
 * target. rubricpress's own transient bookkeeping (its lock, staging and backup folders) is left
 * out; its manifest of the edition stays in.
 */
export async function snapshotTree(folder: string): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(folder, full).split(path.sep).join('/');
    if (/^\.rubricpress\/(?:lock|staging|backup)/.test(relative)) continue;
    const info = await lstat(full);
    if (info.isSymbolicLink()) entries.set(relative, `link to ${await readlink(full)}`);
    else if (info.isDirectory()) entries.set(relative, 'folder');
    else if (info.isFile()) entries.set(relative, `${String(info.size)} bytes, sha256 ${createHash('sha256').update(await readFile(full)).digest('hex')}`);
    else entries.set(relative, 'special file');
  }
  return new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The diagnostic lines of a run's output (`file:line:column: error: … [rule]`). */
export function diagnosticLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => / (?:error|warning): /.test(line));
}

export interface Expected {
  readonly code: number;
  /** The one rule the mistake is reported under (with `count` diagnostics, 1 by default). */
  readonly rule?: string;
  readonly count?: number;
  /** Where: `file:line:column` as printed (a path relative to the working directory), or a file alone. */
  readonly at?: string;
  /** Text the output must hold. */
  readonly says?: readonly (string | RegExp)[];
}

/** Asserts a run's exit code, its diagnostics (rule, count, place), and that it printed no stack trace and no bug report. */
export function expectOutcome(run: CliRun, expected: Expected): void {
  const output = `${run.stdout}${run.stderr}`;
  expect(run.code, output).toBe(expected.code);
  expect(looksLikeStackTrace(output), output).toBe(false);
  expect(output, output).not.toContain('internal error');
  if (expected.code !== ExitCode.internal) expect(output).not.toContain('This is a bug in rubricpress');
  if (expected.rule !== undefined) {
    const lines = diagnosticLines(run);
    expect(lines, output).toHaveLength(expected.count ?? 1);
    for (const line of lines) expect(line, output).toMatch(new RegExp(`\\[${expected.rule}\\]$`));
    if (expected.at !== undefined) expect(lines[0], output).toMatch(new RegExp(`^${escapeRegExp(expected.at)}(?::\\d+:\\d+)?: (?:error|warning): `));
  }
  for (const text of expected.says ?? []) {
    if (typeof text === 'string') expect(output).toContain(text);
    else expect(output).toMatch(text);
  }
}

/** Whether text holds a control character a terminal would act on (anything below U+0020 but tab and line feed, and DEL). */
export function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f) return true;
  }
  return false;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Makes `target` (a folder or a file) impossible to change: its entries cannot be added, removed or
 * renamed, a file cannot be replaced. Returns the undo.
 */
export async function makeUnchangeable(target: string): Promise<() => Promise<void>> {
  if (isRoot) {
    execFileSync('chattr', ['+i', target]);
    return () => {
      execFileSync('chattr', ['-i', target]);
      return Promise.resolve();
    };
  }
  // Without root, a file cannot be made immutable: its folder is made read-only instead, which keeps it from being replaced as well.
  const folder = (await lstat(target)).isDirectory() ? target : path.dirname(target);
  const { mode } = await lstat(folder);
  await chmod(folder, 0o555);
  return () => chmod(folder, mode & 0o7777);
}

/**
 * An earlier and a new edition for the commit attacks: the sample built into `<root>/template`, and
 * a new source (the sample with another rank, so that a commit replaces every file; with
 * `secondChapter`, a second chapter too, so that it adds files and folders) built into
 * `<root>/fresh` — each by `build(source, out)`, which must succeed. (One chapter is rendered in the
 * main thread, two on workers, whose start costs a second.)
 */
export async function twoEditions(
  root: string,
  build: (source: string, out: string) => Promise<{ readonly code: number }>,
  options: { readonly secondChapter: boolean },
): Promise<{ newSource: string; template: string; oldEdition: Map<string, string>; newEdition: Map<string, string> }> {
  const chapter = sampleText('chapters/japan/coordination.md');
  const newSource = await changedSource({ 'chapters/japan/coordination.md': withRanks({ rank: 15, horizontal: 24, vertical: 6 }) });
  if (options.secondChapter) {
    await mkdir(path.join(newSource, 'chapters/korea'));
    await writeFile(path.join(newSource, 'chapters/korea/coordination.md'), withRanks({ rank: 16, horizontal: 23, vertical: 5 }, 'Korea')(chapter));
  }
  const template = path.join(root, 'template');
  expect((await build(sampleSource, template)).code).toBe(ExitCode.ok);
  const fresh = path.join(root, 'fresh');
  expect((await build(newSource, fresh)).code).toBe(ExitCode.ok);
  return { newSource, template, oldEdition: await snapshotTree(template), newEdition: await snapshotTree(fresh) };
}

/** A copy of the earlier edition (`template`), for one case to write the new one over. */
export async function copyOf(template: string): Promise<string> {
  const out = path.join(path.dirname(template), `out-${Math.random().toString(36).slice(2)}`);
  await cp(template, out, { recursive: true });
  return out;
}

export function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, value]) => b.get(name) === value);
}
