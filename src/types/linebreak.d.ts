/** The `linebreak` package (UAX #14 line breaking; pdfkit's own dependency), which ships no types. */
declare module 'linebreak' {
  interface Break {
    /** Where the text may break: the index (in UTF-16 code units) of the character after the break. */
    readonly position: number;
    /** Whether the break is forced (a line feed). */
    readonly required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
