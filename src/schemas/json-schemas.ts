/**
 * JSON Schemas (draft 2020-12) of what authors write, for editors: edition.yaml, codebook.yaml,
 * references.yaml and a chapter's front matter. They are generated from the schemas rubricpress
 * validates with — zod's for edition, codebook and front matter (`z.toJSONSchema`), the CSL field
 * tables of `bibliography/references.ts` for references — so that an editor's completion and
 * rubricpress's checks cannot drift apart. The files in `schemas/` are these, written out
 * (test/schemas/json-schemas.test.ts fails when they are stale; `npx vitest run -u test/schemas`
 * writes them). rubricpress still checks more than a schema can say (ids that must exist, bands
 * that must cover a scale, …): a file a schema accepts can still get diagnostics.
 */
import { z } from 'zod';
import {
  COMMON_REQUIRED_FIELDS,
  CSL_TYPES,
  DATE_FIELDS,
  NAME_FIELDS,
  NAME_PARTS_BOOLEAN,
  NAME_PARTS_STRING,
  NUMBER_FIELDS,
  requiredFieldsByType,
  STRING_FIELDS,
} from '../bibliography/references.js';
import { codebookSchema } from '../source/codebook.js';
import { editionSchema } from '../source/edition.js';
import { frontMatterSchema } from '../transform/build-report.js';
import { projectSchema } from '../project/project-file.js';
import { codebookFileSchema, dataSchemaFiles, scoreColumns, scoreRowSchema, scoresFileSchema } from '../data/schema.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** The schemas' file names in `schemas/`, as the sample's files name them. */
export const schemaFiles = {
  edition: 'edition.schema.json',
  codebook: 'codebook.schema.json',
  references: 'references.schema.json',
  frontMatter: 'front-matter.schema.json',
  project: 'project.schema.json',
} as const;

export type SchemaName = keyof typeof schemaFiles;

/** Where the schemas are published: the repository's `schemas/` folder (they also ship in the package). */
const schemaBase = 'https://raw.githubusercontent.com/rubricpress/rubricpress/main/schemas/';

const titles: Readonly<Record<SchemaName, { readonly title: string; readonly description: string }>> = {
  edition: { title: 'rubricpress edition.yaml', description: "The edition's metadata: title, publisher, year, language, citation style and the date written into every output." },
  codebook: { title: 'rubricpress codebook.yaml', description: 'The scales, categories, sub-categories and questions with their rubrics: once, for every country.' },
  references: { title: 'rubricpress references.yaml (CSL-YAML)', description: 'The bibliography as a list of CSL items, one per work; chapters cite them as [@id].' },
  frontMatter: { title: 'rubricpress chapter front matter', description: "A chapter's YAML front matter: its country, its codebook category and its rank." },
  project: { title: 'rubricpress project file (rubricpress.yaml)', description: 'The settings of a project that flags override: its folders (inside the project), formats, strictness, jobs.' },
};

/** Every schema, by name. */
export function sourceJsonSchemas(): Readonly<Record<SchemaName, JsonSchema>> {
  return {
    edition: described('edition', fromZod(editionSchema)),
    codebook: described('codebook', fromZod(codebookSchema)),
    references: described('references', referencesSchema()),
    frontMatter: described('frontMatter', fromZod(frontMatterSchema)),
    project: described('project', fromZod(projectSchema)),
  };
}

function described(name: SchemaName, schema: JsonSchema): JsonSchema {
  const { $schema, ...rest } = schema;
  return { $schema, $id: `${schemaBase}${schemaFiles[name]}`, ...titles[name], ...rest };
}

/** What an author writes is the schema's input (before defaults and trimming). */
function fromZod(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
}

/** CSL-YAML as `bibliography/references.ts` reads it: the fields it knows typed, any other field allowed. */
function referencesSchema(): JsonSchema {
  const name = {
    type: 'object',
    properties: Object.fromEntries<{ readonly type: string }>([...NAME_PARTS_STRING.map((part) => [part, { type: 'string' }] as const), ...NAME_PARTS_BOOLEAN.map((part) => [part, { type: 'boolean' }] as const)]),
    anyOf: [{ required: ['family'] }, { required: ['literal'] }],
  };
  const datePart = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\s*-?\\d+\\s*$' }] };
  const date = {
    type: 'object',
    properties: {
      'date-parts': { type: 'array', minItems: 1, maxItems: 2, items: { type: 'array', minItems: 1, maxItems: 3, items: datePart } },
      literal: { type: 'string' },
      raw: { type: 'string' },
      season: { type: ['integer', 'string'] },
      circa: { type: ['boolean', 'integer', 'string'] },
    },
    anyOf: [{ required: ['date-parts'] }, { required: ['literal'] }, { required: ['raw'] }],
  };
  const sorted = (fields: ReadonlySet<string>): string[] => [...fields].sort();
  const properties: Record<string, unknown> = {
    id: { type: 'string', minLength: 1, pattern: '\\S', description: 'The key chapters cite: [@id].' },
    type: { enum: sorted(CSL_TYPES), description: 'The CSL item type.' },
  };
  for (const field of sorted(NAME_FIELDS)) properties[field] = { type: 'array', items: name };
  for (const field of sorted(DATE_FIELDS)) properties[field] = date;
  for (const field of sorted(NUMBER_FIELDS)) properties[field] = { type: ['string', 'number'] };
  for (const field of sorted(STRING_FIELDS)) if (!(field in properties)) properties[field] = { type: 'string' };
  const requiredByType = Object.entries(requiredFieldsByType)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, fields]) => ({ if: { properties: { type: { const: type } }, required: ['type'] }, then: { required: [...fields] } }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    // An empty file is an empty bibliography.
    type: ['array', 'null'],
    items: { type: 'object', properties, required: [...COMMON_REQUIRED_FIELDS], allOf: requiredByType },
  };
}

export type DataSchemaName = keyof typeof dataSchemaFiles;

const dataTitles: Readonly<Record<DataSchemaName, { readonly title: string; readonly description: string }>> = {
  scores: { title: 'rubricpress data/scores.json', description: 'Every chapter’s scores, one row per question answered in a chapter, with its scale, band and ranks (docs/data.md).' },
  scoresCsv: {
    title: 'rubricpress data/scores.csv (a row, as a CSV reader gives it)',
    description: 'A record of data/scores.csv (RFC 4180, UTF-8, a header row), read with its header as the keys: every field is text, whole numbers written in decimal (docs/data.md).',
  },
  codebook: { title: 'rubricpress data/codebook.json', description: 'The codebook as data: categories, sub-categories and questions with their text, indicator, scale and rubric bands (docs/data.md).' },
};

/** The JSON Schemas of the data files a build writes to data/ (docs/data.md), by name. */
export function dataJsonSchemas(): Readonly<Record<DataSchemaName, JsonSchema>> {
  const described = (name: DataSchemaName, schema: JsonSchema): JsonSchema => {
    const { $schema, ...rest } = schema;
    return { $schema, $id: `${schemaBase}${dataSchemaFiles[name]}`, ...dataTitles[name], ...rest };
  };
  const output = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'output', target: 'draft-2020-12' });
  return {
    scores: described('scores', output(scoresFileSchema)),
    scoresCsv: described('scoresCsv', scoresCsvRowSchema(output(scoreRowSchema))),
    codebook: described('codebook', output(codebookFileSchema)),
  };
}

/** A CSV record with its header as keys: the row's fields as text, whole numbers as their decimal digits. */
function scoresCsvRowSchema(row: JsonSchema): JsonSchema {
  const fields = (row['properties'] ?? {}) as Readonly<Record<string, { readonly type?: unknown; readonly description?: unknown; readonly exclusiveMinimum?: unknown }>>;
  const properties = Object.fromEntries(
    scoreColumns.map((column) => {
      const field = fields[column];
      const whole = field?.type === 'integer';
      const pattern = whole ? (field.exclusiveMinimum === 0 ? '^[1-9][0-9]*$' : '^-?(?:0|[1-9][0-9]*)$') : undefined;
      return [column, { type: 'string', ...(pattern ? { pattern } : {}), ...(typeof field?.description === 'string' ? { description: field.description } : {}) }];
    }),
  );
  return { $schema: row['$schema'], type: 'object', properties, required: [...scoreColumns], additionalProperties: false };
}
