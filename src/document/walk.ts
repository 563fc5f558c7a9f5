/** Walking the document model: each kind says which nodes of the model it holds. */
import type { ModelNode } from './model.js';

/** The model nodes a node holds, in reading order (the Markdown inside them is not the model's). */
export function childrenOf(node: ModelNode): readonly ModelNode[] {
  switch (node.kind) {
    case 'document':
      return [...node.front, ...node.chapters, ...(node.parts ?? [])];
    case 'part':
      return [node.heading, ...node.children];
    case 'titlePage':
      return [node.title, ...(node.rank ? [node.rank] : []), ...(node.details ? [node.details] : [])];
    case 'imprint':
      return node.lines;
    case 'contents':
      return [node.heading];
    case 'section':
      return [node.heading, ...(node.rank ? [node.rank] : []), ...node.children];
    case 'chapter':
      return [...(node.opening ? [node.opening.titlePage] : []), ...node.children, ...(node.notes ? [node.notes] : [])];
    case 'notes':
      return [node.heading, ...node.children];
    case 'question':
    case 'questionHead':
      return node.children;
    case 'heading':
    case 'imprintLine':
    case 'rank':
    case 'score':
    case 'prompt':
    case 'rubric':
    case 'prose':
    case 'bibliography':
    case 'note':
    case 'table':
    case 'chart':
      return [];
    default: {
      // A new kind does not compile until it says what it holds.
      const unhandled: never = node;
      return unhandled;
    }
  }
}

/** The nodes and all they hold, in reading order. */
export function descendants(nodes: readonly ModelNode[]): ModelNode[] {
  return nodes.flatMap((node) => [node, ...descendants(childrenOf(node))]);
}
