/** One change in templates/theme.yaml reaches the edition: colours and labels are not hard-coded. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { outputBeside, removeFolder, sampleSource, templatesDir, temporaryFolder } from '../support/build.js';
import { all, readHtml, textOf } from '../support/html.js';

let folder: string;

beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(() => removeFolder(folder));

async function buildWithTheme(change: (theme: string) => string): Promise<string> {
  const templates = path.join(folder, `templates-${Math.random().toString(36).slice(2)}`);
  await cp(templatesDir, templates, { recursive: true });
  const themePath = path.join(templates, 'theme.yaml');
  await writeFile(themePath, change(await readFile(themePath, 'utf8')));
  const outDir = outputBeside(templates);
  const result = await build({ sourceDir: sampleSource, outDir, templatesDir: templates, formats: ['html'], strict: false, write: true });
  expect(result.ok).toBe(true);
  return path.join(outDir, 'html/japan/coordination.html');
}

describe('the theme', () => {
  it('an accent colour changed in theme.yaml reaches the HTML edition', async () => {
    const original = await readFile(path.join(templatesDir, 'theme.yaml'), 'utf8');
    const accent = /accent: "(#[0-9a-f]{6})"/.exec(original)?.[1];
    expect(accent).toBeDefined();
    const page = await readFile(await buildWithTheme((theme) => theme.replace(`accent: "${accent ?? ''}"`, 'accent: "#8a1538"')), 'utf8');
    expect(page).toContain('--colour-accent: #8a1538;');
    expect(page).not.toContain(`--colour-accent: ${accent ?? ''};`);
  });

  it('labels come from the theme', async () => {
    const page = await readHtml(await buildWithTheme((theme) => theme.replace('keyFindings: Key Findings', 'keyFindings: Main Findings').replace('citations: Citations', 'citations: Sources')));
    expect(all(page, '.key-findings h2').map(textOf)).toEqual(['Main Findings']);
    expect(new Set(all(page, '.citations h4').map(textOf))).toEqual(new Set(['Sources']));
  });
});
