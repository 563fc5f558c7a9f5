/**
 * One chapter's whole work, wherever it runs (this thread, or a worker of the pool): compile it
 * against the edition's shared parts, render it in each format and check the editions against its
 * tree. Input and result are plain data, so that they cross a thread boundary as they are; the
 * chapter's diagnostics come back as data too, and are put on its file in the main thread.
 */
import { deserialize, serialize } from 'node:v8';
import { VFile } from 'vfile';
import { hasErrors } from '../diagnostics/report.js';
import { messagesOf, type TransferredMessage } from '../diagnostics/transfer.js';
import { isReadable, markReadable, type SourceFile, type SourceFolder } from '../source/load.js';
import type { ChapterNavigation } from '../document/site.js';
import type { Templates } from '../theme/load-templates.js';
import type { ChapterResults, EditionVolumeSource, Publication, Report, ReportTree } from '../tree/types.js';
import { countryReportPublicationOf } from '../transform/publication.js';
import { resultsOf } from '../tree/results.js';
import { compileChapter, prepareEdition, type PreparedEdition } from './compile.js';
import type { Format } from './formats.js';
import { readDrawnFiles, readHeldFiles, type DrawnChapterFile, type HeldChapterFile } from './drawn-files.js';
import type { ChapterRenderer, ChapterResult } from './render-chapter.js';

/** A source file as text: what a worker needs to compile it. */
export interface SourceText {
  readonly relativePath: string;
  /** As diagnostics show it. */
  readonly path: string;
  readonly text: string;
}

/** The parts of the source every chapter is compiled against, for a worker to prepare its own edition from. */
export interface SharedSources {
  readonly root: string;
  readonly edition: SourceText | undefined;
  readonly codebook: SourceText | undefined;
  readonly references: SourceText | undefined;
  readonly citationStyles: ReadonlyMap<string, string>;
}

/**
 * A chapter bound into a book: the tree its own job compiled (`ChapterJobResult.tree`), or, when
 * there is none (a chapter from the cache, a release's shard), its source, compiled again.
 */
export interface BookChapter {
  readonly source: SourceText;
  readonly tree?: Uint8Array;
}

/**
 * A chapter to compile and render (`forBooks`: and, for the books that bind it, send back its tree, and its PDF's pages and Word file as its country report takes them), or (for a release, which compiled the edition already) a tree to
 * render, or a country report: its chapters (compiled and found clean already) to bind.
 */
export type ChapterJob =
  | { readonly kind: 'source'; readonly chapter: SourceText; readonly navigation?: ChapterNavigation; readonly forBooks?: boolean }
  | { readonly kind: 'tree'; readonly tree: ReportTree; readonly navigation?: ChapterNavigation }
  | {
      readonly kind: 'countryReport';
      readonly chapters: readonly BookChapter[];
      readonly all?: boolean;
      readonly formats?: readonly Format[];
      /** Its chapters as made before, as files of the cache, read where the job runs. */
      readonly drawnFiles?: readonly DrawnChapterFile[];
      /** Its chapters' own files as their jobs made them, held in the staging folder of a build without a cache, read where the job runs. */
      readonly heldFiles?: readonly HeldChapterFile[];
      readonly keepDrawn?: boolean;
    }
  | { readonly kind: 'editionVolume'; readonly source: EditionVolumeSource; readonly formats?: readonly Format[] };

/** A book's job: a country report or the edition volume, in the formats it names (default: the build's). */
export type BookJob = Extract<ChapterJob, { readonly kind: 'countryReport' | 'editionVolume' }>;

export interface ChapterJobResult {
  /** The chapter file's diagnostics from compiling it (none for a tree). */
  readonly messages: readonly TransferredMessage[];
  /** The report without its content: for html/index.html, the edition's checks and the cache. */
  readonly report: Report | undefined;
  readonly citedKeys: readonly string[];
  /** Undefined when the chapter has errors, or its citations could not be formatted. */
  readonly rendered: ChapterResult | undefined;
  /** The chapter's numbers, for the edition volume (none without a report). */
  readonly results?: ChapterResults;
  /**
   * The chapter's report tree as compiled, serialized (V8's structured clone, some 165 KB a chapter
   * of the generated edition), when the job asked for it: its country's report binds it without
   * compiling the chapter again (once per printed format, that was two thirds of the build's compiling).
   */
  readonly tree?: Uint8Array;
}

export function sourceText(entry: SourceFile): SourceText {
  return { relativePath: entry.relativePath, path: entry.file.path, text: String(entry.file.value) };
}

export function sharedSources(source: SourceFolder, templates: Pick<Templates, 'citationStyles'>): SharedSources {
  const readable = (entry: SourceFile | undefined): SourceText | undefined => (isReadable(entry) ? sourceText(entry) : undefined);
  return { root: source.root, edition: readable(source.edition), codebook: readable(source.codebook), references: readable(source.references), citationStyles: templates.citationStyles };
}

/** A worker's own edition, prepared from the texts the main thread read (so both see the same bytes). */
export function prepareShared(shared: SharedSources, templates: Templates): PreparedEdition {
  const folder: SourceFolder = {
    root: shared.root,
    edition: shared.edition && sourceFile(shared.edition),
    codebook: shared.codebook && sourceFile(shared.codebook),
    references: shared.references && sourceFile(shared.references),
    chapters: [],
    folderFile: new VFile({ path: shared.root }),
  };
  return prepareEdition(folder, templates);
}

export function createChapterRunner(prepared: PreparedEdition, renderer: ChapterRenderer): (job: ChapterJob) => Promise<ChapterJobResult> {
  return async (job) => {
    if (job.kind === 'tree') {
      const report = job.tree.children[0];
      return { messages: [], report: reportHeader(report), citedKeys: [], rendered: await renderer.renderChapter(job.tree, job.navigation), results: resultsOf(report) };
    }
    if (job.kind === 'editionVolume') return { messages: [], report: undefined, citedKeys: [], rendered: await renderer.renderEditionVolume(job.source, job.formats) };
    if (job.kind === 'countryReport') {
      // Its chapters' diagnostics were reported when each was built on its own: only clean ones are bound.
      const trees: ReportTree[] = [];
      for (const bound of job.chapters) {
        const tree = bound.tree ? treeOf(bound.tree) : compiledClean(prepared, bound.source);
        if (!tree) return { messages: [], report: undefined, citedKeys: [], rendered: undefined };
        trees.push(tree);
      }
      // A single country's report has an imprint page (the volume of every country's has not).
      const publication = job.all === true ? undefined : countryReportPublication(prepared, trees);
      const drawnBefore = [...(job.drawnFiles ? await readDrawnFiles(job.drawnFiles) : []), ...(job.heldFiles ? await readHeldFiles(job.heldFiles) : [])];
      return { messages: [], report: undefined, citedKeys: [], rendered: await renderer.renderCountryReport(trees, { all: job.all === true, ...(publication ? { publication } : {}) }, { ...(job.formats ? { formats: job.formats } : {}), ...(drawnBefore.length > 0 ? { drawnBefore } : {}), keepDrawn: job.keepDrawn === true }) };
    }
    const chapter = sourceFile(job.chapter);
    const compiled = compileChapter(prepared, chapter);
    const report = compiled.report;
    const renderable: ReportTree | undefined = report && prepared.canCite && prepared.complete && !hasErrors(chapter.file) ? { type: 'root', children: [report] } : undefined;
    // Before rendering, so that the book gets the tree as compiled.
    const tree = job.forBooks === true && renderable ? viewOf(serialize(renderable)) : undefined;
    const rendered = renderable ? await renderer.renderChapter(renderable, job.navigation, { forBooks: job.forBooks === true }) : undefined;
    return { messages: messagesOf(chapter.file), report: report ? reportHeader(report) : undefined, citedKeys: compiled.citedKeys, rendered, ...(report ? { results: resultsOf(report) } : {}), ...(tree && rendered ? { tree } : {}) };
  };
}

/** A chapter's tree compiled from its source, if it is clean (a book binds only chapters found clean). */
function compiledClean(prepared: PreparedEdition, text: SourceText): ReportTree | undefined {
  const chapter = sourceFile(text);
  const report = compileChapter(prepared, chapter).report;
  return report && !hasErrors(chapter.file) ? { type: 'root', children: [report] } : undefined;
}

/** A tree sent back by a chapter's job (`ChapterJobResult.tree`), as it was compiled. */
function treeOf(bytes: Uint8Array): ReportTree {
  const tree = reportTreeOf(bytes);
  if (!tree) throw new Error('A chapter tree sent to a book is not a report tree.');
  return tree;
}

/**
 * Serialized bytes (`ChapterJobResult.tree`) as a report tree: a report at the top, and nodes that
 * each appear once below it (V8's serialization keeps shared and cyclic references, so a forged tree
 * could send a walk round a cycle or through the same subtree millions of times), at most
 * `maxTreeNodes` of them.
 */
export function reportTreeOf(bytes: Uint8Array): ReportTree | undefined {
  try {
    const value: unknown = deserialize(bytes);
    return isReportTree(value) && nodesOnceEach(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Far more nodes than a chapter of 500 questions holds. */
const maxTreeNodes = 5_000_000;

function isReportTree(value: unknown): value is ReportTree {
  if (typeof value !== 'object' || value === null || !('type' in value) || value.type !== 'root' || !('children' in value) || !Array.isArray(value.children)) return false;
  const children: readonly unknown[] = value.children;
  const report = children[0];
  return children.length === 1 && typeof report === 'object' && report !== null && 'type' in report && report.type === 'report' && 'children' in report && Array.isArray(report.children);
}

/** Whether every node under `root` (through `children`) is an object met once, and there are not too many. */
function nodesOnceEach(root: object): boolean {
  const seen = new Set<object>([root]);
  const stack: object[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!('children' in node) || node.children === undefined) continue;
    if (!Array.isArray(node.children)) return false;
    const children: readonly unknown[] = node.children;
    for (const child of children) {
      if (typeof child !== 'object' || child === null || seen.has(child) || seen.size >= maxTreeNodes) return false;
      seen.add(child);
      stack.push(child);
    }
  }
  return true;
}

export { resultsOf };

/** A country report's publication details and suggested citation (formatted by the edition's style), from its chapters' trees. */
export function countryReportPublication(prepared: PreparedEdition, trees: readonly ReportTree[]): Publication | undefined {
  const first = trees[0]?.children[0];
  if (!first || !prepared.edition || !prepared.canCite) return undefined;
  return countryReportPublicationOf(
    prepared.edition,
    { country: first.country, countrySlug: first.countrySlug, title: prepared.countryReportTitle(first.country) },
    trees.map((tree) => tree.children[0].publication),
    (work) => prepared.citations().formatWork(work),
  );
}

/** The report without its content and its text: what the main thread keeps of a chapter (the index, the edition's checks, the cache). */
export function reportHeader(report: Report): Report {
  return { ...report, children: [], sourceText: '' };
}

function sourceFile(text: SourceText): SourceFile {
  const file = new VFile({ path: text.path, value: text.text });
  markReadable(file, true);
  return { file, relativePath: text.relativePath };
}

/** The bytes as a Uint8Array over the same memory (a Buffer's own class does not cross a thread). */
function viewOf(bytes: Buffer): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
