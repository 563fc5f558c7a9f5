/**
 * The HTML layout template (`templates/html/layout.html`): `{{name}}` is replaced by escaped text,
 * `{{{name}}}` by ready HTML. A placeholder the renderer does not fill is an error when the
 * template is loaded, not a blank in the output.
 */
export const layoutFields = ['lang', 'title', 'description', 'generator', 'css', 'indexHref', 'edition', 'publisher', 'year', 'content', 'searchForm', 'breadcrumb', 'pageNavigation', 'scripts'] as const;
export type LayoutField = (typeof layoutFields)[number];
export type LayoutValues = Readonly<Record<LayoutField, string>>;

const placeholder = /\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g;

/** The placeholders a template uses that the renderer does not know. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(layoutFields);
  const unknown: string[] = [];
  for (const match of template.matchAll(placeholder)) {
    const name = match[1] ?? match[2] ?? '';
    if (!known.has(name)) unknown.push(name);
  }
  return unknown;
}

export function fillLayout(template: string, values: LayoutValues): string {
  return template.replace(placeholder, (whole, raw: string | undefined, escaped: string | undefined) => {
    if (raw !== undefined) return values[raw as LayoutField] ?? whole;
    return escapeHtml(values[escaped as LayoutField] ?? whole);
  });
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
