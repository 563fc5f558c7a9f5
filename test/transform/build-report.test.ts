import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Question, Report, ReportTree } from '../../src/tree/types.js';
import { compileSample } from '../support/build.js';
import { readSeed, seedQuestions } from '../support/seed.js';

const seed = readSeed();
let tree: ReportTree;
let report: Report;

beforeAll(async () => {
  const compiled = await compileSample();
  expect(compiled.files.flatMap((file) => file.messages.map((message) => message.toString()))).toEqual([]);
  expect(compiled.chapters).toHaveLength(1);
  const chapter = compiled.chapters[0];
  if (!chapter) throw new Error('no chapter');
  tree = chapter.tree;
  report = tree.children[0];
});

function questions(): Question[] {
  const found: Question[] = [];
  visit(tree, 'question', (node: Question) => {
    found.push(node);
  });
  return found;
}

describe('the report tree of the sample chapter', () => {
  it('holds the chapter’s country, category and rank from the seed', () => {
    expect(report).toMatchObject({ type: 'report', country: seed.country, countrySlug: 'japan', categoryId: 'coordination', categoryTitle: seed.category, rank: seed.rank });
    expect(report.edition).toMatchObject({ title: 'Sustainable Governance Indicators 2024', language: 'en-US', date: '2024-06-01' });
  });

  it('has key findings, then the seed’s sub-categories with their ranks, in order', () => {
    expect(report.children.map((child) => child.type)).toEqual(['keyFindings', 'subCategory', 'subCategory']);
    const keyFindings = report.children[0];
    expect(keyFindings?.children.map((paragraph) => toString(paragraph))).toEqual(seed.keyFindings);
    const subcategories = report.children.filter((child) => child.type === 'subCategory');
    expect(subcategories.map((node) => [node.title, node.rank, node.children.length])).toEqual(
      seed.subcategories.map((subcategory) => [subcategory.title, subcategory.rank, subcategory.questions.length]),
    );
  });

  it('gives each question its children in the fixed order, with the seed’s indicator, score and text', () => {
    const found = questions();
    const expected = seedQuestions(seed);
    expect(found).toHaveLength(expected.length);
    found.forEach((question, index) => {
      const facts = expected[index];
      if (!facts) throw new Error('missing seed question');
      expect(question.children.map((child) => child.type)).toEqual(['indicator', 'score', 'questionText', 'rubric', 'assessment', 'citationList']);
      const [indicator, score, questionText, rubric, assessment, citations] = question.children;
      expect(toString(indicator)).toBe(facts.indicator);
      expect(score).toMatchObject({ type: 'score', value: facts.score, scaleMin: 1, scaleMax: 10 });
      expect(toString(questionText)).toBe(facts.text);
      if (rubric?.type !== 'rubric' || assessment?.type !== 'assessment' || citations?.type !== 'citationList') throw new Error('unexpected order');
      expect(rubric.children.map((band) => [band.high, band.low, toString(band)])).toEqual(
        facts.bands.map((band) => [Math.max(...band.scores), Math.min(...band.scores), band.description]),
      );
      expect(rubric.children.filter((band) => band.selected)).toHaveLength(1);
      const selected = rubric.children.find((band) => band.selected);
      expect(selected && facts.score >= selected.low && facts.score <= selected.high).toBe(true);
      expect(assessment.children.map((paragraph) => toString(paragraph))).toEqual(facts.paragraphs);
      expect(citations.children).toHaveLength(facts.citations.length);
    });
  });

  it('renders the inline citation with the citation style, and entries as rich text', () => {
    const citations: string[] = [];
    visit(tree, 'citation', (node: Nodes) => {
      citations.push(toString(node));
    });
    expect(citations).toEqual(['(Yashiro 2016)']);
    const kinds = new Set<string>();
    visit(tree, 'bibliographyEntry', (entry: Nodes) => {
      visit(entry, (node: Nodes) => {
        kinds.add(node.type);
      });
    });
    expect([...kinds].sort()).toEqual(['bibliographyEntry', 'emphasis', 'link', 'text']);
  });

  it('keeps a source position on every node read from the chapter, and the codebook place on codebook nodes', () => {
    const missing: string[] = [];
    visit(tree, (node: Nodes) => {
      if ('source' in node) {
        // Read from the codebook: the place is in codebook.yaml, for the node and its text.
        expect(node.source.path).toBe('codebook.yaml');
        if (!node.source.position) missing.push(node.type);
        return SKIP;
      }
      // Made by the citation style, not read from a file: the citation or entry itself has the place.
      if (node.type === 'bibliographyEntry' || node.type === 'citation') return SKIP;
      if (node.type !== 'root' && node.type !== 'assessment' && !node.position) missing.push(node.type);
      return CONTINUE;
    });
    expect(missing).toEqual([]);
  });
});
