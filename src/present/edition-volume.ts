/**
 * The edition volume (`pdf/edition.pdf`, `docx/edition.docx`): a title page and a contents list, then
 * for each category its codebook (every question with its rubric, once), for each category its
 * results (every country's rank in the category and its sub-categories, then every country's score
 * and rank for each question), and the list of country reports with their addresses. Made from the
 * codebook and the chapters' results alone: no chapter's prose is in it.
 */
import type { Chart, DataTable, DocumentModel, FrontMatter, Locked, Part, Question, Section } from '../document/model.js';
import { label, type Theme } from '../theme/theme.js';
import { addressText, bandScores, chartDescription, questionLabel, rankingBars, rankingChartCaption, ranksCaption, scoresCaption, scoresChartCaption, scoreValue, smallLabel } from '../theme/wording.js';
import { byRankThenCountry, categoryMean, compareCodeUnits, ranksOfScores } from '../tree/results.js';
import type { EditionVolumeSource, ResultsOfChapter, SourcePlace, VolumeCategory, VolumeQuestion } from '../tree/types.js';
import { contentsEntries } from './contents.js';
import { presentImprint } from './imprint.js';
import { furnitureOf, heading, locked, metadataOf } from './present.js';

/** Where the volume's words are made, for the round trip's marks: the codebook, or the chapters' front matter. */
interface VolumeState {
  readonly theme: Theme;
  readonly source: EditionVolumeSource;
  /** Each locked part's id is unique in the document: `v` and its place. */
  readonly next: () => string;
}

export function presentEditionVolume(source: EditionVolumeSource, theme: Theme): DocumentModel {
  let count = 0;
  const state: VolumeState = { theme, source, next: () => `v${String((count += 1))}` };
  const { edition } = source;
  const parts: Part[] = [...source.categories.map((category) => codebookPart(state, category)), ...source.categories.map((category) => resultsPart(state, category)), reportsPart(state)];
  const title = theme.labels.editionVolumeTitle;
  const front: FrontMatter[] = [
    {
      kind: 'titlePage',
      edition: edition.title,
      editionLocked: locked('te', 'the edition’s title', { kind: 'edition', field: 'title' }),
      title: heading('title', title, { anchor: { kind: 'title' }, outline: 1, locked: locked('tt', `the label “${title}”`, { kind: 'label', label: 'editionVolumeTitle' }) }),
      imprint: `${edition.publisher} · ${String(edition.year)}`,
      imprintLocked: locked('ti', 'the edition’s publisher and year', { kind: 'edition', field: 'publisher' }),
    },
  ];
  // The imprint on a page of its own, after the title page.
  const imprint = source.publication && presentImprint(theme, source.publication, edition.language, { frontMatter: undefined, of: 'edition' });
  if (imprint) front.push(imprint);
  front.push({ kind: 'contents', heading: heading('contents', theme.labels.contents, { anchor: { kind: 'contents' }, outline: 1 }), entries: contentsEntries(parts) });
  const keywords = [edition.title, title, ...source.categories.map((category) => category.title)];
  const description = `${edition.title}: ${title}.`;
  return {
    kind: 'document',
    metadata: metadataOf(edition, `${title} — ${edition.title}`, description, keywords),
    furniture: furnitureOf(theme, edition.title),
    front,
    chapters: [],
    parts,
  };
}

function part(state: VolumeState, name: string, title: string, children: Part['children']): Part {
  const made = locked(state.next(), `the part “${title}”`, { kind: 'label', label: 'codebookPart' });
  return { kind: 'part', heading: heading('chapter', title, { anchor: { kind: 'title', chapter: name }, outline: 1, locked: made }), runningHead: `${state.source.edition.title} · ${title}`, children };
}

function section(state: VolumeState, name: string, id: string, title: string, children: Section['children']): Section {
  const anchor = { kind: 'subCategory', id, chapter: name } as const;
  return { kind: 'section', role: 'subCategory', anchor, heading: heading('section', title, { anchor, outline: 2, locked: locked(state.next(), `the title of \`${id}\` (codebook.yaml)`, codebookMade(state)) }), children };
}

function codebookMade(state: VolumeState): { readonly kind: 'codebook'; readonly place: SourcePlace } {
  return { kind: 'codebook', place: { path: state.source.codebookPath } };
}

/** A category's codebook: its sub-categories, each with its questions, the question asked and the rubric. */
function codebookPart(state: VolumeState, category: VolumeCategory): Part {
  const name = `codebook-${category.id}`;
  const title = label(state.theme, 'codebookPart', { category: category.title });
  return part(
    state,
    name,
    title,
    category.subcategories.map((subcategory) => section(state, name, subcategory.id, subcategory.title, subcategory.questions.map((question) => codebookQuestion(state, name, question)))),
  );
}

function codebookQuestion(state: VolumeState, name: string, question: VolumeQuestion): Question {
  const { theme } = state;
  const anchor = { kind: 'question', id: question.id, chapter: name } as const;
  const place: SourcePlace = { path: state.source.codebookPath };
  const made = (what: string): Locked => locked(state.next(), what, codebookMade(state));
  return {
    kind: 'question',
    anchor,
    children: [
      {
        kind: 'questionHead',
        opens: true,
        children: [
          heading('question', question.indicator, { anchor, outline: 3, source: place, locked: made(`the indicator of \`${question.id}\``) }),
          { kind: 'prompt', label: questionLabel(theme), children: [{ type: 'text', value: question.text }], source: place, locked: made(`the question \`${question.id}\` asks`) },
        ],
      },
      {
        kind: 'rubric',
        caption: smallLabel(theme, 'rubricCaption', state.source.edition.language),
        columns: { scores: theme.labels.rubricScores, description: theme.labels.rubricDescription },
        rows: question.bands.map((band) => ({ scores: bandScores(band), children: [{ type: 'text', value: band.description }], selected: false, source: place, locked: made(`the rubric band ${bandScores(band)} of \`${question.id}\``) })),
        source: place,
        locked: made('the rubric table’s caption and column heads'),
      },
    ],
  };
}

/** A category's results: every country's ranks, then for each question every country's score and its rank among them. */
function resultsPart(state: VolumeState, category: VolumeCategory): Part {
  const { theme } = state;
  const name = `results-${category.id}`;
  const chapters = [...state.source.chapters.filter((chapter) => chapter.categoryId === category.id)].sort(byRankThenCountry);
  const ranks: DataTable = {
    kind: 'table',
    caption: ranksCaption(theme, category.title, state.source.edition),
    columns: [theme.labels.indexCountry, category.title, ...category.subcategories.map((subcategory) => subcategory.title)],
    numeric: [false, true, ...category.subcategories.map(() => true)],
    rows: chapters.map((chapter) => [chapter.country, String(chapter.rank), ...category.subcategories.map((subcategory) => rankText(chapter.subcategories.find((entry) => entry.id === subcategory.id)?.rank))]),
  };
  const sections = [
    ranks,
    rankingChart(theme, category, chapters),
    ...category.subcategories.map((subcategory) =>
      section(
        state,
        name,
        subcategory.id,
        subcategory.title,
        subcategory.questions.flatMap((question) => [scoresTable(state, question, chapters), scoresChart(theme, question, chapters)]),
      ),
    ),
  ];
  return part(state, name, label(theme, 'resultsPart', { category: category.title }), sections);
}

/**
 * A category's ranking as a chart: the countries in rank order, each bar the mean of the country's
 * scores on the category's questions, each first set on a scale of 0 to 10 (tree/results.ts), so
 * that a reader can check it against the scores tables below.
 */
export function rankingChart(theme: Theme, category: VolumeCategory, chapters: readonly ResultsOfChapter[]): Chart {
  const caption = rankingChartCaption(theme, category.title);
  const bars = rankingBars(theme, [...chapters].sort(byRankThenCountry).map((chapter) => ({ country: chapter.country, mean: categoryMean(category, chapter) })));
  return { kind: 'chart', role: 'ranking', caption, description: chartDescription(theme, caption, bars), bars };
}

/** One question's scores as a chart: every country's score on the question's scale, in the order of its table (highest first). */
export function scoresChart(theme: Theme, question: VolumeQuestion, chapters: readonly ResultsOfChapter[]): Chart {
  const caption = scoresChartCaption(theme, question.indicator);
  const bars = scoredCountries(question, chapters).map((row) => ({ label: row.country, value: row.score, min: question.scaleMin, max: question.scaleMax, valueText: scoreValue(theme, { value: row.score, scaleMin: question.scaleMin, scaleMax: question.scaleMax }) }));
  return { kind: 'chart', role: 'scores', caption, description: chartDescription(theme, caption, bars), bars };
}

/** Every country's score on a question, with its rank among them, highest first. */
function scoredCountries(question: VolumeQuestion, chapters: readonly ResultsOfChapter[]): { country: string; score: number; rank: number }[] {
  const scored = chapters.flatMap((chapter) => {
    const score = chapter.scores.find((entry) => entry.questionId === question.id)?.score;
    return score === undefined ? [] : [{ country: chapter.country, score }];
  });
  const ranks = ranksOfScores(scored.map((entry) => entry.score));
  return scored.map((entry, index) => ({ ...entry, rank: ranks[index] ?? 0 })).sort(byRankThenCountry);
}

function scoresTable(state: VolumeState, question: VolumeQuestion, chapters: readonly ResultsOfChapter[]): DataTable {
  const { theme } = state;
  const rows = scoredCountries(question, chapters);
  return {
    kind: 'table',
    caption: scoresCaption(theme, question.indicator, rows.length, state.source.edition),
    columns: [theme.labels.indexCountry, theme.labels.score, theme.labels.indicatorRank],
    numeric: [false, true, true],
    rows: rows.map((row) => [row.country, `${String(row.score)} / ${String(question.scaleMax)}`, String(row.rank)]),
  };
}

/** Every country's report, with where it is: its files relative to the output folder, and its address when the edition gives one. */
function reportsPart(state: VolumeState): Part {
  const { theme } = state;
  const countries = new Map<string, string>();
  for (const chapter of state.source.chapters) countries.set(chapter.countrySlug, chapter.country);
  // Each report's address as well, when the edition gives them.
  const addresses = state.source.reportAddresses;
  const columns = [theme.labels.indexCountry, theme.labels.reportPrint, theme.labels.reportWord, ...(addresses ? [theme.labels.reportAddress] : [])];
  const table: DataTable = {
    kind: 'table',
    caption: label(theme, 'reportsCaption', { edition: state.source.edition.title }),
    columns,
    numeric: columns.map(() => false),
    rows: [...countries].sort(([, a], [, b]) => compareCodeUnits(a, b)).map(([slug, country]) => [country, `${slug}.pdf`, `${slug}.docx`, ...(addresses ? [addressText(addresses[slug] ?? {}) ?? ''] : [])]),
  };
  return part(state, 'reports', theme.labels.reportsPart, [table]);
}

function rankText(rank: number | undefined): string {
  return rank === undefined ? '–' : String(rank);
}

