/**
 * The web edition's pages and a chapter page's navigation (`document/site.ts`) as hast: every link
 * made relative to the page it stands on, every anchor named by `vocabulary/anchors.ts`, every part
 * by the HTML vocabulary. The pages read without a script; only the search page loads one.
 */
import path from 'node:path';
import type { Element, ElementContent, Properties } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { ChapterNavigation, SiteBlock, SiteCell, SiteChrome, SiteEntry, SiteLink, SitePage, SiteTarget } from '../../document/site.js';
import { htmlTarget } from '../../vocabulary/anchors.js';
import { htmlRoles, type HtmlRole } from '../../vocabulary/html.js';
import type { Theme } from '../../theme/theme.js';
import { chartFigure } from './handlers.js';

/** Numeric character references only: the same bytes whatever the reader's entity tables. */
const serialization = { characterReferences: { useNamedReferences: false } } as const;

/** The id of the search field in the masthead (the search page's script fills it with the words searched). */
export const searchFieldId = 'site-search-words';
/** The id of the search page's results. */
export const searchResultsId = 'search-results';

/** `target` as a link from the page at `from` (both relative to the output folder). */
export function relativeHref(from: string, target: SiteTarget): string {
  const relative = path.posix.relative(path.posix.dirname(from), target.path);
  return `${relative}${target.anchor ? `#${htmlTarget(target.anchor)}` : ''}`;
}

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

function role(of: HtmlRole, properties: Properties, children: ElementContent[]): Element {
  return element(of.element, { ...(of.className ? { className: [of.className] } : {}), ...properties }, children);
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/** Block children on lines of their own, so the HTML reads well as text. */
function lines(children: ElementContent[]): ElementContent[] {
  return [text('\n'), ...children.flatMap((child) => [child, text('\n')])];
}

function link(from: string, to: SiteLink | (SiteCell & { readonly to: SiteTarget }), properties: Properties = {}): Element {
  return element('a', { href: relativeHref(from, to.to), ...properties }, [text(to.text)]);
}

function html(nodes: ElementContent[]): string {
  return toHtml({ type: 'root', children: nodes }, serialization);
}

/** The masthead's search form: a plain GET form that leads to the search page, script or none. */
function searchForm(from: string, chrome: SiteChrome): Element {
  return role(htmlRoles.searchForm, { role: 'search', action: relativeHref(from, chrome.search.page), method: 'get' }, [
    element('label', { htmlFor: [searchFieldId], className: ['visually-hidden'] }, [text(chrome.search.label)]),
    element('input', { type: 'search', id: searchFieldId, name: 'q', autocomplete: 'off' }, []),
    element('button', { type: 'submit' }, [text(chrome.search.button)]),
  ]);
}

function breadcrumb(from: string, chrome: SiteChrome): Element[] {
  if (chrome.breadcrumb.length === 0) return [];
  const items = chrome.breadcrumb.map((cell, index) => {
    const last = index === chrome.breadcrumb.length - 1;
    const to = cell.to;
    return element('li', {}, [last || !to ? element('span', last ? { ariaCurrent: 'page' } : {}, [text(cell.text)]) : link(from, { text: cell.text, to })]);
  });
  return [role(htmlRoles.breadcrumb, { ariaLabel: chrome.breadcrumbLabel }, [element('ol', {}, items)])];
}

/** The layout's fields for the site's parts of a page. */
export interface SiteFields {
  readonly indexHref: string;
  readonly searchForm: string;
  readonly breadcrumb: string;
  readonly pageNavigation: string;
  readonly scripts: string;
}

/** A chapter page's site parts: its breadcrumb, the search form, previous and next, its downloads. */
export function chapterSiteFields(navigation: ChapterNavigation): SiteFields {
  const from = navigation.path;
  const pager = [
    ...(navigation.previous ? [element('li', { className: ['pager-previous'] }, [link(from, navigation.previous, { rel: ['prev'] })])] : []),
    ...(navigation.next ? [element('li', { className: ['pager-next'] }, [link(from, navigation.next, { rel: ['next'] })])] : []),
  ];
  const downloadsId = 'downloads-title';
  const parts: ElementContent[] = [
    ...(pager.length > 0 ? [role(htmlRoles.pager, { ariaLabel: navigation.pagerLabel }, [element('ul', {}, lines(pager))])] : []),
    ...(navigation.downloads.length > 0
      ? [role(htmlRoles.downloads, { ariaLabelledBy: [downloadsId] }, lines([element('h2', { id: downloadsId }, [text(navigation.downloadsHeading)]), role(htmlRoles.siteLinks, {}, lines(navigation.downloads.map((download) => element('li', {}, [link(from, download)]))))]))]
      : []),
  ];
  return {
    indexHref: relativeHref(from, navigation.chrome.home),
    searchForm: html([searchForm(from, navigation.chrome)]),
    breadcrumb: html(breadcrumb(from, navigation.chrome)),
    pageNavigation: html(lines(parts)),
    scripts: '',
  };
}

/** A site page: its fields for the layout, and its content. */
export function sitePageParts(page: SitePage, theme: Theme): SiteFields & { readonly content: string } {
  const from = page.path;
  const titleId = 'page-title';
  // The home page's heading is the edition's title: not said twice.
  const header = role(htmlRoles.titlePage, {}, lines([...(page.kind === 'home' ? [] : [role(htmlRoles.edition, {}, [text(page.edition)])]), element('h1', { id: titleId }, [text(page.heading)]), ...(page.lead ? [role(htmlRoles.siteLead, {}, [text(page.lead)])] : [])]));
  const article = role(htmlRoles.sitePage, { className: [htmlRoles.sitePage.className ?? '', `site-page-${page.kind}`], ariaLabelledBy: [titleId] }, lines([header, ...page.children.flatMap((block) => siteBlock(from, block, 2, theme))]));
  const scripts = (page.scripts ?? []).map((script) => element('script', { src: relativeHref(from, { path: script }) }, []));
  return {
    indexHref: relativeHref(from, page.chrome.home),
    searchForm: html([searchForm(from, page.chrome)]),
    breadcrumb: html(breadcrumb(from, page.chrome)),
    pageNavigation: '',
    scripts: html(lines(scripts)),
    content: html([article]),
  };
}

/**
 * The output folder's own index page, whole: it refreshes to the home page at once (no delay, which
 * WCAG allows) and links to it, by a relative address, so it works from a folder, `file://` and any
 * web server serving the output folder as its root.
 */
export function siteEntryHtml(entry: SiteEntry): string {
  const href = relativeHref(entry.path, entry.link.to);
  const head = element('head', {}, lines([
    element('meta', { charSet: 'utf-8' }, []),
    element('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }, []),
    element('title', {}, [text(entry.title)]),
    element('meta', { httpEquiv: ['refresh'], content: `0; url=${href}` }, []),
  ]));
  const body = element('body', {}, lines([element('main', {}, lines([element('h1', {}, [text(entry.title)]), element('p', {}, [link(entry.path, entry.link)])]))]));
  return toHtml({ type: 'root', children: [{ type: 'doctype' }, text('\n'), element('html', { lang: entry.language }, lines([head, body])), text('\n')] }, serialization);
}

/** An id from a caption's words: a page has one table of each caption. */
function tableId(caption: string): string {
  const slug = caption
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `table-${slug || 'data'}`;
}

function siteBlock(from: string, block: SiteBlock, level: number, theme: Theme): ElementContent[] {
  switch (block.kind) {
    case 'paragraph':
      return [element('p', {}, [text(block.text)])];
    case 'links':
      return [role(htmlRoles.siteLinks, {}, lines(block.items.map((item) => element('li', {}, [link(from, item)]))))];
    case 'section': {
      const id = `${block.id}-title`;
      return [role(htmlRoles.siteSection, { ariaLabelledBy: [id] }, lines([element(`h${String(Math.min(level, 6))}`, { id }, [text(block.heading)]), ...block.children.flatMap((child) => siteBlock(from, child, level + 1, theme))]))];
    }
    case 'table': {
      const cell = (value: SiteCell, column: number, name: 'th' | 'td', scope?: 'row' | 'col'): Element => {
        const to = value.to;
        return element(name, { ...(scope ? { scope } : {}), ...(column > 0 && block.numeric[column] ? { className: ['number'] } : {}) }, [to ? link(from, { text: value.text, to }) : text(value.text)]);
      };
      // A wide table scrolls on its own (a phone), in a region a keyboard can reach and a screen reader names.
      const captionId = `${tableId(block.caption)}-caption`;
      return [
        element('div', { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabelledBy: [captionId] }, [role(htmlRoles.dataTable, {}, lines([
          element('caption', { id: captionId }, [text(block.caption)]),
          element('thead', {}, [element('tr', {}, block.columns.map((name, column) => cell({ text: name }, column, 'th', 'col')))]),
          element('tbody', {}, lines(block.rows.map((row) => element('tr', {}, row.map((value, column) => (column === 0 ? cell(value, column, 'th', 'row') : cell(value, column, 'td'))))))),
        ]))]),
      ];
    }
    case 'chart':
      return chartFigure(block.chart, theme);
    case 'search':
      return [role(htmlRoles.searchResults, { id: searchResultsId, ariaLive: 'polite' }, [element('p', {}, [text(block.without)])])];
  }
}
