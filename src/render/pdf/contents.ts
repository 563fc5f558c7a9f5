/**
 * The contents page: one linked entry per heading that has a bookmark, with its page number. Its
 * numbers need the content paginated first, and the content's numbers need the contents' length.
 */
import type { Block, TextBlock } from './blocks.js';
import { blockFromRuns, headingBlock, headingStyle, textStyle, type PdfState } from './handlers.js';
import type { TextStyle } from './inline.js';
import { paginate, type Command, type Frame } from './paginate.js';

/**
 * Paginates the title page, the contents and the content. The contents list needs the content's
 * page numbers, and the content's page numbers need the contents' length: the content is paginated
 * first, the contents twice (its length does not depend on the numbers' values).
 */
export function paginateWithContents(state: PdfState, blocks: readonly Block[], frame: Frame): { readonly commands: readonly Command[]; readonly pages: number } {
  const at = blocks.findIndex((block) => block.kind === 'contents');
  const front = at < 0 ? [] : blocks.slice(0, at);
  const content = at < 0 ? blocks : blocks.slice(at + 1);
  const frontPages = paginate(front, frame);
  const contentPages = paginate(content, frame);
  const entries = contentsEntries(content);
  const draft = paginate(contentsBlocks(state, entries, () => 0), frame);
  const offset = (front.length > 0 ? frontPages.pages : 0) + draft.pages;
  const contents = paginate(
    contentsBlocks(state, entries, (destination) => (contentPages.anchors.get(destination)?.page ?? 0) + offset + 1),
    frame,
  );
  const parts = [...(front.length > 0 ? [frontPages] : []), ...(at < 0 ? [] : [contents]), contentPages];
  return { commands: parts.flatMap((part) => part.commands), pages: parts.reduce((sum, part) => sum + part.pages, 0) };
}

interface ContentsEntry {
  readonly title: string;
  readonly level: 1 | 2;
  readonly destination: string;
}

function contentsEntries(blocks: readonly Block[]): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  const visit = (block: TextBlock): void => {
    const outline = block.anchor?.outline;
    if (block.anchor && outline) entries.push({ title: outline.title, level: outline.level, destination: block.anchor.destination });
  };
  for (const block of blocks) {
    if (block.kind === 'text') visit(block);
    else if (block.kind === 'group') for (const item of block.items) visit(item.block);
  }
  return entries;
}

/** The contents page: a heading, then one linked entry per heading with its page number on the right. */
function contentsBlocks(state: PdfState, entries: readonly ContentsEntry[], pageNumber: (destination: string) => number): Block[] {
  const { theme, fonts, contentWidth } = state;
  const blocks: Block[] = [
    { kind: 'open', tag: 'Sect' },
    headingBlock(state, 'H2', theme.labels.contents, headingStyle(theme, 2), {
      spaceBefore: 0,
      spaceAfter: theme.spacing.block,
      anchor: { destination: 'contents', outline: { title: theme.labels.contents, level: 1 } },
    }),
    { kind: 'open', tag: 'TOC' },
  ];
  const numberColumn = 36;
  for (const entry of entries) {
    const indent = entry.level === 1 ? 0 : 16;
    const number = String(pageNumber(entry.destination));
    const style: TextStyle = {
      ...textStyle(theme, entry.level === 1 ? 'heading' : 'body', { bold: entry.level === 1 }),
      link: { kind: 'destination', name: entry.destination, text: `${entry.title} ${number}` },
    };
    const saved = state.indent;
    state.indent = indent;
    const block = blockFromRuns(state, [{ kind: 'text', text: entry.title, style }], {
      tag: 'TOCI',
      style,
      width: contentWidth - indent - numberColumn,
      spaceBefore: entry.level === 1 ? theme.spacing.paragraph : 0,
      spaceAfter: 2,
    });
    state.indent = saved;
    const last = block.lines.at(-1);
    if (last) {
      const width = fonts.width(style.font, number, style.size);
      const numbered = { ...last, segments: [...last.segments, { text: number, style, x: contentWidth - indent - width, width, spacesBefore: last.spaces }] };
      blocks.push({ ...block, lines: [...block.lines.slice(0, -1), numbered] });
    } else blocks.push(block);
  }
  blocks.push({ kind: 'close' }, { kind: 'close' });
  return blocks;
}

