/**
 * A chapter's publication details (src/tree/types.ts `Publication`): who wrote and edited it, its
 * licence, copyright line, address and assessment period, from edition.yaml and the chapter's front
 * matter, and its suggested citation, formatted by the edition's citation style as a chapter in the
 * edition (its editors, publisher and year).
 */
import type { PhrasingContent } from 'mdast';
import { licenceOf } from '../source/licences.js';
import type { Edition } from '../source/edition.js';
import type { EditionInfo, Publication } from '../tree/types.js';
import type { ChapterWork } from '../bibliography/work.js';

/**
 * A chapter, a country report or the edition as a work to cite: what its suggested citation is made
 * of (the build turns it into a CSL item). One type with the bibliography's, which makes that item.
 */
export type PublishedWork = ChapterWork;

/** Formats a work as the edition's citation style does a bibliography entry. */
export type WorkFormatter = (work: PublishedWork) => PhrasingContent[];

/** What the report tree keeps of edition.yaml. */
export function editionInfo(edition: Edition): EditionInfo {
  return {
    title: edition.title,
    publisher: edition.publisher,
    year: edition.year,
    language: edition.language,
    date: edition.date,
    ...(edition.countries ? { countryCount: edition.countries.length } : {}),
  };
}

interface ChapterDetails {
  readonly edition: Edition;
  readonly frontMatter: { readonly country: string; readonly category: string; readonly authors?: readonly string[] | undefined; readonly url?: string | undefined; readonly doi?: string | undefined };
  readonly countrySlug: string;
  readonly categoryTitle: string;
  /** "Japan: Coordination" */
  readonly title: string;
}

/** An address pattern of edition.yaml with the chapter's country and category slugs put in. */
export function fillAddress(pattern: string, chapter: { readonly countrySlug: string; readonly categoryId: string }): string {
  return pattern.replaceAll('{country}', chapter.countrySlug).replaceAll('{category}', chapter.categoryId);
}

/** A country report's address and DOI (edition.yaml's `reportUrl` and `reportDoi`, its country's slug put in): its imprint's, and the edition volume's list of reports'. */
export function reportAddresses(edition: Edition, countrySlug: string): { readonly url?: string; readonly doi?: string } {
  const place = { countrySlug, categoryId: '' };
  return { ...(edition.reportUrl === undefined ? {} : { url: fillAddress(edition.reportUrl, place) }), ...(edition.reportDoi === undefined ? {} : { doi: fillAddress(edition.reportDoi, place) }) };
}

/**
 * A country report's publication details, for its imprint page: its chapters' authors (each once, in
 * order), the edition's editors, licence, copyright and period, the report's ISBN when edition.yaml
 * gives one, and its suggested citation as a part of the edition.
 */
export function countryReportPublicationOf(
  edition: Edition,
  book: { readonly country: string; readonly countrySlug: string; readonly title: string },
  chapters: readonly (Publication | undefined)[],
  formatWork: WorkFormatter,
): Publication {
  const authors = [...new Set(chapters.flatMap((chapter) => chapter?.authors ?? []))];
  const editors = edition.editors ?? [];
  const isbn = edition.isbn?.countries && Object.hasOwn(edition.isbn.countries, book.country) ? edition.isbn.countries[book.country] : undefined;
  const { url, doi } = reportAddresses(edition, book.countrySlug);
  const addresses = { ...(doi === undefined ? {} : { doi }), ...(url === undefined ? {} : { url }) };
  return {
    ...editionWide(edition, isbn),
    authors,
    ...(url === undefined ? {} : { url, urlFrom: 'edition' }),
    ...(doi === undefined ? {} : { doi, doiFrom: 'edition' }),
    citation: formatWork({ title: book.title, container: edition.title, authors, editors, publisher: edition.publisher, year: edition.year, ...addresses }),
  };
}

/**
 * The edition volume's publication details, for its imprint page: the edition's editors, licence,
 * copyright and period, its own address, DOI and ISBN, and its suggested citation as the edited book
 * the edition is.
 */
export function editionPublicationOf(edition: Edition, formatWork: WorkFormatter): Publication {
  const { url, doi } = edition;
  const addresses = { ...(doi === undefined ? {} : { doi }), ...(url === undefined ? {} : { url }) };
  return {
    ...editionWide(edition, edition.isbn?.edition),
    ...(url === undefined ? {} : { url, urlFrom: 'edition' }),
    ...(doi === undefined ? {} : { doi, doiFrom: 'edition' }),
    citation: formatWork({ form: 'book', title: edition.title, container: edition.title, authors: [], editors: edition.editors ?? [], publisher: edition.publisher, year: edition.year, ...addresses }),
  };
}

/** What every book's imprint takes from edition.yaml as it is: its editors, licence, copyright line and period. */
function editionWide(edition: Edition, isbn: string | undefined): Omit<Publication, 'citation'> {
  const licence = edition.licence === undefined ? undefined : licenceOf(edition.licence);
  return {
    authors: [],
    authorsFrom: 'edition',
    editors: edition.editors ?? [],
    ...(licence ? { licence } : {}),
    ...(edition.copyright === undefined ? {} : { copyright: edition.copyright }),
    ...(edition.period ? { period: { from: edition.period.from, to: edition.period.to } } : {}),
    ...(isbn === undefined ? {} : { isbn }),
  };
}

export function publicationOf(chapter: ChapterDetails, formatWork: WorkFormatter): Publication {
  const { edition, frontMatter } = chapter;
  const place = { countrySlug: chapter.countrySlug, categoryId: frontMatter.category };
  const editionAuthors = edition.authors && Object.hasOwn(edition.authors, frontMatter.country) ? edition.authors[frontMatter.country] : undefined;
  const authors = frontMatter.authors ?? editionAuthors ?? [];
  const url = frontMatter.url ?? (edition.chapterUrl === undefined ? undefined : fillAddress(edition.chapterUrl, place));
  const doi = frontMatter.doi ?? (edition.chapterDoi === undefined ? undefined : fillAddress(edition.chapterDoi, place));
  const licence = edition.licence === undefined ? undefined : licenceOf(edition.licence);
  const editors = edition.editors ?? [];
  const work: PublishedWork = {
    title: chapter.title,
    container: edition.title,
    authors,
    editors,
    publisher: edition.publisher,
    year: edition.year,
    ...(doi === undefined ? {} : { doi }),
    ...(url === undefined ? {} : { url }),
  };
  return {
    authors,
    authorsFrom: frontMatter.authors ? 'chapter' : 'edition',
    editors,
    ...(licence ? { licence } : {}),
    ...(edition.copyright === undefined ? {} : { copyright: edition.copyright }),
    ...(url === undefined ? {} : { url, urlFrom: frontMatter.url === undefined ? 'edition' : 'chapter' }),
    ...(doi === undefined ? {} : { doi, doiFrom: frontMatter.doi === undefined ? 'edition' : 'chapter' }),
    ...(edition.period ? { period: { from: edition.period.from, to: edition.period.to } } : {}),
    citation: formatWork(work),
  };
}
