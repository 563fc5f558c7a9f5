/**
 * The agreement check: every edition of a chapter says what its report tree says, in the same order,
 * with the same structure. Renderers are checked through their output files, read back as readers
 * get them, not through the renderers' own state.
 */
import type { Theme } from '../theme/theme.js';
import type { EditionVolumeSource, ReportTree } from '../tree/types.js';
import { compareEdition, type Disagreement } from './compare.js';
import { expectedChapter, expectedCountryReport, expectedEditionVolume, type ExpectedChapter } from './expected.js';
import { readHtmlEdition } from './extract/html.js';

export interface ChapterEditions {
  readonly html?: string;
  readonly pdf?: Uint8Array;
  readonly docx?: Uint8Array;
}

export async function verifyChapter(tree: ReportTree, theme: Theme, editions: ChapterEditions): Promise<Disagreement[]> {
  return verifyEditions(expectedChapter(tree, theme), editions);
}

/** A country report's editions: each of its chapters as the chapter's tree says, after its cover; the PDF's contents list's page numbers as well. */
export async function verifyCountryReport(trees: readonly ReportTree[], theme: Theme, editions: Omit<ChapterEditions, 'html'>, all = false): Promise<Disagreement[]> {
  return verifyEditions(expectedCountryReport(trees, theme, all), editions);
}

/** The edition volume's editions, against the codebook and the chapters' results; its PDF's contents list's page numbers as well. */
export async function verifyEditionVolume(source: EditionVolumeSource, theme: Theme, editions: Omit<ChapterEditions, 'html'>): Promise<Disagreement[]> {
  return verifyEditions(expectedEditionVolume(source, theme), editions);
}

async function verifyEditions(expected: ExpectedChapter, editions: ChapterEditions): Promise<Disagreement[]> {
  const found: Disagreement[] = [];
  if (editions.html !== undefined) found.push(...compareEdition('HTML', expected, readHtmlEdition(editions.html)));
  // The PDF and DOCX readers load only for their editions.
  if (editions.pdf !== undefined) {
    const { readPdfEdition } = await import('./extract/pdf-edition.js');
    found.push(...compareEdition('PDF', expected, await readPdfEdition(editions.pdf)));
  }
  if (editions.docx !== undefined) {
    const { readDocxEdition } = await import('./extract/docx.js');
    found.push(...compareEdition('DOCX', expected, readDocxEdition(editions.docx)));
  }
  return found;
}

export type { Disagreement };
