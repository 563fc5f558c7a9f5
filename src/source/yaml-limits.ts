/**
 * Limits on what a YAML text may make rubricpress do, checked before and after parsing so that every
 * limit is a diagnostic (`yaml-limit`) rather than a crash or a hang:
 *
 * - Nesting: no source file needs values nested more than `maxYamlDepth` deep (the codebook's
 *   deepest are ten), while the yaml parser recurses once per level and costs seconds (and at a few
 *   thousand levels overflows the stack) on a line of a million `[`. `deepestPoint` scans the text
 *   before parsing — block indentation and sequence markers by line, flow brackets where a flow
 *   collection can start — and `checkDocument` measures the parsed tree again, aliases followed.
 * - Aliases: an alias (`*name`) stands for the whole value it names, and whatever reads the data
 *   (the schemas, the cache's digests) walks every repetition; a few nested aliases ("a billion
 *   laughs") repeat a value exponentially often. So all aliases of a file together may repeat at
 *   most `maxAliasedValues` values, counted with their nested aliases, and an alias may not refer to
 *   a value that holds it.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export const maxYamlDepth = 64;
export const maxAliasedValues = 100_000;

export interface TextPoint {
  readonly offset: number;
}

/**
 * The first place where the text nests deeper than `maxYamlDepth`, or undefined. An upper bound on
 * the parser's nesting for the YAML that source files hold: each block level needs a deeper indent
 * than its parent, `- ` and `? ` open a level each, and flow collections count by brackets opened
 * where one may start (after a line's indent, `:`, `-`, `?`, `,`, `[` or `{`), so a bracket inside
 * text such as `see [1` does not count.
 */
export function deepestPoint(text: string): TextPoint | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    let at = lineStart;
    while (at < lineEnd && text.charCodeAt(at) === 0x20) at += 1;
    const content = at < lineEnd && text[at] !== '#' && text[at] !== '\r';
    if (content && flow === 0) {
      const indent = at - lineStart;
      while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop();
      indents.push(indent);
      if (indents.length > maxYamlDepth) return { offset: at };
    }
    let depth = indents.length;
    let previous = '';
    for (let index = at; index < lineEnd; index += 1) {
      const character = text[index] ?? '';
      if (character === '#' && (index === at || text[index - 1] === ' ')) break;
      if ((character === '-' || character === '?') && (previous === '' || previous === '-' || previous === '?') && (text[index + 1] === ' ' || index + 1 === lineEnd)) {
        depth += 1;
        if (depth + flow > maxYamlDepth) return { offset: index };
      } else if ((character === '[' || character === '{') && (previous === '' || ':-?,[{'.includes(previous))) {
        flow += 1;
        if (depth + flow > maxYamlDepth) return { offset: index };
      } else if ((character === ']' || character === '}') && flow > 0) {
        flow -= 1;
      }
      if (character !== ' ' && character !== '\t') previous = character;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return undefined;
}

export type DocumentProblem = { readonly kind: 'depth' | 'aliases' | 'cycle'; readonly node: Node };

/**
 * The first node (in document order) at which the parsed document passes a limit: nested too deep
 * (aliases followed), aliases repeating too many values, or an alias inside the value it names.
 */
export function checkDocument(document: Document.Parsed): DocumentProblem | undefined {
  /** Each node's size: itself and everything below it, aliases expanded. */
  const sizes = new Map<Node, number>();
  /** Each node's depth below it, aliases expanded. */
  const depths = new Map<Node, number>();
  const open = new Set<Node>();
  let problem: DocumentProblem | undefined;

  // Children of a node: a pair's key and value, a collection's items.
  const childrenOf = (node: Node): Node[] => {
    if (isMap(node)) return node.items.flatMap((pair) => [pair.key, pair.value].filter((part): part is Node => isNodeLike(part)));
    if (isSeq(node)) return node.items.filter((item): item is Node => isNodeLike(item));
    return [];
  };
  // Recursion is bounded: it stops at maxYamlDepth levels, aliases included. A problem met inside
  // an alias's value is reported at the (outermost) alias that brought it there.
  const measure = (node: Node, level: number, alias: Node | undefined): { size: number; depth: number } | undefined => {
    if (problem) return undefined;
    if (level > maxYamlDepth) {
      problem = { kind: 'depth', node: alias ?? node };
      return undefined;
    }
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (!target) return { size: 1, depth: 1 };
      if (open.has(target)) {
        problem = { kind: 'cycle', node };
        return undefined;
      }
      return measure(target, level, alias ?? node);
    }
    const known = sizes.get(node);
    const knownDepth = depths.get(node);
    if (known !== undefined && knownDepth !== undefined) {
      if (level + knownDepth - 1 > maxYamlDepth) {
        problem = { kind: 'depth', node: alias ?? node };
        return undefined;
      }
      return { size: known, depth: knownDepth };
    }
    open.add(node);
    let size = 1;
    let depth = 1;
    for (const child of childrenOf(node)) {
      const measured = measure(child, level + 1, alias);
      if (!measured) return undefined;
      size += measured.size;
      depth = Math.max(depth, measured.depth + 1);
    }
    open.delete(node);
    sizes.set(node, size);
    depths.set(node, depth);
    return { size, depth };
  };

  const root = document.contents;
  if (!root || !isNodeLike(root)) return undefined;
  if (!measure(root, 1, undefined)) return problem;
  // Every alias's repetition, in document order, until the total passes the limit.
  let repeated = 0;
  const stack: Node[] = [root];
  const order: Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    order.push(node);
    stack.push(...childrenOf(node).reverse());
  }
  for (const node of order) {
    if (!isAlias(node)) continue;
    const target = node.resolve(document);
    repeated += target ? (sizes.get(target) ?? 1) : 1;
    if (repeated > maxAliasedValues) return { kind: 'aliases', node };
  }
  return undefined;
}

function isNodeLike(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}
