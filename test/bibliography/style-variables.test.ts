/**
 * The variables through which one reference can change another's citation or entry: what the
 * cache's reference dependency is made of.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossReferenceVariables } from '../../src/bibliography/style-variables.js';
import { templatesDir } from '../support/build.js';

describe('crossReferenceVariables', () => {
  it('takes the house style’s citation and sort variables, through its macros, and not the publisher or URL', () => {
    const variables = crossReferenceVariables(readFileSync(path.join(templatesDir, 'csl/house-author-date.csl'), 'utf8'));
    for (const name of ['id', 'type', 'author', 'editor', 'issued', 'title']) expect(variables.has(name)).toBe(true);
    for (const name of ['publisher', 'URL', 'DOI', 'page']) expect(variables.has(name)).toBe(false);
  });

  it('follows a numeric style’s sort keys and, with a dash for repeated authors, every name variable', () => {
    const style = `<style><macro name="journal"><text variable="container-title"/></macro>
      <citation><layout><text variable="citation-number"/></layout></citation>
      <bibliography subsequent-author-substitute="———"><sort><key macro="journal"/><key variable="issued"/></sort>
      <layout><names variable="translator"/><text variable="publisher"/></layout></bibliography></style>`;
    const variables = crossReferenceVariables(style);
    for (const name of ['container-title', 'issued', 'citation-number', 'translator']) expect(variables.has(name)).toBe(true);
    expect(variables.has('publisher')).toBe(false);
  });
});
