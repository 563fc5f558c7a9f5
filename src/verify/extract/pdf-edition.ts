/**
 * The PDF edition as a screen reader gets it: the text of the structure tree in reading order.
 * Running heads and page numbers are artifacts and stay out; so does the contents list (a TOC
 * element), whose entries are read on their own, as drawn; a hyphen drawn at a line break carries
 * the actual text of a soft hyphen, and a link its unbroken text, so words come out whole.
 *
 * rubricpress's own PDFs are read with `readTaggedPdf` (fast: the build reads every PDF it writes);
 * a PDF it cannot read — written or changed by another program — is read with pdfjs-dist.
 */
import { normaliseText, type EditionText } from './edition-text.js';
import { contentsEntryTexts, contentsPageProblems, contentsTitles, figureReadings, headingPages, elementText, notesText, structureCounts, withoutContents, withoutFigures, withoutNotes } from './pdf-structure.js';
import { UnsupportedPdf } from './pdf-syntax.js';
import { countTaggedPdfPages, readTaggedPdf } from './pdf-tagged.js';

export async function readPdfEdition(bytes: Uint8Array): Promise<EditionText> {
  return readOwnOrWithPdfjs(() => readOwnPdfEdition(bytes), async (pdfjs) => pdfjs.readPdfEditionWithPdfjs(bytes));
}

/** `readPdfEdition` without the fallback: throws `UnsupportedPdf` for a file `readTaggedPdf` does not read. */
export function readOwnPdfEdition(bytes: Uint8Array): EditionText {
  const pdf = readTaggedPdf(bytes);
  const drawnEntries = contentsEntryTexts(pdf.root, pdf);
  const contents = contentsTitles(drawnEntries);
  // Every contents entry's page number leads to its heading's page.
  const structure = structureCounts(pdf.elements, pdf.entryDestinations);
  const problems = [...(contents.problems ?? []), ...contentsPageProblems(drawnEntries, headingPages(pdf.root, pdf, pdf.pageNumbers)), ...structure.problems];
  // Charts are read on their own: their /Alt, their words and their bars.
  const charts = figureReadings(pdf.root, pdf);
  return {
    ...contents,
    ...(charts.length > 0 ? { charts } : {}),
    text: normaliseText(elementText(withoutFigures(withoutNotes(withoutContents(pdf.root))), pdf)),
    notes: normaliseText(notesText(pdf.root, pdf)),
    counts: structure.counts,
    ...(problems.length > 0 ? { problems } : {}),
    // A reader sees a box where the text has a character, whatever the text layer says.
    ...(pdf.boxes > 0 ? { boxes: pdf.boxes } : {}),
    ...(pdf.offPage > 0 ? { offPage: pdf.offPage } : {}),
  };
}

/** The number of pages of a PDF (for a release's manifest). */
export async function countPdfPages(bytes: Uint8Array): Promise<number> {
  return readOwnOrWithPdfjs(() => countTaggedPdfPages(bytes), async (pdfjs) => pdfjs.countPdfPagesWithPdfjs(bytes));
}

/**
 * The own reader's answer; for a file it does not handle, pdfjs-dist's (loaded only then). A file
 * with a stream that inflates past the reader's bound is not given to pdfjs (`PdfStreamTooLarge`
 * is thrown on to the caller).
 */
async function readOwnOrWithPdfjs<Answer>(own: () => Answer, withPdfjs: (pdfjs: typeof import('./pdf.js')) => Promise<Answer>): Promise<Answer> {
  try {
    return own();
  } catch (error) {
    if (!(error instanceof UnsupportedPdf)) throw error;
    return withPdfjs(await import('./pdf.js'));
  }
}
