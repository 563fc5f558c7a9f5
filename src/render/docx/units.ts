/** Theme measures (points, #rrggbb) in the units WordprocessingML writes. */

/** Points to twentieths of a point (twips): spacing, indents, page size and margins. */
export function twips(points: number): number {
  return Math.round(points * 20);
}

/** Points to half-points: font sizes. */
export function halfPoints(points: number): number {
  return Math.round(points * 2);
}

/** Points to eighths of a point: border widths. */
export function eighthPoints(points: number): number {
  return Math.round(points * 8);
}

/** A line-height multiple as WordprocessingML's "auto" line spacing (240 is single). */
export function lineSpacing(multiple: number): number {
  return Math.round(240 * multiple);
}

/** `#0b5c7a` → `0B5C7A`. */
export function hex(colour: string): string {
  return colour.replace(/^#/, '').toUpperCase();
}

const xmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value, escaped for XML. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => xmlEntities[character] ?? character);
}

/** Page sizes in twips, portrait. */
export const pageSizes = {
  A4: { width: 11906, height: 16838 },
  Letter: { width: 12240, height: 15840 },
} as const;
