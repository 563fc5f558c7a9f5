import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { z } from 'zod';
import type { EditionInfo } from '../tree/types.js';
import { id, isoDate, positiveWholeNumber, text } from './schema-parts.js';
import { checkSchema, parseYaml, positionAt } from './yaml.js';

export const editionSchema = z.strictObject({
  title: text(),
  publisher: text(),
  year: positiveWholeNumber(),
  language: z
    .string({ error: 'must be a BCP 47 language tag such as en-US' })
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'must be a BCP 47 language tag such as en-US' }),
  citationStyle: id(),
  date: isoDate(),
});

export interface Edition extends EditionInfo {
  readonly citationStyle: string;
}

/** `edition.yaml` read: its fields, and where each stands (for problems found later, such as an unknown style). */
export interface EditionSource {
  readonly edition: Edition;
  /** The position of a field's value in edition.yaml. */
  readonly positionOf: (field: keyof Edition) => Position | undefined;
}

/** Reads `edition.yaml` (parsing it once); problems are reported on the file and give `undefined`. */
export function readEdition(file: VFile): EditionSource | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  const edition = checkSchema(parsed, editionSchema, { ruleId: 'schema-field', what: 'edition.yaml' });
  if (!edition) return undefined;
  return { edition, positionOf: (field) => positionAt(parsed, [field]) };
}
