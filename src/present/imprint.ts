/**
 * The imprint (src/document/model.ts `Imprint`) of a chapter: its publication details as labelled
 * lines, the wording decided once in theme/wording.ts, and the suggested citation last. Each line is
 * locked words, made in edition.yaml or (a chapter's own authors, address or DOI) its front matter.
 */
import type { Position } from 'unist';
import type { Imprint, ImprintField, ImprintLine, Locked, MadeIn } from '../document/model.js';
import type { Theme } from '../theme/theme.js';
import { imprintWording } from '../theme/wording.js';
import type { Publication } from '../tree/types.js';

/** The letter of each field in its locked words' id (`ma` the authors, `ms` the suggested citation). */
const fieldLetters: Readonly<Record<ImprintField, string>> = { authors: 'a', editors: 'e', period: 'p', copyright: 'c', licence: 'l', doi: 'd', url: 'u', isbn: 'i', citation: 's' };

/** edition.yaml's field for each line (the citation is made of them all; its authors' field stands for it). */
const editionFields: Readonly<Record<ImprintField, string>> = { authors: 'authors', editors: 'editors', period: 'period', copyright: 'copyright', licence: 'licence', doi: 'chapterDoi', url: 'chapterUrl', isbn: 'isbn', citation: 'authors' };

/** edition.yaml's fields an address comes from, by what the imprint is of. */
const addressFields = {
  chapter: { doi: 'chapterDoi', url: 'chapterUrl' },
  report: { doi: 'reportDoi', url: 'reportUrl' },
  edition: { doi: 'doi', url: 'url' },
} as const;

export interface ImprintPlace {
  /** Where the chapter's front matter starts: where its own authors, address and DOI are made. */
  readonly frontMatter: Position | undefined;
  /** A chapter's (the default), a country report's or the edition volume's imprint: where its address and DOI are made. */
  readonly of?: keyof typeof addressFields;
}

/** The imprint of a publication; none when the source gives nothing to say but the citation. */
export function presentImprint(theme: Theme, publication: Publication, language: string, place: ImprintPlace): Imprint | undefined {
  const fromChapter = (field: ImprintField): boolean =>
    (field === 'authors' && publication.authorsFrom === 'chapter') || (field === 'url' && publication.urlFrom === 'chapter') || (field === 'doi' && publication.doiFrom === 'chapter');
  const addresses = addressFields[place.of ?? 'chapter'];
  const editionField = (field: ImprintField): string => (field === 'doi' || field === 'url' ? addresses[field] : editionFields[field]);
  const made = (field: ImprintField): MadeIn => (fromChapter(field) ? { kind: 'chapter', position: place.frontMatter } : { kind: 'edition', field: editionField(field) });
  const locked = (field: ImprintField, label: string): Locked => ({ id: `m${fieldLetters[field]}`, what: `the imprint’s “${label}”`, made: made(field) });
  const lines: ImprintLine[] = imprintWording(theme, publication, language).map((line) => ({
    kind: 'imprintLine',
    field: line.field,
    label: line.label,
    children: [line.link === undefined ? { type: 'text', value: line.value } : { type: 'link', url: line.link, children: [{ type: 'text', value: line.value }] }],
    locked: locked(line.field, line.label),
  }));
  // Without any detail of its publication, a chapter's citation would say no more than its title page.
  if (lines.length === 0) return undefined;
  const citationLabel = theme.labels.imprintCitation;
  if (publication.citation.length > 0) lines.push({ kind: 'imprintLine', field: 'citation', label: citationLabel, children: publication.citation, locked: locked('citation', citationLabel) });
  return { kind: 'imprint', lines };
}
