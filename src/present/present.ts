/**
 * The presentation step: the report tree → the document model (src/document/model.ts), through one
 * handler table with a handler for each of the report tree's own node types. Everything the three
 * editions share is decided here, once: the title page, the headings and their outline levels, every
 * anchor, the contents list, the question's head, the score, the rubric table's rows with the
 * selected one and its note, the theme's labels filled in. The author's Markdown passes through.
 */
import { createHash } from 'node:crypto';
import type { Position } from 'unist';
import type { PhrasingContent } from 'mdast';
import type {
  Anchor,
  BibliographyItem,
  Chapter,
  Chart,
  ChapterOpening,
  DocumentModel,
  Heading,
  HeadingRole,
  Locked,
  MadeIn,
  Metadata,
  Note,
  OutlineLevel,
  PageFurniture,
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
  TitlePage,
} from '../document/model.js';
import { plainText } from '../document/plain-text.js';
import { label, type Theme } from '../theme/theme.js';
import { bandScores, categoryRank, chartDescription, chapterRunningHead, chapterTitle, inQuestionOrder, profileChartCaption, questionLabel, runningHead, scoreValue, selectedBandNote, smallLabel, subcategoryRank } from '../theme/wording.js';
import type { EditionInfo, Report, ReportBlockMap, ReportBlockType, ReportTree, SourcePlace } from '../tree/types.js';
import { linkCitations, type EntryOf } from './citations.js';
import { contentsEntries } from './contents.js';
import { presentImprint } from './imprint.js';

/** What the presentation step knows while it works through a chapter: the theme, and the part, question and rubric it is in. */
export interface PresentState {
  readonly theme: Theme;
  /** In a book: the chapter's category, which names its anchors. */
  readonly book?: { readonly chapter: string };
  /**
   * The locked words' id of the part being presented (`k` the key findings, `s2` the second
   * sub-category, `s2q1` its first question, `r` the references): its parts' ids start with it.
   */
  readonly part: string;
  /** The text's language (BCP 47), for labels set in capitals. */
  readonly language: string;
  /** What ranks are out of: the number of countries the edition declares, if it does. */
  readonly edition: { readonly countryCount?: number | undefined };
  readonly question?: Anchor;
  /** The question's codebook id, which diagnostics about its locked words name. */
  readonly questionId?: string;
  /** The score of the rubric being presented, which its selected row names. */
  readonly score?: number;
  /** The place of the node presented among its parent's children (a band, an entry), from 1. */
  readonly ordinal?: number;
  /** The works with an entry in the chapter's reference list: the chapter's citations of them link there. */
  readonly entries?: ReadonlySet<string>;
  /** Whether the entries presented are the reference list's (each an anchor), not a question's list of works cited. */
  readonly inReferences?: boolean;
}

export function locked(id: string, what: string, made: MadeIn): Locked {
  return { id, what, made };
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

/** A chapter's own document: its title page, its contents list and the chapter. */
export function present(tree: ReportTree, theme: Theme): DocumentModel {
  const report = tree.children[0];
  return presenters.report({ theme, part: '', language: report.edition.language, edition: report.edition }, report);
}

/** A node through its presenter: what a node of its type becomes. */
function one<Node extends ReportBlockMap[ReportBlockType]>(state: PresentState, node: Node): Presented[Node['type']] {
  // The table is keyed by type, so the handler found is the node's own.
  const presenter = presenters[node.type] as unknown as (state: PresentState, node: Node) => Presented[Node['type']];
  return presenter(state, node);
}

interface HeadingOptions {
  readonly anchor?: Anchor;
  readonly locked?: Locked;
  readonly outline?: OutlineLevel;
  readonly children?: readonly PhrasingContent[];
  readonly source?: SourcePlace;
  readonly origin?: Position | undefined;
}

export function heading(role: HeadingRole, text: string, options: HeadingOptions = {}): Heading {
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

/** Each part of a chapter with the id its locked words' ids start with: `k`, `s1`, `s2`, …, `r`. */
function partsOf(children: readonly ReportBlockMap['report']['children'][number][]): string[] {
  let subCategories = 0;
  return children.map((child) => {
    if (child.type === 'keyFindings') return 'k';
    if (child.type === 'referenceList') return 'r';
    subCategories += 1;
    return `s${String(subCategories)}`;
  });
}

/** What a file says about itself: its title, description and keywords, and the edition's names and date. */
export function metadataOf(edition: EditionInfo, title: string, description: string, keywords: readonly string[]): Metadata {
  return {
    title,
    description,
    edition: edition.title,
    keywords,
    subject: description,
    keywordList: keywords.join(', '),
    publisher: edition.publisher,
    year: edition.year,
    language: edition.language,
    date: edition.date,
  };
}

/** The running head and "Page X of Y" of every page but the first. */
export function furnitureOf(theme: Theme, head: string): PageFurniture {
  return { runningHead: head, pageLabel: pageLabel(theme), pageLabelPlace: theme.look.pageNumber };
}

/**
 * A chapter: its parts and its notes; in a book, also its opening (its title page and running head),
 * with its anchors named by its category and its headings one outline level down.
 */
export function presentChapter(outer: PresentState, node: ReportBlockMap['report']): Chapter {
  const parts = partsOf(node.children);
  const { theme } = outer;
  const state: PresentState = { ...outer, entries: new Set(node.children.flatMap((child) => (child.type === 'referenceList' ? child.children.map((entry) => entry.key) : []))) };
  // In a book the chapter opens on its own title page, the one its own document has, so that a book binds the pages drawn for the chapter.
  const opening = state.book ? { opening: { titlePage: chapterTitlePage(state, node), runningHead: chapterRunningHead(theme, node) } satisfies ChapterOpening } : {};
  return {
    kind: 'chapter',
    origin: { path: node.path, sha256: createHash('sha256').update(node.sourceText).digest('hex'), text: node.sourceText },
    ...opening,
    // The chapter's score profile closes its key findings.
    children: node.children.map((child, index) => {
      const presented = one({ ...state, part: parts[index] ?? '' }, child);
      const profile = presented.role === 'keyFindings' ? profileChart({ ...state, part: parts[index] ?? '' }, node) : undefined;
      return profile ? { ...presented, children: [...presented.children, profile] } : presented;
    }),
    ...(node.notes.length > 0 ? { notes: { kind: 'notes', heading: heading('notes', theme.labels.notes, { anchor: anchorIn(state, { kind: 'notes' }) }), children: node.notes.map((note) => one(state, note)) } } : {}),
  };
}

/**
 * A chapter's score profile: each question's score on its scale, in the chapter's order, and the
 * chapter's rank of N in its alternative text. Only this chapter's numbers: another country's edit
 * never redraws it. None for a chapter without scores.
 */
export function profileChart(state: PresentState, node: Report): Chart | undefined {
  const { theme } = state;
  const caption = profileChartCaption(theme, node);
  const bars = node.children.flatMap((child) =>
    child.type !== 'subCategory'
      ? []
      : child.children.flatMap((question) => {
          const indicator = question.children.find((part) => part.type === 'indicator');
          const score = question.children.find((part) => part.type === 'score');
          return score ? [{ label: indicator ? plainText(indicator) : question.id, value: score.value, min: score.scaleMin, max: score.scaleMax, valueText: scoreValue(theme, score) }] : [];
        }),
  );
  // A chapter without a scored question (a draft) has no profile.
  if (bars.length === 0) return undefined;
  return {
    kind: 'chart',
    role: 'profile',
    caption,
    description: chartDescription(theme, caption, bars, categoryRank(theme, node)),
    bars,
    locked: locked(`${state.part}p`, 'the score profile (the chapter’s scores, with the theme’s label “chartProfile”)', { kind: 'label', label: 'chartProfile' }),
  };
}

/**
 * A chapter's title page: the edition, the chapter's title and rank, the publisher and year, and the
 * chapter's publication details (its authors, licence, address, suggested citation) at its foot. Its
 * own document opens on it, and so does the chapter in a book (its title's anchor then named by the chapter).
 */
function chapterTitlePage(state: PresentState, node: ReportBlockMap['report']): TitlePage {
  const { theme } = state;
  const details = node.publication && presentImprint(theme, node.publication, node.edition.language, { frontMatter: node.position && { start: node.position.start, end: node.position.start } });
  return {
    kind: 'titlePage',
    edition: node.edition.title,
    editionLocked: locked('te', 'the edition’s title', { kind: 'edition', field: 'title' }),
    // In a book, the title of one of its chapters (Word's contents field lists those, not the cover's).
    title: heading(state.book ? 'chapter' : 'title', chapterTitle(theme, node), { anchor: anchorIn(state, { kind: 'title' }), outline: 1, locked: locked('tt', 'the chapter’s title (the front matter’s `country` and the codebook’s category)', frontMatterPlace(node)) }),
    rank: { kind: 'rank', scope: 'category', text: categoryRank(theme, node), locked: locked('tr', 'the chapter’s rank (the front matter’s `rank`)', frontMatterPlace(node)) },
    imprint: `${node.edition.publisher} · ${String(node.edition.year)}`,
    imprintLocked: locked('ti', 'the edition’s publisher and year', { kind: 'edition', field: 'publisher' }),
    ...(details ? { details } : {}),
  };
}

/** An anchor of the chapter presented: in a book, named by its chapter. */
function anchorIn(state: PresentState, anchor: Anchor): Anchor {
  return state.book ? { ...anchor, chapter: state.book.chapter } : anchor;
}

/** The entry a work's citations link to in the chapter presented: the work's in its reference list. */
function entryIn(state: PresentState): EntryOf {
  return (key) => (state.entries?.has(key) ? { kind: 'reference', key, ...(state.book ? { chapter: state.book.chapter } : {}) } : undefined);
}

/** A heading's outline level in the chapter presented: in a book, one level below the chapter's title. */
function outlineIn(state: PresentState, level: 1 | 2): OutlineLevel {
  return state.book ? (level === 1 ? 2 : 3) : level;
}

const frontMatterPlace = (node: { readonly position?: Position | undefined }): MadeIn => ({ kind: 'chapter', position: node.position ? { start: node.position.start, end: node.position.start } : undefined });

const presenters: Presenters = {
  report({ theme }, node) {
    const chapter = presentChapter({ theme, part: '', language: node.edition.language, edition: node.edition }, node);
    const title = chapterTitle(theme, node);
    const entries = contentsEntries([chapter]);
    const front: FrontMatter[] = [chapterTitlePage({ theme, part: '', language: node.edition.language, edition: node.edition }, node)];
    // A contents list with nothing in it is none.
    if (entries.length > 0) front.push({ kind: 'contents', heading: heading('contents', theme.labels.contents, { anchor: { kind: 'contents' }, outline: 1 }), entries });
    const subCategories = node.children.flatMap((child) => (child.type === 'subCategory' ? [child.title] : []));
    const keywords = [node.country, node.categoryTitle, ...subCategories, node.edition.title];
    const description = `${node.edition.title}: ${title}. ${categoryRank(theme, node)}.`;
    return {
      kind: 'document',
      metadata: metadataOf(node.edition, `${title} — ${node.edition.title}`, description, keywords),
      furniture: furnitureOf(theme, runningHead(theme, node)),
      front,
      chapters: [chapter],
    };
  },
  keyFindings(state, node) {
    const { theme, part } = state;
    const anchor = anchorIn(state, { kind: 'keyFindings' });
    const label = locked(`${part}h`, `the label “${theme.labels.keyFindings}”`, { kind: 'label', label: 'keyFindings' });
    return { kind: 'section', role: 'keyFindings', anchor, heading: heading('section', theme.labels.keyFindings, { anchor, outline: outlineIn(state, 1), locked: label }), children: [{ kind: 'prose', role: 'keyFindings', children: linkCitations(node.children, entryIn(state)) }] };
  },
  subCategory(state, node) {
    const anchor = anchorIn(state, { kind: 'subCategory', id: node.id });
    const { part } = state;
    const marker = frontMatterPlace(node);
    return {
      kind: 'section',
      role: 'subCategory',
      anchor,
      // The title comes from the codebook; its characters are reported at the chapter's marker.
      heading: heading('section', node.title, { anchor, outline: outlineIn(state, 1), origin: node.position, locked: locked(`${part}h`, `the title of the sub-category \`${node.id}\` (codebook.yaml)`, marker) }),
      rank: { kind: 'rank', scope: 'subCategory', text: subcategoryRank(state.theme, node, state), locked: locked(`${part}r`, `the rank of the sub-category \`${node.id}\` (its marker’s \`rank\`)`, marker) },
      children: node.children.map((question, index) => one({ ...state, part: `${part}q${String(index + 1)}` }, question)),
    };
  },
  question(state, node) {
    const anchor = anchorIn(state, { kind: 'question', id: node.id });
    const inQuestion: PresentState = { ...state, question: anchor, questionId: node.id };
    // The parts in the theme's order, decided here for every edition.
    return { kind: 'question', anchor, children: withHeads(inQuestionOrder(state.theme, node.children).map((child): QuestionContent | Heading | Score | Prompt => one(inQuestion, child))) };
  },
  indicator(state, node) {
    // The question's title: in the contents list and the outline, under its sub-category.
    const made = locked(`${state.part}i`, `the indicator of \`${state.questionId ?? ''}\``, { kind: 'codebook', place: node.source });
    return heading('question', plainText(node), { children: node.children, source: node.source, locked: made, ...(state.question ? { anchor: state.question, outline: outlineIn(state, 2) } : {}) });
  },
  score({ theme, part, questionId, language }, node) {
    return { kind: 'score', label: smallLabel(theme, 'score', language), value: scoreValue(theme, node), locked: locked(`${part}s`, `the score of \`${questionId ?? ''}\``, { kind: 'chapter', position: node.position }) };
  },
  questionText({ theme, part, questionId }, node) {
    return { kind: 'prompt', label: questionLabel(theme), children: node.children, source: node.source, locked: locked(`${part}t`, `the question \`${questionId ?? ''}\` asks`, { kind: 'codebook', place: node.source }) };
  },
  rubric(state, node) {
    const { labels } = state.theme;
    const inRubric: PresentState = { ...state, score: node.score };
    return {
      kind: 'rubric',
      caption: smallLabel(state.theme, 'rubricCaption', state.language),
      columns: { scores: labels.rubricScores, description: labels.rubricDescription },
      rows: node.children.map((band, index) => one({ ...inRubric, ordinal: index + 1 }, band)),
      source: node.source,
      locked: locked(`${state.part}c`, 'the rubric table’s caption and column heads', { kind: 'label', label: 'rubricCaption' }),
    };
  },
  rubricBand(state, node) {
    // The band that holds the score is marked in words as well as colour, for readers who can't see the highlight.
    const note = node.selected && state.score !== undefined ? { note: selectedBandNote(state.theme, state.score) } : {};
    const scores = bandScores(node);
    const made = locked(`${state.part}b${String(state.ordinal ?? 0)}`, `the rubric band ${scores} of \`${state.questionId ?? ''}\``, { kind: 'codebook', place: node.source });
    return { scores, children: node.children, selected: node.selected, ...note, source: node.source, locked: made };
  },
  assessment(state, node) {
    return { kind: 'prose', role: 'assessment', children: linkCitations(node.children, entryIn(state)) };
  },
  citationList(state, node) {
    const text = smallLabel(state.theme, 'citations', state.language);
    const label = locked(`${state.part}h`, `the label “${text}”`, { kind: 'label', label: 'citations' });
    return { kind: 'section', role: 'citations', heading: heading('citations', text, { locked: label }), children: [bibliography(state, node.children)] };
  },
  referenceList(state, node) {
    const anchor = anchorIn(state, { kind: 'references' });
    const label = locked(`${state.part}h`, `the label “${state.theme.labels.references}”`, { kind: 'label', label: 'references' });
    return { kind: 'section', role: 'references', anchor, heading: heading('section', state.theme.labels.references, { anchor, outline: outlineIn(state, 1), locked: label }), children: [bibliography({ ...state, inReferences: true }, node.children)] };
  },
  bibliographyEntry(state, node) {
    const anchor = state.inReferences ? { anchor: anchorIn(state, { kind: 'reference', key: node.key }) } : {};
    return { key: node.key, ...anchor, children: node.children, locked: locked(`${state.part}e${String(state.ordinal ?? 0)}`, `the bibliography entry of \`${node.key}\``, { kind: 'reference', key: node.key }) };
  },
  note(state, node) {
    return { kind: 'note', number: node.number, calls: node.calls, children: linkCitations(node.children, entryIn(state)) };
  },
};

function bibliography(state: PresentState, entries: readonly ReportBlockMap['bibliographyEntry'][]): SectionContent {
  return { kind: 'bibliography', entries: entries.map((entry, index) => one({ ...state, ordinal: index + 1 }, entry)) };
}
