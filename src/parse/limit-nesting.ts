/**
 * A limit on how deeply a chapter's Markdown nests. CommonMark sets none, but no edition can show
 * unbounded nesting: Word has nine list levels, every level narrows the PDF's lines, and the
 * recursive steps after parsing run out of stack at a few thousand levels. So nesting deeper than
 * `maxNesting` is reported (`nesting-too-deep`) and cut off at the first level too deep, before any
 * other step walks the tree; the error stops the build.
 *
 * Two guards. `truncateRunawayLines` works on the text before parsing, because the Markdown parser
 * takes time quadratic in the number of containers one line opens (`> > > …`, `- - - …`): such a
 * line keeps only its first few markers. `remarkLimitNesting` then checks the parsed tree, without
 * recursion, and reports a truncated line itself only if no container cut off covers it.
 */
import type { Nodes, Root } from 'mdast';
import type { Point } from 'unist';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';

/** Lists and block quotes within one another; emphasis, strong text and links within one another. */
export const maxNesting = 9;

/** A line that opens more containers than this keeps only the first `maxNesting + 1` for the parser. */
export const maxMarkersPerLine = 100;

const blockContainers: ReadonlySet<string> = new Set(['list', 'blockquote']);
const inlineContainers: ReadonlySet<string> = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference', 'textDirective']);

/** One container marker at the start of a line: `>`, or a list marker followed by a space or the line's end. */
const marker = /[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))/y;
/** `- - -`, `* * *`: a thematic break, which opens nothing. */
const thematicBreak = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Where `truncateRunawayLines` cut lines short, for `remarkLimitNesting` to report. */
const runawayKey = 'runawayLines';

/**
 * The chapter's text with the markers of each line that opens more than `maxMarkersPerLine`
 * containers blanked after the first `maxNesting + 1` (by spaces, so that every position stays
 * where it was); the text itself when there is no such line. The lines are noted on `file`.
 */
export function truncateRunawayLines(file: VFile, text: string): string {
  const runaway: Point[] = [];
  let result = '';
  let copied = 0;
  let lineStart = 0;
  // Lines inside a fenced code block are code, whatever they start with.
  let fence: string | undefined;
  for (let line = 1; ; line += 1) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const content = text.slice(lineStart, lineEnd);
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(content)?.[1];
    if (fence === undefined && opener) fence = opener;
    else if (fence !== undefined && opener?.startsWith(fence.slice(0, 3)) === true && opener.length >= fence.length) fence = undefined;
    const markers = fence === undefined ? markersOf(content) : [];
    const kept = markers[maxNesting];
    const first = markers[maxNesting + 1];
    if (markers.length > maxMarkersPerLine && kept && first && !thematicBreak.test(content)) {
      const last = markers.at(-1) ?? first;
      // Where the first marker that the parser does not see stands.
      runaway.push({ line, column: first.start + 1, offset: lineStart + first.start });
      result += text.slice(copied, lineStart + kept.end) + content.slice(kept.end, last.end).replace(/[^ \t]/g, ' ');
      copied = lineStart + last.end;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (runaway.length === 0) return text;
  file.data[runawayKey] = runaway;
  return result + text.slice(copied);
}

/** The container markers at the start of the line: where each marker itself (without the space before it) starts and ends. */
function markersOf(line: string): { start: number; end: number }[] {
  const markers: { start: number; end: number }[] = [];
  marker.lastIndex = 0;
  for (let found = marker.exec(line); found !== null; found = marker.exec(line)) {
    markers.push({ start: marker.lastIndex - found[0].trimStart().length, end: marker.lastIndex });
  }
  return markers;
}

interface Pending {
  readonly node: Nodes;
  readonly blocks: number;
  readonly inlines: number;
}

const remarkLimitNesting: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile): void => {
    const cut: { start: number; end: number }[] = [];
    const stack: Pending[] = [{ node: tree, blocks: 0, inlines: 0 }];
    for (let pending = stack.pop(); pending; pending = stack.pop()) {
      const { node } = pending;
      if (!('children' in node)) continue;
      for (const child of node.children as Nodes[]) {
        const blocks = pending.blocks + (blockContainers.has(child.type) ? 1 : 0);
        const inlines = pending.inlines + (inlineContainers.has(child.type) ? 1 : 0);
        if (blocks > maxNesting || inlines > maxNesting) {
          report(file, 'nesting-too-deep', child.position?.start, tooDeep(blocks > maxNesting ? 'block' : 'inline'));
          // Cut off here: nothing below is read, so one mistake gives one diagnostic.
          if ('children' in child) child.children = [];
          if (child.position) cut.push({ start: child.position.start.line, end: child.position.end.line });
          continue;
        }
        stack.push({ node: child, blocks, inlines });
      }
    }
    const runaway = (file.data[runawayKey] ?? []) as Point[];
    for (const point of runaway) {
      if (cut.some(({ start, end }) => start <= point.line && point.line <= end)) continue;
      report(
        file,
        'nesting-too-deep',
        point,
        `This line opens more than ${maxMarkersPerLine} lists or block quotes, one inside the other, so it is not read as written; at most ${maxNesting} levels are allowed. Write the text as paragraphs or a flat list.`,
      );
    }
  };
};

export default remarkLimitNesting;

function tooDeep(kind: 'block' | 'inline'): string {
  return kind === 'block'
    ? `Lists and block quotes are nested more than ${maxNesting} levels deep here (Word has nine list levels, and each level narrows the PDF's lines). Flatten the structure: end the inner lists, or write the innermost levels as paragraphs.`
    : `Emphasis, strong text and links are nested more than ${maxNesting} levels deep here. Remove the extra * and _ markers: one level of emphasis or strong text is all that an edition shows.`;
}
