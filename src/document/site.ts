/**
 * The web edition's pages beside the chapters (issue 17), format-neutral like the document model:
 * the presentation step (`present/site.ts`) decides what each page says, where it is and what it
 * links to; the HTML writer (`render/html/site.ts`) maps it onto elements. A chapter page gets its
 * `ChapterNavigation` (breadcrumb, previous and next, downloads) the same way.
 *
 * Every place is a path relative to the output folder (`html/japan/coordination.html`,
 * `pdf/japan.pdf`); the writer makes each link relative to the page it stands on, so the site reads
 * from a folder, from `file://` and from any static server with the output folder as its root.
 */
import type { Anchor, Chart } from './model.js';

/** Where a link leads: a file of the output folder, and in an HTML page an anchor of it. */
export interface SiteTarget {
  /** Relative to the output folder: `html/japan/coordination.html`, `pdf/japan.pdf`. */
  readonly path: string;
  readonly anchor?: Anchor;
}

export interface SiteLink {
  readonly text: string;
  readonly to: SiteTarget;
  /** Words for screen readers that say more than the text (a download's format and size). */
  readonly description?: string;
}

/** A table cell: its text, a link when it names a page. */
export interface SiteCell {
  readonly text: string;
  readonly to?: SiteTarget;
}

export interface SiteTable {
  readonly kind: 'table';
  readonly caption: string;
  readonly columns: readonly string[];
  /** Which columns hold numbers (aligned for comparison). */
  readonly numeric: readonly boolean[];
  /** The first cell of each row heads it. */
  readonly rows: readonly (readonly SiteCell[])[];
}

export interface SiteLinkList {
  readonly kind: 'links';
  readonly items: readonly SiteLink[];
}

export interface SiteParagraph {
  readonly kind: 'paragraph';
  readonly text: string;
}

/** The search page's form and the place its results go (filled by the script, when it runs). */
export interface SiteSearch {
  readonly kind: 'search';
  /** What the page says before a search, and without a script: where to browse instead. */
  readonly without: string;
}

export interface SiteSection {
  readonly kind: 'section';
  /** Unique in the page: the heading's id. */
  readonly id: string;
  readonly heading: string;
  readonly children: readonly SiteBlock[];
}

/** A chart: the category page's ranking, the indicator page's scores (the model's kind, drawn as in a chapter). */
export interface SiteChart {
  readonly kind: 'chart';
  readonly chart: Chart;
}

export type SiteBlock = SiteTable | SiteLinkList | SiteParagraph | SiteSearch | SiteSection | SiteChart;

/** What every page of the site has around its content: the search form in the masthead, a breadcrumb above it. */
export interface SiteChrome {
  /** The home page: the masthead's link. */
  readonly home: SiteTarget;
  readonly search: { readonly page: SiteTarget; readonly label: string; readonly button: string };
  /** Its name for screen readers ("Breadcrumb"). */
  readonly breadcrumbLabel: string;
  /** From the home page to the page's parent; the page itself last, without a link. */
  readonly breadcrumb: readonly SiteCell[];
}

export interface SitePage {
  readonly kind: 'home' | 'country' | 'category' | 'indicator' | 'search';
  /** Relative to the output folder: `html/countries/japan.html`. */
  readonly path: string;
  readonly language: string;
  /** The document's title (the browser's tab). */
  readonly title: string;
  readonly description: string;
  readonly edition: string;
  readonly publisher: string;
  readonly year: string;
  readonly chrome: SiteChrome;
  readonly heading: string;
  /** Under the heading: a rank, or what the page lists. */
  readonly lead?: string;
  readonly children: readonly SiteBlock[];
  /** The search page's scripts, relative to the output folder, in the order they load. */
  readonly scripts?: readonly string[];
}

/**
 * The output folder's own `index.html`: for a reader who opens the folder (or serves it as a site's
 * root), a page that leads to the web edition's home page at once, with a link for one whose browser
 * does not follow the refresh.
 */
export interface SiteEntry {
  /** Relative to the output folder: `index.html`. */
  readonly path: string;
  readonly language: string;
  /** The document's title and its heading: the edition's title. */
  readonly title: string;
  readonly link: SiteLink;
}

/** What a chapter page has besides its chapter: the site's chrome, previous and next in its country, its downloads. */
export interface ChapterNavigation {
  /** The chapter page, relative to the output folder: `html/japan/coordination.html`. */
  readonly path: string;
  readonly chrome: SiteChrome;
  readonly pagerLabel: string;
  readonly previous?: SiteLink;
  readonly next?: SiteLink;
  readonly downloadsHeading: string;
  readonly downloads: readonly SiteLink[];
}
