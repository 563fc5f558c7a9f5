/**
 * The JSON Schemas of the data files (docs/data.md): the files in schemas/ are what the code
 * generates from src/data/schema.ts (`npx vitest run -u test/schemas` writes them; review the diff),
 * and each is a valid draft 2020-12 schema. test/build/data.test.ts validates a build's files with them.
 */
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { dataSchemaFiles } from '../../src/data/schema.js';
import { dataJsonSchemas, type DataSchemaName } from '../../src/schemas/json-schemas.js';
import { projectRoot } from '../support/build.js';

const schemas = dataJsonSchemas();
const names = Object.keys(dataSchemaFiles) as DataSchemaName[];

describe('the JSON Schemas of the data files', () => {
  it.each(names)('schemas/ holds the generated %s schema', async (name) => {
    await expect(`${JSON.stringify(schemas[name], null, 2)}\n`).toMatchFileSnapshot(path.join(projectRoot, 'schemas', dataSchemaFiles[name]));
  });

  it.each(names)('%s compiles as a strict draft 2020-12 schema, with its own $id', (name) => {
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
    expect(() => ajv.compile(schemas[name])).not.toThrow();
    expect(schemas[name]['$id']).toBe(`https://raw.githubusercontent.com/rubricpress/rubricpress/main/schemas/${dataSchemaFiles[name]}`);
  });
});
