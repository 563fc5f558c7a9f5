import type { VFile } from 'vfile';
import { z } from 'zod';
import type { EditionInfo } from '../tree/types.js';
import { id, isoDate, positiveWholeNumber, text } from './schema-parts.js';
import { checkSchema, parseYaml } from './yaml.js';

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

/** Reads `edition.yaml`; problems are reported on the file and give `undefined`. */
export function readEdition(file: VFile): Edition | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  return checkSchema(parsed, editionSchema, { ruleId: 'schema-field', what: 'edition.yaml' });
}
