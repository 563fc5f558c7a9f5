/**
 * Bookmark names for the DOCX edition. Word allows a bookmark name of at most 40 characters that
 * starts with a letter and holds only letters, digits and underscores. Codebook ids are lower-case
 * letters, digits and hyphens, so a name is a prefix saying what is marked, then the id with each
 * hyphen made an underscore:
 *
 *   question `go-pmo-coordination`        → `q_go_pmo_coordination`
 *   sub-category `horizontal-coordination` → `s_horizontal_coordination`
 *
 * Ids hold no underscores, so no two ids give the same name. An id too long for the limit keeps its
 * first characters and ends in an 8-digit hash of the whole id, so it stays unique and the same on
 * every build.
 */
const maxLength = 40;

export const BookmarkPrefix = { question: 'q', subCategory: 's' } as const;
export type BookmarkPrefix = (typeof BookmarkPrefix)[keyof typeof BookmarkPrefix];

/** The bookmarks of the chapter's own headings, which have no codebook id. */
export const fixedBookmarks = { keyFindings: 'key_findings', references: 'references' } as const;

/** FNV-1a, 32 bits, as 8 hexadecimal digits. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(16).padStart(8, '0');
}

export function bookmarkName(prefix: BookmarkPrefix, id: string): string {
  const name = `${prefix}_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (name.length <= maxLength) return name;
  const suffix = `_${hash(id)}`;
  return name.slice(0, maxLength - suffix.length) + suffix;
}
