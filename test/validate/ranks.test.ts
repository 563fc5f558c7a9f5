/**
 * The ranks across the chapters (docs/rules.md): small editions made from the sample — its Japan
 * chapter copied for other countries with their own ranks and scores — checked as `check` does, and
 * built with the cache, where a chapter's rank clashes with one that came from the cache.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { changedSource, checkChanged, outputBeside, removeFolder, templatesDir, type SourceEdit } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const japanPath = 'chapters/japan/coordination.md';
const japan = sampleText(japanPath);
/** Japan's scores in the sample, in order: horizontal coordination 8, 5, 7; vertical 8, 7. */
const japanScores = [8, 5, 7, 8, 7];

interface CountryChapter {
  readonly country: string;
  readonly slug: string;
  readonly rank: number;
  readonly horizontal: number;
  readonly vertical: number;
  readonly scores?: readonly number[];
  readonly keyFindings?: string;
}

/** A chapter for another country: the sample's, with its own country, ranks, scores and opening finding. */
function chapterFor(chapter: CountryChapter): string {
  let question = 0;
  return japan
    .replace('country: Japan', `country: ${chapter.country}`)
    .replace('rank: 16', `rank: ${String(chapter.rank)}`)
    .replace('rank=24', `rank=${String(chapter.horizontal)}`)
    .replace('rank=6', `rank=${String(chapter.vertical)}`)
    .replace('Japan falls into the sample’s middle ranks (rank 16) in the category of coordination.', chapter.keyFindings ?? `${chapter.country} is ranked ${String(chapter.rank)} in coordination.`)
    .replace(/score=\d+/g, (found) => {
      const score = chapter.scores?.[question];
      question += 1;
      return score === undefined ? found : `score=${String(score)}`;
    });
}

/** The edition declaring these countries (none: the sample's 30), with these chapters (Japan's own stays unless replaced), and the codebook edited. */
function edition(countries: readonly string[] | undefined, chapters: readonly CountryChapter[], codebook?: (text: string) => string): SourceEdit {
  const edits: Record<string, SourceEdit[string]> = {};
  if (countries) edits['edition.yaml'] = (text: string) => text.replace(/^countries:\n(?: {2}- .*\n)+/m, `countries:\n${countries.map((country) => `  - ${country}\n`).join('')}`);
  for (const chapter of chapters) edits[`chapters/${chapter.slug}/coordination.md`] = chapterFor(chapter);
  if (codebook) edits['codebook.yaml'] = codebook;
  return edits;
}

const withRanking = (ranking: string) => (text: string) => text.replace(/^scales:/m, `ranking: ${ranking}\nscales:`);

describe('ranks across the chapters', () => {
  it('duplicate-rank: two countries with the same rank in a category, at the later chapter’s rank, naming the other chapter and line', async () => {
    const korea = { country: 'Korea', slug: 'korea', rank: 16, horizontal: 2, vertical: 9 };
    const { diagnostics, result } = await checkChanged(edition(undefined, [korea]));
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-rank']);
    const found = single(diagnostics, 'duplicate-rank');
    expect(found).toMatchObject({ ruleId: 'duplicate-rank', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn('chapters/korea/coordination.md', chapterFor(korea), '16'));
    expect(found.message).toContain('Korea is ranked 16 in the category Coordination, and so is Japan (chapters/japan/coordination.md:5)');
    expect(found.message).toContain('ranking: { ties: allowed }');
  });

  it('duplicate-rank: two countries with the same rank in a sub-category, at the marker’s rank= attribute', async () => {
    const korea = { country: 'Korea', slug: 'korea', rank: 3, horizontal: 2, vertical: 6 };
    const { diagnostics } = await checkChanged(edition(undefined, [korea]));
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-rank']);
    const found = single(diagnostics, 'duplicate-rank');
    expect(placeOf(found)).toEqual(placeIn('chapters/korea/coordination.md', chapterFor(korea), 'rank=6'));
    expect(found.message).toContain('in the sub-category Quality of Vertical Coordination, and so is Japan (chapters/japan/coordination.md:48)');
  });

  it('a declared tie rule allows shared ranks', async () => {
    const korea = { country: 'Korea', slug: 'korea', rank: 16, horizontal: 24, vertical: 9 };
    const { diagnostics, result } = await checkChanged(edition(undefined, [korea], withRanking('{ ties: allowed }')));
    expect(diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('rank-skipped: once every declared country has its chapter, shared ranks must leave the places after them (1, 2, 2 or 1, 3, 3 are wrong); a partial edition is not told', async () => {
    const korea = { country: 'Korea', slug: 'korea', rank: 3, horizontal: 2, vertical: 3 };
    const chapters = [{ country: 'Japan', slug: 'japan', rank: 1, horizontal: 1, vertical: 2 }, korea, { country: 'Norway', slug: 'norway', rank: 3, horizontal: 3, vertical: 1 }];
    const ties = withRanking('{ ties: allowed }');
    const { diagnostics, result } = await checkChanged(edition(['Japan', 'Korea', 'Norway'], chapters, ties));
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-skipped']);
    const found = single(diagnostics, 'rank-skipped');
    expect(found).toMatchObject({ ruleId: 'rank-skipped', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn('chapters/korea/coordination.md', chapterFor(korea), '3'));
    expect(found.message).toContain('Korea is ranked 3 in the category Coordination, but only 1 country ranks above it (the next, Japan, ranked 1: chapters/japan/coordination.md:5): no chapter has rank 2');
    // Four countries declared, three chapters: rank 2 may be the fourth's.
    const partial = await checkChanged(edition(['Japan', 'Korea', 'Norway', 'Spain'], chapters, ties));
    expect(partial.diagnostics).toEqual([]);
  });

  it('ranks 1, 2, 4 of 3 countries: rank-out-of-range at the 4, not a second diagnostic for the gap it leaves', async () => {
    const norway = { country: 'Norway', slug: 'norway', rank: 4, horizontal: 3, vertical: 1 };
    const chapters = [{ country: 'Japan', slug: 'japan', rank: 2, horizontal: 1, vertical: 2 }, { country: 'Korea', slug: 'korea', rank: 1, horizontal: 2, vertical: 3 }, norway];
    const { diagnostics } = await checkChanged(edition(['Japan', 'Korea', 'Norway'], chapters));
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-out-of-range']);
    expect(placeOf(single(diagnostics, 'rank-out-of-range'))).toEqual(placeIn('chapters/norway/coordination.md', chapterFor(norway), '4'));
  });

  it('rank-skipped: with ties allowed, tied countries take the places after them (1, 1, 3, not 1, 1, 2)', async () => {
    const chapters = [
      { country: 'Japan', slug: 'japan', rank: 1, horizontal: 1, vertical: 1 },
      { country: 'Korea', slug: 'korea', rank: 1, horizontal: 2, vertical: 2 },
      { country: 'Norway', slug: 'norway', rank: 2, horizontal: 3, vertical: 3 },
    ];
    const { diagnostics } = await checkChanged(edition(['Japan', 'Korea', 'Norway'], chapters, withRanking('{ ties: allowed }')));
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-skipped']);
    expect(single(diagnostics, 'rank-skipped').message).toContain('Norway is ranked 2 in the category Coordination, but 2 countries rank above it (Japan among them: chapters/japan/coordination.md:5): countries that share a rank take the places after it (1, 1, 3), so this rank is 3.');
    const fixed = await checkChanged(edition(['Japan', 'Korea', 'Norway'], chapters.map((chapter) => (chapter.country === 'Norway' ? { ...chapter, rank: 3 } : chapter)), withRanking('{ ties: allowed }')));
    expect(fixed.diagnostics).toEqual([]);
  });

  it('rank-against-rule: with `rule: mean-score`, a rank the chapters’ means do not give; equal means share a rank', async () => {
    // Means: Japan 7 (the sample), Korea 9, Norway 7; so Korea 1, Japan and Norway 2.
    const chapters = [
      { country: 'Korea', slug: 'korea', rank: 2, horizontal: 1, vertical: 1, scores: [9, 9, 9, 9, 9] },
      { country: 'Norway', slug: 'norway', rank: 2, horizontal: 2, vertical: 2, scores: [...japanScores] },
    ];
    const japanRanks = (rank: number) => (text: string) => text.replace('rank: 16', `rank: ${String(rank)}`).replace('(rank 16)', `(rank ${String(rank)})`).replace('rank=24', 'rank=2').replace('rank=6', 'rank=2');
    const edits = { ...edition(['Japan', 'Korea', 'Norway'], chapters, withRanking('{ rule: mean-score }')), [japanPath]: japanRanks(1) };
    const { diagnostics, result } = await checkChanged(edits);
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rank-against-rule', 'rank-against-rule']);
    const found = diagnostics.filter((diagnostic) => diagnostic.ruleId === 'rank-against-rule');
    expect(found.map((diagnostic) => [placeOf(diagnostic).file, diagnostic.line])).toEqual([
      ['chapters/japan/coordination.md', 5],
      ['chapters/korea/coordination.md', 5],
    ]);
    expect(found[0]).toMatchObject({ ruleId: 'rank-against-rule', severity: 'error' });
    expect(found[0]?.message).toContain('Japan is ranked 1 in the category Coordination, but by the codebook\'s ranking rule (mean-score: the mean of its 5 scores there, 7, higher first) it has rank 2. Korea (chapters/korea/coordination.md:5) has a mean of 9 and rank 2.');
    // Korea first, Japan and Norway sharing 2 (equal means): no diagnostic of the category's ranks.
    const fixed = await checkChanged({ ...edits, [japanPath]: japanRanks(2), 'chapters/korea/coordination.md': chapterFor({ country: 'Korea', slug: 'korea', rank: 1, horizontal: 1, vertical: 1, scores: [9, 9, 9, 9, 9] }) });
    expect(fixed.diagnostics).toEqual([]);
  });

  it('key-findings-rank: key findings that name another rank, at the number; the chapter’s and its sub-categories’ ranks, and an earlier edition’s, are fine', async () => {
    const text = (findings: string): string => japan.replace('Japan falls into the sample’s middle ranks (rank 16) in the category of coordination.', findings);
    const wrong = text('Japan ranks 12th in coordination, and 24th place in horizontal coordination, up from 30th place in 2022.');
    const { diagnostics, result } = await checkChanged({ [japanPath]: wrong });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['key-findings-rank']);
    const found = single(diagnostics, 'key-findings-rank');
    expect(found).toMatchObject({ ruleId: 'key-findings-rank', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(japanPath, wrong, '12th'));
    expect(found.message).toContain('The key findings say “ranks 12th”, but the chapter\'s front matter gives rank 16 (line 5)');
    for (const findings of ['Japan is rank 16 of 30.', 'Japan holds 16th place.', 'Japan was ranked 12 places higher than Korea.', 'Japan, previously ranked 12th, is high-ranking.']) {
      expect((await checkChanged({ [japanPath]: text(findings) })).diagnostics, findings).toEqual([]);
    }
    for (const findings of ['Japan ranked #3.', 'Japan is at rank 9.', 'Japan takes 2nd position.']) {
      expect(ruleIdsOf((await checkChanged({ [japanPath]: text(findings) })).diagnostics), findings).toEqual(['key-findings-rank']);
    }
  });

  it('missing-category: a country with chapters lacks one of the codebook’s categories (a warning, an error with --strict); declared countries without chapters are not told', async () => {
    const secondCategory = (text: string) =>
      `${text}  - id: budgeting\n    title: Budgeting\n    subcategories:\n      - id: budget-process\n        title: Budget Process\n        questions:\n          - id: budget-openness\n            indicator: Budget Openness\n            text: How open is the budget process?\n            rubric:\n              scale: sgi-10\n              bands:\n                - range: [10, 1]\n                  description: Any.\n`;
    const { diagnostics, result } = await checkChanged({ 'codebook.yaml': secondCategory });
    expect(result.ok).toBe(true);
    expect(ruleIdsOf(diagnostics)).toEqual(['missing-category']);
    const found = single(diagnostics, 'missing-category');
    expect(found).toMatchObject({ ruleId: 'missing-category', severity: 'warning', line: 1, column: 1 });
    expect(placeOf(found).file).toBe(japanPath);
    expect(found.message).toContain('Japan has a chapter (coordination) but none for the category Budgeting (`budgeting`). Add chapters/japan/budgeting.md');
    const strict = await checkChanged({ 'codebook.yaml': secondCategory }, { strict: true });
    expect(strict.result.ok).toBe(false);
  });

  it('the sample, with 29 declared countries without chapters, checks clean', async () => {
    const { diagnostics, result } = await checkChanged({}, { strict: true });
    expect(diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('a build reports a rank that clashes with a chapter from the cache, at that chapter’s rank line', async () => {
    const korea = { country: 'Korea', slug: 'korea', rank: 3, horizontal: 2, vertical: 9, keyFindings: 'Korea coordinates through its cabinet.' };
    const folder = await changedSource(edition(undefined, [korea]));
    const outDir = outputBeside(folder);
    const cacheDir = `${folder}-cache`;
    try {
      const options = { sourceDir: folder, outDir, templatesDir, formats: ['html'] as const, strict: false, write: true, cacheDir, jobs: 1, verify: false };
      expect((await build(options)).ok).toBe(true);
      const koreaFile = path.join(folder, 'chapters/korea/coordination.md');
      await writeFile(koreaFile, (await readFile(koreaFile, 'utf8')).replace('rank: 3', 'rank: 16'));
      const clashed = await build(options);
      expect(clashed.ok).toBe(false);
      const found = diagnosticsAsJson(clashed.files).filter((diagnostic) => diagnostic.ruleId === 'duplicate-rank');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: koreaFile, line: 5, column: 7 });
      expect(found[0]?.message).toContain('and so is Japan (chapters/japan/coordination.md:5)');
    } finally {
      await removeFolder(folder);
      await removeFolder(cacheDir);
    }
  });
});
