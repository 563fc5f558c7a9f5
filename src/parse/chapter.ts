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
import { report } from '../diagnostics/report.js';
import remarkPandocCitations from './citations.js';
import { guardInlineMarkup, maxInlineMarkers } from './limit-inline.js';
import remarkLimitNesting, { allInsideLiteral, guardRunawayLines, noteRunawayLines } from './limit-nesting.js';
import remarkFootnotes from './footnotes.js';
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
  const text = String(file.value);
  // The two guards before parsing (limit-inline.ts, limit-nesting.ts): what would take the parser
  // minutes is blanked, and reported unless the parse shows it was code or HTML, not Markdown.
  const inline = guardInlineMarkup(text);
  const nesting = guardRunawayLines(inline.text);
  let tree = chapterProcessor.parse(nesting.text);
  const blanked = [...inline.blocks, ...nesting.runaway];
  if (blanked.length > 0 && allInsideLiteral(tree, blanked, nesting.text)) {
    tree = chapterProcessor.parse(text);
  } else {
    noteRunawayLines(file, nesting.runaway);
    for (const point of inline.blocks) {
      report(
        file,
        'paragraph-too-complex',
        point,
        `This paragraph holds more than ${maxInlineMarkers.toLocaleString('en-US')} characters that start or end inline markup (* _ \` [ ] ! < & \\ ~ : @), so it is not read as written: the Markdown parser's time grows with the square of their number. Split it into paragraphs, or remove markup it does not need.`,
      );
    }
  }
  return chapterProcessor.runSync(tree, file);
}
