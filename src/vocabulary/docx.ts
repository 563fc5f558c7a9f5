/**
 * The DOCX edition's vocabulary: the Word style ids of each role of the document model, as
 * document.xml refers to them. The DOCX writer styles its paragraphs and tables with them and the
 * agreement check's DOCX reader counts and skips by them, so the two cannot drift apart. Imports
 * nothing of rubricpress's: both sides read it. (The styles themselves are made from the theme in
 * src/render/docx/styles.ts.) The editors' round trip's properties are named here too, for the
 * writer and `rubricpress import`.
 */
import { inflateRawSync } from 'node:zlib';
import { deflateSync, strFromU8, strToU8 } from 'fflate';

/** Style ids as document.xml refers to them. */
export const StyleId = {
  title: 'Title',
  subtitle: 'Subtitle',
  chapterTitle: 'ChapterTitle',
  edition: 'Edition',
  imprint: 'Imprint',
  /** A line of the publication's details (authors, licence, …), and the suggested citation's text. */
  imprintDetail: 'ImprintDetail',
  /** The first line, under a thin rule well below what comes before. */
  imprintOpening: 'ImprintOpening',
  imprintCitationLabel: 'ImprintCitationLabel',
  imprintCitation: 'ImprintCitation',
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
  /** The paragraph that holds a chart's image. */
  chart: 'Chart',
  rubricTable: 'RubricTable',
  dataTable: 'DataTable',
  selectedBand: 'SelectedBand',
  /** An imprint line's label ("Authors"). */
  imprintLabel: 'ImprintLabel',
  bibliography: 'Bibliography',
  hyperlink: 'Hyperlink',
  header: 'Header',
  footer: 'Footer',
  tocHeading: 'TOCHeading',
  toc1: 'TOC1',
  toc2: 'TOC2',
  toc3: 'TOC3',
  indexLink: 'IndexLink',
  footnoteText: 'FootnoteText',
  footnoteReference: 'FootnoteReference',
} as const;
export type StyleId = (typeof StyleId)[keyof typeof StyleId];

/** Headings by their role in the model. */
export const docxHeadings = {
  title: StyleId.title,
  chapter: StyleId.chapterTitle,
  contents: StyleId.tocHeading,
  section: StyleId.heading1,
  question: StyleId.indicator,
  citations: StyleId.heading3,
  // Word shows no heading over its notes: they are footnotes.
  notes: StyleId.heading1,
} as const satisfies Readonly<Record<string, StyleId>>;

/** The contents list's entries by their level. */
export const docxContentsLevels = { 1: StyleId.toc1, 2: StyleId.toc2, 3: StyleId.toc3 } as const satisfies Readonly<Record<number, StyleId>>;

/** The author's paragraphs by the role of their blocks: the first and the rest. */
export const docxProse = {
  keyFindings: { first: StyleId.keyFinding, rest: StyleId.keyFinding },
  assessment: { first: StyleId.firstParagraph, rest: StyleId.bodyText },
} as const satisfies Readonly<Record<string, { readonly first: StyleId; readonly rest: StyleId }>>;

/**
 * The editors' round trip's custom document properties (docProps/custom.xml), which Word and
 * LibreOffice keep when they save (docs/round-trip.md): the format, and for each chapter c of the
 * document (1, 2, …) its path in the source folder, the SHA-256 of its text and the text itself
 * (deflated, base64). Word cuts a text property at 255 characters, so a longer value is kept in
 * parts: the property itself holds `@<n>` and `<name>.1` … `<name>.<n>` hold the parts in order.
 */
export const roundTripProperties = {
  format: 'rubricpress.roundtrip',
  chapters: 'rubricpress.chapters',
  chapterPath: (chapter: number) => `rubricpress.chapter.${String(chapter)}.path`,
  chapterSha256: (chapter: number) => `rubricpress.chapter.${String(chapter)}.sha256`,
  chapterText: (chapter: number) => `rubricpress.chapter.${String(chapter)}.text`,
} as const;

/** The round trip's format: an importer reads only files of the format it knows. */
export const roundTripFormat = '1';

/** Word keeps at most this many characters of a text property. */
export const maxPropertyLength = 255;

/** A value as properties of at most `maxPropertyLength` characters: [name, value] pairs in order. */
export function propertyParts(name: string, value: string): [string, string][] {
  if (value.length <= maxPropertyLength && !value.startsWith('@')) return [[name, value]];
  const parts: [string, string][] = [];
  for (let start = 0; start < value.length; start += maxPropertyLength) parts.push([`${name}.${String(parts.length + 1)}`, value.slice(start, start + maxPropertyLength)]);
  return [[name, `@${String(parts.length)}`], ...parts];
}

/** A value read back from properties written by `propertyParts`; undefined when a part is missing. */
export function joinPropertyParts(name: string, properties: ReadonlyMap<string, string>): string | undefined {
  const value = properties.get(name);
  const count = value?.startsWith('@') === true ? Number(value.slice(1)) : undefined;
  if (count === undefined || !Number.isInteger(count)) return value;
  const parts: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const part = properties.get(`${name}.${String(index)}`);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts.join('');
}

/** A chapter's text as its property holds it: deflated (the sample's 13 KB become about 6 KB of base64). */
export function encodeChapterText(text: string): string {
  return Buffer.from(deflateSync(strToU8(text), { level: 9 })).toString('base64');
}

/**
 * The text back; undefined when the value is not what `encodeChapterText` wrote (cut, or changed),
 * or inflates to more than `maxBytes` (a chapter's source is at most 1 MB: a few hundred bytes of
 * an edited file's properties could otherwise inflate to gigabytes). node:zlib stops at the bound;
 * fflate's inflate, given a buffer, goes on to the end of the stream.
 */
export function decodeChapterText(value: string, maxBytes: number): string | undefined {
  try {
    return strFromU8(inflateRawSync(Buffer.from(value, 'base64'), { maxOutputLength: maxBytes }));
  } catch {
    return undefined;
  }
}
