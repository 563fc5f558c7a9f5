/**
 * The edition's scores as data (docs/data.md): `data/scores.csv` and `data/scores.json`, one row per
 * question answered in a chapter, and `data/codebook.json`. Made from what the edition volume is made
 * from — the codebook and every chapter's numbers — so a build takes them from its cache as the volume
 * does. The CSV is RFC 4180 (csv-stringify): UTF-8 without a byte-order mark, CRLF line ends, a field
 * quoted when it holds a comma, a quote or a line break.
 */
import { stringify } from 'csv-stringify/sync';
import { compareCodeUnits, ranksOfScores } from '../tree/results.js';
import type { EditionVolumeSource, ResultsOfChapter } from '../tree/types.js';
import { dataSchemaBase, dataSchemaFiles, scoreColumns, type CodebookFile, type ScoreRow, type ScoresFile } from './schema.js';

/** The data files' paths in the output folder. */
export const dataPaths = { scoresCsv: 'data/scores.csv', scoresJson: 'data/scores.json', codebookJson: 'data/codebook.json' } as const;

export interface DataFile {
  readonly path: string;
  readonly contents: string;
}

/** The three data files of these chapters' scores and the codebook. */
export function dataFiles(source: EditionVolumeSource): DataFile[] {
  const rows = scoreRows(source);
  const edition = { title: source.edition.title, date: source.edition.date };
  const scores: ScoresFile = { $schema: `${dataSchemaBase}${dataSchemaFiles.scores}`, edition, scores: rows };
  return [
    { path: dataPaths.codebookJson, contents: jsonText(codebookFile(source)) },
    { path: dataPaths.scoresCsv, contents: scoresCsv(rows) },
    { path: dataPaths.scoresJson, contents: jsonText(scores) },
  ];
}

/** Every chapter's answered questions: chapters in code-unit order of their path, each one's questions in the codebook's order. */
export function scoreRows(source: EditionVolumeSource): ScoreRow[] {
  const placeOf = questionPlaces(source.chapters);
  const chapters = [...source.chapters].sort((a, b) => compareCodeUnits(chapterPath(a), chapterPath(b)));
  return chapters.flatMap((chapter) => {
    const scores = new Map(chapter.scores.map((entry) => [entry.questionId, entry.score]));
    const subcategoryRanks = new Map(chapter.subcategories.map((entry) => [entry.id, entry.rank]));
    const category = source.categories.find((entry) => entry.id === chapter.categoryId);
    return (category?.subcategories ?? []).flatMap((subcategory) =>
      subcategory.questions.flatMap((question): ScoreRow[] => {
        const score = scores.get(question.id);
        const subcategoryRank = subcategoryRanks.get(subcategory.id);
        const band = question.bands.find((entry) => score !== undefined && entry.low <= score && score <= entry.high);
        const place = placeOf.get(chapter)?.get(question.id);
        // A question the chapter does not answer has no row (missing-question warned of it).
        if (score === undefined || subcategoryRank === undefined || !band || place === undefined) return [];
        return [
          {
            country: chapter.country,
            country_slug: chapter.countrySlug,
            category: chapter.categoryId,
            subcategory: subcategory.id,
            question: question.id,
            indicator: question.indicator,
            score,
            scale: question.scale,
            scale_min: question.scaleMin,
            scale_max: question.scaleMax,
            band_low: band.low,
            band_high: band.high,
            band: band.description,
            category_rank: chapter.rank,
            subcategory_rank: subcategoryRank,
            question_rank: place,
            chapter: chapterPath(chapter),
          },
        ];
      }),
    );
  });
}

/** The rows as RFC 4180 CSV, with a header row of the columns. */
export function scoresCsv(rows: readonly ScoreRow[]): string {
  const records = rows.map((row) => scoreColumns.map((column) => String(row[column])));
  // csv-stringify quotes a field holding the delimiter, a quote or the record delimiter (CRLF); a
  // lone LF or CR must be quoted too.
  return stringify([scoreColumns, ...records], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** For each chapter, each question's place among the chapters' scores for it (the edition volume's ranks among scores). */
function questionPlaces(chapters: readonly ResultsOfChapter[]): Map<ResultsOfChapter, Map<string, number>> {
  const byQuestion = new Map<string, { chapter: ResultsOfChapter; score: number }[]>();
  for (const chapter of chapters) {
    for (const { questionId, score } of chapter.scores) {
      const scored = byQuestion.get(questionId) ?? [];
      scored.push({ chapter, score });
      byQuestion.set(questionId, scored);
    }
  }
  const places = new Map<ResultsOfChapter, Map<string, number>>(chapters.map((chapter) => [chapter, new Map()]));
  for (const [questionId, scored] of byQuestion) {
    const ranks = ranksOfScores(scored.map((entry) => entry.score));
    scored.forEach((entry, index) => {
      const rank = ranks[index];
      if (rank !== undefined) places.get(entry.chapter)?.set(questionId, rank);
    });
  }
  return places;
}

/** The chapter's path in every edition's folder, without the extension (`japan/coordination`). */
function chapterPath(chapter: Pick<ResultsOfChapter, 'countrySlug' | 'categoryId'>): string {
  return `${chapter.countrySlug}/${chapter.categoryId}`;
}

function codebookFile(source: EditionVolumeSource): CodebookFile {
  return {
    $schema: `${dataSchemaBase}${dataSchemaFiles.codebook}`,
    edition: { title: source.edition.title, date: source.edition.date },
    categories: source.categories.map((category) => ({
      id: category.id,
      title: category.title,
      subcategories: category.subcategories.map((subcategory) => ({
        id: subcategory.id,
        title: subcategory.title,
        questions: subcategory.questions.map((question) => ({
          id: question.id,
          indicator: question.indicator,
          text: question.text,
          scale: { id: question.scale, min: question.scaleMin, max: question.scaleMax },
          bands: question.bands.map((band) => ({ high: band.high, low: band.low, description: band.description })),
        })),
      })),
    })),
  };
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
