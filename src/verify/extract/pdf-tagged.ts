/**
 * A tagged PDF read the way pdfjs-dist reads it for a screen reader — the structure tree, and the
 * text of each piece of marked content through its font's ToUnicode map — but with only what the
 * agreement check needs: no glyph outlines, no text geometry beyond where a line or a word ends.
 * pdfjs took half of a build's time to tell us this; the tests hold the two readers to the same
 * result on rubricpress's PDFs. Files outside the syntax `PdfFile` knows throw `UnsupportedPdf`.
 */
import { isKeyword, isPdfArray, isPdfDict, nameOf, PdfFile, PdfKeyword, PdfLexer, PdfName, PdfRef, PdfString, textOf, UnsupportedPdf, utf16be, type PdfDict, type PdfValue } from './pdf-syntax.js';
import type { StructNode } from './pdf-structure.js';

export interface TaggedPdf {
  readonly pageCount: number;
  /** The structure tree's top-level elements, roles mapped through the RoleMap as pdfjs does. */
  readonly root: StructNode;
  /** The text of each piece of marked content, by `<page object>:<MCID>` (the ids in `root`). */
  readonly contentText: ReadonlyMap<string, string>;
  /** Every structure element with its role as written (`/S`) and its parent's. */
  readonly elements: readonly { readonly role: string; readonly parentRole: string | undefined }[];
}

export function readTaggedPdf(bytes: Uint8Array): TaggedPdf {
  const file = new PdfFile(bytes);
  const catalog = file.dict(file.trailer.get('Root'));
  if (!catalog) throw new UnsupportedPdf('No document catalog.');
  const pages = pageList(file, catalog.get('Pages'));
  const contentText = new Map<string, string>();
  const fonts = new Map<number, FontReading>();
  for (const page of pages) readPageContent(file, page, fonts, contentText);
  const { root, elements } = structureTree(file, catalog.get('StructTreeRoot'));
  return { pageCount: pages.length, root, contentText, elements };
}

interface PageRef {
  readonly ref: PdfRef;
  readonly dict: PdfDict;
}

function pageList(file: PdfFile, node: PdfValue | undefined, inherited: PdfDict = new Map(), seen = new Set<number>()): PageRef[] {
  if (!(node instanceof PdfRef) || seen.has(node.num)) throw new UnsupportedPdf('A malformed page tree.');
  seen.add(node.num);
  const dict = file.dict(node);
  if (!dict) throw new UnsupportedPdf('A page tree node that is not a dictionary.');
  // Resources are inheritable (7.7.3.4).
  const resources = dict.get('Resources') ?? inherited.get('Resources');
  const withInherited: PdfDict = resources === undefined ? new Map() : new Map([['Resources', resources]]);
  if (nameOf(dict.get('Type')) === 'Page') return [{ ref: node, dict: new Map([...withInherited, ...dict]) }];
  return file.array(dict.get('Kids')).flatMap((kid) => pageList(file, kid, withInherited, seen));
}

/** How a font's character codes become text and how far each moves the pen (Type0, Identity-H). */
interface FontReading {
  readonly text: ReadonlyMap<number, string>;
  readonly widths: ReadonlyMap<number, number>;
  readonly defaultWidth: number;
}

function fontReading(file: PdfFile, ref: PdfValue | undefined, cache: Map<number, FontReading>): FontReading {
  if (!(ref instanceof PdfRef)) throw new UnsupportedPdf('A font that is not an indirect object.');
  const known = cache.get(ref.num);
  if (known) return known;
  const font = file.dict(ref);
  if (!font || nameOf(font.get('Subtype')) !== 'Type0' || nameOf(font.get('Encoding')) !== 'Identity-H') throw new UnsupportedPdf('A font other than an embedded Type0 font with Identity-H encoding.');
  if (!font.has('ToUnicode')) throw new UnsupportedPdf('A font without a ToUnicode map.');
  const descendant = file.dict(file.array(font.get('DescendantFonts'))[0]);
  const widths = new Map<number, number>();
  const w = file.array(descendant?.get('W'));
  for (let index = 0; index < w.length; ) {
    const first = file.resolve(w[index]);
    const next = file.resolve(w[index + 1]);
    if (typeof first !== 'number') throw new UnsupportedPdf('A malformed /W array.');
    if (isPdfArray(next)) {
      next.forEach((width, offset) => widths.set(first + offset, Number(file.resolve(width))));
      index += 2;
    } else {
      const last = next;
      const width = file.resolve(w[index + 2]);
      if (typeof last !== 'number' || typeof width !== 'number') throw new UnsupportedPdf('A malformed /W array.');
      for (let code = first; code <= last; code += 1) widths.set(code, width);
      index += 3;
    }
  }
  const defaultWidth = file.resolve(descendant?.get('DW'));
  const reading: FontReading = { text: toUnicode(file.stream(font.get('ToUnicode'))), widths, defaultWidth: typeof defaultWidth === 'number' ? defaultWidth : 1000 };
  cache.set(ref.num, reading);
  return reading;
}

/** A ToUnicode CMap's bfchar and bfrange entries (9.10.3), for 2-byte codes. */
function toUnicode(cmap: Uint8Array): Map<number, string> {
  const text = new Map<number, string>();
  const lexer = new PdfLexer(cmap);
  const code = (value: PdfValue | PdfKeyword | undefined): number => {
    if (!(value instanceof PdfString)) throw new UnsupportedPdf('A malformed ToUnicode map.');
    return value.bytes.reduce((sum, byte) => sum * 256 + byte, 0);
  };
  const unicode = (value: PdfValue | PdfKeyword | undefined): string => {
    if (!(value instanceof PdfString)) throw new UnsupportedPdf('A malformed ToUnicode map.');
    return utf16be(value.bytes);
  };
  for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
    if (isKeyword(token, 'beginbfchar')) {
      for (let source = lexer.next(); !isKeyword(source, 'endbfchar'); source = lexer.next()) text.set(code(source), unicode(lexer.next()));
    } else if (isKeyword(token, 'beginbfrange')) {
      for (let low = lexer.next(); !isKeyword(low, 'endbfrange'); low = lexer.next()) {
        const first = code(low);
        const last = code(lexer.next());
        const destination = lexer.next();
        if (isPdfArray(destination)) destination.forEach((item, offset) => text.set(first + offset, unicode(item)));
        else {
          // A range of consecutive characters: the last UTF-16 unit counts up.
          const start = unicode(destination);
          for (let offset = 0; first + offset <= last; offset += 1) text.set(first + offset, start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + offset));
        }
      }
    }
  }
  return text;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Readonly<Matrix>, n: Readonly<Matrix>): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

/** pdfjs's thresholds (its text layer's `compareWithLastPosition`), as fractions of the font size. */
const spaceGap = 0.102;
const backwardsGap = -0.2;

/**
 * Interprets a page's content stream(s) for text: marked content, fonts, text positioning and
 * showing. A space is put where pdfjs puts one — a new line, a gap wider than a tenth of the font
 * size — into the piece of marked content of the glyph after it, as pdfjs does.
 */
function readPageContent(file: PdfFile, page: PageRef, fonts: Map<number, FontReading>, contentText: Map<string, string>): void {
  const contents = file.resolve(page.dict.get('Contents'));
  const streams = isPdfArray(contents) ? contents : contents === undefined ? [] : [page.dict.get('Contents')];
  const fontResources = file.dict(file.dict(page.dict.get('Resources'))?.get('Font'));
  const marked: { readonly key: string | undefined; readonly artifact: boolean }[] = [];
  let target: string | undefined;
  const retarget = (): void => {
    target = undefined;
    for (let index = marked.length - 1; index >= 0; index -= 1) {
      const entry = marked[index];
      if (entry && (entry.key !== undefined || entry.artifact)) {
        target = entry.key;
        return;
      }
    }
  };
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  let tm: Matrix = [1, 0, 0, 1, 0, 0];
  let lineMatrix: Matrix = [1, 0, 0, 1, 0, 0];
  let font: FontReading | undefined;
  let fontSize = 0;
  let charSpacing = 0;
  let leading = 0;
  let horizontalScale = 1;
  // Where the last glyph ended, in page space, and its font size there; none at the start of a page,
  // so that the page's first text starts a new word.
  let started = false;
  let lastX = 0;
  let lastY = 0;
  let lastSize = 0;
  const append = (text: string): void => {
    if (target !== undefined) contentText.set(target, (contentText.get(target) ?? '') + text);
  };
  const show = (value: PdfValue | undefined): void => {
    if (!font) throw new UnsupportedPdf('Text shown without a font.');
    if (!(value instanceof PdfString)) return;
    const { bytes } = value;
    const scaleY = Math.hypot(tm[2] * ctm[0] + tm[3] * ctm[2], tm[2] * ctm[1] + tm[3] * ctm[3]);
    const size = fontSize * scaleY;
    for (let index = 0; index + 1 < bytes.length; index += 2) {
      const code = ((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0);
      const x = tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4];
      const y = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5];
      if (!started) append(' ');
      else {
        const advanceX = x - lastX;
        const advanceY = Math.abs(y - lastY);
        if (advanceX < backwardsGap * lastSize) {
          if (advanceY > 0.5 * lastSize) append(' ');
        } else if (advanceY > lastSize || advanceX > spaceGap * lastSize) append(' ');
      }
      append(font.text.get(code) ?? '');
      move((((font.widths.get(code) ?? font.defaultWidth) / 1000) * fontSize + charSpacing) * horizontalScale);
      started = true;
      lastX = tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4];
      lastY = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5];
      lastSize = size;
    }
  };
  // The text matrix moves in place along a line; `Tm`, `Td` and friends give it a fresh array.
  const move = (tx: number): void => {
    tm[4] += tx * tm[0];
    tm[5] += tx * tm[1];
  };
  const nextLine = (tx: number, ty: number): void => {
    lineMatrix = multiply([1, 0, 0, 1, tx, ty], lineMatrix);
    tm = [...lineMatrix];
  };
  const operands: PdfValue[] = [];
  const number = (index: number): number => {
    const value = operands[index];
    if (typeof value !== 'number') throw new UnsupportedPdf('An operator without its numbers.');
    return value;
  };
  for (const stream of streams) {
    const lexer = new PdfLexer(file.stream(stream));
    for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
      if (!(token instanceof PdfKeyword)) {
        operands.push(token);
        continue;
      }
      switch (token.word) {
        case 'q':
          saved.push(ctm);
          break;
        case 'Q':
          ctm = saved.pop() ?? ctm;
          break;
        case 'cm':
          ctm = multiply([number(0), number(1), number(2), number(3), number(4), number(5)], ctm);
          break;
        case 'BT':
          tm = [1, 0, 0, 1, 0, 0];
          lineMatrix = [...tm];
          break;
        case 'Tm':
          tm = [number(0), number(1), number(2), number(3), number(4), number(5)];
          lineMatrix = [...tm];
          break;
        case 'Td':
          nextLine(number(0), number(1));
          break;
        case 'TD':
          leading = -number(1);
          nextLine(number(0), number(1));
          break;
        case 'T*':
          nextLine(0, -leading);
          break;
        case 'TL':
          leading = number(0);
          break;
        case 'Tc':
          charSpacing = number(0);
          break;
        case 'Tz':
          horizontalScale = number(0) / 100;
          break;
        case 'Tf':
          font = fontReading(file, fontResources?.get(nameOf(operands[0]) ?? ''), fonts);
          fontSize = number(1);
          break;
        case 'Tj':
          show(operands[0]);
          break;
        case "'":
          nextLine(0, -leading);
          show(operands[0]);
          break;
        case '"':
          charSpacing = number(1);
          nextLine(0, -leading);
          show(operands[2]);
          break;
        case 'TJ':
          for (const item of isPdfArray(operands[0]) ? operands[0] : []) {
            if (typeof item === 'number') move(((-item / 1000) * fontSize) * horizontalScale);
            else show(item);
          }
          break;
        case 'BMC':
          marked.push({ key: undefined, artifact: nameOf(operands[0]) === 'Artifact' });
          retarget();
          break;
        case 'BDC': {
          const properties = operands[1];
          const mcid = isPdfDict(properties) ? properties.get('MCID') : undefined;
          if (properties instanceof PdfName) throw new UnsupportedPdf('Marked content with named properties.');
          marked.push({ key: typeof mcid === 'number' ? `${String(page.ref.num)}:${String(mcid)}` : undefined, artifact: nameOf(operands[0]) === 'Artifact' });
          retarget();
          break;
        }
        case 'EMC':
          marked.pop();
          retarget();
          break;
        case 'BI':
          throw new UnsupportedPdf('An inline image.');
        default:
          break;
      }
      operands.length = 0;
    }
  }
}

/** The structure tree as pdfjs serialises it: roles through the RoleMap, Alt or else ActualText as `alt`. */
function structureTree(file: PdfFile, rootRef: PdfValue | undefined): Pick<TaggedPdf, 'root' | 'elements'> {
  const root = file.dict(rootRef);
  if (!root) throw new UnsupportedPdf('No structure tree.');
  const roleMap = new Map<string, string>();
  for (const [from, to] of file.dict(root.get('RoleMap')) ?? []) {
    const mapped = nameOf(file.resolve(to));
    if (mapped !== undefined) roleMap.set(from, mapped);
  }
  const elements: { role: string; parentRole: string | undefined }[] = [];
  const seen = new Set<number>();
  const element = (ref: PdfValue, parentRole: string | undefined, page: PdfRef | undefined): StructNode['children'][number] | undefined => {
    if (typeof ref === 'number') {
      if (!page) throw new UnsupportedPdf('Marked content of an element without a page.');
      return { type: 'content', id: `${String(page.num)}:${String(ref)}` };
    }
    const dict = file.dict(ref);
    if (!dict) return undefined;
    const type = nameOf(dict.get('Type'));
    if (type === 'MCR') {
      const pageRef = dict.get('Pg') ?? page;
      const mcid = file.resolve(dict.get('MCID'));
      if (!(pageRef instanceof PdfRef) || typeof mcid !== 'number') throw new UnsupportedPdf('A malformed marked-content reference.');
      return { type: 'content', id: `${String(pageRef.num)}:${String(mcid)}` };
    }
    if (type === 'OBJR') {
      const object = dict.get('Obj');
      return { type: 'annotation', id: object instanceof PdfRef ? String(object.num) : '' };
    }
    if (ref instanceof PdfRef) {
      if (seen.has(ref.num)) throw new UnsupportedPdf('A structure element that contains itself.');
      seen.add(ref.num);
    }
    const written = nameOf(dict.get('S')) ?? '';
    elements.push({ role: written, parentRole });
    const role = roleMap.get(written) ?? written;
    const pageOfKids = dict.get('Pg') instanceof PdfRef ? (dict.get('Pg') as PdfRef) : page;
    const alt = textOf(file.resolve(dict.get('Alt'))) ?? textOf(file.resolve(dict.get('ActualText')));
    const kids = file.resolve(dict.get('K'));
    const children = (isPdfArray(kids) ? kids : kids === undefined || kids === null ? [] : [dict.get('K') as PdfValue])
      .map((kid) => element(kid, written, pageOfKids))
      .filter((kid) => kid !== undefined);
    return { role, ...(alt !== undefined ? { alt } : {}), children };
  };
  const top = file.resolve(root.get('K'));
  const kids = isPdfArray(top) ? top : top === undefined ? [] : [root.get('K') as PdfValue];
  return { root: { role: 'Root', children: kids.map((kid) => element(kid, undefined, undefined)).filter((kid) => kid !== undefined) }, elements };
}
