/**
 * What every edition must say, from the report tree: the words a reader meets, unit by unit, in
 * reading order — headings, paragraphs, ranks, indicator titles, scores, rubric bands, references —
 * each with where it comes from. The words around the author's content come from `wording.ts`, as
 * the renderers' do.
 */
import type { Nodes, Parents } from 'mdast';
import type { Position } from 'unist';
import type { Theme } from '../theme/theme.js';
import type { Report, ReportTree, SourcePlace } from '../tree/types.js';
import { plainText as toString } from '../document/plain-text.js';
import { normaliseText } from './extract/edition-text.js';
import { bandScores, categoryRank, chapterTitle, scoreValue, selectedBandNote, subcategoryRank } from '../theme/wording.js';

export const UnitKind = {
  heading: 'heading',
  paragraph: 'paragraph',
  rank: 'rank',
  indicator: 'indicator title',
  score: 'score',
  question: 'question text',
  band: 'rubric band',
  reference: 'reference',
  label: 'label',
} as const;
export type UnitKind = (typeof UnitKind)[keyof typeof UnitKind];

export interface TextUnit {
  readonly kind: UnitKind;
  readonly text: string;
  /** In the chapter, or (for codebook text) in the file `source` names. */
  readonly position: Position | undefined;
  readonly source?: SourcePlace;
}

/** What the editions must agree on beyond words. */
export interface StructureCounts {
  readonly questions: number;
  readonly rubricTables: number;
  readonly citations: number;
  readonly links: number;
}

export interface ExpectedChapter {
  readonly units: readonly TextUnit[];
  readonly counts: StructureCounts;
  /**
   * The words an edition may show between the units: the theme's labels ("Question", the rubric
   * table's column heads, "Contents") and the title page's publisher and year. Bare words, without
   * the punctuation around them.
   */
  readonly labelWords: ReadonlySet<string>;
  /**
   * The entries every edition's contents list has, in order: the key findings, each sub-category
   * with its questions' indicators, the references. (The lists are left out of the text compared.)
   */
  readonly contents: readonly string[];
}

/** Punctuation and symbols around a word ("Question:", "·"), which label words are kept without. */
export const aroundWord = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

function labelWordsOf(theme: Theme, report: Report): Set<string> {
  const texts = [...Object.values(theme.labels), report.edition.publisher, String(report.edition.year)];
  // Placeholders ("{rank}") stand for text of the units.
  const words = texts.flatMap((text) => normaliseText(text.replace(/\{[^}]*\}/g, ' ')).split(' '));
  return new Set(words.map((word) => word.replace(aroundWord, '')).filter((word) => word !== ''));
}

export function expectedChapter(tree: ReportTree, theme: Theme): ExpectedChapter {
  const report = tree.children[0];
  const units: TextUnit[] = [];
  const add = (kind: UnitKind, text: string, node: { position?: Position | undefined } | undefined, source?: SourcePlace): void => {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean !== '') units.push({ kind, text: clean, position: node?.position, ...(source ? { source } : {}) });
  };
  const counts = { questions: 0, rubricTables: 0, citations: 0, links: 0 };
  const contents: string[] = [];

  add(UnitKind.label, report.edition.title, undefined);
  add(UnitKind.heading, chapterTitle(theme, report), report);
  add(UnitKind.rank, categoryRank(theme, report), report);

  const blocks = (parent: Parents): void => {
    for (const child of parent.children) block(child);
  };
  const block = (node: Nodes): void => {
    switch (node.type) {
      case 'paragraph':
      case 'code':
        add(UnitKind.paragraph, toString(node), node);
        return;
      case 'bibliographyEntry':
        add(UnitKind.reference, toString(node), node);
        return;
      default:
        if ('children' in node) blocks(node);
    }
  };

  for (const section of report.children) {
    switch (section.type) {
      case 'keyFindings':
        contents.push(theme.labels.keyFindings);
        add(UnitKind.heading, theme.labels.keyFindings, section);
        blocks(section);
        break;
      case 'subCategory':
        contents.push(section.title);
        add(UnitKind.heading, section.title, section);
        add(UnitKind.rank, subcategoryRank(theme, section), section);
        for (const question of section.children) {
          counts.questions += 1;
          for (const part of question.children) {
            switch (part.type) {
              case 'indicator':
                contents.push(toString(part));
                add(UnitKind.indicator, toString(part), question, part.source);
                break;
              case 'score':
                add(UnitKind.score, `${theme.labels.score} ${scoreValue(theme, part)}`, question);
                break;
              case 'questionText':
                add(UnitKind.question, toString(part), question, part.source);
                break;
              case 'rubric':
                counts.rubricTables += 1;
                // Codebook text is placed at its question in the chapter, and named by its codebook place.
                add(UnitKind.label, theme.labels.rubricCaption, question, part.source);
                for (const band of part.children) {
                  add(UnitKind.band, bandScores(band), question, band.source);
                  add(UnitKind.band, toString(band) + (band.selected ? ` ${selectedBandNote(theme, part.score)}` : ''), question, band.source);
                }
                break;
              case 'assessment':
                blocks(part);
                break;
              case 'citationList':
                add(UnitKind.heading, theme.labels.citations, part);
                blocks(part);
                break;
            }
          }
        }
        break;
      case 'referenceList':
        contents.push(theme.labels.references);
        add(UnitKind.heading, theme.labels.references, section);
        blocks(section);
        break;
    }
  }
  counts.citations = countNodes(report, 'bibliographyEntry');
  counts.links = countNodes(report, 'link');
  return { units, counts, labelWords: labelWordsOf(theme, report), contents: contents.map(normaliseText) };
}

function countNodes(node: Nodes | Report, type: Nodes['type']): number {
  let count = node.type === type ? 1 : 0;
  if ('children' in node) for (const child of node.children as Nodes[]) count += countNodes(child, type);
  return count;
}
