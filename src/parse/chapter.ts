/**
 * The chapter reader: CommonMark plus YAML front matter (remark-frontmatter), generic directives
 * (remark-directive), GFM footnotes (footnotes.ts) and Pandoc citations (our small plugin). The result is plain mdast with
 * directive and `citation` nodes; `transform/build-report.ts` gives it meaning.
 */
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import remarkPandocCitations from './citations.js';
import remarkFootnotes from './footnotes.js';
import remarkLimitNesting, { truncateRunawayLines } from './limit-nesting.js';
import remarkRestoreTextDirectives from './restore-text-directives.js';

/** Built once and reused: a frozen processor costs nothing per chapter to set up. */
const chapterProcessor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkDirective)
  .use(remarkFootnotes)
  // First, so that no later step walks a tree nested deeper than the limit.
  .use(remarkLimitNesting)
  .use(remarkRestoreTextDirectives)
  .use(remarkPandocCitations)
  .freeze();

export function parseChapter(file: VFile): Root {
  const tree = chapterProcessor.parse(truncateRunawayLines(file, String(file.value)));
  return chapterProcessor.runSync(tree, file);
}
