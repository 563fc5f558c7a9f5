/** The PDF reads templates/theme.yaml: page size, the measure, colours, labels and fonts come from there. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../src/build/build.js';
import { diagnosticsAsJson } from '../../../src/diagnostics/json.js';
import { measuredMargins } from '../../../src/render/pdf/measure.js';
import { themeFonts } from '../../support/lines.js';
import { defaultTheme, outputBeside, removeFolder, sampleSource, temporaryFolder, templatesDir } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';

let folder: string;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(() => removeFolder(folder));

async function buildWithTheme(change: (theme: string) => string) {
  const templates = path.join(folder, `templates-${Math.random().toString(36).slice(2)}`);
  await cp(templatesDir, templates, { recursive: true });
  const themePath = path.join(templates, 'theme.yaml');
  await writeFile(themePath, change(await readFile(themePath, 'utf8')));
  const outDir = outputBeside(templates);
  const result = await build({ sourceDir: sampleSource, outDir, templatesDir: templates, formats: ['pdf'], strict: false, write: true });
  return { result, file: path.join(outDir, 'pdf/japan/coordination.pdf'), diagnostics: diagnosticsAsJson(result.files) };
}

/** The page content streams, inflated: where fill colours are set. */
function contentStreams(raw: string): string {
  const parts: string[] = [];
  for (const match of raw.matchAll(/\/Filter \/FlateDecode[^>]*>>\s*stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1'));
    } catch {
      // Not a content stream (a font program compressed differently); not needed here.
    }
  }
  return parts.join('\n');
}

/** The PDF colour operator for #rrggbb, as pdfkit writes it (components 0–1, then `sc`). */
function fillOperator(hex: string): string {
  const components = [1, 3, 5].map((at) => String(Number.parseInt(hex.slice(at, at + 2), 16) / 255));
  return `${components.join(' ')} sc`;
}

describe('the theme in the PDF', () => {
  it('sets Letter pages when the theme asks for them', async () => {
    const built = await buildWithTheme((theme) => theme.replace('size: A4 ', 'size: Letter '));
    expect(built.result.ok).toBe(true);
    const pdf = await readPdf(built.file);
    for (const size of pdf.pageSizes) expect(size).toEqual([612, 792]);
  });

  it('fills the selected band with the theme’s highlight', async () => {
    const built = await buildWithTheme((theme) => theme.replace('highlight: "#fbe7a1"', 'highlight: "#c8e6c9"'));
    const pdf = await readPdf(built.file);
    const content = contentStreams(pdf.raw);
    expect(content).toContain(fillOperator('#c8e6c9'));
    expect(content).not.toContain(fillOperator('#fbe7a1'));
  });

  it('takes its words from the theme’s labels', async () => {
    const built = await buildWithTheme((theme) =>
      theme.replace('rubricCaption: "Rating scale"', 'rubricCaption: "Scale"').replace('selectedBand: "Score {score} lies in this band"', 'selectedBand: "The score ({score}) is here"').replace('pageOf: "Page {page} of {pages}"', 'pageOf: "{page}/{pages}"'),
    );
    const pdf = await readPdf(built.file);
    expect(pdf.textsOf('Caption')).toEqual(['Japan: scores in Coordination', ...Array.from({ length: 5 }, () => 'Scale')]);
    expect(pdf.text).toContain('The score (8) is here');
    expect(pdf.artifactTexts[1]).toContain(`2/${String(pdf.pageCount)}`);
  });

  it('takes the look all editions share from the theme: the title’s colour, the small labels in capitals', async () => {
    const { result, file } = await buildWithTheme((theme) => theme.replace('title: "#0b5c7a"', 'title: "#7a0b3c"').replace('labels: as written', 'labels: capitals'));
    expect(result.ok).toBe(true);
    const pdf = await readPdf(file);
    expect(contentStreams(pdf.raw)).toContain(fillOperator('#7a0b3c'));
    expect(pdf.textsOf('H4')[0]).toBe('CITATIONS');
    // The score profile's caption first (no small label), then the rubrics'.
    expect(pdf.textsOf('Caption')[1]).toBe('RATING SCALE');
  });

  it('keeps the measure: a narrower one widens the left and right margins alike', async () => {
    const [fonts, theme] = await Promise.all([themeFonts(), defaultTheme()]);
    /** Where most text starts: the left margin (running heads, headings, most lines). */
    const leftEdge = (raw: string): number => {
      const starts = new Map<string, number>();
      for (const match of contentStreams(raw).matchAll(/1 0 0 1 ([\d.]+) [\d.]+ Tm/g)) starts.set(match[1] ?? '', (starts.get(match[1] ?? '') ?? 0) + 1);
      return Number([...starts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]);
    };
    const narrow = await buildWithTheme((text) => text.replace(/measure: \d+/, 'measure: 60'));
    const expected = measuredMargins({ ...theme, page: { ...theme.page, measure: 60 } }, fonts, 595.28);
    expect(expected.left).toBeCloseTo(expected.right);
    expect(leftEdge((await readPdf(narrow.file)).raw)).toBeCloseTo(expected.left, 2);
    // A measure wider than the content box leaves the theme's margins as they are.
    expect(measuredMargins({ ...theme, page: { ...theme.page, measure: 150 } }, fonts, 595.28)).toEqual(theme.page.margins);
  });

});
