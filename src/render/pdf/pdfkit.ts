/**
 * The one place that knows pdfkit's internals and where @types/pdfkit lags behind pdfkit 0.20: the
 * PDF/UA subset, structure element attributes, fontkit font objects as font sources, null arguments
 * of named destinations, bookmarks at a position, annotation descriptions, the XMP metadata. The
 * rest of the PDF renderer uses the functions and types here, and no casts of its own.
 */
import PDFDocument from 'pdfkit';
import type { Font, GlyphRun } from 'fontkit';

export interface StructElement extends PDFKit.PDFStructureElement {
  readonly dictionary: { readonly data: Record<string, unknown> };
  add(child: StructElement | (() => void)): StructElement;
}

export interface PdfDocument extends Omit<PDFKit.PDFDocument, 'struct' | 'addStructure' | 'addNamedDestination'> {
  struct(tag: string, options?: PDFKit.Mixins.StructureElementOptions & { readonly scope?: 'Column' | 'Row' | 'Both' }): StructElement;
  addStructure(element: StructElement): void;
  addNamedDestination(name: string, fitType: 'XYZ', left: number | null, top: number | null, zoom: number | null): void;
}

/** A bookmark: the document's outline, or an entry to nest under. */
export interface Bookmark {
  addItem(title: string, options?: Readonly<Record<string, unknown>>): Bookmark;
}

/** A bookmark to the current page at height `top` (pdfkit's `y`), under `parent` or at the top level. */
export function addBookmark(doc: PdfDocument, parent: Bookmark | undefined, title: string, top: number): Bookmark {
  // pdfkit computes the left edge as the page width minus `left`: the page width puts it at 0.
  const options = { expanded: true, top, left: doc.page.width };
  return (parent ?? doc.outline).addItem(title, options);
}

/** A list element's numbering attribute (PDF 1.7, 14.8.5.5), which pdfkit's options lack. */
export function setListNumbering(element: StructElement, numbering: 'Disc' | 'Decimal' | 'None'): void {
  element.dictionary.data['A'] = { O: 'List', ListNumbering: numbering };
}

/**
 * A link annotation over a piece of text, with a description (PDF/UA asks for one) and the Link
 * element it belongs to. pdfkit's text options make links with neither.
 */
export function addLinkAnnotation(doc: PdfDocument, area: { x: number; y: number; width: number; height: number }, target: { readonly uri: string } | { readonly destination: string }, parent: StructElement, description: string): void {
  // pdfkit writes JavaScript String objects as PDF text strings (plain strings become names).
  const options = { structParent: parent, Contents: new String(description) };
  const annotations = doc as unknown as {
    link(x: number, y: number, width: number, height: number, url: string, options: object): void;
    goTo(x: number, y: number, width: number, height: number, name: string, options: object): void;
  };
  if ('uri' in target) annotations.link(area.x, area.y, area.width, area.height, target.uri, options);
  else annotations.goTo(area.x, area.y, area.width, area.height, target.destination, options);
}

interface TextInternals {
  x: number;
  y: number;
  _initOptions(x: number, y: number, options: object): TextOptions;
  _fragment(text: string, x: number, y: number, options: TextOptions): void;
  widthOfString(text: string, options: TextOptions): number;
}

interface TextOptions {
  wordSpacing?: number;
  /** Per cent; pdfkit writes it as given (`Tz`). */
  horizontalScaling?: number;
  textWidth?: number;
}

/**
 * Text on one line at (x, y), drawn as `doc.text(text, x, y, { lineBreak: false, wordSpacing })`
 * draws it (the same steps: pdfkit's option defaults, the collapsed white space of justified text, a
 * fragment per line), less two measurements pdfkit makes of every text: its width, which pdfkit
 * needs only for an underline, a link or a strike (never asked of it: draw.ts draws underlines
 * itself), and the width it then moves its cursor by, which nothing reads: every text is placed here
 * by position. Measuring was about a fifth of drawing a chapter, for widths the line breaker has.
 */
export interface LineOptions {
  readonly wordSpacing?: number;
  readonly horizontalScaling?: number;
  /** Fill and stroke the glyphs (text rendering mode 2): with the stroke's width and colour set, a synthetic bold. */
  readonly fill?: boolean;
  readonly stroke?: boolean;
  /** Slant the glyphs by this many degrees (a synthetic italic). */
  readonly oblique?: number;
}

export function drawLine(doc: PdfDocument, text: string, x: number, y: number, options: LineOptions = {}): void {
  const internals = doc as unknown as TextInternals;
  const prepared = internals._initOptions(x, y, { lineBreak: false, ...options });
  const lines = (prepared.wordSpacing ? text.replace(/\s{2,}/g, ' ') : text).split('\n');
  prepared.textWidth = 0;
  lines.forEach((line, index) => {
    internals._fragment(line, internals.x, internals.y, prepared);
    // Lines after the first continue where it ended, as pdfkit's cursor would have them.
    if (index < lines.length - 1) internals.x += internals.widthOfString(line, prepared);
  });
}

export type PdfSubset = 'PDF/UA' | 'PDF/A-2a';

export interface PdfDocumentOptions {
  readonly size: 'A4' | 'Letter';
  readonly margins: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  readonly language: string;
  readonly subset: PdfSubset;
  readonly info: PDFKit.DocumentInfo;
}

/** A tagged PDF 1.7 with no page yet, its title shown in the viewer's title bar. */
export function createPdfDocument(options: PdfDocumentOptions): PdfDocument {
  const pdfOptions = {
    autoFirstPage: false,
    size: options.size,
    margins: options.margins,
    pdfVersion: '1.7',
    tagged: true,
    lang: options.language,
    displayTitle: true,
    subset: options.subset,
    info: options.info,
    compress: true,
    // No default font: pdfkit would load and parse Helvetica's metrics for every document, and
    // every text is drawn in one of the theme's fonts anyway.
    font: null,
  };
  const doc = new PDFDocument(pdfOptions as unknown as PDFKit.PDFDocumentOptions) as unknown as PdfDocument;
  escapeXmpValues(doc as unknown as XmpWriter);
  writePageContentOnce(doc as unknown as PageEvents);
  return doc;
}

/** What pdfkit's document and page (0.20) have that `writePageContentOnce` uses. */
interface PageEvents {
  on(event: 'pageAdded', listener: () => void): void;
  ref(data?: object): PdfStreamRef;
  readonly page: {
    write(chunk: unknown): void;
    end(): void;
    readonly content: PdfStreamRef;
    readonly dictionary: { readonly data: { Contents?: unknown } };
  };
}

/** A pdfkit PDFReference: an object whose stream is written, then ended (compressed and put in the file). */
interface PdfStreamRef {
  write(chunk: unknown): void;
  end(): void;
}

/** Per page, how its furniture is drawn into its own content stream (`drawFurniture`). */
const furnitureWriters = new WeakMap<object, (draw: () => void) => void>();

/**
 * Draws a page's running head and number into a content stream of their own, after the page's
 * text (its /Contents an array: the text, then the furniture): a book binds a chapter's pages from
 * the chapter's own PDF and lays its own heads and numbers over them, so it takes the first stream
 * alone (assemble.ts, `bodyOnly`). The furniture stream saves and restores the graphics state.
 */
export function drawFurniture(doc: PdfDocument, draw: () => void): void {
  const writer = furnitureWriters.get((doc as unknown as PageEvents).page);
  if (writer) writer(draw);
  else draw();
}

/**
 * pdfkit turns every content operator it is given into bytes of its own (a loop over its characters
 * in JavaScript, and a Uint8Array each) and joins them when the page ends: some 1.5 s of CPU in the
 * generated edition's build, and as much garbage. Here a page's operators are kept as strings and
 * written once when the page ends, as Latin-1 bytes with a line feed after each, which is what
 * pdfkit makes of them (the low byte of each character, `fromBinaryString`): the same bytes.
 */
function writePageContentOnce(doc: PageEvents): void {
  doc.on('pageAdded', () => {
    const page = doc.page;
    const { content } = page;
    const end = page.end.bind(page);
    const pending: string[] = [];
    // The furniture's operators, while `drawFurniture` draws (pending goes on being the text's).
    let furniture: string[] | undefined;
    const flush = (): void => {
      if (pending.length === 0) return;
      content.write(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
      pending.length = 0;
    };
    const furnitureLines: string[] = [];
    page.write = (chunk) => {
      if (furniture) furniture.push(chunk instanceof Uint8Array ? Buffer.from(chunk).toString('latin1') : String(chunk));
      else if (chunk instanceof Uint8Array) {
        flush();
        content.write(chunk);
      } else pending.push(String(chunk));
    };
    furnitureWriters.set(page, (draw) => {
      furniture = furnitureLines;
      try {
        draw();
      } finally {
        furniture = undefined;
      }
    });
    page.end = () => {
      flush();
      if (furnitureLines.length > 0) {
        const stream = doc.ref();
        stream.write(Buffer.from(`q\n${furnitureLines.join('\n')}\nQ\n`, 'latin1'));
        stream.end();
        page.dictionary.data.Contents = [content, stream];
      }
      end();
    };
  });
}

interface XmpWriter {
  info: PDFKit.DocumentInfo;
  _addInfo: () => void;
}

/**
 * pdfkit copies the document information into the XMP metadata without XML escaping, so a title
 * with "&" or "<" makes the metadata unreadable (and the file invalid as PDF/A). The information
 * dictionary is already written when the XMP is made, so the XMP alone gets escaped copies.
 */
function escapeXmpValues(writer: XmpWriter): void {
  const addInfo = writer._addInfo.bind(writer);
  writer._addInfo = () => {
    const info = writer.info;
    const escaped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(info)) escaped[key] = typeof value === 'string' ? escapeXml(value) : value;
    writer.info = escaped;
    try {
      addInfo();
    } finally {
      writer.info = info;
    }
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Makes the document's own fontkit fonts available under their names; pdfkit embeds a subset of
 * each font used. (pdfkit's shaped words are not shared between documents: they hold glyph objects,
 * whose characters go into the text layer; see FontSet.forDocument. What is shared is fontkit's
 * shaping, as plain data: see shaping.ts.)
 */
export function registerFonts(doc: PdfDocument, fonts: ReadonlyMap<string, Font>): void {
  for (const [name, font] of fonts) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);
}

/** The characters each glyph of a shaped word stands for (in the run's order), if they are known. */
export type GlyphTextsOf = (word: string, run: GlyphRun) => readonly (readonly number[])[] | undefined;

/** What pdfkit's EmbeddedFont (0.20) has that its `encode` uses. */
interface EmbeddedFontInternals {
  encode(text: string, features?: unknown): [string[], unknown[]];
  layoutCached(text: string): GlyphRun;
  layoutRun(text: string, features: unknown): GlyphRun;
  readonly subset: { includeGlyph(id: number): number; readonly glyphs: number[] };
  readonly unicode: (readonly number[])[];
  readonly widths: number[];
  readonly scale: number;
}

/**
 * Makes the document's fonts map each use of a glyph to the characters `textsOf` gives it in the
 * text layer, instead of pdfkit's one entry per glyph (the characters the glyph was first drawn for).
 * A glyph drawn for other characters than before is embedded once more under a number of its own,
 * with its own ToUnicode entry: in Noto Sans Arabic ر and ز share a base glyph (ز adds a dot), and
 * the text layer read every ز as ر. A font's glyphs are numbered as pdfkit numbers them where each
 * glyph stands for one text, as in Latin text.
 */
export function mapGlyphsToText(doc: PdfDocument, textsOf: GlyphTextsOf): void {
  const internals = doc as unknown as { font(...args: unknown[]): unknown; _font: unknown };
  const font = internals.font.bind(doc);
  const mapped = new WeakSet<object>();
  internals.font = (...args: unknown[]) => {
    const result = font(...args);
    const current = internals._font;
    if (typeof current === 'object' && current !== null && 'subset' in current && !mapped.has(current)) {
      mapped.add(current);
      mapEncoding(current as EmbeddedFontInternals, textsOf);
    }
    return result;
  };
}

function mapEncoding(font: EmbeddedFontInternals, textsOf: GlyphTextsOf): void {
  /** The font's glyph numbers in the subset by the original glyph and the characters it stands for. */
  const numbers = new Map<number, Map<string, number>>();
  font.encode = (text: string, features?: unknown): [string[], unknown[]] => {
    const encoded: string[] = [];
    const positions: unknown[] = [];
    // The words pdfkit lays out one at a time (EmbeddedFont.layout): up to and with each space or tab.
    const words = features ? [text] : (text.match(/[^ \t]*(?:[ \t]|$)/g) ?? []).filter((word) => word !== '');
    for (const word of words) {
      const run = features ? font.layoutRun(word, features) : font.layoutCached(word);
      const texts = textsOf(word, run);
      run.glyphs.forEach((glyph, index) => {
        const codePoints = texts?.[index] ?? glyph.codePoints;
        const key = codePoints.join(' ');
        let variants = numbers.get(glyph.id);
        let number = variants?.get(key);
        if (number === undefined) {
          if (variants) {
            font.subset.glyphs.push(glyph.id);
            number = font.subset.glyphs.length - 1;
          } else {
            number = font.subset.includeGlyph(glyph.id);
            variants = new Map();
            numbers.set(glyph.id, variants);
          }
          variants.set(key, number);
          font.unicode[number] = [...codePoints];
          font.widths[number] ??= glyph.advanceWidth * font.scale;
        }
        encoded.push(`0000${number.toString(16)}`.slice(-4));
      });
      positions.push(...run.positions);
    }
    return [encoded, positions];
  };
}

/** The document's bytes, once pdfkit has written them all. */
export function finish(doc: Pick<PDFKit.PDFDocument, 'on' | 'end'>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}
