/**
 * The transform from a chapter's mdast to the report tree. It reads the chapter's structure
 * (front matter, key findings, sub-category markers, questions, citation lists), joins it with the
 * codebook and the bibliography, and reports every structural problem it meets at its position.
 * It knows nothing of output formats.
 */
import type { Definition, FootnoteDefinition, PhrasingContent, Root, RootContent, Yaml } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { spanAt } from '../diagnostics/places.js';
import { hasErrors, report } from '../diagnostics/report.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Codebook, CodebookCategory, CodebookQuestion } from '../source/codebook.js';
import { attributePosition, directiveDisplay, directiveSchemas, isDirectiveName, readAttributes } from '../source/directives.js';
import type { Edition } from '../source/edition.js';
import { doi, id, positiveWholeNumber, text, webAddress } from '../source/schema-parts.js';
import { checkSchema, parseYaml, positionAt } from '../source/yaml.js';
import { lonelyKeyPattern } from '../parse/citations.js';
import { editionInfo, publicationOf, type PublishedWork } from './publication.js';
import { slugify } from '../source/slug.js';
import { cleanBlocks, reportDirective, type ContentContext, type NoteBook } from '../validate/content.js';
import { reportRanksInKeyFindings } from '../validate/key-findings-rank.js';
import type {
  BibliographyEntry,
  Citation,
  CitationList,
  CiteItem,
  KeyFindings,
  Question,
  ReferenceList,
  Report,
  ReportContent,
  Rubric,
  SubCategory,
} from '../tree/types.js';

export const frontMatterSchema = z.strictObject({
  country: text(),
  category: id(),
  rank: positiveWholeNumber(),
  /** Names the output files; derived from `country` when absent. */
  slug: id().optional(),
  /** The chapter's authors, instead of edition.yaml's for its country. */
  authors: z.array(text(), { error: 'must be a list of names' }).min(1, { error: 'must name at least one person' }).optional(),
  /** The chapter's own address, instead of edition.yaml's `chapterUrl` pattern. */
  url: webAddress().optional(),
  /** The chapter's own DOI, instead of edition.yaml's `chapterDoi` pattern. */
  doi: doi().optional(),
});

/** What the transform needs of the bibliography; `bibliography/engine.ts` provides it. */
export interface CitationFormatter {
  formatEntries(ids: readonly string[]): ReadonlyMap<string, PhrasingContent[]>;
  sortIds(ids: readonly string[]): string[];
  formatCitation(items: readonly CiteItem[]): PhrasingContent[];
  /** A work that is not in references.yaml (a chapter's suggested citation), as a bibliography entry. */
  formatWork(work: PublishedWork): PhrasingContent[];
}

export interface ChapterContext {
  /** Undefined when edition.yaml has errors: the chapter is still checked, but gives no report. */
  readonly edition: Edition | undefined;
  readonly codebook: Codebook;
  readonly referenceIds: ReadonlySet<string>;
  readonly citations: CitationFormatter;
  /** The chapter's title as the editions print it (a theme label): its suggested citation names it. */
  readonly chapterTitle: (names: { readonly country: string; readonly categoryTitle: string }) => string;
}

export interface ChapterResult {
  /** Undefined when the chapter's front matter could not be read. */
  readonly report: Report | undefined;
  /** Every known reference key the chapter cites (for the unused-reference check). */
  readonly citedKeys: ReadonlySet<string>;
}

interface KeyUse {
  readonly key: string;
  readonly position: Position | undefined;
}

/** State of one chapter's reading, passed explicitly to each step. */
interface ReadState {
  readonly file: VFile;
  readonly context: ChapterContext;
  readonly content: ContentContext;
  readonly category: CodebookCategory | undefined;
  readonly children: ReportContent[];
  readonly seenQuestions: Map<string, Position | undefined>;
  readonly seenSubcategories: Set<string>;
  readonly keyUses: KeyUse[];
  readonly inlineCitations: Citation[];
  readonly citationLists: { node: CitationList; keys: string[] }[];
  referenceList: ReferenceList | undefined;
  keyFindings: KeyFindings | undefined;
  /** The open sub-category section; `invalid` after a marker that could not be read. */
  section: SubCategory | 'invalid' | undefined;
  strayStart: Position | undefined;
}

export function buildReport(file: VFile, tree: Root, path: string, context: ChapterContext): ChapterResult {
  const frontMatter = readFrontMatter(file, tree);
  const category = frontMatter ? findCategory(file, frontMatter, context.codebook) : undefined;

  const definitions = new Map<string, Definition>();
  visit(tree, 'definition', (node) => {
    if (!definitions.has(node.identifier.toLowerCase())) definitions.set(node.identifier.toLowerCase(), node);
  });

  const notes: NoteBook = { definitions: footnoteDefinitions(file, tree), called: new Map() };
  const state: ReadState = {
    file,
    context,
    content: { file, definitions, notes },
    category,
    children: [],
    seenQuestions: new Map(),
    seenSubcategories: new Set(),
    keyUses: [],
    inlineCitations: [],
    citationLists: [],
    referenceList: undefined,
    keyFindings: undefined,
    section: undefined,
    strayStart: undefined,
  };

  // Without front matter, what stands before the first directive is most likely the front matter
  // itself, unrecognised (a blank line before `---`, a `--` fence): `frontmatter-missing` covers it,
  // so it is not also reported as stray content.
  const firstDirective = tree.children.findIndex((node) => node.type === 'containerDirective' || node.type === 'leafDirective');
  const unreadFrontMatter = frontMatter ? 0 : firstDirective < 0 ? tree.children.length : firstDirective;
  tree.children.forEach((node, index) => {
    if (index < unreadFrontMatter && node.type !== 'html') return;
    readTopLevel(state, node);
  });
  flushStray(state);

  // What a chapter lacks is only known when all of it was read: a misspelt `:::questoin` or a
  // question without an id would otherwise also be reported as a missing question.
  const readWithoutErrors = !hasErrors(file);
  if (readWithoutErrors && !state.keyFindings && frontMatter) {
    report(file, 'missing-key-findings', frontMatter.position, 'The chapter has no `:::key-findings` block. Add one after the front matter, so every edition opens with the findings.');
  }
  if (readWithoutErrors && category && !context.codebook.hasErrors) reportMissingQuestions(state, category, frontMatter?.categoryPosition);
  if (readWithoutErrors) reportUnusedNotes(file, notes);
  const chapterNotes = [...notes.called.values()];
  collectInlineCitations(state, chapterNotes.flatMap((note) => note.children));

  const citedKeys = resolveCitations(state);
  const data = frontMatter?.data;
  const countrySlug = data ? (data.slug ?? slugify(data.country)) : '';
  if (data && countrySlug === '') {
    report(
      file,
      'frontmatter-field',
      frontMatter.position,
      `The country "${data.country}" gives no file name in Latin letters. Add \`slug:\` with one (lower-case letters, digits and hyphens, e.g. \`slug: nihon\`).`,
    );
  }
  const { edition } = context;
  if (data && frontMatter && edition) checkAgainstEdition(file, frontMatter, edition);
  if (!data || !edition || countrySlug === '') return { report: undefined, citedKeys };
  const categoryTitle = category?.title ?? data.category;
  const publication = publicationOf({ edition, frontMatter: data, countrySlug, categoryTitle, title: context.chapterTitle({ country: data.country, categoryTitle }) }, (work) => context.citations.formatWork(work));

  const reportNode: Report = {
    type: 'report',
    path,
    sourceText: String(file.value),
    edition: editionInfo(edition),
    country: data.country,
    countrySlug,
    categoryId: data.category,
    categoryTitle,
    rank: data.rank,
    publication,
    children: state.children,
    notes: chapterNotes,
  };
  if (tree.position) reportNode.position = tree.position;
  if (frontMatter?.rankPosition) reportNode.rankPosition = frontMatter.rankPosition;
  if (state.keyFindings) reportRanksInKeyFindings(file, state.keyFindings, { rank: data.rank, rankPosition: frontMatter?.rankPosition, subcategoryRanks: state.children.flatMap((child) => (child.type === 'subCategory' ? [child.rank] : [])) });
  return { report: reportNode, citedKeys };
}

interface FrontMatter {
  readonly data: z.output<typeof frontMatterSchema> | undefined;
  readonly position: Position | undefined;
  readonly categoryPosition: Position | undefined;
  readonly countryPosition?: Position | undefined;
  readonly rankPosition?: Position | undefined;
}

/** The chapter's country must be one the edition declares, and its rank within their number. */
function checkAgainstEdition(file: VFile, frontMatter: FrontMatter, edition: Edition): void {
  const { data } = frontMatter;
  const countries = edition.countries;
  if (!data || !countries) return;
  if (!countries.includes(data.country)) {
    report(
      file,
      'country-unknown',
      frontMatter.countryPosition ?? frontMatter.position,
      `${data.country} is not among the ${String(countries.length)} countries edition.yaml declares (\`countries\`).${didYouMean(data.country, countries)} Correct the name, or add the country to \`countries\` in edition.yaml.`,
    );
  }
  if (data.rank > countries.length) {
    report(file, 'rank-out-of-range', frontMatter.rankPosition ?? frontMatter.position, rankOutOfRange(data.rank, countries.length));
  }
}

function rankOutOfRange(rank: number, count: number): string {
  return `The rank ${String(rank)} is larger than the number of countries the edition covers (${String(count)}, edition.yaml's \`countries\`). Correct the rank, or add the missing countries to \`countries\`.`;
}

function readFrontMatter(file: VFile, tree: Root): FrontMatter | undefined {
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    report(
      file,
      'frontmatter-missing',
      { line: 1, column: 1 },
      String(file.value).startsWith('---')
        ? 'The chapter’s front matter is not closed. End it with a line of its own that holds only `---`, after `country:`, `category:` and `rank:`.'
        : 'The chapter does not start with front matter. Make the very first line of the file `---` (not even a blank line before it), then `country:`, `category:` and `rank:`, then another `---` line.',
    );
    return undefined;
  }
  const yamlNode: Yaml = first;
  const start = yamlNode.position?.start.offset ?? 0;
  const source = String(file.value);
  const offset = source.indexOf('\n', start) + 1;
  const parsed = parseYaml({ file, text: yamlNode.value, offset });
  if (!parsed) return { data: undefined, position: yamlNode.position, categoryPosition: yamlNode.position };
  const data = checkSchema(parsed, frontMatterSchema, {
    ruleId: 'frontmatter-field',
    what: 'The front matter',
    ruleForField: (fieldPath) => (fieldPath[0] === 'rank' ? 'rank-invalid' : undefined),
  });
  return { data, position: yamlNode.position, categoryPosition: positionAt(parsed, ['category']), countryPosition: positionAt(parsed, ['country']), rankPosition: positionAt(parsed, ['rank']) };
}

function findCategory(file: VFile, frontMatter: FrontMatter, codebook: Codebook): CodebookCategory | undefined {
  const categoryId = frontMatter.data?.category;
  if (categoryId === undefined) return undefined;
  const category = codebook.categories.get(categoryId);
  if (!category) {
    report(
      file,
      'unknown-category',
      frontMatter.categoryPosition,
      `The codebook has no category \`${categoryId}\`.${didYouMean(categoryId, codebook.categories.keys())} Known categories: ${[...codebook.categories.keys()].map((key) => `\`${key}\``).join(', ')}.`,
    );
  }
  return category;
}

/**
 * The chapter's footnote definitions, wherever they stand (at the end of the chapter, or inside the
 * block that calls them), by identifier; a label defined twice is reported at its second definition.
 */
function footnoteDefinitions(file: VFile, tree: Root): Map<string, FootnoteDefinition> {
  const definitions = new Map<string, FootnoteDefinition>();
  visit(tree, 'footnoteDefinition', (node) => {
    const first = definitions.get(node.identifier);
    if (!first) {
      definitions.set(node.identifier, node);
      return;
    }
    const line = first.position?.start.line;
    report(
      file,
      'footnote-duplicate',
      node.position,
      `The footnote \`[^${node.label ?? node.identifier}]\` is defined twice${line === undefined ? '' : ` (first on line ${String(line)})`}, and only the first would be shown. Merge the two notes, or give this one another label.`,
    );
  });
  return definitions;
}

/** A footnote no text calls is in no edition: a sign that its call was lost or mistyped. */
function reportUnusedNotes(file: VFile, notes: NoteBook): void {
  for (const [identifier, definition] of notes.definitions) {
    if (notes.called.has(identifier)) continue;
    report(
      file,
      'footnote-unused',
      definition.position,
      `The footnote \`[^${definition.label ?? identifier}]\` is defined but never called, so no edition shows it. Call it in the text with \`[^${definition.label ?? identifier}]\` where it belongs, or delete the definition.`,
    );
  }
}

function readTopLevel(state: ReadState, node: RootContent): void {
  // Definitions are used where they are called (links and footnotes).
  if (node.type === 'yaml' || node.type === 'definition' || node.type === 'footnoteDefinition') return;
  if (node.type === 'containerDirective' || node.type === 'leafDirective') {
    flushStray(state);
    if (!isDirectiveName(node.name)) {
      reportDirective(node, state.file);
      collectKeysInside(state, node);
      return;
    }
    const schema = directiveSchemas[node.name];
    if (schema.placement !== 'chapter') {
      reportDirective(node, state.file);
      return;
    }
    if (node.type !== schema.kind) {
      report(state.file, 'misplaced-directive', node.position, `\`${directiveDisplay(node)}\` must be written \`${directiveDisplay({ type: schema.kind, name: node.name })}\`.`);
      return;
    }
    if (node.type === 'containerDirective') {
      // A block left open swallows the blocks after it: reported once, at its opening, and they are read as the chapter's own.
      const swallowed = closeUnclosed(state, node);
      if (swallowed.length > 0) {
        readTopLevel(state, { ...node, children: node.children.slice(0, node.children.length - swallowed.length) });
        for (const child of swallowed) readTopLevel(state, child);
        return;
      }
    }
    switch (node.name) {
      case 'key-findings':
        if (node.type === 'containerDirective') readKeyFindings(state, node);
        return;
      case 'subcategory':
        if (node.type === 'leafDirective') readSubcategory(state, node);
        return;
      case 'question':
        if (node.type === 'containerDirective') readQuestion(state, node);
        return;
      case 'references':
        readAttributes(state.file, node, 'references');
        state.referenceList = { type: 'referenceList', children: [], ...(node.position ? { position: node.position } : {}) };
        state.children.push(state.referenceList);
        return;
    }
  }
  if (node.type === 'html') {
    flushStray(state);
    cleanBlocks([node], state.content); // reports it
    return;
  }
  // Anything else at the top level is shown by no edition: remember it, report runs of it once.
  state.strayStart ??= node.position;
}

/**
 * The blocks that a container left unclosed took in, from the first that belongs at the chapter's top
 * level (`::subcategory`, `:::question`, …: none stands inside a block), with the one diagnostic at
 * the opening line of the block left open. None when the block is closed where it should be.
 */
function closeUnclosed(state: ReadState, node: Extract<RootContent, { type: 'containerDirective' }>): RootContent[] {
  if (!isUnclosed(String(state.file.value), node)) return [];
  const first = node.children.findIndex((child) => (child.type === 'containerDirective' || child.type === 'leafDirective') && isDirectiveName(child.name) && directiveSchemas[child.name].placement === 'chapter');
  const swallowed = node.children[first];
  if (first < 0 || !swallowed || (swallowed.type !== 'containerDirective' && swallowed.type !== 'leafDirective')) return [];
  const line = swallowed.position?.start.line;
  report(
    state.file,
    'unclosed-directive',
    node.position ? { line: node.position.start.line, column: node.position.start.column } : undefined,
    `\`${directiveDisplay(node)}\` opened here is not closed before \`${directiveDisplay(swallowed)}\`${line === undefined ? '' : ` on line ${String(line)}`}. End it with a line of its own holding \`:::\`.`,
  );
  return node.children.slice(first);
}

/**
 * Whether a container was left open: it has no closing fence of its own (it ends where the text
 * does), or the fence it ends with belonged to a block inside it — with fences of equal length the
 * parser gives a `:::` line to the outer block, so a question left open ends at the next question's
 * fence, with that question inside it and unclosed.
 */
function isUnclosed(text: string, node: Extract<RootContent, { type: 'containerDirective' }>): boolean {
  if (!hasOwnFence(text, node)) return true;
  const last = node.children.at(-1);
  return last?.type === 'containerDirective' && !hasOwnFence(text, last);
}

function hasOwnFence(text: string, node: Extract<RootContent, { type: 'containerDirective' }>): boolean {
  const end = node.position?.end.offset;
  if (end === undefined) return true;
  const lastLine = text.slice(text.lastIndexOf('\n', end - 1) + 1, end);
  const lastChildEnd = node.children.at(-1)?.position?.end.offset;
  return /^[ \t]*:{3,}[ \t]*$/.test(lastLine) && (lastChildEnd === undefined || lastChildEnd < end);
}

function flushStray(state: ReadState): void {
  if (state.strayStart === undefined) return;
  report(
    state.file,
    'stray-content',
    state.strayStart,
    'This text stands outside `:::key-findings` and any `:::question`, so no edition would show it. Move it into a key findings or question block, or delete it.',
  );
  state.strayStart = undefined;
}

function hasLabel(node: { children: RootContent[] }): boolean {
  const first = node.children[0];
  return first?.type === 'paragraph' && first.data?.directiveLabel === true;
}

function contentWithoutLabel(node: { children: RootContent[] }): RootContent[] {
  return hasLabel(node) ? node.children.slice(1) : node.children;
}

function readKeyFindings(state: ReadState, node: Extract<RootContent, { type: 'containerDirective' }>): void {
  readAttributes(state.file, node, 'key-findings');
  if (state.keyFindings) {
    report(state.file, 'misplaced-directive', node.position, 'A chapter has one `:::key-findings` block, and this is the second. Merge the two.');
    return;
  }
  if (hasLabel(node)) reportLabel(state, node);
  const keyFindings: KeyFindings = { type: 'keyFindings', children: cleanBlocks(contentWithoutLabel(node), state.content) };
  collectInlineCitations(state, keyFindings.children);
  if (node.position) keyFindings.position = node.position;
  state.keyFindings = keyFindings;
  state.children.push(keyFindings);
}

function reportLabel(state: ReadState, node: Extract<RootContent, { type: 'containerDirective' }>): void {
  report(state.file, 'unsupported-markdown', node.position, `\`${directiveDisplay(node)}\` takes no [label]; its text would be lost. Move the text into the block.`);
}

function readSubcategory(state: ReadState, node: Extract<RootContent, { type: 'leafDirective' }>): void {
  const attributes = readAttributes(state.file, node, 'subcategory');
  if (node.children.length > 0) {
    report(state.file, 'unsupported-markdown', node.position, '`::subcategory` takes no [label]: its title comes from the codebook. Remove the brackets.');
  }
  const subcategoryId = attributes.id;
  const rank = attributes.rank;
  const category = state.category;
  if (subcategoryId === undefined || category === undefined) {
    state.section = 'invalid';
    return;
  }
  const subcategory = category.subcategories.find((candidate) => candidate.id === subcategoryId);
  if (!subcategory) {
    const known = category.subcategories.map((candidate) => candidate.id);
    report(
      state.file,
      'unknown-subcategory',
      attributePosition(state.file, node, 'id'),
      `The category \`${category.id}\` has no sub-category \`${subcategoryId}\`.${didYouMean(subcategoryId, known)} Its sub-categories: ${known.map((key) => `\`${key}\``).join(', ')}.`,
    );
    state.section = 'invalid';
    return;
  }
  if (state.seenSubcategories.has(subcategoryId)) {
    report(state.file, 'duplicate-subcategory', node.position, `The sub-category \`${subcategoryId}\` already has a section in this chapter. Put all its questions under one \`::subcategory\` marker.`);
  }
  state.seenSubcategories.add(subcategoryId);
  if (rank === undefined) {
    state.section = 'invalid';
    return;
  }
  const count = state.context.edition?.countries?.length;
  if (count !== undefined && rank > count) report(state.file, 'rank-out-of-range', attributePosition(state.file, node, 'rank'), rankOutOfRange(rank, count));
  const section: SubCategory = { type: 'subCategory', id: subcategory.id, title: subcategory.title, rank, children: [] };
  if (node.position) section.position = node.position;
  const rankPosition = attributePosition(state.file, node, 'rank');
  if (rankPosition) section.rankPosition = rankPosition;
  state.section = section;
  state.children.push(section);
}

function readQuestion(state: ReadState, node: Extract<RootContent, { type: 'containerDirective' }>): void {
  const attributes = readAttributes(state.file, node, 'question');
  const section = state.section;
  if (section === undefined) {
    report(
      state.file,
      'question-outside-subcategory',
      node.position,
      'This question comes before any `::subcategory{#… rank=…}` marker, so it belongs to no sub-category. Add the marker above it.',
    );
  }
  const questionId = attributes.id;
  const codebookQuestion = questionId === undefined ? undefined : findQuestion(state, node, questionId, section);

  // Split the block into the assessment and its citation list.
  const assessmentNodes: RootContent[] = [];
  let citationNode: Extract<RootContent, { type: 'leafDirective' }> | undefined;
  if (hasLabel(node)) reportLabel(state, node);
  for (const child of contentWithoutLabel(node)) {
    if (child.type === 'leafDirective' && child.name === 'citations') {
      if (citationNode) {
        report(state.file, 'misplaced-directive', child.position, 'A question has one `::citations` list, and this is the second. Merge the two lists.');
      } else {
        citationNode = child;
      }
      continue;
    }
    assessmentNodes.push(child);
  }
  const assessmentBlocks = cleanBlocks(assessmentNodes, state.content);
  if (assessmentBlocks.length === 0 || assessmentBlocks.every((block) => toString(block).trim() === '')) {
    report(state.file, 'empty-assessment', node.position, 'This question has no assessment text. Write the assessment as paragraphs inside the `:::question` block.');
  }
  collectInlineCitations(state, assessmentBlocks);
  const keys = citationNode ? readCitationKeys(state, citationNode) : [];

  const score = attributes.score;
  if (score !== undefined && codebookQuestion && (score < codebookQuestion.scale.min || score > codebookQuestion.scale.max)) {
    report(
      state.file,
      'score-out-of-scale',
      attributePosition(state.file, node, 'score'),
      `The score ${score} lies outside the scale of \`${codebookQuestion.id}\` (${codebookQuestion.scale.min}–${codebookQuestion.scale.max}). Give a whole number from ${codebookQuestion.scale.min} to ${codebookQuestion.scale.max}.`,
    );
    return;
  }
  if (score === undefined || !codebookQuestion || typeof section !== 'object') return;

  const codebookPath = state.context.codebook.path;
  const rubric: Rubric = {
    type: 'rubric',
    scale: codebookQuestion.scaleId,
    scaleMin: codebookQuestion.scale.min,
    scaleMax: codebookQuestion.scale.max,
    score,
    source: { path: codebookPath, position: codebookQuestion.rubricPosition },
    children: codebookQuestion.bands.map((band) => ({
      type: 'rubricBand',
      low: band.low,
      high: band.high,
      selected: score >= band.low && score <= band.high,
      children: [{ type: 'text', value: band.description }],
      source: { path: codebookPath, position: band.position },
    })),
  };
  const question: Question = {
    type: 'question',
    id: codebookQuestion.id,
    children: [
      { type: 'indicator', children: [{ type: 'text', value: codebookQuestion.indicator }], source: { path: codebookPath, position: codebookQuestion.indicatorPosition } },
      { type: 'score', value: score, scaleMin: codebookQuestion.scale.min, scaleMax: codebookQuestion.scale.max, children: [], ...(positionOf(state, node, 'score')) },
      { type: 'questionText', children: [{ type: 'text', value: codebookQuestion.text }], source: { path: codebookPath, position: codebookQuestion.textPosition } },
      rubric,
      { type: 'assessment', children: assessmentBlocks },
    ],
  };
  if (citationNode) {
    const list: CitationList = { type: 'citationList', children: [] };
    if (citationNode.position) list.position = citationNode.position;
    question.children.push(list);
    state.citationLists.push({ node: list, keys });
  }
  if (node.position) question.position = node.position;
  section.children.push(question);
}

function positionOf(state: ReadState, node: Extract<RootContent, { type: 'containerDirective' }>, key: string): { position?: Position } {
  const position = attributePosition(state.file, node, key);
  return position ? { position } : {};
}

function findQuestion(
  state: ReadState,
  node: Extract<RootContent, { type: 'containerDirective' }>,
  questionId: string,
  section: SubCategory | 'invalid' | undefined,
): CodebookQuestion | undefined {
  const { codebook } = state.context;
  // A question whose codebook entry has errors (reported there) is not checked here, and counts as answered.
  if (codebook.broken.questions.has(questionId) || (typeof section === 'object' && !codebook.questions.has(questionId) && codebook.broken.subcategories.has(section.id))) {
    state.seenQuestions.set(questionId, node.position);
    return undefined;
  }
  const question = codebook.questions.get(questionId);
  const where = attributePosition(state.file, node, 'id');
  const sectionQuestions = typeof section === 'object' ? codebook.subcategories.get(section.id)?.questions ?? [] : [];
  if (!question) {
    const candidates = sectionQuestions.length > 0 ? sectionQuestions.map((entry) => entry.id) : [...codebook.questions.keys()];
    report(state.file, 'unknown-question', where, `The codebook has no question \`${questionId}\`.${didYouMean(questionId, candidates)} Use an id from codebook.yaml.`);
    return undefined;
  }
  if (typeof section === 'object' && question.subcategoryId !== section.id) {
    report(
      state.file,
      'unknown-question',
      where,
      `The question \`${questionId}\` belongs to the sub-category \`${question.subcategoryId}\`, not \`${section.id}\`. Move it under \`::subcategory{#${question.subcategoryId} …}\`.`,
    );
    return undefined;
  }
  if (state.category && question.categoryId !== state.category.id) {
    report(state.file, 'unknown-question', where, `The question \`${questionId}\` belongs to the category \`${question.categoryId}\`, not to this chapter's \`${state.category.id}\`.`);
    return undefined;
  }
  const first = state.seenQuestions.get(questionId);
  if (state.seenQuestions.has(questionId)) {
    const line = first?.start.line;
    report(state.file, 'duplicate-question', where, `The question \`${questionId}\` is answered twice in this chapter${line === undefined ? '' : ` (first on line ${line})`}. Keep one block and merge the text.`);
    return undefined;
  }
  state.seenQuestions.set(questionId, node.position);
  return question;
}

/**
 * The keys cited inside a block that could not be read (an unknown directive): they still count as
 * cited, so one typo doesn't also flag its references as unused, and unknown keys are still found.
 */
function collectKeysInside(state: ReadState, node: RootContent): void {
  visit(node, (child: RootContent) => {
    if (child.type === 'citation') {
      noteKeys(state, child);
    } else if (child.type === 'leafDirective' && child.name === 'citations') {
      readCitationKeys(state, child);
    }
  });
}

function collectInlineCitations(state: ReadState, blocks: readonly RootContent[]): void {
  for (const block of blocks) {
    visit(block, 'citation', (citation: Citation) => {
      state.inlineCitations.push(citation);
      noteKeys(state, citation);
    });
  }
}

/** Records each key of an in-text citation where it stands, for the unknown-key check. */
function noteKeys(state: ReadState, citation: Citation): void {
  for (const item of citation.items) state.keyUses.push({ key: item.key, position: item.position ?? citation.position });
}

/** Reads `::citations[@a; @b]`: each `;`-separated part must be one `@key`. */
function readCitationKeys(state: ReadState, node: Extract<RootContent, { type: 'leafDirective' }>): string[] {
  readAttributes(state.file, node, 'citations');
  visit(node, 'footnoteReference', (call) => {
    report(state.file, 'footnote-misplaced', call.position, `The footnote \`[^${call.label ?? call.identifier}]\` is called in a citation list, which holds only \`@key\`s. Call it in the assessment text instead.`);
  });
  const label = toString(node.children);
  const keys: string[] = [];
  const source = String(state.file.value);
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? source.length;
  let cursor = start;
  if (label.trim() === '') {
    report(state.file, 'citation-syntax', node.position, 'The citation list is empty. List the works as `::citations[@key1; @key2]`, or remove the line.');
    return keys;
  }
  for (const part of label.split(';')) {
    const trimmed = part.trim();
    const match = lonelyKeyPattern.exec(trimmed);
    const at = source.indexOf(trimmed, cursor);
    const inSpan = at >= 0 && at < end;
    const position = (inSpan ? spanAt(state.file, at, at + trimmed.length) : undefined) ?? node.position;
    if (inSpan) cursor = at + trimmed.length;
    if (!match?.[1]) {
      report(state.file, 'citation-syntax', position, `"${trimmed}" is not a citation key. Write each work as \`@key\`, separated by semicolons: \`::citations[@a; @b]\`.`);
      continue;
    }
    keys.push(match[1]);
    state.keyUses.push({ key: match[1], position });
  }
  return keys;
}

/** Reports unknown keys, then fills citations, citation lists and the reference list. */
function resolveCitations(state: ReadState): Set<string> {
  const { referenceIds, citations } = state.context;
  const known = new Set<string>();
  for (const use of state.keyUses) {
    if (referenceIds.has(use.key)) {
      known.add(use.key);
      continue;
    }
    report(
      state.file,
      'unknown-citation-key',
      use.position,
      `There is no reference \`${use.key}\` in references.yaml.${didYouMean(use.key, referenceIds)} Add the work to references.yaml or correct the key.`,
    );
  }
  if (known.size === 0) return known;

  const entries = citations.formatEntries([...known]);
  const entry = (key: string): BibliographyEntry => ({ type: 'bibliographyEntry', key, children: structuredClone(entries.get(key) ?? [{ type: 'text', value: key }]) });
  for (const { node, keys } of state.citationLists) {
    node.children = keys.filter((key) => known.has(key)).map(entry);
  }
  for (const citation of state.inlineCitations) {
    const items = citation.items.filter((item) => known.has(item.key));
    if (items.length > 0) citation.children = citations.formatCitation(items);
  }
  if (state.referenceList) state.referenceList.children = citations.sortIds([...known]).map(entry);
  return known;
}

/** Reported at the sub-category's marker, or at the front matter when the whole section is missing. */
function reportMissingQuestions(state: ReadState, category: CodebookCategory, fallback: Position | undefined): void {
  const sections = new Map<string, SubCategory>();
  for (const child of state.children) if (child.type === 'subCategory') sections.set(child.id, child);
  for (const subcategory of category.subcategories) {
    for (const question of subcategory.questions) {
      if (state.seenQuestions.has(question.id)) continue;
      report(
        state.file,
        'missing-question',
        sections.get(subcategory.id)?.position ?? fallback,
        `The chapter does not answer \`${question.id}\` ("${question.indicator}") of the sub-category \`${subcategory.id}\`. Add a \`:::question{#${question.id} score=…}\` block.`,
      );
    }
  }
}
