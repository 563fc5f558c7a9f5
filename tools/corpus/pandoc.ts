/**
 * The corpus for the peers, written the way `../shared/peers/pandoc/japan.md` writes the sample
 * chapter (headings for category, sub-categories and questions, each rubric a pipe table, `[@key]`
 * citations), with the references as CSL-JSON: one document with every chapter (`corpus.md`), and
 * the same books rubricpress makes: a country report per country (`books/<slug>.md`: a title block,
 * the country's chapters in codebook order, its references) and the edition volume (`edition.md`:
 * the codebook with each rubric once, every country's ranks and scores, the list of reports).
 */
import type { Category, Chapter, Corpus, Question } from './generate.js';
import { editionDate, editionPublisher, scaleMax } from './generate.js';

function escapeYaml(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Text for a pipe-table cell or a bold run: pipes escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function rubricTable(question: Question): string[] {
  return ['| Score | Description |', '|:------|:------------|', ...question.bands.map((band) => `| ${band.range[0]}–${band.range[1]} | ${cell(band.description)} |`), '', ': Rating scale', ''];
}

/** A chapter, its first heading given: `Country: Category` in `corpus.md`, the category in a country's report. */
function chapterPandoc(chapter: Chapter, heading: string, countryCount: number): string {
  const lines = [`# ${heading}`, '', `Category rank: **${chapter.rank} of ${countryCount}**`, '', '## Key Findings {.unlisted}', '', chapter.keyFindings.join('\n\n'), ''];
  for (const section of chapter.sections) {
    lines.push(`## ${section.subcategory.title}`, '', `Sub-category rank: **${section.rank} of ${countryCount}**`, '');
    for (const answer of section.answers) {
      const question = answer.question;
      lines.push(`### ${question.text}`, '', ...rubricTable(question), `**Indicator:** ${cell(question.indicator)}\\`, `**Score:** ${answer.score} / ${scaleMax}`, '');
      lines.push(answer.paragraphs.join('\n\n'), '', '#### Citations', '', ...answer.citations.map((key) => `- [@${key}]`), '');
    }
  }
  return lines.join('\n');
}

const references = ['# References {.unnumbered}', '', '::: {#refs}', ':::', ''];

function countryCount(corpus: Corpus): number {
  return new Set(corpus.chapters.map((chapter) => chapter.slug)).size;
}

/** Every chapter in one document. */
function corpusMarkdown(corpus: Corpus): string {
  const front = ['---', `title: ${escapeYaml(corpus.title)}`, 'lang: en-US', 'bibliography: refs.json', 'link-citations: true', '---', ''];
  const count = countryCount(corpus);
  const body = corpus.chapters.map((chapter) => chapterPandoc(chapter, `${chapter.country.name}: ${chapter.category.title}`, count));
  return [...front, ...body, ...references].join('\n');
}

/** One country's report: its chapters in codebook order (the corpus lists them so), one bibliography at the end. */
function countryReport(corpus: Corpus, chapters: readonly Chapter[]): string {
  const first = chapters[0];
  if (first === undefined) throw new Error('a country report needs a chapter.');
  const front = ['---', `title: ${escapeYaml(first.country.name)}`, `subtitle: ${escapeYaml(`Country report · ${corpus.title}`)}`, `author: ${escapeYaml(editionPublisher)}`, `date: ${editionDate}`, 'lang: en-US', 'toc-title: Contents', 'bibliography: refs.json', 'link-citations: true', '---', ''];
  const count = countryCount(corpus);
  return [...front, ...chapters.map((chapter) => chapterPandoc(chapter, chapter.category.title, count)), ...references].join('\n');
}

/** Standard competition ranking by score, highest first: 10, 9, 9, 7 rank 1, 2, 2, 4. */
function ranksByScore(scores: readonly number[]): number[] {
  return scores.map((score) => 1 + scores.filter((other) => other > score).length);
}

function categoryResults(corpus: Corpus, category: Category, count: number): string[] {
  const chapters = corpus.chapters.filter((chapter) => chapter.category.id === category.id).sort((a, b) => a.rank - b.rank);
  const subcategories = category.subcategories;
  const lines = [`## ${category.title}`, '', `| Country | Rank of ${count} | ${subcategories.map((subcategory) => cell(subcategory.title)).join(' | ')} |`, `|:--|--:|${subcategories.map(() => '--:').join('|')}|`];
  for (const chapter of chapters) lines.push(`| ${chapter.country.name} | ${chapter.rank} | ${chapter.sections.map((section) => String(section.rank)).join(' | ')} |`);
  lines.push('', `: ${cell(category.title)}: ranks of the ${count} countries in the category and its sub-categories`, '');
  for (const subcategory of subcategories) {
    for (const question of subcategory.questions) {
      const answers = chapters.flatMap((chapter) => chapter.sections.flatMap((section) => section.answers.filter((answer) => answer.question.id === question.id).map((answer) => ({ country: chapter.country.name, score: answer.score }))));
      const ranks = ranksByScore(answers.map((answer) => answer.score));
      const rows = answers.map((answer, i) => ({ ...answer, rank: ranks[i] ?? 0 })).sort((a, b) => a.rank - b.rank || (a.country < b.country ? -1 : 1));
      lines.push(`### ${cell(question.indicator)}`, '', `| Country | Score of ${scaleMax} | Rank of ${count} |`, '|:--|--:|--:|', ...rows.map((row) => `| ${row.country} | ${row.score} | ${row.rank} |`), '', `: ${cell(question.indicator)}: scores and ranks`, '');
    }
  }
  return lines;
}

/** The edition volume: the codebook (each question's rubric once), the results of every category and indicator, the country reports. */
function editionVolume(corpus: Corpus): string {
  const count = countryCount(corpus);
  const lines = ['---', `title: ${escapeYaml(corpus.title)}`, 'subtitle: Edition volume', `author: ${escapeYaml(editionPublisher)}`, `date: ${editionDate}`, 'lang: en-US', 'toc-title: Contents', '---', '', '# Codebook', ''];
  for (const category of corpus.categories) {
    lines.push(`## ${category.title}`, '');
    for (const subcategory of category.subcategories) {
      lines.push(`### ${subcategory.title}`, '');
      for (const question of subcategory.questions) lines.push(`#### ${question.text}`, '', `**Indicator:** ${cell(question.indicator)}`, '', ...rubricTable(question));
    }
  }
  lines.push('# Results', '');
  for (const category of corpus.categories) lines.push(...categoryResults(corpus, category, count));
  lines.push('# Country reports', '');
  const countries = [...new Map(corpus.chapters.map((chapter) => [chapter.slug, chapter.country.name])).entries()];
  for (const [slug, name] of countries) lines.push(`- ${name}: [${slug}.pdf](${slug}.pdf), [${slug}.docx](${slug}.docx)`);
  lines.push('');
  return lines.join('\n');
}

/**
 * `corpus.md`, `refs.json`, `books/<slug>.md` for every country and `edition.md`, by file name (the
 * books name the bibliography `refs.json`: pandoc runs in the folder holding it).
 */
export function pandocFiles(corpus: Corpus): Map<string, string> {
  const files = new Map([
    ['corpus.md', corpusMarkdown(corpus)],
    ['refs.json', `${JSON.stringify(corpus.references, null, 2)}\n`],
  ]);
  const byCountry = new Map<string, Chapter[]>();
  for (const chapter of corpus.chapters) byCountry.set(chapter.slug, [...(byCountry.get(chapter.slug) ?? []), chapter]);
  for (const [slug, chapters] of byCountry) files.set(`books/${slug}.md`, countryReport(corpus, chapters));
  files.set('edition.md', editionVolume(corpus));
  return files;
}
