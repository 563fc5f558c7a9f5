/**
 * Bytes to text, strictly: a source file must be UTF-8 text. Anything else becomes a diagnostic
 * that says where the first bad byte is, never a stack trace or mojibake.
 */
import type { Point } from 'unist';

export type Decoded =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly kind: 'binary' | 'encoding'; readonly at: Point; readonly reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeSource(bytes: Uint8Array): Decoded {
  // UTF-16 text (as Windows Notepad's "Unicode" saves it) is full of NUL bytes but is text, in the
  // wrong encoding: say so, rather than calling it binary.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      kind: 'encoding',
      at: { line: 1, column: 1, offset: 0 },
      reason: 'The file is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8. Re-save it as UTF-8.',
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      kind: 'binary',
      at: pointAtByte(bytes, nul),
      reason: 'The file holds binary data (a NUL byte), so it is not Markdown or YAML text. Check that the right file is in the source folder, and save chapters as plain UTF-8 text.',
    };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const byte = bytes[bad] ?? 0;
    return {
      ok: false,
      kind: 'encoding',
      at: pointAtByte(bytes, bad),
      reason: `The file is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} here). Re-save it as UTF-8; text from Word or older editors is often Windows-1252 or Latin-1.`,
    };
  }
}

/** Line and column (in characters of the valid text before it) of a byte offset. */
function pointAtByte(bytes: Uint8Array, offset: number): Point {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index += 1) {
    if (bytes[index] === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  }
  // Count characters, not bytes, up to the offset (continuation bytes don't start a character).
  let column = 1;
  for (let index = lineStart; index < offset; index += 1) {
    if (((bytes[index] ?? 0) & 0xc0) !== 0x80) column += 1;
  }
  return { line, column, offset };
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    let length: number;
    let min: number;
    if (byte < 0x80) {
      index += 1;
      continue;
    } else if (byte >= 0xc2 && byte <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return index;
    }
    let codePoint = byte & (0xff >> (length + 1));
    for (let next = 1; next < length; next += 1) {
      const continuation = bytes[index + next];
      if (continuation === undefined || (continuation & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += length;
  }
  return bytes.length;
}
