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

/** The text with `word` inserted before the (first) `before`, as UTF-8 bytes except `word`, written in Latin-1; and the same as text. */
export function withLatin1Word(text: string, before: string, word: string): { bytes: Buffer; asText: string } {
  const at = text.indexOf(before);
  if (at < 0) throw new Error(`"${before}" not found`);
  const bytes = Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from(word, 'latin1'), Buffer.from(text.slice(at), 'utf8')]);
  return { bytes, asText: text.slice(0, at) + word + text.slice(at) };
}

/** Inserts Markdown blocks into the informal-coordination assessment, before its second paragraph. */
export function beforeAdvanceScreening(blocks: string): (text: string) => string {
  const anchor = 'Advance screening takes';
  return (text) => {
    indexOnce(text, anchor);
    return text.replace(anchor, () => `${blocks}\n\n${anchor}`);
  };
}

/** A bullet list nested `depth` levels deep, one item per level: `- level 1`, `  - level 2`, … */
export function nestedList(depth: number, label = 'list level'): string {
  return Array.from({ length: depth }, (_, index) => `${'  '.repeat(index)}- ${label} ${String(index + 1)}`).join('\n');
}

/** Block quotes nested `depth` deep, one line per level: `> quote level 1`, `> > quote level 2`, … */
export function nestedQuotes(depth: number, label = 'quote level'): string {
  return Array.from({ length: depth }, (_, index) => `${'> '.repeat(index + 1)}${label} ${String(index + 1)}`).join('\n');
}

/** One paragraph of at least `length` characters: distinct numbered words, so that a word lost by an edition can be found. */
export function numberedWords(length: number, prefix = 'w'): string {
  const words: string[] = [];
  let total = 0;
  for (let index = 0; total < length; index += 1) {
    const word = `${prefix}${String(index)}`;
    words.push(word);
    total += word.length + 1;
  }
  return words.join(' ');
}

/** A chapter's ranks: in its category (front matter, and the key findings' "(rank N)") and in the sample's two sub-categories. */
export interface ChapterRanks {
  readonly rank: number;
  readonly horizontal: number;
  readonly vertical: number;
}

/**
 * The sample's chapter (Japan, rank 16; sub-categories 24 and 6) with other ranks, and for another
 * country when `country` is given: every chapter of an edition needs ranks of its own in its category
 * and sub-categories (duplicate-rank), and key findings that name its own rank (key-findings-rank).
 */
export function withRanks(ranks: ChapterRanks, country?: string): (text: string) => string {
  const replace = (from: string, to: string) => (text: string) => {
    indexOnce(text, from);
    return text.replace(from, to);
  };
  const edits = [
    replace('rank: 16', `rank: ${String(ranks.rank)}`),
    replace('(rank 16)', `(rank ${String(ranks.rank)})`),
    replace('rank=24}', `rank=${String(ranks.horizontal)}}`),
    replace('rank=6}', `rank=${String(ranks.vertical)}}`),
    ...(country === undefined ? [] : [replace('country: Japan', `country: ${country}`)]),
  ];
  return (text) => edits.reduce((edited, edit) => edit(edited), text);
}
