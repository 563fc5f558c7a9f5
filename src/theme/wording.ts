/**
 * The words every edition prints around the author's content: titles, ranks, scores, the band
 * marker, running heads. All three renderers take them from here, so the editions agree to the word
 * and a label changed in templates/theme.yaml reaches each of them.
 */
import { bandRange, label, type Theme } from './theme.js';
import type { Report, RubricBand, Score, SubCategory } from '../tree/types.js';

type ReportHead = Pick<Report, 'country' | 'categoryTitle' | 'rank' | 'edition'>;

/** "Japan: Coordination" */
export function chapterTitle(theme: Theme, report: Pick<Report, 'country' | 'categoryTitle'>): string {
  return label(theme, 'chapterTitle', { country: report.country, category: report.categoryTitle });
}

/** "Rank 16" */
export function categoryRank(theme: Theme, report: Pick<Report, 'rank'>): string {
  return label(theme, 'categoryRank', { rank: report.rank });
}

/** "Rank 24" */
export function subcategoryRank(theme: Theme, subCategory: Pick<SubCategory, 'rank'>): string {
  return label(theme, 'subcategoryRank', { rank: subCategory.rank });
}

/** "8 / 10" */
export function scoreValue(theme: Theme, score: Pick<Score, 'value' | 'scaleMin' | 'scaleMax'>): string {
  return label(theme, 'scoreValue', { score: score.value, min: score.scaleMin, max: score.scaleMax });
}

/** "10–9" */
export function bandScores(band: Pick<RubricBand, 'high' | 'low'>): string {
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
export function runningHead(theme: Theme, report: ReportHead): string {
  return label(theme, 'runningHead', { edition: report.edition.title, country: report.country, category: report.categoryTitle });
}

/** "Page 3 of 12" */
export function pageOf(theme: Theme, page: number | string, pages: number | string): string {
  return label(theme, 'pageOf', { page, pages });
}

/** The path of a chapter's file in an edition's folder: `japan/coordination.pdf`. */
export function chapterFilePath(report: Pick<Report, 'countrySlug' | 'categoryId'>, extension: string): string {
  return `${report.countrySlug}/${report.categoryId}.${extension}`;
}
