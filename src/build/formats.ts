/** The editions rubricpress builds. */
export const Format = { html: 'html', pdf: 'pdf', docx: 'docx' } as const;
export type Format = (typeof Format)[keyof typeof Format];

export const allFormats: readonly Format[] = [Format.html, Format.pdf, Format.docx];

/** What `build` makes when no format is given: every edition. */
export const defaultFormats: readonly Format[] = allFormats;

export function isFormat(value: string): value is Format {
  return (allFormats as readonly string[]).includes(value);
}
