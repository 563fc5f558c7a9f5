/**
 * The codebook: categories, sub-categories and questions with their rubrics, defined once for every
 * country. Read from `codebook.yaml`, checked (ids, scales, bands) and indexed by id.
 */
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { report } from '../diagnostics/report.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { id, text, wholeNumber } from './schema-parts.js';
import { checkSchema, parseYaml, positionAt, type ParsedYaml } from './yaml.js';

const bandSchema = z.strictObject({
  range: z.tuple([wholeNumber(), wholeNumber()], { error: 'must be a pair of whole numbers [high, low], e.g. [10, 9]' }),
  description: text(),
});

const questionSchema = z.strictObject({
  id: id(),
  indicator: text(),
  text: text(),
  rubric: z.strictObject({
    scale: id(),
    bands: z.array(bandSchema, { error: 'must be a list of bands' }).min(1, { error: 'must have at least one band' }),
  }),
});

const subcategorySchema = z.strictObject({
  id: id(),
  title: text(),
  questions: z.array(questionSchema, { error: 'must be a list of questions' }).min(1, { error: 'must have at least one question' }),
});

export const codebookSchema = z.strictObject({
  scales: z.record(
    id(),
    z
      .strictObject({ min: wholeNumber(), max: wholeNumber() })
      .refine((scale) => scale.min < scale.max, { error: 'must have min below max' }),
    { error: 'must map scale ids to { min, max }' },
  ),
  categories: z
    .array(
      z.strictObject({
        id: id(),
        title: text(),
        subcategories: z.array(subcategorySchema, { error: 'must be a list of sub-categories' }).min(1, { error: 'must have at least one sub-category' }),
      }),
      { error: 'must be a list of categories' },
    )
    .min(1, { error: 'must have at least one category' }),
});

export interface Scale {
  readonly min: number;
  readonly max: number;
}

export interface CodebookBand {
  readonly low: number;
  readonly high: number;
  readonly description: string;
  readonly position: Position | undefined;
}

export interface CodebookQuestion {
  readonly id: string;
  readonly indicator: string;
  readonly text: string;
  readonly scale: Scale;
  readonly bands: readonly CodebookBand[];
  readonly categoryId: string;
  readonly subcategoryId: string;
  readonly position: Position | undefined;
  readonly indicatorPosition: Position | undefined;
  readonly textPosition: Position | undefined;
  readonly rubricPosition: Position | undefined;
}

export interface CodebookSubcategory {
  readonly id: string;
  readonly title: string;
  readonly categoryId: string;
  readonly questions: readonly CodebookQuestion[];
}

export interface CodebookCategory {
  readonly id: string;
  readonly title: string;
  readonly subcategories: readonly CodebookSubcategory[];
}

export interface Codebook {
  /** The codebook's path relative to the source folder. */
  readonly path: string;
  readonly categories: ReadonlyMap<string, CodebookCategory>;
  readonly subcategories: ReadonlyMap<string, CodebookSubcategory>;
  readonly questions: ReadonlyMap<string, CodebookQuestion>;
}

/** Reads `codebook.yaml`. Problems are reported on the file; a codebook with errors gives `undefined`. */
export function readCodebook(file: VFile, path: string): Codebook | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  const data = checkSchema(parsed, codebookSchema, { ruleId: 'schema-field', what: 'codebook.yaml' });
  if (!data) return undefined;

  const errorsBefore = file.messages.filter((message) => message.fatal).length;
  const categories = new Map<string, CodebookCategory>();
  const subcategories = new Map<string, CodebookSubcategory>();
  const questions = new Map<string, CodebookQuestion>();
  const seen = new Map<string, string>();

  const claimId = (kind: string, entryId: string, at: readonly PropertyKey[]): void => {
    const previous = seen.get(entryId);
    if (previous !== undefined) {
      report(file, 'duplicate-id', positionAt(parsed, at), `The id \`${entryId}\` is used twice in codebook.yaml (first by a ${previous}). Give this ${kind} its own id.`);
    }
    seen.set(entryId, kind);
  };

  data.categories.forEach((category, c) => {
    claimId('category', category.id, ['categories', c, 'id']);
    const categorySubcategories: CodebookSubcategory[] = [];
    category.subcategories.forEach((subcategory, s) => {
      const subPath = ['categories', c, 'subcategories', s] as const;
      claimId('sub-category', subcategory.id, [...subPath, 'id']);
      const subcategoryQuestions: CodebookQuestion[] = [];
      subcategory.questions.forEach((question, q) => {
        const questionPath = [...subPath, 'questions', q] as const;
        claimId('question', question.id, [...questionPath, 'id']);
        const scale = data.scales[question.rubric.scale];
        if (scale === undefined) {
          report(
            file,
            'unknown-scale',
            positionAt(parsed, [...questionPath, 'rubric', 'scale']),
            `The rubric names the scale \`${question.rubric.scale}\`, which \`scales\` does not define.${didYouMean(question.rubric.scale, Object.keys(data.scales))} Define it under \`scales\` or use one that is.`,
          );
          return;
        }
        const bands = question.rubric.bands.map((band, b): CodebookBand => ({
          low: Math.min(band.range[0], band.range[1]),
          high: Math.max(band.range[0], band.range[1]),
          description: band.description,
          position: positionAt(parsed, [...questionPath, 'rubric', 'bands', b, 'range']),
        }));
        checkBands(file, parsed, [...questionPath, 'rubric'], question.id, scale, bands);
        const entry: CodebookQuestion = {
          id: question.id,
          indicator: question.indicator,
          text: question.text,
          scale,
          bands,
          categoryId: category.id,
          subcategoryId: subcategory.id,
          position: positionAt(parsed, questionPath),
          indicatorPosition: positionAt(parsed, [...questionPath, 'indicator']),
          textPosition: positionAt(parsed, [...questionPath, 'text']),
          rubricPosition: positionAt(parsed, [...questionPath, 'rubric']),
        };
        subcategoryQuestions.push(entry);
        questions.set(entry.id, entry);
      });
      const entry: CodebookSubcategory = { id: subcategory.id, title: subcategory.title, categoryId: category.id, questions: subcategoryQuestions };
      categorySubcategories.push(entry);
      subcategories.set(entry.id, entry);
    });
    categories.set(category.id, { id: category.id, title: category.title, subcategories: categorySubcategories });
  });

  const errorsAfter = file.messages.filter((message) => message.fatal).length;
  return errorsAfter > errorsBefore ? undefined : { path, categories, subcategories, questions };
}

/**
 * Bands must stay inside the scale, must not overlap and must leave no score without a band.
 * Works on the bands' ends only (sorted by `low`), never score by score: a scale may be huge.
 */
function checkBands(
  file: VFile,
  parsed: ParsedYaml,
  rubricPath: readonly PropertyKey[],
  questionId: string,
  scale: Scale,
  bands: readonly CodebookBand[],
): void {
  for (const band of bands) {
    if (band.low < scale.min || band.high > scale.max) {
      report(
        file,
        'rubric-band-outside-scale',
        band.position,
        `The band ${band.high}–${band.low} of \`${questionId}\` reaches outside its scale ${scale.min}–${scale.max}. Keep every band within the scale.`,
      );
    }
  }

  // What lies outside the scale was reported above; overlaps and gaps concern the part within it.
  const clipped = bands
    .map((band, index) => ({ band, index, low: Math.max(band.low, scale.min), high: Math.min(band.high, scale.max) }))
    .filter((entry) => entry.low <= entry.high)
    .sort((a, b) => a.low - b.low || a.index - b.index);

  // Each band against the one reaching highest among those that start no later: a band that
  // overlaps any earlier band overlaps that one, and the first shared score is its own `low`.
  // Each band is reported once, at the later of the two in the file.
  let reach: (typeof clipped)[number] | undefined;
  const reported = new Set<number>();
  const gaps: [number, number][] = [];
  let nextUncovered = scale.min;
  for (const entry of clipped) {
    if (reach && entry.low <= reach.high) {
      const [first, second] = reach.index < entry.index ? [reach, entry] : [entry, reach];
      if (!reported.has(second.index)) {
        reported.add(second.index);
        report(
          file,
          'rubric-band-overlap',
          second.band.position,
          `The bands ${first.band.high}–${first.band.low} and ${second.band.high}–${second.band.low} of \`${questionId}\` both include the score ${entry.low}. Make each score belong to exactly one band.`,
        );
      }
    }
    if (entry.low > nextUncovered) gaps.push([nextUncovered, entry.low - 1]);
    nextUncovered = Math.max(nextUncovered, entry.high + 1);
    if (!reach || entry.high > reach.high) reach = entry;
  }
  if (nextUncovered <= scale.max) gaps.push([nextUncovered, scale.max]);

  if (gaps.length > 0) {
    const count = gaps.reduce((sum, [low, high]) => sum + high - low + 1, 0);
    report(
      file,
      'rubric-band-gap',
      positionAt(parsed, [...rubricPath, 'bands']),
      `The rubric of \`${questionId}\` leaves ${count === 1 ? 'the score' : 'the scores'} ${gaps.map(formatScores).join(', ')} without a band (scale ${scale.min}–${scale.max}). Widen a band or add one so that every score has a description.`,
    );
  }
}

/** A run of missing scores as a reader would write it: "6", "6, 7" or "4–7". */
function formatScores([low, high]: readonly [number, number]): string {
  if (low === high) return String(low);
  if (high === low + 1) return `${low}, ${high}`;
  return `${low}–${high}`;
}
