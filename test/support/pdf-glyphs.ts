/**
 * Where a PDF's content streams draw each glyph, read with pdfjs-dist's operator list (its text
 * matrices and TJ offsets followed): for tests of the visual order and place of text, which the
 * text layer (reading order) does not show.
 */
/** A glyph drawn: the characters its font's ToUnicode map gives it, where it starts, its baseline. */
export interface DrawnGlyph {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** Every glyph drawn, page by page, where the content stream draws it (text matrices and TJ offsets followed). */
export async function drawnGlyphs(bytes: Uint8Array): Promise<DrawnGlyph[][]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const pdf = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: DrawnGlyph[][] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const glyphs: DrawnGlyph[] = [];
    const { fnArray, argsArray } = await (await pdf.getPage(number)).getOperatorList();
    let x = 0;
    let y = 0;
    let size = 0;
    let scale = 1;
    fnArray.forEach((operator, index) => {
      const args: unknown = argsArray[index];
      if (!Array.isArray(args)) return;
      if (operator === OPS.setTextMatrix) {
        // One argument, the matrix as a typed array.
        const matrix: unknown = args[0];
        if (!(matrix instanceof Float32Array)) throw new Error('a text matrix pdfjs gives otherwise');
        x = Number(matrix[4]);
        y = Number(matrix[5]);
      } else if (operator === OPS.setFont) size = Number(args[1]);
      else if (operator === OPS.setHScale) scale = Number(args[0]) / 100;
      else if (operator === OPS.showText && Array.isArray(args[0])) {
        for (const glyph of args[0] as unknown[]) {
          if (typeof glyph === 'number') x -= (glyph / 1000) * size * scale;
          else if (typeof glyph === 'object' && glyph !== null && 'unicode' in glyph && 'width' in glyph) {
            glyphs.push({ text: String(glyph.unicode), x, y });
            x += (Number(glyph.width) / 1000) * size * scale;
          }
        }
      }
    });
    pages.push(glyphs);
  }
  await pdf.destroy();
  return pages;
}
