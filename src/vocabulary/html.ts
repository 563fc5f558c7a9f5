/**
 * The HTML edition's vocabulary: each role of the document model as an element and a class. The
 * HTML writer builds its pages with it and the agreement check's HTML reader finds their parts by
 * it, so the two cannot drift apart. Imports nothing: both sides read it.
 */

export interface HtmlRole {
  readonly element: string;
  readonly className?: string;
}

/** The parts of a chapter's page (and of the web edition's other pages). */
export const htmlRoles = {
  /** The report: everything the agreement check reads. */
  document: { element: 'article', className: 'report' },
  titlePage: { element: 'header', className: 'report-header' },
  edition: { element: 'p', className: 'report-edition' },
  subtitle: { element: 'p', className: 'report-subtitle' },
  /** The imprint: a list of labels and values, under the title block. */
  imprint: { element: 'dl', className: 'imprint' },
  imprintLine: { element: 'div' },
  imprintLabel: { element: 'dt' },
  imprintValue: { element: 'dd' },
  contents: { element: 'nav', className: 'contents' },
  contentsList: { element: 'ol' },
  contentsEntry: { element: 'li' },
  link: { element: 'a' },
  rank: { element: 'p', className: 'rank' },
  rankValue: { element: 'span', className: 'rank-value' },
  question: { element: 'section', className: 'question' },
  questionHead: { element: 'header', className: 'question-head' },
  score: { element: 'p', className: 'score' },
  scoreLabel: { element: 'span', className: 'score-label' },
  scoreValue: { element: 'span', className: 'score-value' },
  prompt: { element: 'p', className: 'question-text' },
  /** Read by screen readers, not shown. */
  promptLabel: { element: 'span', className: 'visually-hidden' },
  rubric: { element: 'table', className: 'rubric' },
  dataTable: { element: 'table', className: 'data-table' },
  part: { element: 'section', className: 'book-part' },
  rubricScoresHead: { element: 'th', className: 'rubric-scores' },
  selectedRow: { element: 'tr', className: 'selected' },
  bandMarker: { element: 'strong', className: 'band-marker' },
  bibliography: { element: 'ul', className: 'bibliography' },
  bibliographyEntry: { element: 'li', className: 'csl-entry' },
  citation: { element: 'span', className: 'citation' },
  /** Words in another language than the edition's, with their `lang`. */
  languageSpan: { element: 'span' },
  /** A footnote's number in the text, a link to the note. */
  noteCall: { element: 'sup', className: 'note-call' },
  /** The chapter's footnotes, after it: a heading and a numbered list. */
  notes: { element: 'section', className: 'footnotes' },
  noteList: { element: 'ol' },
  note: { element: 'li', className: 'footnote' },
  /** From a note back to a call of it. */
  noteBacklink: { element: 'a', className: 'note-backlink' },
  /** A chart: a figure with its caption, the SVG (its alternative text an aria-label), a group per bar. */
  chart: { element: 'figure', className: 'chart' },
  chartCaption: { element: 'figcaption' },
  chartSvg: { element: 'svg', className: 'chart-svg' },
  chartRow: { element: 'g', className: 'chart-row' },
  chartLabel: { element: 'text', className: 'chart-label' },
  chartValue: { element: 'text', className: 'chart-value' },
  /** The whole scale, and the bar over it: the bar's width against the track's is the score's share of the scale. */
  chartTrack: { element: 'rect', className: 'chart-track' },
  chartBar: { element: 'rect', className: 'chart-bar' },
  /** The web edition's pages beside the chapters, and what every page has around its content. */
  sitePage: { element: 'article', className: 'site-page' },
  siteLead: { element: 'p', className: 'site-lead' },
  siteLinks: { element: 'ul', className: 'site-links' },
  siteSection: { element: 'section', className: 'site-section' },
  breadcrumb: { element: 'nav', className: 'breadcrumb' },
  pager: { element: 'nav', className: 'pager' },
  downloads: { element: 'section', className: 'downloads' },
  searchForm: { element: 'form', className: 'site-search' },
  searchResults: { element: 'div', className: 'search-results' },
} as const satisfies Readonly<Record<string, HtmlRole>>;

/** The class that tells a rank's scope. */
export const htmlRankScopes = { category: 'rank-category', subCategory: 'rank-subcategory' } as const;

/** Sections by their role in the model. */
export const htmlSections = {
  keyFindings: { element: 'section', className: 'key-findings' },
  subCategory: { element: 'section', className: 'subcategory' },
  references: { element: 'section', className: 'references' },
  // A plain block, not a landmark: every question has one, and landmarks need unique names.
  citations: { element: 'div', className: 'citations' },
} as const satisfies Readonly<Record<string, HtmlRole>>;

/** Headings by their role in the model: one h1, and no level skipped. */
export const htmlHeadings = {
  title: { element: 'h1' },
  chapter: { element: 'h1', className: 'chapter-title' },
  contents: { element: 'h2' },
  section: { element: 'h2' },
  question: { element: 'h3', className: 'indicator' },
  citations: { element: 'h4' },
  notes: { element: 'h2' },
} as const satisfies Readonly<Record<string, HtmlRole>>;

/** The author's blocks by their role: key findings stand in their section; an assessment has a block of its own. */
export const htmlProse = {
  keyFindings: undefined,
  assessment: { element: 'div', className: 'assessment' },
} as const satisfies Readonly<Record<string, HtmlRole | undefined>>;
