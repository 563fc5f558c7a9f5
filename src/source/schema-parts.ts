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
