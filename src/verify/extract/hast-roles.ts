/**
 * Finding the parts of a parsed HTML page (or of an SVG) by the HTML vocabulary, for the HTML reader
 * and the chart reader alike.
 */
import type { Element, Root } from 'hast';
import type { HtmlRole } from '../../vocabulary/html.js';

/** Whether an element plays a role of the HTML vocabulary: its element, with its class if the role has one. */
export function isRole(element: Element, role: HtmlRole): boolean {
  const classes = element.properties['className'];
  return element.tagName === role.element && (role.className === undefined || (Array.isArray(classes) && classes.includes(role.className)));
}

/** The elements under `node` that pass `test`, in document order. */
export function elementsOf(node: Root | Element, test: (element: Element) => boolean, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) found.push(child);
    elementsOf(child, test, found);
  }
  return found;
}
