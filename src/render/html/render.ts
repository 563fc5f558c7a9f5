/**
 * The HTML edition: the document model through the HTML handlers into hast (the Markdown inside it
 * through mdast-util-to-hast), serialized and placed in the layout template with the stylesheet
 * inlined, so each page is one self-contained file.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Handlers, State } from 'mdast-util-to-hast';
import { toHast } from 'mdast-util-to-hast';
import { toHtml } from 'hast-util-to-html';
import type { Nodes, Root, RootContent } from 'mdast';
import type { DocumentModel } from '../../document/model.js';
import { chapterFilePath } from '../../document/paths.js';
import { fillLayout } from '../../theme/layout.js';
import type { Theme } from '../../theme/theme.js';
import { indexRank } from '../../theme/wording.js';
import type { Report } from '../../tree/types.js';
import { htmlRoles } from '../../vocabulary/html.js';
import { unrenderable, type RenderProblem } from '../problems.js';
import { createHtmlContent, htmlModel, type HtmlState } from './handlers.js';
import { themeCss } from './theme-css.js';

/** Everything the HTML renderer reads besides the document; loaded once per build. */
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
  render(document: DocumentModel): RenderedHtml;
  renderIndex(reports: readonly Report[]): string;
}

/** Numeric character references only: the same bytes whatever the reader's entity tables. */
const serialization = { characterReferences: { useNamedReferences: false } } as const;

/** The HTML renderer for one set of templates: the stylesheet is made once and reused for every chapter. */
export function createHtmlRenderer(templates: HtmlTemplates): HtmlRenderer {
  const stylesheet = css(templates);

  return {
    render(document) {
      const problems: RenderProblem[] = [];
      const report = (problem: RenderProblem): void => {
        problems.push(problem);
      };
      // The root of a piece of Markdown: its children as they are (the model's handlers place them).
      const root = (state: State, node: Root): HastRoot => ({ type: 'root', children: state.all(node) });
      const handlers = { ...createHtmlContent(report), root } as unknown as Handlers;
      const unknownHandler = (_state: unknown, node: Nodes): undefined => {
        report(unrenderable('HTML', node));
        return undefined;
      };
      const state: HtmlState = {
        markdown: (nodes) => {
          const converted = toHast({ type: 'root', children: nodes as RootContent[] }, { handlers, unknownHandler });
          return converted.type === 'root' ? (converted.children as ElementContent[]) : [];
        },
        question: undefined,
      };
      const content = toHtml({ type: 'root', children: htmlModel.document(state, document) }, serialization);
      const { metadata } = document;
      const html = fillLayout(templates.layout, {
        lang: metadata.language,
        title: metadata.title,
        description: metadata.description,
        generator: templates.generator,
        css: stylesheet,
        indexHref: '../index.html',
        edition: metadata.edition,
        publisher: metadata.publisher,
        year: String(metadata.year),
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
      cell(htmlRoles.indexRank.element, [textNode(indexRank(theme, report))], { className: [htmlRoles.indexRank.className] }),
    ]),
  );
  const editionTitle = first?.edition.title ?? theme.labels.indexTitle;
  const body: HastRoot = {
    type: 'root',
    children: [
      cell(htmlRoles.index.element, [
        cell(htmlRoles.titlePage.element, [cell(htmlRoles.edition.element, [textNode(editionTitle)], { className: [htmlRoles.edition.className] }), cell('h1', [textNode(theme.labels.indexTitle)])], { className: [htmlRoles.titlePage.className] }),
        cell(htmlRoles.indexTable.element, [
          cell('caption', [textNode(theme.labels.indexCaption)]),
          cell('thead', [cell('tr', [cell('th', [textNode(theme.labels.indexCountry)], { scope: 'col' }), cell('th', [textNode(theme.labels.indexCategory)], { scope: 'col' }), cell('th', [textNode(theme.labels.indexRank)], { scope: 'col' })])]),
          cell('tbody', rows),
        ], { className: [htmlRoles.indexTable.className] }),
      ], { className: [htmlRoles.index.className] }),
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
    content: toHtml(body, serialization),
  });
}
