/**
 * GFM footnotes (`text[^label]` and a `[^label]: note` definition), and nothing else of GFM: the
 * micromark extension and its mdast utility, registered the way remark-gfm registers them (remark-gfm
 * itself would also bring tables, task lists and strikethrough, which chapters do not support).
 * A call is parsed only where its label is defined; `transform/build-report.ts` reports the others.
 */
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import type { Processor } from 'unified';

export default function remarkFootnotes(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote());
  (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown());
}
