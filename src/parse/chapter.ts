/**
 * The chapter reader: CommonMark plus YAML front matter (remark-frontmatter), generic directives
 * (remark-directive) and Pandoc citations (our small plugin). The result is plain mdast with
 * directive and `citation` nodes; `tree/build-report.ts` gives it meaning.
 */
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import remarkPandocCitations from './citations.js';
import remarkRestoreTextDirectives from './restore-text-directives.js';

/** Built once and reused: a frozen processor costs nothing per chapter to set up. */
const chapterProcessor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkDirective)
  .use(remarkRestoreTextDirectives)
  .use(remarkPandocCitations)
  .freeze();

export function parseChapter(file: VFile): Root {
  const tree = chapterProcessor.parse(file);
  return chapterProcessor.runSync(tree, file);
}
