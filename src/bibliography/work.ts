/**
 * A work that is not in references.yaml — a chapter, for its suggested citation — as a CSL item of
 * type `chapter`: its authors, its title, the edition as the container, the edition's editors,
 * publisher and year, its DOI or address.
 */
import type { CslItem, CslName } from './references.js';

/** What a chapter's, a country report's or the edition's citation is made of (the transform calls it `PublishedWork`). */
export interface ChapterWork {
  /** A part of the edition (a chapter, a country report), or the edition itself (an edited book). */
  readonly form?: 'chapter' | 'book';
  readonly title: string;
  readonly container: string;
  readonly authors: readonly string[];
  readonly editors: readonly string[];
  readonly publisher: string;
  readonly year: number;
  readonly doi?: string;
  readonly url?: string;
}

export function chapterItem(work: ChapterWork): CslItem {
  const book = work.form === 'book';
  return {
    id: book ? 'book' : 'chapter',
    type: book ? 'book' : 'chapter',
    title: work.title,
    ...(book ? {} : { 'container-title': work.container }),
    publisher: work.publisher,
    issued: { 'date-parts': [[work.year]] },
    ...(work.authors.length > 0 ? { author: work.authors.map(cslName) } : {}),
    ...(work.editors.length > 0 ? { editor: work.editors.map(cslName) } : {}),
    ...(work.doi === undefined ? {} : { DOI: work.doi }),
    ...(work.url === undefined ? {} : { URL: work.url }),
  };
}

/**
 * A person's name as CSL wants it: "Family, Given" as written, else the last word the family name
 * ("Hiroko Saito"); a single word is a family name. docs/source-format.md says to write a name whose
 * family name has several words ("van der Berg, Anna") with the comma.
 */
export function cslName(name: string): CslName {
  const comma = name.indexOf(',');
  if (comma >= 0) return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() };
  const space = name.lastIndexOf(' ');
  return space < 0 ? { family: name } : { family: name.slice(space + 1), given: name.slice(0, space).trim() };
}
