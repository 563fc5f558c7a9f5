/**
 * The HTML edition as a browser reader gets it: the text of the report article, and its structure,
 * without the contents list (it repeats the headings; the PDF and DOCX readers leave theirs out too).
 */
import type { Element, Root, RootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toText } from 'hast-util-to-text';
import { parse } from 'parse5';
import { normaliseText, type EditionText } from './edition-text.js';

export function readHtmlEdition(html: string): EditionText {
  // parse5 directly rather than hast-util-from-html, which asks it for every node's source
  // position (twice the time, and the check reads only text and structure).
  const tree = fromParse5(parse(html, { scriptingEnabled: false }));
  // A parsed document is always a root; this guards the type.
  if (tree.type !== 'root') throw new Error('The HTML edition did not parse as a document.');
  const found = find(tree, (element) => element.tagName === 'article' && hasClass(element, 'report'));
  const article = found && withoutContents(found);
  if (!article) return { text: '', counts: { questions: 0, rubricTables: 0, citations: 0, links: 0 } };
  return {
    text: normaliseText(toText(article)),
    counts: {
      questions: count(article, (element) => element.tagName === 'section' && hasClass(element, 'question')),
      rubricTables: count(article, (element) => element.tagName === 'table' && hasClass(element, 'rubric')),
      citations: count(article, (element) => element.tagName === 'li' && hasClass(element, 'csl-entry')),
      links: count(article, (element) => element.tagName === 'a' && typeof element.properties['href'] === 'string'),
    },
  };
}

function withoutContents(element: Element): Element {
  return { ...element, children: element.children.filter((child) => !(child.type === 'element' && child.tagName === 'nav' && hasClass(child, 'contents'))) };
}

function hasClass(element: Element, name: string): boolean {
  const classes = element.properties['className'];
  return Array.isArray(classes) && classes.includes(name);
}

function children(node: Root | Element): RootContent[] {
  return node.children;
}

function find(node: Root | Element, test: (element: Element) => boolean): Element | undefined {
  for (const child of children(node)) {
    if (child.type !== 'element') continue;
    if (test(child)) return child;
    const found = find(child, test);
    if (found) return found;
  }
  return undefined;
}

function count(node: Root | Element, test: (element: Element) => boolean): number {
  let total = 0;
  for (const child of children(node)) {
    if (child.type !== 'element') continue;
    if (test(child)) total += 1;
    total += count(child, test);
  }
  return total;
}
