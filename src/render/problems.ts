/** What a writer met but could not draw: reported with where it came from, never dropped silently. */
import type { Nodes } from 'mdast';
import type { Position } from 'unist';

export interface RenderProblem {
  readonly format: string;
  /** The rule to report under; `unrenderable-node` unless said otherwise. */
  readonly rule?: 'unrenderable-node' | 'glyph-missing';
  readonly nodeType: string;
  readonly position: Position | undefined;
  readonly reason: string;
}

export function unrenderable(format: string, node: Nodes): RenderProblem {
  return {
    format,
    nodeType: node.type,
    position: node.position,
    reason: `The ${format} renderer cannot draw a ${node.type} node; it is missing from the ${format} edition.`,
  };
}

/** A citation the bibliography engine left without words (never, once a chapter compiles). */
export function unformattedCitation(format: string, node: Nodes): RenderProblem {
  return { format, nodeType: node.type, position: node.position, reason: `A citation reached the ${format} renderer unformatted; it would be missing from the ${format} edition.` };
}
