/**
 * Bad input, tried on purpose, through the real command line: a good edition is built first (all
 * three formats), then each broken source is built into the same folder. Each must give its own
 * diagnostic at its file, line and column, exit with 1, print no stack trace, and leave every file
 * of the earlier edition as it was, byte for byte and untouched.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.js';
import { changedSource, lineColumnOf, removeFolder, replaceOnce, sampleSource, temporaryFolder } from '../support/build.js';
import { displayed, runBin, runCli, type CliRun } from '../support/cli.js';
import { looksLikeStackTrace, sampleText } from '../support/diagnostics.js';
import { beforeAdvanceScreening, nestedList, nestedQuotes, numberedWords, replaceAfter, withLatin1Word } from '../support/edits.js';
import { sampleHtmlFiles } from '../support/site.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
const codebook = sampleText('codebook.yaml');
const edition = sampleText('edition.yaml');

interface Place {
  readonly line: number;
  readonly column: number;
}

interface BadInput {
  readonly name: string;
  /** The file changed, relative to the source folder, and its new contents. */
  readonly file: string;
  readonly contents: string | Uint8Array;
  readonly rule: string;
  /** Where the diagnostic points: the first occurrence of this text, a place, or null for the file as a whole. */
  readonly at: string | Place | null;
  /** The file as text, for finding `at` (when `contents` are bytes that are not UTF-8). */
  readonly asText?: string;
  readonly severity?: 'error' | 'warning';
  /** How many diagnostics the mistake gives (1 unless said otherwise). */
  readonly count?: number;
  readonly args?: readonly string[];
}

function inChapter(name: string, rule: string, edit: (text: string) => string, at: BadInput['at'] | ((edited: string) => Place)): BadInput {
  const contents = edit(chapter);
  return { name, file: chapterPath, contents, rule, at: typeof at === 'function' ? at(contents) : at };
}

const latin1 = withLatin1Word(chapter, '(*Naikakufu*)', 'caf\xe9 ');
const tooLarge = beforeAdvanceScreening(numberedWords(10_000_000))(chapter);

const cases: readonly BadInput[] = [
  inChapter('a score of 0', 'score-out-of-scale', replaceOnce('{#national-standards score=8}', '{#national-standards score=0}'), 'score=0}'),
  inChapter('a score of 11', 'score-out-of-scale', replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}'), 'score=11}'),
  inChapter('a score of 7.5', 'score-not-integer', replaceOnce('{#informal-coordination score=7}', '{#informal-coordination score=7.5}'), 'score=7.5}'),
  inChapter('a score of "eight"', 'score-not-integer', replaceOnce('{#multilevel-cooperation score=7}', '{#multilevel-cooperation score="eight"}'), 'score="eight"}'),
  {
    name: 'overlapping rubric bands in codebook.yaml',
    file: 'codebook.yaml',
    contents: replaceAfter('- id: go-pmo-coordination', '- range: [8, 6]', '- range: [9, 6]')(codebook),
    rule: 'rubric-band-overlap',
    at: '[9, 6]',
  },
  inChapter('an unknown key in the front matter', 'frontmatter-field', replaceOnce('rank: 16\n', 'rank: 16\neditor: Jane Doe\n'), 'editor:'),
  {
    name: 'an unknown key in codebook.yaml',
    file: 'codebook.yaml',
    contents: replaceOnce('            indicator: "Effective Coordination Mechanisms of the GO|PMO"\n', '            indicator: "Effective Coordination Mechanisms of the GO|PMO"\n            weight: 2\n')(codebook),
    rule: 'schema-field',
    at: 'weight: 2',
  },
  inChapter('an unknown attribute on a directive', 'unknown-attribute', replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=8 weight=2}'), 'weight=2}'),
  {
    name: 'malformed YAML in edition.yaml (an unclosed [)',
    file: 'edition.yaml',
    contents: replaceOnce('title: Sustainable', 'title: [Sustainable')(edition),
    rule: 'yaml-syntax',
    // Where the parser stopped: the next line, which the open sequence does not expect.
    at: 'publisher:',
  },
  inChapter('malformed YAML in the front matter (a second ": ")', 'yaml-syntax', replaceOnce('country: Japan', 'country: Japan: Tokyo'), 'Japan: Tokyo'),
  { name: 'non-UTF-8 bytes in a chapter', file: chapterPath, contents: latin1.bytes, asText: latin1.asText, rule: 'source-encoding', at: '\xe9 (*Naikakufu*)' },
  inChapter('a raw <script> in an assessment', 'unsafe-html', beforeAdvanceScreening('<script>alert("hi")</script>'), '<script>'),
  inChapter('a javascript: link', 'unsafe-link', replaceOnce('Advance screening takes', 'Advance [screening](javascript:alert(document.cookie)) takes'), '[screening]'),
  {
    ...inChapter('raw inline HTML under --strict', 'raw-html', replaceOnce('Advance screening takes', 'Advance <b>screening</b> takes'), '<b>'),
    severity: 'warning',
    count: 2,
    args: ['--strict'],
  },
  { name: 'a 10 MB paragraph', file: chapterPath, contents: tooLarge, rule: 'source-too-large', at: null },
  inChapter('a list nested 200 levels deep', 'nesting-too-deep', beforeAdvanceScreening(nestedList(200)), '- list level 10\n'),
  inChapter('block quotes nested 200 levels deep', 'nesting-too-deep', beforeAdvanceScreening(nestedQuotes(200)), '> quote level 10\n'),
  inChapter('50,000 block quotes opened on one line', 'nesting-too-deep', beforeAdvanceScreening(`${'>'.repeat(50_000)} deep`), (edited) => {
    const start = lineColumnOf(edited, '>'.repeat(50_000));
    return { line: start.line, column: start.column + 9 };
  }),
];

/** Every file below `folder`: its size, modification time and SHA-256, by relative path. */
async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(folder, full).split(path.sep).join('/');
    if (entry.isDirectory()) {
      files.set(`${relative}/`, 'folder');
      continue;
    }
    const [bytes, info] = await Promise.all([readFile(full), stat(full)]);
    files.set(relative, `${String(info.size)} bytes, modified ${String(info.mtimeMs)}, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

let outDir: string;
let before: Map<string, string>;

beforeAll(async () => {
  outDir = await temporaryFolder('rubricpress-out-');
  // The good edition: the default formats, HTML, PDF and DOCX.
  const good = await runCli(['build', sampleSource, '--out', outDir]);
  expect(good.code, good.stderr).toBe(ExitCode.ok);
  before = await snapshot(outDir);
  // The snapshot holds the build cache and rubricpress's bookkeeping too (a failed build must leave them alone as well).
  expect([...before.keys()].filter((name) => !name.endsWith('/') && !name.startsWith('.cache/') && !name.startsWith('.rubricpress/'))).toEqual([
    'data/codebook.json',
    'data/scores.csv',
    'data/scores.json',
    'docx/edition.docx',
    'docx/japan.docx',
    'docx/japan/coordination.docx',
    ...sampleHtmlFiles,
    'pdf/edition.pdf',
    'pdf/japan.pdf',
    'pdf/japan/coordination.pdf',
  ]);
}, 60_000);
afterAll(() => removeFolder(outDir));

/** Builds the broken source into the good edition's folder and checks everything the mistake must give. */
async function expectRefused(input: BadInput, run: (args: readonly string[]) => Promise<CliRun>): Promise<void> {
  const folder = await changedSource({ [input.file]: input.contents });
  try {
    const started = performance.now();
    const result = await run(['build', folder, '--out', outDir, ...(input.args ?? [])]);
    const seconds = (performance.now() - started) / 1000;
    const output = `${result.stdout}${result.stderr}`;

    expect(result.code, output).toBe(ExitCode.invalidSource);
    expect(looksLikeStackTrace(output), output).toBe(false);
    expect(output).not.toContain('internal error');

    const text = input.asText ?? (typeof input.contents === 'string' ? input.contents : '');
    const place = input.at === null ? null : typeof input.at === 'string' ? lineColumnOf(text, input.at) : input.at;
    const file = displayed(path.join(folder, input.file));
    const where = place === null ? file : `${file}:${String(place.line)}:${String(place.column)}`;
    const diagnostics = result.stderr.split('\n').filter((line) => / (?:error|warning): /.test(line));
    expect(diagnostics, output).toHaveLength(input.count ?? 1);
    expect(diagnostics[0], output).toMatch(new RegExp(`^${escape(where)}: ${input.severity ?? 'error'}: \\S.*\\[${input.rule}\\]$`));
    expect(result.stderr).toContain('rubricpress: nothing was written');

    expect(await snapshot(outDir)).toEqual(before);
    // Refused before anything is rendered: a bad source costs seconds, never minutes.
    expect(seconds).toBeLessThan(15);
  } finally {
    await removeFolder(folder);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('bad input through `main()`', () => {
  it.each(cases)('$name: [$rule] at its place, exit 1, no stack trace, the earlier out/ untouched', { timeout: 30_000 }, async (input) => {
    await expectRefused(input, runCli);
  });
});

describe('bad input through the installed command (bin/rubricpress.js, a child process)', () => {
  const throughBin = cases.filter((input) => ['a 10 MB paragraph', 'a list nested 200 levels deep', 'non-UTF-8 bytes in a chapter'].includes(input.name));

  it('tries the cases that crashed or hung before, and one more', () => {
    expect(throughBin).toHaveLength(3);
  });

  it.each(throughBin)('$name: [$rule], exit 1, no stack trace, the earlier out/ untouched', { timeout: 30_000 }, async (input) => {
    await expectRefused(input, (args) => runBin(args, { timeout: 25_000 }));
  });
});
