/** The HTML edition is valid HTML5, checked with html-validate's recommended rules. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../../support/build.js';

let outDir: string;
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Typographic quotes and dashes are the text itself, not a mistake to escape.
    'no-raw-characters': 'off',
  },
});

beforeAll(async () => {
  outDir = await temporaryFolder();
  const built = await buildInto(outDir);
  expect(built.result.ok).toBe(true);
});
afterAll(() => removeFolder(outDir));

describe('HTML validity', () => {
  for (const file of ['html/japan/coordination.html', 'html/index.html']) {
    it(`${file} has no html-validate errors`, async () => {
      const html = await readFile(path.join(outDir, file), 'utf8');
      const report = await validator.validateString(html, file);
      const messages = report.results.flatMap((result) => result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`));
      expect(messages).toEqual([]);
      expect(report.valid).toBe(true);
    });
  }
});
