/**
 * Attacks through the source: broken and hostile files, as a pull request to a CI build could bring
 * them. A good edition is built first; each case then builds a changed copy of the sample into the
 * same output folder through `main()`, and asserts its exit code, its one diagnostic per mistake at
 * its place (no stack trace, never exit 3), that it is quick, and that the source and the earlier
 * edition are byte for byte as they were.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.js';
import { changedSource, lineColumnOf, removeFolder, replaceOnce, sampleSource, temporaryFolder, type SourceEdit } from '../support/build.js';
import { binPath, displayed, runCli, type CliRun } from '../support/cli.js';
import { sampleText } from '../support/diagnostics.js';
import { beforeAdvanceScreening, nestedList, questionBlock, replaceAfter } from '../support/edits.js';
import { expectOutcome, hasControlCharacters, isRoot, snapshotTree, type Expected } from './support.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
const codebook = sampleText('codebook.yaml');
const references = sampleText('references.yaml');
const edition = sampleText('edition.yaml');

let outDir: string;
let outside: string;
let before: Map<string, string>;

beforeAll(async () => {
  outDir = await temporaryFolder('rubricpress-attack-out-');
  outside = await temporaryFolder('rubricpress-attack-outside-');
  await writeFile(path.join(outside, 'npmrc'), '//registry.npmjs.org/:_authToken=npm_SECRETSECRETSECRET0123456789\n');
  const built = await runCli(['build', sampleSource, '--out', outDir, '--format', 'html']);
  expect(built.code, built.stderr).toBe(ExitCode.ok);
  before = await snapshotTree(outDir);
}, 60_000);
afterAll(async () => {
  await removeFolder(outDir);
  await removeFolder(outside);
});

interface Attack extends Expected {
  readonly name: string;
  readonly edits: SourceEdit;
  /** Done to the copied source before the run (links, FIFOs, folders). */
  readonly prepare?: (folder: string) => Promise<void>;
  /**
   * The command (default: build into the earlier edition's folder). Chapters with much markup are
   * compiled on a worker by `build`, whose start costs a second: their cases run `check` here, and
   * `build` in the slow tier (test/attacks/slow/).
   */
  readonly command?: 'build' | 'check';
  /** Text the output must not hold. */
  readonly never?: readonly string[];
  /** The place, as the first occurrence of this text in the file edited (`file`), when `at` is not given. */
  readonly place?: { readonly file: string; readonly text: string; readonly after?: number; readonly shift?: number };
}

/** Runs an attack on a changed copy of the sample and checks everything every case must give. */
async function attack(input: Attack): Promise<CliRun> {
  const folder = await changedSource(input.edits);
  try {
    await input.prepare?.(folder);
    const sourceBefore = await snapshotTree(folder);
    const started = performance.now();
    const run = await runCli(input.command === 'check' ? ['check', folder] : ['build', folder, '--out', outDir, '--format', 'html']);
    const seconds = (performance.now() - started) / 1000;
    let at = input.at;
    if (at === undefined && input.place) {
      const edited = input.edits[input.place.file];
      const text = typeof edited === 'function' ? edited(sampleText(input.place.file)) : typeof edited === 'string' ? edited : '';
      const where = lineColumnOf(text, input.place.text, input.place.after ?? 0);
      at = `${displayed(path.join(folder, input.place.file))}:${String(where.line)}:${String(where.column + (input.place.shift ?? 0))}`;
    } else if (at !== undefined && !at.includes(':')) {
      at = displayed(path.join(folder, at));
    }
    expectOutcome(run, { ...input, ...(at === undefined ? {} : { at }) });
    for (const secret of input.never ?? []) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
    // Every attack is refused (or passed) in seconds, never minutes.
    expect(seconds).toBeLessThan(10);
    expect(await snapshotTree(folder)).toEqual(sourceBefore);
    expect(await snapshotTree(outDir)).toEqual(before);
    return run;
  } finally {
    await removeFolder(folder);
  }
}

const refused = ExitCode.invalidSource;

/** A billion laughs: nine levels of nine aliases each. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  let previous = 'a';
  for (const name of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`);
    previous = name;
  }
  return `${lines.join('\n')}\n`;
}

describe('YAML files', () => {
  it('101 ordinary aliases (an author named once, repeated) are fine: the library’s own alias count no longer refuses them', async () => {
    const anchored = replaceOnce('    - { family: Makihara, given: Izuru }', '    - &makihara { family: Makihara, given: Izuru }')(references);
    const extra = Array.from({ length: 101 }, (_, index) => `- id: extra${String(index)}\n  type: book\n  author: [*makihara]\n  title: Volume ${String(index)}\n  publisher: Press\n  issued: { date-parts: [[2001]] }\n`).join('\n');
    await attack({ name: 'aliases', edits: { 'references.yaml': `${anchored}\n${extra}` }, command: 'check', code: ExitCode.ok, rule: 'unused-reference', count: 101 });
  });

  it('yaml-limit: an alias bomb in codebook.yaml is refused at the alias that passes the limit, not a crash with exit 3', async () => {
    const bomb = aliasBomb();
    // a–e repeat 74,718 values; f's first alias (66,430 more) passes 100,000.
    await attack({ name: 'bomb', edits: { 'codebook.yaml': bomb }, code: refused, rule: 'yaml-limit', place: { file: 'codebook.yaml', text: '*e', after: bomb.indexOf('f: &f') }, says: ['repeat more than 100,000 values'] });
  });

  it('yaml-limit: an alias inside the value it names is refused, not an endless structure', async () => {
    await attack({ name: 'cycle', edits: { 'edition.yaml': `${edition}extra: &loop [1, *loop]\n` }, code: refused, rule: 'yaml-limit', place: { file: 'edition.yaml', text: '*loop' }, says: ['refers to a value that holds it'] });
  });

  it('yaml-limit: 100,000 nested `[` in edition.yaml are refused at the 64th (the 65th level, under `extra:`), in a moment', async () => {
    const deep = `${edition}extra: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    await attack({ name: 'flow', edits: { 'edition.yaml': deep }, code: refused, rule: 'yaml-limit', place: { file: 'edition.yaml', text: '[', shift: 63 } });
  });

  it('yaml-limit: a list nested 1,300 deep by indentation in references.yaml is refused at the 65th level, not a stack overflow', async () => {
    const deep = `${Array.from({ length: 1300 }, (_, index) => `${' '.repeat(index)}- `).join('\n')}x\n`;
    const run = await attack({ name: 'block', edits: { 'references.yaml': deep }, code: refused, rule: 'yaml-limit' });
    // Line 64's `- ` opens the 65th level (the item of the 64th list).
    expect(run.stderr).toMatch(/references\.yaml:64:64: error:/);
  });

  it('source-not-a-file: a folder where edition.yaml belongs', async () => {
    await attack({
      name: 'folder',
      edits: { 'edition.yaml': null },
      prepare: (folder) => mkdir(path.join(folder, 'edition.yaml')),
      code: refused,
      rule: 'source-not-a-file',
      at: 'edition.yaml',
      says: ['edition.yaml must be a file, but it is a folder'],
    });
  });

  it('source-not-a-file: a FIFO where codebook.yaml belongs is refused at once instead of waiting for a writer', async () => {
    await attack({
      name: 'fifo',
      edits: { 'codebook.yaml': null },
      prepare: (folder) => makeFifo(path.join(folder, 'codebook.yaml')),
      code: refused,
      rule: 'source-not-a-file',
      at: 'codebook.yaml',
      says: ['a named pipe (FIFO)'],
    });
  });

  it('source-unreadable: a codebook.yaml that cannot be read (as root: run as nobody, for whom permissions count)', async () => {
    const folder = await changedSource({});
    try {
      await chmod(path.join(folder, 'codebook.yaml'), 0o000);
      let run: CliRun;
      if (isRoot) {
        await chmod(folder, 0o755);
        run = await runAs(65534, ['check', folder]);
      } else {
        run = await runCli(['check', folder]);
      }
      expectOutcome(run, { code: refused, rule: 'source-unreadable', at: displayed(path.join(folder, 'codebook.yaml')), says: ['permission to read it is denied'] });
    } finally {
      await removeFolder(folder);
    }
  });

  it('source-outside-folder: references.yaml linked to a token outside the source is not read, and nothing of it is printed', async () => {
    await attack({
      name: 'token',
      edits: { 'references.yaml': null },
      prepare: (folder) => symlink(path.join(outside, 'npmrc'), path.join(folder, 'references.yaml')),
      code: refused,
      rule: 'source-outside-folder',
      at: 'references.yaml',
      never: ['npm_SECRET', 'authToken', 'registry.npmjs.org'],
    });
  });

  it('source-outside-folder: edition.yaml linked to an endless device is refused, not read until memory runs out', async () => {
    await attack({
      name: 'zero',
      edits: { 'edition.yaml': null },
      prepare: (folder) => symlink('/dev/zero', path.join(folder, 'edition.yaml')),
      code: refused,
      rule: 'source-outside-folder',
      at: 'edition.yaml',
    });
  });

  it('a link inside the source folder is followed: codebook.yaml may be a link to a file beside it', async () => {
    await attack({
      name: 'inside link',
      edits: { 'codebook.yaml': null, 'shared-codebook.yaml': codebook },
      prepare: (folder) => symlink('shared-codebook.yaml', path.join(folder, 'codebook.yaml')),
      command: 'check',
      code: ExitCode.ok,
    });
  });

  it('source-too-large: a 1.5 MB references.yaml is not read', async () => {
    const padding = `# ${'x'.repeat(98)}\n`.repeat(15_000);
    await attack({ name: 'large yaml', edits: { 'references.yaml': `${references}${padding}` }, code: refused, rule: 'source-too-large', at: 'references.yaml', says: ['a YAML file may be at most 1,000,000 bytes'] });
  });

  it('schema-field: an edition.yaml that holds a token says what it is without quoting it', async () => {
    await attack({
      name: 'not a mapping',
      edits: { 'edition.yaml': 'npm_SECRETSECRETSECRET0123456789\n' },
      code: refused,
      rule: 'schema-field',
      place: { file: 'edition.yaml', text: 'npm_' },
      says: ['a single line of text (32 characters, not shown)'],
      never: ['npm_SECRET'],
    });
  });
});

describe('chapters', () => {
  it('source-outside-folder: a chapter that is a link to a file outside the source folder', async () => {
    await attack({
      name: 'chapter link',
      edits: {},
      prepare: async (folder) => {
        await writeFile(path.join(outside, 'elsewhere.md'), chapter);
        await symlink(path.join(outside, 'elsewhere.md'), path.join(folder, 'chapters/japan/elsewhere.md'));
      },
      code: refused,
      rule: 'source-outside-folder',
      at: 'chapters/japan/elsewhere.md',
    });
  });

  it('source-outside-folder: chapters/ itself linked to a folder outside the source', async () => {
    const run = await attack({
      name: 'chapters link',
      edits: {},
      prepare: async (folder) => {
        await rm(path.join(folder, 'chapters'), { recursive: true });
        await mkdir(path.join(outside, 'chapters-elsewhere/japan'), { recursive: true });
        await writeFile(path.join(outside, 'chapters-elsewhere/japan/coordination.md'), chapter);
        await symlink(path.join(outside, 'chapters-elsewhere'), path.join(folder, 'chapters'));
      },
      code: refused,
      rule: 'source-outside-folder',
    });
    expect(run.stderr).toContain('chapters/ is a symbolic link that leads outside the source folder');
  });

  it('source-not-a-file: a FIFO named like a chapter', async () => {
    await attack({ name: 'chapter fifo', edits: {}, prepare: (folder) => makeFifo(path.join(folder, 'chapters/japan/pipe.md')), code: refused, rule: 'source-not-a-file', at: 'chapters/japan/pipe.md' });
  });

  it('control-character: ESC and BEL in an assessment are reported once, at the first, and reach the terminal escaped', async () => {
    const edit = replaceOnce('Advance screening takes', 'Advance \u001b[2J\u001b]0;owned\u0007screening takes');
    const run = await attack({ name: 'esc', edits: { [chapterPath]: edit }, code: refused, rule: 'control-character', place: { file: chapterPath, text: '\u001b[2J' }, says: ['U+001B (ESC, escape)'] });
    expect(hasControlCharacters(run.stderr)).toBe(false);
  });

  it('control-character: source text quoted in a diagnostic reaches the terminal escaped (raw HTML holding ESC)', async () => {
    const edit = replaceOnce('Advance screening takes', 'Advance <b title="\u001b[2J\u001b]0;owned\u0007">screening</b> takes');
    const folder = await changedSource({ [chapterPath]: edit });
    try {
      const run = await runCli(['check', folder]);
      expect(run.code).toBe(refused);
      expect(run.stderr).toContain('<b title="\\u001b[2J\\u001b]0;owned\\u0007">');
      expect(hasControlCharacters(run.stderr)).toBe(false);
      expect(run.stderr.split('\n').filter((line) => / (?:error|warning): /.test(line)).map((line) => /\[([a-z-]+)\]$/.exec(line)?.[1])).toEqual(['raw-html', 'control-character', 'raw-html']);
    } finally {
      await removeFolder(folder);
    }
  });

  it('control-character: U+0001 in text fails `check` (before, check passed it and build failed in the renderer)', async () => {
    await attack({ name: 'soh', edits: { [chapterPath]: replaceOnce('Advance screening takes', 'Advance \u0001screening takes') }, command: 'check', code: refused, rule: 'control-character', place: { file: chapterPath, text: '\u0001' }, says: ['U+0001'] });
  });

  it('unknown-attribute: `constructor=1` on a question is an unknown attribute, not Object.prototype’s', async () => {
    const edit = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=8 constructor=1}');
    await attack({ name: 'constructor attribute', edits: { [chapterPath]: edit }, code: refused, rule: 'unknown-attribute', place: { file: chapterPath, text: 'constructor=1' } });
  });

  it('unknown-attribute: `toString=x` and `valueOf=x` likewise', async () => {
    const edit = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=8 toString=x valueOf=x}');
    await attack({ name: 'toString attribute', edits: { [chapterPath]: edit }, code: refused, rule: 'unknown-attribute', count: 2, place: { file: chapterPath, text: 'toString=x' } });
  });

  it('rank-invalid: a rank of 10^23 in the front matter is refused, not printed as "1e+23"', async () => {
    await attack({ name: 'rank', edits: { [chapterPath]: replaceOnce('rank: 16', 'rank: 100000000000000000000000') }, code: refused, rule: 'rank-invalid', place: { file: chapterPath, text: '100000000000000000000000' } });
  });

  it('rank-invalid: a sub-category rank beyond 2^53 is refused', async () => {
    const edit = replaceOnce('{#horizontal-coordination rank=24}', '{#horizontal-coordination rank=100000000000000000000000}');
    await attack({ name: 'subcategory rank', edits: { [chapterPath]: edit }, code: refused, rule: 'rank-invalid', place: { file: chapterPath, text: 'rank=100000000000000000000000' }, says: ['too large'] });
  });

  it('score-out-of-scale: a score of twenty digits', async () => {
    const edit = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=99999999999999999999}');
    await attack({ name: 'score', edits: { [chapterPath]: edit }, code: refused, rule: 'score-out-of-scale', place: { file: chapterPath, text: 'score=99999999999999999999' } });
  });

  it('nesting-too-deep: a fence the guard once took for one (``` a ` b) no longer switches it off: 40,000 `> ` are one diagnostic, in a moment', async () => {
    const edit = beforeAdvanceScreening(`\`\`\` a \` b\n${'> '.repeat(40_000)}deep`);
    await attack({ name: 'fake fence', command: 'check', edits: { [chapterPath]: edit }, code: refused, rule: 'nesting-too-deep', place: { file: chapterPath, text: '> '.repeat(40_000), shift: 18 } });
  });

  it('40,000 `> ` inside a real fenced code block are code: kept, nothing reported', async () => {
    await attack({ name: 'code', edits: { [chapterPath]: beforeAdvanceScreening(`\`\`\`\n${'> '.repeat(40_000)}code\n\`\`\``) }, command: 'check', code: ExitCode.ok });
  });

  it('nesting-too-deep: a list nested 400 levels down the page is one diagnostic at the tenth level, in a moment', async () => {
    await attack({ name: 'deep list', command: 'check', edits: { [chapterPath]: beforeAdvanceScreening(nestedList(400)) }, code: refused, rule: 'nesting-too-deep', place: { file: chapterPath, text: '- list level 10\n' } });
  });

  it('paragraph-too-complex: a paragraph of 30,000 pieces of inline markup is refused at the 4,001st, in a moment', async () => {
    const dense = '*a* `c` '.repeat(7500);
    const edit = beforeAdvanceScreening(dense);
    const text = edit(chapter);
    const start = text.indexOf(dense);
    // The 4,001st marker: each repetition holds four.
    const offset = start + 1000 * '*a* `c` '.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const run = await attack({ name: 'dense', command: 'check', edits: { [chapterPath]: edit }, code: refused, rule: 'paragraph-too-complex' });
    expect(run.stderr).toContain(`:${String(line)}:${String(column)}: error:`);
  });

  it('source-too-large: a chapter of more than 100,000 lines and markup characters is not parsed', async () => {
    const many = '- *a*\n'.repeat(30_000);
    await attack({ name: 'markup', command: 'check', edits: { [chapterPath]: beforeAdvanceScreening(many) }, code: refused, rule: 'source-too-large', says: ['more than 100,000 lines and markup characters'] });
  });

  it('unclosed-directive: a question left open is one diagnostic at its opening, not four elsewhere', async () => {
    const question = questionBlock(chapter, 'go-pmo-coordination');
    const edited = chapter.slice(0, question.end - ':::\n'.length) + chapter.slice(question.end);
    await attack({ name: 'unclosed', edits: { [chapterPath]: edited }, code: refused, rule: 'unclosed-directive', place: { file: chapterPath, text: ':::question{#go-pmo-coordination' } });
  });
});

describe('the codebook', () => {
  it('unknown-scale: `scale: constructor` names no scale (Object.prototype is not a codebook)', async () => {
    const edit = replaceAfter('- id: go-pmo-coordination', 'scale: sgi-10', 'scale: constructor');
    await attack({ name: 'constructor scale', edits: { 'codebook.yaml': edit }, code: refused, rule: 'unknown-scale', place: { file: 'codebook.yaml', text: 'constructor' } });
  });

  it('schema-field: `scale: __proto__` is not an id, and a scale named `__proto__` is not one the codebook defines', async () => {
    const defined = replaceOnce('sgi-10: { min: 1, max: 10 }', 'sgi-10: { min: 1, max: 10 }\n  __proto__: { min: 1, max: 10 }')(codebook);
    const edited = replaceAfter('- id: go-pmo-coordination', 'scale: sgi-10', 'scale: __proto__')(defined);
    await attack({ name: 'proto scale', edits: { 'codebook.yaml': edited }, code: refused, rule: 'schema-field', count: 2, place: { file: 'codebook.yaml', text: '__proto__' } });
  });

  it('schema-field: a scale whose end has eleven digits', async () => {
    await attack({ name: 'scale end', edits: { 'codebook.yaml': replaceOnce('sgi-10: { min: 1, max: 10 }', 'sgi-10: { min: 1, max: 10000000000 }') }, code: refused, rule: 'schema-field', place: { file: 'codebook.yaml', text: '10000000000' } });
  });

  it('an overlapping band no longer hides the chapters’ own errors: both are reported, each once', async () => {
    const bands = replaceAfter('- id: go-pmo-coordination', '- range: [8, 6]', '- range: [9, 6]');
    const score = replaceOnce('{#multilevel-cooperation score=7}', '{#multilevel-cooperation score=11}');
    const folder = await changedSource({ 'codebook.yaml': bands, [chapterPath]: score });
    try {
      const run = await runCli(['check', folder]);
      expect(run.code).toBe(refused);
      const lines = run.stderr.split('\n').filter((line) => / error: /.test(line));
      // In path order: the chapter's, then codebook.yaml's.
      expect(lines.map((line) => /\[([a-z-]+)\]$/.exec(line)?.[1])).toEqual(['score-out-of-scale', 'rubric-band-overlap']);
    } finally {
      await removeFolder(folder);
    }
  });

  it('an answer to the broken question itself is not checked against it: only the band is reported', async () => {
    const bands = replaceAfter('- id: go-pmo-coordination', '- range: [8, 6]', '- range: [9, 6]');
    const score = replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}');
    await attack({ name: 'dependent', edits: { 'codebook.yaml': bands, [chapterPath]: score }, code: refused, rule: 'rubric-band-overlap', place: { file: 'codebook.yaml', text: '[9, 6]' } });
  });

  it('schema-field: a category of 2,000 questions is refused (a chapter on it could not be built within the memory a build may use)', async () => {
    const questions = Array.from({ length: 2000 }, (_, index) => `          - { id: q${String(index)}, indicator: I, text: T, rubric: { scale: sgi-10, bands: [{ range: [10, 1], description: D }] } }`).join('\n');
    const edit = replaceOnce('        questions:\n          - id: go-pmo-coordination', `        questions:\n${questions}\n          - id: go-pmo-coordination`);
    await attack({ name: 'questions', command: 'check', edits: { 'codebook.yaml': edit }, code: refused, rule: 'schema-field', count: 1, place: { file: 'codebook.yaml', text: '- id: horizontal-coordination' }, says: ['has 2,005 questions; a category may have at most 500'] });
  });
});

/** The installed command run as another user (the tests run as root here, for whom no file is unreadable). */
function runAs(uid: number, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [binPath, ...args], { uid, gid: uid, env: { ...process.env, CI: 'true' }, timeout: 25_000 }, (error, stdout, stderr) => {
      if (error === null) resolve({ code: 0, stdout, stderr });
      else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
      else reject(new Error(`rubricpress ${args.join(' ')} as user ${String(uid)}: ${error.message}`, { cause: error }));
    });
  });
}

function makeFifo(file: string): Promise<void> {
  execFileSync('mkfifo', [file]);
  return Promise.resolve();
}
