/**
 * What a renderer keeps of the books' chapters it made (the PDF's drawn pages, a chapter's Word
 * package or own Word file) by key, the least recently used let go past `maxBytes`: a build gives a
 * book's chapters as made before with its job, so a worker keeps only a few books' worth of its own.
 * A value larger than `maxBytes` is not kept.
 */
export interface SizedStore<Value> {
  get(key: string): Value | undefined;
  set(key: string, value: Value): void;
}

export function createSizedStore<Value>(maxBytes: number, sizeOf: (value: Value) => number): SizedStore<Value> {
  const entries = new Map<string, { readonly value: Value; readonly bytes: number }>();
  let held = 0;
  return {
    get(key) {
      const found = entries.get(key);
      if (found) {
        // Most recently used last.
        entries.delete(key);
        entries.set(key, found);
      }
      return found?.value;
    },
    set(key, value) {
      const bytes = sizeOf(value);
      if (bytes > maxBytes) return;
      const known = entries.get(key);
      if (known) held -= known.bytes;
      entries.delete(key);
      entries.set(key, { value, bytes });
      held += bytes;
      for (const [oldKey, old] of entries) {
        if (held <= maxBytes) break;
        entries.delete(oldKey);
        held -= old.bytes;
      }
    },
  };
}
