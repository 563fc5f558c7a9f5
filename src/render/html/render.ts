/**
 * The HTML edition: the report tree through remark-rehype (with our handlers) and rehype-stringify,
 * placed in the layout template with the stylesheet inlined, so each page is one self-contained file.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Handlers } from 'mdast-util-to-hast';
import { toHtml } from 'hast-util-to-html';
import type { Theme } from '../../theme/theme.js';
import type { Report, ReportTree } from '../../tree/types.js';
import type { Nodes } from 'mdast';
import { unrenderable, type RenderProblem } from '../handlers.js';
import { createHtmlHandlers } from './handlers.js';
import { fillLayout } from '../../theme/layout.js';
import { categoryRank, chapterFilePath, chapterTitle } from '../../theme/wording.js';
import { themeCss } from './theme-css.js';

/** Everything the HTML renderer reads besides the tree; loaded once per build. */
export interface HtmlTemplates {
  readonly theme: Theme;
  readonly layout: string;
  readonly stylesheet: string;
  /** e.g. "rubricpress 0.1.0" */
  readonly generator: string;
}

export interface RenderedHtml {
  readonly html: string;
  readonly problems: readonly RenderProblem[];
}

function css(templates: HtmlTemplates): string {
  return `${themeCss(templates.theme)}\n${templates.stylesheet.trim()}`;
}

export interface HtmlRenderer {
  renderChapter(tree: ReportTree): RenderedHtml;
  renderIndex(reports: readonly Report[]): string;
}

/**
 * The HTML renderer for one set of templates: the handler table, the unified processor and the
 * stylesheet are made once and reused for every chapter.
 */
export function createHtmlRenderer(templates: HtmlTemplates): HtmlRenderer {
  // Rendering is synchronous, so one list per chapter can be swapped in for each call.
  let problems: RenderProblem[] = [];
  const handlers = createHtmlHandlers({ theme: templates.theme, report: (problem) => problems.push(problem) });
  const processor = unified()
    .use(remarkRehype, {
      handlers: handlers as unknown as Handlers,
      unknownHandler: (_state: unknown, node: Nodes) => {
        problems.push(unrenderable('HTML', node));
        return undefined;
      },
    })
    .use(rehypeStringify, { characterReferences: { useNamedReferences: false } })
    .freeze();
  const stylesheet = css(templates);

  return {
    renderChapter(tree) {
      problems = [];
      const content = processor.stringify(processor.runSync(tree));
      const report = tree.children[0];
      const title = chapterTitle(templates.theme, report);
      const html = fillLayout(templates.layout, {
        lang: report.edition.language,
        title: `${title} — ${report.edition.title}`,
        description: `${report.edition.title}: ${title}. ${categoryRank(templates.theme, report)}.`,
        generator: templates.generator,
        css: stylesheet,
        indexHref: '../index.html',
        edition: report.edition.title,
        publisher: report.edition.publisher,
        year: String(report.edition.year),
        content,
      });
      return { html, problems };
    },
    renderIndex(reports) {
      return renderIndexHtml(reports, templates, stylesheet);
    },
  };
}

/** Where a chapter's HTML goes, relative to the HTML folder: `japan/coordination.html`. */
export function chapterHtmlPath(report: Pick<Report, 'countrySlug' | 'categoryId'>): string {
  return chapterFilePath(report, 'html');
}

/** `out/html/index.html`: every chapter with its rank, by country then category. */
function renderIndexHtml(reports: readonly Report[], templates: HtmlTemplates, stylesheet: string): string {
  const first = reports[0];
  const { theme } = templates;
  const sorted = [...reports].sort((a, b) => a.country.localeCompare(b.country, 'en') || a.categoryTitle.localeCompare(b.categoryTitle, 'en'));
  const cell = (tagName: string, children: ElementContent[], properties: Element['properties'] = {}): Element => ({ type: 'element', tagName, properties, children });
  const textNode = (value: string): ElementContent => ({ type: 'text', value });
  const rows = sorted.map((report) =>
    cell('tr', [
      cell('th', [textNode(report.country)], { scope: 'row' }),
      cell('td', [cell('a', [textNode(report.categoryTitle)], { href: chapterHtmlPath(report) })]),
      cell('td', [textNode(String(report.rank))], { className: ['rank-cell'] }),
    ]),
  );
  const editionTitle = first?.edition.title ?? theme.labels.indexTitle;
  const body: HastRoot = {
    type: 'root',
    children: [
      cell('article', [
        cell('header', [cell('p', [textNode(editionTitle)], { className: ['report-edition'] }), cell('h1', [textNode(theme.labels.indexTitle)])], { className: ['report-header'] }),
        cell('table', [
          cell('caption', [textNode(theme.labels.indexCaption)]),
          cell('thead', [cell('tr', [cell('th', [textNode(theme.labels.indexCountry)], { scope: 'col' }), cell('th', [textNode(theme.labels.indexCategory)], { scope: 'col' }), cell('th', [textNode(theme.labels.indexRank)], { scope: 'col' })])]),
          cell('tbody', rows),
        ], { className: ['chapters'] }),
      ], { className: ['index'] }),
    ],
  };
  return fillLayout(templates.layout, {
    lang: first?.edition.language ?? 'en',
    title: `${theme.labels.indexTitle} — ${editionTitle}`,
    description: `${editionTitle}: ${theme.labels.indexTitle}.`,
    generator: templates.generator,
    css: stylesheet,
    indexHref: 'index.html',
    edition: editionTitle,
    publisher: first?.edition.publisher ?? '',
    year: first ? String(first.edition.year) : '',
    content: toHtml(body, { characterReferences: { useNamedReferences: false } }),
  });
}
