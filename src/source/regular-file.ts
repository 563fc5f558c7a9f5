/**
 * Reading a file that must be an ordinary file, and not too large: the one way rubricpress reads the
 * source, the templates, its cache and earlier editions. Opened without following a symbolic link
 * as the last part of the path (O_NOFOLLOW) and without blocking (O_NONBLOCK: a FIFO or a device
 * answers at once instead of waiting for a writer), then checked with fstat on the open file: a
 * folder, a FIFO, a socket or a device is refused, and so is a file larger than the limit (at most
 * the limit and one byte are ever read, so a file that grows while it is read cannot exhaust
 * memory). Callers that allow symbolic links inside their folder resolve and check them first.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export type RegularFileRead =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly kind: 'missing' | 'symlink' | 'not-a-file' | 'unreadable'; readonly reason: string }
  | { readonly ok: false; readonly kind: 'too-large'; readonly size: number; readonly reason: string };

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export async function readRegularFile(file: string, maxBytes: number): Promise<RegularFileRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', reason: 'it does not exist' };
    if (code === 'ELOOP') return { ok: false, kind: 'symlink', reason: 'it is a symbolic link' };
    if (code === 'EISDIR') return { ok: false, kind: 'not-a-file', reason: 'it is a folder' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, kind: 'unreadable', reason: 'permission to read it is denied' };
    return { ok: false, kind: 'unreadable', reason: `it cannot be opened (${code ?? 'unknown error'})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const what = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a named pipe (FIFO)' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not an ordinary file';
      return { ok: false, kind: 'not-a-file', reason: `it is ${what}` };
    }
    if (info.size > maxBytes) return { ok: false, kind: 'too-large', size: info.size, reason: `it is ${String(info.size)} bytes` };
    // Read to the end, but never past the limit: the size fstat gave may be stale.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, kind: 'too-large', size: length, reason: `it is more than ${String(maxBytes)} bytes` };
    if (length === buffer.length) {
      // The file grew past what fstat said while it was read: the rest, up to the limit.
      const rest = await readRest(handle, length, maxBytes);
      if (rest === undefined) return { ok: false, kind: 'too-large', size: maxBytes + 1, reason: `it is more than ${String(maxBytes)} bytes` };
      return { ok: true, bytes: new Uint8Array(Buffer.concat([buffer, rest])) };
    }
    return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length) };
  } catch (error) {
    const code = codeOf(error);
    return { ok: false, kind: 'unreadable', reason: code === 'EISDIR' ? 'it is a folder' : `it cannot be read (${code ?? (error instanceof Error ? error.message : 'unknown error')})` };
  } finally {
    await handle.close();
  }
}

async function readRest(handle: Awaited<ReturnType<typeof open>>, from: number, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = from;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
    if (bytesRead === 0) return Buffer.concat(chunks);
    total += bytesRead;
    if (total > maxBytes) return undefined;
    chunks.push(chunk.subarray(0, bytesRead));
  }
}
