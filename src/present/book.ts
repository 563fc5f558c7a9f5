/**
 * Books: several chapters behind one cover and one contents list. A country report binds every
 * chapter of one country, in the codebook's order of categories; each chapter opens on its own title
 * page (the one its own document has: its title, rank and publication details), then its pages under
 * a running head naming the country and the category, and its anchors carry its category
 * (`coordination--key-findings`) so that no two chapters' names meet. Footnotes are numbered within
 * each chapter, as in the chapter's own document (Word restarts them at each chapter's section), so
 * that a chapter's pages in a book are those of its own PDF.
 */
import type { Chapter, DocumentModel, FrontMatter } from '../document/model.js';
import { label, type Theme } from '../theme/theme.js';
import { bookRunningHead, categoryRank, countryReportTitle } from '../theme/wording.js';
import type { Publication, Report, ReportTree } from '../tree/types.js';
import { presentImprint } from './imprint.js';
import { compareCodeUnits } from '../tree/results.js';
import { contentsEntries } from './contents.js';
import { furnitureOf, heading, locked, metadataOf, presentChapter } from './present.js';

/** What makes a country report other than its chapters. */
export interface CountryReportOptions {
  /** Every country's chapters in one volume (`--book all`). */
  readonly all?: boolean;
  /** The report's publication details: an imprint page after the cover. */
  readonly publication?: Publication;
}

/**
 * A country report: the country's chapters (trees of one country, one per category) in the order
 * given; with `all`, every country's chapters in one volume (`--book all`), under the title of the
 * reports' list.
 */
export function presentCountryReport(trees: readonly ReportTree[], theme: Theme, book: CountryReportOptions = {}): DocumentModel {
  const all = book.all === true;
  const reports = trees.map((tree) => tree.children[0]);
  const first = reports[0];
  if (!first) throw new Error('A country report needs at least one chapter.');
  const { edition, country } = first;
  const chapters = reports.map((report): Chapter => presentBookChapter(theme, report, all));
  const title = all ? theme.labels.reportsPart : countryReportTitle(theme, country);
  const front: FrontMatter[] = [
    {
      kind: 'titlePage',
      edition: edition.title,
      editionLocked: locked('te', 'the edition’s title', { kind: 'edition', field: 'title' }),
      title: heading('title', title, { anchor: { kind: 'title' }, outline: 1, locked: locked('tt', 'the country report’s title (the chapters’ `country`)', { kind: 'label', label: 'countryReportTitle' }) }),
      ...(all ? {} : { subtitle: { text: theme.labels.countryReport, locked: locked('ts', `the label “${theme.labels.countryReport}”`, { kind: 'label', label: 'countryReport' }) } }),
      imprint: `${edition.publisher} · ${String(edition.year)}`,
      imprintLocked: locked('ti', 'the edition’s publisher and year', { kind: 'edition', field: 'publisher' }),
    },
  ];
  // The imprint on a page of its own, after the cover.
  const imprint = book.publication && presentImprint(theme, book.publication, edition.language, { frontMatter: undefined, of: 'report' });
  if (imprint) front.push(imprint);
  front.push({ kind: 'contents', heading: heading('contents', theme.labels.contents, { anchor: { kind: 'contents' }, outline: 1 }), entries: contentsEntries(chapters) });
  const categories = [...new Set(reports.map((report) => report.categoryTitle))];
  const countries = [...new Set(reports.map((report) => report.country))];
  const keywords = [...countries, ...categories, edition.title];
  const ranks = reports.map((report) => `${all ? `${report.country}, ` : ''}${report.categoryTitle}: ${categoryRank(theme, report)}`).join('; ');
  const description = all ? `${edition.title}: ${title}. ${ranks}.` : `${edition.title}: ${title}, ${label(theme, 'countryReport')}. ${ranks}.`;
  return {
    kind: 'document',
    metadata: metadataOf(edition, all ? `${title} — ${edition.title}` : `${title}: ${theme.labels.countryReport} — ${edition.title}`, description, keywords),
    furniture: furnitureOf(theme, bookRunningHead(theme, edition.title, all ? title : country)),
    front,
    chapters,
  };
}

/**
 * A chapter as a book binds it: opening on its own title page, its anchors named by its category (in
 * one volume of every country's, by its country as well). Its country report takes its pages from
 * the chapter's own PDF, and its Word part from the chapter's own Word file, each made once for both
 * (`renderChapter` of render/pdf/render.ts and render/docx/render.ts).
 */
export function presentBookChapter(theme: Theme, report: Report, all = false): Chapter {
  return presentChapter({ theme, part: '', language: report.edition.language, edition: report.edition, book: { chapter: all ? `${report.countrySlug}-${report.categoryId}` : report.categoryId } }, report);
}

/** The chapters of each country, in the order of the categories given (the codebook's), countries by name. */
export function countryBooks(reports: readonly Pick<Report, 'countrySlug' | 'categoryId'>[], categoryOrder: readonly string[]): Map<string, number[]> {
  const place = new Map(categoryOrder.map((id, index) => [id, index]));
  const books = new Map<string, number[]>();
  reports.forEach((report, index) => {
    const chapters = books.get(report.countrySlug) ?? [];
    chapters.push(index);
    books.set(report.countrySlug, chapters);
  });
  const order = (index: number): number => place.get(reports[index]?.categoryId ?? '') ?? Number.MAX_SAFE_INTEGER;
  for (const chapters of books.values()) chapters.sort((a, b) => order(a) - order(b) || a - b);
  return new Map([...books].sort(([a], [b]) => compareCodeUnits(a, b)));
}
