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
