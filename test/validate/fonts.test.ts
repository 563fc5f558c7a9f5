/** The theme's font files: each must be there and be TrueType or OpenType (the PDF engine can't embed WOFF2). */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { lineColumnOf, removeFolder, sampleSource, temporaryFolder, templatesDir } from '../support/build.js';

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(() => removeFolder(folder));

const serifBold = '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf';
const sansBold = '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf';

describe('font-unreadable', () => {
  it('font-unreadable: a WOFF2 file and a missing file are each reported at their theme field, in the theme’s order', async () => {
    const templates = path.join(folder, 'templates');
    await cp(templatesDir, templates, { recursive: true });
    await mkdir(path.join(templates, 'fonts'));
    await writeFile(path.join(templates, 'fonts/web.woff2'), new Uint8Array([0x77, 0x4f, 0x46, 0x32, 0, 1, 0, 0]));
    const original = await readFile(path.join(templatesDir, 'theme.yaml'), 'utf8');
    await writeFile(path.join(templates, 'theme.yaml'), original.replace(serifBold, 'fonts/web.woff2').replace(sansBold, 'fonts/missing.ttf'));

    const result = await build({ sourceDir: sampleSource, outDir: path.join(folder, 'out'), templatesDir: templates, formats: ['pdf'], strict: false, write: true });
    expect(result.ok).toBe(false);
    expect(result.written).toEqual([]);
    const diagnostics = diagnosticsAsJson(result.files);
    const web = lineColumnOf(original, serifBold);
    const missing = lineColumnOf(original, sansBold);
    expect(diagnostics).toHaveLength(2);
    // The position is the YAML value's, which starts at its opening quote.
    expect(diagnostics[0]).toMatchObject({ ruleId: 'font-unreadable', severity: 'error', line: web.line, column: web.column - 1 });
    expect(diagnostics[0]?.message).toContain('`fonts/web.woff2` (fonts.body.files.bold) is a web font (WOFF or WOFF2)');
    expect(diagnostics[1]).toMatchObject({ ruleId: 'font-unreadable', severity: 'error', line: missing.line, column: missing.column - 1 });
    expect(diagnostics[1]?.message).toContain('`fonts/missing.ttf` (fonts.heading.files.bold) cannot be found');
  });

  it('font-unreadable: a broken body font stops the PDF and check, not an HTML or DOCX build (they do not draw with it)', async () => {
    const templates = path.join(folder, 'templates-html');
    await cp(templatesDir, templates, { recursive: true });
    const original = await readFile(path.join(templatesDir, 'theme.yaml'), 'utf8');
    await writeFile(path.join(templates, 'theme.yaml'), original.replace(serifBold, 'fonts/missing.ttf'));
    const run = (formats: ('html' | 'pdf' | 'docx')[], write: boolean) => build({ sourceDir: sampleSource, outDir: path.join(folder, `out-${formats.join('-')}-${String(write)}`), templatesDir: templates, formats, strict: false, write });
    expect((await run(['html', 'docx'], true)).ok).toBe(true);
    const pdf = await run(['pdf'], true);
    expect(pdf.ok).toBe(false);
    expect(diagnosticsAsJson(pdf.files)).toMatchObject([{ ruleId: 'font-unreadable' }]);
    const checked = await run(['html'], false);
    expect(checked.ok).toBe(false);
    expect(diagnosticsAsJson(checked.files)).toMatchObject([{ ruleId: 'font-unreadable' }]);
  });
});
