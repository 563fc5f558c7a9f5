/**
 * Numbers the edition volume derives from the chapters' results, the same for the presentation step
 * and the agreement check: a country's place among the countries for one question's score.
 */

import type { ChapterResults, Report, SubCategory, VolumeCategory } from './types.js';

/** A chapter's numbers, from its tree: its sub-categories' ranks and its questions' scores, in its order. */
export function resultsOf(report: Report): ChapterResults {
  const subcategories = report.children.filter((child): child is SubCategory => child.type === 'subCategory');
  return {
    subcategories: subcategories.map((subcategory) => ({ id: subcategory.id, rank: subcategory.rank })),
    scores: subcategories.flatMap((subcategory) =>
      subcategory.children.flatMap((question) => question.children.flatMap((part) => (part.type === 'score' ? [{ questionId: question.id, score: part.value }] : []))),
    ),
  };
}

/** Code-unit order: the same on every machine, whatever its locale (countries and slugs in tables and books). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tables of countries: by rank (the highest first), then by name in code-unit order. */
export function byRankThenCountry(a: { readonly rank: number; readonly country: string }, b: { readonly rank: number; readonly country: string }): number {
  return a.rank - b.rank || compareCodeUnits(a.country, b.country);
}

/** Each score's rank among `scores`: 1 for the highest, ties sharing a rank (16, 16, 18). */
export function ranksOfScores(scores: readonly number[]): number[] {
  return scores.map((score) => 1 + scores.filter((other) => other > score).length);
}

/**
 * A ranking chart's number for a country in a category: the mean of its questions' scores, each
 * first set on a scale of 0 to 10 ((score − min) / (max − min) × 10), so that questions on other
 * scales weigh the same. Undefined without scores.
 */
export function meanOnTen(scores: readonly { readonly score: number; readonly scaleMin: number; readonly scaleMax: number }[]): number | undefined {
  if (scores.length === 0) return undefined;
  const sum = scores.reduce((total, { score, scaleMin, scaleMax }) => total + (scaleMax === scaleMin ? 0 : ((score - scaleMin) / (scaleMax - scaleMin)) * 10), 0);
  return sum / scores.length;
}

/**
 * A country's number in a category's ranking chart: `meanOnTen` of its scores on the category's
 * questions, each on its question's scale in the codebook. Undefined when it has none.
 */
export function categoryMean(category: VolumeCategory, results: Pick<ChapterResults, 'scores'>): number | undefined {
  const scores = category.subcategories.flatMap((subcategory) =>
    subcategory.questions.flatMap((question) => {
      const score = results.scores.find((entry) => entry.questionId === question.id)?.score;
      return score === undefined ? [] : [{ score, scaleMin: question.scaleMin, scaleMax: question.scaleMax }];
    }),
  );
  return meanOnTen(scores);
}

