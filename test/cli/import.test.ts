/**
 * `rubricpress import` on the command line: the unified diff of --dry-run (nothing written), the
 * chapter written whole (no temporary file left), the listing on stdout, exit codes, wrong usage.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePatch } from 'diff';
import { changedSource, lineColumnOf, removeFolder } from '../support/build.js';
import { runCli } from '../support/cli.js';
import { applyEdits, chapterDocx, commentOn, editDocx, typeOver } from '../support/word.js';

const chapterFile = 'chapters/japan/coordination.md';
let source: string;
let docxFile: string;
let before: string;

beforeEach(async () => {
  source = await changedSource({});
  before = await readFile(path.join(source, chapterFile), 'utf8');
  const comment = commentOn('With a staff of more than 1,000', { id: 3, author: 'Jane Editor', date: '2026-11-30T09:15:00Z', words: 'Source?' });
  docxFile = path.join(source, 'edited.docx');
  await writeFile(docxFile, editDocx(await chapterDocx(source), applyEdits(typeOver('were considered insufficient', 'were considered inadequate'), comment.edit), { 'word/comments.xml': comment.part }));
});
afterEach(async () => {
  await removeFolder(source);
});

describe('rubricpress import', () => {
  it('--dry-run prints the change as a unified diff of the chapter and writes nothing', async () => {
    const run = await runCli(['import', docxFile, source, '--dry-run']);
    expect(run.code).toBe(0);
    const [patch] = parsePatch(run.stdout.slice(run.stdout.indexOf('====')));
    expect(patch?.oldFileName).toBe(`a/${chapterFile}`);
    const changed = patch?.hunks.flatMap((hunk) => hunk.lines.filter((line) => /^[-+]/.test(line))) ?? [];
    expect(changed).toHaveLength(2);
    expect(changed[0]).toMatch(/^-Until the 1990s, .* were considered insufficient, which/);
    expect(changed[1]).toBe(`+${(changed[0] ?? '').slice(1).replace('considered insufficient', 'considered inadequate')}`);
    // Positions are in the chapter as the import leaves it (two characters shorter before the comment's words).
    const { line, column } = lineColumnOf(before.replace('considered insufficient', 'considered inadequate'), 'With a staff of more than 1,000');
    expect(run.stdout).toMatch(new RegExp(`^\\S+coordination\\.md:${String(line)}:${String(column)}: comment by Jane Editor \\(2026-11-30\\): Source\\? \\[on "With a staff of more than 1,000"\\]$`, 'm'));
    expect(run.stderr).toContain('nothing was written (--dry-run)');
    expect(await readFile(path.join(source, chapterFile), 'utf8')).toBe(before);
  });

  it('writes the chapter whole, leaves no temporary file, and a second import of the same DOCX changes nothing more', async () => {
    const run = await runCli(['import', docxFile, source]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('imported the edits of');
    const after = await readFile(path.join(source, chapterFile), 'utf8');
    expect(after).toBe(before.replace('were considered insufficient', 'were considered inadequate'));
    expect(await readdir(path.join(source, 'chapters/japan'))).toEqual(['coordination.md']);
    // The DOCX was built from the chapter before: now it is refused, unless merged with --force.
    const again = await runCli(['import', docxFile, source]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[import-source-changed]');
    const forced = await runCli(['import', docxFile, source, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('no change');
    expect(await readFile(path.join(source, chapterFile), 'utf8')).toBe(after);
  });

  it('wrong usage is exit 2; a file that is no DOCX is exit 1 with its rule', async () => {
    expect((await runCli(['import'])).code).toBe(2);
    expect((await runCli(['import', docxFile, source, '--format', 'html'])).code).toBe(2);
    expect((await runCli(['build', source, '--pending'])).stderr).toContain('--pending goes with import');
    await writeFile(docxFile, 'not a docx');
    const run = await runCli(['import', docxFile, source]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[import-unreadable]');
  });

  it('a chapter that cannot be written is exit 4 and stays as it was; a file of the temporary name that is not the import’s is not overwritten', async () => {
    const chapter = path.join(source, chapterFile);
    // The name the import would write under first (this process's id: runCli runs in it).
    const temporary = `${chapter}.${String(process.pid)}-0.import.tmp`;
    await writeFile(temporary, 'someone else’s file');
    const run = await runCli(['import', docxFile, source]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('cannot write the imported chapters');
    expect(run.stderr).toContain('No chapter was changed.');
    expect(await readFile(chapter, 'utf8')).toBe(before);
    expect(await readFile(temporary, 'utf8')).toBe('someone else’s file');
  });
});
