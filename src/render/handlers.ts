/**
 * The contract every renderer signs: one handler per node type of the report tree. The table's type
 * is derived from mdast's `Nodes` union, which our node types join by module augmentation, so adding
 * a node type breaks the build of every renderer until each handles it.
 */
import type { Nodes, Parents } from 'mdast';
import type { Position } from 'unist';
import type {} from '../tree/types.js';

export type NodeType = Nodes['type'];
export type NodeOfType<Type extends NodeType> = Extract<Nodes, { type: Type }>;

export type HandlerTable<State, Result> = {
  readonly [Type in NodeType]: (state: State, node: NodeOfType<Type>, parent: Parents | undefined) => Result;
};

/**
 * mdast types that the report tree never holds: the transform reports and removes them. Renderers
 * still handle them, by reporting that they can't draw them (as Pandoc's writers do), never by
 * dropping them silently.
 */
export const unrenderedTypes = [
  'definition',
  'delete',
  'footnoteDefinition',
  'footnoteReference',
  'heading',
  'html',
  'image',
  'imageReference',
  'linkReference',
  'table',
  'tableCell',
  'tableRow',
  'yaml',
  'containerDirective',
  'leafDirective',
  'textDirective',
] as const satisfies readonly NodeType[];

export type UnrenderedType = (typeof unrenderedTypes)[number];

/** The same handler for every type the report tree never holds: one that reports the node. */
export function unrenderedHandlers<State, Result>(
  handler: (state: State, node: NodeOfType<UnrenderedType>) => Result,
): { readonly [Type in UnrenderedType]: (state: State, node: NodeOfType<Type>) => Result } {
  return Object.fromEntries(unrenderedTypes.map((type) => [type, handler])) as {
    readonly [Type in UnrenderedType]: (state: State, node: NodeOfType<Type>) => Result;
  };
}

/** Something a renderer met but could not draw, with where it came from. */
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
