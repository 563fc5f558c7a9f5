/**
 * A node's text as every edition shows it: mdast-util-to-string, except that a hard line break is
 * white space between its words (to-string drops it, which would join them).
 */
import type { Nodes } from 'mdast';

export function plainText(node: Nodes): string {
  if (node.type === 'break') return ' ';
  if ('value' in node && typeof node.value === 'string') return node.value;
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}
