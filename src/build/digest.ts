/** Digests and the one order of paths that every part of a build shares (cache keys, manifests, indexes). */
import { createHash } from 'node:crypto';

/** The SHA-256 of some bytes (text as UTF-8), in hex. */
export function sha256Of(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of several parts, each with its length first, so that ("ab", "c") and ("a", "bc") differ. */
export function sha256OfParts(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${String(typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength)}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/** Paths in code-unit order: the same on every machine and in every locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The settings of a build as part of a key (a date as its ISO text). */
export function settingsKey(settings: { readonly sourceDate?: Date }): string {
  return JSON.stringify({ ...settings, sourceDate: settings.sourceDate?.toISOString() ?? null });
}
