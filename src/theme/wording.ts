/**
 * The words every edition prints around the author's content: titles, ranks, scores, the band
 * marker, running heads, page numbers, each a label of templates/theme.yaml filled in. The
 * presentation step resolves them once for the three writers; the agreement check fills the same
 * labels for what it expects, from the report tree.
 */
import { bandRange, label, type Theme } from './theme.js';

interface ChapterNames {
  readonly country: string;
  readonly categoryTitle: string;
}

/** "Japan: Coordination" */
export function chapterTitle(theme: Theme, chapter: ChapterNames): string {
  return label(theme, 'chapterTitle', { country: chapter.country, category: chapter.categoryTitle });
}

/** What a rank is out of: the number of countries the edition declares, if it declares them. */
interface RankContext {
  readonly edition: { readonly countryCount?: number | undefined };
}

/** "Rank 16 of 30" ("Rank 16" when the edition declares no countries) */
export function categoryRank(theme: Theme, chapter: RankContext & { readonly rank: number }): string {
  const count = chapter.edition.countryCount;
  return count === undefined ? label(theme, 'categoryRank', { rank: chapter.rank }) : label(theme, 'categoryRankOf', { rank: chapter.rank, count });
}

/** The edition volume's table of a category's ranks: "Ranks in Coordination, of 30 countries" (without the count when the edition declares no countries). */
export function ranksCaption(theme: Theme, category: string, edition: RankContext['edition']): string {
  const count = edition.countryCount;
  return count === undefined ? label(theme, 'ranksCaption', { category }) : label(theme, 'ranksCaptionOf', { category, count });
}

/**
 * A question's table of every country's score and rank (the edition volume, the web edition's
 * indicator page): "Effective Coordination: scores and ranks (30 of 30 countries scored)". Its ranks
 * are among the countries scored: of a partial edition (the sample is one country of 30), Japan's
 * "1" would otherwise stand beside its category's "Rank 16 of 30" unexplained.
 */
export function scoresCaption(theme: Theme, indicator: string, scored: number, edition: RankContext['edition']): string {
  const count = edition.countryCount;
  return count === undefined ? label(theme, 'scoresCaption', { indicator }) : label(theme, 'scoresCaptionOf', { indicator, scored, count });
}

/** "Rank 24 of 30" ("Rank 24" when the edition declares no countries) */
export function subcategoryRank(theme: Theme, subCategory: { readonly rank: number }, chapter: RankContext): string {
  const count = chapter.edition.countryCount;
  return count === undefined ? label(theme, 'subcategoryRank', { rank: subCategory.rank }) : label(theme, 'subcategoryRankOf', { rank: subCategory.rank, count });
}

/** The index table's rank cell: "16 of 30", or "16". */
export function indexRank(theme: Theme, chapter: RankContext & { readonly rank: number }): string {
  const count = chapter.edition.countryCount;
  return count === undefined ? String(chapter.rank) : label(theme, 'indexRankOf', { rank: chapter.rank, count });
}

/** "8 / 10" */
export function scoreValue(theme: Theme, score: { readonly value: number; readonly scaleMin: number; readonly scaleMax: number }): string {
  return label(theme, 'scoreValue', { score: score.value, min: score.scaleMin, max: score.scaleMax });
}

/** "10–9" */
export function bandScores(band: { readonly high: number; readonly low: number }): string {
  return bandRange(band.high, band.low);
}

/** "Question: ", before a question's text (printed, in Word, and read to screen readers). */
export function questionLabel(theme: Theme): string {
  return `${theme.labels.question}: `;
}

/** "Score 8 lies in this band": the selected band is marked in words as well as colour. */
export function selectedBandNote(theme: Theme, score: number): string {
  return label(theme, 'selectedBand', { score });
}

/** "Sustainable Governance Indicators 2024 · Japan · Coordination": the running head of print and Word. */
export function runningHead(theme: Theme, chapter: ChapterNames & { readonly edition: { readonly title: string } }): string {
  return label(theme, 'runningHead', { edition: chapter.edition.title, country: chapter.country, category: chapter.categoryTitle });
}

/** "Japan": a country report's title. */
export function countryReportTitle(theme: Theme, country: string): string {
  return label(theme, 'countryReportTitle', { country });
}

/** "Sustainable Governance Indicators 2024 · Japan": the running head of a book's front matter. */
export function bookRunningHead(theme: Theme, edition: string, book: string): string {
  return label(theme, 'bookRunningHead', { edition, book });
}

/** "Japan · Coordination": the running head of a book's chapter (the book names the edition on its cover). */
export function chapterRunningHead(theme: Theme, chapter: ChapterNames): string {
  return label(theme, 'chapterRunningHead', { country: chapter.country, category: chapter.categoryTitle });
}

/** "Page 3 of 12" */
export function pageOf(theme: Theme, page: number | string, pages: number | string): string {
  return label(theme, 'pageOf', { page, pages });
}

/** The report tree's types of a question's parts, by the names `look.questionOrder` gives them. */
const partTypes = { indicator: 'indicator', score: 'score', question: 'questionText', rubric: 'rubric', assessment: 'assessment' } as const;

/**
 * A question's parts in the theme's order (`look.questionOrder`); what the order does not name (the
 * citation list) keeps its place after them. The presentation step lays questions out in this order,
 * and the agreement check expects it.
 */
export function inQuestionOrder<Part extends { readonly type: string }>(theme: Theme, parts: readonly Part[]): Part[] {
  const rank = new Map<string, number>(theme.look.questionOrder.map((name, index) => [partTypes[name], index]));
  const unnamed = theme.look.questionOrder.length;
  return parts
    .map((part, index) => ({ part, index, rank: rank.get(part.type) ?? unnamed }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ part }) => part);
}

/** The small labels of a question, which `look.labels` sets in capitals or as written. */
export type SmallLabel = 'citations' | 'rubricCaption' | 'score';

/** A small label ("Citations", "Rating scale", "Score") as every edition prints it: in capitals (in the text's language) when the theme says so. */
export function smallLabel(theme: Theme, name: SmallLabel, language: string): string {
  const words = theme.labels[name];
  return theme.look.labels === 'capitals' ? words.toLocaleUpperCase(language) : words;
}

/** A date of the source (YYYY-MM-DD) written out in the text's language: "November 1, 2021" (en-US). Never the clock, never the time zone. */
export function longDate(isoDate: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** What an imprint line says, but the citation (which the style formats): the label, the value, and where the value links. */
export interface ImprintWording {
  readonly field: 'authors' | 'editors' | 'period' | 'copyright' | 'licence' | 'doi' | 'url' | 'isbn';
  readonly label: string;
  readonly value: string;
  readonly link?: string;
}

interface PublicationWords {
  readonly authors: readonly string[];
  readonly editors: readonly string[];
  readonly period?: { readonly from: string; readonly to: string };
  readonly copyright?: string;
  readonly licence?: { readonly id: string; readonly name: string; readonly url: string };
  readonly doi?: string;
  readonly url?: string;
  readonly isbn?: string;
}

/** Names as an imprint lists them: "Hiroko Saito, Daniel Hoffmann" ("Family, Given" turned round). */
function nameList(names: readonly string[]): string {
  return names
    .map((name) => {
      const comma = name.indexOf(',');
      return comma < 0 ? name : `${name.slice(comma + 1).trim()} ${name.slice(0, comma).trim()}`;
    })
    .join(', ');
}

/**
 * The imprint's lines in the order printed, each a label of the theme and its value: what the
 * presentation step sets and the agreement check expects. Lines the source gives nothing for are left out.
 */
export function imprintWording(theme: Theme, publication: PublicationWords, language: string): ImprintWording[] {
  const lines: ImprintWording[] = [];
  if (publication.authors.length > 0) lines.push({ field: 'authors', label: theme.labels.imprintAuthors, value: nameList(publication.authors) });
  if (publication.editors.length > 0) lines.push({ field: 'editors', label: theme.labels.imprintEditors, value: nameList(publication.editors) });
  if (publication.period) {
    lines.push({ field: 'period', label: theme.labels.imprintPeriod, value: label(theme, 'imprintPeriodRange', { from: longDate(publication.period.from, language), to: longDate(publication.period.to, language) }) });
  }
  if (publication.copyright !== undefined) lines.push({ field: 'copyright', label: theme.labels.imprintCopyright, value: publication.copyright });
  if (publication.licence) {
    lines.push({ field: 'licence', label: theme.labels.imprintLicence, value: label(theme, 'imprintLicenceName', { name: publication.licence.name, id: publication.licence.id }), link: publication.licence.url });
  }
  if (publication.doi !== undefined) lines.push({ field: 'doi', label: theme.labels.imprintDoi, value: doiLink(publication.doi), link: doiLink(publication.doi) });
  if (publication.url !== undefined) lines.push({ field: 'url', label: theme.labels.imprintUrl, value: publication.url, link: publication.url });
  if (publication.isbn !== undefined) lines.push({ field: 'isbn', label: theme.labels.imprintIsbn, value: publication.isbn });
  return lines;
}

/** "Japan: scores in Coordination": a chapter's score profile. */
export function profileChartCaption(theme: Theme, chapter: ChapterNames): string {
  return label(theme, 'chartProfile', { country: chapter.country, category: chapter.categoryTitle });
}

/** "Coordination: mean score by country, in rank order": a category's ranking chart. */
export function rankingChartCaption(theme: Theme, category: string): string {
  return label(theme, 'chartRanking', { category });
}

/** "Interministerial coordination: score by country": one question's chart. */
export function scoresChartCaption(theme: Theme, indicator: string): string {
  return label(theme, 'chartScores', { indicator });
}

/** "6.4 / 10": a ranking chart's bar, the mean on a scale of 0 to 10 with one decimal. */
export function meanValue(theme: Theme, mean: number): string {
  return label(theme, 'chartMean', { mean: mean.toFixed(1) });
}

/**
 * A chart's alternative text, stating every number: "Japan: scores in Coordination. Rank 16 of 30.
 * Interministerial coordination: 7 / 10; …".
 */
export function chartDescription(theme: Theme, caption: string, bars: readonly { readonly label: string; readonly valueText: string }[], rank?: string): string {
  const listed = bars.map((bar) => label(theme, 'chartBar', { label: bar.label, value: bar.valueText })).join('; ');
  return rank === undefined ? label(theme, 'chartDescription', { caption, bars: listed }) : label(theme, 'chartDescriptionRank', { caption, rank, bars: listed });
}

/** A category's ranking chart's bars: the countries in rank order, each with the mean of its scores on a scale of 0 to 10 ("6.4 / 10"). */
export function rankingBars(theme: Theme, countries: readonly { readonly country: string; readonly mean: number | undefined }[]): { label: string; value: number; min: number; max: number; valueText: string }[] {
  return countries.flatMap(({ country, mean }) => (mean === undefined ? [] : [{ label: country, value: mean, min: 0, max: 10, valueText: meanValue(theme, mean) }]));
}

/** A DOI as a link (`https://doi.org/10.5555/…`), as imprints and the list of reports print it. */
export function doiLink(doi: string): string {
  return `https://doi.org/${doi}`;
}

/** A work's address in a list: its DOI as a link when it has one (the address that lasts), else its URL. */
export function addressText(address: { readonly url?: string; readonly doi?: string }): string | undefined {
  return address.doi === undefined ? address.url : doiLink(address.doi);
}
