/**
 * The agreement check: every edition of a chapter says what its report tree says, in the same order,
 * with the same structure. Renderers are checked through their output files, read back as readers
 * get them, not through the renderers' own state.
 */
import type { Theme } from '../theme/theme.js';
import type { EditionVolumeSource, Publication, ReportTree } from '../tree/types.js';
import { chartDifferences, compareEdition, type Disagreement } from './compare.js';
import { expectedChapter, expectedCountryReport, expectedEditionVolume, expectedSiteCharts, type ExpectedChapter } from './expected.js';
import type { ChartReading, EditionText } from './extract/edition-text.js';
import { readHtmlCharts, readHtmlEdition } from './extract/html.js';

export interface ChapterEditions {
  readonly html?: string;
  readonly pdf?: Uint8Array;
  readonly docx?: Uint8Array;
}

export interface VerifyOptions {
  /**
   * Whether no font of the theme has this character (each such character of the source is a
   * glyph-missing warning at its place): the PDF's empty boxes are then the author's to fix, not a
   * disagreement. Without it, every box is one.
   */
  readonly lacksGlyph?: (character: string) => boolean;
  /**
   * The editions were written by this process (a build checking what it made): a PDF its own reader
   * cannot read is a disagreement, never a file for pdfjs-dist, which inflates streams without a
   * bound (a drawing forged in the cache could carry a deflate bomb into a book). `verify` of an
   * output folder, whose files another program may have changed, leaves them to pdfjs.
   */
  readonly writtenHere?: boolean;
}

export async function verifyChapter(tree: ReportTree, theme: Theme, editions: ChapterEditions, options: VerifyOptions = {}): Promise<Disagreement[]> {
  return verifyEditions(expectedChapter(tree, theme), editions, options);
}

/** A country report's editions: each of its chapters as the chapter's tree says, after its cover; the PDF's contents list's page numbers as well. */
export async function verifyCountryReport(
  trees: readonly ReportTree[],
  theme: Theme,
  editions: Omit<ChapterEditions, 'html'>,
  options: VerifyOptions & { readonly all?: boolean; readonly publication?: Publication } = {},
): Promise<Disagreement[]> {
  return verifyEditions(expectedCountryReport(trees, theme, options), editions, options);
}

/** The edition volume's editions, against the codebook and the chapters' results; its PDF's contents list's page numbers as well. */
export async function verifyEditionVolume(source: EditionVolumeSource, theme: Theme, editions: Omit<ChapterEditions, 'html'>, options: VerifyOptions = {}): Promise<Disagreement[]> {
  return verifyEditions(expectedEditionVolume(source, theme), editions, options);
}

/** One of the web edition's pages, as it was written. */
export interface SitePageText {
  readonly path: string;
  readonly html: string;
}

/**
 * The web edition's cross-country charts, read back from its pages and compared with what the
 * codebook and the chapters' numbers give: every category's ranking and every question's scores,
 * each drawn once. Which page draws which chart is the site's layout, so charts are matched by
 * their alternative text (it states every number); a matched chart's words and bars are compared
 * as a chapter's are.
 */
export function verifySiteCharts(source: EditionVolumeSource, theme: Theme, pages: readonly SitePageText[]): Disagreement[] {
  return compareSiteCharts(source, theme, pages.flatMap(siteChartsOf));
}

/** A chart a page of the web edition draws, as read back. */
export interface SiteChartReading {
  readonly page: string;
  readonly chart: ChartReading;
}

/** The charts one page of the web edition draws (`verifySiteCharts` reads every page's; a build reads them a page at a time, between its other work). */
export function siteChartsOf(page: SitePageText): SiteChartReading[] {
  return readHtmlCharts(page.html).map((chart) => ({ page: page.path, chart }));
}

/** The web edition's charts (`siteChartsOf` each page) against the codebook and the chapters' numbers. */
export function compareSiteCharts(source: EditionVolumeSource, theme: Theme, charts: readonly SiteChartReading[]): Disagreement[] {
  const drawn = new Map<string, SiteChartReading[]>();
  for (const reading of charts) {
    const same = drawn.get(reading.chart.alt);
    if (same) same.push(reading);
    else drawn.set(reading.chart.alt, [reading]);
  }
  const found: Disagreement[] = [];
  for (const expected of expectedSiteCharts(source, theme)) {
    const matches = drawn.get(expected.alt);
    const match = matches?.shift();
    if (!match) {
      found.push({ edition: 'HTML', unit: { kind: 'chart caption', text: expected.caption, position: undefined }, message: `The web edition draws no chart “${expected.caption}” that says what the source says: “${expected.alt}”.` });
      continue;
    }
    found.push(...chartDifferences('HTML', [expected], [match.chart]).map((difference) => ({ ...difference, message: `${match.page}: ${difference.message}` })));
  }
  for (const [alt, left] of drawn) {
    for (const { page } of left) found.push({ edition: 'HTML', message: `${page}: the web edition draws a chart the source does not give: “${alt}”.` });
  }
  return found;
}

async function verifyEditions(expected: ExpectedChapter, editions: ChapterEditions, options: VerifyOptions): Promise<Disagreement[]> {
  const found: Disagreement[] = [];
  if (editions.html !== undefined) found.push(...compareEdition('HTML', expected, readHtmlEdition(editions.html)));
  // The PDF and DOCX readers load only for their editions.
  if (editions.pdf !== undefined) found.push(...(await pdfDisagreements(expected, editions.pdf, options)));
  if (editions.docx !== undefined) found.push(...(await docxDisagreements(expected, editions.docx)));
  return found;
}

async function pdfDisagreements(expected: ExpectedChapter, bytes: Uint8Array, options: VerifyOptions): Promise<Disagreement[]> {
  const { readOwnPdfEdition, readPdfEdition } = await import('./extract/pdf-edition.js');
  const { PdfStreamTooLarge, UnsupportedPdf } = await import('./extract/pdf-syntax.js');
  let pdf: EditionText | Error;
  try {
    pdf = options.writtenHere === true ? readOwnPdfEdition(bytes) : await readPdfEdition(bytes);
  } catch (error) {
    if (!(error instanceof PdfStreamTooLarge || error instanceof UnsupportedPdf)) throw error;
    pdf = error;
  }
  // One finding, not a difference for every word: the file is not read at all.
  if (pdf instanceof PdfStreamTooLarge) return [{ edition: 'PDF', message: `The PDF edition cannot be read: ${pdf.message} Build it again without the cache (--no-cache).` }];
  if (pdf instanceof Error) {
    return [{ edition: 'PDF', message: `The PDF edition cannot be read by rubricpress's own reader: ${pdf.message} If the build bound it from chapters the cache kept, build again with --no-cache; otherwise please report it (--no-verify skips the check).` }];
  }
  const found = compareEdition('PDF', expected, pdf);
  const boxes = pdf.boxes ?? 0;
  if (boxes > 0 && !hasCharacterWithoutGlyph(expected, options.lacksGlyph)) {
    found.push({
      edition: 'PDF',
      message: `The PDF edition draws ${String(boxes)} ${boxes === 1 ? 'character' : 'characters'} as an empty box (the font's .notdef glyph), though the theme's fonts have every character of the chapter's text.`,
    });
  }
  const offPage = pdf.offPage ?? 0;
  if (offPage > 0) found.push({ edition: 'PDF', message: `The PDF edition draws ${String(offPage)} ${offPage === 1 ? 'glyph' : 'glyphs'} outside the page, where no reader sees them.` });
  return found;
}

async function docxDisagreements(expected: ExpectedChapter, docx: Uint8Array): Promise<Disagreement[]> {
  const { readDocxEdition } = await import('./extract/docx.js');
  return compareEdition('DOCX', expected, readDocxEdition(docx));
}

/**
 * Whether the chapter's text (its content, notes and contents entries) has a character no font of
 * the theme has: its boxes are accounted for by the glyph-missing warnings. (Counting them would
 * need every place the PDF repeats a text: the contents, the running heads.)
 */
function hasCharacterWithoutGlyph(expected: ExpectedChapter, lacksGlyph: VerifyOptions['lacksGlyph']): boolean {
  if (!lacksGlyph) return false;
  const texts = [...expected.units.map((unit) => unit.text), expected.notes, ...expected.contents];
  for (const text of texts) {
    // Code point by code point, as glyph-missing reads the source.
    for (const character of text) if (lacksGlyph(character)) return true;
  }
  return false;
}

export type { Disagreement };
