/**
 * The document model: what one output file holds, format-neutral. The presentation step
 * (src/present/) makes it from the report tree and decides everything the editions share there —
 * which headings exist and what they say, the title page, the contents list and every anchor, the
 * outline, the question's head, the score, the rubric table with its selected row and note, the
 * labels from the theme. The writers (src/render/) only map it onto their format and lay it out.
 *
 * The author's Markdown passes through untouched: `prose` holds mdast blocks and every text holds
 * mdast phrasing (with the report tree's `citation`). Nodes are told apart by `kind`, so they never
 * collide with mdast's `type`.
 *
 * A document is front matter and chapters, so that a book (several chapters behind one title page
 * and one contents list) is the same model with more chapters.
 */
import type { BlockContent, PhrasingContent } from 'mdast';
import type { Position } from 'unist';
import type { EntryAnchor, SourcePlace } from '../tree/types.js';

/**
 * Words the editions print that are not the chapter's prose (a score, an indicator, a rubric band, a
 * bibliography entry, a label): an editor cannot change them in the DOCX. The presentation step
 * gives each an id, unique in its chapter and the same every time the chapter is presented, and
 * says where the words are made; the DOCX marks their paragraphs with it, and `rubricpress import`
 * reports an edit there, at that place, instead of applying it (docs/round-trip.md).
 */
export interface Locked {
  /** Lower-case letters and digits: `s1q2b3` is the third band of the second question of the first sub-category. */
  readonly id: string;
  /** What the words are, as a diagnostic names them: "the score of `go-pmo-coordination`". */
  readonly what: string;
  readonly made: MadeIn;
}

/** Where locked words are made, and so where an editor's change to them must be made instead. */
export type MadeIn =
  /** In the chapter's own text (a score, a rank, the front matter): at this position. */
  | { readonly kind: 'chapter'; readonly position: Position | undefined }
  /** In codebook.yaml (an indicator, a question, a rubric band): at this place. */
  | { readonly kind: 'codebook'; readonly place: SourcePlace }
  /** A bibliography entry: the work in references.yaml, cited by this key. */
  | { readonly kind: 'reference'; readonly key: string }
  /** A label of the theme (templates/theme.yaml `labels:`). */
  | { readonly kind: 'label'; readonly label: string }
  /** edition.yaml. */
  | { readonly kind: 'edition'; readonly field: string };

/**
 * Where a chapter comes from, for the editors' round trip: the DOCX carries it, so that
 * `rubricpress import` can map an edited file back to the chapter's Markdown.
 */
export interface ChapterOrigin {
  /** Relative to the source folder: `chapters/japan/coordination.md`. */
  readonly path: string;
  /** SHA-256 (hex) of `text`: the DOCX was made from this chapter text and no other. */
  readonly sha256: string;
  /**
   * The chapter's text as it was read: the base of a three-way merge when the chapter changed since.
   * Each Markdown block of the chapter's prose is identified by where it starts in this text.
   */
  readonly text: string;
}

/**
 * A place the contents list, the outline and links point at. Each format names it in
 * `src/vocabulary/anchors.ts` (an HTML id, a PDF destination, a Word bookmark).
 */
export type Anchor = (
  | { readonly kind: 'title' | 'contents' | 'keyFindings' | 'references' | 'notes' }
  | { readonly kind: 'subCategory' | 'question'; readonly id: string }
  /** A work's entry in the chapter's reference list, which in-text citations of the work link to (a `citedWork`'s `entry`). */
  | Omit<EntryAnchor, 'chapter'>
) & {
  /**
   * In a book, the chapter the anchor belongs to (its category's id): each chapter of a country
   * report has its own key findings and references, so their names carry it.
   */
  readonly chapter?: string;
};

/** The root: one output file. */
export interface DocumentModel {
  readonly kind: 'document';
  readonly metadata: Metadata;
  readonly furniture: PageFurniture;
  /** Before the first chapter, each part on pages of its own in print. */
  readonly front: readonly FrontMatter[];
  readonly chapters: readonly Chapter[];
  /** A book's parts that are no chapter of the source (the edition volume's codebook and results), after the chapters. */
  readonly parts?: readonly Part[];
}

/**
 * A part of a book made from the whole edition rather than a chapter (the codebook, the results of
 * a category, the list of country reports): it opens on a new page, under its own running head.
 */
export interface Part {
  readonly kind: 'part';
  /** Role `chapter`: level 1 of the contents list and the outline. */
  readonly heading: Heading;
  readonly runningHead: string;
  readonly children: readonly (Section | DataTable | Chart)[];
}

/** A table of data (every country's rank in a category, every country's score for one question): a caption, column heads, rows of text. */
export interface DataTable {
  readonly kind: 'table';
  readonly caption: string;
  readonly columns: readonly string[];
  /** Per column: numbers, set to the right. */
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly string[])[];
}

/** What a file says about itself (document properties, the HTML head). */
export interface Metadata {
  /** "Japan: Coordination — Sustainable Governance Indicators 2024" */
  readonly title: string;
  /** "Sustainable Governance Indicators 2024: Japan: Coordination. Rank 16." */
  readonly description: string;
  /** The edition's title. */
  readonly edition: string;
  /** The country, the category, its sub-categories and the edition. */
  readonly keywords: readonly string[];
  /** What the document is about, as its properties say in every format: the description. */
  readonly subject: string;
  /** The keywords as one property, the same in every format: "Japan, Coordination, …". */
  readonly keywordList: string;
  readonly publisher: string;
  readonly year: number;
  /** BCP 47, e.g. `en-GB`: the text's language (hyphenation, screen readers). */
  readonly language: string;
  /** ISO date (YYYY-MM-DD) written into the outputs; never the clock. */
  readonly date: string;
}

/** What print and Word repeat on every page but the title page. */
export interface PageFurniture {
  /** "Sustainable Governance Indicators 2024 · Japan · Coordination" */
  readonly runningHead: string;
  /** "Page {page} of {pages}" in parts, so that each format puts its own numbers (or fields) in. */
  readonly pageLabel: readonly PageLabelPart[];
  /** Where the page label stands at the foot of the page. */
  readonly pageLabelPlace: 'left' | 'centre' | 'right';
}

export type PageLabelPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'page' } | { readonly kind: 'pages' };

export type FrontMatter = TitlePage | Imprint | Contents;

export interface TitlePage {
  readonly kind: 'titlePage';
  /** The edition's title, above the document's title. */
  readonly edition: string;
  readonly editionLocked: Locked;
  readonly title: Heading;
  /** A chapter's rank; a book's cover has none. */
  readonly rank?: Rank;
  /** Under the title: what a book is ("Country Report"); a chapter has none. */
  readonly subtitle?: { readonly text: string; readonly locked: Locked };
  /** "Bertelsmann Stiftung · 2024" */
  readonly imprint: string;
  readonly imprintLocked: Locked;
  /**
   * A chapter's publication details, under its title block on the title page (none when the source
   * gives none). A book has the same node as a front part of its own, on its imprint page.
   */
  readonly details?: Imprint;
}

/**
 * The imprint: who wrote and edited the work, its assessment period, copyright and licence, its
 * addresses and ISBN, and how to cite it — one labelled line each, in the order printed. Each format
 * sets it as a list of labels and values, the citation last.
 */
export interface Imprint {
  readonly kind: 'imprint';
  readonly lines: readonly ImprintLine[];
}

/** What an imprint line says (for whoever places or checks it; every writer sets them alike). */
export type ImprintField = 'authors' | 'editors' | 'period' | 'copyright' | 'licence' | 'doi' | 'url' | 'isbn' | 'citation';

export interface ImprintLine {
  readonly kind: 'imprintLine';
  readonly field: ImprintField;
  /** "Authors", "Suggested citation" (the theme's label) */
  readonly label: string;
  /** The value: names, dates, the licence's name linked to its text, an address linked, the citation as the style formats it. */
  readonly children: readonly PhrasingContent[];
  /** The label and value: made in edition.yaml (or, for a chapter's own authors, address or DOI, in its front matter). */
  readonly locked: Locked;
}

/** The contents list: its heading and one entry per heading of the chapters that has an outline level. */
export interface Contents {
  readonly kind: 'contents';
  readonly heading: Heading;
  readonly entries: readonly ContentsEntry[];
}

export interface ContentsEntry {
  /** The heading's words. */
  readonly title: string;
  readonly level: OutlineLevel;
  readonly anchor: Anchor;
}

/** Levels of the contents list and the PDF's outline: a book's chapters are level 1, their parts 2, their questions 3. */
export type OutlineLevel = 1 | 2 | 3;

export interface Chapter {
  readonly kind: 'chapter';
  readonly origin: ChapterOrigin;
  /** In a book, what opens the chapter: its own title page, and the running head of its pages. */
  readonly opening?: ChapterOpening;
  readonly children: readonly Section[];
  /** The chapter's footnotes, numbered in the order first called; none when it calls none. */
  readonly notes?: Notes;
}

/**
 * How a chapter of a book opens: on the title page its own document has (its title, rank and
 * publication details), then its pages under its own running head.
 */
export interface ChapterOpening {
  readonly titlePage: TitlePage;
  /** "Japan · Coordination": the running head of the chapter's pages. */
  readonly runningHead: string;
}

/**
 * A chapter's footnotes. Each edition puts them where its readers look for notes: at the foot of
 * the page of the first call in print, as Word's own footnotes, after the chapter on the web (under
 * the heading, which only that edition shows).
 */
export interface Notes {
  readonly kind: 'notes';
  readonly heading: Heading;
  readonly children: readonly Note[];
}

/** One footnote: its number (which its calls show) and its text, the author's Markdown blocks. */
export interface Note {
  readonly kind: 'note';
  readonly number: number;
  /** How many times the text calls it: each call has its own anchor (`noteCall`'s occurrence), which the note links back to. */
  readonly calls: number;
  readonly children: readonly BlockContent[];
}

export type SectionRole = 'keyFindings' | 'subCategory' | 'references' | 'citations';

/** A part with a heading: the key findings, a sub-category, the references, a question's citations. */
export interface Section {
  readonly kind: 'section';
  readonly role: SectionRole;
  /** Where links to the section lead; none for a part no contents list names. */
  readonly anchor?: Anchor;
  readonly heading: Heading;
  /** A sub-category's rank, printed under its heading. */
  readonly rank?: Rank;
  readonly children: readonly SectionContent[];
}

export type SectionContent = Question | Prose | Bibliography | DataTable | Chart;

/**
 * A chart of scores: one horizontal bar per question or country, each on its own scale. Everything
 * the editions print or say of it is decided here — the caption, the alternative text that states
 * every number, each bar's label and value text — so that no writer words anything; the writers
 * only draw (the HTML and DOCX through one SVG builder, the PDF as vector drawing).
 */
export interface Chart {
  readonly kind: 'chart';
  /** A chapter's score profile, a category's ranking, or every country's score for one question. */
  readonly role: 'profile' | 'ranking' | 'scores';
  /** "Japan: scores in Coordination", shown above the chart in every edition. */
  readonly caption: string;
  /** The alternative text: the caption, the rank where there is one, and every bar's label and value. */
  readonly description: string;
  readonly bars: readonly ChartBar[];
  /** The caption (a chapter's chart: its words are the theme's and the chapter's numbers). */
  readonly locked?: Locked;
}

export interface ChartBar {
  /** The question's indicator, or the country. */
  readonly label: string;
  readonly value: number;
  /** The bar's scale: its length is (value − min) / (max − min) of the axis. */
  readonly min: number;
  readonly max: number;
  /** "7 / 10", beside the bar. */
  readonly valueText: string;
}

/** What a heading is: each format takes its element, structure type and style from this. */
export type HeadingRole = 'title' | 'chapter' | 'contents' | 'section' | 'question' | 'citations' | 'notes';

export interface Heading {
  readonly kind: 'heading';
  readonly role: HeadingRole;
  readonly anchor?: Anchor;
  /** In the contents list (within chapters) and the PDF's outline at this level; none for a heading they leave out. */
  readonly outline?: OutlineLevel;
  readonly children: readonly PhrasingContent[];
  /** The words, as the contents list and the outline show them. */
  readonly text: string;
  /** Where text from the codebook was defined, for diagnostics about its characters. */
  readonly source?: SourcePlace;
  /** Where text not written literally in the chapter comes from (a codebook title at its directive). */
  readonly origin?: Position;
  /** None for the contents list's heading (Word rebuilds the contents). */
  readonly locked?: Locked;
}

export interface Rank {
  readonly kind: 'rank';
  readonly scope: 'category' | 'subCategory';
  /** "Rank 16" */
  readonly text: string;
  readonly locked: Locked;
}

/** One scored question of the codebook, answered. */
export interface Question {
  readonly kind: 'question';
  readonly anchor: Anchor;
  /** In reading order. */
  readonly children: readonly QuestionContent[];
}

export type QuestionContent = QuestionHead | Rubric | Prose | Section;

/** The parts of a question that are kept together: its title (the indicator), its score and the question asked. */
export interface QuestionHead {
  readonly kind: 'questionHead';
  /** Whether it is the question's first part (print marks the question's start over it). */
  readonly opens: boolean;
  readonly children: readonly (Heading | Score | Prompt)[];
}

export interface Score {
  readonly kind: 'score';
  /** "Score" */
  readonly label: string;
  /** "8 / 10" */
  readonly value: string;
  readonly locked: Locked;
}

/** The question as the codebook asks it, after its label. */
export interface Prompt {
  readonly kind: 'prompt';
  /** "Question: " */
  readonly label: string;
  readonly children: readonly PhrasingContent[];
  readonly source: SourcePlace;
  readonly locked: Locked;
}

/** The rubric as a table: a row per band, highest first, the band holding the score selected. */
export interface Rubric {
  readonly kind: 'rubric';
  readonly caption: string;
  /** The column heads. */
  readonly columns: { readonly scores: string; readonly description: string };
  readonly rows: readonly RubricRow[];
  readonly source: SourcePlace;
  /** The caption and the column heads. */
  readonly locked: Locked;
}

export interface RubricRow {
  /** "10–9" */
  readonly scores: string;
  readonly children: readonly PhrasingContent[];
  readonly selected: boolean;
  /** "Score 8 lies in this band", for the selected row: marked in words as well as colour. */
  readonly note?: string;
  readonly source: SourcePlace;
  readonly locked: Locked;
}

/** The author's Markdown blocks, as they are. */
export interface Prose {
  readonly kind: 'prose';
  readonly role: 'keyFindings' | 'assessment';
  readonly children: readonly BlockContent[];
}

/** Works as the citation style formats them, in order. */
export interface Bibliography {
  readonly kind: 'bibliography';
  readonly entries: readonly BibliographyItem[];
}

export interface BibliographyItem {
  readonly key: string;
  /** An entry of the chapter's reference list: where the chapter's citations of the work link to. None in a question's list of works cited. */
  readonly anchor?: Anchor;
  readonly children: readonly PhrasingContent[];
  readonly locked: Locked;
}

/** Every node kind of the model, by kind: the writers' handler tables are keyed by it. */
export interface ModelNodeMap {
  document: DocumentModel;
  titlePage: TitlePage;
  imprint: Imprint;
  imprintLine: ImprintLine;
  contents: Contents;
  chapter: Chapter;
  section: Section;
  heading: Heading;
  rank: Rank;
  question: Question;
  questionHead: QuestionHead;
  score: Score;
  prompt: Prompt;
  rubric: Rubric;
  prose: Prose;
  bibliography: Bibliography;
  notes: Notes;
  note: Note;
  part: Part;
  table: DataTable;
  chart: Chart;
}

export type ModelKind = keyof ModelNodeMap;

/** The map, checked: each entry's `kind` is its key (so a table keyed by kind gets the node it expects). */
export type ModelNodes = KindsMatch<ModelNodeMap>;
type KindsMatch<Map extends { readonly [Kind in keyof Map]: { readonly kind: Kind } }> = Map;

export type ModelNode = ModelNodes[ModelKind];
