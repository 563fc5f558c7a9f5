/**
 * A limit on inline markup in one block. The Markdown parser resolves a paragraph's emphasis, code
 * spans and links over the whole paragraph at once, in time that grows with the square of the
 * markers in it: a 800 kB paragraph of `*a* [@k] **b** `c`` took 86 s. So before parsing, each
 * block (a run of lines up to a blank line or a line that starts a new block) may hold at most
 * `maxInlineMarkers` characters that can start or end inline markup; past that, they are blanked (by
 * spaces, every position staying where it was) and the block is reported (`paragraph-too-complex`).
 * As with the nesting guard, the parser decides afterwards whether a blanked block was text: inside
 * fenced code, HTML or the front matter it was not, and the chapter is parsed again as written.
 */
import type { Point } from 'unist';

/** Far more than any paragraph of prose holds (the sample's busiest has 40), few enough to parse in milliseconds. */
export const maxInlineMarkers = 4000;

/** Characters that can start or end inline markup (citations and directives included). */
const inlineMarker = /[*_`[\]!<&\\~:@]/g;
/** A line that starts a block of its own: a list item, a quote, a heading, a fence, a directive, a table row. */
const blockStart = /^[ \t]*(?:[-*+>#|]|\d{1,9}[.)]|`{3,}|~{3,}|:{2,})/;

export interface GuardedInline {
  readonly text: string;
  /** Where the first blanked marker of each block stands. */
  readonly blocks: readonly Point[];
}

export function guardInlineMarkup(text: string): GuardedInline {
  const blocks: Point[] = [];
  let result = '';
  let copied = 0;
  let count = 0;
  let blanking = false;
  let lineStart = 0;
  for (let line = 1; ; line += 1) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const content = text.slice(lineStart, lineEnd);
    if (content.trim() === '' || blockStart.test(content)) {
      count = 0;
      blanking = false;
    }
    inlineMarker.lastIndex = 0;
    for (let found = inlineMarker.exec(content); found !== null; found = inlineMarker.exec(content)) {
      count += 1;
      if (count <= maxInlineMarkers) continue;
      const offset = lineStart + found.index;
      if (!blanking) {
        blanking = true;
        blocks.push({ line, column: found.index + 1, offset });
      }
      result += `${text.slice(copied, offset)} `;
      copied = offset + 1;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (blocks.length === 0) return { text, blocks };
  return { text: result + text.slice(copied), blocks };
}

/**
 * The most markup a chapter may hold, counted as the characters that can start or end markup (the
 * inline ones above and `>`, `#`, `|`, `+`, `-`) and its lines: each is at most a node or two of the
 * parsed tree, and a node with its position costs about a kilobyte. The sample counts 229; a chapter
 * of 2,000 questions some 48,000. A chapter over the limit is not parsed at all.
 */
export const maxChapterMarkup = 100_000;

const markupCharacter = /[*_`[\]!<&\\~:@>#|+\n-]/g;

/** How much markup `text` holds (see `maxChapterMarkup`), counted up to `limit`; and where the count passed it. */
export function countMarkup(text: string, limit = Number.POSITIVE_INFINITY): { readonly count: number; readonly passedAt: number | undefined } {
  markupCharacter.lastIndex = 0;
  let count = 0;
  for (let found = markupCharacter.exec(text); found !== null; found = markupCharacter.exec(text)) {
    count += 1;
    if (count > limit) return { count, passedAt: found.index };
  }
  return { count, passedAt: undefined };
}
