/**
 * An edited DOCX as the import reads it: its custom properties, its body's paragraphs in reading
 * order (table cells included) as pieces of text with their formatting and tracked changes, the
 * round-trip marks each paragraph carries, where comments are anchored, and the comments
 * themselves. Word and LibreOffice write the same WordprocessingML; everything the body may hold
 * around text (hyperlinks, fields, content controls, smart tags) is looked through, and what is not
 * text (drawings, text boxes, field instructions) is left out.
 */
import { parseXml, XmlElement, XmlText } from '@rgrove/parse-xml';
import { strFromU8, unzipSync } from 'fflate';

/** A tracked change: what it is, who made it and when. */
export interface Revision {
  readonly kind: 'insertion' | 'deletion' | 'moveFrom' | 'moveTo';
  /** `w:id`: the pieces of one change share it. */
  readonly id: string;
  readonly author: string;
  readonly date: string | undefined;
}

/** A piece of a paragraph: text with one formatting and one set of tracked changes, or a comment's edge. */
export type Piece =
  | { readonly kind: 'text'; readonly text: string; readonly italic: boolean; readonly bold: boolean; readonly revisions: readonly Revision[] }
  | { readonly kind: 'commentStart' | 'commentEnd' | 'commentReference'; readonly id: string; readonly revisions: readonly Revision[] };

export interface DocxParagraph {
  /** The paragraph style's id (`BodyText`, `ListParagraph`, …). */
  readonly style: string | undefined;
  /** Whether it is numbered (a list item). */
  readonly numbered: boolean;
  /** The names of the bookmarks that start in it, in order. */
  readonly bookmarks: readonly string[];
  readonly pieces: readonly Piece[];
  /** A tracked change of the paragraph mark itself: inserted (the paragraph was split) or deleted (joined with the next). */
  readonly markRevision: Revision | undefined;
  /** Whether it is part of a table of contents (a TOC field's result, or a contents style): Word rebuilds it. */
  readonly contents: boolean;
}

export interface DocxComment {
  readonly id: string;
  readonly author: string;
  readonly date: string | undefined;
  readonly text: string;
}

export interface EditedDocx {
  readonly properties: ReadonlyMap<string, string>;
  readonly paragraphs: readonly DocxParagraph[];
  readonly comments: readonly DocxComment[];
}

/** Not a DOCX (not a zip, no word/document.xml, XML that does not parse): said in words. */
export class DocxReadError extends Error {
  override readonly name = 'DocxReadError';
}

/**
 * The most a part the import reads may unpack to: far above a country report's document.xml, far
 * below what would exhaust a build's memory. fflate unpacks a part into the size its header declares
 * (never more), so a part that declares more is refused before it is unpacked: a zip bomb costs nothing.
 */
export const maxPartBytes = 64_000_000;

const partsRead = new Set(['word/document.xml', 'word/comments.xml', 'docProps/custom.xml']);

export function readEditedDocx(bytes: Uint8Array): EditedDocx {
  let files: Record<string, Uint8Array>;
  const tooLarge: string[] = [];
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!partsRead.has(file.name)) return false;
        if (file.originalSize <= maxPartBytes) return true;
        tooLarge.push(`${file.name} unpacks to ${String(file.originalSize)} bytes`);
        return false;
      },
    });
  } catch (error) {
    throw new DocxReadError(`it is not a DOCX file (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (tooLarge.length > 0) throw new DocxReadError(`${tooLarge.join(', ')}, more than the ${String(maxPartBytes / 1_000_000)} MB a DOCX of rubricpress's holds`);
  const document = files['word/document.xml'];
  if (!document) throw new DocxReadError('it has no word/document.xml, so it is not a Word document');
  const body = childElements(rootOf(document, 'word/document.xml')).find((element) => element.name === 'w:body');
  const paragraphs: DocxParagraph[] = [];
  if (body) collectParagraphs(body, paragraphs, { fields: [] });
  const custom = files['docProps/custom.xml'];
  const commentsPart = files['word/comments.xml'];
  return {
    properties: custom ? readProperties(rootOf(custom, 'docProps/custom.xml')) : new Map(),
    paragraphs,
    comments: commentsPart ? readComments(rootOf(commentsPart, 'word/comments.xml')) : [],
  };
}

function rootOf(bytes: Uint8Array, name: string): XmlElement {
  try {
    const root = parseXml(strFromU8(bytes)).root;
    if (root) return root;
  } catch (error) {
    throw new DocxReadError(`its ${name} is not well-formed XML (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  throw new DocxReadError(`its ${name} is empty`);
}

function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child instanceof XmlElement);
}

function child(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element).find((candidate) => candidate.name === name);
}

/** docProps/custom.xml: each property's name and its value as text. */
function readProperties(root: XmlElement): Map<string, string> {
  const properties = new Map<string, string>();
  for (const property of childElements(root)) {
    const name = property.attributes['name'];
    const value = childElements(property)[0];
    if (name !== undefined && value) properties.set(name, value.text);
  }
  return properties;
}

function readComments(root: XmlElement): DocxComment[] {
  return childElements(root)
    .filter((element) => element.name === 'w:comment')
    .map((comment) => {
      const paragraphs: DocxParagraph[] = [];
      collectParagraphs(comment, paragraphs, { fields: [] });
      return {
        id: comment.attributes['w:id'] ?? '',
        author: comment.attributes['w:author'] ?? '',
        date: comment.attributes['w:date'],
        text: paragraphs.map((paragraph) => paragraph.pieces.map((piece) => (piece.kind === 'text' && !piece.revisions.some(removedWhenAccepted) ? piece.text : '')).join('')).join('\n'),
      };
    });
}

/** Whether a piece under this change is gone once every change is accepted. */
export function removedWhenAccepted(revision: Revision): boolean {
  return revision.kind === 'deletion' || revision.kind === 'moveFrom';
}

/** Whether a piece under this change is gone once every change is rejected. */
export function removedWhenRejected(revision: Revision): boolean {
  return revision.kind === 'insertion' || revision.kind === 'moveTo';
}

/** Elements the body's text is inside of, looked through. */
const transparent = new Set(['w:sdt', 'w:sdtContent', 'w:customXml', 'w:smartTag', 'w:hyperlink', 'w:fldSimple', 'w:dir', 'w:bdo', 'w:tbl', 'w:tr', 'w:tc']);
const revisionKinds: Readonly<Record<string, Revision['kind']>> = { 'w:ins': 'insertion', 'w:del': 'deletion', 'w:moveFrom': 'moveFrom', 'w:moveTo': 'moveTo' };

/** The fields open where reading has come (a field may span paragraphs): whether each is a table of contents. */
interface FieldState {
  readonly fields: { instruction: string; contents: boolean }[];
}

/** Word's and LibreOffice's names of the contents' styles (`TOC1`, `TOCHeading`; `Contents1`, `ContentsHeading`). */
const contentsStyle = /^(?:TOC|Contents)(?:\d|Heading)/i;

/** Every paragraph below `element`, in reading order (a table's cells row by row). */
function collectParagraphs(element: XmlElement, paragraphs: DocxParagraph[], fields: FieldState, inContents = false): void {
  for (const node of childElements(element)) {
    if (node.name === 'w:p') paragraphs.push(readParagraph(node, fields, inContents));
    else if (node.name === 'w:sdt') collectParagraphs(node, paragraphs, fields, inContents || isContentsControl(node));
    else if (transparent.has(node.name) || node.name in revisionKinds) collectParagraphs(node, paragraphs, fields, inContents);
  }
}

/** Word wraps its table of contents in a content control of the gallery "Table of Contents". */
function isContentsControl(sdt: XmlElement): boolean {
  const properties = child(sdt, 'w:sdtPr');
  const part = properties && (child(properties, 'w:docPartObj') ?? child(properties, 'w:docPartList'));
  return part !== undefined && child(part, 'w:docPartGallery')?.attributes['w:val'] === 'Table of Contents';
}

function revisionOf(element: XmlElement, kind: Revision['kind']): Revision {
  return { kind, id: element.attributes['w:id'] ?? '', author: element.attributes['w:author'] ?? '', date: element.attributes['w:date'] };
}

/** `<w:i/>`, `<w:i w:val="true"/>`: on; `w:val="false"`, `"0"`, `"off"`: off. */
function toggle(properties: XmlElement | undefined, name: string): boolean {
  const element = properties && child(properties, name);
  if (!element) return false;
  const value = element.attributes['w:val'];
  return value === undefined || !['false', '0', 'off'].includes(value);
}

function readParagraph(paragraph: XmlElement, fields: FieldState, inContents: boolean): DocxParagraph {
  const properties = child(paragraph, 'w:pPr');
  const style = properties && child(properties, 'w:pStyle')?.attributes['w:val'];
  let contents = inContents || contentsStyle.test(style ?? '') || fields.fields.some((field) => field.contents);
  const markProperties = properties && child(properties, 'w:rPr');
  const markChange = markProperties && childElements(markProperties).find((element) => element.name === 'w:ins' || element.name === 'w:del');
  const bookmarks: string[] = [];
  const pieces: Piece[] = [];
  const walk = (element: XmlElement, revisions: readonly Revision[]): void => {
    for (const node of childElements(element)) {
      const kind = revisionKinds[node.name];
      if (kind) walk(node, [...revisions, revisionOf(node, kind)]);
      else if (node.name === 'w:r') {
        readRun(node, revisions, pieces, fields);
        contents ||= fields.fields.some((field) => field.contents);
      }
      else if (node.name === 'w:bookmarkStart') bookmarks.push(node.attributes['w:name'] ?? '');
      else if (node.name === 'w:commentRangeStart' || node.name === 'w:commentRangeEnd') pieces.push({ kind: node.name === 'w:commentRangeStart' ? 'commentStart' : 'commentEnd', id: node.attributes['w:id'] ?? '', revisions });
      else if (transparent.has(node.name)) walk(node, revisions);
    }
  };
  walk(paragraph, []);
  return {
    style,
    contents,
    numbered: properties !== undefined && child(properties, 'w:numPr') !== undefined,
    bookmarks,
    pieces,
    markRevision: markChange ? revisionOf(markChange, markChange.name === 'w:ins' ? 'insertion' : 'deletion') : undefined,
  };
}

/** What a run holds that reads as text: its text, tabs, line breaks, hyphens; a comment's reference. */
function readRun(run: XmlElement, revisions: readonly Revision[], pieces: Piece[], fields: FieldState): void {
  const properties = child(run, 'w:rPr');
  const italic = toggle(properties, 'w:i');
  const bold = toggle(properties, 'w:b');
  const text = (value: string) => {
    const last = pieces.at(-1);
    // Adjacent text of one formatting and one change is one piece.
    if (last?.kind === 'text' && last.italic === italic && last.bold === bold && last.revisions === revisions) pieces[pieces.length - 1] = { ...last, text: last.text + value };
    else pieces.push({ kind: 'text', text: value, italic, bold, revisions });
  };
  for (const node of childElements(run)) {
    switch (node.name) {
      case 'w:t':
      case 'w:delText':
        text(node.children.map((part) => (part instanceof XmlText ? part.text : '')).join(''));
        break;
      case 'w:tab':
      case 'w:ptab':
        text('\t');
        break;
      case 'w:br':
      case 'w:cr':
        // A page or column break is layout; a line break is a hard line break in the text.
        if (node.attributes['w:type'] === undefined || node.attributes['w:type'] === 'textWrapping') text(lineBreak);
        break;
      case 'w:noBreakHyphen':
        text('-');
        break;
      case 'w:sym':
        text(String.fromCodePoint(Number.parseInt(node.attributes['w:char'] ?? '20', 16)));
        break;
      case 'w:fldChar': {
        const type = node.attributes['w:fldCharType'];
        if (type === 'begin') fields.fields.push({ instruction: '', contents: false });
        else if (type === 'end') fields.fields.pop();
        break;
      }
      case 'w:instrText': {
        const field = fields.fields.at(-1);
        if (field) {
          field.instruction += node.text;
          field.contents = /^\s*TOC\b/.test(field.instruction);
        }
        break;
      }
      case 'w:commentReference':
        pieces.push({ kind: 'commentReference', id: node.attributes['w:id'] ?? '', revisions });
        break;
      default:
        // Field instructions, drawings, soft hyphens, rendered page breaks: not the text.
        break;
    }
  }
}

/** A hard line break inside a paragraph, as the import's texts hold it (apart from a paragraph's end). */
export const lineBreak = '\u2028';
