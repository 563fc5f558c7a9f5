/**
 * Control characters in source text (other than tab, line feed and carriage return): no edition can
 * show them (the PDF and DOCX formats have no glyph or no XML for most), and a terminal acts on them
 * (ESC starts a command sequence, BEL rings). They are reported when a file is read, as one
 * `control-character` error per line that holds any, so that `check` finds what `build` could not
 * render.
 */
import type { VFile } from 'vfile';
import { pointAt } from '../diagnostics/places.js';
import { report } from '../diagnostics/report.js';

// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Past this many lines in one file, one more diagnostic counts the rest. */
const maxReportedLines = 50;

const names: Readonly<Record<number, string>> = { 0x07: 'BEL, the bell', 0x08: 'BS, backspace', 0x0b: 'VT, a vertical tab', 0x0c: 'FF, a form feed', 0x1b: 'ESC, escape', 0x7f: 'DEL, delete' };

/** `U+001B (ESC, escape)`. */
export function describeControlCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const name = Object.hasOwn(names, code) ? names[code] : undefined;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name === undefined ? '' : ` (${name})`}`;
}

export function reportControlCharacters(file: VFile, text: string): void {
  controlCharacter.lastIndex = 0;
  let lastLine = -1;
  let reported = 0;
  let more = 0;
  let firstMore: ReturnType<typeof pointAt>;
  for (let found = controlCharacter.exec(text); found !== null; found = controlCharacter.exec(text)) {
    const point = pointAt(file, found.index);
    const line = point?.line ?? 0;
    if (line === lastLine) continue;
    lastLine = line;
    if (reported >= maxReportedLines) {
      more += 1;
      firstMore ??= point;
      continue;
    }
    reported += 1;
    report(
      file,
      'control-character',
      point,
      `The text holds the control character ${describeControlCharacter(found[0])}, which no edition can show (and a terminal would act on). Remove it; an editor's "show invisible characters" setting makes it visible.`,
    );
  }
  if (more > 0) {
    const what = more === 1 ? 'This line holds a control character too' : `This line and ${String(more - 1)} more hold control characters too`;
    report(file, 'control-character', firstMore, `${what} (only the first ${String(maxReportedLines)} lines are reported one by one). Remove them; the file may not be text meant for rubricpress.`);
  }
}
