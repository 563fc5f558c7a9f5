/**
 * The corpus for the peers: one Pandoc Markdown document with every chapter, written the way
 * `../shared/peers/pandoc/japan.md` writes the sample chapter (headings for category, sub-categories
 * and questions, each rubric a pipe table, `[@key]` citations), and the references as CSL-JSON.
 */
import type { Chapter, Corpus } from './generate.js';
import { scaleMax } from './generate.js';

function escapeYaml(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function chapterPandoc(chapter: Chapter): string {
  const lines = [`# ${chapter.country.name}: ${chapter.category.title}`, '', `Category rank: **#${chapter.rank}**`, '', '## Key Findings', '', chapter.keyFindings.join('\n\n'), ''];
  for (const section of chapter.sections) {
    lines.push(`## ${section.subcategory.title}`, '', `Sub-category rank: **#${section.rank}**`, '');
    for (const answer of section.answers) {
      const question = answer.question;
      lines.push(`### ${question.text}`, '', '| Score | Description |', '|:------|:------------|');
      for (const band of question.bands) lines.push(`| ${band.range[0]}–${band.range[1]} | ${band.description} |`);
      lines.push('', ': Rating scale', '', `**Indicator:** ${question.indicator.replace(/\|/g, '\\|')}\\`, `**Score:** ${answer.score} / ${scaleMax}`, '');
      lines.push(answer.paragraphs.join('\n\n'), '', '#### Citations', '', ...answer.citations.map((key) => `- [@${key}]`), '');
    }
  }
  return lines.join('\n');
}

/** `corpus.md` and `refs.json`, by file name. */
export function pandocFiles(corpus: Corpus): Map<string, string> {
  const front = ['---', `title: ${escapeYaml(corpus.title)}`, 'lang: en-US', 'bibliography: refs.json', 'link-citations: true', '---', ''];
  const body = corpus.chapters.map(chapterPandoc);
  const markdown = [...front, ...body, '# References {.unnumbered}', '', '::: {#refs}', ':::', ''].join('\n');
  return new Map([
    ['corpus.md', markdown],
    ['refs.json', `${JSON.stringify(corpus.references, null, 2)}\n`],
  ]);
}
