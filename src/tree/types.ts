/**
 * The report tree: mdast plus rubricpress's own node types.
 *
 * Every edition is rendered from this one tree. The parse step produces mdast (with directives and
 * `citation` nodes); the transform in `transform/build-report.ts` turns a chapter into a `report` node whose
 * children are the types below. Our types join mdast's content maps through module augmentation, so
 * mdast's `Nodes` union includes them. This module imports nothing of rubricpress's: every layer
 * above reads these types.
 */
import type { Data, Parent, PhrasingContent, BlockContent, Root } from 'mdast';
import type { Node, Position } from 'unist';
// Loads mdast's directive node types (containerDirective, leafDirective, textDirective).
import type {} from 'mdast-util-directive';

/** One cited work inside a citation: `[see @key, p. 33]`. */
export interface CiteItem {
  readonly key: string;
  readonly prefix?: string;
  readonly locator?: string;
  readonly label?: string;
  readonly suffix?: string;
  readonly suppressAuthor?: boolean;
  /** Where the key stands in the chapter, for diagnostics. */
  readonly position?: Position;
}

/** Where a node that comes from another file than the chapter (the codebook) was defined. */
export interface SourcePlace {
  readonly path: string;
  readonly position?: Position;
}

export interface EditionInfo {
  readonly title: string;
  readonly publisher: string;
  readonly year: number;
  readonly language: string;
  /** ISO date (YYYY-MM-DD) written into the outputs; never the clock. */
  readonly date: string;
  /** How many countries the edition declares (edition.yaml `countries`): ranks are printed out of it. None when it declares none. */
  readonly countryCount?: number;
}

/**
 * What a chapter says about its publication, for its imprint and suggested citation: each field as
 * edition.yaml and the chapter's front matter give it (the chapter's own `authors`, `url` and `doi`
 * win). Fields the source leaves out are absent.
 */
export interface Publication {
  /** As printed, in order; from the front matter when `authorsFrom` is `chapter`. */
  readonly authors: readonly string[];
  readonly authorsFrom: 'chapter' | 'edition';
  readonly editors: readonly string[];
  readonly licence?: { readonly id: string; readonly name: string; readonly url: string };
  readonly copyright?: string;
  /** The chapter's own address (its front matter's, or edition.yaml's pattern filled in). */
  readonly url?: string;
  readonly urlFrom?: 'chapter' | 'edition';
  /** The chapter's DOI, without https://doi.org/. */
  readonly doi?: string;
  readonly doiFrom?: 'chapter' | 'edition';
  /** The assessment period, ISO dates. */
  readonly period?: { readonly from: string; readonly to: string };
  /** The ISBN of the book the imprint is for; none for a chapter. */
  readonly isbn?: string;
  /** The suggested citation, formatted by the edition's citation style. */
  readonly citation: PhrasingContent[];
}

/** What a chapter says in numbers: its sub-categories' ranks and its questions' scores, in its order. */
export interface ChapterResults {
  readonly subcategories: readonly { readonly id: string; readonly rank: number }[];
  readonly scores: readonly { readonly questionId: string; readonly score: number }[];
}

/** The results of a chapter as the edition volume lists them: whose, which category, its rank and numbers. */
export interface ResultsOfChapter extends ChapterResults {
  readonly country: string;
  readonly countrySlug: string;
  readonly categoryId: string;
  readonly rank: number;
}

/** A question of the codebook as the edition volume prints it, once: its indicator, the question asked, its scale and bands. */
export interface VolumeQuestion {
  readonly id: string;
  readonly indicator: string;
  readonly text: string;
  /** The scale's id in the codebook (`sgi-10`). */
  readonly scale: string;
  readonly scaleMin: number;
  readonly scaleMax: number;
  /** Highest first. */
  readonly bands: readonly { readonly high: number; readonly low: number; readonly description: string }[];
}

export interface VolumeCategory {
  readonly id: string;
  readonly title: string;
  readonly subcategories: readonly { readonly id: string; readonly title: string; readonly questions: readonly VolumeQuestion[] }[];
}

/**
 * What the edition volume is made from: the edition, the codebook (every category, sub-category and
 * question, in its order) and every chapter's results. Plain data: it is made in the build's main
 * thread and crosses to a worker as it is.
 */
export interface EditionVolumeSource {
  readonly edition: EditionInfo;
  /** codebook.yaml's path in the source folder, where the questions' words come from. */
  readonly codebookPath: string;
  readonly categories: readonly VolumeCategory[];
  readonly chapters: readonly ResultsOfChapter[];
  /** The volume's imprint: the edition's publication details and suggested citation (none when it cannot be cited). */
  readonly publication?: Publication;
  /** Each country report's address and DOI, by its country's slug (edition.yaml's `reportUrl` and `reportDoi` filled in); none when it gives neither. */
  readonly reportAddresses?: Readonly<Record<string, { readonly url?: string; readonly doi?: string }>>;
}

/** A chapter: one country's assessment in one category. */
export interface Report extends Parent {
  type: 'report';
  /** The chapter's path relative to the source folder, e.g. `chapters/japan/coordination.md`. */
  path: string;
  /**
   * The chapter's text as it was read, which the tree's positions point into: the DOCX edition
   * carries it as the base of the editors' round trip (docs/round-trip.md). Empty in a report
   * without its content (a build's header of a chapter, for the index and the cache).
   */
  sourceText: string;
  edition: EditionInfo;
  country: string;
  countrySlug: string;
  categoryId: string;
  categoryTitle: string;
  rank: number;
  /** Where the front matter's `rank:` value stands, for diagnostics about the rank. */
  rankPosition?: Position;
  /** What its imprint says; none in a report without its content (a build's header of a chapter). */
  publication?: Publication;
  children: ReportContent[];
  /** The chapter's footnotes, in the order they are first called (`number` 1, 2, …). */
  notes: Note[];
  data?: Data;
}

export type ReportContent = KeyFindings | SubCategory | ReferenceList;

export interface KeyFindings extends Parent {
  type: 'keyFindings';
  children: BlockContent[];
  data?: Data;
}

export interface SubCategory extends Parent {
  type: 'subCategory';
  id: string;
  title: string;
  rank: number;
  /** Where the marker's `rank=` attribute stands, for diagnostics about the rank. */
  rankPosition?: Position;
  children: Question[];
  data?: Data;
}

/**
 * A scored question. Children come in a fixed order: indicator, score, question text, rubric,
 * assessment, then an optional citation list.
 */
export interface Question extends Parent {
  type: 'question';
  id: string;
  children: QuestionContent[];
  data?: Data;
}

export type QuestionContent = Indicator | QuestionText | Rubric | Score | Assessment | CitationList;

/** The indicator title, e.g. "Effective Coordination Mechanisms of the GO|PMO" (from the codebook). */
export interface Indicator extends Parent {
  type: 'indicator';
  children: PhrasingContent[];
  source: SourcePlace;
  data?: Data;
}

/** The question as asked (from the codebook). */
export interface QuestionText extends Parent {
  type: 'questionText';
  children: PhrasingContent[];
  source: SourcePlace;
  data?: Data;
}

/** The rubric: a scale and the bands that divide it, highest first. */
export interface Rubric extends Parent {
  type: 'rubric';
  /** The scale's id in the codebook (`sgi-10`). */
  scale: string;
  scaleMin: number;
  scaleMax: number;
  /** The question's score, so the selected band can say so in words. */
  score: number;
  children: RubricBand[];
  source: SourcePlace;
  data?: Data;
}

/** One band of a rubric: the scores `low..high` and what they mean. */
export interface RubricBand extends Parent {
  type: 'rubricBand';
  low: number;
  high: number;
  /** True for the band that holds the question's score. */
  selected: boolean;
  children: PhrasingContent[];
  source: SourcePlace;
  data?: Data;
}

export interface Score extends Parent {
  type: 'score';
  value: number;
  scaleMin: number;
  scaleMax: number;
  children: [];
  data?: Data;
}

/** The assessment text of a question, as ordinary Markdown blocks. */
export interface Assessment extends Parent {
  type: 'assessment';
  children: BlockContent[];
  data?: Data;
}

/** A question's list of works cited, in the author's order. */
export interface CitationList extends Parent {
  type: 'citationList';
  children: BibliographyEntry[];
  data?: Data;
}

/** A chapter's consolidated, de-duplicated reference list, in the citation style's order. */
export interface ReferenceList extends Parent {
  type: 'referenceList';
  children: BibliographyEntry[];
  data?: Data;
}

/** One work, formatted by the citation style as rich text (text, emphasis, strong, link). */
export interface BibliographyEntry extends Parent {
  type: 'bibliographyEntry';
  key: string;
  children: PhrasingContent[];
  data?: Data;
}

/**
 * An in-text citation such as `[@yashiro2016]`. The parser fills `items` and leaves `children`
 * empty; the transform fills `children` with the style's rendering, e.g. "(Yashiro 2016)".
 */
export interface Citation extends Parent {
  type: 'citation';
  items: CiteItem[];
  children: PhrasingContent[];
  data?: Data;
}

/**
 * One cited work's words inside a formatted citation ("see Yashiro 2016, 33" of "(see Yashiro 2016,
 * 33; Iio 2008)"), where the citation style's output can be split so; a citation it cannot split
 * holds no such part. Each links to the work's entry in the chapter's reference list: the
 * presentation step decides where (`entry`), never the transform.
 */
export interface CitedWork extends Parent {
  type: 'citedWork';
  /** The work's key in references.yaml. */
  key: string;
  /** Where the words link to: set in the document model by the presentation step; none in the report tree. */
  entry?: EntryAnchor;
  children: PhrasingContent[];
  data?: Data;
}

/** A work's entry in a chapter's reference list, as a place to link to (in a book, the chapter's category names it). */
export interface EntryAnchor {
  readonly kind: 'reference';
  readonly key: string;
  readonly chapter?: string;
}

/**
 * A footnote: the blocks of a `[^label]: …` definition that the chapter calls. Notes are numbered
 * in the order the chapter first calls them; a definition never called is no note (it is reported).
 */
export interface Note extends Parent {
  type: 'note';
  number: number;
  /** The label as the author wrote it (`1`, `ministry`), for diagnostics. */
  label: string;
  /** How many times the chapter calls it. */
  calls: number;
  children: BlockContent[];
  data?: Data;
}

/**
 * A call of a footnote in running text (`…reform[^1]`): every edition shows the note's number there,
 * linked to the note.
 */
export interface NoteCall extends Node {
  type: 'noteCall';
  /** The number of the note called. */
  number: number;
  /** 1 for the first call of its note, 2 for the second, …: each call has its own anchor. */
  occurrence: number;
  data?: Data;
}

/**
 * Words in another language than the edition's (`:span[Rzeczpospolita Polska]{lang=pl}`): every
 * edition marks their language (HTML `lang`, the PDF's /Lang, the DOCX `w:lang`), and the PDF
 * hyphenates them by that language's patterns.
 */
export interface LanguageSpan extends Parent {
  type: 'languageSpan';
  /** A well-formed BCP 47 tag, in its canonical form (`pl`, `de-CH`, `sr-Latn`). */
  lang: string;
  children: PhrasingContent[];
  data?: Data;
}

/**
 * The report tree's own block-level node types, by `type`. The presentation step (src/present/) and
 * the agreement check (src/verify/expected.ts) each have a handler table keyed by this map, so a type
 * added here does not compile until both handle it.
 */
export interface ReportBlockMap {
  report: Report;
  keyFindings: KeyFindings;
  subCategory: SubCategory;
  question: Question;
  indicator: Indicator;
  questionText: QuestionText;
  rubric: Rubric;
  rubricBand: RubricBand;
  score: Score;
  assessment: Assessment;
  citationList: CitationList;
  referenceList: ReferenceList;
  bibliographyEntry: BibliographyEntry;
  note: Note;
}

/**
 * The report tree's own phrasing (inline) node types. They join mdast's phrasing content, which the
 * presentation step passes through to the writers: every writer's content table and the agreement
 * check's text table are keyed by it.
 */
export interface ReportPhrasingMap {
  citation: Citation;
  citedWork: CitedWork;
  noteCall: NoteCall;
  languageSpan: LanguageSpan;
}

export type ReportBlockType = keyof ReportBlockMap;

// Our types join mdast's content maps, so mdast's `Nodes` union includes them. (An augmentation
// adds to mdast's interfaces by extending them: they declare nothing of their own here.)
declare module 'mdast' {
  interface RootContentMap extends ReportBlockMap, ReportPhrasingMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PhrasingContentMap extends ReportPhrasingMap {}
}

/** The tree every renderer reads: an mdast root holding one report. */
export interface ReportTree extends Root {
  children: [Report];
}
