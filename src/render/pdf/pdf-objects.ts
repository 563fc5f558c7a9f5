/**
 * PDF objects as pdfkit writes them, read and written again: the classic cross-reference table, one
 * revision, no object streams, no encryption, every stream with a direct /Length. assemble.ts copies
 * objects between files with it (pdfkit writes pages but cannot read any).
 *
 * A tokenizer of our own, on purpose: the agreement check (src/verify/) has its own PDF reader, and
 * the writers must not share it, or a misreading in one would be agreed with by the other. Anything
 * outside what pdfkit writes is refused with an Error that says what was found, never guessed at.
 *
 * Values keep the text they were written with (numbers, names, strings), so that what is copied
 * comes out byte for byte; stream data is never decoded here.
 */
import { createHash } from 'node:crypto';

/** `12 0 R`. */
export class PdfRef {
  constructor(
    readonly number: number,
    readonly generation: number,
  ) {}
}

/** A name as written, without the slash (`#xx` escapes kept). */
export class PdfName {
  constructor(readonly text: string) {}
}

/** A number as written (`595.28`), so that it is copied as it was. */
export class PdfNumber {
  constructor(readonly text: string) {}

  get value(): number {
    return Number(this.text);
  }

  static of(value: number): PdfNumber {
    if (!Number.isInteger(value)) throw new Error(`PdfNumber.of takes integers, not ${String(value)}`);
    return new PdfNumber(String(value));
  }
}

/** A string as written, with its delimiters: `(...)` or `<...>`. `bytes()` decodes it. */
export class PdfString {
  constructor(readonly text: string) {}

  bytes(): Uint8Array {
    return this.text.startsWith('<') ? hexStringBytes(this.text) : literalStringBytes(this.text);
  }
}

export class PdfDict {
  constructor(readonly entries: ReadonlyMap<string, PdfValue>) {}

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }

  /** A copy with `key` set to `value` (in its place if it was there, last if not), or removed when `value` is undefined. */
  with(key: string, value: PdfValue | undefined): PdfDict {
    const entries = new Map(this.entries);
    if (value === undefined) entries.delete(key);
    else entries.set(key, value);
    return new PdfDict(entries);
  }

  static of(entries: readonly (readonly [string, PdfValue | undefined])[]): PdfDict {
    const map = new Map<string, PdfValue>();
    for (const [key, value] of entries) if (value !== undefined) map.set(key, value);
    return new PdfDict(map);
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

export type PdfValue = null | boolean | PdfNumber | PdfName | PdfString | PdfRef | PdfDict | readonly PdfValue[];
export type PdfObject = PdfValue | PdfStream;

export function nameOf(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfName ? value.text : undefined;
}

export function integerOf(value: PdfValue | undefined): number | undefined {
  if (!(value instanceof PdfNumber)) return undefined;
  const number = value.value;
  return Number.isInteger(number) ? number : undefined;
}

/** A parsed file: its objects read when asked for, each once. */
export interface PdfFile {
  /** What errors call it: "part 2". */
  readonly label: string;
  /** `1.7`. */
  readonly version: string;
  readonly trailer: PdfDict;
  object(number: number): PdfObject;
  /** `value`, or the object it refers to. */
  resolve(value: PdfValue | undefined): PdfObject | undefined;
  /** `value` resolved, if it is a dictionary (a stream's dictionary is not taken for one). */
  dict(value: PdfValue | undefined): PdfDict | undefined;
}

export function parsePdf(bytes: Uint8Array, label: string): PdfFile {
  // Latin-1 maps each byte to one character: offsets in the text are offsets in the file.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const fail = (message: string): never => {
    throw new Error(`${label}: ${message}`);
  };
  const version = /^%PDF-(\d\.\d)/.exec(text)?.[1] ?? fail('not a PDF file (no %PDF- header)');
  const { offsets, trailer } = readCrossReference(text, fail);
  for (const key of ['Encrypt', 'Prev', 'XRefStm']) {
    if (trailer.get(key) !== undefined) fail(`the trailer has /${key} (encrypted or incrementally updated files are not what pdfkit writes, and are not read)`);
  }
  const cache = new Map<number, PdfObject>();
  const object = (number: number): PdfObject => {
    const known = cache.get(number);
    if (known !== undefined) return known;
    const offset = offsets.get(number) ?? fail(`object ${String(number)} is not in the cross-reference table`);
    const read = readIndirectObject(text, bytes, offset, number, fail);
    cache.set(number, read);
    return read;
  };
  const resolve = (value: PdfValue | undefined): PdfObject | undefined => (value instanceof PdfRef ? object(value.number) : value);
  const dict = (value: PdfValue | undefined): PdfDict | undefined => {
    const resolved = resolve(value);
    return resolved instanceof PdfDict ? resolved : undefined;
  };
  return { label, version, trailer, object, resolve, dict };
}

type Fail = (message: string) => never;

function readCrossReference(text: string, fail: Fail): { offsets: Map<number, number>; trailer: PdfDict } {
  const startxref = text.lastIndexOf('startxref', text.length);
  if (startxref < 0 || startxref < text.length - 1024) fail('no startxref near the end of the file');
  const lexer = new Lexer(text, startxref + 'startxref'.length, fail);
  const at = lexer.integer();
  if (!text.startsWith('xref', at)) {
    if (/^\d+\s+\d+\s+obj/.test(text.slice(at, at + 32))) fail('the cross-reference is a stream (PDF 1.5 compression); pdfkit writes a classic xref table, and only that is read');
    fail(`no xref table at offset ${String(at)}`);
  }
  lexer.position = at + 'xref'.length;
  const offsets = new Map<number, number>();
  for (;;) {
    lexer.skipSpace();
    if (text.startsWith('trailer', lexer.position)) break;
    const first = lexer.integer();
    const count = lexer.integer();
    for (let index = 0; index < count; index++) {
      const offset = lexer.integer();
      lexer.integer();
      lexer.skipSpace();
      const kind = text[lexer.position];
      lexer.position++;
      if (kind === 'n') offsets.set(first + index, offset);
      else if (kind !== 'f') fail(`a cross-reference entry of kind "${String(kind)}"`);
    }
  }
  lexer.position += 'trailer'.length;
  const trailer = lexer.value();
  if (!(trailer instanceof PdfDict)) return fail('the trailer is not a dictionary');
  return { offsets, trailer };
}

function readIndirectObject(text: string, bytes: Uint8Array, offset: number, number: number, fail: Fail): PdfObject {
  const lexer = new Lexer(text, offset, fail);
  const found = lexer.integer();
  lexer.integer();
  lexer.keyword('obj');
  if (found !== number) fail(`the cross-reference says object ${String(number)} is at ${String(offset)}, but object ${String(found)} is there`);
  const value = lexer.value();
  lexer.skipSpace();
  if (!text.startsWith('stream', lexer.position)) {
    lexer.keyword('endobj');
    return value;
  }
  if (!(value instanceof PdfDict)) return fail(`object ${String(number)} has a stream after a value that is not a dictionary`);
  const length = value.get('Length');
  if (!(length instanceof PdfNumber)) return fail(`object ${String(number)}'s stream has ${length instanceof PdfRef ? 'an indirect' : 'no'} /Length (pdfkit writes it directly)`);
  let start = lexer.position + 'stream'.length;
  // The keyword's end of line: CR LF or LF (7.3.8.1).
  if (text.charCodeAt(start) === 13) start++;
  if (text.charCodeAt(start) === 10) start++;
  const end = start + length.value;
  if (end > bytes.length) fail(`object ${String(number)}'s stream runs past the end of the file`);
  lexer.position = end;
  lexer.keyword('endstream');
  lexer.keyword('endobj');
  return new PdfStream(value, bytes.subarray(start, end));
}

/** Each byte's kind (7.2.2), looked up rather than searched for: the tokenizer asks for every byte it reads. */
const space = 1;
const delimiter = 2;
const kinds = new Uint8Array(256);
for (const code of [0, 9, 10, 12, 13, 32]) kinds[code] = space;
for (const character of '()<>[]{}/%') kinds[character.charCodeAt(0)] = delimiter;

function isSpace(code: number): boolean {
  return kinds[code] === space;
}

/** Neither white space nor a delimiter, nor past the end (NaN). */
function isRegular(code: number): boolean {
  return kinds[code] === 0;
}

/** Reads PDF tokens and values from `position` on. */
class Lexer {
  constructor(
    private readonly text: string,
    public position: number,
    private readonly fail: Fail,
  ) {}

  skipSpace(): void {
    const { text } = this;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (isSpace(code)) this.position++;
      else if (code === 37) {
        // A comment, to the end of its line.
        while (this.position < text.length && text.charCodeAt(this.position) !== 10 && text.charCodeAt(this.position) !== 13) this.position++;
      } else break;
    }
  }

  /** The regular characters from here: a number or a keyword. */
  token(): string {
    this.skipSpace();
    const start = this.position;
    while (this.position < this.text.length && isRegular(this.text.charCodeAt(this.position))) this.position++;
    return this.text.slice(start, this.position);
  }

  integer(): number {
    const at = this.position;
    const token = this.token();
    if (!/^\d+$/.test(token)) this.fail(`expected an integer at offset ${String(at)}, found "${token.slice(0, 20)}"`);
    return Number(token);
  }

  keyword(expected: string): void {
    const at = this.position;
    const token = this.token();
    if (token !== expected) this.fail(`expected "${expected}" at offset ${String(at)}, found "${token.slice(0, 20)}"`);
  }

  value(): PdfValue {
    this.skipSpace();
    const { text } = this;
    const at = this.position;
    const character = text[at];
    switch (character) {
      case '/':
        this.position++;
        return new PdfName(this.token());
      case '(':
        return new PdfString(this.literalString());
      case '[':
        return this.array();
      case '<':
        if (text[at + 1] === '<') return this.dictionary();
        return new PdfString(this.hexString());
      default:
        return this.numberOrKeyword();
    }
  }

  private numberOrKeyword(): PdfValue {
    const at = this.position;
    const token = this.token();
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) return this.fail(`unexpected "${token.slice(0, 20) || String(this.text[at])}" at offset ${String(at)}`);
    if (/^\d+$/.test(token)) {
      // `12 0 R` is a reference; look ahead, and step back if it is not one.
      const after = this.position;
      const generation = this.token();
      if (/^\d+$/.test(generation) && this.token() === 'R') return new PdfRef(Number(token), Number(generation));
      this.position = after;
    }
    return new PdfNumber(token);
  }

  private array(): readonly PdfValue[] {
    this.position++;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') break;
      if (this.position >= this.text.length) this.fail('an array runs to the end of the file');
      items.push(this.value());
    }
    this.position++;
    return items;
  }

  private dictionary(): PdfDict {
    this.position += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('>>', this.position)) break;
      const at = this.position;
      const key = this.value();
      if (!(key instanceof PdfName)) return this.fail(`a dictionary key that is not a name at offset ${String(at)}`);
      entries.set(key.text, this.value());
    }
    this.position += 2;
    return new PdfDict(entries);
  }

  /** `(...)` as written: balanced parentheses, a backslash escaping the next character. */
  private literalString(): string {
    const { text } = this;
    const start = this.position;
    let depth = 0;
    for (; this.position < text.length; this.position++) {
      const character = text[this.position];
      if (character === '\\') this.position++;
      else if (character === '(') depth++;
      else if (character === ')' && --depth === 0) {
        this.position++;
        return text.slice(start, this.position);
      }
    }
    return this.fail(`a string from offset ${String(start)} runs to the end of the file`);
  }

  private hexString(): string {
    const end = this.text.indexOf('>', this.position);
    if (end < 0) this.fail(`a hex string from offset ${String(this.position)} runs to the end of the file`);
    const start = this.position;
    this.position = end + 1;
    return this.text.slice(start, this.position);
  }
}

const escapes: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** The bytes of `(...)` (7.3.4.2): escapes, octal codes, line continuations, any end of line read as LF. */
function literalStringBytes(text: string): Uint8Array {
  const out: number[] = [];
  const inner = text.slice(1, -1);
  for (let index = 0; index < inner.length; index++) {
    const code = inner.charCodeAt(index);
    if (code === 13) {
      out.push(10);
      if (inner.charCodeAt(index + 1) === 10) index++;
    } else if (code !== 92) out.push(code);
    else {
      const next = inner[index + 1] ?? '';
      const octal = /^[0-7]{1,3}/.exec(inner.slice(index + 1, index + 4))?.[0];
      if (octal) {
        out.push(parseInt(octal, 8) & 0xff);
        index += octal.length;
      } else if (next === '\r' || next === '\n') {
        index += next === '\r' && inner[index + 2] === '\n' ? 2 : 1;
      } else {
        out.push(escapes[next] ?? next.charCodeAt(0));
        index++;
      }
    }
  }
  return Uint8Array.from(out);
}

function hexStringBytes(text: string): Uint8Array {
  const digits = text.slice(1, -1).replace(/[^0-9a-fA-F]/g, '');
  const padded = digits.length % 2 === 0 ? digits : `${digits}0`;
  return Uint8Array.from(Buffer.from(padded, 'hex'));
}

/** A value as PDF text (Latin-1: each character one byte). */
export function serialise(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof PdfNumber) return value.text;
  if (value instanceof PdfName) return `/${value.text}`;
  if (value instanceof PdfString) return value.text;
  if (value instanceof PdfRef) return `${String(value.number)} ${String(value.generation)} R`;
  if (value instanceof PdfDict) {
    const entries = [...value.entries].map(([key, entry]) => `/${key} ${serialise(entry)}`);
    return `<<\n${entries.join('\n')}\n>>`;
  }
  return `[${value.map(serialise).join(' ')}]`;
}

/**
 * Writes a file of objects numbered 1 to `objects.length` (index 0 is object 1), with a classic xref
 * table and an /ID made from the bytes before it (SHA-256, its first 16 bytes, twice): the same
 * objects give the same file.
 */
export function writePdf(version: string, objects: readonly PdfObject[], trailer: PdfDict): Uint8Array {
  const chunks: Buffer[] = [];
  let length = 0;
  // The objects' text gathers here and becomes bytes once a stream's bytes (or the end) comes: a
  // book has thousands of small objects, and a Buffer each was a third of its binding's time.
  let text = '';
  const flush = (): void => {
    if (text === '') return;
    chunks.push(Buffer.from(text, 'latin1'));
    text = '';
  };
  const latin1 = (part: string): void => {
    text += part;
    length += part.length;
  };
  const push = (chunk: Buffer): void => {
    flush();
    chunks.push(chunk);
    length += chunk.length;
  };
  latin1(`%PDF-${version}\n%\xff\xff\xff\xff\n`);
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(length);
    if (object instanceof PdfStream) {
      latin1(`${String(index + 1)} 0 obj\n${serialise(object.dict.with('Length', PdfNumber.of(object.data.length)))}\nstream\n`);
      push(Buffer.from(object.data.buffer, object.data.byteOffset, object.data.byteLength));
      latin1('\nendstream\nendobj\n');
    } else latin1(`${String(index + 1)} 0 obj\n${serialise(object)}\nendobj\n`);
  });
  flush();
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  const id = new PdfString(`<${hash.digest('hex').slice(0, 32)}>`);
  const xrefAt = length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`);
  const size = PdfNumber.of(objects.length + 1);
  const finalTrailer = trailer.with('Size', size).with('ID', [id, id]);
  latin1(`xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${entries.join('')}trailer\n${serialise(finalTrailer)}\nstartxref\n${String(xrefAt)}\n%%EOF\n`);
  flush();
  return new Uint8Array(Buffer.concat(chunks, length));
}

/** A version of two (`1.7`), the later one. */
export function laterVersion(a: string, b: string): string {
  return Number(a) >= Number(b) ? a : b;
}
