/**
 * The ranks across the corpus (docs/rules.md, "Ranks across the chapters"): checks that need every
 * chapter of a category at once, made on each chapter's header and numbers — what a build has of a
 * chapter from the cache as well as of one just compiled:
 *
 * - `duplicate-rank`: two countries share a rank in a category or sub-category, and the codebook's
 *   `ranking: { ties: allowed }` does not allow it (nor its rule, which makes equal means share one);
 * - `rank-skipped`: when every country the edition declares has a chapter for the category, its
 *   ranks must run 1, 2, 3, … (tied countries sharing a rank and taking the places after it: 1, 1, 3);
 * - `rank-against-rule`: a rank other than the codebook's `ranking: { rule: mean-score }` gives;
 * - `missing-category` (a warning): a country with chapters lacks one of the codebook's categories.
 *
 * Each is reported at the offending rank (front matter `rank:`, or the `::subcategory` marker's
 * `rank=`) and names the chapter it clashes with, file:line. Positions are found by compiling the
 * chapter again (a copy) only when it has something to report: a cached chapter has no tree.
 */
import type { Position } from 'unist';
import { report } from '../diagnostics/report.js';
import type { Ranking } from '../source/codebook.js';
import type { SourceFile } from '../source/load.js';
import { compareCodeUnits } from '../tree/results.js';
import type { ChapterResults, Report } from '../tree/types.js';

export interface RankedChapter {
  readonly chapter: SourceFile;
  readonly report: Report;
  readonly results: ChapterResults;
}

/** Where a chapter's ranks stand: the front matter's and each sub-category marker's. */
export interface RankPlaces {
  readonly rank: Position | undefined;
  readonly subcategories: ReadonlyMap<string, Position>;
}

export interface RankContext {
  readonly ranking: Ranking;
  /** The categories of the codebook, in its order, with their sub-categories' questions. */
  readonly categories: readonly { readonly id: string; readonly title: string; readonly subcategories: readonly { readonly id: string; readonly title: string; readonly questions: readonly string[] }[] }[];
  /** The countries edition.yaml declares; none: no category is known to be complete. */
  readonly countries: readonly string[] | undefined;
  /** Whether the absent can be told (every chapter and the codebook read without errors): `missing-category` waits for it. */
  readonly readWithoutErrors: boolean;
  /** Where a chapter's ranks stand (it is compiled again to tell). */
  readonly locate: (chapter: SourceFile) => RankPlaces;
}

/** A chapter's rank in one category or sub-category, with the mean of its scores there. */
interface Member {
  readonly entry: RankedChapter;
  readonly rank: number;
  readonly mean: { readonly sum: number; readonly count: number } | undefined;
  readonly place: () => Position | undefined;
}

interface Group {
  /** "the category Coordination", "the sub-category Quality of Horizontal Coordination". */
  readonly name: string;
  readonly members: readonly Member[];
  readonly complete: boolean;
}

export function checkRanks(chapters: readonly RankedChapter[], context: RankContext): void {
  const ordered = [...chapters].sort((a, b) => compareCodeUnits(a.chapter.relativePath, b.chapter.relativePath));
  const places = new Map<SourceFile, RankPlaces>();
  const placesOf = (chapter: SourceFile): RankPlaces => {
    let found = places.get(chapter);
    if (!found) places.set(chapter, (found = context.locate(chapter)));
    return found;
  };
  for (const category of context.categories) {
    const members = ordered.filter((entry) => entry.report.categoryId === category.id);
    if (members.length === 0) continue;
    const countries = new Set(members.map((entry) => entry.report.country));
    const complete = context.countries !== undefined && context.countries.every((country) => countries.has(country));
    checkGroup(
      {
        name: `the category ${category.title}`,
        complete,
        members: members.map((entry) => ({ entry, rank: entry.report.rank, mean: meanOf(entry.results.scores), place: () => placesOf(entry.chapter).rank })),
      },
      context,
    );
    for (const subcategory of category.subcategories) {
      const questions = new Set(subcategory.questions);
      const ranked = members.flatMap((entry): Member[] => {
        const rank = entry.results.subcategories.find((candidate) => candidate.id === subcategory.id)?.rank;
        if (rank === undefined) return [];
        return [{ entry, rank, mean: meanOf(entry.results.scores.filter((score) => questions.has(score.questionId))), place: () => placesOf(entry.chapter).subcategories.get(subcategory.id) }];
      });
      checkGroup({ name: `the sub-category ${subcategory.title}`, complete: complete && ranked.length === members.length, members: ranked }, context);
    }
  }
  if (context.readWithoutErrors) reportMissingCategories(ordered, context);
}

function checkGroup(group: Group, context: RankContext): void {
  const reported = new Set<Member>();
  const { rule, ties } = context.ranking;
  if (rule === 'mean-score') checkRule(group, reported, context.countries?.length);
  // Countries may share a rank when the codebook says so, or when its rule gives them equal means.
  const mayShare = (a: Member, b: Member): boolean => ties === 'allowed' || (rule === 'mean-score' && a.mean !== undefined && b.mean !== undefined && compareMeans(a.mean, b.mean) === 0);
  const first = new Map<number, Member>();
  let duplicates = false;
  for (const member of group.members) {
    const earlier = first.get(member.rank);
    if (!earlier) {
      first.set(member.rank, member);
      continue;
    }
    // A rank the rule found wrong is not a second mistake of the chapters that share it.
    if (mayShare(earlier, member) || reported.has(member) || reported.has(earlier)) continue;
    duplicates = true;
    reported.add(member);
    report(
      member.entry.chapter.file,
      'duplicate-rank',
      member.place() ?? { line: 1, column: 1 },
      `${member.entry.report.country} is ranked ${String(member.rank)} in ${group.name}, and so is ${earlier.entry.report.country} (${placeName(earlier)}). Give each country its own rank${context.ranking.ties === undefined ? ', or allow ties in codebook.yaml (`ranking: { ties: allowed }`)' : ''}.`,
    );
  }
  // A gap is told only in a whole category, without a rule (which gives every rank itself) and once its ranks are distinct where they must be.
  if (group.complete && rule === undefined && !duplicates) checkSequence(group, reported, context.countries?.length ?? 0);
}

/**
 * Ranks run 1, 2, 3, …; countries sharing a rank take the places after it (1, 1, 3). A rank beyond
 * the countries' number was reported where it stands (rank-out-of-range), and the gap it leaves is
 * not reported again.
 */
function checkSequence(group: Group, reported: Set<Member>, countryCount: number): void {
  const ranks = [...new Set(group.members.map((member) => member.rank))].sort((a, b) => a - b);
  let previous: number | undefined;
  for (const rank of ranks) {
    const above = group.members.filter((member) => member.rank < rank).length;
    const holder = group.members.find((member) => member.rank === rank && !reported.has(member));
    const before = previous === undefined ? undefined : group.members.find((member) => member.rank === previous);
    previous = rank;
    if (rank === above + 1 || !holder || rank > countryCount) continue;
    reported.add(holder);
    const country = holder.entry.report.country;
    const message =
      rank > above + 1
        ? `${country} is ranked ${String(rank)} in ${group.name}, but ${above === 0 ? 'no country ranks above it' : `only ${String(above)} ${above === 1 ? 'country ranks' : 'countries rank'} above it (the next, ${before?.entry.report.country ?? ''}, ranked ${String(before?.rank ?? 0)}: ${before ? placeName(before) : ''})`}: no chapter has rank ${range(above + 1, rank - 1)}, though every country the edition declares has a chapter for it. Close the gap: this rank is ${String(above + 1)}.`
        : `${country} is ranked ${String(rank)} in ${group.name}, but ${String(above)} countries rank above it (${before?.entry.report.country ?? ''} among them: ${before ? placeName(before) : ''}): countries that share a rank take the places after it (1, 1, 3), so this rank is ${String(above + 1)}.`;
    report(holder.entry.chapter.file, 'rank-skipped', holder.place() ?? { line: 1, column: 1 }, message);
  }
}

/** `mean-score`: the mean of the chapter's scores orders the countries, higher first, equal means sharing a rank. */
function checkRule(group: Group, reported: Set<Member>, countryCount: number | undefined): void {
  const scored = group.members.filter((member): member is Member & { readonly mean: NonNullable<Member['mean']> } => member.mean !== undefined);
  for (const member of scored) {
    const higher = scored.filter((other) => compareMeans(other.mean, member.mean) > 0);
    const lower = scored.filter((other) => compareMeans(other.mean, member.mean) < 0);
    // Of a whole category the rank is known; of a part, how many chapters present rank above and below it bounds it.
    const lowest = 1 + higher.length;
    const highest = group.complete ? lowest : (countryCount ?? Number.POSITIVE_INFINITY) - lower.length;
    if (member.rank >= lowest && member.rank <= highest) continue;
    reported.add(member);
    // The chapter it clashes with: one ranked at or above it with a lower mean, or one ranked below it with a higher mean.
    const clash = member.rank < lowest ? higher.find((other) => other.rank >= member.rank) : lower.find((other) => other.rank <= member.rank);
    const clashText = clash ? ` ${clash.entry.report.country} (${placeName(clash)}) has a mean of ${meanText(clash.mean)} and rank ${String(clash.rank)}.` : '';
    const expected = group.complete ? `rank ${String(lowest)}` : member.rank < lowest ? `a rank of ${String(lowest)} or lower` : 'a higher rank';
    report(
      member.entry.chapter.file,
      'rank-against-rule',
      member.place() ?? { line: 1, column: 1 },
      `${member.entry.report.country} is ranked ${String(member.rank)} in ${group.name}, but by the codebook's ranking rule (mean-score: the mean of its ${String(member.mean.count)} scores there, ${meanText(member.mean)}, higher first) it has ${expected}.${clashText} Correct the rank or the scores.`,
    );
  }
}

/** A country with chapters lacks a chapter for one of the codebook's categories: reported on its first chapter. */
function reportMissingCategories(ordered: readonly RankedChapter[], context: RankContext): void {
  const byCountry = new Map<string, RankedChapter[]>();
  for (const entry of ordered) byCountry.set(entry.report.country, [...(byCountry.get(entry.report.country) ?? []), entry]);
  for (const [country, entries] of byCountry) {
    const first = entries[0];
    if (!first) continue;
    const has = new Set(entries.map((entry) => entry.report.categoryId));
    for (const category of context.categories) {
      if (has.has(category.id)) continue;
      report(
        first.chapter.file,
        'missing-category',
        { line: 1, column: 1 },
        `${country} has ${entries.length === 1 ? 'a chapter' : `${String(entries.length)} chapters`} (${entries.map((entry) => entry.report.categoryId).join(', ')}) but none for the category ${category.title} (\`${category.id}\`). Add chapters/${first.report.countrySlug}/${category.id}.md, so that the country's report is whole.`,
      );
    }
  }
}

function meanOf(scores: readonly { readonly score: number }[]): Member['mean'] {
  if (scores.length === 0) return undefined;
  return { sum: scores.reduce((total, entry) => total + entry.score, 0), count: scores.length };
}

/** Exactly, without division: sums of whole scores times counts stay far within 2^53. */
function compareMeans(a: NonNullable<Member['mean']>, b: NonNullable<Member['mean']>): number {
  return Math.sign(a.sum * b.count - b.sum * a.count);
}

function meanText(mean: NonNullable<Member['mean']>): string {
  return String(Math.round((mean.sum / mean.count) * 100) / 100);
}

function placeName(member: Member): string {
  const line = member.place()?.start.line;
  return `${member.entry.chapter.relativePath}${line === undefined ? '' : `:${String(line)}`}`;
}

function range(from: number, to: number): string {
  return from === to ? String(from) : `${String(from)}–${String(to)}`;
}
