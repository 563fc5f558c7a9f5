/**
 * A synthetic edition for scale tests and the benchmark: a codebook, a bibliography and one chapter
 * per country and category, whose text, scores, ranks and citations are varied from the sample
 * chapter by a seeded PRNG. The same options give the same files, byte for byte.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { packageRoot } from '../package-root.js';
import { slugify } from '../../src/source/slug.js';
import { categoryTitles, countries, familyNames, givenNames, journals, newspapers, publishers, subcategoryTitles, subjects, titleWords, topics, type Country } from './data.js';
import { Random } from './random.js';

export interface CorpusOptions {
  readonly countries: number;
  readonly questions: number;
  readonly seed: number;
  /** The chapter whose paragraphs are varied (default: the sample's Japan chapter). */
  readonly sampleChapter?: string;
}

export interface Band {
  readonly range: readonly [number, number];
  readonly description: string;
}
export interface Question {
  readonly id: string;
  readonly indicator: string;
  readonly text: string;
  readonly bands: readonly Band[];
}
export interface Subcategory {
  readonly id: string;
  readonly title: string;
  readonly questions: readonly Question[];
}
export interface Category {
  readonly id: string;
  readonly title: string;
  readonly subcategories: readonly Subcategory[];
}
export type CslItem = Readonly<Record<string, unknown>> & { readonly id: string; readonly type: string };

export interface Answer {
  readonly question: Question;
  readonly score: number;
  /** Markdown blocks, separated by blank lines. */
  readonly paragraphs: readonly string[];
  readonly citations: readonly string[];
}
export interface Section {
  readonly subcategory: Subcategory;
  readonly rank: number;
  readonly answers: readonly Answer[];
}
export interface Chapter {
  readonly country: Country;
  readonly slug: string;
  readonly category: Category;
  readonly rank: number;
  readonly keyFindings: readonly string[];
  readonly sections: readonly Section[];
}

export interface Corpus {
  readonly title: string;
  readonly categories: readonly Category[];
  readonly references: readonly CslItem[];
  readonly chapters: readonly Chapter[];
}

export const scaleMax = 10;
/** The edition's publisher and date, as edition.yaml states them (the peers' title blocks print them too). */
export const editionPublisher = 'rubricpress corpus generator';
export const editionDate = '2024-06-01';
const maxCountries = countries.length;

/** Paragraphs of the sample chapter (without its citations and directives). */
export function sampleParagraphs(file = path.join(packageRoot, 'source/chapters/japan/coordination.md')): string[] {
  const text = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim().replace(/^:::[a-z-]+(\{[^}\n]*\})?\n/, '').replace(/\n:::$/, '').trim())
    .filter((block) => block !== '' && !block.startsWith(':') && !block.includes('rank '))
    .map((block) => block.replace(/\s*\[@[^\]]*\]/g, ''));
}

function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const questionForms: readonly ((phrase: string) => string)[] = [
  (p) => `To what extent do ${p} effectively enhance policy coherence?`,
  (p) => `How effectively do ${p} contribute to the quality of governance?`,
  (p) => `To what extent are ${p} used to improve the delivery of public services?`,
  (p) => `How well do ${p} support accountable and transparent decision-making?`,
];

function bandsFor(phrase: string): Band[] {
  const subject = capitalize(phrase);
  return [
    { range: [10, 9], description: `${subject} are fully functional and consistently enhance policy coherence.` },
    { range: [8, 6], description: `${subject} are largely functional and enhance policy coherence in most cases.` },
    { range: [5, 3], description: `${subject} are only somewhat functional and rarely enhance policy coherence.` },
    { range: [2, 1], description: `${subject} are not at all functional.` },
  ];
}

function makeCodebook(random: Random, questionCount: number): Category[] {
  const categoryCount = Math.min(6, Math.max(1, Math.floor(questionCount / 4)));
  let questionNumber = 0;
  return split(questionCount, categoryCount).map((inCategory, c) => {
    const title = categoryTitles[c] ?? `Category ${c + 1}`;
    const subcategoryCount = Math.min(inCategory, random.int(2, 3));
    const subcategories = split(inCategory, subcategoryCount).map((inSub, s): Subcategory => {
      const subTitle = subcategoryTitles[(c * 3 + s) % subcategoryTitles.length] ?? 'Sub-category';
      const questions = Array.from({ length: inSub }, (): Question => {
        questionNumber++;
        const topic = random.pick(topics);
        const number = String(questionNumber).padStart(2, '0');
        return {
          id: `q${number}-${slugify(topic.indicator)}`,
          indicator: `${topic.indicator} (${number})`,
          text: random.pick(questionForms)(topic.phrase),
          bands: bandsFor(topic.phrase),
        };
      });
      return { id: `${slugify(subTitle)}-${c + 1}${String.fromCharCode(97 + s)}`, title: subTitle, questions };
    });
    return { id: slugify(title), title, subcategories };
  });
}

function person(random: Random): { family: string; given: string } {
  return { family: random.pick(familyNames), given: random.pick(givenNames) };
}

function makeReferences(random: Random, count: number, places: readonly Country[]): CslItem[] {
  const types = ['book', 'chapter', 'article-journal', 'webpage', 'report', 'legislation', 'article-newspaper', 'dataset'] as const;
  return Array.from({ length: count }, (_, i): CslItem => {
    const type = types[i % types.length] ?? 'book';
    const author = person(random);
    const year = random.int(1995, 2024);
    const id = `r${String(i + 1).padStart(3, '0')}-${slugify(author.family) || 'anon'}${year}`;
    const country = random.pick(places);
    const title = `${random.pick(titleWords)} and ${random.pick(titleWords)} in ${country.name}: Evidence from ${random.pick(country.places)}`;
    const publisher = random.pick(publishers);
    const issued = { 'date-parts': [[year]] };
    const url = `https://example.org/${type}/${i + 1}`;
    switch (type) {
      case 'book':
        return { id, type, author: [author], issued, title, publisher: publisher.name, 'publisher-place': publisher.place };
      case 'chapter':
        return { id, type, author: [author], issued, title, 'container-title': `Handbook of ${random.pick(titleWords)}`, editor: [person(random), person(random)], publisher: publisher.name, 'publisher-place': publisher.place, page: `${random.int(1, 200)}–${random.int(201, 400)}` };
      case 'article-journal':
        return { id, type, author: [author, person(random)], issued, title, 'container-title': random.pick(journals), volume: String(random.int(1, 60)), issue: String(random.int(1, 4)), page: `${random.int(1, 300)}–${random.int(301, 600)}` };
      case 'webpage':
        return { id, type, author: [author], issued, title, URL: url, accessed: { 'date-parts': [[2024, random.int(1, 12), random.int(1, 28)]] } };
      case 'report':
        return { id, type, author: [{ literal: `Ministry of Finance of ${country.name}` }], issued, title, publisher: publisher.name, 'publisher-place': random.pick(country.places), URL: url };
      case 'legislation':
        return { id, type, author: [{ literal: `Parliament of ${country.name}` }], issued, title: `Act on ${random.pick(titleWords)} No. ${random.int(1, 300)}/${year}`, URL: url };
      case 'article-newspaper':
        return { id, type, author: [author], issued: { 'date-parts': [[year, random.int(1, 12), random.int(1, 28)]] }, title, 'container-title': random.pick(newspapers), URL: url };
      case 'dataset':
        return { id, type, author: [{ literal: `${country.adjective} Statistical Office` }], issued, title: `${random.pick(titleWords)} Indicators ${year}`, publisher: `Statistics ${country.name}`, URL: url };
    }
  });
}

function vary(paragraph: string, country: Country): string {
  return paragraph
    .replace(/Japan’s/g, `${country.name}’s`)
    .replace(/Japanese/g, country.adjective)
    .replace(/Japan/g, country.name);
}

function bandWord(rank: number, total: number): string {
  if (rank <= total / 3) return 'upper';
  if (rank <= (2 * total) / 3) return 'middle';
  return 'lower';
}

/** The corpus as data: what the source folder and the peers' Markdown are both written from. */
export function generateCorpus(options: CorpusOptions): Corpus {
  if (!Number.isInteger(options.countries) || options.countries < 1 || options.countries > maxCountries) {
    throw new RangeError(`--countries must be a whole number from 1 to ${maxCountries}.`);
  }
  if (!Number.isInteger(options.questions) || options.questions < 1 || options.questions > 200) {
    throw new RangeError('--questions must be a whole number from 1 to 200.');
  }
  const random = new Random(options.seed);
  const pool = sampleParagraphs(options.sampleChapter);
  // The first countries of the list (those with the most varied letters), in the order of their slugs.
  const chosen = countries.slice(0, options.countries).sort((a, b) => (slugify(a.name) < slugify(b.name) ? -1 : 1));
  const categories = makeCodebook(random, options.questions);
  const references = makeReferences(random, Math.max(12, options.countries * 4), chosen);

  // Every reference is cited at least once (an uncited one would be a warning): reference i goes
  // to answer slot i, round the slots of the whole edition; then each answer gets a few more.
  const slots = options.countries * options.questions;
  const assigned: string[][] = Array.from({ length: slots }, () => []);
  references.forEach((reference, i) => assigned[i % slots]?.push(reference.id));
  const referenceIds = references.map((reference) => reference.id);

  let slot = 0;
  const chapters: Chapter[] = [];
  const categoryRanks = categories.map(() => random.shuffle(chosen.map((_, i) => i + 1)));
  const subcategoryRanks = categories.map((category) => category.subcategories.map(() => random.shuffle(chosen.map((_, i) => i + 1))));
  chosen.forEach((country, k) => {
    categories.forEach((category, c) => {
      const rank = categoryRanks[c]?.[k] ?? 1;
      const keyFindings = [
        `${country.name} falls into the sample’s ${bandWord(rank, chosen.length)} ranks (rank ${rank}) in the category of ${category.title.toLowerCase()}.`,
        ...random.sample(pool, random.int(1, 3)).map((p) => vary(p, country)),
        `The assessment draws on interviews in ${country.places.slice(0, -1).join(', ')} and ${country.places.at(-1) ?? ''}.`,
      ];
      const sections = category.subcategories.map((subcategory, s): Section => ({
        subcategory,
        rank: subcategoryRanks[c]?.[s]?.[k] ?? 1,
        answers: subcategory.questions.map((question): Answer => {
          const citations = [...(assigned[slot] ?? [])];
          slot++;
          for (const extra of random.sample(referenceIds, random.int(1, 4))) if (!citations.includes(extra)) citations.push(extra);
          const paragraphs = random.sample(pool, random.int(2, 3)).map((p) => vary(p, country));
          const place = random.pick(country.places);
          const cited = random.pick(citations);
          paragraphs.push(
            `In ${place}, ${random.pick(subjects)} has tried new procedures since ${random.int(2001, 2023)}; observers from ${random.pick(country.places)} call the results *${random.pick(['mixed', 'promising', 'modest', 'uneven'])}* [@${cited}].`,
          );
          if (random.next() < 0.2) {
            paragraphs.push(country.places.map((p) => `- ${p}: ${random.pick(subjects)}`).join('\n'));
          }
          return { question, score: random.int(1, scaleMax), paragraphs, citations };
        }),
      }));
      chapters.push({ country, slug: slugify(country.name), category, rank, keyFindings, sections });
    });
  });
  return { title: `Synthetic Governance Indicators (corpus ${options.countries}×${options.questions}, seed ${options.seed})`, categories, references, chapters };
}

const yamlOptions = { lineWidth: 0 } as const;

function chapterMarkdown(chapter: Chapter): string {
  const lines = ['---', `country: ${chapter.country.name}`, `category: ${chapter.category.id}`, `rank: ${chapter.rank}`, '---', '', ':::key-findings', chapter.keyFindings.join('\n\n'), ':::', ''];
  for (const section of chapter.sections) {
    lines.push(`::subcategory{#${section.subcategory.id} rank=${section.rank}}`, '');
    for (const answer of section.answers) {
      lines.push(`:::question{#${answer.question.id} score=${answer.score}}`, answer.paragraphs.join('\n\n'), '', `::citations[${answer.citations.map((key) => `@${key}`).join('; ')}]`, ':::', '');
    }
  }
  return lines.join('\n');
}

/** The source folder's files, by path relative to the folder, in a fixed order. */
export function corpusFiles(corpus: Corpus): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'edition.yaml',
    stringify(
      {
        title: corpus.title,
        publisher: editionPublisher,
        year: 2024,
        language: 'en-US',
        citationStyle: 'house-author-date',
        date: editionDate,
        // The countries it covers (ranks are out of their number), and what its imprints say.
        countries: [...new Set(corpus.chapters.map((chapter) => chapter.country.name))],
        licence: 'CC-BY-4.0',
        copyright: '© 2024 rubricpress corpus generator',
        chapterUrl: 'https://example.org/corpus/{country}/{category}',
      },
      yamlOptions,
    ),
  );
  const codebook = {
    scales: { 'sgi-10': { min: 1, max: scaleMax } },
    categories: corpus.categories.map((category) => ({
      id: category.id,
      title: category.title,
      subcategories: category.subcategories.map((subcategory) => ({
        id: subcategory.id,
        title: subcategory.title,
        questions: subcategory.questions.map((question) => ({
          id: question.id,
          indicator: question.indicator,
          text: question.text,
          rubric: { scale: 'sgi-10', bands: question.bands.map((band) => ({ range: [...band.range], description: band.description })) },
        })),
      })),
    })),
  };
  files.set('codebook.yaml', `# Generated by \`npm run corpus\`: synthetic test data for scale, not a real codebook.\n${stringify(codebook, yamlOptions)}`);
  files.set('references.yaml', `# Generated by \`npm run corpus\`: synthetic references.\n${stringify(corpus.references, yamlOptions)}`);
  for (const chapter of corpus.chapters) files.set(`chapters/${chapter.slug}/${chapter.category.id}.md`, chapterMarkdown(chapter));
  return files;
}
