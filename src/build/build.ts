/**
 * A whole build, from folders to files: read the source and templates, compile, render each
 * requested format in memory, and write everything atomically — or nothing, if anything failed.
 */
import type { VFile } from 'vfile';
import { report, hasBlockingDiagnostics } from '../diagnostics/report.js';
import { generator } from '../package-info.js';
import { chapterHtmlPath, createHtmlRenderer, type HtmlRenderer } from '../render/html/render.js';
import type { RenderProblem } from '../render/handlers.js';
import type { PdfSubset } from '../render/pdf/pdfkit.js';
import type { DocumentRenderer } from '../render/renderer.js';
import { chapterFilePath } from '../render/wording.js';
import type { Report } from '../tree/types.js';
import type { TextUnit } from '../verify/expected.js';
import { readSourceFolder } from '../source/load.js';
import { loadTemplates, type FontFiles, type Templates } from '../theme/load-templates.js';
import { compileEdition, type CompiledChapter, type CompiledEdition } from './compile.js';
import type { Format } from './formats.js';
import { readOutput, writeOutputsAtomically, type OutputFile } from './write.js';

export interface ProgressEvent {
  readonly phase: 'read' | 'check' | 'render' | 'verify' | 'write';
  readonly done: number;
  readonly total: number;
  readonly item?: string;
}

export interface BuildOptions {
  readonly sourceDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly formats: readonly Format[];
  readonly strict: boolean;
  /** False for `check`: validate only. */
  readonly write: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** PDF/UA-1 (default), or PDF/A-2a for archives. */
  readonly pdfStandard?: PdfSubset;
  /** The date written into the editions' metadata instead of the edition's (SOURCE_DATE_EPOCH). */
  readonly sourceDate?: Date;
  /** Read every edition back and compare it with the source before writing (default: true). */
  readonly verify?: boolean;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly files: readonly VFile[];
  readonly written: readonly string[];
  readonly chapters: number;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'read', done: 0, total: 1 });
  // Fonts matter to the PDF only; `check` reads them too, to report every problem of the templates.
  const fonts = options.formats.includes('pdf') || !options.write;
  const [loaded, source] = await Promise.all([loadTemplates(options.templatesDir, { fonts }), readSourceFolder(options.sourceDir)]);
  const templates = loaded.templates;
  if (!templates) {
    return { ok: false, files: loaded.files, written: [], chapters: 0 };
  }
  progress({ phase: 'check', done: 0, total: source.chapters.length });
  const compiled = compileEdition(source, templates);
  const files = [...loaded.files, ...compiled.files];
  const blocked = hasBlockingDiagnostics(files, options.strict);
  if (blocked || !options.write) {
    return { ok: !blocked, files, written: [], chapters: compiled.chapters.length };
  }

  const outputs = await renderEdition(compiled, templates, options.formats, progress, renderOptionsOf(options));
  if (hasBlockingDiagnostics(files, options.strict)) {
    return { ok: false, files, written: [], chapters: compiled.chapters.length };
  }
  if (options.verify !== false) {
    const byPath = new Map(outputs.map((output) => [output.path, output.contents]));
    await verifyEditions(compiled, templates, options.formats, (path) => byPath.get(path), progress);
    if (hasBlockingDiagnostics(files, options.strict)) {
      return { ok: false, files, written: [], chapters: compiled.chapters.length };
    }
  }
  progress({ phase: 'write', done: 0, total: outputs.length });
  const written = await writeOutputsAtomically(options.outDir, outputs);
  progress({ phase: 'write', done: outputs.length, total: outputs.length });
  return { ok: true, files, written, chapters: compiled.chapters.length };
}

/**
 * `rubricpress verify`: the editions already in the output folder, compared with the source as it
 * is now. Nothing is written.
 */
export async function verifyBuilt(options: Omit<BuildOptions, 'write' | 'verify'>): Promise<BuildResult> {
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'read', done: 0, total: 1 });
  const [loaded, source] = await Promise.all([loadTemplates(options.templatesDir, { fonts: false }), readSourceFolder(options.sourceDir)]);
  const templates = loaded.templates;
  if (!templates) return { ok: false, files: loaded.files, written: [], chapters: 0 };
  const compiled = compileEdition(source, templates);
  const files = [...loaded.files, ...compiled.files];
  if (!hasBlockingDiagnostics(files, options.strict)) {
    await verifyEditions(compiled, templates, options.formats, (relative) => readOutput(options.outDir, relative), progress);
  }
  return { ok: !hasBlockingDiagnostics(files, options.strict), files, written: [], chapters: compiled.chapters.length };
}

/** The renderers of one build, each made on first use so a build makes only those it needs. */
interface Renderers {
  readonly html: () => HtmlRenderer;
  readonly pdf: () => Promise<DocumentRenderer>;
  readonly docx: () => Promise<DocumentRenderer>;
}

function once<Value>(make: () => Value): () => Value {
  let value: Value | undefined;
  return () => (value ??= make());
}

function fontsOf(templates: Templates): FontFiles {
  // build() loads the fonts whenever the PDF is among the formats.
  if (!templates.fonts) throw new Error('The PDF renderer needs the theme’s fonts, and they were not loaded.');
  return templates.fonts;
}

/** What a build asks of the renderers beyond the templates. */
export interface RenderOptions {
  readonly pdfStandard?: PdfSubset;
  readonly sourceDate?: Date;
  /** The chapters html/index.html lists (default: those rendered). A release shard renders some chapters but lists all. */
  readonly indexChapters?: readonly CompiledChapter[];
}

function renderOptionsOf(options: BuildOptions): RenderOptions {
  return { ...(options.pdfStandard ? { pdfStandard: options.pdfStandard } : {}), ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}) };
}

function createRenderers(templates: Templates, options: RenderOptions): Renderers {
  const { theme } = templates;
  return {
    html: once(() => createHtmlRenderer({ theme, layout: templates.layout, stylesheet: templates.stylesheet, generator })),
    // The PDF and DOCX engines (pdfkit and fontkit, docx) load only when their edition is built, so
    // that `check`, `--help` and an HTML build start quickly.
    pdf: once(async () =>
      (await import('../render/pdf/render.js')).createPdfRenderer({
        theme,
        fonts: fontsOf(templates),
        generator,
        ...(options.pdfStandard ? { subset: options.pdfStandard } : {}),
        ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}),
      }),
    ),
    docx: once(async () => (await import('../render/docx/render.js')).createDocxRenderer({ theme, generator, ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}) })),
  };
}

/** Renders every chapter in every format; what a renderer could not draw is reported on its chapter. */
export async function renderEdition(
  compiled: CompiledEdition,
  templates: Templates,
  formats: readonly Format[],
  progress: (event: ProgressEvent) => void = () => undefined,
  options: RenderOptions = {},
): Promise<OutputFile[]> {
  const outputs: OutputFile[] = [];
  const renderers = createRenderers(templates, options);
  const total = compiled.chapters.length * formats.length;
  let done = 0;
  for (const chapter of compiled.chapters) {
    for (const format of formats) {
      progress({ phase: 'render', done, total, item: `${chapter.source.relativePath} → ${format}` });
      outputs.push(...(await renderChapter(chapter, format, renderers)));
      done += 1;
    }
  }
  const indexChapters = options.indexChapters ?? compiled.chapters;
  if (formats.includes('html') && indexChapters.length > 0) {
    outputs.push({ path: 'html/index.html', contents: renderers.html().renderIndex(indexChapters.map((chapter) => chapter.tree.children[0])) });
  }
  progress({ phase: 'render', done: total, total });
  return outputs;
}

async function renderChapter(chapter: CompiledChapter, format: Format, renderers: Renderers): Promise<OutputFile[]> {
  const report = chapter.tree.children[0];
  switch (format) {
    case 'html': {
      const rendered = renderers.html().renderChapter(chapter.tree);
      reportProblems(chapter.source.file, rendered.problems);
      return [{ path: editionPath(report, format), contents: rendered.html }];
    }
    case 'pdf':
    case 'docx': {
      const rendered = await (await renderers[format]()).renderChapter(chapter.tree);
      reportProblems(chapter.source.file, rendered.problems);
      return [{ path: editionPath(report, format), contents: rendered.bytes }];
    }
  }
}

/** Where a chapter's file of an edition goes, in the output folder: `pdf/japan/coordination.pdf`. */
export function editionPath(report: Report, format: Format): string {
  return format === 'html' ? `html/${chapterHtmlPath(report)}` : `${format}/${chapterFilePath(report, format)}`;
}

/**
 * The agreement check over a whole edition: each chapter's files, wherever they come from (memory
 * during a build, the output folder for `rubricpress verify`), against its report tree. A missing
 * file and every difference are reported on the chapter.
 */
export async function verifyEditions(
  compiled: CompiledEdition,
  templates: Templates,
  formats: readonly Format[],
  contentsOf: (path: string) => string | Uint8Array | undefined | Promise<string | Uint8Array | undefined>,
  progress: (event: ProgressEvent) => void = () => undefined,
): Promise<void> {
  // The readers (pdfjs among them) load only when something is verified.
  const { verifyChapter } = await import('../verify/verify.js');
  let done = 0;
  for (const chapter of compiled.chapters) {
    progress({ phase: 'verify', done, total: compiled.chapters.length, item: chapter.source.relativePath });
    const report = chapter.tree.children[0];
    const editions: { html?: string; pdf?: Uint8Array; docx?: Uint8Array } = {};
    for (const format of formats) {
      const path = editionPath(report, format);
      const contents = await contentsOf(path);
      if (contents === undefined) {
        reportDisagreement(chapter.source.file, undefined, `The ${format.toUpperCase()} edition of this chapter (${path}) is missing. Build it first: rubricpress build --format ${format}.`);
        continue;
      }
      if (format === 'html') editions.html = typeof contents === 'string' ? contents : new TextDecoder().decode(contents);
      else editions[format] = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
    }
    for (const disagreement of await verifyChapter(chapter.tree, templates.theme, editions)) {
      reportDisagreement(chapter.source.file, disagreement.unit, disagreement.message);
    }
    done += 1;
  }
  progress({ phase: 'verify', done, total: compiled.chapters.length });
}

/** A difference between an edition and the source, at the unit's place (codebook text: named in the message). */
function reportDisagreement(file: VFile, unit: TextUnit | undefined, message: string): void {
  const source = unit?.source;
  const where = source ? ` (The text comes from ${source.path}${source.position ? `:${String(source.position.start.line)}:${String(source.position.start.column)}` : ''}.)` : '';
  report(file, 'edition-disagrees', unit?.position, `${message}${where} If the source changed since the build, build again; otherwise this is a fault in rubricpress's renderer, not in the source: please report it with this chapter.`);
}

function reportProblems(file: VFile, problems: readonly RenderProblem[]): void {
  for (const problem of problems) report(file, problem.rule ?? 'unrenderable-node', problem.position, problem.reason);
}
