/**
 * The theme in `templates/theme.yaml`: the look and wording every renderer reads. Renderers take a
 * `Theme` value; only this module knows where it comes from.
 */
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { text } from '../source/schema-parts.js';
import { checkSchema, parseYaml, positionAt } from '../source/yaml.js';

const points = () => z.number({ error: 'must be a number of points' }).nonnegative({ error: 'must not be negative' });
const colour = () => z.string({ error: 'must be a colour' }).regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour written #rrggbb' });

const fontFamily = z.strictObject({
  family: text(),
  fallback: text(),
  files: z.strictObject({ regular: text(), bold: text(), italic: text(), boldItalic: text() }),
});

export const PageSize = { A4: 'A4', Letter: 'Letter' } as const;

/** The parts of a question, as `look.questionOrder` names them. */
export const QuestionPart = { indicator: 'indicator', score: 'score', question: 'question', rubric: 'rubric', assessment: 'assessment' } as const;
export type QuestionPart = (typeof QuestionPart)[keyof typeof QuestionPart];
const questionParts = Object.values(QuestionPart);

/** The order rubricpress has always used: the indicator with its score, the question, the rubric, the text. */
export const defaultQuestionOrder: readonly QuestionPart[] = ['indicator', 'score', 'question', 'rubric', 'assessment'];
/** The order of SGI's own country pages: the question and its rubric first, then the indicator, the score and the text. */
export const sgiQuestionOrder: readonly QuestionPart[] = ['question', 'rubric', 'indicator', 'score', 'assessment'];

export const themeSchema = z.strictObject({
  name: text(),
  page: z.strictObject({
    size: z.enum([PageSize.A4, PageSize.Letter], { error: 'must be A4 or Letter' }),
    margins: z.strictObject({ top: points(), right: points(), bottom: points(), left: points() }),
    /**
     * Characters in a line of body text at most; the PDF widens its left and right margins alike to
     * keep it. 70 for a theme written before there was a measure.
     */
    measure: z
      .number({ error: 'must be a number of characters' })
      .int({ error: 'must be a whole number of characters' })
      .min(20, { error: 'must be at least 20 characters' })
      .max(200, { error: 'must be at most 200 characters' })
      .default(70),
  }),
  fonts: z.strictObject({
    body: fontFamily,
    heading: fontFamily,
    /**
     * Fonts for the characters the body and heading fonts lack (other scripts), asked in order, a
     * character run at a time: one TrueType or OpenType file each, used for every style.
     */
    fallbacks: z.array(z.strictObject({ family: text(), file: text() })).default([]),
  }),
  sizes: z.strictObject({
    body: points(),
    small: points(),
    title: points(),
    heading1: points(),
    heading2: points(),
    heading3: points(),
    heading4: points(),
    score: points(),
    lineHeight: z.number().min(1).max(3),
  }),
  spacing: z.strictObject({ paragraph: points(), block: points(), section: points() }),
  colours: z.strictObject({
    page: colour(),
    text: colour(),
    muted: colour(),
    accent: colour(),
    onAccent: colour(),
    rule: colour(),
    surface: colour(),
    highlight: colour(),
    highlightRule: colour(),
    link: colour(),
    /** The document's title; the accent when not given. */
    title: colour().optional(),
  }),
  /** What makes the three editions look alike, decided once for all of them. */
  look: z
    .strictObject({
      /** The small labels (a question's "Citations", the rubric's "Rating scale", the score's label): in capitals, or as written. */
      labels: z.enum(['capitals', 'as written'], { error: 'must be capitals or as written' }).default('as written'),
      /** Where the page number stands at the foot of a page in print and in Word. */
      pageNumber: z.enum(['left', 'centre', 'right'], { error: 'must be left, centre or right' }).default('right'),
      /** The order of a question's parts: each of indicator, score, question, rubric and assessment once. */
      questionOrder: z
        .array(z.enum(questionParts, { error: `must be one of ${questionParts.join(', ')}` }))
        .refine((order) => order.length === questionParts.length && new Set(order).size === questionParts.length, { error: `must name each of ${questionParts.join(', ')} once` })
        .default([...defaultQuestionOrder]),
    })
    .default({ labels: 'as written', pageNumber: 'right', questionOrder: [...defaultQuestionOrder] }),
  labels: z.strictObject({
    keyFindings: text(),
    citations: text(),
    references: text(),
    contents: text(),
    score: text(),
    scoreValue: text(),
    categoryRank: text(),
    subcategoryRank: text(),
    indicator: text(),
    question: text(),
    rubricCaption: text(),
    rubricScores: text(),
    rubricDescription: text(),
    selectedBand: text(),
    pageOf: text(),
    runningHead: text(),
    chapterTitle: text(),
    indexTitle: text(),
    indexCaption: text(),
    indexCountry: text(),
    indexCategory: text(),
    indexRank: text(),
    /** The heading of the chapter's notes, where an edition shows one (the web's, after the chapter). */
    notes: text().default('Notes'),
    /** A country report's title, on its cover: "{country}". */
    countryReportTitle: text().default('{country}'),
    /** Under a country report's title on its cover. */
    countryReport: text().default('Country Report'),
    /** The edition volume: its title, its parts, its tables' captions and column heads. */
    editionVolumeTitle: text().default('Codebook and Results'),
    codebookPart: text().default('Codebook: {category}'),
    resultsPart: text().default('Results: {category}'),
    reportsPart: text().default('Country Reports'),
    reportsCaption: text().default('Every country’s report, in print (folder pdf/) and for Word (folder docx/)'),
    ranksCaption: text().default('Ranks in {category}'),
    ranksCaptionOf: text().default('Ranks in {category}, of {count} countries'),
    scoresCaption: text().default('{indicator}: scores'),
    scoresCaptionOf: text().default('{indicator}: scores and ranks ({scored} of {count} countries scored)'),
    indicatorRank: text().default('Rank'),
    reportPrint: text().default('Print (PDF)'),
    reportWord: text().default('Word (DOCX)'),
    /** The list of reports' column of each report's address (its DOI as a link, else its URL), when edition.yaml gives them. */
    reportAddress: text().default('Address'),
    /** The running head of a book's chapter: "{country} · {category}". */
    chapterRunningHead: text().default('{country} · {category}'),
    /** The running head of a book's front matter: "{edition} · {country}". */
    bookRunningHead: text().default('{edition} · {book}'),
    /** Ranks out of the countries the edition declares (edition.yaml `countries`); the labels above when it declares none. */
    categoryRankOf: text().default('Rank {rank} of {count}'),
    subcategoryRankOf: text().default('Rank {rank} of {count}'),
    indexRankOf: text().default('{rank} of {count}'),
    /** The imprint: each line's label. */
    imprintAuthors: text().default('Authors'),
    imprintEditors: text().default('Editors'),
    imprintPeriod: text().default('Assessment period'),
    /** {from}, {to}: the period's dates, written out in the edition's language. */
    imprintPeriodRange: text().default('{from} – {to}'),
    imprintCopyright: text().default('Copyright'),
    imprintLicence: text().default('Licence'),
    /** {name}, {id}: the licence's name and SPDX id. */
    imprintLicenceName: text().default('{name} ({id})'),
    imprintDoi: text().default('DOI'),
    imprintUrl: text().default('Online'),
    imprintIsbn: text().default('ISBN'),
    imprintCitation: text().default('Suggested citation'),
    /** Charts: a chapter's score profile, a category's ranking, one question's scores by country; their alternative text. */
    chartProfile: text().default('{country}: scores in {category}'),
    chartRanking: text().default('{category}: mean score by country, in rank order'),
    chartScores: text().default('{indicator}: score by country'),
    /** {mean}: the mean of a country's scores in the category, each first set on a scale of 0 to 10. */
    chartMean: text().default('{mean} / 10'),
    chartBar: text().default('{label}: {value}'),
    /** {caption}, {rank}, {bars}: every bar's label and value, joined by "; ". */
    chartDescription: text().default('{caption}. {bars}.'),
    chartDescriptionRank: text().default('{caption}. {rank}. {bars}.'),
    /** The web edition's pages beside the chapters (html/): their headings, links and captions. */
    siteHome: text().default('Home'),
    siteCountries: text().default('Countries'),
    siteCategories: text().default('Categories'),
    siteIndicators: text().default('Indicators'),
    siteEditionLead: text().default('{countries} countries assessed in {categories} categories'),
    siteCountryCaption: text().default('{country}: ranks by category'),
    siteIndicatorsCaption: text().default('{category}: indicators'),
    siteBand: text().default('Band'),
    siteCompare: text().default('Compare'),
    siteAllCountries: text().default('Every country’s rank'),
    siteScoresLead: text().default('Every country’s score, highest first; each links to its assessment.'),
    siteDownloads: text().default('Downloads'),
    siteChapterPrint: text().default('This chapter, print (PDF)'),
    siteChapterWord: text().default('This chapter, Word (DOCX)'),
    siteReportPrint: text().default('{country}: country report, print (PDF)'),
    siteReportWord: text().default('{country}: country report, Word (DOCX)'),
    siteVolumePrint: text().default('{volume}, print (PDF)'),
    siteVolumeWord: text().default('{volume}, Word (DOCX)'),
    siteData: text().default('The scores as data'),
    siteDataLead: text().default('Every score of the edition, for statistics tools and spreadsheets.'),
    siteDataScoresCsv: text().default('Scores, a row per question answered (CSV)'),
    siteDataScoresJson: text().default('Scores (JSON)'),
    siteDataCodebook: text().default('Codebook: categories, questions and rubric bands (JSON)'),
    siteEntry: text().default('Go to the web edition of {edition}'),
    siteBreadcrumb: text().default('Breadcrumb'),
    sitePager: text().default('Chapters of {country}'),
    sitePrevious: text().default('Previous: {title}'),
    siteNext: text().default('Next: {title}'),
    siteSearch: text().default('Search'),
    siteSearchLabel: text().default('Search the edition'),
    siteSearchFound: text().default('Found in {count} places for “{words}”'),
    siteSearchNone: text().default('Nothing found for “{words}”.'),
    siteSearchWithout: text().default('Type words above to find the assessments that use them. The search runs in your browser, offline too; without JavaScript, browse the countries and categories from the home page.'),
  }),
});

export type Theme = z.output<typeof themeSchema>;
export type LabelName = keyof Theme['labels'];

export interface ThemeSource {
  readonly theme: Theme;
  /** Where a field stands in theme.yaml, for diagnostics about its value (a font file that can't be read). */
  readonly positionOf: (path: readonly string[]) => Position | undefined;
}

/** Reads the theme file; problems are reported on it. */
export function readTheme(file: VFile): ThemeSource | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  const theme = checkSchema(parsed, themeSchema, { ruleId: 'schema-field', what: 'theme.yaml' });
  return theme && { theme, positionOf: (path) => positionAt(parsed, path) };
}

export const FontStyle = { regular: 'regular', bold: 'bold', italic: 'italic', boldItalic: 'boldItalic' } as const;
export type FontStyle = (typeof FontStyle)[keyof typeof FontStyle];
export const fontStyles: readonly FontStyle[] = [FontStyle.regular, FontStyle.bold, FontStyle.italic, FontStyle.boldItalic];

export const FontRole = { body: 'body', heading: 'heading' } as const;
export type FontRole = (typeof FontRole)[keyof typeof FontRole];
export const fontRoles: readonly FontRole[] = [FontRole.body, FontRole.heading];

/** The colour of the document's title in every edition. */
export function titleColour(theme: Theme): string {
  return theme.colours.title ?? theme.colours.accent;
}

/** Fills a label's `{placeholders}`: `label(theme, 'categoryRank', { rank: 16 })` → "Rank 16". */
export function label(theme: Theme, name: LabelName, values: Readonly<Record<string, string | number>> = {}): string {
  return theme.labels[name].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    return value === undefined ? whole : String(value);
  });
}

/** A score band as printed: "10–9", or "5" for a one-score band. */
export function bandRange(high: number, low: number): string {
  return high === low ? String(high) : `${high}–${low}`;
}
