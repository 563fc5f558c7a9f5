/**
 * A PDF's structure tree as both PDF readers give it (pdfjs-dist's `getStructTree`, and
 * `readTaggedPdf`), and what the agreement check takes from it: the text in reading order (without
 * the contents list), the contents list's entries on their own, and the structure counts.
 */
import { pdfHeadings, pdfTags } from '../../vocabulary/pdf.js';
import { normaliseText, type ChartReading, type EditionText, type StructureCounts } from './edition-text.js';

export interface StructNode {
  readonly role: string;
  readonly alt?: string;
  /** The element's /Lang, where it has one (pdfjs reads it). */
  readonly lang?: string;
  readonly children: readonly (StructNode | { readonly type: 'content' | 'object' | 'annotation'; readonly id: string })[];
}

/** The text of each piece of marked content, by its id in the tree. */
export interface MarkedContentText {
  readonly contentText: ReadonlyMap<string, string>;
}

export function isStructNode(node: StructNode['children'][number]): node is StructNode {
  return 'role' in node;
}

/** Elements that stand inside a line of text: their text joins their neighbours' without a space. */
const inlineRoles: ReadonlySet<string> = new Set([pdfTags.span, pdfTags.link, 'Code', 'Quote', 'Reference', 'Note']);

/**
 * Text of a structure element: its actual text if it has one, else its contents' and children's.
 * `continued`: elements whose actual text was read on the page before (a link across a page break).
 */
export function elementText(node: StructNode, page: MarkedContentText, continued: ReadonlySet<StructNode> = new Set()): string {
  if (continued.has(node)) return '';
  if (node.alt !== undefined) {
    // pdfjs puts the space before a piece of marked content into that piece; it survives the actual text.
    const drawn = contentsText(node, page, continued);
    return `${/^\s/.test(drawn) ? ' ' : ''}${node.alt}${/\s$/.test(drawn) ? ' ' : ''}`;
  }
  return contentsText(node, page, continued);
}

function contentsText(node: StructNode, page: MarkedContentText, continued: ReadonlySet<StructNode>): string {
  return joinedText(node, page, (child) => elementText(child, page, continued));
}

/** A node's text from its marked content and its children's text (`childText`), a block child set off by spaces. */
function joinedText(node: StructNode, page: MarkedContentText, childText: (child: StructNode) => string): string {
  return node.children
    .map((child) => {
      if (isStructNode(child)) return inlineRoles.has(child.role) ? childText(child) : ` ${childText(child)} `;
      return child.type === 'content' ? (page.contentText.get(child.id) ?? '') : '';
    })
    .join('');
}

/** The tree without its footnotes and their calls (Note and Reference elements), which are read on their own. */
export function withoutNotes(node: StructNode): StructNode {
  return {
    ...node,
    children: node.children.filter((child) => !isStructNode(child) || (child.role !== pdfTags.note && child.role !== pdfTags.reference)).map((child) => (isStructNode(child) ? withoutNotes(child) : child)),
  };
}

/** The text of the tree's footnotes (Note elements), one after another. */
export function notesText(node: StructNode, page: MarkedContentText): string {
  const texts: string[] = [];
  const visit = (parent: StructNode): void => {
    for (const child of parent.children) {
      if (!isStructNode(child)) continue;
      if (child.role === pdfTags.note) texts.push(elementText(child, page));
      else visit(child);
    }
  };
  visit(node);
  return texts.join(' ');
}

/** Each heading outside the contents list, in reading order: its words and the page (from 1) its first words are drawn on. */
export function headingPages(node: StructNode, page: MarkedContentText, pageNumbers: ReadonlyMap<number, number>): { readonly text: string; readonly page: number | undefined }[] {
  const headingRoles = new Set<string>(Object.values(pdfHeadings));
  const firstContent = (element: StructNode): string | undefined => {
    for (const child of element.children) {
      const id = isStructNode(child) ? firstContent(child) : child.type === 'content' ? child.id : undefined;
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const found: { text: string; page: number | undefined }[] = [];
  const visit = (parent: StructNode): void => {
    for (const child of parent.children) {
      if (!isStructNode(child) || child.role === pdfTags.contents) continue;
      if (headingRoles.has(child.role)) {
        const id = firstContent(child);
        found.push({ text: normaliseText(elementText(child, page)), page: id === undefined ? undefined : pageNumbers.get(Number(id.split(':')[0])) });
      } else visit(child);
    }
  };
  visit(node);
  return found;
}

/**
 * Whether each contents entry's page number is the page its heading stands on: the entries' drawn
 * texts ("Key Findings 3") against the headings in reading order. An entry whose heading is not
 * found is left to the comparison of the text, which reports a missing heading.
 */
export function contentsPageProblems(drawn: readonly string[], headings: readonly { readonly text: string; readonly page: number | undefined }[]): string[] {
  const problems: string[] = [];
  let from = 0;
  let pending = '';
  for (const text of drawn) {
    const entry = pending === '' ? text : `${pending} ${text}`;
    const numbered = / (\d+)$/.exec(entry);
    if (!numbered) {
      pending = entry;
      continue;
    }
    pending = '';
    const title = entry.slice(0, numbered.index);
    const at = headings.findIndex((heading, index) => index >= from && heading.text === title);
    if (at < 0) continue;
    from = at + 1;
    const page = headings[at]?.page;
    if (page !== undefined && String(page) !== numbered[1]) problems.push(`The PDF edition's contents entry “${title}” gives page ${numbered[1] ?? ''}; the heading stands on page ${String(page)}.`);
  }
  return problems;
}

/** The widths of the rectangles drawn in each piece of marked content, by its id, in the order drawn. */
export interface MarkedContentRectangles {
  readonly rectangles: ReadonlyMap<string, readonly number[]>;
}

/** The tree without its figures (charts), which are read on their own; their captions are elements of their own, and stay. */
export function withoutFigures(node: StructNode): StructNode {
  return { ...node, children: node.children.filter((child) => !isStructNode(child) || child.role !== pdfTags.figure).map((child) => (isStructNode(child) ? withoutFigures(child) : child)) };
}

/** The tree's figures in reading order, each as a chart: its /Alt, its words as drawn, and each bar's width against its track's (the rectangles drawn in it, in pairs). */
export function figureReadings(node: StructNode, page: MarkedContentText & MarkedContentRectangles): ChartReading[] {
  const found: ChartReading[] = [];
  const visit = (parent: StructNode): void => {
    for (const child of parent.children) {
      if (!isStructNode(child)) continue;
      if (child.role !== pdfTags.figure) {
        visit(child);
        continue;
      }
      const widths = contentIds(child).flatMap((id) => page.rectangles.get(id) ?? []);
      // To four places: pdfjs measures in single precision, this file's reader in double.
      const bars = Array.from({ length: Math.floor(widths.length / 2) }, (_unused, index) => Math.round(((widths[2 * index + 1] ?? Number.NaN) / (widths[2 * index] ?? Number.NaN)) * 10_000) / 10_000);
      found.push({ alt: normaliseText(child.alt ?? ''), text: normaliseText(joinedText(child, page, (inner) => figureWords(inner, page))), bars });
    }
  };
  visit(node);
  return found;
}

/**
 * An element's words inside a chart. A chart's labels are whole words, set apart by where they are
 * drawn; a right-to-left label is a Span whose actual text is its words, and when its drawn glyphs
 * carry no characters of their own (shaped Arabic glyphs may not), the space the reader takes from
 * the drawn text is lost ("10المغرب"): such a Span is set off by spaces.
 */
function figureWords(node: StructNode, page: MarkedContentText): string {
  const words = elementText(node, page);
  return node.alt !== undefined && joinedText(node, page, () => '').trim() === '' ? ` ${words} ` : words;
}

/** The ids of an element's marked content, its children's included, in order. */
function contentIds(node: StructNode): string[] {
  return node.children.flatMap((child) => (isStructNode(child) ? contentIds(child) : child.type === 'content' ? [child.id] : []));
}

/** The tree without its contents list (a TOC element): it repeats the headings, and Word may rebuild its DOCX twin. */
export function withoutContents(node: StructNode): StructNode {
  return { ...node, children: node.children.filter((child) => !isStructNode(child) || child.role !== pdfTags.contents).map((child) => (isStructNode(child) ? withoutContents(child) : child)) };
}

/**
 * The drawn text of each entry of the tree's contents lists (the TOCI elements of TOC elements), in
 * order, page number included. Drawn, not the entry link's actual text: that is the renderer's own
 * words for the entry, and a fault in what was drawn would pass with it.
 */
export function contentsEntryTexts(node: StructNode, page: MarkedContentText): string[] {
  const entries: string[] = [];
  const visit = (parent: StructNode, inContents: boolean): void => {
    for (const child of parent.children) {
      if (!isStructNode(child)) continue;
      if (inContents && child.role === pdfTags.contentsEntry) entries.push(normaliseText(drawnText(child, page)));
      else visit(child, inContents || child.role === pdfTags.contents);
    }
  };
  visit(node, node.role === pdfTags.contents);
  return entries.filter((entry) => entry !== '');
}

/** A contents entry's text as drawn: links read by their glyphs, anything inside them (a break hyphen's span) as usual. */
function drawnText(node: StructNode, page: MarkedContentText): string {
  return joinedText(node, page, (child) => (child.role === pdfTags.link ? drawnText(child, page) : elementText(child, page)));
}

/**
 * The titles of the PDF's contents entries, from their drawn texts: each ends in its page number,
 * drawn on its last line. An entry without one was cut by a page break (a reader that goes page by
 * page gets its two parts as two entries) and continues in the next; one still without at the end
 * is a problem.
 */
export function contentsTitles(drawn: readonly string[]): Pick<EditionText, 'contents' | 'problems'> {
  const titles: string[] = [];
  let pending = '';
  for (const text of drawn) {
    const entry = pending === '' ? text : `${pending} ${text}`;
    const numbered = / \d+$/.exec(entry);
    if (numbered) {
      titles.push(entry.slice(0, numbered.index));
      pending = '';
    } else pending = entry;
  }
  if (pending !== '') titles.push(pending);
  return {
    ...(titles.length > 0 ? { contents: titles } : {}),
    ...(pending !== '' ? { problems: [`The PDF edition's contents entry “${pending}” shows no page number.`] } : {}),
  };
}

/** A structure element's role as written (`/S`, before any RoleMap) and its parent's. */
export interface WrittenElement {
  readonly role: string;
  readonly parentRole: string | undefined;
  /** A Link element's named destination, for a link inside the document (none for a web address). */
  readonly destination?: string;
}

/**
 * The structure counts, and each link of the text inside the document that leads to no entry of a
 * bibliography (`entryDestinations`: the named destinations where one is drawn) as a problem.
 */
export function structureCounts(elements: readonly WrittenElement[], entryDestinations: ReadonlySet<string>): { readonly counts: StructureCounts; readonly problems: string[] } {
  const count = (role: string): number => elements.filter((element) => element.role === role).length;
  // The contents list's entries are links too, and so are footnotes' calls; they are not the source's.
  const textLinks = elements.filter((element) => element.role === pdfTags.link && element.parentRole !== pdfTags.contentsEntry && element.parentRole !== pdfTags.reference);
  // A link of the text inside the document is a citation's, to the work's entry in the reference list.
  const citationLinks = textLinks.flatMap((element) => (element.destination === undefined ? [] : [element.destination]));
  const broken = citationLinks.filter((destination) => !entryDestinations.has(destination));
  return {
    counts: {
      questions: count(pdfHeadings.question),
      rubricTables: count(pdfTags.table),
      citations: count(pdfTags.bibliographyEntry),
      links: textLinks.length - citationLinks.length,
      noteCalls: count(pdfTags.reference),
      notes: count(pdfTags.note),
      citationLinks: citationLinks.length - broken.length,
    },
    problems: broken.map((destination) => `The PDF edition has a citation linking to the destination “${destination}”, which is on no page of a bibliography entry.`),
  };
}
