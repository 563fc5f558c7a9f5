/**
 * The presentation step: the report tree → the document model (src/document/model.ts), through one
 * handler table with a handler for each of the report tree's own node types. Everything the three
 * editions share is decided here, once: the title page, the headings and their outline levels, every
 * anchor, the contents list, the question's head, the score, the rubric table's rows with the
 * selected one and its note, the theme's labels filled in. The author's Markdown passes through.
 */
import type { Position } from 'unist';
import type { PhrasingContent } from 'mdast';
import type {
  Anchor,
  BibliographyItem,
  Chapter,
  DocumentModel,
  Heading,
  HeadingRole,
  Note,
  OutlineLevel,
  PageLabelPart,
  Prompt,
  Prose,
  Question,
  QuestionContent,
  QuestionHead,
  Rubric,
  RubricRow,
  Score,
  Section,
  SectionContent,
  FrontMatter,
} from '../document/model.js';
import { plainText } from '../document/plain-text.js';
import { label, type Theme } from '../theme/theme.js';
import { bandScores, categoryRank, chapterTitle, inQuestionOrder, questionLabel, runningHead, scoreValue, selectedBandNote, smallLabel, subcategoryRank } from '../theme/wording.js';
import type { ReportBlockMap, ReportBlockType, ReportTree, SourcePlace } from '../tree/types.js';
import { contentsEntries } from './contents.js';

/** What the presentation step knows while it works through a chapter: the theme, and the question and rubric it is in. */
interface PresentState {
  readonly theme: Theme;
  /** The text's language (BCP 47), for labels set in capitals. */
  readonly language: string;
  readonly question?: Anchor;
  /** The score of the rubric being presented, which its selected row names. */
  readonly score?: number;
}

/** What each node type of the report tree becomes in the model. */
interface Presented extends Record<ReportBlockType, unknown> {
  report: DocumentModel;
  keyFindings: Section;
  subCategory: Section;
  question: Question;
  indicator: Heading;
  questionText: Prompt;
  rubric: Rubric;
  rubricBand: RubricRow;
  score: Score;
  assessment: Prose;
  citationList: Section;
  referenceList: Section;
  bibliographyEntry: BibliographyItem;
  note: Note;
}

type Presenters = { readonly [Type in ReportBlockType]: (state: PresentState, node: ReportBlockMap[Type]) => Presented[Type] };

export function present(tree: ReportTree, theme: Theme): DocumentModel {
  const report = tree.children[0];
  return presenters.report({ theme, language: report.edition.language }, report);
}

/** A node through its presenter: what a node of its type becomes. */
function one<Node extends ReportBlockMap[ReportBlockType]>(state: PresentState, node: Node): Presented[Node['type']] {
  // The table is keyed by type, so the handler found is the node's own.
  const presenter = presenters[node.type] as unknown as (state: PresentState, node: Node) => Presented[Node['type']];
  return presenter(state, node);
}

interface HeadingOptions {
  readonly anchor?: Anchor;
  readonly outline?: OutlineLevel;
  readonly children?: readonly PhrasingContent[];
  readonly source?: SourcePlace;
  readonly origin?: Position | undefined;
}

function heading(role: HeadingRole, text: string, options: HeadingOptions = {}): Heading {
  const { children, origin, ...rest } = options;
  return { kind: 'heading', role, text, children: children ?? [{ type: 'text', value: text }], ...rest, ...(origin ? { origin } : {}) };
}

/** "Page {page} of {pages}" in parts, the numbers left to each format. */
function pageLabel(theme: Theme): PageLabelPart[] {
  const page = '\uE000';
  const pages = '\uE001';
  return label(theme, 'pageOf', { page, pages })
    .split(/(\uE000|\uE001)/u)
    .filter((part) => part !== '')
    .map((part): PageLabelPart => (part === page ? { kind: 'page' } : part === pages ? { kind: 'pages' } : { kind: 'text', text: part }));
}

/** Consecutive head parts (title, score, question asked) form one head, kept together; the question's first part opens it. */
function withHeads(parts: readonly (QuestionContent | Heading | Score | Prompt)[]): QuestionContent[] {
  const grouped: QuestionContent[] = [];
  for (const part of parts) {
    if (part.kind !== 'heading' && part.kind !== 'score' && part.kind !== 'prompt') {
      grouped.push(part);
      continue;
    }
    const last = grouped.at(-1);
    if (last?.kind === 'questionHead') grouped[grouped.length - 1] = { ...last, children: [...last.children, part] };
    else grouped.push({ kind: 'questionHead', opens: grouped.length === 0, children: [part] } satisfies QuestionHead);
  }
  return grouped;
}

const presenters: Presenters = {
  report({ theme }, node) {
    const state: PresentState = { theme, language: node.edition.language };
    const chapter: Chapter = {
      kind: 'chapter',
      children: node.children.map((child) => one(state, child)),
      ...(node.notes.length > 0 ? { notes: { kind: 'notes', heading: heading('notes', theme.labels.notes, { anchor: { kind: 'notes' } }), children: node.notes.map((note) => one(state, note)) } } : {}),
    };
    const title = chapterTitle(theme, node);
    const entries = contentsEntries([chapter]);
    const front: FrontMatter[] = [
      {
        kind: 'titlePage',
        edition: node.edition.title,
        title: heading('title', title, { anchor: { kind: 'title' }, outline: 1 }),
        rank: { kind: 'rank', scope: 'category', text: categoryRank(theme, node) },
        imprint: `${node.edition.publisher} · ${String(node.edition.year)}`,
      },
    ];
    // A contents list with nothing in it is none.
    if (entries.length > 0) front.push({ kind: 'contents', heading: heading('contents', theme.labels.contents, { anchor: { kind: 'contents' }, outline: 1 }), entries });
    const subCategories = node.children.flatMap((child) => (child.type === 'subCategory' ? [child.title] : []));
    const keywords = [node.country, node.categoryTitle, ...subCategories, node.edition.title];
    const description = `${node.edition.title}: ${title}. ${categoryRank(theme, node)}.`;
    return {
      kind: 'document',
      metadata: {
        title: `${title} — ${node.edition.title}`,
        description,
        edition: node.edition.title,
        keywords,
        subject: description,
        keywordList: keywords.join(', '),
        publisher: node.edition.publisher,
        year: node.edition.year,
        language: node.edition.language,
        date: node.edition.date,
      },
      furniture: { runningHead: runningHead(theme, node), pageLabel: pageLabel(theme), pageLabelPlace: theme.look.pageNumber },
      front,
      chapters: [chapter],
    };
  },
  keyFindings({ theme }, node) {
    const anchor: Anchor = { kind: 'keyFindings' };
    return { kind: 'section', role: 'keyFindings', anchor, heading: heading('section', theme.labels.keyFindings, { anchor, outline: 1 }), children: [{ kind: 'prose', role: 'keyFindings', children: node.children }] };
  },
  subCategory(state, node) {
    const anchor: Anchor = { kind: 'subCategory', id: node.id };
    return {
      kind: 'section',
      role: 'subCategory',
      anchor,
      // The title comes from the codebook; its characters are reported at the chapter's marker.
      heading: heading('section', node.title, { anchor, outline: 1, origin: node.position }),
      rank: { kind: 'rank', scope: 'subCategory', text: subcategoryRank(state.theme, node) },
      children: node.children.map((question) => one(state, question)),
    };
  },
  question(state, node) {
    const anchor: Anchor = { kind: 'question', id: node.id };
    const inQuestion: PresentState = { ...state, question: anchor };
    // The parts in the theme's order, decided here for every edition.
    return { kind: 'question', anchor, children: withHeads(inQuestionOrder(state.theme, node.children).map((child): QuestionContent | Heading | Score | Prompt => one(inQuestion, child))) };
  },
  indicator(state, node) {
    // The question's title: in the contents list and the outline, under its sub-category.
    return heading('question', plainText(node), { children: node.children, source: node.source, ...(state.question ? { anchor: state.question, outline: 2 } : {}) });
  },
  score({ theme, language }, node) {
    return { kind: 'score', label: smallLabel(theme, 'score', language), value: scoreValue(theme, node) };
  },
  questionText({ theme }, node) {
    return { kind: 'prompt', label: questionLabel(theme), children: node.children, source: node.source };
  },
  rubric(state, node) {
    const { labels } = state.theme;
    const inRubric: PresentState = { ...state, score: node.score };
    return {
      kind: 'rubric',
      caption: smallLabel(state.theme, 'rubricCaption', state.language),
      columns: { scores: labels.rubricScores, description: labels.rubricDescription },
      rows: node.children.map((band) => one(inRubric, band)),
      source: node.source,
    };
  },
  rubricBand(state, node) {
    // The band that holds the score is marked in words as well as colour, for readers who can't see the highlight.
    const note = node.selected && state.score !== undefined ? { note: selectedBandNote(state.theme, state.score) } : {};
    return { scores: bandScores(node), children: node.children, selected: node.selected, ...note, source: node.source };
  },
  assessment(_state, node) {
    return { kind: 'prose', role: 'assessment', children: node.children };
  },
  citationList(state, node) {
    return { kind: 'section', role: 'citations', heading: heading('citations', smallLabel(state.theme, 'citations', state.language)), children: [bibliography(state, node.children)] };
  },
  referenceList(state, node) {
    const anchor: Anchor = { kind: 'references' };
    return { kind: 'section', role: 'references', anchor, heading: heading('section', state.theme.labels.references, { anchor, outline: 1 }), children: [bibliography(state, node.children)] };
  },
  bibliographyEntry(_state, node) {
    return { key: node.key, children: node.children };
  },
  note(_state, node) {
    return { kind: 'note', number: node.number, calls: node.calls, children: node.children };
  },
};

function bibliography(state: PresentState, entries: readonly ReportBlockMap['bibliographyEntry'][]): SectionContent {
  return { kind: 'bibliography', entries: entries.map((entry) => one(state, entry)) };
}
