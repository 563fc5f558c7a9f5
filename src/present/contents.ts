/**
 * The contents list, computed once for every edition: each heading of the chapters that has an
 * anchor and an outline level, in reading order — the same headings the PDF's outline lists (the
 * front matter's headings, the title and "Contents", are in the outline but not in the list).
 */
import type { Chapter, ContentsEntry, Part } from '../document/model.js';
import { descendants } from '../document/walk.js';

export function contentsEntries(chapters: readonly (Chapter | Part)[]): ContentsEntry[] {
  return descendants(chapters).flatMap((node) => (node.kind === 'heading' && node.anchor && node.outline ? [{ title: node.text, level: node.outline, anchor: node.anchor }] : []));
}
