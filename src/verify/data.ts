/**
 * The agreement check of the scores as data: `data/scores.csv` read back with a CSV parser
 * (csv-parse, not the writer's csv-stringify) and `data/scores.json` parsed, each compared with what
 * the chapters' report trees say — their front matter's rank, each sub-category's rank, each
 * question's indicator, score, scale and selected rubric band — and the places among the countries'
 * scores that the edition volume prints (tree/results.ts). Nothing here comes from the data writer.
 */
import { parse } from 'csv-parse/sync';
import { toString } from 'mdast-util-to-string';
import { compareCodeUnits, ranksOfScores } from '../tree/results.js';
import type { Question, ReportTree } from '../tree/types.js';

/** The columns scores.csv must have, in order (docs/data.md). */
const columns = [
  'country',
  'country_slug',
  'category',
  'subcategory',
  'question',
  'indicator',
  'score',
  'scale',
  'scale_min',
  'scale_max',
  'band_low',
  'band_high',
  'band',
  'category_rank',
  'subcategory_rank',
  'question_rank',
  'chapter',
] as const;

type Column = (typeof columns)[number];
type ExpectedRow = Readonly<Record<Column, string>>;

/** What a chapter's tree says of its scores: its rows without their places among the countries. */
export interface ChapterScores {
  /** The chapter's source path, for the diagnostics. */
  readonly source: string;
  readonly rows: readonly Omit<ExpectedRow, 'question_rank'>[];
}

export interface DataDisagreement {
  /** The chapter's source path, when a row of it differs. */
  readonly source: string | undefined;
  readonly message: string;
}

/** One chapter's rows, from its tree, in its order. */
export function chapterScores(tree: ReportTree): ChapterScores {
  const report = tree.children[0];
  const chapter = `${report.countrySlug}/${report.categoryId}`;
  const rows = report.children.flatMap((part) =>
    part.type !== 'subCategory'
      ? []
      : part.children.flatMap((question) => {
          const facts = questionFacts(question);
          if (!facts) return [];
          return [
            {
              country: report.country,
              country_slug: report.countrySlug,
              category: report.categoryId,
              subcategory: part.id,
              question: question.id,
              ...facts,
              category_rank: String(report.rank),
              subcategory_rank: String(part.rank),
              chapter,
            },
          ];
        }),
  );
  return { source: report.path, rows };
}

function questionFacts(question: Question): Pick<ExpectedRow, 'indicator' | 'score' | 'scale' | 'scale_min' | 'scale_max' | 'band_low' | 'band_high' | 'band'> | undefined {
  let indicator: string | undefined;
  let score: number | undefined;
  let rubric: Extract<Question['children'][number], { type: 'rubric' }> | undefined;
  for (const part of question.children) {
    if (part.type === 'indicator') indicator = toString(part);
    else if (part.type === 'score') score = part.value;
    else if (part.type === 'rubric') rubric = part;
  }
  const band = rubric?.children.find((entry) => entry.selected);
  if (indicator === undefined || score === undefined || !rubric || !band) return undefined;
  return {
    indicator,
    score: String(score),
    scale: rubric.scale,
    scale_min: String(rubric.scaleMin),
    scale_max: String(rubric.scaleMax),
    band_low: String(band.low),
    band_high: String(band.high),
    band: toString(band),
  };
}

/** Every chapter's rows with their places among the countries' scores, chapters in code-unit order of their path. */
function expectedRows(chapters: readonly ChapterScores[]): { readonly source: string; readonly row: ExpectedRow }[] {
  const byQuestion = new Map<string, number[]>();
  for (const chapter of chapters) {
    for (const row of chapter.rows) {
      const scores = byQuestion.get(row.question) ?? [];
      scores.push(Number(row.score));
      byQuestion.set(row.question, scores);
    }
  }
  // Each question's scores with their places (equal scores share one).
  const places = new Map([...byQuestion].map(([question, scores]) => {
    const ranks = ranksOfScores(scores);
    return [question, new Map(scores.map((score, index) => [score, ranks[index] ?? 0]))] as const;
  }));
  const place = (question: string, score: number): number => places.get(question)?.get(score) ?? 0;
  const ordered = [...chapters].sort((a, b) => compareCodeUnits(a.rows[0]?.chapter ?? '', b.rows[0]?.chapter ?? ''));
  return ordered.flatMap((chapter) => chapter.rows.map((row) => ({ source: chapter.source, row: { ...row, question_rank: String(place(row.question, Number(row.score))) } })));
}

/** scores.csv and scores.json against the chapters' trees: each difference, the first of each file. */
export function verifyScoresData(chapters: readonly ChapterScores[], files: { readonly csv: string | undefined; readonly json: string | undefined }): DataDisagreement[] {
  const expected = expectedRows(chapters);
  const found: DataDisagreement[] = [];
  const csvDifference = files.csv === undefined ? undefined : compareRows('data/scores.csv', expected, readCsv(files.csv));
  if (csvDifference) found.push(csvDifference);
  const jsonDifference = files.json === undefined ? undefined : compareRows('data/scores.json', expected, readJson(files.json));
  if (jsonDifference) found.push(jsonDifference);
  return found;
}

/** The CSV's records as text, the header first; a message when it is no CSV. */
function readCsv(text: string): readonly (readonly string[])[] | string {
  try {
    return parse(text, { relax_column_count: false, bom: false });
  } catch (error) {
    return `it is not RFC 4180 CSV (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** scores.json's rows as the CSV's records (numbers as their decimal text), the header first. */
function readJson(text: string): readonly (readonly string[])[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const scores = typeof data === 'object' && data !== null && 'scores' in data ? data.scores : undefined;
  if (!Array.isArray(scores)) return 'it has no `scores` list';
  const records: string[][] = [];
  for (const entry of scores as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return 'a row of `scores` is not an object';
    const fields = entry as Readonly<Record<string, unknown>>;
    const keys = Object.keys(fields);
    if (keys.join(',') !== columns.join(',')) return `a row has the fields ${keys.join(', ')}, not ${columns.join(', ')}`;
    records.push(columns.map((column) => jsonField(column, fields[column])));
  }
  return [[...columns], ...records];
}

/** The columns that hold whole numbers: numbers in scores.json, their decimal text in the CSV. */
const numberColumns: ReadonlySet<Column> = new Set(['score', 'scale_min', 'scale_max', 'band_low', 'band_high', 'category_rank', 'subcategory_rank', 'question_rank']);

/** A field of scores.json as the CSV writes it; a value of the wrong type shows as its JSON in brackets, which no expected field is. */
function jsonField(column: Column, value: unknown): string {
  if (numberColumns.has(column)) return typeof value === 'number' && Number.isInteger(value) ? String(value) : `(${JSON.stringify(value)})`;
  return typeof value === 'string' ? value : `(${JSON.stringify(value)})`;
}

function compareRows(file: string, expected: readonly { readonly source: string; readonly row: ExpectedRow }[], actual: readonly (readonly string[])[] | string): DataDisagreement | undefined {
  if (typeof actual === 'string') return { source: undefined, message: `${file} cannot be read: ${actual}.` };
  const [header, ...records] = actual;
  if (header?.join(',') !== columns.join(',')) return { source: undefined, message: `${file} has the columns ${header?.join(', ') ?? '(none)'}, not ${columns.join(', ')}.` };
  for (const [index, entry] of expected.entries()) {
    const record = records[index];
    if (!record) return { source: entry.source, message: `${file} ends after ${String(records.length)} rows; the chapters have ${String(expected.length)} scores (the first missing: ${entry.row.country}, ${entry.row.question}).` };
    const differing = columns.find((column, at) => record[at] !== entry.row[column]);
    if (differing) {
      return { source: entry.source, message: `${file}, row ${String(index + 1)} (${entry.row.country}, ${entry.row.question}): ${differing} is ${JSON.stringify(record[columns.indexOf(differing)] ?? '')}, the chapter says ${JSON.stringify(entry.row[differing])}.` };
    }
  }
  if (records.length > expected.length) return { source: undefined, message: `${file} has ${String(records.length)} rows; the chapters have ${String(expected.length)} scores.` };
  return undefined;
}
