/**
 * The pure core of a build: source files in, report trees and diagnostics out. No clock, no file
 * system: what it needs was read by `source/load.ts` and `theme/load-templates.ts`.
 */
import type { Position } from 'unist';
import type { PhrasingContent } from 'mdast';
import { VFile } from 'vfile';
import { getCitationEngine, type CitationEngine, type CitationEngineOptions } from '../bibliography/engine.js';
import { bundledLocaleLanguages, loadBundledLocale } from '../bibliography/locales.js';
import { chapterItem } from '../bibliography/work.js';
import { hasErrors, report } from '../diagnostics/report.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { pointAt } from '../diagnostics/places.js';
import { parseChapter } from '../parse/chapter.js';
import { countMarkup, maxChapterMarkup } from '../parse/limit-inline.js';
import { readCodebook, type Codebook } from '../source/codebook.js';
import { readEdition, type Edition, type EditionSource } from '../source/edition.js';
import { isReadable, markReadable, type SourceFile, type SourceFolder } from '../source/load.js';
import { readReferences, type References } from '../source/references.js';
import type { Templates } from '../theme/load-templates.js';
import { buildReport, type CitationFormatter } from '../transform/build-report.js';
import { resultsOf } from '../tree/results.js';
import type { ChapterResults, Report, ReportTree } from '../tree/types.js';
import { checkRanks, type RankPlaces } from './ranks.js';
import { chapterTitle, countryReportTitle } from '../theme/wording.js';
import { siteFolders } from '../present/site.js';

export interface CompiledChapter {
  readonly source: SourceFile;
  readonly tree: ReportTree;
}

/** Every chapter compiled, each with its whole tree (`checkEdition` keeps only their headers). */
export interface CompiledEdition extends Omit<CheckedEdition, 'chapters'> {
  readonly chapters: readonly CompiledChapter[];
}

/**
 * The edition's shared parts, read and checked, before any chapter: edition.yaml, the codebook, the
 * references and the citation style. Chapters are compiled against it one at a time, so that a
 * build can compile only those it has to (the others come from its cache).
 */
export interface PreparedEdition {
  readonly source: SourceFolder;
  readonly edition: Edition | undefined;
  readonly codebook: Codebook | undefined;
  readonly references: References | undefined;
  /** The citation style and locale, when edition.yaml and templates/ have them. */
  readonly style: Omit<CitationEngineOptions, 'references'> | undefined;
  /** Whether chapters' citations can be formatted (a style, and references.yaml without problems). */
  readonly canCite: boolean;
  /**
   * Whether the shared files (edition.yaml, codebook.yaml, references.yaml) read without errors.
   * When not, chapters are still checked against what could be read, but no chapter is rendered:
   * the build fails anyway.
   */
  readonly complete: boolean;
  /** Every source file, each with its diagnostics. */
  readonly files: readonly VFile[];
  /** The citation formatter, made on first use (citeproc loads and reads every reference then). */
  readonly citations: () => CitationFormatter;
  /** The chapter's title as the theme prints it ("Japan: Coordination"), which its suggested citation names. */
  readonly chapterTitle: (names: { readonly country: string; readonly categoryTitle: string }) => string;
  /** A country report's title as its suggested citation names it ("Japan: Country Report"). */
  readonly countryReportTitle: (country: string) => string;
}

/** A chapter compiled against the edition: its report (none when it has errors) and the keys it cites. */
export interface ChapterCompilation {
  readonly report: Report | undefined;
  readonly citedKeys: readonly string[];
}

export function compileEdition(source: SourceFolder, templates: Templates): CompiledEdition {
  const prepared = prepareEdition(source, templates);
  if (!prepared.codebook) return { prepared, edition: prepared.edition, chapters: [], files: prepared.files };
  const compiled = source.chapters.map((chapter) => {
    const compilation = compileChapter(prepared, chapter);
    return { chapter, ...compilation, results: compilation.report ? resultsOf(compilation.report) : undefined };
  });
  const accepted = finishEdition(prepared, compiled);
  const chapters: CompiledChapter[] = [];
  compiled.forEach((entry, index) => {
    if (accepted.has(index) && entry.report) chapters.push({ source: entry.chapter, tree: { type: 'root', children: [entry.report] } });
  });
  // Trees whose citations could not be formatted are no edition's content.
  return { prepared, edition: prepared.edition, chapters: prepared.canCite ? chapters : [], files: prepared.files };
}

/** A chapter checked without its content kept: its file, its report's header (none when it has errors) and the keys it cites. */
export interface CheckedChapter {
  readonly source: SourceFile;
  readonly header: Report;
}

export interface CheckedEdition {
  /** The shared parts the chapters were compiled against. */
  readonly prepared: PreparedEdition;
  readonly edition: Edition | undefined;
  /** The chapters that belong to the edition, each with its header; none when citations cannot be formatted. */
  readonly chapters: readonly CheckedChapter[];
  /** Every source file, each with its diagnostics. */
  readonly files: readonly VFile[];
}

/**
 * Checks every chapter, one at a time, keeping only its header: what `check`, `verify` and `release`
 * need before they work on the chapters one by one, in memory bounded by one chapter rather than
 * growing with the edition. (`compileEdition` keeps every tree.)
 */
export function checkEdition(source: SourceFolder, templates: Templates): CheckedEdition {
  const prepared = prepareEdition(source, templates);
  if (!prepared.codebook) return { prepared, edition: prepared.edition, chapters: [], files: prepared.files };
  const checked = source.chapters.map((chapter) => {
    const { report: compiled, citedKeys } = compileChapter(prepared, chapter);
    return { chapter, report: compiled ? { ...compiled, children: [] } : undefined, citedKeys, results: compiled ? resultsOf(compiled) : undefined };
  });
  const accepted = finishEdition(prepared, checked);
  const chapters: CheckedChapter[] = [];
  checked.forEach((entry, index) => {
    if (accepted.has(index) && entry.report) chapters.push({ source: entry.chapter, header: entry.report });
  });
  return { prepared, edition: prepared.edition, chapters: prepared.canCite ? chapters : [], files: prepared.files };
}

export function prepareEdition(source: SourceFolder, templates: Templates): PreparedEdition {
  const files: VFile[] = [source.folderFile];
  for (const entry of [source.edition, source.codebook, source.references, ...source.chapters]) if (entry) files.push(entry.file);

  const editionSource = isReadable(source.edition) ? readEdition(source.edition.file) : undefined;
  const codebook = isReadable(source.codebook) ? readCodebook(source.codebook.file, source.codebook.relativePath) : undefined;
  const references = isReadable(source.references) ? readReferences(source.references.file) : undefined;
  const style = editionSource && source.edition ? citationStyle(source.edition.file, editionSource, templates) : undefined;
  // The engine needs every reference a chapter may cite: with problems in references.yaml there is none.
  const canCite = style !== undefined && references?.complete === true;
  let formatter: CitationFormatter | undefined;
  const citations = (): CitationFormatter =>
    (formatter ??= style && references && canCite ? citationFormatter(getCitationEngine({ ...style, references: references.items })) : keysOnly);
  const shared = [source.edition, source.codebook, source.references];
  const complete = shared.every((entry) => entry !== undefined && isReadable(entry) && !hasErrors(entry.file)) && !hasErrors(source.folderFile);
  const titleOf = (names: { readonly country: string; readonly categoryTitle: string }): string => chapterTitle(templates.theme, names);
  const reportTitleOf = (country: string): string => `${countryReportTitle(templates.theme, country)}: ${templates.theme.labels.countryReport}`;
  return { source, edition: editionSource?.edition, codebook, references, style, canCite, complete, files: sortFiles(files), citations, chapterTitle: titleOf, countryReportTitle: reportTitleOf };
}

/** Parses a chapter and builds its report; its problems are reported on its file. */
export function compileChapter(prepared: PreparedEdition, chapter: SourceFile): ChapterCompilation {
  const { codebook, edition, references } = prepared;
  // Without the codebook a chapter cannot be checked. Without the edition or the citation engine it
  // still can, so that every problem is reported at once; the errors stop the build anyway.
  if (!isReadable(chapter) || !codebook) return { report: undefined, citedKeys: [] };
  // A chapter with more markup than any parse may cost is not parsed (as one over the size limit is not read).
  const markup = countMarkup(String(chapter.file.value), maxChapterMarkup);
  if (markup.passedAt !== undefined) {
    report(
      chapter.file,
      'source-too-large',
      pointAt(chapter.file, markup.passedAt),
      `The chapter holds more than ${maxChapterMarkup.toLocaleString('en-US')} lines and markup characters (* _ \` [ ] > # - and the like); this is where it passes that, so it is not read. A chapter of 2,000 questions holds about half as many: split the chapter, or remove markup it does not need.`,
    );
    return { report: undefined, citedKeys: [] };
  }
  const tree = parseChapter(chapter.file);
  // When references.yaml could not be read, no key can be called unknown.
  const referenceIds = references?.ids ?? new EveryKey();
  const result = buildReport(chapter.file, tree, chapter.relativePath, { edition, codebook, referenceIds, citations: prepared.canCite ? prepared.citations() : keysOnly, chapterTitle: prepared.chapterTitle });
  return { report: result.report, citedKeys: [...result.citedKeys] };
}

/**
 * The checks that need every chapter, compiled or taken from the cache: two chapters for the same
 * country and category, references no chapter cites, and the ranks across the chapters
 * (`ranks.ts`). Returns the indexes of the chapters that belong to the edition (the first of two
 * duplicates does).
 */
export function finishEdition(
  prepared: PreparedEdition,
  chapters: readonly { readonly chapter: SourceFile; readonly report: Report | undefined; readonly citedKeys: readonly string[]; readonly results: ChapterResults | undefined }[],
): Set<number> {
  const accepted = new Set<number>();
  const outputs = new Map<string, SourceFile>();
  const cited = new Set<string>();
  chapters.forEach(({ chapter, report: chapterReport, citedKeys }, index) => {
    for (const key of citedKeys) cited.add(key);
    if (!chapterReport) return;
    const outputKey = `${chapterReport.countrySlug}/${chapterReport.categoryId}`;
    const earlier = outputs.get(outputKey);
    if (earlier) {
      report(
        chapter.file,
        'duplicate-chapter',
        { line: 1, column: 1 },
        `${earlier.relativePath} is already the chapter for ${chapterReport.country}, ${chapterReport.categoryTitle}; both would be written to ${outputKey}. Merge them or fix the front matter.`,
      );
      return;
    }
    if ((siteFolders as readonly string[]).includes(chapterReport.countrySlug)) {
      report(chapter.file, 'site-path-taken', { line: 1, column: 1 }, `The country's slug \`${chapterReport.countrySlug}\` is the name of the web edition's folder html/${chapterReport.countrySlug}/ for its own pages. Give the country another slug in the front matter (\`slug:\`).`);
      return;
    }
    outputs.set(outputKey, chapter);
    accepted.add(index);
  });
  // Whether a reference is unused is only known when every chapter and every reference was read
  // without errors: an unreadable chapter or a misspelt directive hides what it cites.
  // Without the codebook no chapter was read at all.
  const { source, references, codebook } = prepared;
  const allChaptersRead = codebook !== undefined && source.chapters.length > 0 && source.chapters.every((chapter) => !hasErrors(chapter.file));
  if (allChaptersRead && references?.complete === true) reportUnusedReferences(references, cited);
  if (codebook) {
    const ranked = chapters.flatMap((entry, index) => (accepted.has(index) && entry.report && entry.results ? [{ chapter: entry.chapter, report: entry.report, results: entry.results }] : []));
    checkRanks(ranked, {
      ranking: codebook.ranking,
      categories: [...codebook.categories.values()].map((category) => ({
        id: category.id,
        title: category.title,
        subcategories: category.subcategories.map((subcategory) => ({ id: subcategory.id, title: subcategory.title, questions: subcategory.questions.map((question) => question.id) })),
      })),
      countries: prepared.edition?.countries,
      readWithoutErrors: allChaptersRead && !codebook.hasErrors,
      locate: (chapter) => rankPlaces(compiledCopy(prepared, chapter)),
    });
  }
  return accepted;
}

/** A chapter compiled again from a copy of its text (its diagnostics were reported on the chapter already): its report, or none. */
export function compiledCopy(prepared: PreparedEdition, chapter: SourceFile): Report | undefined {
  const copy = new VFile({ path: chapter.file.path, value: String(chapter.file.value) });
  markReadable(copy, true);
  return compileChapter(prepared, { file: copy, relativePath: chapter.relativePath }).report;
}

/** Where a compiled chapter's ranks stand. */
function rankPlaces(compiled: Report | undefined): RankPlaces {
  const subcategories = new Map<string, Position>();
  for (const child of compiled?.children ?? []) if (child.type === 'subCategory' && child.rankPosition) subcategories.set(child.id, child.rankPosition);
  return { rank: compiled?.rankPosition, subcategories };
}

/** The style and locale that edition.yaml names, or undefined (reported) when templates/csl/ or the bundled locales lack one. */
function citationStyle(editionFile: VFile, { edition, positionOf }: EditionSource, templates: Templates): Omit<CitationEngineOptions, 'references'> | undefined {
  const styleXml = templates.citationStyles.get(edition.citationStyle);
  if (styleXml === undefined) {
    const known = [...templates.citationStyles.keys()];
    report(
      editionFile,
      'unknown-citation-style',
      positionOf('citationStyle'),
      `There is no citation style \`${edition.citationStyle}\` in templates/csl/.${didYouMean(edition.citationStyle, known)} Available: ${known.map((name) => `\`${name}\``).join(', ') || 'none'}.`,
    );
    return undefined;
  }
  const localeXml = loadBundledLocale(edition.language);
  if (localeXml === undefined) {
    report(
      editionFile,
      'schema-field',
      positionOf('language'),
      `There is no CSL locale for the language ${edition.language}. Use one of ${bundledLocaleLanguages().join(', ')}.`,
    );
    return undefined;
  }
  return { styleXml, localeXml, lang: edition.language };
}

/** Formats nothing: each citation and entry is its key. For checking chapters when there is no engine. */
const keysOnly: CitationFormatter = {
  formatEntries: (ids) => new Map(ids.map((key) => [key, [{ type: 'text', value: key }]])),
  sortIds: (ids) => [...ids].sort(),
  formatCitation: (items) => items.flatMap((item, index): PhrasingContent[] => [...(index > 0 ? [{ type: 'text', value: '; ' } as const] : []), { type: 'citedWork', key: item.key, children: [{ type: 'text', value: item.key }] }]),
  formatWork: (work) => [{ type: 'text', value: work.title }],
};

/** A set that holds every key: when references.yaml could not be read, no citation is called unknown. */
class EveryKey extends Set<string> {
  override has(): boolean {
    return true;
  }
}

function citationFormatter(engine: CitationEngine): CitationFormatter {
  return {
    formatEntries: (ids) => engine.formatEntries(ids),
    sortIds: (ids) => engine.sortIds(ids),
    // A cite item is the engine's cite input, named by `key` and carrying its source position.
    // Each cited work's words as a part of their own, where the style's output can be split so.
    formatCitation: (items) => engine.formatCitationByWork(items.map(({ key, position, ...cite }) => ({ id: key, ...cite }))).flatMap((part): PhrasingContent[] => (part.id === undefined ? part.children : [{ type: 'citedWork', key: part.id, children: part.children }])),
    formatWork: (work) => engine.formatWork(chapterItem(work)),
  };
}

function reportUnusedReferences(references: References, cited: ReadonlySet<string>): void {
  for (const item of references.items) {
    if (cited.has(item.id)) continue;
    report(
      references.file,
      'unused-reference',
      references.positions.get(item.id),
      `No chapter cites \`${item.id}\`. Cite it where it is used ([@${item.id}] or ::citations[@${item.id}]), or remove it from references.yaml.`,
    );
  }
}

/** Files in path order, so that diagnostics print the same way every time. */
function sortFiles(files: readonly VFile[]): VFile[] {
  return [...files].sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
}

