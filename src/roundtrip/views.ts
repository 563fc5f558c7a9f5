/**
 * A DOCX's paragraphs as text, in one of two views of its tracked changes: `accepted` (every change
 * accepted: what the editor sees with changes applied, the import's default) or `original` (every
 * change rejected: only what was edited without tracking, for `--pending`). A paragraph whose mark
 * is deleted in the view joins the next one, as Word joins them. Each character keeps its
 * formatting; comments are anchored at characters; each tracked change is placed in the view's text.
 */
import { readRoundTripMark, type RoundTripMark } from '../vocabulary/anchors.js';
import { removedWhenAccepted, removedWhenRejected, type DocxParagraph, type Revision } from './docx.js';

export type View = 'accepted' | 'original';

/** Where a comment is anchored in a paragraph's text: from `start` to `end` (the same, for a point). */
export interface CommentAnchor {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A tracked change in a view's text: a range of the text it holds, or the point where text it
 * left out stands (an insertion, in the original view; a deletion, in the accepted view).
 */
export interface PlacedChange {
  readonly revision: Revision;
  readonly start: number;
  readonly end: number;
  /** Its words. */
  readonly text: string;
  /** Whether the view shows its words (`start`–`end`) or leaves them out (a point at `start`). */
  readonly shown: boolean;
}

export interface ViewParagraph {
  readonly style: string | undefined;
  /** Part of the table of contents. */
  readonly contents: boolean;
  readonly numbered: boolean;
  /** The round-trip marks of the paragraph (of each paragraph joined into it, in order). */
  readonly marks: readonly RoundTripMark[];
  readonly text: string;
  /** Per character. */
  readonly italic: readonly boolean[];
  readonly bold: readonly boolean[];
  readonly comments: readonly CommentAnchor[];
  readonly changes: readonly PlacedChange[];
}

export function viewParagraphs(paragraphs: readonly DocxParagraph[], view: View): ViewParagraph[] {
  const removed = view === 'accepted' ? removedWhenAccepted : removedWhenRejected;
  const result: ViewParagraph[] = [];
  let open: Builder | undefined;
  for (const paragraph of paragraphs) {
    const builder = open ?? new Builder(paragraph);
    builder.add(paragraph, removed);
    // A paragraph mark the view removes joins this paragraph with the next.
    const joins = paragraph.markRevision !== undefined && removed(paragraph.markRevision);
    if (paragraph.markRevision) builder.markChange(paragraph.markRevision, !joins);
    if (joins) {
      open = builder;
      continue;
    }
    open = undefined;
    result.push(builder.build());
  }
  if (open) result.push(open.build());
  return result;
}

class Builder {
  private text = '';
  private readonly italic: boolean[] = [];
  private readonly bold: boolean[] = [];
  private readonly marks: RoundTripMark[] = [];
  private readonly commentStarts = new Map<string, number>();
  private readonly comments: CommentAnchor[] = [];
  private readonly changes: PlacedChange[] = [];

  constructor(private readonly first: DocxParagraph) {}

  add(paragraph: DocxParagraph, removed: (revision: Revision) => boolean): void {
    for (const name of paragraph.bookmarks) {
      const mark = readRoundTripMark(name);
      if (mark) this.marks.push(mark);
    }
    for (const piece of paragraph.pieces) {
      const change = piece.revisions.at(-1);
      const gone = piece.revisions.some(removed);
      if (piece.kind !== 'text') {
        if (gone) continue;
        if (piece.kind === 'commentStart') this.commentStarts.set(piece.id, this.text.length);
        else this.endComment(piece.id, piece.kind === 'commentReference');
        continue;
      }
      if (change) this.placeChange(change, piece.text, !gone);
      if (gone) continue;
      this.text += piece.text;
      for (let index = 0; index < piece.text.length; index += 1) {
        this.italic.push(piece.italic);
        this.bold.push(piece.bold);
      }
    }
  }

  /** A tracked change of a paragraph mark: a paragraph split (inserted) or two joined (deleted). */
  markChange(revision: Revision, shown: boolean): void {
    this.changes.push({ revision, start: this.text.length, end: this.text.length, text: '¶', shown });
  }

  build(): ViewParagraph {
    // A comment whose range goes on beyond this paragraph is anchored from its start to the end.
    for (const [id, start] of this.commentStarts) this.comments.push({ id, start, end: this.text.length });
    return { style: this.first.style, contents: this.first.contents, numbered: this.first.numbered, marks: this.marks, text: this.text, italic: this.italic, bold: this.bold, comments: this.comments, changes: this.changes };
  }

  private endComment(id: string, reference: boolean): void {
    const start = this.commentStarts.get(id);
    if (start !== undefined) {
      this.commentStarts.delete(id);
      this.comments.push({ id, start, end: this.text.length });
    } else if (reference && !this.comments.some((comment) => comment.id === id)) {
      // A comment with no range is anchored at its reference.
      this.comments.push({ id, start: this.text.length, end: this.text.length });
    }
  }

  private placeChange(revision: Revision, text: string, shown: boolean): void {
    const start = this.text.length;
    const last = this.changes.at(-1);
    // The pieces of one change, one after the other, are one change.
    if (last?.revision.id === revision.id && last.revision.kind === revision.kind && last.shown === shown && (shown ? last.end === start : last.start === start)) {
      this.changes[this.changes.length - 1] = { ...last, text: last.text + text, end: shown ? start + text.length : last.end };
      return;
    }
    this.changes.push({ revision, start, end: shown ? start + text.length : start, text, shown });
  }
}
