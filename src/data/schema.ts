/**
 * What the edition's data files hold (`data/scores.csv`, `data/scores.json`, `data/codebook.json`;
 * docs/data.md), as zod schemas: the JSON Schemas in `schemas/` are generated from them
 * (`schemas/json-schemas.ts`), and the tests validate the files a build writes against those.
 */
import { z } from 'zod';

const wholeNumber = () => z.number().int();
const positive = () => z.number().int().positive();

/**
 * One row of the scores: one question answered in one chapter. The same fields, in this order, are
 * the CSV's columns (its header row) and each object of scores.json's `scores`.
 */
export const scoreRowSchema = z.strictObject({
  country: z.string().describe('The country, as the chapter’s front matter names it.'),
  country_slug: z.string().describe('The country’s slug, which names its files (`japan`).'),
  category: z.string().describe('The codebook category’s id.'),
  subcategory: z.string().describe('The codebook sub-category’s id.'),
  question: z.string().describe('The codebook question’s id.'),
  indicator: z.string().describe('The question’s indicator title, from the codebook.'),
  score: wholeNumber().describe('The score the chapter gives the question.'),
  scale: z.string().describe('The id of the question’s scale in the codebook (`sgi-10`).'),
  scale_min: wholeNumber().describe('The lowest score of the scale.'),
  scale_max: wholeNumber().describe('The highest score of the scale.'),
  band_low: wholeNumber().describe('The lowest score of the rubric band the score falls in.'),
  band_high: wholeNumber().describe('The highest score of the rubric band the score falls in.'),
  band: z.string().describe('What the rubric band the score falls in says (its description in the codebook).'),
  category_rank: positive().describe('The chapter’s rank in its category (its front matter’s `rank`).'),
  subcategory_rank: positive().describe('The chapter’s rank in the sub-category (its `::subcategory` marker’s `rank`).'),
  question_rank: positive().describe('The country’s place among the countries’ scores for this question: 1 for the highest, equal scores sharing a place (16, 16, 18).'),
  chapter: z.string().describe('The chapter’s path in every edition, without the extension: html/<chapter>.html, pdf/<chapter>.pdf, docx/<chapter>.docx.'),
});

export type ScoreRow = z.output<typeof scoreRowSchema>;

/** The columns of scores.csv, in order: the row's fields. */
export const scoreColumns = Object.keys(scoreRowSchema.shape) as (keyof ScoreRow)[];

const editionSchema = z.strictObject({
  title: z.string().describe('The edition’s title (edition.yaml).'),
  date: z.string().describe('The edition’s date, YYYY-MM-DD (edition.yaml).'),
});

export const scoresFileSchema = z.strictObject({
  $schema: z.string().describe('This file’s JSON Schema.'),
  edition: editionSchema,
  scores: z.array(scoreRowSchema).describe('Every chapter’s scores: chapters in code-unit order of their path, each one’s questions in the codebook’s order.'),
});

export type ScoresFile = z.output<typeof scoresFileSchema>;

const bandSchema = z.strictObject({
  high: wholeNumber(),
  low: wholeNumber(),
  description: z.string(),
});

const questionSchema = z.strictObject({
  id: z.string(),
  indicator: z.string(),
  text: z.string().describe('The question as asked.'),
  scale: z.strictObject({ id: z.string(), min: wholeNumber(), max: wholeNumber() }),
  bands: z.array(bandSchema).describe('The rubric’s bands, highest first.'),
});

export const codebookFileSchema = z.strictObject({
  $schema: z.string().describe('This file’s JSON Schema.'),
  edition: editionSchema,
  categories: z
    .array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        subcategories: z.array(z.strictObject({ id: z.string(), title: z.string(), questions: z.array(questionSchema) })),
      }),
    )
    .describe('The codebook’s categories, sub-categories and questions, in its order.'),
});

export type CodebookFile = z.output<typeof codebookFileSchema>;

/** The data files' JSON Schemas in `schemas/`, by name. */
export const dataSchemaFiles = {
  scores: 'data-scores.schema.json',
  scoresCsv: 'data-scores-csv.schema.json',
  codebook: 'data-codebook.schema.json',
} as const;

/** Where the schemas are published (as the source's are). */
export const dataSchemaBase = 'https://raw.githubusercontent.com/rubricpress/rubricpress/main/schemas/';
