/**
 * The contents page: the model's entries, each linked to its heading's destination, with its page
 * number. Its numbers need the content paginated first, and the content's numbers need the
 * contents' length: the content is paginated first, the front matter twice (the contents' length
 * does not depend on the numbers' values).
 */
import type { Contents } from '../../document/model.js';
import { pdfDestination } from '../../vocabulary/anchors.js';
import { pdfTags } from '../../vocabulary/pdf.js';
import type { Block } from './blocks.js';
import type { TextStyle } from './inline.js';
import { paginate, type Command, type Frame, type Pagination } from './paginate.js';
import { textStyle } from './styles.js';
import { run, textBlock, type PdfState } from './text.js';

/** The width kept for the page numbers at the right. */
const numberColumn = 36;

/** The contents page: its heading, then one linked entry per heading with its page number on the right. */
export function contentsBlocks(state: PdfState, node: Contents, heading: readonly Block[], pageOf: (destination: string) => number): Block[] {
  const { theme, fonts, contentWidth } = state.context;
  const entries = node.entries.map((entry): Block => {
    const indent = (entry.level - 1) * 16;
    const destination = pdfDestination(entry.anchor);
    const number = String(pageOf(destination));
    const style: TextStyle = {
      ...textStyle(theme, entry.level === 1 ? 'heading' : 'body', { bold: entry.level === 1 }),
      link: { kind: 'destination', name: destination, text: `${entry.title} ${number}` },
    };
    const block = textBlock({ ...state, indent }, [run(entry.title, style)], {
      tag: pdfTags.contentsEntry,
      width: contentWidth - indent - numberColumn,
      spaceBefore: entry.level === 1 ? theme.spacing.paragraph : 0,
      spaceAfter: 2,
    });
    const last = block.lines.at(-1);
    if (!last) return block;
    const width = fonts.width(style.font, number, style.size);
    const numbered = { ...last, segments: [...last.segments, { text: number, style, x: contentWidth - indent - width, width, spacesBefore: last.spaces, column: true }] };
    // Left to right as the page is (blocks.ts, `direction`), its number in a column of its own: an
    // entry in a right-to-left script, even one ending in it, keeps the number at the right.
    return { ...block, lines: [...block.lines.slice(0, -1), numbered] };
  });
  return [{ kind: 'open', tag: pdfTags.part }, ...heading, { kind: 'open', tag: pdfTags.contents }, ...entries, { kind: 'close' }, { kind: 'close' }];
}

/**
 * Paginates the front matter, the contents and the content: the content first, then what comes
 * before it twice, the second time with the contents' page numbers (of the content, or those
 * `pageAfter` gives). Also where each anchor landed (0-based pages of the whole) and which pages the
 * contents list took.
 */
export function paginateWithContents(blocks: readonly Block[], frame: Frame, pageAfter?: (destination: string) => number | undefined): PaginationWithContents {
  const at = blocks.findIndex((block) => block.kind === 'contents');
  const contentsPlace = blocks[at];
  const front = at < 0 ? [] : blocks.slice(0, at);
  const content = at < 0 ? blocks : blocks.slice(at + 1);
  const frontPages = paginate(front, frame);
  // A book bound from chapters drawn apart has no content here: `pageAfter` says where its headings are (0-based, after the front matter).
  if (pageAfter && content.some((block) => block.kind !== 'pageBreak' && block.kind !== 'runningHead')) throw new Error('Front matter paginated for chapters drawn apart has content after its contents.');
  const contentPages: Pagination = pageAfter ? { commands: [], pages: 0, anchors: new Map() } : paginate(content, frame);
  if (contentsPlace?.kind !== 'contents') return { commands: contentPages.commands, pages: contentPages.pages, anchors: pagesOf(contentPages, 0) };
  const draft = paginate(contentsPlace.make(() => 0), frame);
  const offset = (front.length > 0 ? frontPages.pages : 0) + draft.pages;
  const contents = paginate(contentsPlace.make((destination) => (contentPages.anchors.get(destination)?.page ?? pageAfter?.(destination) ?? 0) + offset + 1), frame);
  const parts = [...(front.length > 0 ? [frontPages] : []), contents, contentPages];
  const contentsFirst = front.length > 0 ? frontPages.pages : 0;
  return {
    commands: parts.flatMap((part) => part.commands),
    pages: parts.reduce((sum, part) => sum + part.pages, 0),
    anchors: new Map([...(front.length > 0 ? pagesOf(frontPages, 0) : []), ...pagesOf(contents, contentsFirst), ...pagesOf(contentPages, contentsFirst + contents.pages)]),
    contentsPages: { first: contentsFirst, count: contents.pages },
  };
}

export interface PaginationWithContents {
  readonly commands: readonly Command[];
  readonly pages: number;
  /** The 0-based page of each named destination. */
  readonly anchors: ReadonlyMap<string, number>;
  /** The pages the contents list took (0-based), when there is one. */
  readonly contentsPages?: { readonly first: number; readonly count: number };
}

/** The pages of a pagination's anchors, `offset` pages on. */
function pagesOf(pagination: Pagination, offset: number): Map<string, number> {
  return new Map([...pagination.anchors].map(([name, place]) => [name, place.page + offset]));
}
