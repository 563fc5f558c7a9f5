/**
 * Builds for tests: the sample source into a temporary folder, or a changed copy of it, through the
 * same `build()` the CLI calls.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type BuildResult } from '../../src/build/build.js';
import type { Format } from '../../src/build/formats.js';
import { diagnosticsAsJson, type JsonDiagnostic } from '../../src/diagnostics/json.js';
import { compileEdition, type CompiledEdition } from '../../src/build/compile.js';
import { readSourceFolder } from '../../src/source/load.js';
import type { ReportTree } from '../../src/tree/types.js';
import { loadTemplates, type Templates } from '../../src/theme/load-templates.js';
import type { Theme } from '../../src/theme/theme.js';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const sampleSource = path.join(projectRoot, 'source');
export const templatesDir = path.join(projectRoot, 'templates');

export async function temporaryFolder(prefix = 'rubricpress-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Removes a temporary folder, and the output folder `outputBeside` gave it if there is one. */
export async function removeFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await rm(outputBeside(folder), { recursive: true, force: true });
}

/**
 * An output folder for builds of a temporary source or templates folder: beside it, not inside it
 * (rubricpress refuses to write inside what it reads). `removeFolder` removes it with its folder.
 */
export function outputBeside(folder: string): string {
  return `${folder}-out`;
}

export interface TestBuild {
  readonly result: BuildResult;
  readonly outDir: string;
  readonly diagnostics: readonly JsonDiagnostic[];
}

export async function buildInto(
  outDir: string,
  options: { sourceDir?: string; formats?: readonly Format[]; strict?: boolean; write?: boolean; pdfStandard?: BuildOptions['pdfStandard']; sourceDate?: Date; verify?: boolean } = {},
): Promise<TestBuild> {
  const result = await build({
    sourceDir: options.sourceDir ?? sampleSource,
    outDir,
    templatesDir,
    formats: options.formats ?? ['html'],
    strict: options.strict ?? false,
    write: options.write ?? true,
    ...(options.pdfStandard ? { pdfStandard: options.pdfStandard } : {}),
    ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}),
    ...(options.verify === false ? { verify: false } : {}),
  });
  return { result, outDir, diagnostics: diagnosticsAsJson(result.files) };
}

/** A file of the source folder and how to change it: a function of its text, or new bytes. */
export type SourceEdit = Readonly<Record<string, ((text: string) => string) | string | Uint8Array | null>>;

/** Copies the sample source to a temporary folder and applies `edits` (null deletes a file). */
export async function changedSource(edits: SourceEdit): Promise<string> {
  const folder = await temporaryFolder('rubricpress-source-');
  await cp(sampleSource, folder, { recursive: true });
  for (const [relative, edit] of Object.entries(edits)) {
    const target = path.join(folder, relative);
    if (edit === null) {
      await rm(target, { force: true, recursive: true });
    } else if (typeof edit === 'function') {
      await writeFile(target, edit(await readFile(target, 'utf8')));
    } else {
      // A new file (another country's chapter) gets its folder.
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, edit);
    }
  }
  return folder;
}

/**
 * The sample with its chapter replaced by a fixture chapter (`test/fixtures/<fixture>`), built in
 * every format into the folder beside the copy; `removeFolder(folder)` removes both.
 */
export async function buildFixtureChapter(fixture: string): Promise<TestBuild & { readonly folder: string }> {
  const text = await readFile(path.join(projectRoot, 'test/fixtures', fixture), 'utf8');
  const folder = await changedSource({ 'chapters/japan/coordination.md': text });
  const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['html', 'pdf', 'docx'] });
  return { ...built, folder };
}

/** Checks a changed copy of the sample (nothing is written) and returns its diagnostics. */
export async function checkChanged(edits: SourceEdit, options: { strict?: boolean } = {}): Promise<TestBuild> {
  const folder = await changedSource(edits);
  try {
    return await buildInto(path.join(folder, 'out'), { sourceDir: folder, write: false, strict: options.strict ?? false });
  } finally {
    await removeFolder(folder);
  }
}

/** Replaces exactly one occurrence of `from`, failing loudly if the sample has changed. */
export function replaceOnce(from: string, to: string): (text: string) => string {
  return (text) => {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" in the sample`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  };
}

/** 1-based line and column of the first occurrence of `needle` in `text` (after `after`, if given). */
export function lineColumnOf(text: string, needle: string, after = 0): { line: number; column: number } {
  const at = text.indexOf(needle, after);
  if (at < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { line, column };
}

/** The sample compiled to report trees (no rendering, nothing written). */
export async function compileSample(sourceDir = sampleSource): Promise<CompiledEdition & { templates: Templates }> {
  const [{ templates }, source] = await Promise.all([loadTemplates(templatesDir), readSourceFolder(sourceDir)]);
  if (!templates) throw new Error('the templates did not load');
  return { ...compileEdition(source, templates), templates };
}

/** The sample's one chapter (or that of a changed copy in `sourceDir`) as a report tree, with the templates. */
export async function compileSampleChapter(sourceDir = sampleSource): Promise<{ readonly tree: ReportTree; readonly templates: Templates }> {
  const { chapters, templates } = await compileSample(sourceDir);
  const tree = chapters[0]?.tree;
  if (!tree) throw new Error('the sample compiled to no chapter');
  return { tree, templates };
}

/** The theme in the package's templates/theme.yaml (its fonts not read). */
export async function defaultTheme(): Promise<Theme> {
  const loaded = await loadTemplates(templatesDir, { fonts: false });
  if (!loaded.templates) throw new Error('the templates did not load');
  return loaded.templates.theme;
}
