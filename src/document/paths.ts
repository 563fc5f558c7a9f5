/** Where a chapter's file goes in an edition's folder: the same path in every format, and in links to it. */

/** `japan/coordination.pdf` */
export function chapterFilePath(chapter: { readonly countrySlug: string; readonly categoryId: string }, extension: string): string {
  return `${chapter.countrySlug}/${chapter.categoryId}.${extension}`;
}
