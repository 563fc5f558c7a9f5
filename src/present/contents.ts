/**
 * The contents list, computed once for every edition: each heading of the chapters that has an
 * anchor and an outline level, in reading order — the same headings the PDF's outline lists.
 */
import type { ContentsEntry, ModelNode } from '../document/model.js';

export function contentsEntries(nodes: readonly ModelNode[]): ContentsEntry[] {
  return nodes.flatMap(entriesOf);
}

/** Every kind decides whether headings stand in it (a new kind does not compile until it does). */
function entriesOf(node: ModelNode): ContentsEntry[] {
  switch (node.kind) {
    case 'heading':
      return node.anchor && node.outline ? [{ title: node.text, level: node.outline, anchor: node.anchor }] : [];
    case 'chapter':
    case 'question':
    case 'questionHead':
      return contentsEntries(node.children);
    case 'section':
      return contentsEntries([node.heading, ...node.children]);
    case 'document':
      return contentsEntries([...node.front, ...node.chapters]);
    // The front matter's headings (the title, "Contents") are in the outline but not listed.
    case 'titlePage':
    case 'contents':
    case 'rank':
    case 'score':
    case 'prompt':
    case 'rubric':
    case 'prose':
    case 'bibliography':
      return [];
    default: {
      const unhandled: never = node;
      return unhandled;
    }
  }
}
