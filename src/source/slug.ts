/**
 * Names made into file names: a country's folder when its front matter gives no `slug:`, and a
 * release's edition slug. Depends on nothing, so that the tools (the corpus generator) use it too.
 */

/** `Côte d’Ivoire` → `cote-d-ivoire`: file names that every system and URL accepts. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
