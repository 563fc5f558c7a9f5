/**
 * Applying the import's edits to a chapter's text, and the three-way merge `--force` makes when the
 * chapter changed since the DOCX was built: the edits were made on the DOCX's base text; each is
 * carried over to the chapter as it is now where the two texts still agree around it (jsdiff
 * compares them word by word), and is a conflict, not applied, where the chapter changed there too.
 */
import { diffWordsWithSpace } from 'diff';
import type { SourceEdit } from './region.js';

export interface Applied {
  readonly text: string;
  /** Where an offset of the text the edits were made on stands in the result. */
  map(offset: number): number;
}

/** The edits applied (sorted, none overlapping another: a later one that does is left out and returned). */
export function applyEdits(text: string, edits: readonly SourceEdit[]): Applied & { readonly skipped: readonly SourceEdit[] } {
  const sorted = [...edits].sort((a, b) => a.from - b.from || a.to - b.to);
  const kept: SourceEdit[] = [];
  const skipped: SourceEdit[] = [];
  for (const edit of sorted) {
    const last = kept.at(-1);
    if (last && edit.from < last.to) skipped.push(edit);
    else kept.push(edit);
  }
  let result = '';
  let cursor = 0;
  for (const edit of kept) {
    result += text.slice(cursor, edit.from) + edit.text;
    cursor = edit.to;
  }
  result += text.slice(cursor);
  return {
    text: result,
    skipped,
    map(offset) {
      let shift = 0;
      for (const edit of kept) {
        if (edit.to <= offset && !(edit.from === edit.to && edit.from === offset)) shift += edit.text.length - (edit.to - edit.from);
        else if (edit.from < offset) return edit.from + shift;
        else break;
      }
      return offset + shift;
    },
  };
}

/** A stretch where the base text and the current text agree. */
interface Agreement {
  readonly base: number;
  readonly current: number;
  readonly length: number;
}

export interface Merged extends Applied {
  /** Edits of the base where the chapter changed since: not applied. */
  readonly conflicts: readonly SourceEdit[];
}

/** The edits made on `base`, carried over to `current`. */
export function mergeEdits(base: string, current: string, edits: readonly SourceEdit[]): Merged {
  const agreements: Agreement[] = [];
  let baseAt = 0;
  let currentAt = 0;
  for (const change of diffWordsWithSpace(base, current)) {
    const length = change.value.length;
    if (change.added) currentAt += length;
    else if (change.removed) baseAt += length;
    else {
      agreements.push({ base: baseAt, current: currentAt, length });
      baseAt += length;
      currentAt += length;
    }
  }
  const within = (from: number, to: number) => agreements.find((agreement) => agreement.base <= from && to <= agreement.base + agreement.length);
  const carried: SourceEdit[] = [];
  const conflicts: SourceEdit[] = [];
  for (const edit of edits) {
    const agreement = within(edit.from, edit.to);
    if (!agreement) {
      conflicts.push(edit);
      continue;
    }
    const shift = agreement.current - agreement.base;
    carried.push({ from: edit.from + shift, to: edit.to + shift, text: edit.text });
  }
  const applied = applyEdits(current, carried);
  return {
    text: applied.text,
    conflicts: [...conflicts, ...applied.skipped],
    map(offset) {
      const agreement = agreements.find((candidate) => candidate.base <= offset && offset <= candidate.base + candidate.length) ?? agreements.findLast((candidate) => candidate.base <= offset);
      const inCurrent = agreement ? Math.min(agreement.current + (offset - agreement.base), agreement.current + agreement.length) : 0;
      return applied.map(inCurrent);
    },
  };
}
