/**
 * A chapter's report header (country, its slug, category, rank, the edition) taken from what the
 * cache key covers — the chapter's own front matter, edition.yaml and the codebook's category — and
 * never from a cache record, which anyone who can write the cache folder can edit. It is what
 * html/index.html lists and what names a cached chapter's files.
 */
import { VFile } from 'vfile';
import type { SourceFile } from '../source/load.js';
import { checkSchema, parseYaml } from '../source/yaml.js';
import { slugify } from '../source/slug.js';
import { frontMatterSchema } from '../transform/build-report.js';
import type { Report } from '../tree/types.js';
import { editionInfo } from '../transform/publication.js';
import type { PreparedEdition } from './compile.js';

/** The front matter block as remark-frontmatter reads it: `---` on the first line, up to the next `---` line. */
const frontMatterBlock = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** The header, or undefined when the chapter's front matter does not give one (the chapter must then be compiled). */
export function chapterHeader(prepared: PreparedEdition, chapter: SourceFile): Report | undefined {
  const { edition, codebook } = prepared;
  const block = frontMatterBlock.exec(String(chapter.file.value));
  if (!edition || !codebook || !block) return undefined;
  // Problems go to a file nobody reads: a chapter with any is compiled, and reported then.
  const scratch = new VFile({ path: chapter.file.path, value: block[1] ?? '' });
  const parsed = parseYaml({ file: scratch, text: block[1] ?? '', offset: 0 });
  const data = parsed ? checkSchema(parsed, frontMatterSchema, { ruleId: 'frontmatter-field', what: 'The front matter' }) : undefined;
  const category = data ? codebook.categories.get(data.category) : undefined;
  if (!data || !category) return undefined;
  const countrySlug = data.slug ?? slugify(data.country);
  if (countrySlug === '') return undefined;
  return {
    type: 'report',
    path: chapter.relativePath,
    edition: editionInfo(edition),
    country: data.country,
    countrySlug,
    categoryId: data.category,
    categoryTitle: category.title,
    rank: data.rank,
    children: [],
    notes: [],
    sourceText: '',
  };
}

/** Whether two headers say the same (their content and positions aside). */
export function sameHeader(a: Report, b: Report): boolean {
  const fields = (report: Report): string =>
    JSON.stringify([report.path, report.edition.title, report.edition.publisher, report.edition.year, report.edition.language, report.edition.date, report.edition.countryCount, report.country, report.countrySlug, report.categoryId, report.categoryTitle, report.rank]);
  return fields(a) === fields(b);
}
