/**
 * The DOCX edition's vocabulary: the Word style ids of each role of the document model, as
 * document.xml refers to them. The DOCX writer styles its paragraphs and tables with them and the
 * agreement check's DOCX reader counts and skips by them, so the two cannot drift apart. Imports
 * nothing: both sides read it. (The styles themselves are made from the theme in
 * src/render/docx/styles.ts.)
 */

/** Style ids as document.xml refers to them. */
export const StyleId = {
  title: 'Title',
  edition: 'Edition',
  imprint: 'Imprint',
  rank: 'Rank',
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  indicator: 'Indicator',
  score: 'Score',
  scoreValue: 'ScoreValue',
  questionText: 'QuestionText',
  questionLabel: 'QuestionLabel',
  bodyText: 'BodyText',
  firstParagraph: 'FirstParagraph',
  keyFinding: 'KeyFinding',
  quote: 'Quote',
  sourceCode: 'SourceCode',
  verbatimChar: 'VerbatimChar',
  listParagraph: 'ListParagraph',
  caption: 'Caption',
  rubricTable: 'RubricTable',
  selectedBand: 'SelectedBand',
  bibliography: 'Bibliography',
  hyperlink: 'Hyperlink',
  header: 'Header',
  footer: 'Footer',
  tocHeading: 'TOCHeading',
  toc1: 'TOC1',
  toc2: 'TOC2',
  indexLink: 'IndexLink',
  footnoteText: 'FootnoteText',
  footnoteReference: 'FootnoteReference',
} as const;
export type StyleId = (typeof StyleId)[keyof typeof StyleId];

/** Headings by their role in the model. */
export const docxHeadings = {
  title: StyleId.title,
  contents: StyleId.tocHeading,
  section: StyleId.heading1,
  question: StyleId.indicator,
  citations: StyleId.heading3,
  // Word shows no heading over its notes: they are footnotes.
  notes: StyleId.heading1,
} as const satisfies Readonly<Record<string, StyleId>>;

/** The contents list's entries by their level. */
export const docxContentsLevels = { 1: StyleId.toc1, 2: StyleId.toc2 } as const satisfies Readonly<Record<number, StyleId>>;

/** The author's paragraphs by the role of their blocks: the first and the rest. */
export const docxProse = {
  keyFindings: { first: StyleId.keyFinding, rest: StyleId.keyFinding },
  assessment: { first: StyleId.firstParagraph, rest: StyleId.bodyText },
} as const satisfies Readonly<Record<string, { readonly first: StyleId; readonly rest: StyleId }>>;
