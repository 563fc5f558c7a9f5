/**
 * What the PDF reader needs of a font: the text of each character code (its ToUnicode map) and how
 * far the code moves the pen (its widths). pdfkit embeds every font as a Type0 font with
 * Identity-H encoding (two-byte codes); any other font is an `UnsupportedPdf`.
 */
import { isKeyword, isPdfArray, nameOf, PdfFile, PdfLexer, PdfRef, PdfString, UnsupportedPdf, utf16be, type PdfKeyword, type PdfValue } from './pdf-syntax.js';

export interface FontReading {
  readonly text: ReadonlyMap<number, string>;
  /** Widths in thousandths of the font size. */
  readonly widths: ReadonlyMap<number, number>;
  readonly defaultWidth: number;
}

/** The largest two-byte code: ranges beyond it are not a two-byte font's. */
const maxCode = 0xffff;

/** The font a `Tf` names, read once per document (`cache`, by object number). */
export function fontReading(file: PdfFile, ref: PdfValue | undefined, cache: Map<number, FontReading>): FontReading {
  if (!(ref instanceof PdfRef)) throw new UnsupportedPdf('A font that is not an indirect object.');
  const known = cache.get(ref.num);
  if (known) return known;
  const font = file.dict(ref);
  if (!font || nameOf(font.get('Subtype')) !== 'Type0' || nameOf(font.get('Encoding')) !== 'Identity-H') throw new UnsupportedPdf('A font other than an embedded Type0 font with Identity-H encoding.');
  if (!font.has('ToUnicode')) throw new UnsupportedPdf('A font without a ToUnicode map.');
  const descendant = file.dict(file.array(font.get('DescendantFonts'))[0]);
  const defaultWidth = file.resolve(descendant?.get('DW')) ?? 1000;
  if (typeof defaultWidth !== 'number') throw new UnsupportedPdf('A font whose default width is not a number.');
  const reading: FontReading = { text: readToUnicode(file.stream(font.get('ToUnicode'))), widths: readWidths(file, descendant?.get('W')), defaultWidth };
  cache.set(ref.num, reading);
  return reading;
}

/** A CIDFont's /W array (9.7.4.3): `c [w1 w2 …]` and `cFirst cLast w`. */
function readWidths(file: PdfFile, value: PdfValue | undefined): Map<number, number> {
  const widths = new Map<number, number>();
  const items = file.array(value);
  const numberAt = (index: number): number => widthIn(file, items[index]);
  for (let index = 0; index < items.length; ) {
    const first = numberAt(index);
    const next = file.resolve(items[index + 1]);
    if (isPdfArray(next)) {
      checkRange(first, first + next.length - 1);
      next.forEach((width, offset) => widths.set(first + offset, widthIn(file, width)));
      index += 2;
    } else {
      const last = numberAt(index + 1);
      const width = widthIn(file, items[index + 2]);
      checkRange(first, last);
      for (let code = first; code <= last; code += 1) widths.set(code, width);
      index += 3;
    }
  }
  return widths;
}

function widthIn(file: PdfFile, value: PdfValue | undefined): number {
  const width = file.resolve(value);
  if (typeof width !== 'number' || !Number.isFinite(width)) throw new UnsupportedPdf('A malformed /W array.');
  return width;
}

function checkRange(first: number, last: number): void {
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last < first || last > maxCode) throw new UnsupportedPdf(`A code range ${String(first)}–${String(last)} that is not a two-byte font's.`);
}

/** A ToUnicode CMap's bfchar and bfrange entries (9.10.3), for two-byte codes. */
function readToUnicode(cmap: Uint8Array): Map<number, string> {
  const text = new Map<number, string>();
  const lexer = new PdfLexer(cmap);
  const code = (value: PdfValue | PdfKeyword | undefined): number => {
    if (!(value instanceof PdfString) || value.bytes.length > 2) throw new UnsupportedPdf('A malformed ToUnicode map.');
    return value.bytes.reduce((sum, byte) => sum * 256 + byte, 0);
  };
  const unicode = (value: PdfValue | PdfKeyword | undefined): string => {
    if (!(value instanceof PdfString)) throw new UnsupportedPdf('A malformed ToUnicode map.');
    return utf16be(value.bytes);
  };
  for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
    if (isKeyword(token, 'beginbfchar')) {
      for (let source = lexer.next(); !isKeyword(source, 'endbfchar'); source = lexer.next()) text.set(code(source), unicode(lexer.next()));
    } else if (isKeyword(token, 'beginbfrange')) {
      for (let low = lexer.next(); !isKeyword(low, 'endbfrange'); low = lexer.next()) {
        const first = code(low);
        const last = code(lexer.next());
        checkRange(first, last);
        const destination = lexer.next();
        if (isPdfArray(destination)) destination.forEach((item, offset) => text.set(first + offset, unicode(item)));
        else {
          // Consecutive characters: the last UTF-16 unit counts up.
          const start = unicode(destination);
          for (let offset = 0; first + offset <= last; offset += 1) text.set(first + offset, start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + offset));
        }
      }
    }
  }
  return text;
}
