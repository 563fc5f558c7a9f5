/**
 * Field types shared by the source schemas, each with a message that completes the sentence
 * "`field` …", so that diagnostics read as plain English.
 */
import { z } from 'zod';

export const text = () =>
  z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' });

/**
 * The largest number a source may give (a rank, a year, a scale's end): far beyond any real one,
 * and small enough that every edition prints it as written (`1e+23` is what a larger one becomes)
 * and arithmetic on it stays exact.
 */
export const maxSourceNumber = 1_000_000_000;

export const wholeNumber = () =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(-maxSourceNumber, { error: `must be a whole number from -${maxSourceNumber.toLocaleString('en-US')} to ${maxSourceNumber.toLocaleString('en-US')}` })
    .max(maxSourceNumber, { error: `must be a whole number from -${maxSourceNumber.toLocaleString('en-US')} to ${maxSourceNumber.toLocaleString('en-US')}` });

export const positiveWholeNumber = () =>
  z
    .number({ error: 'must be a positive whole number such as 1 or 16' })
    .int({ error: 'must be a positive whole number such as 1 or 16' })
    .positive({ error: 'must be a positive whole number such as 1 or 16' })
    .max(maxSourceNumber, { error: `must be a positive whole number no larger than ${maxSourceNumber.toLocaleString('en-US')}` });

/** Stable ids: lower-case letters, digits and hyphens (they name files and anchors). */
export const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const id = () =>
  z
    .string({ error: 'must be an id (lower-case letters, digits and hyphens)' })
    .regex(idPattern, { error: 'must be an id (lower-case letters, digits and hyphens, e.g. "go-pmo-coordination")' });

export const isoDate = () =>
  z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD' })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { error: 'must be a real calendar date' });

/** A web address: http or https, absolute. */
export const webAddress = () =>
  z
    .string({ error: 'must be a web address such as https://example.org/' })
    .refine((value) => /^https?:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/i.test(value) && URL.canParse(value), { error: 'must be a web address starting https:// (or http://), such as https://example.org/' });

/** A DOI as registered (Crossref's syntax): `10.` a registrant code, `/`, a suffix; without https://doi.org/. */
export const doi = () =>
  z
    .string({ error: 'must be a DOI such as 10.5555/12345678' })
    .regex(/^10\.\d{4,9}\/\S+$/, { error: 'must be a DOI such as 10.5555/12345678 (`10.`, the registrant code, `/`, the suffix; without https://doi.org/)' });

/** Whether the 13 digits of an ISBN-13 (hyphens and spaces aside) end with their check digit. */
export function isIsbn13(value: string): boolean {
  const digits = value.replace(/[-\s]/g, '');
  if (!/^97[89]\d{10}$/.test(digits)) return false;
  // Digits only (checked above): one character each.
  const sum = Array.from({ length: 12 }, (_, index) => Number(digits.charAt(index)) * (index % 2 === 0 ? 1 : 3)).reduce((total, weighted) => total + weighted, 0);
  return (10 - (sum % 10)) % 10 === Number(digits.charAt(12));
}

/** An ISBN-13, written with or without hyphens, its check digit checked. */
export const isbn13 = () =>
  z
    .string({ error: 'must be an ISBN-13 such as 978-3-86793-944-7' })
    .regex(/^97[89][-\s]?(?:\d[-\s]?){9}\d$/, { error: 'must be an ISBN-13: 13 digits starting 978 or 979, hyphens allowed (978-3-86793-944-7)' })
    .refine(isIsbn13, { error: 'has a wrong check digit (the last digit): check the ISBN against the publisher’s record' });
