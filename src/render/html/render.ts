/**
 * The HTML edition: the document model through the HTML handlers into hast (the Markdown inside it
 * through mdast-util-to-hast), serialized and placed in the layout template with the stylesheet
 * inlined, so each page is one self-contained file.
 */
import path from 'node:path';
import type { ElementContent, Root as HastRoot } from 'hast';
import type { Handlers, State } from 'mdast-util-to-hast';
import { toHast } from 'mdast-util-to-hast';
import { toHtml } from 'hast-util-to-html';
import type { Nodes, Root, RootContent } from 'mdast';
import type { DocumentModel } from '../../document/model.js';
import type { ChapterNavigation, SiteEntry, SitePage } from '../../document/site.js';
import { chapterFilePath } from '../../document/paths.js';
import { fillLayout } from '../../theme/layout.js';
import type { Theme } from '../../theme/theme.js';
import type { Report } from '../../tree/types.js';
import { unrenderable, type RenderProblem } from '../problems.js';
import { createHtmlContent, htmlModel, type HtmlState } from './handlers.js';
import { chapterSiteFields, siteEntryHtml, sitePageParts } from './site.js';
import { fontFaceRule, themeCss, type FontFace } from './theme-css.js';

/** Everything the HTML renderer reads besides the document; loaded once per build. */
export interface HtmlTemplates {
  readonly theme: Theme;
  readonly layout: string;
  readonly stylesheet: string;
  /** e.g. "rubricpress 0.1.0" */
  readonly generator: string;
  /** The theme's fonts as the web edition serves them; none: the reader's fonts named by the theme. */
  readonly fontFaces?: readonly FontFace[];
}

export interface RenderedHtml {
  readonly html: string;
  readonly problems: readonly RenderProblem[];
}

/** The theme's fonts as the site serves them (subset WOFF2 in html/assets/fonts/), the theme as custom properties, the stylesheet. */
function css(templates: HtmlTemplates, page: string): string {
  const faces = (templates.fontFaces ?? []).map((face) => fontFaceRule(face, path.posix.relative(path.posix.dirname(page), face.path)));
  return `${faces.map((rule) => `${rule}\n`).join('')}${themeCss(templates.theme)}\n${templates.stylesheet.trim()}`;
}

export interface HtmlRenderer {
  /** A chapter's (or a book's) page; with its navigation, a page of the web edition. */
  render(document: DocumentModel, navigation?: ChapterNavigation): RenderedHtml;
  /** A page of the web edition beside the chapters (`present/site.ts`). */
  renderSitePage(page: SitePage): string;
  /** The output folder's own index.html, which leads to the home page. */
  renderSiteEntry(entry: SiteEntry): string;
}

/** Numeric character references only: the same bytes whatever the reader's entity tables. */
const serialization = { characterReferences: { useNamedReferences: false } } as const;

/** The HTML renderer for one set of templates: the stylesheet is made once for each folder depth and reused for every page. */
export function createHtmlRenderer(templates: HtmlTemplates): HtmlRenderer {
  const stylesheets = new Map<string, string>();
  // The fonts' addresses are relative to the page: a stylesheet for each folder a page stands in.
  const stylesheetFor = (page: string): string => {
    const folder = path.posix.dirname(page);
    let made = stylesheets.get(folder);
    if (made === undefined) {
      made = css(templates, page);
      stylesheets.set(folder, made);
    }
    return made;
  };

  return {
    render(document, navigation) {
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
        theme: templates.theme,
      };
      const content = toHtml({ type: 'root', children: htmlModel.document(state, document) }, serialization);
      const { metadata } = document;
      // A chapter page stands in its country's folder (html/japan/coordination.html).
      const site = navigation ? chapterSiteFields(navigation) : { indexHref: '../index.html', searchForm: '', breadcrumb: '', pageNavigation: '', scripts: '' };
      const html = fillLayout(templates.layout, {
        lang: metadata.language,
        title: metadata.title,
        description: metadata.description,
        generator: templates.generator,
        css: stylesheetFor(navigation?.path ?? 'html/country/chapter.html'),
        edition: metadata.edition,
        publisher: metadata.publisher,
        year: String(metadata.year),
        content,
        ...site,
      });
      return { html, problems };
    },
    renderSitePage(page) {
      const parts = sitePageParts(page, templates.theme);
      return fillLayout(templates.layout, {
        lang: page.language,
        title: page.title,
        description: page.description,
        generator: templates.generator,
        css: stylesheetFor(page.path),
        edition: page.edition,
        publisher: page.publisher,
        year: page.year,
        ...parts,
      });
    },
    renderSiteEntry: siteEntryHtml,
  };
}

/** Where a chapter's HTML goes, relative to the HTML folder: `japan/coordination.html`. */
export function chapterHtmlPath(report: Pick<Report, 'countrySlug' | 'categoryId'>): string {
  return chapterFilePath(report, 'html');
}
