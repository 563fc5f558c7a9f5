/** Reading built HTML back: parse with hast, query with CSS selectors, take text as a reader sees it. */
import { readFile } from 'node:fs/promises';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';

export async function readHtml(file: string): Promise<Root> {
  return fromHtml(await readFile(file, 'utf8'));
}

export function textOf(node: Root | Element): string {
  return toText(node).replace(/\s+/g, ' ').trim();
}

export function all(root: Root | Element, selector: string): Element[] {
  return selectAll(selector, root);
}

export function one(root: Root | Element, selector: string): Element {
  const found = select(selector, root);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}
