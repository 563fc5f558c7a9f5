/**
 * The contract every writer signs: one handler per node kind of the document model, and one per
 * type of the Markdown content that passes through it. Both tables are mapped types over the model's
 * kinds and mdast's types, so a kind added to the model (or a phrasing type added to the report tree)
 * does not compile until every writer handles it.
 */
import type { Nodes, Parents } from 'mdast';
import type { ReportBlockType } from '../tree/types.js';
import type { ModelKind, ModelNode, ModelNodes } from './model.js';

/** A writer's handlers for the model's kinds. */
export type ModelHandlers<State, Result> = {
  readonly [Kind in ModelKind]: (state: State, node: ModelNodes[Kind]) => Result;
};

/**
 * The Markdown content a writer meets inside the model: every mdast type (with the report tree's
 * phrasing, `citation`) but the report tree's own blocks, which the presentation step turns into
 * model nodes, and the root.
 */
export type ContentType = Exclude<Nodes['type'], ReportBlockType | 'root'>;
export type ContentOfType<Type extends ContentType> = Extract<Nodes, { type: Type }>;
export type ContentNode = ContentOfType<ContentType>;

/** A writer's handlers for the Markdown content. */
export type ContentHandlers<State, Result> = {
  readonly [Type in ContentType]: (state: State, node: ContentOfType<Type>, parent: Parents | undefined) => Result;
};

/**
 * mdast types that the report tree never holds: the transform reports and removes them. Writers
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
] as const satisfies readonly ContentType[];

export type UnrenderedType = (typeof unrenderedTypes)[number];

/** The same handler for every type the report tree never holds: one that reports the node. */
export function unrenderedHandlers<State, Result>(
  handler: (state: State, node: ContentOfType<UnrenderedType>) => Result,
): { readonly [Type in UnrenderedType]: (state: State, node: ContentOfType<Type>) => Result } {
  return Object.fromEntries(unrenderedTypes.map((type) => [type, handler])) as {
    readonly [Type in UnrenderedType]: (state: State, node: ContentOfType<Type>) => Result;
  };
}

/** A model node through its handler in a table: the table is keyed by kind, so the handler found is the node's own. */
export function handleModel<State, Result>(table: ModelHandlers<State, Result>, state: State, node: ModelNode): Result {
  return (table[node.kind] as (state: State, node: ModelNode) => Result)(state, node);
}

/** A Markdown node through its handler in a table. */
export function handleContent<State, Result>(table: ContentHandlers<State, Result>, state: State, node: ContentNode, parent: Parents | undefined): Result {
  return (table[node.type] as (state: State, node: ContentNode, parent: Parents | undefined) => Result)(state, node, parent);
}
