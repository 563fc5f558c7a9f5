import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleIds, rules } from '../../src/diagnostics/catalog.js';
import { projectRoot } from '../support/build.js';

/**
 * Rules that the renderers and the agreement check own; their tests live with them (glyph-missing:
 * test/render/pdf/coverage.test.ts; edition-disagrees: test/verify/agreement.test.ts).
 */
const testedElsewhere: ReadonlySet<string> = new Set(['unrenderable-node', 'glyph-missing', 'edition-disagrees']);

/** The import's rules: asserted by its tests (test/roundtrip/ and the command's, test/cli/import.test.ts). */
const importRules = ruleIds.filter((id) => id.startsWith('import-'));
const importTests = [
  ...readdirSync(path.join(projectRoot, 'test', 'roundtrip')).map((name) => path.join(projectRoot, 'test', 'roundtrip', name)),
  path.join(projectRoot, 'test', 'cli', 'import.test.ts'),
].map((file) => readFileSync(file, 'utf8'));

const rulesDoc = readFileSync(path.join(projectRoot, 'docs', 'rules.md'), 'utf8');
/** The `## ` headings of docs/rules.md, outside its fenced examples. */
const docSections = new Set([...rulesDoc.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^## (.+?)\s*$/gm)].map((match) => match[1]));

/** The tests that assert rules: the validation tests, and the attack suite's fast cases (limits and hostile input). */
const validateTests = ['validate', 'attacks'].flatMap((folder) => {
  const directory = path.join(projectRoot, 'test', folder);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => readFileSync(path.join(directory, name), 'utf8'));
});

/** `ruleId: 'the-id'` (or with double quotes), as the tests' `toMatchObject` assertions write it, or `rule: 'the-id'`, as the attack suite's cases do. */
function assertedRuleId(id: string): RegExp {
  return new RegExp(`(?:ruleId|rule):\\s*(['"])${id}\\1`);
}

describe('the rule catalog', () => {
  it('has rule ids that are stable-looking kebab-case names', () => {
    for (const id of ruleIds) expect(id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it.each(ruleIds)('%s has a `## %s` section in docs/rules.md', (id) => {
    expect(docSections.has(id)).toBe(true);
  });

  it('docs/rules.md documents no rule that the catalog lacks', () => {
    const unknown = [...docSections].filter((section) => section !== undefined && !Object.hasOwn(rules, section));
    expect(unknown).toEqual([]);
  });

  it('docs/rules.md gives each rule its catalog severity', () => {
    for (const id of ruleIds) {
      const start = rulesDoc.indexOf(`## ${id}\n`);
      const next = rulesDoc.indexOf('\n## ', start + 1);
      const section = rulesDoc.slice(start, next < 0 ? undefined : next);
      expect(section, id).toContain(`Severity: **${rules[id].severity}**`);
    }
  });

  it.each(ruleIds.filter((id) => !testedElsewhere.has(id) && !importRules.includes(id)))('%s is asserted (ruleId: \'%s\') by a test under test/validate/ or test/attacks/', (id) => {
    expect(validateTests.some((text) => assertedRuleId(id).test(text))).toBe(true);
  });

  it.each(importRules)('%s is asserted by a test of the import', (id) => {
    expect(importTests.some((text) => text.includes(`'${id}'`))).toBe(true);
  });
});
