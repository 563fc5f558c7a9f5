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

/** "Rank 16" */
export function categoryRank(theme: Theme, chapter: { readonly rank: number }): string {
  return label(theme, 'categoryRank', { rank: chapter.rank });
}

/** "Rank 24" */
export function subcategoryRank(theme: Theme, subCategory: { readonly rank: number }): string {
  return label(theme, 'subcategoryRank', { rank: subCategory.rank });
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
