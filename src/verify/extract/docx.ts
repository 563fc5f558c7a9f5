/**
 * The DOCX edition as Word shows its body: the paragraphs of word/document.xml in order (table cells
 * included), without the contents list (a field Word may rebuild; its entries are read on their own)
 * and without headers and footers (other parts). Counts come from the styles rubricpress gives its
 * paragraphs and tables.
 */
import { strFromU8, unzipSync } from 'fflate';
import { StyleId } from '../../vocabulary/docx.js';
import { normaliseText, type ChartReading, type EditionText } from './edition-text.js';
import { readChartSvgFile } from './chart-svg.js';

const contentsStyles: ReadonlySet<string> = new Set([StyleId.tocHeading, StyleId.toc1, StyleId.toc2, StyleId.toc3]);

/** A run in the footnote reference's style: a footnote's number in the text (Word's own, or a later call's). */
const noteCallRun = new RegExp(`<w:r>(?:(?!</w:r>)[\\s\\S])*?<w:rStyle w:val="${StyleId.footnoteReference}"/>[\\s\\S]*?</w:r>`, 'g');

export function readDocxEdition(bytes: Uint8Array): EditionText {
  const parts = unzipSync(bytes, { filter: (file) => file.name === 'word/document.xml' || file.name === 'word/footnotes.xml' || file.name === 'word/_rels/document.xml.rels' || file.name.endsWith('.svg') });
  const part = parts['word/document.xml'];
  const footnotesPart = parts['word/footnotes.xml'];
  const body = part ? strFromU8(part) : '';
  const noteCalls = [...body.matchAll(noteCallRun)].length;
  // Footnotes' numbers are read apart from the text, as the notes are.
  const xml = body.replace(noteCallRun, '');
  const notes = footnotesOf(footnotesPart ? strFromU8(footnotesPart) : '');
  const paragraphs: string[] = [];
  const contents: string[] = [];
  let questions = 0;
  let citations = 0;
  // The bookmarks around bibliography entries, which citations link to, and the links of the text.
  const entryBookmarks = new Set<string>();
  const internalLinks: string[] = [];
  for (const match of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const paragraph = match[0];
    const style = /<w:pStyle w:val="([^"]+)"/.exec(paragraph)?.[1] ?? '';
    const pieces = [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\/>/g)];
    const text = piecesText(pieces);
    if (style === StyleId.toc1 || style === StyleId.toc2 || style === StyleId.toc3) {
      // rubricpress writes the entries without page numbers; Word, updating the field, puts each after a tab.
      const lastTab = pieces.findLastIndex((piece) => piece[2] === 'tab');
      const title = normaliseText(lastTab < 0 ? text : piecesText(pieces.slice(0, lastTab)));
      if (title !== '') contents.push(title);
    }
    if (contentsStyles.has(style)) continue;
    if (style === StyleId.indicator) questions += 1;
    if (style === StyleId.bibliography) {
      citations += 1;
      for (const bookmark of paragraph.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]*)"/g)) entryBookmarks.add(decodeXml(bookmark[1] ?? ''));
    }
    internalLinks.push(...anchorsOf(paragraph));
    paragraphs.push(text);
  }
  const charts = chartsOf(xml, parts);
  // The text's internal links (outside the contents list) are the citations': each must lead to an entry's bookmark.
  const citationLinks = [...internalLinks, ...notes.flatMap((note) => anchorsOf(note.xml))];
  const broken = citationLinks.filter((anchor) => !entryBookmarks.has(anchor));
  return {
    ...(contents.length > 0 ? { contents } : {}),
    ...(charts.length > 0 ? { charts } : {}),
    ...(broken.length > 0 ? { problems: broken.map((anchor) => `The DOCX edition has a citation linking to the bookmark “${anchor}”, which marks no entry of the reference list.`) } : {}),
    text: normaliseText(paragraphs.join('\n')),
    notes: normaliseText(notes.map((note) => note.text).join(' ')),
    counts: {
      questions,
      rubricTables: [...xml.matchAll(new RegExp(`<w:tblStyle w:val="(?:${StyleId.rubricTable}|${StyleId.dataTable})"`, 'g'))].length,
      citations,
      // External links carry a relationship id; the contents' internal links carry an anchor.
      links: [xml, ...notes.map((note) => note.xml)].reduce((sum, part) => sum + [...part.matchAll(/<w:hyperlink [^>]*r:id="/g)].length, 0),
      noteCalls,
      notes: notes.length,
      citationLinks: citationLinks.length - broken.length,
    },
  };
}

/**
 * The charts: each drawing with an SVG image, in document order — its description (the alternative
 * text Word reads out), and the SVG file it shows, read as the HTML edition's inline SVG is.
 */
function chartsOf(xml: string, parts: Readonly<Record<string, Uint8Array>>): ChartReading[] {
  const rels = parts['word/_rels/document.xml.rels'];
  const targets = new Map([...(rels ? strFromU8(rels) : '').matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
  return [...xml.matchAll(/<w:drawing>[\s\S]*?<\/w:drawing>/g)].flatMap((match) => {
    const drawing = match[0];
    const svgId = /<asvg:svgBlip [^>]*r:embed="([^"]+)"/.exec(drawing)?.[1];
    if (svgId === undefined) return [];
    const file = parts[`word/${targets.get(svgId) ?? ''}`];
    const read = file ? readChartSvgFile(strFromU8(file)) : undefined;
    const description = decodeXml(/<wp:docPr [^>]*descr="([^"]*)"/.exec(drawing)?.[1] ?? '');
    return [{ alt: normaliseText(description), text: read?.text ?? '', bars: read?.bars ?? [] }];
  });
}

/** The bookmarks a piece of XML's internal hyperlinks lead to. */
function anchorsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]*)"/g)].map((match) => decodeXml(match[1] ?? ''));
}

/** The footnotes of word/footnotes.xml, but Word's separators (which have a type): each one's text and its XML. */
function footnotesOf(xml: string): { text: string; xml: string }[] {
  return [...xml.matchAll(/<w:footnote( [^>]*)?>([\s\S]*?)<\/w:footnote>/g)]
    .filter((match) => !/w:type="/.test(match[1] ?? ''))
    .map((match) => {
      const content = match[2] ?? '';
      const paragraphs = [...content.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((paragraph) => piecesText([...paragraph[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\/>/g)]));
      return { text: paragraphs.join(' '), xml: content };
    });
}

/** A paragraph's text from its `w:t` runs, a tab or break read as a space. */
function piecesText(pieces: readonly RegExpExecArray[]): string {
  return pieces.map((piece) => (piece[2] ? ' ' : decodeXml(piece[1] ?? ''))).join('');
}

function decodeXml(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g, (_whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp'];
  });
}
