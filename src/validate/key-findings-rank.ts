/**
 * Key findings that name a rank the chapter does not give (`key-findings-rank`): "ranks 12th",
 * "ranked 12th", "rank 12", "rank #12", "12th place" while the front matter says `rank: 16`.
 * Conservative on purpose (docs/rules.md): English wording only; a number that is the chapter's
 * rank or one of its sub-categories' ranks is fine ("ranks 24th in horizontal coordination"); one
 * right after "from", "previously" or "formerly" ("up from 12th place") speaks of another edition;
 * "ranks 3 places higher" is a difference, not a rank.
 */
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { spanAt } from '../diagnostics/places.js';
import { report } from '../diagnostics/report.js';
import type { KeyFindings } from '../tree/types.js';

/** "rank 12", "ranks 12th", "ranked #12", "rank no. 12", "rank number 12". */
const afterRank = /\brank(?:s|ed)?\s+(?:no\.?\s*|number\s+|#\s*)?(\d{1,9})(?:st|nd|rd|th)?\b(?!\s+(?:places?|positions?|spots?|ranks?)\b)/giu;
/** "12th place", "16th position". */
const beforePlace = /\b(\d{1,9})(?:st|nd|rd|th)\s+(?:place|position)\b/giu;
/** Words that make the rank another edition's: "up from 12th place", "previously ranked 12th". */
const elsewhere = /\b(?:from|previously|formerly)\s+$/iu;

export interface StatedRanks {
  readonly rank: number;
  readonly rankPosition: Position | undefined;
  readonly subcategoryRanks: readonly number[];
}

export function reportRanksInKeyFindings(file: VFile, keyFindings: KeyFindings, stated: StatedRanks): void {
  const start = keyFindings.position?.start.offset;
  const end = keyFindings.position?.end.offset;
  if (start === undefined || end === undefined) return;
  const text = String(file.value).slice(start, end);
  const allowed = new Set([stated.rank, ...stated.subcategoryRanks]);
  const found = [...text.matchAll(afterRank), ...text.matchAll(beforePlace)].sort((a, b) => a.index - b.index);
  for (const match of found) {
    const digits = match[1];
    if (digits === undefined) continue;
    const named = Number(digits);
    if (allowed.has(named) || elsewhere.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
    const at = start + match.index + match[0].indexOf(digits);
    const where = stated.rankPosition ? ` (line ${String(stated.rankPosition.start.line)})` : '';
    report(
      file,
      'key-findings-rank',
      spanAt(file, at, at + digits.length),
      `The key findings say “${match[0]}”, but the chapter's front matter gives rank ${String(stated.rank)}${where}${stated.subcategoryRanks.length > 0 ? ` and its sub-categories ranks ${stated.subcategoryRanks.join(', ')}` : ''}. Correct the text or the rank (a rank of another edition may follow “from”: “up from 12th place”).`,
    );
  }
}
