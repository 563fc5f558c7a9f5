/**
 * The web edition's pages beside the chapters (issue 17), decided once from the codebook and the
 * chapters' numbers (`EditionVolumeSource`, what the edition volume is made from, so the pages can
 * be made from cached chapters too): the home page, a page per country, per category and per
 * indicator, the search page; and each chapter page's navigation (breadcrumb, previous and next,
 * downloads). Pages live beside the chapters in the output folder:
 *
 *   html/index.html                    the edition: its categories, its countries, the edition volume
 *   html/countries/<country>.html      a country's categories with its ranks, its report
 *   html/categories/<category>.html    every country ranked, with the sub-categories' ranks
 *   html/indicators/<question>.html    every country's score and band, each linked to its assessment
 *   html/search.html                   the search form and its results
 *   index.html                         beside html/: leads to html/index.html (a refresh and a link)
 *
 * (`countries`, `categories`, `indicators` and `assets` are therefore no country's slug: a chapter
 * whose country has one is reported, `site-path-taken`.) Previous and next follow the country
 * report's order, the codebook's order of categories, among the country's chapters; the first has no
 * previous and the last no next (they do not run on into another country).
 */
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Anchor } from '../document/model.js';
import { chapterFilePath } from '../document/paths.js';
import type { ChapterNavigation, SiteBlock, SiteCell, SiteChrome, SiteEntry, SiteLink, SitePage, SiteTarget } from '../document/site.js';
import { label, type Theme } from '../theme/theme.js';
import { bandScores, categoryRank, chapterTitle, indexRank, scoresCaption, scoreValue } from '../theme/wording.js';
import { byRankThenCountry, compareCodeUnits, ranksOfScores } from '../tree/results.js';
import type { EditionVolumeSource, Report, VolumeCategory, VolumeQuestion } from '../tree/types.js';
import { countryBooks } from './book.js';
import { rankingChart, scoresChart } from './edition-volume.js';

/** The folders of the site's own pages: no country's slug may be one of them (its chapters would share a folder). */
export const siteFolders = ['countries', 'categories', 'indicators', 'assets'] as const;

/** Which books and chapter files the build makes, for the download links (none to a file that is not made). */
export interface SiteFormats {
  readonly pdf: boolean;
  readonly docx: boolean;
  /** The scores as data, where the build writes them (`src/data/`), for the home page's links; none when it writes none. */
  readonly data?: SiteData;
}

/** The data files' paths, relative to the output folder. */
export interface SiteData {
  readonly scoresCsv: string;
  readonly scoresJson: string;
  readonly codebookJson: string;
}

export const sitePaths = {
  /** The output folder's own index, beside html/: it leads to the home page. */
  entry: 'index.html',
  home: 'html/index.html',
  search: 'html/search.html',
  country: (slug: string) => `html/countries/${slug}.html`,
  category: (id: string) => `html/categories/${id}.html`,
  indicator: (id: string) => `html/indicators/${id}.html`,
  chapter: (chapter: ChapterPlace) => `html/${chapterFilePath(chapter, 'html')}`,
  /** The search page's scripts: the search library, the index, the page's own. */
  scripts: ['html/assets/minisearch.js', 'html/assets/search-index.js', 'html/assets/search.js'],
} as const;

/** What a chapter page's navigation needs to know of a chapter. */
export type ChapterPlace = Pick<Report, 'country' | 'countrySlug' | 'categoryId' | 'categoryTitle'>;

function chrome(theme: Theme, breadcrumb: readonly SiteCell[]): SiteChrome {
  return {
    home: { path: sitePaths.home },
    search: { page: { path: sitePaths.search }, label: theme.labels.siteSearchLabel, button: theme.labels.siteSearch },
    breadcrumbLabel: theme.labels.siteBreadcrumb,
    breadcrumb: [{ text: theme.labels.siteHome, to: { path: sitePaths.home } }, ...breadcrumb],
  };
}

/**
 * Each chapter's navigation, in the order given: the breadcrumb (home › country › category), the
 * country's previous and next chapter, and the downloads the build makes (the chapter's PDF and DOCX,
 * its country's report).
 */
export function chapterNavigations(chapters: readonly ChapterPlace[], categoryOrder: readonly string[], formats: SiteFormats, theme: Theme): ChapterNavigation[] {
  const neighbours = new Map<number, { previous?: ChapterPlace; next?: ChapterPlace }>();
  for (const indices of countryBooks(chapters, categoryOrder).values()) {
    indices.forEach((index, place) => {
      const previous = chapters[indices[place - 1] ?? -1];
      const next = chapters[indices[place + 1] ?? -1];
      neighbours.set(index, { ...(previous ? { previous } : {}), ...(next ? { next } : {}) });
    });
  }
  return chapters.map((chapter, index) => {
    const { previous, next } = neighbours.get(index) ?? {};
    const link = (name: 'sitePrevious' | 'siteNext', to: ChapterPlace): SiteLink => ({ text: label(theme, name, { title: to.categoryTitle }), to: { path: sitePaths.chapter(to) } });
    const file = (format: 'pdf' | 'docx'): string => `${format}/${chapterFilePath(chapter, format)}`;
    const downloads: SiteLink[] = [
      ...(formats.pdf ? [{ text: theme.labels.siteChapterPrint, to: { path: file('pdf') } }] : []),
      ...(formats.docx ? [{ text: theme.labels.siteChapterWord, to: { path: file('docx') } }] : []),
      ...reportDownloads(theme, chapter, formats),
    ];
    return {
      path: sitePaths.chapter(chapter),
      chrome: chrome(theme, [{ text: chapter.country, to: { path: sitePaths.country(chapter.countrySlug) } }, { text: chapter.categoryTitle }]),
      pagerLabel: label(theme, 'sitePager', { country: chapter.country }),
      ...(previous ? { previous: link('sitePrevious', previous) } : {}),
      ...(next ? { next: link('siteNext', next) } : {}),
      downloadsHeading: theme.labels.siteDownloads,
      downloads,
    };
  });
}

function reportDownloads(theme: Theme, country: Pick<ChapterPlace, 'country' | 'countrySlug'>, formats: SiteFormats): SiteLink[] {
  return [
    ...(formats.pdf ? [{ text: label(theme, 'siteReportPrint', { country: country.country }), to: { path: `pdf/${country.countrySlug}.pdf` } }] : []),
    ...(formats.docx ? [{ text: label(theme, 'siteReportWord', { country: country.country }), to: { path: `docx/${country.countrySlug}.docx` } }] : []),
  ];
}

interface SiteState {
  readonly theme: Theme;
  readonly source: EditionVolumeSource;
  readonly formats: SiteFormats;
  /** The categories with at least one chapter, in the codebook's order. */
  readonly categories: readonly VolumeCategory[];
  /** Each country with chapters, by name in code-unit order: its slug and name. */
  readonly countries: readonly { readonly slug: string; readonly name: string }[];
}

/** Every page of the site beside the chapters, in a fixed order (home, countries, categories, indicators, search). */
export function presentSite(source: EditionVolumeSource, formats: SiteFormats, theme: Theme): SitePage[] {
  const withChapters = new Set(source.chapters.map((chapter) => chapter.categoryId));
  const names = new Map<string, string>();
  for (const chapter of source.chapters) names.set(chapter.countrySlug, chapter.country);
  const state: SiteState = {
    theme,
    source,
    formats,
    categories: source.categories.filter((category) => withChapters.has(category.id)),
    countries: [...names].map(([slug, name]) => ({ slug, name })).sort((a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.slug, b.slug)),
  };
  const indicators = state.categories.flatMap((category) => category.subcategories.flatMap((subcategory) => subcategory.questions.map((question) => indicatorPage(state, category, question))));
  return [homePage(state), ...state.countries.map((country) => countryPage(state, country)), ...state.categories.map((category) => categoryPage(state, category)), ...indicators, searchPage(state)];
}

function page(state: SiteState, fields: Pick<SitePage, 'kind' | 'path' | 'heading' | 'chrome' | 'children'> & Partial<Pick<SitePage, 'lead' | 'scripts'>>): SitePage {
  const { edition } = state.source;
  const title = fields.kind === 'home' ? edition.title : `${fields.heading} — ${edition.title}`;
  return {
    language: edition.language,
    title,
    description: fields.lead ? `${title}: ${fields.lead}` : title,
    edition: edition.title,
    publisher: edition.publisher,
    year: String(edition.year),
    ...fields,
  };
}

function homePage(state: SiteState): SitePage {
  const { theme, source } = state;
  const volume = theme.labels.editionVolumeTitle;
  const downloads: SiteLink[] = [
    ...(state.formats.pdf ? [{ text: label(theme, 'siteVolumePrint', { volume }), to: { path: 'pdf/edition.pdf' } }] : []),
    ...(state.formats.docx ? [{ text: label(theme, 'siteVolumeWord', { volume }), to: { path: 'docx/edition.docx' } }] : []),
  ];
  const children: SiteBlock[] = [
    { kind: 'section', id: 'categories', heading: theme.labels.siteCategories, children: [{ kind: 'links', items: state.categories.map((category) => ({ text: category.title, to: { path: sitePaths.category(category.id) } })) }] },
    { kind: 'section', id: 'countries', heading: theme.labels.siteCountries, children: [{ kind: 'links', items: state.countries.map((country) => ({ text: country.name, to: { path: sitePaths.country(country.slug) } })) }] },
    ...(downloads.length > 0 ? [{ kind: 'section', id: 'downloads', heading: theme.labels.siteDownloads, children: [{ kind: 'links', items: downloads }] } as const] : []),
    ...dataSection(state),
  ];
  return page(state, {
    kind: 'home',
    path: sitePaths.home,
    heading: source.edition.title,
    lead: label(theme, 'siteEditionLead', { countries: state.countries.length, categories: state.categories.length }),
    chrome: { ...chrome(theme, []), breadcrumb: [] },
    children,
  });
}

/** The home page's links to the scores as data (each file's JSON Schema is named in the file itself, `$schema`). */
function dataSection(state: SiteState): SiteBlock[] {
  const { data } = state.formats;
  if (!data) return [];
  const { labels } = state.theme;
  const items: SiteLink[] = [
    { text: labels.siteDataScoresCsv, to: { path: data.scoresCsv } },
    { text: labels.siteDataScoresJson, to: { path: data.scoresJson } },
    { text: labels.siteDataCodebook, to: { path: data.codebookJson } },
  ];
  return [{ kind: 'section', id: 'data', heading: labels.siteData, children: [{ kind: 'paragraph', text: labels.siteDataLead }, { kind: 'links', items }] }];
}

/** The output folder's own index: it leads to the home page. */
export function presentSiteEntry(source: EditionVolumeSource, theme: Theme): SiteEntry {
  const { edition } = source;
  return { path: sitePaths.entry, language: edition.language, title: edition.title, link: { text: label(theme, 'siteEntry', { edition: edition.title }), to: { path: sitePaths.home } } };
}

function countryPage(state: SiteState, country: { readonly slug: string; readonly name: string }): SitePage {
  const { theme, source } = state;
  const chapters = state.categories.flatMap((category) => {
    const chapter = source.chapters.find((entry) => entry.countrySlug === country.slug && entry.categoryId === category.id);
    return chapter ? [{ category, chapter }] : [];
  });
  const rows = chapters.map(({ category, chapter }): SiteCell[] => [
    { text: category.title, to: { path: sitePaths.chapter({ ...chapter, categoryTitle: category.title }) } },
    { text: categoryRank(theme, { edition: source.edition, rank: chapter.rank }) },
    { text: theme.labels.siteAllCountries, to: { path: sitePaths.category(category.id) } },
  ]);
  const downloads = reportDownloads(theme, { country: country.name, countrySlug: country.slug }, state.formats);
  return page(state, {
    kind: 'country',
    path: sitePaths.country(country.slug),
    heading: country.name,
    chrome: chrome(theme, [{ text: country.name }]),
    children: [
      { kind: 'table', caption: label(theme, 'siteCountryCaption', { country: country.name }), columns: [theme.labels.indexCategory, theme.labels.indexRank, theme.labels.siteCompare], numeric: [false, true, false], rows },
      ...(downloads.length > 0 ? [{ kind: 'section', id: 'downloads', heading: theme.labels.siteDownloads, children: [{ kind: 'links', items: downloads }] } as const] : []),
    ],
  });
}


function categoryPage(state: SiteState, category: VolumeCategory): SitePage {
  const { theme, source } = state;
  const chapters = source.chapters.filter((chapter) => chapter.categoryId === category.id).sort(byRankThenCountry);
  const rows = chapters.map((chapter): SiteCell[] => [
    { text: chapter.country, to: { path: sitePaths.chapter({ ...chapter, categoryTitle: category.title }) } },
    { text: indexRank(theme, { edition: source.edition, rank: chapter.rank }) },
    ...category.subcategories.map((subcategory): SiteCell => {
      const rank = chapter.subcategories.find((entry) => entry.id === subcategory.id)?.rank;
      return { text: rank === undefined ? '–' : indexRank(theme, { edition: source.edition, rank }) };
    }),
  ]);
  const indicators: SiteBlock[] = category.subcategories.map((subcategory) => ({
    kind: 'section',
    id: `subcategory-${subcategory.id}`,
    heading: subcategory.title,
    children: [{ kind: 'links', items: subcategory.questions.map((question) => ({ text: question.indicator, to: { path: sitePaths.indicator(question.id) } })) }],
  }));
  return page(state, {
    kind: 'category',
    path: sitePaths.category(category.id),
    heading: category.title,
    chrome: chrome(theme, [{ text: category.title }]),
    children: [
      { kind: 'table', caption: label(theme, 'ranksCaption', { category: category.title }), columns: [theme.labels.indexCountry, category.title, ...category.subcategories.map((subcategory) => subcategory.title)], numeric: [false, true, ...category.subcategories.map(() => true)], rows },
      // The ranking as a chart, as in the edition volume: each country's mean score on 0 to 10.
      { kind: 'chart', chart: rankingChart(theme, category, chapters) },
      { kind: 'section', id: 'indicators', heading: label(theme, 'siteIndicatorsCaption', { category: category.title }), children: indicators },
    ],
  });
}

function indicatorPage(state: SiteState, category: VolumeCategory, question: VolumeQuestion): SitePage {
  const { theme, source } = state;
  const scored = source.chapters.flatMap((chapter) => {
    const score = chapter.categoryId === category.id ? chapter.scores.find((entry) => entry.questionId === question.id)?.score : undefined;
    return score === undefined ? [] : [{ chapter, score }];
  });
  const ranks = ranksOfScores(scored.map((entry) => entry.score));
  const rows = scored
    .map((entry, index) => ({ ...entry, rank: ranks[index] ?? 0 }))
    .sort((a, b) => a.rank - b.rank || compareCodeUnits(a.chapter.country, b.chapter.country))
    .map(({ chapter, score, rank }): SiteCell[] => {
      const band = question.bands.find((entry) => entry.low <= score && score <= entry.high);
      const anchor: Anchor = { kind: 'question', id: question.id };
      const target: SiteTarget = { path: sitePaths.chapter({ ...chapter, categoryTitle: category.title }), anchor };
      return [{ text: chapter.country, to: target }, { text: scoreValue(theme, { value: score, scaleMin: question.scaleMin, scaleMax: question.scaleMax }) }, { text: band ? bandScores(band) : '–' }, { text: String(rank) }];
    });
  return page(state, {
    kind: 'indicator',
    path: sitePaths.indicator(question.id),
    heading: question.indicator,
    lead: question.text,
    chrome: chrome(theme, [{ text: category.title, to: { path: sitePaths.category(category.id) } }, { text: question.indicator }]),
    children: [
      { kind: 'paragraph', text: theme.labels.siteScoresLead },
      { kind: 'table', caption: scoresCaption(theme, question.indicator, rows.length, source.edition), columns: [theme.labels.indexCountry, theme.labels.score, theme.labels.siteBand, theme.labels.indicatorRank], numeric: [false, true, true, true], rows },
      { kind: 'chart', chart: scoresChart(theme, question, source.chapters.filter((chapter) => chapter.categoryId === category.id)) },
    ],
  });
}

function searchPage(state: SiteState): SitePage {
  const { theme } = state;
  return page(state, {
    kind: 'search',
    path: sitePaths.search,
    heading: theme.labels.siteSearch,
    chrome: chrome(theme, [{ text: theme.labels.siteSearch }]),
    children: [{ kind: 'search', without: theme.labels.siteSearchWithout }],
    scripts: sitePaths.scripts,
  });
}

/** One searchable part of a chapter: its key findings, or a question's assessment. */
export interface SearchEntry {
  /** The chapter page, relative to the output folder. */
  readonly path: string;
  readonly anchor: Anchor;
  /** The chapter's title: "Japan: Coordination". */
  readonly chapter: string;
  /** The part's title: "Key Findings", or the question's indicator. */
  readonly heading: string;
  readonly text: string;
}

/** What a reader can search for in a chapter, in its order; the words as the chapter page shows them. */
export function searchEntries(report: Report, theme: Theme): SearchEntry[] {
  const plainText = (node: Nodes): string => toString(node).replace(/\s+/gu, ' ').trim();
  const path = sitePaths.chapter(report);
  const chapter = chapterTitle(theme, report);
  const entries: SearchEntry[] = [];
  for (const child of report.children) {
    if (child.type === 'keyFindings') entries.push({ path, anchor: { kind: 'keyFindings' }, chapter, heading: theme.labels.keyFindings, text: plainText(child) });
    if (child.type !== 'subCategory') continue;
    for (const question of child.children) {
      const indicator = question.children.find((part) => part.type === 'indicator');
      const assessment = question.children.find((part) => part.type === 'assessment');
      entries.push({ path, anchor: { kind: 'question', id: question.id }, chapter, heading: indicator ? plainText(indicator) : question.id, text: assessment ? plainText(assessment) : '' });
    }
  }
  return entries;
}
