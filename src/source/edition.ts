import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { z } from 'zod';
import type { EditionInfo } from '../tree/types.js';
import { doi, id, isbn13, isoDate, positiveWholeNumber, text, webAddress } from './schema-parts.js';
import { licenceOf, licenceIds } from './licences.js';
import { checkSchema, parseYaml, positionAt, positionOfKey } from './yaml.js';
import { closest, didYouMean } from '../diagnostics/suggest.js';
import { report } from '../diagnostics/report.js';

const names = () => z.array(text(), { error: 'must be a list of names' }).min(1, { error: 'must name at least one person' });

/** The placeholders an address pattern may hold: the chapter's country and category slugs. */
export const addressPlaceholders = ['country', 'category'] as const;

const addressPattern = (what: (value: string) => boolean, example: string, placeholders: readonly string[] = addressPlaceholders) =>
  text()
    .refine((value) => [...value.matchAll(/\{([^}]*)\}/g)].every((match) => placeholders.includes(match[1] ?? '')), {
      error: `may hold only the placeholder${placeholders.length > 1 ? 's' : ''} ${placeholders.map((name) => `{${name}}`).join(' and ')}, e.g. ${example}`,
    })
    .refine((value) => what(value.replaceAll('{country}', 'x').replaceAll('{category}', 'x')), { error: `must be an address pattern such as ${example}` });

const isWebAddress = (value: string): boolean => webAddress().safeParse(value).success;
const isDoi = (value: string): boolean => doi().safeParse(value).success;

/** What `countries` must hold: names, each once. */
const countryList = z
  .array(text(), { error: 'must be a list of country names' })
  .min(1, { error: 'must name at least one country' })
  .superRefine((countries, context) => {
    const seen = new Set<string>();
    countries.forEach((country, index) => {
      if (seen.has(country)) context.addIssue({ code: 'custom', path: [index], message: `names ${country} twice; name each country once` });
      seen.add(country);
    });
  });

const licence = z.string({ error: 'must be an SPDX licence id such as CC-BY-4.0' }).superRefine((value, context) => {
  if (licenceOf(value)) return;
  const suggestion = closest(value, licenceIds());
  context.addIssue({ code: 'custom', message: `must be an SPDX licence id such as CC-BY-4.0 (https://spdx.org/licenses/)${suggestion === undefined ? '' : `; did you mean ${suggestion}?`}` });
});

export const editionSchema = z.strictObject({
  title: text(),
  publisher: text(),
  year: positiveWholeNumber(),
  language: z
    .string({ error: 'must be a BCP 47 language tag such as en-US' })
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'must be a BCP 47 language tag such as en-US' }),
  citationStyle: id(),
  date: isoDate(),
  /** The countries the edition covers: ranks are out of their number, and every chapter's country must be one of them. */
  countries: countryList.optional(),
  editors: names().optional(),
  /** The authors of each country's chapters, by country name (a chapter's own `authors` win). */
  authors: z.record(text(), names(), { error: 'must map country names to lists of names' }).optional(),
  licence: licence.optional(),
  /** "© 2024 Bertelsmann Stiftung" */
  copyright: text().optional(),
  /** The edition's address. */
  url: webAddress().optional(),
  doi: doi().optional(),
  /** Each chapter's address: a pattern with {country} and {category} (their slugs). */
  chapterUrl: addressPattern(isWebAddress, 'https://example.org/2024/{country}/{category}').optional(),
  chapterDoi: addressPattern(isDoi, '10.5555/sgi2024-{country}-{category}').optional(),
  /** Each country report's address: a pattern with {country} (its slug). */
  reportUrl: addressPattern(isWebAddress, 'https://example.org/2024/{country}', ['country']).optional(),
  reportDoi: addressPattern(isDoi, '10.5555/sgi2024-{country}', ['country']).optional(),
  /** The assessment period. */
  period: z
    .strictObject({ from: isoDate(), to: isoDate() }, { error: 'must give the assessment period as from: and to: dates' })
    .refine((period) => period.from <= period.to, { error: 'must end (to:) on or after the day it starts (from:)' })
    .optional(),
  /** ISBNs of the books: the edition volume, and each country's report by country name. */
  isbn: z
    .strictObject({ edition: isbn13().optional(), countries: z.record(text(), isbn13(), { error: 'must map country names to ISBNs' }).optional() }, { error: 'must give edition: and/or countries: ISBNs' })
    .optional(),
});

export type Edition = EditionInfo & z.output<typeof editionSchema>;

/** `edition.yaml` read: its fields, and where each stands (for problems found later, such as an unknown style). */
export interface EditionSource {
  readonly edition: Edition;
  /** The position of a field's value in edition.yaml. */
  readonly positionOf: (field: keyof Edition) => Position | undefined;
}

/** Reads `edition.yaml` (parsing it once); problems are reported on the file and give `undefined`. */
export function readEdition(file: VFile): EditionSource | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  const checked = checkSchema(parsed, editionSchema, { ruleId: 'schema-field', what: 'edition.yaml' });
  if (!checked) return undefined;
  reportUndeclaredCountries(file, checked, (path, key) => positionOfKey(parsed, path, key));
  const edition: Edition = { ...checked, ...(checked.countries ? { countryCount: checked.countries.length } : {}) };
  return { edition, positionOf: (field) => positionAt(parsed, [field]) };
}

/** Countries that `authors` and `isbn.countries` name must be among those the edition declares. */
function reportUndeclaredCountries(file: VFile, edition: z.output<typeof editionSchema>, keyAt: (path: readonly string[], key: string) => Position | undefined): void {
  const declared = edition.countries;
  if (!declared) return;
  const maps: [string[], Readonly<Record<string, unknown>> | undefined][] = [
    [['authors'], edition.authors],
    [['isbn', 'countries'], edition.isbn?.countries],
  ];
  for (const [path, map] of maps) {
    for (const country of Object.keys(map ?? {})) {
      if (declared.includes(country)) continue;
      report(file, 'country-unknown', keyAt(path, country), `\`${path.join('.')}\` names ${country}, which is not among the edition's \`countries\`.${didYouMean(country, declared)} Add it to \`countries\` or correct the name.`);
    }
  }
}
