/**
 * Report trees changed for tests of the agreement check: a paragraph replaced by what a faulty
 * renderer would draw instead (nothing, or the paragraph twice).
 */
import type { ReportTree } from '../../src/tree/types.js';

/** Whether a tree node is a paragraph whose first text starts with `start`. */
export function startsParagraph(value: unknown, start: string): boolean {
  if (typeof value !== 'object' || value === null || !('type' in value) || value.type !== 'paragraph' || !('children' in value) || !Array.isArray(value.children)) return false;
  const first: unknown = value.children[0];
  return typeof first === 'object' && first !== null && 'value' in first && typeof first.value === 'string' && first.value.startsWith(start);
}

/** A copy of `tree` in which the paragraph starting with `start` is replaced by the nodes `replace` gives for it. */
export function replaceParagraph(tree: ReportTree, start: string, replace: (paragraph: unknown) => readonly unknown[]): ReportTree {
  return JSON.parse(JSON.stringify(tree, (_key, value: unknown) => (Array.isArray(value) ? value.flatMap((item: unknown) => (startsParagraph(item, start) ? replace(item) : [item])) : value))) as ReportTree;
}
