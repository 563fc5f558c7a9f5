/**
 * The JSON Schemas for editors: the files in schemas/ are what the code generates (run
 * `npx vitest run -u test/schemas` after changing a source schema, and review the diff), each
 * accepts the sample and rejects broken files as rubricpress does, and the sample's files name them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaFiles, sourceJsonSchemas, type SchemaName } from '../../src/schemas/json-schemas.js';
import { checkChanged, projectRoot, replaceOnce, sampleSource } from '../support/build.js';

const schemas = sourceJsonSchemas();
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validators = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, ajv.compile(schema)])) as Record<SchemaName, ReturnType<typeof ajv.compile>>;

const chapterPath = 'chapters/japan/coordination.md';

async function sampleData(name: SchemaName, edit: (text: string) => string = (text) => text): Promise<unknown> {
  const file = name === 'frontMatter' ? chapterPath : `${name}.yaml`;
  const text = edit(await readFile(path.join(sampleSource, file), 'utf8'));
  return parse(name === 'frontMatter' ? (/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '') : text);
}

describe('the JSON Schemas of the source', () => {
  it.each(Object.keys(schemaFiles) as SchemaName[])('schemas/%s is the generated schema', async (name) => {
    await expect(`${JSON.stringify(schemas[name], null, 2)}\n`).toMatchFileSnapshot(path.join(projectRoot, 'schemas', schemaFiles[name]));
  });

  it.each(Object.keys(schemaFiles) as SchemaName[])('%s accepts the sample', async (name) => {
    const validate = validators[name];
    expect(validate(await sampleData(name)), JSON.stringify(validate.errors)).toBe(true);
  });

  const broken: readonly { readonly name: SchemaName; readonly what: string; readonly edit: (text: string) => string; readonly file: string; readonly rule: string }[] = [
    { name: 'edition', what: 'a year in words', file: 'edition.yaml', edit: replaceOnce('year: 2024', 'year: twenty'), rule: 'schema-field' },
    { name: 'edition', what: 'an unknown field', file: 'edition.yaml', edit: (text) => `${text}subtitle: x\n`, rule: 'schema-field' },
    { name: 'codebook', what: 'a question without its indicator', file: 'codebook.yaml', edit: (text) => text.replace(/^ +indicator: "Effective Coordination Mechanisms of the GO\|PMO"\n/m, ''), rule: 'schema-field' },
    { name: 'codebook', what: 'a band range of three numbers', file: 'codebook.yaml', edit: (text) => text.replace(/range: \[(\d+), (\d+)\]/, 'range: [$1, $2, 3]'), rule: 'schema-field' },
    { name: 'references', what: 'an item of no CSL type', file: 'references.yaml', edit: (text) => text.replace('  type: chapter\n', '  type: blogpost\n'), rule: 'schema-field' },
    { name: 'references', what: 'a book without its publisher', file: 'references.yaml', edit: (text) => text.replace(/(type: book\n(?: {2}.*\n)*?) {2}publisher: .*\n/, '$1'), rule: 'reference-missing-field' },
    { name: 'frontMatter', what: 'a rank of 0', file: chapterPath, edit: replaceOnce('rank: 16', 'rank: 0'), rule: 'rank-invalid' },
    { name: 'frontMatter', what: 'a category that is no id', file: chapterPath, edit: replaceOnce('category: coordination', 'category: Co ordination'), rule: 'frontmatter-field' },
  ];

  it.each(broken)('$name rejects $what, as rubricpress does', async ({ name, edit, file, rule }) => {
    expect(validators[name](await sampleData(name, edit))).toBe(false);
    const checked = await checkChanged({ [file]: edit });
    expect(checked.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain(rule);
  });

  it("the sample's files name their schema for the YAML language server", async () => {
    const named: readonly [string, SchemaName][] = [['edition.yaml', 'edition'], ['codebook.yaml', 'codebook'], ['references.yaml', 'references'], [chapterPath, 'frontMatter']];
    for (const [file, name] of named) {
      const text = await readFile(path.join(sampleSource, file), 'utf8');
      const modeline = /# yaml-language-server: \$schema=(\S+)/.exec(text)?.[1];
      expect(modeline, file).toBeDefined();
      expect(path.resolve(path.dirname(path.join(sampleSource, file)), modeline ?? '')).toBe(path.join(projectRoot, 'schemas', schemaFiles[name]));
    }
  });
});
