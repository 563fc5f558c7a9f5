/** The editions rubricpress can build, and which of them exist yet. */
export const Format = { html: 'html', pdf: 'pdf', docx: 'docx' } as const;
export type Format = (typeof Format)[keyof typeof Format];

export const allFormats: readonly Format[] = [Format.html, Format.pdf, Format.docx];

/** Formats whose renderer has landed; the others are refused with a clear message. */
export const availableFormats: ReadonlySet<Format> = new Set([Format.html, Format.docx]);

/** What `build` makes when no format is given: every available edition, in the order of `allFormats`. */
export const defaultFormats: readonly Format[] = allFormats.filter((format) => availableFormats.has(format));

export function isFormat(value: string): value is Format {
  return (allFormats as readonly string[]).includes(value);
}
