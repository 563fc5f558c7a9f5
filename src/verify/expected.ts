/**
 * What every edition must say, derived from the report tree alone — never from the document model or
 * the writers: the words a reader meets, unit by unit, in reading order — headings, paragraphs,
 * ranks, indicator titles, scores, rubric bands, references — each with where it comes from, and the
 * contents list's entries. The words around the author's content are the theme's labels, filled in
 * by theme/wording.ts.
 *
 * Two handler tables, keyed by every node type of the report tree (mdast's and ours): what each block
 * type contributes, and the text of each phrasing type. A type added to the tree does not compile
 * until this check says what it expects of it.
 */
import type { Nodes, PhrasingContent } from 'mdast';
import type { Position } from 'unist';
import { label, type Theme } from '../theme/theme.js';
import { addressText, bandScores, categoryRank, chartDescription, profileChartCaption, rankingBars, rankingChartCaption, ranksCaption, scoresCaption, scoresChartCaption, chapterTitle, countryReportTitle, imprintWording, inQuestionOrder, scoreValue, selectedBandNote, smallLabel, subcategoryRank, type SmallLabel } from '../theme/wording.js';
import { byRankThenCountry, categoryMean, compareCodeUnits, ranksOfScores } from '../tree/results.js';
import type { EditionVolumeSource, Publication, Question, Report, ReportTree, SourcePlace } from '../tree/types.js';
import { normaliseText, type StructureCounts } from './extract/edition-text.js';

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
  imprint: 'imprint line',
  chart: 'chart caption',
} as const;
export type UnitKind = (typeof UnitKind)[keyof typeof UnitKind];

export interface TextUnit {
  readonly kind: UnitKind;
  readonly text: string;
  /** In the chapter, or (for codebook text) in the file `source` names. */
  readonly position: Position | undefined;
  readonly source?: SourcePlace;
  /** In a book: the chapter's path in the source folder, where `position` is. */
  readonly chapter?: string;
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
  /** The footnotes' text, one note after another, normalised: every edition has them (at the foot of pages, in Word's footnotes, after the chapter). */
  readonly notes: string;
  /** The charts every edition draws, in order: their captions are units of the text as well. */
  readonly charts: readonly ExpectedChart[];
}

/** What a chart must say and draw, from the report tree (or the edition volume's numbers), never from the model. */
export interface ExpectedChart {
  readonly caption: string;
  /** The alternative text, normalised. */
  readonly alt: string;
  /** The words drawn, bar by bar (label, then value), normalised. */
  readonly text: string;
  /** Each bar: what it stands for, its value as written, and its share of its scale. */
  readonly bars: readonly { readonly label: string; readonly valueText: string; readonly fraction: number }[];
  /** The chapter's place of the chart (its key findings). */
  readonly position?: Position | undefined;
  readonly chapter?: string;
}

/** A bar's share of its scale, 0 to 1. */
function shareOfScale(value: number, min: number, max: number): number {
  return max === min ? 0 : Math.min(1, Math.max(0, (value - min) / (max - min)));
}

/** A chart from its caption, bars and (a chapter's) rank: its alternative text and drawn words as the theme's labels word them. */
export function expectedChart(theme: Theme, caption: string, bars: readonly { readonly label: string; readonly value: number; readonly min: number; readonly max: number; readonly valueText: string }[], rank?: string, at?: Position): ExpectedChart {
  return {
    caption,
    alt: normaliseText(chartDescription(theme, caption, bars, rank)),
    text: normaliseText(bars.map((bar) => `${bar.label} ${bar.valueText}`).join(' ')),
    bars: bars.map((bar) => ({ label: bar.label, valueText: bar.valueText, fraction: shareOfScale(bar.value, bar.min, bar.max) })),
    ...(at ? { position: at } : {}),
  };
}

/** A chapter's score profile: each question's indicator and score, on its scale, and the chapter's rank. */
function profileOf(theme: Theme, report: Report): ExpectedChart | undefined {
  const bars = report.children.flatMap((child) =>
    child.type !== 'subCategory'
      ? []
      : child.children.flatMap((question) => {
          const indicator = question.children.find((part) => part.type === 'indicator');
          const score = question.children.find((part) => part.type === 'score');
          return score ? [{ label: indicator ? textOf(indicator.children) : question.id, value: score.value, min: score.scaleMin, max: score.scaleMax, valueText: scoreValue(theme, score) }] : [];
        }),
  );
  const keyFindings = report.children.find((child) => child.type === 'keyFindings');
  if (bars.length === 0) return undefined;
  return expectedChart(theme, profileChartCaption(theme, report), bars, categoryRank(theme, report), keyFindings?.position);
}

/** Punctuation and symbols around a word ("Question:", "·"), which label words are kept without. */
export const aroundWord = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

const smallLabels: readonly SmallLabel[] = ['citations', 'rubricCaption', 'score'];

function labelWordsOf(theme: Theme, report: Report): Set<string> {
  const language = report.edition.language;
  const texts = [...Object.values(theme.labels), ...smallLabels.map((name) => smallLabel(theme, name, language)), report.edition.publisher, String(report.edition.year)];
  // Placeholders ("{rank}") stand for text of the units.
  const words = texts.flatMap((text) => normaliseText(text.replace(/\{[^}]*\}/g, ' ')).split(' '));
  return new Set(words.map((word) => word.replace(aroundWord, '')).filter((word) => word !== ''));
}

/** What a node contributes: units of text and contents entries, in reading order. */
interface Expected {
  readonly units: readonly TextUnit[];
  readonly contents: readonly string[];
}

const nothing: Expected = { units: [], contents: [] };

function joined(parts: readonly Expected[]): Expected {
  return { units: parts.flatMap((part) => part.units), contents: parts.flatMap((part) => part.contents) };
}

function unit(kind: UnitKind, text: string, at: { position?: Position | undefined } | undefined, source?: SourcePlace): Expected {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean === '' ? nothing : { units: [{ kind, text: clean, position: at?.position, ...(source ? { source } : {}) }], contents: [] };
}

function entry(title: string): Expected {
  return { units: [], contents: [title] };
}

/** What the check knows while it works through a chapter: the theme, the question and the rubric it is in. */
interface ExpectState {
  readonly theme: Theme;
  /** The text's language, for labels set in capitals. */
  readonly language: string;
  /** What ranks are out of. */
  readonly edition: { readonly countryCount?: number | undefined };
  /** Codebook text is placed at its question in the chapter (and named by its codebook place). */
  readonly question: Question | undefined;
  readonly score: number | undefined;
  /** The chapter, whose score profile closes its key findings. */
  readonly report?: Report;
}

type PhrasingType = PhrasingContent['type'];
type BlockType = Exclude<Nodes['type'], PhrasingType>;
type NodeOfType<Type extends Nodes['type']> = Extract<Nodes, { type: Type }>;

/** The text of each phrasing type, as every edition shows it. */
const phrasingText: { readonly [Type in PhrasingType]: (node: NodeOfType<Type>) => string } = {
  text: (node) => node.value,
  inlineCode: (node) => node.value,
  html: (node) => node.value,
  // White space between its words (mdast-util-to-string would join them).
  break: () => ' ',
  emphasis: (node) => textOf(node.children),
  strong: (node) => textOf(node.children),
  delete: (node) => textOf(node.children),
  link: (node) => textOf(node.children),
  linkReference: (node) => textOf(node.children),
  textDirective: (node) => textOf(node.children),
  citation: (node) => textOf(node.children),
  citedWork: (node) => textOf(node.children),
  languageSpan: (node) => textOf(node.children),
  image: () => '',
  imageReference: () => '',
  footnoteReference: () => '',
  // A footnote's number: each edition's reader sets calls apart (and counts them), as the notes.
  noteCall: () => '',
};

function textOf(nodes: readonly PhrasingContent[]): string {
  return nodes.map((node) => (phrasingText[node.type] as (node: PhrasingContent) => string)(node)).join('');
}

function blocks(state: ExpectState, nodes: readonly Nodes[]): Expected {
  return joined(nodes.map((node) => expectationOf(state, node)));
}

function expectationOf(state: ExpectState, node: Nodes): Expected {
  if (isPhrasing(node)) return nothing;
  return (expectations[node.type] as (state: ExpectState, node: Nodes) => Expected)(state, node);
}

function isPhrasing(node: Nodes): node is PhrasingContent {
  return node.type in phrasingText;
}

/** Types the transform reports and removes: no edition shows them (each writer reports one it meets). */
const shownByNone = (): Expected => nothing;

/** What each block type of the tree contributes. */
const expectations: { readonly [Type in BlockType]: (state: ExpectState, node: NodeOfType<Type>) => Expected } = {
  root: (state, node) => blocks(state, node.children),
  report(state, node) {
    const { theme } = state;
    return joined([unit(UnitKind.label, node.edition.title, undefined), unit(UnitKind.heading, chapterTitle(theme, node), node), unit(UnitKind.rank, categoryRank(theme, node), node), imprintOf(state, node), blocks({ ...state, report: node }, node.children)]);
  },
  // The key findings, then the chapter's score profile's caption (its bars are compared apart: ExpectedChapter.charts).
  keyFindings: (state, node) =>
    joined([entry(state.theme.labels.keyFindings), unit(UnitKind.heading, state.theme.labels.keyFindings, node), blocks(state, node.children), state.report && profileOf(state.theme, state.report) ? unit(UnitKind.chart, profileChartCaption(state.theme, state.report), node) : nothing]),
  subCategory: (state, node) => joined([entry(node.title), unit(UnitKind.heading, node.title, node), unit(UnitKind.rank, subcategoryRank(state.theme, node, state), node), blocks(state, node.children)]),
  // In the order the theme gives a question's parts.
  question: (state, node) => blocks({ ...state, question: node }, inQuestionOrder(state.theme, node.children)),
  indicator: (state, node) => joined([entry(textOf(node.children)), unit(UnitKind.indicator, textOf(node.children), state.question, node.source)]),
  score: (state, node) => unit(UnitKind.score, `${smallLabel(state.theme, 'score', state.language)} ${scoreValue(state.theme, node)}`, state.question),
  questionText: (state, node) => unit(UnitKind.question, textOf(node.children), state.question, node.source),
  rubric: (state, node) => joined([unit(UnitKind.label, smallLabel(state.theme, 'rubricCaption', state.language), state.question, node.source), blocks({ ...state, score: node.score }, node.children)]),
  rubricBand(state, node) {
    const note = node.selected && state.score !== undefined ? ` ${selectedBandNote(state.theme, state.score)}` : '';
    return joined([unit(UnitKind.band, bandScores(node), state.question, node.source), unit(UnitKind.band, textOf(node.children) + note, state.question, node.source)]);
  },
  assessment: (state, node) => blocks(state, node.children),
  citationList: (state, node) => joined([unit(UnitKind.heading, smallLabel(state.theme, 'citations', state.language), node), blocks(state, node.children)]),
  referenceList: (state, node) => joined([entry(state.theme.labels.references), unit(UnitKind.heading, state.theme.labels.references, node), blocks(state, node.children)]),
  bibliographyEntry: (_state, node) => unit(UnitKind.reference, textOf(node.children), node),
  note: (state, node) => blocks(state, node.children),

  // The author's Markdown.
  paragraph: (_state, node) => unit(UnitKind.paragraph, textOf(node.children), node),
  code: (_state, node) => unit(UnitKind.paragraph, node.value, node),
  blockquote: (state, node) => blocks(state, node.children),
  list: (state, node) => blocks(state, node.children),
  listItem: (state, node) => blocks(state, node.children),
  thematicBreak: () => nothing,

  heading: shownByNone,
  table: shownByNone,
  tableRow: shownByNone,
  tableCell: shownByNone,
  definition: shownByNone,
  footnoteDefinition: shownByNone,
  yaml: shownByNone,
  containerDirective: shownByNone,
  leafDirective: shownByNone,
};

export function expectedChapter(tree: ReportTree, theme: Theme): ExpectedChapter {
  const report = tree.children[0];
  const start: ExpectState = { theme, language: report.edition.language, edition: report.edition, question: undefined, score: undefined };
  const expected = expectationOf(start, tree);
  return {
    units: expected.units,
    counts: {
      questions: countNodes(report, 'question'),
      rubricTables: countNodes(report, 'rubric'),
      citations: countNodes(report, 'bibliographyEntry'),
      links: countNodes(report, 'link') + report.notes.reduce((sum, note) => sum + countNodes(note, 'link'), 0) + imprintLinks(theme, report),
      noteCalls: countNodes(report, 'noteCall'),
      notes: report.notes.length,
      citationLinks: citationLinks(report),
    },
    labelWords: labelWordsOf(theme, report),
    contents: expected.contents.map(normaliseText),
    notes: normaliseText(report.notes.flatMap((note) => expectationOf(start, note).units.map((part) => part.text)).join(' ')),
    charts: report.children.some((child) => child.type === 'keyFindings') ? [profileOf(theme, report)].filter((chart) => chart !== undefined) : [],
  };
}

/**
 * What a country report must say: its cover (the edition, the country, what the book is), then each
 * chapter as a chapter's own document says it, from its title page on, each unit naming its chapter;
 * its contents list holds each chapter's title, then the chapter's entries.
 */
export function expectedCountryReport(trees: readonly ReportTree[], theme: Theme, book: { readonly all?: boolean; readonly publication?: Publication } = {}): ExpectedChapter {
  const all = book.all === true;
  const chapters = trees.map((tree) => ({ report: tree.children[0], expected: expectedChapter(tree, theme) }));
  const first = chapters[0]?.report;
  const cover: TextUnit[] = first
    ? [
        { kind: UnitKind.label, text: first.edition.title, position: undefined },
        // `--book all`: every country's report, under the title of the reports' list.
        { kind: UnitKind.heading, text: normaliseText(all ? theme.labels.reportsPart : countryReportTitle(theme, first.country)), position: undefined },
        ...(all ? [] : [{ kind: UnitKind.label, text: normaliseText(theme.labels.countryReport), position: undefined }]),
      ]
    : [];
  // Its imprint page: each line's value, then the suggested citation.
  const imprint = first && book.publication ? bookImprint(theme, book.publication, first.edition.language) : { units: [], links: 0 };
  cover.push(...imprint.units);
  const imprintLinkCount = imprint.links;
  const counts = Object.fromEntries(
    (Object.keys(chapters[0]?.expected.counts ?? {}) as (keyof StructureCounts)[]).map((key) => [key, chapters.reduce((sum, chapter) => sum + chapter.expected.counts[key], 0)]),
  ) as unknown as StructureCounts;
  return {
    units: [...cover, ...chapters.flatMap(({ report, expected }) => expected.units.map((unit) => ({ ...unit, chapter: report.path })))],
    counts: { ...counts, links: counts.links + imprintLinkCount },
    labelWords: new Set(chapters.flatMap(({ expected }) => [...expected.labelWords])),
    contents: chapters.flatMap(({ report, expected }) => [normaliseText(chapterTitle(theme, report)), ...expected.contents]),
    notes: chapters.map(({ expected }) => expected.notes).filter((notes) => notes !== '').join(' '),
    charts: chapters.flatMap(({ report, expected }) => expected.charts.map((chart) => ({ ...chart, chapter: report.path }))),
  };
}

/**
 * A book's imprint page, as the presentation step decides it: nothing when the source gives no detail
 * of its publication; else each line's value (its label is a label word), then the suggested
 * citation; and its links (the licence, the DOI, the address and the citation's).
 */
function bookImprint(theme: Theme, publication: Publication, language: string): { readonly units: TextUnit[]; readonly links: number } {
  const lines = imprintWording(theme, publication, language);
  if (lines.length === 0) return { units: [], links: 0 };
  const units: TextUnit[] = lines.map((line) => ({ kind: UnitKind.imprint, text: normaliseText(line.value), position: undefined }));
  if (publication.citation.length > 0) units.push({ kind: UnitKind.imprint, text: normaliseText(textOf(publication.citation)), position: undefined });
  return { units, links: lines.filter((line) => line.link !== undefined).length + publication.citation.reduce((sum, node) => sum + countNodes(node, 'link'), 0) };
}

/**
 * What the edition volume must say, from the codebook and the chapters' results (not from the
 * model): each category's codebook (its sub-categories, each question's indicator, the question
 * asked, the rubric's bands), each category's results (every country's ranks, then each question's
 * scores and the ranks among them), the list of country reports. Its contents list holds the
 * parts, their sections and the codebook's questions.
 */
export function expectedEditionVolume(source: EditionVolumeSource, theme: Theme): ExpectedChapter {
  const units: TextUnit[] = [];
  const contents: string[] = [];
  const say = (kind: UnitKind, text: string): void => {
    const clean = normaliseText(text);
    if (clean !== '') units.push({ kind, text: clean, position: undefined, source: { path: source.codebookPath } });
  };
  const place = (text: string, kind: UnitKind = UnitKind.heading): void => {
    contents.push(normaliseText(text));
    say(kind, text);
  };
  const language = source.edition.language;
  say(UnitKind.label, source.edition.title);
  say(UnitKind.heading, theme.labels.editionVolumeTitle);
  const imprint = source.publication ? bookImprint(theme, source.publication, language) : { units: [], links: 0 };
  units.push(...imprint.units);
  let tables = 0;
  let questions = 0;
  const charts: ExpectedChart[] = [];
  const chart = (expected: ExpectedChart): void => {
    say(UnitKind.chart, expected.caption);
    charts.push(expected);
  };
  for (const category of source.categories) {
    place(label(theme, 'codebookPart', { category: category.title }));
    for (const subcategory of category.subcategories) {
      place(subcategory.title);
      for (const question of subcategory.questions) {
        questions += 1;
        tables += 1;
        place(question.indicator, UnitKind.indicator);
        say(UnitKind.question, question.text);
        say(UnitKind.label, smallLabel(theme, 'rubricCaption', language));
        for (const band of question.bands) {
          say(UnitKind.band, bandScores(band));
          say(UnitKind.band, band.description);
        }
      }
    }
  }
  for (const category of source.categories) {
    place(label(theme, 'resultsPart', { category: category.title }));
    const chapters = source.chapters.filter((chapter) => chapter.categoryId === category.id).sort(byRankThenCountry);
    say(UnitKind.label, ranksCaption(theme, category.title, source.edition));
    tables += 1;
    for (const chapter of chapters) {
      say(UnitKind.paragraph, chapter.country);
      say(UnitKind.rank, String(chapter.rank));
      for (const subcategory of category.subcategories) say(UnitKind.rank, String(chapter.subcategories.find((entry) => entry.id === subcategory.id)?.rank ?? '–'));
    }
    chart(rankingChartOf(theme, category, chapters));
    for (const subcategory of category.subcategories) {
      place(subcategory.title);
      for (const question of subcategory.questions) {
        tables += 1;
        const rows = questionRows(question, chapters);
        say(UnitKind.label, scoresCaption(theme, question.indicator, rows.length, source.edition));
        for (const row of rows) {
          say(UnitKind.paragraph, row.country);
          say(UnitKind.score, `${String(row.score)} / ${String(question.scaleMax)}`);
          say(UnitKind.rank, String(row.rank));
        }
        chart(scoresChartOf(theme, question, rows));
      }
    }
  }
  place(theme.labels.reportsPart);
  tables += 1;
  const countries = new Map(source.chapters.map((chapter) => [chapter.countrySlug, chapter.country]));
  for (const [slug, country] of [...countries].sort(([, a], [, b]) => compareCodeUnits(a, b))) {
    say(UnitKind.paragraph, country);
    say(UnitKind.paragraph, `${slug}.pdf`);
    say(UnitKind.paragraph, `${slug}.docx`);
    const address = source.reportAddresses?.[slug];
    if (address) say(UnitKind.paragraph, addressText(address) ?? '');
  }
  const categoryTitles = source.categories.flatMap((category) => [category.title, ...category.subcategories.map((subcategory) => subcategory.title)]);
  const texts = [...Object.values(theme.labels), ...smallLabels.map((name) => smallLabel(theme, name, language)), source.edition.publisher, String(source.edition.year), ...categoryTitles];
  const labelWords = new Set(texts.flatMap((text) => normaliseText(text.replace(/\{[^}]*\}/g, ' ')).split(' ')).map((word) => word.replace(aroundWord, '')).filter((word) => word !== ''));
  return { units, counts: { questions, rubricTables: tables, citations: 0, links: imprint.links, noteCalls: 0, notes: 0, citationLinks: 0 }, labelWords, contents, notes: '', charts };
}

type VolumeCategory = EditionVolumeSource['categories'][number];
type VolumeQuestion = VolumeCategory['subcategories'][number]['questions'][number];
type VolumeChapter = EditionVolumeSource['chapters'][number];

/**
 * The web edition's cross-country charts as the source's numbers give them: for each category that
 * has chapters, its ranking and each of its questions' scores (its category and indicator pages
 * draw them), as the edition volume draws them.
 */
export function expectedSiteCharts(source: EditionVolumeSource, theme: Theme): ExpectedChart[] {
  return source.categories.flatMap((category) => {
    const chapters = source.chapters.filter((chapter) => chapter.categoryId === category.id).sort(byRankThenCountry);
    if (chapters.length === 0) return [];
    const questions = category.subcategories.flatMap((subcategory) => subcategory.questions);
    return [rankingChartOf(theme, category, chapters), ...questions.map((question) => scoresChartOf(theme, question, questionRows(question, chapters)))];
  });
}

/** A category's ranking as a chart: each country's mean score on 0 to 10, in rank order (`chapters` are in it). */
function rankingChartOf(theme: Theme, category: VolumeCategory, chapters: readonly VolumeChapter[]): ExpectedChart {
  return expectedChart(theme, rankingChartCaption(theme, category.title), rankingBars(theme, chapters.map((chapter) => ({ country: chapter.country, mean: categoryMean(category, chapter) }))));
}

/** Every country's score for a question and its rank among them, in rank order. */
function questionRows(question: VolumeQuestion, chapters: readonly VolumeChapter[]): { readonly country: string; readonly score: number; readonly rank: number }[] {
  const scored = chapters.flatMap((chapter) => chapter.scores.filter((entry) => entry.questionId === question.id).map((entry) => ({ country: chapter.country, score: entry.score })));
  const ranks = ranksOfScores(scored.map((entry) => entry.score));
  return scored.map((entry, index) => ({ ...entry, rank: ranks[index] ?? 0 })).sort(byRankThenCountry);
}

/** A question's scores as a chart: every country's score on the question's scale, in rank order. */
function scoresChartOf(theme: Theme, question: VolumeQuestion, rows: readonly { readonly country: string; readonly score: number }[]): ExpectedChart {
  const scale = { scaleMin: question.scaleMin, scaleMax: question.scaleMax };
  return expectedChart(theme, scoresChartCaption(theme, question.indicator), rows.map((row) => ({ label: row.country, value: row.score, min: scale.scaleMin, max: scale.scaleMax, valueText: scoreValue(theme, { value: row.score, ...scale }) })));
}

/**
 * The imprint on the title page: each line's value (its label is a label word), then the suggested
 * citation — when the source gives any detail of the chapter's publication.
 */
function imprintOf(state: ExpectState, report: Report): Expected {
  const lines = report.publication ? imprintWording(state.theme, report.publication, state.language) : [];
  if (!report.publication || lines.length === 0) return nothing;
  return joined([...lines.map((line) => unit(UnitKind.imprint, line.value, report)), unit(UnitKind.imprint, textOf(report.publication.citation), report)]);
}

/** The imprint's links: the licence, the DOI and the address, and those of the citation. */
function imprintLinks(theme: Theme, report: Report): number {
  const lines = report.publication ? imprintWording(theme, report.publication, report.edition.language) : [];
  if (!report.publication || lines.length === 0) return 0;
  return lines.filter((line) => line.link !== undefined).length + report.publication.citation.reduce((sum, node) => sum + countNodes(node, 'link'), 0);
}

/**
 * How many links the chapter's in-text citations make to its reference list: one for each cited
 * work whose words stand apart in the formatted citation, else one for the whole citation (to its
 * first work); each only to a work the chapter's reference list holds.
 */
function citationLinks(report: Report): number {
  const listed = new Set(report.children.flatMap((child) => (child.type === 'referenceList' ? child.children.map((entry) => entry.key) : [])));
  let count = 0;
  const visit = (node: Nodes): void => {
    if (node.type === 'citation') {
      const works = node.children.filter((child) => child.type === 'citedWork');
      if (works.length > 0) count += works.filter((work) => listed.has(work.key)).length;
      else if (node.children.length > 0 && listed.has(node.items[0]?.key ?? '')) count += 1;
      return;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(report);
  for (const note of report.notes) visit(note);
  return count;
}

function countNodes(node: Nodes, type: Nodes['type']): number {
  let count = node.type === type ? 1 : 0;
  if ('children' in node) for (const child of node.children as Nodes[]) count += countNodes(child, type);
  return count;
}
