/**
 * The PDF file syntax rubricpress's own PDFs use (PDF 32000-1, 7.2–7.5): objects, a classic cross-
 * reference table, Flate streams. Enough to read back what pdfkit writes, quickly; anything else (an
 * object stream, a cross-reference stream, another filter, a broken table) is an `UnsupportedPdf`,
 * and the caller reads that file with pdfjs-dist instead.
 */
import { inflateSync } from 'node:zlib';

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A string's bytes: text strings are decoded by `textOf`, character codes by a font's CMap. */
export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
}

/** An operator of a content stream (`BT`, `Tj`, `BDC`), or a keyword of the file (`obj`, `R`). */
export class PdfKeyword {
  constructor(readonly word: string) {}
}

export type PdfDict = ReadonlyMap<string, PdfValue>;
export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfDict | readonly PdfValue[];

/** A file this reader does not handle; the caller falls back to a full PDF reader. */
export class UnsupportedPdf extends Error {
  override readonly name = 'UnsupportedPdf';
}

/**
 * A stream that inflates past `maxInflatedBytes`: no writer of rubricpress makes one, and pdfjs,
 * which has no bound, is not given the file (a forged stream of a few MB can inflate into gigabytes).
 */
export class PdfStreamTooLarge extends Error {
  override readonly name = 'PdfStreamTooLarge';
}

const Char = {
  Tab: 9,
  LineFeed: 10,
  FormFeed: 12,
  Return: 13,
  Space: 32,
  Percent: 37,
  OpenParen: 40,
  CloseParen: 41,
  Plus: 43,
  Minus: 45,
  Dot: 46,
  Slash: 47,
  Zero: 48,
  Nine: 57,
  Less: 60,
  Greater: 62,
  OpenBracket: 91,
  Backslash: 92,
  CloseBracket: 93,
  OpenBrace: 123,
  CloseBrace: 125,
  Hash: 35,
  R: 82,
} as const;

/** Arrays and dictionaries nested deeper than this are not rubricpress's (its deepest is a few levels). */
const maxNesting = 64;

function isWhite(byte: number): boolean {
  return byte === Char.Space || byte === Char.LineFeed || byte === Char.Return || byte === Char.Tab || byte === Char.FormFeed || byte === 0;
}

function isDelimiter(byte: number): boolean {
  return byte === Char.OpenParen || byte === Char.CloseParen || byte === Char.Less || byte === Char.Greater || byte === Char.OpenBracket || byte === Char.CloseBracket || byte === Char.OpenBrace || byte === Char.CloseBrace || byte === Char.Slash || byte === Char.Percent;
}

/** Each byte's value as a hexadecimal digit (0-9, A-F, a-f), or -1 (content streams are mostly hex strings: looked up, not tested). */
const hexDigitValues = Int8Array.from({ length: 256 }, (_, byte) => {
  if (byte >= Char.Zero && byte <= Char.Nine) return byte - Char.Zero;
  const upper = byte & ~0x20;
  return upper >= 0x41 && upper <= 0x46 ? upper - 0x41 + 10 : -1;
});

/** The value of a hexadecimal digit (0-9, A-F, a-f), or -1. */
function hexValue(byte: number): number {
  return hexDigitValues[byte] ?? -1;
}

function isOctal(byte: number): boolean {
  return byte >= Char.Zero && byte <= 0x37;
}

/** `\n`, `\r`, `\t`, `\b`, `\f`, `\(`, `\)`, `\\` in a literal string (7.3.4.2). */
const simpleEscapes: Readonly<Record<number, number>> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };

/**
 * Short tokens as read before, by their bytes: a content stream is mostly the same few operators
 * and names, each a string and an object when read afresh. Bounded, as a hostile file can have
 * many; what is kept is immutable (frozen where it is an object).
 */
class SharedTokens<Value> {
  private readonly values = new Map<number, Value>();

  constructor(readonly maxBytes: number) {}

  /** Bytes [start, end) as one exact number (their length, then the bytes), or undefined past `maxBytes`. */
  key(bytes: Uint8Array, start: number, end: number): number | undefined {
    if (end - start > this.maxBytes) return undefined;
    let key = end - start;
    for (let index = start; index < end; index += 1) key = key * 256 + (bytes[index] ?? 0);
    return key;
  }

  get(key: number | undefined): Value | undefined {
    return key === undefined ? undefined : this.values.get(key);
  }

  /** `value`, kept under `key` while there is room. */
  keep(key: number | undefined, value: Value): Value {
    if (key !== undefined && this.values.size < maxSharedTokens) this.values.set(key, value);
    return value;
  }
}

const maxSharedTokens = 4096;
/** Keywords of up to four bytes (`PdfLexer.keyword`), names of up to six without `#` (`PdfLexer.name`). */
const sharedKeywords = new SharedTokens<PdfKeyword | boolean | null>(4);
const sharedNames = new SharedTokens<PdfName>(6);

const dictEnd = Symbol('>>');
const arrayEnd = Symbol(']');
type Token = PdfValue | PdfKeyword | typeof dictEnd | typeof arrayEnd | undefined;

/** Reads PDF objects from bytes, one token or value at a time (a file's objects or a content stream). */
export class PdfLexer {
  private at: number;
  private depth = 0;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.at = start;
  }

  /** Where the next token starts to be looked for. */
  get position(): number {
    return this.at;
  }

  private skipWhite(): void {
    const { bytes } = this;
    while (this.at < bytes.length) {
      const byte = bytes[this.at] ?? 0;
      if (isWhite(byte)) this.at += 1;
      else if (byte === Char.Percent) {
        while (this.at < bytes.length && bytes[this.at] !== Char.LineFeed && bytes[this.at] !== Char.Return) this.at += 1;
      } else return;
    }
  }

  /** The next value or operator; `undefined` at the end. References (`1 0 R`) are recognised as `PdfRef`s. */
  next(): PdfValue | PdfKeyword | undefined {
    const token = this.token();
    if (token === dictEnd || token === arrayEnd) throw new UnsupportedPdf(`Unbalanced "${token === dictEnd ? '>>' : ']'}" at byte ${String(this.at)}.`);
    return token;
  }

  private token(): Token {
    this.skipWhite();
    const { bytes } = this;
    if (this.at >= bytes.length) return undefined;
    const byte = bytes[this.at] ?? 0;
    switch (byte) {
      case Char.Slash:
        return this.name();
      case Char.OpenParen:
        return this.literalString();
      case Char.Less:
        if (bytes[this.at + 1] === Char.Less) {
          this.at += 2;
          return this.dictionary();
        }
        return this.hexString();
      case Char.Greater:
        if (bytes[this.at + 1] !== Char.Greater) throw new UnsupportedPdf(`A stray ">" at byte ${String(this.at)}.`);
        this.at += 2;
        return dictEnd;
      case Char.OpenBracket:
        this.at += 1;
        return this.array();
      case Char.CloseBracket:
        this.at += 1;
        return arrayEnd;
      default:
        break;
    }
    if ((byte >= Char.Zero && byte <= Char.Nine) || byte === Char.Minus || byte === Char.Plus || byte === Char.Dot) return this.numberOrReference();
    return this.keyword();
  }

  private name(): PdfName {
    const { bytes } = this;
    this.at += 1;
    // A short name without `#` (a font's, a tag's, /MCID) read before is shared, as keywords are.
    const start = this.at;
    let end = start;
    while (end < bytes.length && end - start <= sharedNames.maxBytes && !isWhite(bytes[end] ?? 0) && !isDelimiter(bytes[end] ?? 0) && bytes[end] !== Char.Hash) end += 1;
    const key = bytes[end] === Char.Hash ? undefined : sharedNames.key(bytes, start, end);
    const known = sharedNames.get(key);
    if (known) {
      this.at = end;
      return known;
    }
    let name = '';
    while (this.at < bytes.length) {
      const byte = bytes[this.at] ?? 0;
      if (isWhite(byte) || isDelimiter(byte)) break;
      const high = hexValue(bytes[this.at + 1] ?? 0);
      const low = hexValue(bytes[this.at + 2] ?? 0);
      // `#` and two hex digits is a byte (7.3.5); a lone `#` stays itself, as pdfjs keeps it.
      if (byte === Char.Hash && high >= 0 && low >= 0) {
        name += String.fromCharCode(high * 16 + low);
        this.at += 3;
        continue;
      }
      name += String.fromCharCode(byte);
      this.at += 1;
    }
    return key === undefined ? new PdfName(name) : sharedNames.keep(key, Object.freeze(new PdfName(name)));
  }

  private literalString(): PdfString {
    const { bytes } = this;
    this.at += 1;
    const out: number[] = [];
    let depth = 1;
    while (this.at < bytes.length) {
      const byte = bytes[this.at++] ?? 0;
      if (byte === Char.OpenParen) depth += 1;
      else if (byte === Char.CloseParen && --depth === 0) return new PdfString(Uint8Array.from(out));
      if (byte === Char.Return) {
        // An end of line in a string is a line feed, however it was written (7.3.4.2).
        if (bytes[this.at] === Char.LineFeed) this.at += 1;
        out.push(Char.LineFeed);
        continue;
      }
      if (byte !== Char.Backslash) {
        out.push(byte);
        continue;
      }
      const escaped = bytes[this.at++] ?? 0;
      const simple = simpleEscapes[escaped];
      if (simple !== undefined) out.push(simple);
      else if (isOctal(escaped)) {
        let value = escaped - Char.Zero;
        for (let digits = 1; digits < 3 && isOctal(bytes[this.at] ?? 0); digits += 1) value = value * 8 + (bytes[this.at++] ?? 0) - Char.Zero;
        out.push(value & 0xff);
      } else if (escaped === Char.Return) {
        if (bytes[this.at] === Char.LineFeed) this.at += 1;
      } else if (escaped !== Char.LineFeed) out.push(escaped);
    }
    throw new UnsupportedPdf('A string runs to the end of the data.');
  }

  private hexString(): PdfString {
    const { bytes } = this;
    const start = this.at + 1;
    const end = bytes.indexOf(Char.Greater, start);
    if (end < 0) throw new UnsupportedPdf('A hex string runs to the end of the data.');
    // At most one byte per two digits: one buffer, no intermediate array (content streams are mostly hex strings).
    const out = new Uint8Array(Math.ceil((end - start) / 2));
    let length = 0;
    let high = -1;
    for (let index = start; index < end; index += 1) {
      const value = hexValue(bytes[index] ?? 0);
      if (value < 0) continue;
      if (high < 0) high = value;
      else {
        out[length++] = high * 16 + value;
        high = -1;
      }
    }
    if (high >= 0) out[length++] = high * 16;
    this.at = end + 1;
    return new PdfString(out.subarray(0, length));
  }

  private nest(): void {
    if (++this.depth > maxNesting) throw new UnsupportedPdf(`Arrays or dictionaries nested more than ${String(maxNesting)} deep.`);
  }

  private dictionary(): PdfDict {
    this.nest();
    const entries = new Map<string, PdfValue>();
    for (;;) {
      const key = this.token();
      if (key === dictEnd) {
        this.depth -= 1;
        return entries;
      }
      if (!(key instanceof PdfName)) throw new UnsupportedPdf(`A dictionary key that is not a name at byte ${String(this.at)}.`);
      const value = this.token();
      if (value === undefined || value === dictEnd || value === arrayEnd || value instanceof PdfKeyword) throw new UnsupportedPdf(`A dictionary entry without a value at byte ${String(this.at)}.`);
      entries.set(key.name, value);
    }
  }

  private array(): PdfValue[] {
    this.nest();
    const items: PdfValue[] = [];
    for (;;) {
      const item = this.token();
      if (item === arrayEnd) {
        this.depth -= 1;
        return items;
      }
      if (item === undefined || item === dictEnd || item instanceof PdfKeyword) throw new UnsupportedPdf(`An array that does not end at byte ${String(this.at)}.`);
      items.push(item);
    }
  }

  private numberOrReference(): number | PdfRef {
    const first = this.number();
    // `n g R`: two unsigned integers and R. Looked ahead without consuming anything else.
    if (!Number.isInteger(first) || first < 0) return first;
    const saved = this.at;
    this.skipWhite();
    const { bytes } = this;
    let generation = 0;
    let digits = 0;
    for (let byte = bytes[this.at] ?? 0; byte >= Char.Zero && byte <= Char.Nine; byte = bytes[++this.at] ?? 0) {
      generation = generation * 10 + byte - Char.Zero;
      digits += 1;
    }
    if (digits > 0) {
      this.skipWhite();
      const after = bytes[this.at + 1] ?? Char.Space;
      if (bytes[this.at] === Char.R && (isWhite(after) || isDelimiter(after))) {
        this.at += 1;
        return new PdfRef(first, generation);
      }
    }
    this.at = saved;
    return first;
  }

  /** A number (7.3.3): optional sign, digits, at most one point; read digit by digit (content streams are mostly numbers). */
  private number(): number {
    const { bytes } = this;
    const start = this.at;
    let sign = 1;
    if (bytes[this.at] === Char.Minus) sign = -1;
    if (sign < 0 || bytes[this.at] === Char.Plus) this.at += 1;
    let value = 0;
    let scale = 0;
    let digits = 0;
    while (this.at < bytes.length) {
      const byte = bytes[this.at] ?? 0;
      if (byte >= Char.Zero && byte <= Char.Nine) {
        value = value * 10 + byte - Char.Zero;
        if (scale > 0) scale *= 10;
        digits += 1;
      } else if (byte === Char.Dot && scale === 0) scale = 1;
      else break;
      this.at += 1;
    }
    if (digits === 0) throw new UnsupportedPdf(`A malformed number at byte ${String(start)}.`);
    return (sign * value) / (scale || 1);
  }

  private keyword(): PdfValue | PdfKeyword {
    const { bytes } = this;
    const start = this.at;
    while (this.at < bytes.length) {
      const byte = bytes[this.at] ?? 0;
      if (isWhite(byte) || isDelimiter(byte)) break;
      this.at += 1;
    }
    if (this.at === start) throw new UnsupportedPdf(`An unexpected "${String.fromCharCode(bytes[start] ?? 0)}" at byte ${String(start)}.`);
    // A content stream is mostly operators of one to three letters: each read once, then shared
    // (a keyword is immutable), not a string and an object per operator drawn.
    const key = sharedKeywords.key(bytes, start, this.at);
    const known = sharedKeywords.get(key);
    if (known !== undefined) return known;
    let word = '';
    for (let index = start; index < this.at; index += 1) word += String.fromCharCode(bytes[index] ?? 0);
    return sharedKeywords.keep(key, word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Object.freeze(new PdfKeyword(word)));
  }
}

interface IndirectObject {
  readonly value: PdfValue;
  /** Where the stream's data starts, if the object is a stream. */
  readonly streamStart?: number;
}

/** A PDF file opened for reading: its trailer and objects, parsed when first asked for. */
export class PdfFile {
  readonly trailer: PdfDict;
  private readonly offsets = new Map<number, number>();
  private readonly objects = new Map<number, IndirectObject>();
  /** What the file's streams inflated to so far, each time one was read (`maxInflatedBytesPerFile`). */
  private inflatedBytes = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly maxInflatedTotal = maxInflatedBytesPerFile,
  ) {
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
    const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!startxref) throw new UnsupportedPdf('No startxref at the end of the file.');
    const lexer = new PdfLexer(bytes, Number(startxref[1]));
    if (!isKeyword(lexer.next(), 'xref')) throw new UnsupportedPdf('No classic cross-reference table (a cross-reference stream?).');
    for (;;) {
      const first = lexer.next();
      if (isKeyword(first, 'trailer')) break;
      const count = lexer.next();
      if (typeof first !== 'number' || typeof count !== 'number') throw new UnsupportedPdf('A malformed cross-reference section.');
      for (let index = 0; index < count; index += 1) {
        const offset = lexer.next();
        lexer.next(); // generation
        const kind = lexer.next();
        if (typeof offset !== 'number') throw new UnsupportedPdf('A malformed cross-reference entry.');
        if (isKeyword(kind, 'n')) this.offsets.set(first + index, offset);
      }
    }
    const trailer = lexer.next();
    if (!isPdfDict(trailer)) throw new UnsupportedPdf('No trailer dictionary.');
    if (trailer.has('Encrypt') || trailer.has('Prev')) throw new UnsupportedPdf('An encrypted or incrementally updated file.');
    this.trailer = trailer;
  }

  /** The object a value refers to (the value itself when it is direct). */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    return value instanceof PdfRef ? this.indirect(value).value : value;
  }

  dict(value: PdfValue | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    return isPdfDict(resolved) ? resolved : undefined;
  }

  array(value: PdfValue | undefined): readonly PdfValue[] {
    const resolved = this.resolve(value);
    return isPdfArray(resolved) ? resolved : [];
  }

  /** A stream's data, decoded (Flate or none). */
  stream(ref: PdfValue | undefined): Uint8Array {
    if (!(ref instanceof PdfRef)) throw new UnsupportedPdf('A stream that is not an indirect object.');
    const object = this.indirect(ref);
    const dict = object.value;
    if (object.streamStart === undefined || !isPdfDict(dict)) throw new UnsupportedPdf(`Object ${String(ref.num)} is not a stream.`);
    const length = this.resolve(dict.get('Length'));
    if (typeof length !== 'number') throw new UnsupportedPdf(`Stream ${String(ref.num)} has no length.`);
    const end = object.streamStart + length;
    // The length must lead to `endstream`: a file whose lengths are off (pdfjs searches for the keyword) is not read here.
    if (!Number.isInteger(length) || length < 0 || !/^\s*endstream/.test(Buffer.from(this.bytes.subarray(end, end + 32)).toString('latin1'))) throw new UnsupportedPdf(`Stream ${String(ref.num)} does not end where its length says.`);
    const data = this.bytes.subarray(object.streamStart, end);
    const filter = this.resolve(dict.get('Filter'));
    const filters = isPdfArray(filter) ? filter : filter === undefined ? [] : [filter];
    if (filters.length === 0) return data;
    if (filters.length !== 1 || nameOf(filters[0]) !== 'FlateDecode' || dict.has('DecodeParms')) throw new UnsupportedPdf(`Stream ${String(ref.num)} uses a filter this reader does not know.`);
    // Bounded, each stream and the file's streams together (a page can name one stream many times):
    // a forged stream (a cache file, a hostile PDF) could inflate a few MB into gigabytes.
    const room = this.maxInflatedTotal - this.inflatedBytes;
    const tooMuchInAll = (): PdfStreamTooLarge => new PdfStreamTooLarge(`The file's streams inflate to more than ${String(this.maxInflatedTotal / 1024 / 1024)} MB in all, which no edition of rubricpress's holds.`);
    if (room <= 0) throw tooMuchInAll();
    try {
      const inflated = inflateSync(data, { maxOutputLength: Math.min(maxInflatedBytes, room) });
      this.inflatedBytes += inflated.length;
      return inflated;
    } catch (error) {
      if (error instanceof RangeError && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw room < maxInflatedBytes ? tooMuchInAll() : new PdfStreamTooLarge(`Stream ${String(ref.num)} inflates to more than ${String(maxInflatedBytes / 1024 / 1024)} MB, which no page or font of rubricpress's holds.`);
      }
      throw new UnsupportedPdf(`Stream ${String(ref.num)} does not inflate: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  private indirect(ref: PdfRef): IndirectObject {
    const known = this.objects.get(ref.num);
    if (known) return known;
    const offset = this.offsets.get(ref.num);
    if (offset === undefined) throw new UnsupportedPdf(`Object ${String(ref.num)} is not in the cross-reference table.`);
    const lexer = new PdfLexer(this.bytes, offset);
    const num = lexer.next();
    lexer.next();
    if (num !== ref.num || !isKeyword(lexer.next(), 'obj')) throw new UnsupportedPdf(`The cross-reference table points beside object ${String(ref.num)}.`);
    const value = lexer.next();
    if (value === undefined || value instanceof PdfKeyword) throw new UnsupportedPdf(`Object ${String(ref.num)} has no value.`);
    let object: IndirectObject = { value };
    if (isKeyword(lexer.next(), 'stream')) {
      // The data starts after the end of line that follows the keyword.
      let start = lexer.position;
      if (this.bytes[start] === Char.Return) start += 1;
      if (this.bytes[start] === Char.LineFeed) start += 1;
      object = { value, streamStart: start };
    }
    this.objects.set(ref.num, object);
    return object;
  }
}

/** `Array.isArray` for PDF values (it narrows a readonly array to `any[]`). */
export function isPdfArray(value: PdfValue | PdfKeyword | undefined): value is readonly PdfValue[] {
  return Array.isArray(value);
}

/** `instanceof Map` for PDF values (it narrows to `Map<any, any>`). */
export function isPdfDict(value: PdfValue | PdfKeyword | undefined): value is PdfDict {
  return value instanceof Map;
}

export function isKeyword(value: PdfValue | PdfKeyword | undefined, word: string): boolean {
  return value instanceof PdfKeyword && value.word === word;
}

export function nameOf(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfName ? value.name : undefined;
}

/** A text string (7.9.2.2): UTF-16BE after a byte order mark, else PDFDocEncoding (Latin-1 here). */
export function textOf(value: PdfValue | undefined): string | undefined {
  if (!(value instanceof PdfString)) return undefined;
  const { bytes } = value;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  return Buffer.from(bytes).toString('latin1');
}

export function utf16be(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index + 1 < bytes.length; index += 2) text += String.fromCharCode(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  return text;
}

/** The most bytes one stream may inflate to: far more than any page's content or font the writers make. */
export const maxInflatedBytes = 64 * 1024 * 1024;

/**
 * The most bytes a file's streams may inflate to, counted each time one is read: several times what
 * the generated edition's largest book inflates to (the `--book all` volume: some 3,200 pages of
 * about 25 KB of content each, and its fonts).
 */
export const maxInflatedBytesPerFile = 1024 * 1024 * 1024;
