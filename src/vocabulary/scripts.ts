/**
 * Which text is written right to left, decided once for every writer: the PDF draws such words in
 * visual order, the HTML wraps them in `dir="rtl"`, the DOCX marks their runs `w:rtl`.
 */

/** Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const letters = '\\u0590-\\u08FF\\uFB1D-\\uFDFF\\uFE70-\\uFEFF';

/** Whether a text holds a right-to-left letter. */
export const rightToLeftLetter = new RegExp(`[${letters}]`, 'u');

/** Runs of right-to-left letters with the spaces between them, captured: `text.split(rightToLeftRun)` keeps them as pieces. */
export const rightToLeftRun = new RegExp(`([${letters}](?:[${letters}\\s]*[${letters}])?)`, 'u');

/**
 * Whether a paragraph reads right to left: its first strong letter (the Unicode bidirectional
 * algorithm's rules P2 and P3) is a right-to-left one. Digits and punctuation are no strong letters.
 */
export function startsRightToLeft(text: string): boolean {
  const first = /\p{L}/u.exec(text);
  return first !== null && rightToLeftLetter.test(first[0]);
}

/**
 * Characters Word sets in a run's East Asian font slot (`w:eastAsia`): Han, kana, Hangul and
 * Bopomofo, CJK punctuation and symbols, full-width forms.
 */
const eastAsian = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Bopomofo}\\u2E80-\\u2FDF\\u3000-\\u30FF\\u3190-\\u31FF\\uFE30-\\uFE4F\\uFF00-\\uFFEF';

/**
 * Characters of the complex scripts Word sets in a run's complex-script font slot (`w:cs`) besides
 * the right-to-left ones: the Indic scripts (with their full stops, the dandas), Thai, Lao, Tibetan, Myanmar, Khmer.
 */
const complexLeftToRight = '\\p{Script=Devanagari}\\p{Script=Bengali}\\p{Script=Gurmukhi}\\p{Script=Gujarati}\\p{Script=Oriya}\\p{Script=Tamil}\\p{Script=Telugu}\\p{Script=Kannada}\\p{Script=Malayalam}\\p{Script=Sinhala}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Tibetan}\\p{Script=Myanmar}\\p{Script=Khmer}\\u0964\\u0965';

/**
 * Whether a text holds letters of a script whose shaping reorders glyphs (a Devanagari vowel sign
 * drawn before the consonant it follows): a PDF draws them in visual order, so its text layer needs
 * the text itself (an actual text), as for right-to-left words.
 */
export const reorderingLetter = new RegExp(`[${complexLeftToRight}]`, 'u');

/** Which of a Word run's font slots a text's letters need: East Asian, complex script, or neither (ASCII and high ANSI). */
export type FontSlot = 'eastAsia' | 'complex' | 'latin';

export interface ScriptPiece {
  readonly text: string;
  readonly slot: FontSlot;
  readonly rightToLeft: boolean;
}

const otherScriptRun = new RegExp(`([${eastAsian}](?:[${eastAsian}\\s]*[${eastAsian}])?|[${complexLeftToRight}](?:[${complexLeftToRight}\\p{M}\\s]*[${complexLeftToRight}\\p{M}])?)`, 'u');
const eastAsianLetter = new RegExp(`[${eastAsian}]`, 'u');

/**
 * A text cut where its font slot changes: right-to-left runs, East Asian runs and other
 * complex-script runs (each with the spaces between its words) apart from the rest. Neutral characters between
 * them (spaces, Latin punctuation, digits) stay with the Latin text.
 */
export function scriptPieces(text: string): ScriptPiece[] {
  const pieces: ScriptPiece[] = [];
  for (const part of text.split(rightToLeftRun)) {
    if (part === '') continue;
    if (rightToLeftRun.test(part)) {
      pieces.push({ text: part, slot: 'complex', rightToLeft: true });
      continue;
    }
    for (const inner of part.split(otherScriptRun)) {
      if (inner === '') continue;
      const slot: FontSlot = !otherScriptRun.test(inner) ? 'latin' : eastAsianLetter.test(inner) ? 'eastAsia' : 'complex';
      pieces.push({ text: inner, slot, rightToLeft: false });
    }
  }
  return pieces;
}
