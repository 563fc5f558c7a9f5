/**
 * The HTML edition as a browser reader gets it: the text of the report article, and its structure,
 * without the contents list (it repeats the headings; the PDF and DOCX readers leave theirs out too).
 * The contents list's entries are read on their own (and checked: only links, each to a heading of
 * the page with its words); its heading stays in the text, where only a label may stand.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toText } from 'hast-util-to-text';
import { parse } from 'parse5';
import { htmlHeadings, htmlRoles } from '../../vocabulary/html.js';
import { normaliseText, type ChartReading, type EditionText } from './edition-text.js';
import { readChartSvg } from './chart-svg.js';
import { elementsOf, isRole } from './hast-roles.js';

export function readHtmlEdition(html: string): EditionText {
  // parse5 directly rather than hast-util-from-html, which asks it for every node's source
  // position (twice the time, and the check reads only text and structure).
  const tree = fromParse5(parse(html, { scriptingEnabled: false }));
  // A parsed document is always a root; this guards the type.
  if (tree.type !== 'root') throw new Error('The HTML edition did not parse as a document.');
  const found = find(tree, (element) => isRole(element, htmlRoles.document));
  if (!found) return { text: '', counts: { questions: 0, rubricTables: 0, citations: 0, links: 0, noteCalls: 0, notes: 0, citationLinks: 0 } };
  const lists = found.children.filter(isContents);
  const withoutList = withoutContents(found);
  const citationLinks = citationLinksOf(withoutList);
  const problems = [...contentsProblems(lists, withoutList), ...citationLinks.problems];
  const contents = lists.flatMap((nav) => elementsOf(nav, (element) => isRole(element, htmlRoles.link)).map((link) => normaliseText(toText(link))));
  // Footnotes are read on their own: their calls' numbers and the notes after the chapter.
  const notes = elementsOf(withoutList, (element) => isRole(element, htmlRoles.note)).map((note) => without(note, (element) => isRole(element, htmlRoles.noteBacklink)));
  const noteCalls = elementsOf(withoutList, (element) => isRole(element, htmlRoles.noteCall)).length;
  // Charts are read on their own: their alternative text, words and bars (their captions stay in the text).
  const charts = elementsOf(withoutList, (element) => isRole(element, htmlRoles.chart)).map(readChartFigure);
  const article = without(withoutList, (element) => isRole(element, htmlRoles.notes) || isRole(element, htmlRoles.noteCall) || isRole(element, htmlRoles.chartSvg));
  return {
    ...(contents.length > 0 ? { contents } : {}),
    ...(problems.length > 0 ? { problems } : {}),
    text: normaliseText(toText(article)),
    notes: normaliseText(notes.map((note) => toText(note)).join(' ')),
    ...(charts.length > 0 ? { charts } : {}),
    counts: {
      questions: elementsOf(article, (element) => isRole(element, htmlRoles.question)).length,
      rubricTables: elementsOf(article, (element) => isRole(element, htmlRoles.rubric)).length,
      citations: elementsOf(article, (element) => isRole(element, htmlRoles.bibliographyEntry)).length,
      // The source's links; a citation's links inside the page (to the reference list) are counted apart.
      links: [article, ...notes].flatMap((part) => elementsOf(part, (element) => isRole(element, htmlRoles.link) && typeof element.properties['href'] === 'string')).length - citationLinks.internal,
      noteCalls,
      notes: notes.length,
      citationLinks: citationLinks.resolved,
    },
  };
}

/** Every chart a page draws, wherever it stands (the web edition's pages, which hold no chapter). */
export function readHtmlCharts(html: string): ChartReading[] {
  const tree = fromParse5(parse(html, { scriptingEnabled: false }));
  if (tree.type !== 'root') throw new Error('The page did not parse as a document.');
  return tree.children.flatMap((child) => (child.type === 'element' ? elementsOf(child, (element) => isRole(element, htmlRoles.chart)) : [])).map(readChartFigure);
}

/** A chart's figure: its SVG read back, or nothing drawn when it has none. */
function readChartFigure(figure: Element): ChartReading {
  const svg = find(figure, (element) => isRole(element, htmlRoles.chartSvg));
  return svg ? readChartSvg(svg) : { alt: '', text: '', bars: [] };
}

/** The element without the elements under it that pass `test`. */
function without(element: Element, test: (element: Element) => boolean): Element {
  const kept = element.children.filter((child) => !(child.type === 'element' && test(child)));
  return { ...element, children: kept.map((child) => (child.type === 'element' ? without(child, test) : child)) };
}

function isContents(node: RootContent): node is Element {
  return node.type === 'element' && isRole(node, htmlRoles.contents);
}

/** The article without its contents lists' entries; their heading stays in the text compared, where only a label may stand. */
function withoutContents(element: Element): Element {
  return { ...element, children: element.children.map((child) => (isContents(child) ? { ...child, children: child.children.filter((part) => !(part.type === 'element' && isRole(part, htmlRoles.contentsList))) } : child)) };
}

/** What a contents list may hold: its heading, its lists, their entries and links. */
const contentsTags: ReadonlySet<string> = new Set([htmlHeadings.contents, htmlRoles.contentsList, htmlRoles.contentsEntry, htmlRoles.link].map((role) => role.element));

/**
 * What is wrong with the contents lists (`lists`) of the article (`content`, without their entries):
 * anything but their heading and links, text outside the links, a link to no heading of the page or
 * to a heading of other words.
 */
function contentsProblems(lists: readonly Element[], content: Element): string[] {
  const problems: string[] = [];
  const byId = new Map(elementsOf(content, (element) => typeof element.properties['id'] === 'string').map((element) => [String(element.properties['id']), element]));
  for (const nav of lists) {
    for (const list of nav.children) {
      if (list.type !== 'element' || !isRole(list, htmlRoles.contentsList)) continue;
      const outside = normaliseText(toText({ ...list, children: withoutLinks(list.children) }));
      if (outside !== '') problems.push(`The HTML edition's contents list has text outside its links: “${outside}”.`);
    }
    for (const element of elementsOf(nav, () => true)) {
      if (!contentsTags.has(element.tagName)) problems.push(`The HTML edition's contents list holds a <${element.tagName}>, not only its heading and links.`);
      if (!isRole(element, htmlRoles.link)) continue;
      const title = normaliseText(toText(element));
      const href = element.properties['href'];
      const target = typeof href === 'string' && href.startsWith('#') ? byId.get(decodeURIComponent(href.slice(1))) : undefined;
      const heading = target && (/^h[1-6]$/.test(target.tagName) ? target : find(target, (candidate) => /^h[1-6]$/.test(candidate.tagName)));
      if (!heading) problems.push(`The HTML edition's contents entry “${title}” links to ${typeof href === 'string' ? href : 'nothing'}, not to a heading of the page.`);
      else if (normaliseText(toText(heading)) !== title) problems.push(`The HTML edition's contents entry “${title}” links to the heading “${normaliseText(toText(heading))}”.`);
    }
  }
  return problems;
}

/**
 * The links of the in-text citations (in the text and the notes): how many lead to an entry of a
 * bibliography on the page, and a problem for each that leads elsewhere or nowhere.
 */
function citationLinksOf(content: Element): { readonly resolved: number; readonly internal: number; readonly problems: string[] } {
  const byId = new Map(elementsOf(content, (element) => typeof element.properties['id'] === 'string').map((element) => [String(element.properties['id']), element]));
  const problems: string[] = [];
  let resolved = 0;
  let internal = 0;
  for (const citation of elementsOf(content, (element) => isRole(element, htmlRoles.citation))) {
    for (const link of elementsOf(citation, (element) => isRole(element, htmlRoles.link))) {
      const href = link.properties['href'];
      // A web address a citation style printed in the citation is a link of the source's, not to the reference list.
      if (typeof href === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      if (typeof href === 'string') internal += 1;
      const target = typeof href === 'string' && href.startsWith('#') ? byId.get(decodeURIComponent(href.slice(1))) : undefined;
      if (target && isRole(target, htmlRoles.bibliographyEntry)) resolved += 1;
      else problems.push(`The HTML edition's citation “${normaliseText(toText(link))}” links to ${typeof href === 'string' ? href : 'nothing'}, not to an entry of the reference list.`);
    }
  }
  return { resolved, internal, problems };
}

function withoutLinks(nodes: readonly ElementContent[]): ElementContent[] {
  return nodes.filter((node) => !(node.type === 'element' && isRole(node, htmlRoles.link))).map((node) => (node.type === 'element' ? { ...node, children: withoutLinks(node.children) } : node));
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

