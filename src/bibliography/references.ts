// CSL-YAML references: typed CSL items out of already-parsed data, and the required fields
// of each item type. Pure functions; the caller maps problems to file positions.

import { parse as parseYaml } from 'yaml';

/** A CSL name: a person (family/given, particles, suffix) or an organisation (literal). */
export interface CslName {
  readonly family?: string;
  readonly given?: string;
  readonly literal?: string;
  readonly suffix?: string;
  readonly 'dropping-particle'?: string;
  readonly 'non-dropping-particle'?: string;
  readonly 'comma-suffix'?: boolean;
  readonly 'static-ordering'?: boolean;
  readonly 'parse-names'?: boolean;
}

/** A CSL date: `date-parts` ([[year, month?, day?]] or a range of two), or literal/raw text. */
export interface CslDate {
  readonly 'date-parts'?: readonly (readonly (number | string)[])[];
  readonly season?: number | string;
  readonly circa?: boolean | number | string;
  readonly literal?: string;
  readonly raw?: string;
}

/** A CSL-JSON item. Fields that rubricpress does not look at stay `unknown`. */
export interface CslItem {
  readonly id: string;
  readonly type: string;
  readonly title?: string;
  readonly 'title-short'?: string;
  readonly author?: readonly CslName[];
  readonly editor?: readonly CslName[];
  readonly issued?: CslDate;
  readonly 'container-title'?: string;
  readonly 'collection-title'?: string;
  readonly 'collection-number'?: string | number;
  readonly publisher?: string;
  readonly 'publisher-place'?: string;
  readonly volume?: string | number;
  readonly issue?: string | number;
  readonly page?: string | number;
  readonly number?: string | number;
  readonly edition?: string | number;
  readonly genre?: string;
  readonly language?: string;
  readonly URL?: string;
  readonly DOI?: string;
  readonly [field: string]: unknown;
}

/** A problem with one item: its index in the list, its id when known, the field. */
export interface ReferenceProblem {
  /** Index of the item in the list (0-based); -1 for the list itself. */
  readonly index: number;
  readonly id?: string;
  /** The CSL field, e.g. "author" or "issued"; "" for the item or the list as a whole. */
  readonly field: string;
  readonly message: string;
}

export type ReferencesResult =
  | { readonly ok: true; readonly items: readonly CslItem[] }
  | {
      readonly ok: false;
      readonly problems: readonly ReferenceProblem[];
      /** The items that read without problems (an item with a problem is left out). */
      readonly items: readonly CslItem[];
    };

/** The CSL 1.0.2 item types. */
export const CSL_TYPES: ReadonlySet<string> = new Set([
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book',
  'broadcast', 'chapter', 'classic', 'collection', 'dataset', 'document', 'entry',
  'entry-dictionary', 'entry-encyclopedia', 'event', 'figure', 'graphic', 'hearing',
  'interview', 'legal_case', 'legislation', 'manuscript', 'map', 'motion_picture',
  'musical_score', 'pamphlet', 'paper-conference', 'patent', 'performance', 'periodical',
  'personal_communication', 'post', 'post-weblog', 'regulation', 'report', 'review',
  'review-book', 'software', 'song', 'speech', 'standard', 'thesis', 'treaty', 'webpage',
]);

export const NAME_FIELDS: ReadonlySet<string> = new Set([
  'author', 'chair', 'collection-editor', 'compiler', 'composer', 'container-author',
  'contributor', 'curator', 'director', 'editor', 'editorial-director', 'editor-translator',
  'executive-producer', 'guest', 'host', 'illustrator', 'interviewer', 'narrator',
  'organizer', 'original-author', 'performer', 'producer', 'recipient', 'reviewed-author',
  'script-writer', 'series-creator', 'translator',
]);

export const DATE_FIELDS: ReadonlySet<string> = new Set([
  'accessed', 'available-date', 'event-date', 'issued', 'original-date', 'submitted',
]);

export const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'chapter-number', 'citation-number', 'collection-number', 'edition', 'first-reference-note-number',
  'issue', 'locator', 'number', 'number-of-pages', 'number-of-volumes', 'page', 'page-first',
  'part-number', 'printing-number', 'section', 'supplement-number', 'version', 'volume',
]);

export const STRING_FIELDS: ReadonlySet<string> = new Set([
  'id', 'type', 'title', 'title-short', 'container-title', 'container-title-short',
  'collection-title', 'original-title', 'reviewed-title', 'publisher', 'publisher-place',
  'original-publisher', 'original-publisher-place', 'event-title', 'event-place', 'genre',
  'medium', 'status', 'language', 'URL', 'DOI', 'ISBN', 'ISSN', 'PMID', 'PMCID', 'note',
  'abstract', 'annote', 'archive', 'archive_location', 'archive-place', 'authority',
  'call-number', 'dimensions', 'jurisdiction', 'keyword', 'references', 'scale', 'source',
  'year-suffix',
]);

export const NAME_PARTS_STRING = ['family', 'given', 'literal', 'suffix', 'dropping-particle', 'non-dropping-particle'] as const;
export const NAME_PARTS_BOOLEAN = ['comma-suffix', 'static-ordering', 'parse-names'] as const;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

function checkName(value: unknown, field: string, position: number): string | undefined {
  const where = `${field}[${position}]`;
  if (!isRecord(value)) return `${where} must be a mapping with family/given or literal, not ${describe(value)}`;
  for (const part of NAME_PARTS_STRING) {
    const v = value[part];
    if (v !== undefined && typeof v !== 'string') return `${where}.${part} must be text, not ${describe(v)}`;
  }
  for (const part of NAME_PARTS_BOOLEAN) {
    const v = value[part];
    if (v !== undefined && typeof v !== 'boolean') return `${where}.${part} must be true or false`;
  }
  const text = (k: string): boolean => {
    const v = value[k];
    return typeof v === 'string' && v.trim() !== '';
  };
  if (!text('family') && !text('literal')) return `${where} needs a family name or a literal name`;
  return undefined;
}

function isDatePart(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v.trim()));
}

function checkDate(value: unknown, field: string): string | undefined {
  if (!isRecord(value)) return `${field} must be a mapping such as { date-parts: [[2021]] }, not ${describe(value)}`;
  const parts = value['date-parts'];
  if (parts === undefined) {
    for (const k of ['literal', 'raw'] as const) {
      const v = value[k];
      if (v !== undefined && typeof v !== 'string') return `${field}.${k} must be text`;
    }
    if (value['literal'] === undefined && value['raw'] === undefined) {
      return `${field} needs date-parts (or literal text)`;
    }
    return undefined;
  }
  if (!Array.isArray(parts) || parts.length < 1 || parts.length > 2) {
    return `${field}.date-parts must be a list of one date (or two, for a range), such as [[2023, 6, 9]]`;
  }
  for (const date of parts as unknown[]) {
    if (!Array.isArray(date) || date.length < 1 || date.length > 3 || !date.every(isDatePart)) {
      return `${field}.date-parts must hold [year, month, day] lists of whole numbers, such as [[2023, 6, 9]]`;
    }
    const [, month, day] = date.map((p) => Number(p));
    if (month !== undefined && (month < 1 || month > 12)) return `${field}: month ${month} is not 1–12`;
    if (day !== undefined && (day < 1 || day > 31)) return `${field}: day ${day} is not 1–31`;
  }
  return undefined;
}

function checkField(field: string, value: unknown): string | undefined {
  if (NAME_FIELDS.has(field)) {
    if (!Array.isArray(value)) return `${field} must be a list of names, not ${describe(value)}`;
    for (const [i, name] of (value as unknown[]).entries()) {
      const problem = checkName(name, field, i);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (DATE_FIELDS.has(field)) return checkDate(value, field);
  if (NUMBER_FIELDS.has(field)) {
    return typeof value === 'string' || typeof value === 'number' ? undefined : `${field} must be text or a number, not ${describe(value)}`;
  }
  if (STRING_FIELDS.has(field)) {
    return typeof value === 'string' ? undefined : `${field} must be text, not ${describe(value)}`;
  }
  return undefined; // other fields pass through as they are
}

/**
 * Types a parsed CSL-YAML (or CSL-JSON) document: a list of items. Checks the shape of the
 * fields it knows (names, dates, numbers, text), that ids are unique and types are CSL types.
 * Missing required fields are `missingFields`' job.
 */
export function parseReferences(data: unknown): ReferencesResult {
  if (data === null || data === undefined) return { ok: true, items: [] };
  if (!Array.isArray(data)) {
    return { ok: false, problems: [{ index: -1, field: '', message: `the references must be a list of CSL items, not ${describe(data)}` }], items: [] };
  }
  const problems: ReferenceProblem[] = [];
  const items: CslItem[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of (data as unknown[]).entries()) {
    if (!isRecord(entry)) {
      problems.push({ index, field: '', message: `item ${index + 1} must be a mapping of CSL fields, not ${describe(entry)}` });
      continue;
    }
    const id = typeof entry['id'] === 'string' && entry['id'].trim() !== '' ? entry['id'] : undefined;
    const at = id === undefined ? { index } : { index, id };
    let ok = true;
    if (id === undefined) {
      problems.push({ ...at, field: 'id', message: 'every item needs an id (text)' });
      ok = false;
    } else {
      const first = seen.get(id);
      if (first !== undefined) {
        problems.push({ ...at, field: 'id', message: `the id "${id}" is used twice (also item ${first + 1})` });
        ok = false;
      } else {
        seen.set(id, index);
      }
    }
    const type = entry['type'];
    if (typeof type !== 'string' || type.trim() === '') {
      problems.push({ ...at, field: 'type', message: 'every item needs a CSL type, such as book or chapter' });
      ok = false;
    } else if (!CSL_TYPES.has(type)) {
      problems.push({ ...at, field: 'type', message: `"${type}" is not a CSL item type` });
      ok = false;
    }
    for (const [field, value] of Object.entries(entry)) {
      if (field === 'id' || field === 'type' || value === undefined || value === null) continue;
      const problem = checkField(field, value);
      if (problem !== undefined) {
        problems.push({ ...at, field, message: problem });
        ok = false;
      }
    }
    if (ok) items.push(entry as CslItem);
  }
  return problems.length > 0 ? { ok: false, problems, items } : { ok: true, items };
}

/** Parses CSL-YAML text (throws on YAML syntax errors; positions are the caller's business). */
export function parseReferencesYaml(text: string): ReferencesResult {
  return parseReferences(parseYaml(text) as unknown);
}

/** Fields every item needs, whatever its type. */
export const COMMON_REQUIRED_FIELDS: readonly string[] = ['id', 'type', 'title', 'issued'];

/** The fields each type needs, common fields included; types not listed need only those. */
export const requiredFieldsByType: Readonly<Record<string, readonly string[]>> = {
  book: [...COMMON_REQUIRED_FIELDS, 'publisher'],
  chapter: [...COMMON_REQUIRED_FIELDS, 'container-title'],
  'article-journal': [...COMMON_REQUIRED_FIELDS, 'container-title'],
  webpage: [...COMMON_REQUIRED_FIELDS, 'URL'],
};

/** The fields an item of `type` needs. */
export function requiredFields(type: string): readonly string[] {
  return (Object.hasOwn(requiredFieldsByType, type) ? requiredFieldsByType[type] : undefined) ?? COMMON_REQUIRED_FIELDS;
}

function isPresent(field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (DATE_FIELDS.has(field)) {
    if (!isRecord(value)) return false;
    const parts = value['date-parts'];
    return (Array.isArray(parts) && parts.length > 0) || isPresent('', value['literal']) || isPresent('', value['raw']);
  }
  return true;
}

/** The required fields of `item` (by its type) that are absent or empty, in table order. */
export function missingFields(item: CslItem): readonly string[] {
  return requiredFields(item.type).filter((field) => !isPresent(field, item[field]));
}
