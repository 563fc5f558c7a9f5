/**
 * A limit on how deeply a chapter's Markdown nests. CommonMark sets none, but no edition can show
 * unbounded nesting: Word has nine list levels, every level narrows the PDF's lines, and the
 * recursive steps after parsing run out of stack at a few thousand levels. So nesting deeper than
 * `maxNesting` is reported (`nesting-too-deep`) and cut off at the first level too deep, before any
 * other step walks the tree; the error stops the build.
 *
 * Two guards. `guardRunawayLines` works on the text before parsing, because the Markdown parser
 * takes time that grows with the text times the number of containers open around it (`> > > …`
 * on one line, or a list nested a thousand levels down the page, each line indented deeper): a
 * marker at which the line could open more than `maxMarkersPerLine` containers is blanked, with the
 * markers after it (by spaces, so that every position stays where it was). How deep a marker could
 * open is counted without parsing: the markers before it on the line, and every two columns of white
 * space before it (a list item continues only on lines indented at least two columns past its own).
 * That is never less than CommonMark's depth, so no line it lets through nests deeper. The guard
 * knows nothing of code fences or HTML blocks: it cannot be switched off by a line that looks like a
 * fence to it but not to CommonMark. Instead `parseChapter` asks the parser itself: when every
 * blanked marker lies inside code, HTML or the front matter of the parsed text, those lines are
 * content, not containers, and the chapter is parsed again as written (at the cost of text, not of
 * containers). `remarkLimitNesting` then checks the parsed tree, without recursion, and reports a
 * blanked line itself only if no container cut off covers it.
 */
import type { Nodes, Root } from 'mdast';
import type { Point } from 'unist';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';

/** Lists and block quotes within one another; emphasis, strong text and links within one another. */
export const maxNesting = 9;

/**
 * The deepest a marker may open as counted by `guardRunawayLines`: three times the nesting allowed,
 * since its count is an upper bound (nine levels of ordered lists with wide markers count to about
 * 30), and small enough that a 1 MB chapter parses in seconds.
 */
export const maxMarkersPerLine = 32;

const blockContainers: ReadonlySet<string> = new Set(['list', 'blockquote']);
const inlineContainers: ReadonlySet<string> = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference', 'textDirective']);

/** One container marker at the start of a line: `>`, or a list marker followed by a space or the line's end. */
const marker = /[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))/y;
/** `- - -`, `* * *`: a thematic break, which opens nothing. */
const thematicBreak = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Where `guardRunawayLines` blanked markers, for `remarkLimitNesting` to report. */
const runawayKey = 'runawayLines';

export interface GuardedText {
  /** The text to parse: the chapter's, with runaway markers blanked. */
  readonly text: string;
  /** Where the first blanked marker of each such line stands. */
  readonly runaway: readonly Point[];
}

/**
 * The chapter's text with each marker that could open more than `maxMarkersPerLine` containers
 * blanked, with the markers after it on its line; the text itself when there is none.
 */
export function guardRunawayLines(text: string): GuardedText {
  const runaway: Point[] = [];
  let result = '';
  let copied = 0;
  let lineStart = 0;
  for (let line = 1; ; line += 1) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const content = text.slice(lineStart, lineEnd);
    const markers = markersOf(content);
    const first = markers.findIndex((found) => found.potential > maxMarkersPerLine);
    const blanked = markers[first];
    if (blanked && !thematicBreak.test(content)) {
      const last = markers.at(-1) ?? blanked;
      runaway.push({ line, column: blanked.start + 1, offset: lineStart + blanked.start });
      result += text.slice(copied, lineStart + blanked.start) + content.slice(blanked.start, last.end).replace(/[^ \t]/g, ' ');
      copied = lineStart + last.end;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (runaway.length === 0) return { text, runaway };
  return { text: result + text.slice(copied), runaway };
}

/** Notes the blanked lines that the parse of the guarded text kept, for `remarkLimitNesting`. */
export function noteRunawayLines(file: VFile, runaway: readonly Point[]): void {
  if (runaway.length > 0) file.data[runawayKey] = runaway;
}

/**
 * The container markers at the start of the line: where each marker itself (without the white space
 * before it) starts and ends, and how deep it could open (see the module's comment).
 */
function markersOf(line: string): { start: number; end: number; potential: number }[] {
  const markers: { start: number; end: number; potential: number }[] = [];
  let columns = 0;
  let at = 0;
  marker.lastIndex = 0;
  for (let found = marker.exec(line); found !== null; found = marker.exec(line)) {
    const start = marker.lastIndex - found[0].trimStart().length;
    // White space before this marker, tabs to the next multiple of four columns.
    for (let index = at; index < start; index += 1) columns = line[index] === '\t' ? columns + 4 - (columns % 4) : columns + 1;
    markers.push({ start, end: marker.lastIndex, potential: markers.length + 1 + Math.floor(columns / 2) });
    at = marker.lastIndex;
  }
  return markers;
}

/**
 * Whether every point lies inside fenced code, raw HTML or the front matter of `tree` (the parse of
 * the guarded text), on a line after the one that opened it: there the blanked markers were content,
 * not containers, in the text as written too. Indented code does not count: blanking markers makes
 * white space, and four columns of it make indented code that the text as written does not have.
 */
export function allInsideLiteral(tree: Root, points: readonly Point[], text: string): boolean {
  const literals: { start: number; end: number }[] = [];
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'code' || node.type === 'html' || node.type === 'yaml') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) continue;
      if (node.type === 'code' && !/^(?:`{3,}|~{3,})/.test(text.slice(start, start + 3))) continue;
      // Content from the line after the node's first line: a fence, or a line that itself opened the block.
      const newline = text.indexOf('\n', start);
      if (newline >= 0 && newline < end) literals.push({ start: newline + 1, end });
      continue;
    }
    if ('children' in node) stack.push(...(node.children as Nodes[]));
  }
  return points.every((point) => point.offset !== undefined && literals.some(({ start, end }) => start <= (point.offset ?? -1) && (point.offset ?? -1) < end));
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
    let previousLine = -1;
    for (const point of runaway) {
      // Consecutive blanked lines are one structure, and one mistake.
      const continues = point.line === previousLine + 1;
      previousLine = point.line;
      if (continues || cut.some(({ start, end }) => start <= point.line && point.line <= end)) continue;
      report(
        file,
        'nesting-too-deep',
        point,
        `Lists and block quotes open here inside so many others (counting the markers and the indentation before this one) that the line is not read as written; at most ${String(maxNesting)} levels are allowed. Write the text as paragraphs or a flat list.`,
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
