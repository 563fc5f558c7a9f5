import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.js';
import { changedSource, lineColumnOf, projectRoot, removeFolder, replaceOnce, sampleSource, temporaryFolder } from '../support/build.js';
import { runBin, runCli as cli } from '../support/cli.js';
import { openDocx } from '../support/docx.js';
import { readPdf } from '../support/pdf.js';
import { readFileSync, writeFileSync } from 'node:fs';

const chapterPath = 'chapters/japan/coordination.md';
let broken: string;
let brokenText: string;
let outDir: string;
const score = (): { line: number; column: number } => lineColumnOf(brokenText, 'score=11');
const key = (): { line: number; column: number } => lineColumnOf(brokenText, '@zakowsky2021');
const directive = (): { line: number; column: number } => lineColumnOf(brokenText, ':::questoin');

beforeAll(async () => {
  // Three mistakes at once: a score off the scale, an unknown key, a typo in a directive name.
  broken = await changedSource({
    [chapterPath]: (text) =>
      replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=11}')(
        replaceOnce('::citations[@iio2008; @zakowski2021]', '::citations[@iio2008; @zakowsky2021]')(replaceOnce(':::question{#national-standards', ':::questoin{#national-standards')(text)),
      ),
  });
  brokenText = readFileSync(path.join(broken, chapterPath), 'utf8');
  outDir = await temporaryFolder();
});
afterAll(async () => {
  await removeFolder(broken);
  await removeFolder(outDir);
});

describe('rubricpress CLI', () => {
  it('prints help and the version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(ExitCode.ok);
    expect(help.stdout).toMatch(/Usage:[\s\S]*rubricpress build[\s\S]*rubricpress check[\s\S]*--strict[\s\S]*Exit codes/);
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses wrong usage with exit code 2 and a hint', async () => {
    expect(await cli(['publish'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('unknown command "publish"') });
    expect(await cli(['build', '--format', 'epub'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('unknown format "epub"') });
    expect(await cli(['build', '--bogus'])).toMatchObject({ code: ExitCode.usage });
  });

  it('check passes the sample with exit code 0 and writes nothing', async () => {
    const result = await cli(['check', sampleSource, '--out', outDir]);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stderr).toContain('1 chapter checked');
    expect(existsSync(path.join(outDir, 'html'))).toBe(false);
  });

  it('check reports all three problems of a broken chapter, each at file:line:column, and exits 1', async () => {
    const result = await cli(['check', broken]);
    expect(result.code).toBe(ExitCode.invalidSource);
    const score = lineColumnOf(brokenText, 'score=11');
    const key = lineColumnOf(brokenText, '@zakowsky2021');
    const directive = lineColumnOf(brokenText, ':::questoin');
    expect(result.stderr).toContain(`${score.line}:${score.column}`);
    expect(result.stderr).toContain('score-out-of-scale');
    expect(result.stderr).toContain(`${key.line}:${key.column}`);
    expect(result.stderr).toContain('unknown-citation-key');
    expect(result.stderr).toContain(`${directive.line}:${directive.column}`);
    expect(result.stderr).toContain('unknown-directive');
    expect(result.stderr).toContain('Did you mean `question`?');
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it('check --format json gives JSON Lines, one object per diagnostic, sorted by file and position (--json the same)', async () => {
    const result = await cli(['check', broken, '--format', 'json']);
    expect(result.code).toBe(ExitCode.invalidSource);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    const diagnostics = lines.map((line) => JSON.parse(line) as { ruleId: string; line: number; column: number; severity: string; file: string; url: string });
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors.map((diagnostic) => diagnostic.ruleId)).toEqual(['score-out-of-scale', 'unknown-citation-key', 'unknown-directive']);
    expect(errors.map((diagnostic) => [diagnostic.line, diagnostic.column])).toEqual([score(), key(), directive()].map((place) => [place.line, place.column]));
    expect(errors.every((diagnostic) => diagnostic.file.endsWith('coordination.md'))).toBe(true);
    // Rule links point into the repository package.json names.
    const repository = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(errors[0]?.url).toBe(`${repository}/blob/main/docs/rules.md#score-out-of-scale`);
    expect((await cli(['check', broken, '--json'])).stdout).toBe(result.stdout);
  });

  it('check --format github writes one workflow command per diagnostic, its data escaped', async () => {
    const result = await cli(['check', broken, '--format', 'github']);
    expect(result.code).toBe(ExitCode.invalidSource);
    const commands = result.stdout.trimEnd().split('\n').filter((line) => line.startsWith('::error '));
    expect(commands).toHaveLength(3);
    const place = score();
    expect(commands[0]).toMatch(new RegExp(`^::error file=[^,]*coordination\\.md,line=${place.line},col=${place.column},endLine=\\d+,endColumn=\\d+,title=rubricpress%3A score-out-of-scale::The score 11 `));
    // eslint-disable-next-line no-control-regex -- no control character of the source may reach the log
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('check --format sarif writes a SARIF 2.1.0 log with each rule and result', async () => {
    const result = await cli(['check', broken, '--format', 'sarif']);
    expect(result.code).toBe(ExitCode.invalidSource);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run?.tool.driver.name).toBe('rubricpress');
    const errors = run?.results.filter((entry) => entry.level === 'error') ?? [];
    expect(errors.map((entry) => entry.ruleId)).toEqual(['score-out-of-scale', 'unknown-citation-key', 'unknown-directive']);
    for (const entry of errors) expect(run?.tool.driver.rules[entry.ruleIndex]?.id).toBe(entry.ruleId);
    expect(errors[0]?.locations[0]?.physicalLocation.region).toMatchObject({ startLine: score().line, startColumn: score().column });
    expect(errors[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/chapters\/japan\/coordination\.md$/);
    expect(run?.tool.driver.rules.find((rule) => rule.id === 'unknown-directive')?.shortDescription.text).toMatch(/directive/);
  });

  it('suggests the command, option or format meant by a typo', async () => {
    expect(await cli(['biuld'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('unknown command "biuld". Did you mean "build"?') });
    expect(await cli(['build', '--fromat', 'pdf'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('unknown option "--fromat". Did you mean "--format"?') });
    expect(await cli(['build', '--no-cahce'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('Did you mean "--no-cache"?') });
    expect(await cli(['build', '--format', 'pfd'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('unknown format "pfd". Did you mean "pdf"?') });
    expect(await cli(['check', '--format', 'sarf'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('Did you mean "sarif"?') });
    // Nothing close: no guess.
    expect((await cli(['xyzzy'])).stderr).not.toContain('Did you mean');
  });

  it('build writes the HTML edition and reports what it wrote', async () => {
    const result = await cli(['build', sampleSource, '--out', outDir, '--format', 'html']);
    expect(result.code).toBe(ExitCode.ok);
    // The chapter's page, the web edition's pages, search index and fonts, the output folder's index.html, and the three data files.
    expect(result.stderr).toMatch(/wrote 25 files for 1 chapter/);
    expect(existsSync(path.join(outDir, 'html/japan/coordination.html'))).toBe(true);
  });

  it('build without --format writes every edition: HTML, PDF and DOCX', async () => {
    const result = await cli(['build', sampleSource, '--out', outDir]);
    expect(result.code).toBe(ExitCode.ok);
    // Over the HTML edition: the chapter's three files, the books' four, and the two pages that now link to the books (home, country).
    expect(result.stderr).toMatch(/wrote 9 files for 1 chapter and 1 country report/);
    expect(existsSync(path.join(outDir, 'html/japan/coordination.html'))).toBe(true);
    expect(existsSync(path.join(outDir, 'pdf/japan/coordination.pdf'))).toBe(true);
    expect(existsSync(path.join(outDir, 'docx/japan/coordination.docx'))).toBe(true);
  });

  it('a second build says which chapters came from the cache; --cache and --no-cache choose it', async () => {
    const cacheDir = path.join(outDir, 'elsewhere-cache');
    const first = await cli(['build', sampleSource, '--out', outDir, '--format', 'html', '--cache', cacheDir]);
    expect(first.stderr).not.toContain('from the cache');
    expect(existsSync(cacheDir)).toBe(true);
    const second = await cli(['build', sampleSource, '--out', outDir, '--format', 'html', '--cache', cacheDir]);
    expect(second).toMatchObject({ code: ExitCode.ok, stderr: expect.stringMatching(/wrote 0 files for 1 chapter to .* \(1 unchanged, from the cache\)/) });
    const uncached = await cli(['build', sampleSource, '--out', outDir, '--format', 'html', '--no-cache']);
    expect(uncached.stderr).not.toContain('from the cache');
  });

  it('refuses --jobs that is not a whole number from 1, and cache options outside build', async () => {
    for (const jobs of ['0', '-2', '1.5', 'many']) {
      expect(await cli(['build', sampleSource, `--jobs=${jobs}`])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('--jobs takes a whole number from 1') });
    }
    expect(await cli(['check', sampleSource, '--jobs', '2'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('--jobs goes with build or release') });
    expect(await cli(['check', sampleSource, '--no-cache'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('--no-cache goes with build') });
    expect(await cli(['check', sampleSource, '--book', 'all'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('--book goes with build') });
    expect(await cli(['build', sampleSource, '--book', 'japan'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('--book takes "all"') });
    expect(await cli(['build', sampleSource, '--cache', 'x', '--no-cache'])).toMatchObject({ code: ExitCode.usage });
  });

  it('build --format docx writes the DOCX edition only', async () => {
    const docxOut = path.join(outDir, 'docx-only');
    const result = await cli(['build', sampleSource, '--out', docxOut, '--format', 'docx']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stderr).toMatch(/wrote 6 files for 1 chapter and 1 country report/);
    expect(existsSync(path.join(docxOut, 'docx/japan/coordination.docx'))).toBe(true);
    expect(existsSync(path.join(docxOut, 'html'))).toBe(false);
  });

  it('build --format pdf of a character no font has: the warning at its place for the author, no fault of rubricpress; verify agrees; --strict exits 1', async () => {
    const folder = await changedSource({ [chapterPath]: replaceOnce('in the category of coordination.', 'in the category of coordination (ሰ).') });
    try {
      const place = lineColumnOf(readFileSync(path.join(folder, chapterPath), 'utf8'), 'ሰ');
      const pdfOut = path.join(outDir, 'uncovered');
      const built = await cli(['build', folder, '--out', pdfOut, '--format', 'pdf', '--no-cache']);
      expect(built.code).toBe(ExitCode.ok);
      expect(built.stderr).toContain(`coordination.md:${String(place.line)}:${String(place.column)}: warning: The character “ሰ” (U+1230) is in none of the theme's fonts`);
      expect(built.stderr).not.toMatch(/fault in rubricpress|edition-disagrees/);
      expect(existsSync(path.join(pdfOut, 'pdf/japan/coordination.pdf'))).toBe(true);
      const verified = await cli(['verify', folder, '--out', pdfOut, '--format', 'pdf']);
      expect(verified.code).toBe(ExitCode.ok);
      expect(verified.stderr).not.toMatch(/fault in rubricpress|edition-disagrees/);
      const strict = await cli(['build', folder, '--out', path.join(outDir, 'uncovered-strict'), '--format', 'pdf', '--no-cache', '--strict']);
      expect(strict.code).toBe(ExitCode.invalidSource);
      expect(strict.stderr).toContain('[glyph-missing]');
      expect(strict.stderr).not.toMatch(/fault in rubricpress|edition-disagrees/);
    } finally {
      await removeFolder(folder);
    }
  });

  it('SOURCE_DATE_EPOCH dates the PDF and the DOCX; --pdfa makes the PDF PDF/A-2a', async () => {
    const folder = await temporaryFolder();
    try {
      const result = await cli(['build', sampleSource, '--out', folder], { CI: 'true', SOURCE_DATE_EPOCH: '1700000000' });
      expect(result.code).toBe(ExitCode.ok);
      expect(existsSync(path.join(folder, 'html/japan/coordination.html'))).toBe(true);
      const pdf = await readPdf(path.join(folder, 'pdf/japan/coordination.pdf'));
      expect(pdf.info['CreationDate']).toBe('D:20231114221320Z');
      const core = openDocx(new Uint8Array(readFileSync(path.join(folder, 'docx/japan/coordination.docx')))).text('docProps/core.xml');
      expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T00:00:00Z</dcterms:created>');
      expect(pdf.raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
      const archive = await cli(['build', sampleSource, '--out', folder, '--format', 'pdf', '--pdfa'], { CI: 'true' });
      expect(archive.code).toBe(ExitCode.ok);
      expect((await readPdf(path.join(folder, 'pdf/japan/coordination.pdf'))).raw).toContain('<pdfaid:part>2</pdfaid:part>');
    } finally {
      await removeFolder(folder);
    }
  });

  it('refuses a SOURCE_DATE_EPOCH that is not a number of seconds', async () => {
    const result = await cli(['build', sampleSource, '--out', outDir], { CI: 'true', SOURCE_DATE_EPOCH: 'yesterday' });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain('SOURCE_DATE_EPOCH must be a whole number of seconds');
    const huge = await cli(['build', sampleSource, '--out', outDir], { CI: 'true', SOURCE_DATE_EPOCH: '99999999999999999' });
    expect(huge.code).toBe(ExitCode.usage);
    expect(huge.stderr).toContain('lies beyond the year 9999');
  });

  it('an output folder that cannot be written is exit code 4 with a plain message, not a bug report', async () => {
    const blocker = path.join(outDir, 'blocker');
    writeFileSync(blocker, 'a file where the output folder should be');
    const result = await cli(['build', sampleSource, '--out', blocker]);
    expect(result.code).toBe(ExitCode.output);
    expect(result.stderr).toContain('cannot write the editions into');
    expect(result.stderr).not.toContain('bug');
  });

  it('--quiet prints nothing on success', async () => {
    const result = await cli(['build', sampleSource, '--out', outDir, '--quiet']);
    expect(result).toMatchObject({ code: ExitCode.ok, stdout: '', stderr: '' });
  });

  it('runs as the installed `rubricpress` command (bin → dist)', async () => {
    const { stdout } = await runBin(['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const failed = await runBin(['check', broken]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('coordination.md');
  });
});
