/**
 * The PDF edition's vocabulary: the structure types of its tagged PDF (ISO 32000-1, 14.8.4) for each
 * role of the document model. The PDF writer tags its content with them and the agreement check's PDF
 * readers count and skip by them, so the two cannot drift apart. Imports nothing: both sides read it.
 */

export type StructTag =
  | 'Document'
  | 'Sect'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'P'
  | 'L'
  | 'LI'
  | 'LBody'
  | 'BlockQuote'
  | 'Caption'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'TOC'
  | 'TOCI'
  /** A bibliography entry (inside a list item's body). */
  | 'BibEntry'
  | 'Link'
  | 'Span'
  /** A footnote, at the foot of the page. */
  | 'Note'
  /** A call of a footnote in the text (holding its Link). */
  | 'Reference'
  /** A chart, drawn, with its alternative text (/Alt). */
  | 'Figure';

export const pdfTags = {
  document: 'Document',
  /** A part of the document: the title page, the contents, a section, a question. */
  part: 'Sect',
  paragraph: 'P',
  list: 'L',
  listItem: 'LI',
  listBody: 'LBody',
  blockQuote: 'BlockQuote',
  caption: 'Caption',
  table: 'Table',
  row: 'TR',
  headerCell: 'TH',
  cell: 'TD',
  contents: 'TOC',
  contentsEntry: 'TOCI',
  bibliographyEntry: 'BibEntry',
  link: 'Link',
  /** Text with an actual text of its own: a hyphen at a line break, characters no font has. */
  span: 'Span',
  note: 'Note',
  reference: 'Reference',
  /** A chart: its rectangles and words inside, its numbers in its /Alt. */
  figure: 'Figure',
} as const satisfies Readonly<Record<string, StructTag>>;

/** Headings by their role in the model: one H1, and no level skipped. */
export const pdfHeadings = {
  title: 'H1',
  // A book's chapter opens with its title, as the cover does.
  chapter: 'H1',
  contents: 'H2',
  section: 'H2',
  question: 'H3',
  citations: 'H4',
  // Print shows no heading over its notes: they stand at the foot of each page.
  notes: 'H2',
} as const satisfies Readonly<Record<string, StructTag>>;

/** Sections by their role in the model; a question's citations are a heading and a list, no part of their own. */
export const pdfSections = {
  keyFindings: 'Sect',
  subCategory: 'Sect',
  references: 'Sect',
  citations: undefined,
} as const satisfies Readonly<Record<string, StructTag | undefined>>;
