/**
 * Reads the user's own chapter (`test/fixtures/seed-japan-coordination.txt`, a copy of
 * `../shared/seeds/000_015ad521d8e3f806.txt`) into facts, so that tests compare the editions with
 * the seed itself rather than with numbers copied into the tests.
 */
import { readFileSync } from 'node:fs';

export interface SeedBand {
  /** The score numbers printed with the band, e.g. [8, 7, 6]. */
  readonly scores: readonly number[];
  readonly description: string;
}

export interface SeedQuestion {
  readonly text: string;
  readonly bands: readonly SeedBand[];
  readonly indicator: string;
  readonly score: number;
  readonly paragraphs: readonly string[];
  /** The seed's citation lines, as printed (a wrapped one joined). */
  readonly citations: readonly string[];
}

export interface SeedSubcategory {
  readonly title: string;
  readonly rank: number;
  readonly questions: readonly SeedQuestion[];
}

export interface SeedFacts {
  readonly country: string;
  readonly category: string;
  readonly rank: number;
  readonly keyFindings: readonly string[];
  readonly subcategories: readonly SeedSubcategory[];
}

export const seedPath = new URL('../fixtures/seed-japan-coordination.txt', import.meta.url);

const isNumber = (token: string | undefined): boolean => token !== undefined && /^\d+$/.test(token);
const isRank = (token: string | undefined): boolean => token !== undefined && /^#\d+$/.test(token);

export function readSeed(text = readFileSync(seedPath, 'utf8')): SeedFacts {
  // Lines without their web-page padding (spaces and no-break spaces); blank lines carry no meaning.
  const tokens = text
    .split('\n')
    .map((line) => line.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, ''))
    .filter((line) => line !== '' && line !== 'Back to Top');
  let index = 0;
  const next = (): string => {
    const token = tokens[index];
    if (token === undefined) throw new Error('the seed ended early');
    index += 1;
    return token;
  };
  const peek = (offset = 0): string | undefined => tokens[index + offset];
  const rankOf = (token: string): number => Number.parseInt(token.slice(1), 10);

  const country = next();
  const category = next();
  const rank = rankOf(next());
  if (next() !== 'Key Findings') throw new Error('expected Key Findings');
  const keyFindings: string[] = [];
  while (!isRank(peek(1))) keyFindings.push(next());

  const subcategories: SeedSubcategory[] = [];
  while (index < tokens.length) {
    const title = next();
    const subRank = rankOf(next());
    const questions: SeedQuestion[] = [];
    // A question is a line ending in "?" followed by the first band's scores.
    while (index < tokens.length && !isRank(peek(1))) {
      const questionText = next();
      const bands: SeedBand[] = [];
      while (isNumber(peek())) {
        const scores: number[] = [];
        while (isNumber(peek())) scores.push(Number.parseInt(next(), 10));
        bands.push({ scores, description: next() });
      }
      const indicator = next();
      const score = Number.parseInt(next(), 10);
      const paragraphs: string[] = [];
      while (peek() !== 'Citations:') paragraphs.push(next());
      next();
      const citations: string[] = [];
      while (index < tokens.length && !isRank(peek(1)) && !(peek()?.endsWith('?') && isNumber(peek(1)))) {
        const line = next();
        if (line.startsWith('(') && citations.length > 0) citations[citations.length - 1] = `${citations.at(-1) ?? ''} ${line}`;
        else citations.push(line);
      }
      questions.push({ text: questionText, bands, indicator, score, paragraphs, citations });
    }
    subcategories.push({ title, rank: subRank, questions });
  }
  return { country, category, rank, keyFindings, subcategories };
}

/** Every question of the seed, in order. */
export function seedQuestions(facts: SeedFacts): SeedQuestion[] {
  return facts.subcategories.flatMap((subcategory) => subcategory.questions);
}

/**
 * What identifies a seed citation in any formatting: its first name or title words, its year and
 * its web address, as printed in the seed.
 */
export interface CitationFacts {
  readonly lead: string;
  readonly year: string | undefined;
  readonly url: string | undefined;
}

export function citationFacts(line: string): CitationFacts {
  const quoted = /^“([^”]+)”/.exec(line);
  const lead = quoted ? (quoted[1] ?? '').split(' ').slice(0, 4).join(' ') : (line.split(/[,.]/)[0] ?? line);
  const url = /(https?:\/\/\S+|www\.\S+)/.exec(line)?.[1];
  const year = /\b((?:19|20)\d\d)\b/.exec(line.replace(url ?? '', ''))?.[1];
  return { lead, year, url };
}
