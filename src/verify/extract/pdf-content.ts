/**
 * A page's content stream read for its text, as pdfjs-dist's text layer reads it (its
 * `getTextContent`, pdf.worker.mjs): the text of each glyph through its font's ToUnicode map, put
 * into the piece of marked content it is drawn in, with a space where pdfjs would put one — a new
 * line, a gap wider than a tenth of the font size, a white-space glyph — and nothing for a glyph
 * drawn outside the page. A simplified model of pdfjs's rules, enough for the words to come out
 * the same; the tests compare the two readers on rubricpress's PDFs.
 */
import { fontReading, type FontReading } from './pdf-fonts.js';
import { isPdfArray, isPdfDict, nameOf, PdfFile, PdfKeyword, PdfLexer, PdfName, PdfRef, PdfString, UnsupportedPdf, type PdfDict, type PdfValue } from './pdf-syntax.js';

export interface PageToRead {
  readonly ref: PdfRef;
  /** The page's dictionary, with the resources it inherits. */
  readonly dict: PdfDict;
  /** What pdfjs calls the page's view: x0, y0, x1, y1 of the crop box within the media box. */
  readonly view: readonly [number, number, number, number];
}

type Matrix = readonly [number, number, number, number, number, number];

const identity: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

/**
 * The graphics and text state that `q` saves and `Q` restores (pdfjs saves the text state with
 * it). Changed in place while a stream is read (one object, not one per operator); saved as copies.
 */
interface TextState {
  ctm: Matrix;
  /** Moves along a line glyph by glyph, in place. */
  textMatrix: [number, number, number, number, number, number];
  lineMatrix: Matrix;
  font: FontReading | undefined;
  fontSize: number;
  charSpacing: number;
  horizontalScale: number;
  leading: number;
}

function initialState(): TextState {
  return { ctm: identity, textMatrix: [...identity], lineMatrix: identity, font: undefined, fontSize: 0, charSpacing: 0, horizontalScale: 1, leading: 0 };
}

/** pdfjs's thresholds (`compareWithLastPosition`), as fractions of the font size. */
const spaceGap = 0.102;
const backwardsGap = -0.2;

/** pdfjs's glyph categories, with its regular expression: white space, a zero-width mark, an invisible format mark. */
const specialCharacter = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
type Category = 'whitespace' | 'mark' | 'invisible' | 'visible';

/** What the reader needs of one character code of a font, looked up once per font and code. */
interface Glyph {
  readonly text: string;
  readonly category: Category;
  /** In thousandths of the font size. */
  readonly width: number;
}

const glyphsByFont = new WeakMap<FontReading, Map<number, Glyph>>();

function glyphsOf(font: FontReading): Map<number, Glyph> {
  let glyphs = glyphsByFont.get(font);
  if (!glyphs) {
    glyphs = new Map();
    glyphsByFont.set(font, glyphs);
  }
  return glyphs;
}

function glyphOf(font: FontReading, glyphs: Map<number, Glyph>, code: number): Glyph {
  let glyph = glyphs.get(code);
  if (!glyph) {
    const text = font.text.get(code) ?? '';
    glyph = { text, category: categoryOf(text), width: font.widths.get(code) ?? font.defaultWidth };
    glyphs.set(code, glyph);
  }
  return glyph;
}

/** Asked once per font and code (`glyphOf` keeps the answer). */
function categoryOf(text: string): Category {
  const groups = specialCharacter.exec(text);
  return groups?.[1] ? 'whitespace' : groups?.[2] ? 'mark' : groups?.[3] ? 'invisible' : 'visible';
}

/** Glyphs no reader sees as the text layer has them: drawn as the font's empty box, or outside the page. */
export interface UnseenGlyphs {
  boxes: number;
  offPage: number;
}

/**
 * Adds the text of each piece of marked content on the page to `contentText`, by
 * `<page object>:<MCID>`, in pieces to be joined, and counts the glyphs drawn as empty boxes or
 * outside the page in `unseen`. The page's first glyph starts a new word (pages are read one after another).
 */
export function readPageContent(file: PdfFile, page: PageToRead, fonts: Map<number, FontReading>, contentText: Map<string, string[]>, unseen: UnseenGlyphs, rectangles?: Map<string, number[]>): void {
  const contents = file.resolve(page.dict.get('Contents'));
  const streams = isPdfArray(contents) ? contents : contents === undefined ? [] : [page.dict.get('Contents') ?? null];
  const pageResources = resourcesOf(file, file.dict(page.dict.get('Resources')));
  const [x0, y0, x1, y1] = page.view;

  const marked: { readonly key: string | undefined; readonly artifact: boolean }[] = [];
  // The pieces of the marked content text goes to now; none in an artifact or outside marked content.
  let target: string[] | undefined;
  let targetKey: string | undefined;
  const retarget = (): void => {
    const key = marked.findLast((entry) => entry.key !== undefined || entry.artifact)?.key;
    targetKey = key;
    target = key === undefined ? undefined : contentText.get(key);
    if (key !== undefined && !target) {
      target = [];
      contentText.set(key, target);
    }
  };
  const append = (text: string): void => {
    target?.push(text);
  };

  let state = initialState();
  const saved: TextState[] = [];
  const setTextMatrix = (matrix: Matrix): void => {
    state.textMatrix = [...matrix];
    state.lineMatrix = matrix;
  };
  const move = (tx: number): void => {
    const { textMatrix } = state;
    textMatrix[4] += tx * textMatrix[0];
    textMatrix[5] += tx * textMatrix[1];
  };
  const nextLine = (tx: number, ty: number): void => setTextMatrix(multiply([1, 0, 0, 1, tx, ty], state.lineMatrix));

  // Where the last glyph ended on the page, and its font size there; nowhere at the start of the page.
  let penPlaced = false;
  // x, y and font size, in a typed array: a number kept in a closure's variable is boxed anew each
  // time it changes, and these change with every glyph (reading 12 books: 212 scavenges, not 229).
  const pen = new Float64Array(3);
  let pendingSpace = false;
  const show = (value: PdfValue | undefined): void => {
    const { font, fontSize, charSpacing, horizontalScale, ctm, textMatrix } = state;
    if (!font) throw new UnsupportedPdf('Text shown without a font.');
    if (!(value instanceof PdfString)) throw new UnsupportedPdf('Text shown that is not a string.');
    const { bytes } = value;
    if (bytes.length % 2 !== 0) throw new UnsupportedPdf('A string of odd length for a two-byte font.');
    const size = fontSize * Math.hypot(textMatrix[2] * ctm[0] + textMatrix[3] * ctm[2], textMatrix[2] * ctm[1] + textMatrix[3] * ctm[3]);
    const glyphs = glyphsOf(font);
    for (let index = 0; index < bytes.length; index += 2) {
      const code = ((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0);
      // Code 0 is glyph 0 in pdfkit's subsets (Identity-H): .notdef, drawn as an empty box.
      if (code === 0) unseen.boxes += 1;
      const { text, category, width: thousandths } = glyphOf(font, glyphs, code);
      if (category === 'invisible') continue;
      const width = (thousandths / 1000) * fontSize;
      if (category === 'whitespace') {
        move((width + charSpacing) * horizontalScale);
        pendingSpace = true;
        continue;
      }
      if (category === 'visible') {
        const x = textMatrix[4] * ctm[0] + textMatrix[5] * ctm[2] + ctm[4];
        const y = textMatrix[4] * ctm[1] + textMatrix[5] * ctm[3] + ctm[5];
        if (x + width < x0 || x > x1 || y < y0 || y > y1) {
          // Off the page: pdfjs leaves it out, so a line pushed off the page is missing (and an
          // actual text over it would read as if it were there: counted, in content only: a running
          // head a theme's narrow margin pushes off the page is no text the check reads).
          if (target) unseen.offPage += 1;
          move(width * horizontalScale);
          continue;
        }
        if (!penPlaced) pendingSpace = true;
        else {
          const penSize = pen[2] ?? 0;
          const advanceX = x - (pen[0] ?? 0);
          const advanceY = Math.abs(y - (pen[1] ?? 0));
          if (advanceX < backwardsGap * penSize) {
            if (advanceY > 0.5 * penSize) pendingSpace = true;
          } else if (advanceY > penSize || advanceX > spaceGap * penSize) pendingSpace = true;
        }
      }
      if (pendingSpace) append(' ');
      pendingSpace = false;
      append(text);
      // A zero-width mark does not move pdfjs's pen, nor count as where the last glyph ended.
      if (category === 'visible') {
        move(width * horizontalScale);
        penPlaced = true;
        pen[0] = textMatrix[4] * ctm[0] + textMatrix[5] * ctm[2] + ctm[4];
        pen[1] = textMatrix[4] * ctm[1] + textMatrix[5] * ctm[3] + ctm[5];
        pen[2] = size;
      }
      move(charSpacing * horizontalScale);
    }
  };

  const operands: PdfValue[] = [];
  const number = (index: number): number => {
    const value = operands[index];
    if (typeof value !== 'number') throw new UnsupportedPdf('An operator without its numbers.');
    return value;
  };
  const matrix = (): Matrix => [number(0), number(1), number(2), number(3), number(4), number(5)];
  /** How many forms the page has drawn, where a form's `Q` stops (the saved states below are the page's), and how deep in forms the reading is. */
  let formsRead = 0;
  let savedFloor = 0;
  let insideForm = 0;
  /** Streams read in turn with these resources: a page's, then any form XObject's it draws (a book's running heads and page numbers, bound.ts). */
  const readStreams = (streamRefs: readonly PdfValue[], resources: Resources, depth: number): void => {
    const { fontResources, xObjects, graphicsStates } = resources;
    for (const stream of streamRefs) {
      const lexer = new PdfLexer(file.stream(stream));
      for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
        if (!(token instanceof PdfKeyword)) {
          operands.push(token);
          continue;
        }
        switch (token.word) {
          case 'q':
            saved.push({ ...state, textMatrix: [...state.textMatrix] });
            break;
          case 'Q': {
            // Never below what a form was drawn with (pdfjs's state stack is the form's own).
            if (saved.length <= savedFloor) break;
            // The saved copy is no one else's once popped: it becomes the state.
            const restored = saved.pop();
            if (restored) state = restored;
            break;
          }
          case 'cm':
            state.ctm = multiply(matrix(), state.ctm);
            break;
          case 'BT':
            setTextMatrix(identity);
            break;
          case 'Tm':
            setTextMatrix(matrix());
            break;
          case 'Td':
            nextLine(number(0), number(1));
            break;
          case 'TD':
            state.leading = -number(1);
            nextLine(number(0), number(1));
            break;
          case 'T*':
            nextLine(0, -state.leading);
            break;
          case 'TL':
            state.leading = number(0);
            break;
          case 'Tc':
            state.charSpacing = number(0);
            break;
          case 'Tz':
            state.horizontalScale = number(0) / 100;
            break;
          case 'Tf':
            state.font = fontReading(file, fontResources?.get(nameOf(operands[0]) ?? ''), fonts);
            state.fontSize = number(1);
            break;
          case 'Tj':
            show(operands[0]);
            break;
          case "'":
            nextLine(0, -state.leading);
            show(operands[0]);
            break;
          case '"':
            state.charSpacing = number(1);
            nextLine(0, -state.leading);
            show(operands[2]);
            break;
          case 'TJ': {
            const items = operands[0];
            if (!isPdfArray(items)) throw new UnsupportedPdf('TJ without an array.');
            for (const item of items) {
              if (typeof item === 'number') move((-item / 1000) * state.fontSize * state.horizontalScale);
              else show(item);
            }
            break;
          }
          case 'BMC':
            marked.push({ key: undefined, artifact: nameOf(operands[0]) === 'Artifact' });
            retarget();
            break;
          case 'BDC': {
            const properties = operands[1];
            if (properties instanceof PdfName) throw new UnsupportedPdf('Marked content with named properties.');
            const mcid = isPdfDict(properties) ? properties.get('MCID') : undefined;
            // A form's marked content belongs to the form's own structure parents, which rubricpress never writes (its forms are furniture).
            if (mcid !== undefined && insideForm > 0) throw new UnsupportedPdf('Marked content with an MCID inside a form XObject.');
            marked.push({ key: typeof mcid === 'number' ? `${String(page.ref.num)}:${String(mcid)}` : undefined, artifact: nameOf(operands[0]) === 'Artifact' });
            retarget();
            break;
          }
          case 'EMC':
            marked.pop();
            retarget();
            break;
          case 'Do': {
            // pdfjs reads the text of form XObjects, as drawn where they are; images have none.
            const ref = xObjects?.get(nameOf(operands[0]) ?? '');
            const form = file.dict(ref);
            if (nameOf(form?.get('Subtype')) === 'Image') break;
            if (!form || nameOf(form.get('Subtype')) !== 'Form') throw new UnsupportedPdf('A Do of something that is neither an image nor a form.');
            if (depth >= maxFormDepth) throw new UnsupportedPdf('Form XObjects drawn inside one another too deep.');
            // Forms that draw each other many times over are left to pdfjs: a page reads a bounded number.
            formsRead += 1;
            if (formsRead > maxFormsPerPage) throw new UnsupportedPdf('More form XObjects on a page than this reader reads.');
            const formMatrix = file.array(form.get('Matrix'));
            if (formMatrix.length !== 0 && (formMatrix.length !== 6 || !formMatrix.every((value) => typeof value === 'number'))) throw new UnsupportedPdf('A form XObject whose /Matrix is not six numbers.');
            const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = formMatrix.map(Number);
            // The form's own graphics state: what it saves and restores stays inside it, as pdfjs has it.
            const outerState: TextState = { ...state, textMatrix: [...state.textMatrix] };
            const outer = { saved: saved.length, marked: marked.length, floor: savedFloor };
            state.ctm = multiply([a, b, c, d, e, f], state.ctm);
            savedFloor = saved.length;
            const formResources = file.dict(form.get('Resources'));
            // The Do's operand is read: the form's operators start afresh.
            operands.length = 0;
            insideForm += 1;
            readStreams([ref ?? null], formResources ? resourcesOf(file, formResources) : resources, depth + 1);
            insideForm -= 1;
            if (marked.length !== outer.marked) throw new UnsupportedPdf('A form XObject whose marked content does not end in it.');
            saved.length = outer.saved;
            savedFloor = outer.floor;
            state = outerState;
            break;
          }
          case 'gs':
            if (file.dict(graphicsStates?.get(nameOf(operands[0]) ?? ''))?.has('Font')) throw new UnsupportedPdf('A font set by a graphics state.');
            break;
          case 'BI':
            throw new UnsupportedPdf('An inline image.');
          case 're':
            // A rectangle drawn as content (a chart's track or bar): its width on the page, for the marked content it is in.
            if (rectangles && targetKey !== undefined) {
              const widths = rectangles.get(targetKey) ?? [];
              widths.push(Math.hypot(number(2) * state.ctm[0], number(2) * state.ctm[1]));
              rectangles.set(targetKey, widths);
            }
            break;
          case 'Ts':
            // A text rise moves glyphs off their line, which pdfjs corrects for; pdfkit never sets one.
            if (number(0) !== 0) throw new UnsupportedPdf('A text rise.');
            break;
          default:
            break;
        }
        operands.length = 0;
      }
    }
  };
  readStreams(streams, pageResources, 0);
}

/** The resources a content stream names its fonts, images, forms and graphics states in. */
interface Resources {
  readonly fontResources: PdfDict | undefined;
  readonly xObjects: PdfDict | undefined;
  readonly graphicsStates: PdfDict | undefined;
}

function resourcesOf(file: PdfFile, resources: PdfDict | undefined): Resources {
  return { fontResources: file.dict(resources?.get('Font')), xObjects: file.dict(resources?.get('XObject')), graphicsStates: file.dict(resources?.get('ExtGState')) };
}

/** Forms inside forms: rubricpress draws one level (a book's page furniture); a file that goes deeper is read by pdfjs. */
const maxFormDepth = 4;
/** Forms one page may draw (rubricpress draws one, its furniture): past it the page is pdfjs's. */
const maxFormsPerPage = 64;
