/**
 * `remark-directive` reads any `:name` in running text as a text directive, so "10:30" or "ratio a:b"
 * would lose their colon. rubricpress defines no text directives; one without a label or attributes
 * was never meant as a directive, so it goes back to text (as remark-directive's readme suggests).
 * Those with a label or attributes stay, for validation to report.
 */
import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';

function isBareTextDirective(node: TextDirective): boolean {
  return node.children.length === 0 && Object.keys(node.attributes ?? {}).length === 0;
}

const remarkRestoreTextDirectives: Plugin<[], Root> = function () {
  return (tree: Root): void => {
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const parent = node as Parent;
      if (!parent.children.some((child) => child.type === 'textDirective' && isBareTextDirective(child))) return;
      const merged: PhrasingContent[] = [];
      for (const child of parent.children as PhrasingContent[]) {
        const restored: PhrasingContent =
          child.type === 'textDirective' && isBareTextDirective(child) ? { type: 'text', value: `:${child.name}`, ...(child.position ? { position: child.position } : {}) } : child;
        const previous = merged.at(-1);
        if (restored.type === 'text' && previous?.type === 'text') {
          merged[merged.length - 1] = mergeText(previous, restored);
        } else {
          merged.push(restored);
        }
      }
      parent.children = merged;
    });
  };
};

export default remarkRestoreTextDirectives;

function mergeText(left: Text, right: Text): Text {
  const merged: Text = { type: 'text', value: left.value + right.value };
  if (left.position && right.position) merged.position = { start: left.position.start, end: right.position.end };
  return merged;
}
