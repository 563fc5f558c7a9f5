/**
 * Text edits for tests that change a copy of the sample: each fails loudly when the sample no
 * longer has what it expects, so a changed sample can't make a test pass vacuously.
 */

function indexOnce(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0 || text.indexOf(needle, at + 1) >= 0) throw new Error(`expected exactly one "${needle}" in the sample`);
  return at;
}

/** Replaces the first `from` after the (unique) `anchor`: for text that repeats, like rubric bands. */
export function replaceAfter(anchor: string, from: string, to: string): (text: string) => string {
  return (text) => {
    const start = indexOnce(text, anchor);
    const at = text.indexOf(from, start);
    if (at < 0) throw new Error(`"${from}" not found after "${anchor}"`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  };
}

/** The `:::question{#id …}` block of `id` in a chapter, from its opening line to its closing `:::` line. */
export function questionBlock(text: string, id: string): { start: number; end: number; block: string } {
  const start = indexOnce(text, `:::question{#${id} `);
  const close = text.indexOf('\n:::\n', start);
  if (close < 0) throw new Error(`the question ${id} has no closing fence`);
  const end = close + '\n:::\n'.length;
  return { start, end, block: text.slice(start, end) };
}

/** Removes the question block of `id` and the blank line after it. */
export function removeQuestion(id: string): (text: string) => string {
  return (text) => {
    const { start, end } = questionBlock(text, id);
    return text.slice(0, start) + text.slice(end).replace(/^\n/, '');
  };
}

/** Repeats the question block of `id` right after itself. */
export function repeatQuestion(id: string): (text: string) => string {
  return (text) => {
    const { end, block } = questionBlock(text, id);
    return `${text.slice(0, end)}\n${block}${text.slice(end)}`;
  };
}

/** Applies edits one after the other. */
export function applyAll(...edits: readonly ((text: string) => string)[]): (text: string) => string {
  return (text) => edits.reduce((current, edit) => edit(current), text);
}
