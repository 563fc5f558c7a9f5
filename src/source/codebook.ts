/**
 * The codebook: categories, sub-categories and questions with their rubrics, defined once for every
 * country. Read from `codebook.yaml`, checked (ids, scales, bands) and indexed by id.
 */
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { report } from '../diagnostics/report.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { id, idPattern, text, wholeNumber } from './schema-parts.js';
import { checkSchema, parseYaml, positionAt, positionOfKey, type ParsedYaml } from './yaml.js';

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

/**
 * How the edition ranks countries (docs/source-format.md, "Ranking"): whether two countries may share
 * a rank in a category or sub-category, and the rule a stated rank must agree with. Neither by default.
 */
export const rankingSchema = z.strictObject(
  {
    /** `allowed`: countries may share a rank (1, 1, 3); by default every rank of a category is one country's. */
    ties: z.enum(['allowed', 'forbidden'], { error: 'must be `allowed` or `forbidden`' }).optional(),
    /** `mean-score`: the mean of a chapter's scores in the category (or sub-category) orders the countries, higher first, equal means sharing a rank. */
    rule: z.enum(['mean-score'], { error: 'must be `mean-score` (the only ranking rule rubricpress knows), or left out' }).optional(),
  },
  { error: 'must give `ties:` and/or `rule:`' },
);

export type Ranking = z.output<typeof rankingSchema>;

export const codebookSchema = z.strictObject({
  ranking: rankingSchema.optional(),
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
  /** The id of its rubric's scale (`sgi-10`), and the scale. */
  readonly scaleId: string;
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
  /** How countries are ranked (`ranking:`); none declared: no ties, no rule. */
  readonly ranking: Ranking;
  /** Where `ranking:`'s fields stand, for diagnostics that name the rule. */
  readonly rankingPosition: Position | undefined;
  /**
   * What has errors (reported on codebook.yaml), so that chapters are still checked against the
   * rest and only what depends on a broken entry goes unreported: the ids of questions with errors,
   * and the sub-categories holding a question whose id could not be read.
   */
  readonly broken: { readonly questions: ReadonlySet<string>; readonly subcategories: ReadonlySet<string> };
  /** Whether codebook.yaml has errors: then no chapter is told what it lacks (the answer may be what the error hides). */
  readonly hasErrors: boolean;
}

/**
 * The most questions a category may have. A chapter answers every question of its category, and
 * rendering and checking a chapter of 500 questions takes some 200 MB (the DOCX edition's XML
 * most); a chapter of 1,000 would not fit the memory a build may use.
 */
export const maxQuestionsPerCategory = 500;

/**
 * The codebook's outline: what chapters are checked against when some question has errors. The
 * questions and scales are checked one by one after it, so that one broken question (a band that
 * overlaps another, a misspelt field) leaves the others usable.
 */
const outlineSchema = z.object({
  ranking: z.unknown(),
  scales: z.record(z.string(), z.unknown()),
  categories: z.array(
    z.object({
      id: id(),
      title: z.unknown(),
      subcategories: z.array(z.object({ id: id(), title: z.unknown(), questions: z.array(z.unknown()) })),
    }),
  ),
});
const scaleSchema = codebookSchema.shape.scales.valueType;

/**
 * Reads `codebook.yaml`. Problems are reported on the file. When the codebook's outline (its
 * categories and sub-categories) cannot be read, there is no codebook; otherwise what could be read
 * is returned with its broken entries named, so that an error in one question does not hide the
 * chapters' own problems.
 */
export function readCodebook(file: VFile, path: string): Codebook | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  // The validator drops a key named `__proto__` without a word: it is reported here, as the id it is not.
  const rawScales = isRecordLike(parsed.data) ? parsed.data['scales'] : undefined;
  if (isRecordLike(rawScales) && Object.hasOwn(rawScales, '__proto__')) {
    report(file, 'schema-field', positionOfKey(parsed, ['scales'], '__proto__'), 'In codebook.yaml, the scale name `__proto__` is not an id (lower-case letters, digits and hyphens). Rename the scale.');
  }
  const checked = checkSchema(parsed, codebookSchema, { ruleId: 'schema-field', what: 'codebook.yaml' });
  // Every problem of the schema is reported above; the outline is read again without reporting.
  const outline = checked ?? outlineSchema.safeParse(parsed.data).data;
  if (!outline) return undefined;
  const scales = new Map<string, Scale>();
  for (const [name, value] of Object.entries(outline.scales)) {
    const scale = scaleSchema.safeParse(value);
    if (scale.success) scales.set(name, scale.data);
  }
  const brokenQuestions = new Set<string>();
  const brokenSubcategories = new Set<string>();

  const categories = new Map<string, CodebookCategory>();
  const subcategories = new Map<string, CodebookSubcategory>();
  const questions = new Map<string, CodebookQuestion>();
  const seen = new Map<string, string>();

  const claimId = (kind: string, entryId: string, at: readonly PropertyKey[]): boolean => {
    const previous = seen.get(entryId);
    if (previous !== undefined) {
      report(file, 'duplicate-id', positionAt(parsed, at), `The id \`${entryId}\` is used twice in codebook.yaml (first by a ${previous}). Give this ${kind} its own id.`);
    }
    seen.set(entryId, kind);
    return previous === undefined;
  };

  outline.categories.forEach((category, c) => {
    claimId('category', category.id, ['categories', c, 'id']);
    const questionCount = category.subcategories.reduce((sum, subcategory) => sum + subcategory.questions.length, 0);
    if (questionCount > maxQuestionsPerCategory) {
      report(
        file,
        'schema-field',
        positionAt(parsed, ['categories', c, 'subcategories']),
        `The category \`${category.id}\` has ${questionCount.toLocaleString('en-US')} questions; a category may have at most ${String(maxQuestionsPerCategory)}, so that a chapter on it (which answers them all) can be built within the memory a build may use. Split it into several categories.`,
      );
    }
    const categorySubcategories: CodebookSubcategory[] = [];
    category.subcategories.forEach((subcategory, s) => {
      const subPath = ['categories', c, 'subcategories', s] as const;
      claimId('sub-category', subcategory.id, [...subPath, 'id']);
      const subcategoryQuestions: CodebookQuestion[] = [];
      subcategory.questions.forEach((given, q) => {
        const questionPath = [...subPath, 'questions', q] as const;
        const checkedQuestion = questionSchema.safeParse(given);
        if (!checkedQuestion.success) {
          // Reported by the schema check above; only what depends on it goes unchecked.
          const entryId = typeof given === 'object' && given !== null && 'id' in given ? given.id : undefined;
          if (typeof entryId === 'string' && idPattern.test(entryId)) brokenQuestions.add(entryId);
          else brokenSubcategories.add(subcategory.id);
          return;
        }
        const question = checkedQuestion.data;
        const errorsBefore = countErrors(file);
        if (!claimId('question', question.id, [...questionPath, 'id'])) {
          // The id meant for this question is not known: a chapter's answer to it would be called unknown.
          brokenQuestions.add(question.id);
          brokenSubcategories.add(subcategory.id);
          return;
        }
        const scale = scales.get(question.rubric.scale);
        if (scale === undefined) {
          // A scale that is defined but has errors was reported where it is defined.
          if (!Object.hasOwn(outline.scales, question.rubric.scale)) {
            report(
              file,
              'unknown-scale',
              positionAt(parsed, [...questionPath, 'rubric', 'scale']),
              `The rubric names the scale \`${question.rubric.scale}\`, which \`scales\` does not define.${didYouMean(question.rubric.scale, Object.keys(outline.scales))} Define it under \`scales\` or use one that is.`,
            );
          }
          brokenQuestions.add(question.id);
          return;
        }
        const bands = question.rubric.bands.map((band, b): CodebookBand => ({
          low: Math.min(band.range[0], band.range[1]),
          high: Math.max(band.range[0], band.range[1]),
          description: band.description,
          position: positionAt(parsed, [...questionPath, 'rubric', 'bands', b, 'range']),
        }));
        checkBands(file, parsed, [...questionPath, 'rubric'], question.id, scale, bands);
        if (countErrors(file) > errorsBefore) {
          brokenQuestions.add(question.id);
          return;
        }
        const entry: CodebookQuestion = {
          id: question.id,
          indicator: question.indicator,
          text: question.text,
          scaleId: question.rubric.scale,
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
      const entry: CodebookSubcategory = { id: subcategory.id, title: titleOf(subcategory), categoryId: category.id, questions: subcategoryQuestions };
      categorySubcategories.push(entry);
      subcategories.set(entry.id, entry);
    });
    categories.set(category.id, { id: category.id, title: titleOf(category), subcategories: categorySubcategories });
  });

  const ranking = rankingSchema.safeParse(outline.ranking ?? {});
  return { path, categories, subcategories, questions, ranking: ranking.success ? ranking.data : {}, rankingPosition: positionAt(parsed, ['ranking']), broken: { questions: brokenQuestions, subcategories: brokenSubcategories }, hasErrors: countErrors(file) > 0 };
}

function isRecordLike(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countErrors(file: VFile): number {
  return file.messages.filter((message) => message.fatal === true).length;
}

/** A title as the outline has it (its errors reported): the id stands in for one that is not text. */
function titleOf(entry: { readonly id: string; readonly title: unknown }): string {
  return typeof entry.title === 'string' && entry.title.trim() !== '' ? entry.title.trim() : entry.id;
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
