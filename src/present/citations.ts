/**
 * Where each in-text citation links to, decided once for every edition: each cited work's words
 * (`citedWork`, where the citation style's output could be split per work) to that work's entry in
 * the chapter's reference list; a citation the style's output could not split, as a whole to its
 * first work's entry. A work with no entry in the chapter (a chapter without a reference list) is
 * not linked: its words are plain words of the citation again. The report tree is not changed: the
 * blocks are copied where a citation is.
 */
import type { Nodes, PhrasingContent } from 'mdast';
import type { Citation, CitedWork, EntryAnchor } from '../tree/types.js';

/** The entry a work's citations link to in the chapter presented, if it has one. */
export type EntryOf = (key: string) => EntryAnchor | undefined;

/** The nodes with every citation in them linked; a node with no citation in it is passed on as it is. */
export function linkCitations<Node extends Nodes>(nodes: readonly Node[], entryOf: EntryOf): Node[] {
  return nodes.map((node) => linked(node, entryOf));
}

function linked<Node extends Nodes>(node: Node, entryOf: EntryOf): Node {
  if (node.type === 'citation') return { ...node, children: citationParts(node, entryOf) };
  if (!('children' in node)) return node;
  const children = linkCitations(node.children as readonly Nodes[], entryOf);
  // A parent's children are of the types mdast allows it; linking keeps each node's type.
  return children.every((child, index) => child === node.children[index]) ? node : ({ ...node, children });
}

function citationParts(citation: Citation, entryOf: EntryOf): PhrasingContent[] {
  const { children } = citation;
  if (children.some((child) => child.type === 'citedWork')) return plainWhereUnlinked(children.map((child) => (child.type === 'citedWork' ? withEntry(child, entryOf) : child)));
  const first = citation.items[0];
  if (children.length === 0 || first === undefined) return children;
  return plainWhereUnlinked([withEntry({ type: 'citedWork', key: first.key, children }, entryOf)]);
}

function withEntry(work: CitedWork, entryOf: EntryOf): CitedWork {
  const entry = entryOf(work.key);
  return entry ? { ...work, entry } : work;
}

/**
 * A work's words that link nowhere are plain words of the citation again, joined with the text
 * around them: a citation that links nowhere is written as it was before citations were linked
 * (one run of text, as editors of the DOCX find it).
 */
function plainWhereUnlinked(parts: readonly PhrasingContent[]): PhrasingContent[] {
  const joined: PhrasingContent[] = [];
  for (const part of parts.flatMap((child) => (child.type === 'citedWork' && child.entry === undefined ? child.children : [child]))) {
    const last = joined.at(-1);
    if (part.type === 'text' && last?.type === 'text') joined[joined.length - 1] = { type: 'text', value: last.value + part.value };
    else joined.push(part);
  }
  return joined;
}
