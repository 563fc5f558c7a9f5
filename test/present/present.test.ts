/**
 * The presentation step on the sample chapter: what it decides once for every edition — the title
 * page, the contents list and its anchors, the question's head, the rubric's selected row and its
 * note, the theme's labels — and that the author's Markdown passes through untouched.
 */
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel, Heading, ModelNode, Question, Section } from '../../src/document/model.js';
import { present } from '../../src/present/present.js';
import { plainText } from '../../src/document/plain-text.js';
import { sgiQuestionOrder, type Theme } from '../../src/theme/theme.js';
import type { Assessment, ReportTree } from '../../src/tree/types.js';
import { changedSource, compileSampleChapter, removeFolder } from '../support/build.js';
import { readSeed, seedQuestions } from '../support/seed.js';

let tree: ReportTree;
let theme: Theme;
let document: DocumentModel;

beforeAll(async () => {
  ({ tree, templates: { theme } } = await compileSampleChapter());
  document = present(tree, theme);
});

/** Every node of the model under `nodes`, in reading order. */
function nodesOf(nodes: readonly ModelNode[]): ModelNode[] {
  return nodes.flatMap((node): ModelNode[] => {
    switch (node.kind) {
      case 'document':
        return [node, ...nodesOf([...node.front, ...node.chapters])];
      case 'titlePage':
        return [node, ...nodesOf([node.title, ...(node.rank ? [node.rank] : [])])];
      case 'contents':
        return [node, node.heading];
      case 'section':
        return [node, ...nodesOf([node.heading, ...(node.rank ? [node.rank] : []), ...node.children])];
      case 'chapter':
      case 'question':
      case 'questionHead':
        return [node, ...nodesOf(node.children)];
      default:
        return [node];
    }
  });
}

const sections = (): Section[] => document.chapters.flatMap((chapter) => chapter.children);
const questions = (): Question[] => nodesOf([document]).filter((node): node is Question => node.kind === 'question');

describe('the presentation step', () => {
  it('gives the document a title page and a contents list before its one chapter', () => {
    expect(document.front.map((part) => part.kind)).toEqual(['titlePage', 'contents']);
    const [titlePage] = document.front;
    expect(titlePage).toMatchObject({ edition: 'Sustainable Governance Indicators 2024', title: { role: 'title', text: 'Japan: Coordination', anchor: { kind: 'title' }, outline: 1 }, rank: { scope: 'category', text: 'Rank 16 of 30' }, imprint: 'Bertelsmann Stiftung · 2024' });
    expect(document.chapters).toHaveLength(1);
    expect(sections().map((section) => section.role)).toEqual(['keyFindings', 'subCategory', 'subCategory']);
    expect(document.furniture.runningHead).toBe('Sustainable Governance Indicators 2024 · Japan · Coordination');
    expect(document.furniture.pageLabel).toEqual([{ kind: 'text', text: 'Page ' }, { kind: 'page' }, { kind: 'text', text: ' of ' }, { kind: 'pages' }]);
  });

  it('lists in the contents every heading of the chapter with an outline level, linked to its own anchor', () => {
    const contents = document.front.find((part) => part.kind === 'contents');
    const headings = nodesOf(document.chapters).filter((node): node is Heading => node.kind === 'heading');
    const listed = headings.filter((heading) => heading.outline !== undefined);
    expect(contents?.entries).toEqual(listed.map((heading) => ({ title: heading.text, level: heading.outline, anchor: heading.anchor })));
    const questionTitles = seedQuestions(readSeed()).map((question) => question.indicator);
    expect(contents?.entries.map((entry) => entry.title)).toEqual(['Key Findings', 'Quality of Horizontal Coordination', ...questionTitles.slice(0, 3), 'Quality of Vertical Coordination', ...questionTitles.slice(3)]);
    expect(contents?.entries.map((entry) => entry.level)).toEqual([1, 1, 2, 2, 2, 1, 2, 2]);
    // One anchor for one place: the heading and the part it heads share it, and no two parts do.
    const names = contents?.entries.map((entry) => JSON.stringify(entry.anchor)) ?? [];
    expect(new Set(names).size).toBe(names.length);
    for (const question of questions()) expect(nodesOf([question]).find((node) => node.kind === 'heading')?.anchor).toBe(question.anchor);
    // The citations' heading is in neither the contents nor the outline.
    expect(headings.filter((heading) => heading.role === 'citations').every((heading) => heading.outline === undefined && heading.anchor === undefined)).toBe(true);
  });

  it('ends the contents with the references, when the chapter has a list of them', async () => {
    const source = await changedSource({ 'chapters/japan/coordination.md': (text) => `${text.trimEnd()}\n\n::references\n` });
    try {
      const changed = await compileSampleChapter(source);
      const withReferences = present(changed.tree, theme);
      const last = withReferences.chapters[0]?.children.at(-1);
      expect(last).toMatchObject({ kind: 'section', role: 'references', anchor: { kind: 'references' }, heading: { role: 'section', text: 'References', outline: 1 } });
      expect(last?.children).toEqual([{ kind: 'bibliography', entries: expect.any(Array) }]);
      expect(withReferences.front.find((part) => part.kind === 'contents')?.entries.at(-1)).toEqual({ title: 'References', level: 1, anchor: { kind: 'references' } });
    } finally {
      await removeFolder(source);
    }
  });

  it('puts the title, score and question asked in one head, then the rubric, the assessment and the citations', () => {
    const seed = seedQuestions(readSeed());
    expect(questions()).toHaveLength(seed.length);
    questions().forEach((question, index) => {
      expect(question.children.map((part) => part.kind)).toEqual(['questionHead', 'rubric', 'prose', 'section']);
      const [head, rubric] = question.children;
      expect(head?.kind === 'questionHead' && head.children.map((part) => part.kind)).toEqual(['heading', 'score', 'prompt']);
      expect(head?.kind === 'questionHead' && head.children[1]).toMatchObject({ kind: 'score', label: 'Score', value: `${String(seed[index]?.score)} / 10` });
      if (rubric?.kind !== 'rubric') throw new Error('no rubric');
      const selected = rubric.rows.filter((row) => row.selected);
      expect(selected).toHaveLength(1);
      expect(selected[0]?.note).toBe(`Score ${String(seed[index]?.score)} lies in this band`);
      expect(rubric.rows.filter((row) => !row.selected).every((row) => row.note === undefined)).toBe(true);
      expect(rubric.rows.map((row) => row.scores)).toEqual(['10–9', '8–6', '5–3', '2–1']);
    });
  });

  it('puts the imprint on the title page: a labelled line for each detail edition.yaml gives, the suggested citation last, each locked where it is made', () => {
    const [titlePage] = document.front;
    const details = titlePage?.kind === 'titlePage' ? titlePage.details : undefined;
    expect(details?.lines.map((line) => [line.field, line.label, plainText({ type: 'paragraph', children: [...line.children] })])).toEqual([
      ['authors', 'Authors', 'Hiroko Saito, Daniel Hoffmann'],
      ['editors', 'Editors', 'Anna Lindqvist, Markus Brandt'],
      ['period', 'Assessment period', 'November 1, 2021 – January 15, 2024'],
      ['copyright', 'Copyright', '© 2024 Bertelsmann Stiftung'],
      ['licence', 'Licence', 'Creative Commons Attribution 4.0 International (CC-BY-4.0)'],
      ['doi', 'DOI', 'https://doi.org/10.5555/sgi2024-japan-coordination'],
      ['url', 'Online', 'https://www.sgi-network.org/2024/japan/coordination'],
      ['citation', 'Suggested citation', 'Saito, Hiroko, and Daniel Hoffmann. 2024. “Japan: Coordination.” In Sustainable Governance Indicators 2024, edited by Anna Lindqvist and Markus Brandt. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024-japan-coordination'],
    ]);
    const licence = details?.lines.find((line) => line.field === 'licence');
    expect(licence?.children).toEqual([{ type: 'link', url: 'https://creativecommons.org/licenses/by/4.0/legalcode', children: [{ type: 'text', value: 'Creative Commons Attribution 4.0 International (CC-BY-4.0)' }] }]);
    expect(details?.lines.map((line) => line.locked.id)).toEqual(['ma', 'me', 'mp', 'mc', 'ml', 'md', 'mu', 'ms']);
    expect(details?.lines[0]?.locked.made).toEqual({ kind: 'edition', field: 'authors' });
    // A chapter's own authors are made in its front matter.
    const [report] = tree.children;
    const own = present({ ...tree, children: [{ ...report, publication: { ...(report.publication ?? { citation: [], editors: [] }), authors: ['Kenji Mori'], authorsFrom: 'chapter' } }] }, theme).front[0];
    expect(own?.kind === 'titlePage' && own.details?.lines[0]).toMatchObject({ field: 'authors', children: [{ type: 'text', value: 'Kenji Mori' }], locked: { made: { kind: 'chapter' } } });
    // Nothing to say but the title: no imprint.
    const bare = present({ ...tree, children: [{ ...report, publication: { authors: [], authorsFrom: 'edition', editors: [], citation: [{ type: 'text', value: 'x' }] } }] }, theme).front[0];
    expect(bare?.kind === 'titlePage' && bare.details).toBeUndefined();
  });

  it('fills in the theme’s labels, so a label changed in theme.yaml reaches every edition from here', () => {
    const labels = { ...theme.labels, keyFindings: 'Summary', score: 'Points', scoreValue: '{score} of {max}', categoryRank: 'Place {rank}', categoryRankOf: 'Place {rank} of {count}', selectedBand: 'Here: {score}', pageOf: '{page}/{pages}', question: 'Asked' };
    const changed = present(tree, { ...theme, labels });
    const contents = changed.front.find((part) => part.kind === 'contents');
    expect(contents?.entries[0]?.title).toBe('Summary');
    const [titlePage] = changed.front;
    expect(titlePage?.kind === 'titlePage' && titlePage.rank?.text).toBe('Place 16 of 30');
    // Without the edition's countries, a rank is out of nothing: the label without {count}.
    const [report] = tree.children;
    const { title, publisher, year, language, date } = report.edition;
    const [uncounted] = present({ ...tree, children: [{ ...report, edition: { title, publisher, year, language, date } }] }, { ...theme, labels }).front;
    expect(uncounted?.kind === 'titlePage' && uncounted.rank?.text).toBe('Place 16');
    const nodes = nodesOf([changed]);
    expect(nodes.find((node) => node.kind === 'score')).toMatchObject({ label: 'Points', value: '8 of 10' });
    expect(nodes.find((node) => node.kind === 'prompt')).toMatchObject({ label: 'Asked: ' });
    expect(nodes.flatMap((node) => (node.kind === 'rubric' ? node.rows.flatMap((row) => (row.note ? [row.note] : [])) : []))[0]).toBe('Here: 8');
    expect(changed.furniture.pageLabel).toEqual([{ kind: 'page' }, { kind: 'text', text: '/' }, { kind: 'pages' }]);
  });

  it('passes the author’s Markdown through as it is (a block with a citation copied, the citation linked or as one text)', () => {
    const assessments: Assessment[] = [];
    visit(tree, 'assessment', (node: Assessment) => {
      assessments.push(node);
    });
    const prose = nodesOf([document]).filter((node) => node.kind === 'prose' && node.role === 'assessment');
    const blocks = prose.flatMap((node) => (node.kind === 'prose' ? node.children : []));
    const written = assessments.flatMap((node) => node.children);
    expect(blocks.map((block) => toString(block))).toEqual(written.map((block) => toString(block)));
    const withCitation = (block: (typeof written)[number]): boolean => JSON.stringify(block).includes('"type":"citation"');
    expect(written.some(withCitation)).toBe(true);
    for (const [index, block] of written.entries()) if (!withCitation(block)) expect(blocks[index]).toBe(block);
    expect(prose[0]?.kind === 'prose' && prose[0].children[0]).toBe(assessments[0]?.children[0]);
    expect(toString(assessments[0]?.children[0])).not.toBe('');
  });

  it('describes the document once for every format’s metadata', () => {
    expect(document.metadata).toEqual({
      title: 'Japan: Coordination — Sustainable Governance Indicators 2024',
      description: 'Sustainable Governance Indicators 2024: Japan: Coordination. Rank 16 of 30.',
      edition: 'Sustainable Governance Indicators 2024',
      keywords: ['Japan', 'Coordination', 'Quality of Horizontal Coordination', 'Quality of Vertical Coordination', 'Sustainable Governance Indicators 2024'],
      subject: 'Sustainable Governance Indicators 2024: Japan: Coordination. Rank 16 of 30.',
      keywordList: 'Japan, Coordination, Quality of Horizontal Coordination, Quality of Vertical Coordination, Sustainable Governance Indicators 2024',
      publisher: 'Bertelsmann Stiftung',
      year: 2024,
      language: 'en-US',
      date: '2024-06-01',
    });
  });

  it('decides the one look of the three editions from the theme: the small labels’ case, the page number’s place', () => {
    const parts = (model: DocumentModel) => nodesOf([model]);
    const citations = (model: DocumentModel) => parts(model).find((node): node is Heading => node.kind === 'heading' && node.role === 'citations')?.text;
    const caption = (model: DocumentModel) => parts(model).find((node) => node.kind === 'rubric');
    expect(citations(document)).toBe('Citations');
    expect(caption(document)).toMatchObject({ caption: 'Rating scale' });
    expect(document.furniture.pageLabelPlace).toBe('right');
    const capitals = present(tree, { ...theme, look: { ...theme.look, labels: 'capitals', pageNumber: 'centre' } });
    expect(citations(capitals)).toBe('CITATIONS');
    expect(caption(capitals)).toMatchObject({ caption: 'RATING SCALE' });
    expect(parts(capitals).find((node) => node.kind === 'score')).toMatchObject({ label: 'SCORE' });
    expect(capitals.furniture.pageLabelPlace).toBe('centre');
  });

  it('puts a question’s parts in the theme’s order, SGI’s (question, rubric, indicator, score, text) as one choice', () => {
    const sgi = present(tree, { ...theme, look: { ...theme.look, questionOrder: [...sgiQuestionOrder] } });
    const [first] = nodesOf([sgi]).filter((node): node is Question => node.kind === 'question');
    expect(first?.children.map((part) => (part.kind === 'questionHead' ? `head(${part.children.map((child) => child.kind).join(',')})${part.opens ? '+opens' : ''}` : part.kind))).toEqual([
      'head(prompt)+opens',
      'rubric',
      'head(heading,score)',
      'prose',
      'section',
    ]);
  });
});
