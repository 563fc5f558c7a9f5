/**
 * Text for a terminal or a CI log. Whatever comes from the source (a misspelt id, a file name, a
 * quoted value) is shown, never acted on: control characters (ESC would start a command sequence
 * that recolours, moves the cursor or retitles the window; BEL rings) and the Unicode controls that
 * reorder what follows them (bidirectional overrides and isolates) are written as `\u001b`-style
 * escapes. Line feeds and tabs stay.
 */

// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function forTerminal(text: string): string {
  return text.replace(unsafe, (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
