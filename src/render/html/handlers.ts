/**
 * The HTML edition's handlers: one per node type, turning the report tree into hast for
 * remark-rehype. Standard Markdown uses mdast-util-to-hast's own handlers; author content is
 * sanitized again on the way out, as defence in depth.
 */
import type { Element, ElementContent, Properties, Root as HastRoot } from 'hast';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import type { Nodes } from 'mdast';
import { defaultHandlers, type State } from 'mdast-util-to-hast';
import type { Theme } from '../../theme/theme.js';
import { plainText } from '../../document/plain-text.js';
import type { BibliographyEntry, Report } from '../../tree/types.js';
import { unrenderable, unrenderedHandlers, type HandlerTable, type RenderProblem } from '../handlers.js';
import { bandScores, categoryRank, chapterTitle, questionLabel, scoreValue, selectedBandNote, subcategoryRank } from '../../theme/wording.js';

export type HastResult = HastRoot | ElementContent | ElementContent[] | undefined;

export interface HtmlRenderContext {
  readonly theme: Theme;
  /** Where to record what the renderer met but could not draw (one list per chapter). */
  readonly report: (problem: RenderProblem) => void;
}

/** Author content may only be Markdown's safe subset: links to http(s) and mailto, no ids. */
const contentSchema: Schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.['span'] ?? []), ['className', 'citation']],
  },
};

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

/** A block element whose children go on lines of their own, so the HTML reads well as text. */
function block(tagName: string, properties: Properties, children: ElementContent[]): Element {
  const lines: ElementContent[] = [{ type: 'text', value: '\n' }];
  for (const child of children) {
    if (child.type === 'text' && child.value === '\n') continue;
    lines.push(child, { type: 'text', value: '\n' });
  }
  return element(tagName, properties, lines);
}

/** The ids of the page's own parts (codebook ids are prefixed, so none can clash with these). */
const pageId = { reportTitle: 'report-title', contentsTitle: 'contents-title', keyFindings: 'key-findings', references: 'references' } as const;

/**
 * Ids of a section's parts: the section's id, `--`, the part. A codebook id has no `--`, so a
 * part's id never equals another section's (`question-x--title` is not a question "x-title").
 */
function sectionId(kind: 'subcategory' | 'question', id: string, part?: 'title' | 'rubric'): string {
  return part === undefined ? `${kind}-${id}` : `${kind}-${id}--${part}`;
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/** Children of a node, converted with the table's handlers. */
function all(state: State, node: Nodes): ElementContent[] {
  return state.all(node);
}

function sanitized(nodes: ElementContent[]): ElementContent[] {
  const root = sanitize({ type: 'root', children: nodes }, contentSchema);
  return root.type === 'root' ? (root.children as ElementContent[]) : [];
}

/** Entries come from references.yaml, so they get the same sanitizing as author content. */
function bibliographyList(state: State, entries: readonly BibliographyEntry[]): Element {
  return block(
    'ul',
    { className: ['bibliography'] },
    entries.map((entry) => element('li', { className: ['csl-entry'] }, sanitized(all(state, entry)))),
  );
}

/**
 * The contents list, as the PDF and DOCX editions have one: links to the key findings, each
 * sub-category and its questions (by their indicators), and the references. The agreement check
 * reads its entries apart from the text, as it does theirs: they repeat the headings.
 */
function contentsList(theme: Theme, report: Report): Element {
  const entry = (href: string, title: string, nested: ElementContent[] = []): ElementContent =>
    element('li', {}, [element('a', { href }, [text(title)]), ...(nested.length > 0 ? [block('ol', {}, nested)] : [])]);
  const entries: ElementContent[] = [];
  for (const child of report.children) {
    if (child.type === 'keyFindings') entries.push(entry(`#${pageId.keyFindings}`, theme.labels.keyFindings));
    else if (child.type === 'subCategory') {
      const questions = child.children.map((question) => {
        const indicator = question.children.find((part) => part.type === 'indicator');
        return entry(`#${sectionId('question', question.id)}`, indicator ? plainText(indicator) : question.id);
      });
      entries.push(entry(`#${sectionId('subcategory', child.id)}`, child.title, questions));
    } else if (child.type === 'referenceList') entries.push(entry(`#${pageId.references}`, theme.labels.references));
  }
  return block('nav', { className: ['contents'], ariaLabelledBy: [pageId.contentsTitle] }, [element('h2', { id: pageId.contentsTitle }, [text(theme.labels.contents)]), block('ol', {}, entries)]);
}

export function createHtmlHandlers(context: HtmlRenderContext): HandlerTable<State, HastResult> {
  const { theme } = context;
  const cannot = (_state: State, node: Nodes): HastResult => {
    context.report(unrenderable('HTML', node));
    return undefined;
  };

  return {
    // Standard Markdown: mdast-util-to-hast's handlers.
    root: defaultHandlers.root,
    paragraph: defaultHandlers.paragraph,
    text: defaultHandlers.text,
    emphasis: defaultHandlers.emphasis,
    strong: defaultHandlers.strong,
    inlineCode: defaultHandlers.inlineCode,
    break: defaultHandlers.break,
    link: defaultHandlers.link,
    list: defaultHandlers.list,
    listItem: defaultHandlers.listItem,
    blockquote: defaultHandlers.blockquote,
    code: defaultHandlers.code,
    thematicBreak: defaultHandlers.thematicBreak,

    // Never in a report tree: reported, not dropped silently.
    ...unrenderedHandlers(cannot),

    // The report.
    report(state, node) {
      const title = chapterTitle(theme, node);
      return block('article', { className: ['report'], ariaLabelledBy: [pageId.reportTitle] }, [
        block('header', { className: ['report-header'] }, [
          element('p', { className: ['report-edition'] }, [text(node.edition.title)]),
          element('h1', { id: pageId.reportTitle }, [text(title)]),
          element('p', { className: ['rank', 'rank-category'] }, [
            element('span', { className: ['rank-value'] }, [text(categoryRank(theme, node))]),
          ]),
        ]),
        contentsList(theme, node),
        ...all(state, node),
      ]);
    },
    keyFindings(state, node) {
      return block('section', { className: ['key-findings'], ariaLabelledBy: [pageId.keyFindings] }, [
        element('h2', { id: pageId.keyFindings }, [text(theme.labels.keyFindings)]),
        ...sanitized(state.wrap(all(state, node), true)),
      ]);
    },
    subCategory(state, node) {
      // Codebook ids are prefixed, so no id can clash with the page's own (main, key-findings, …).
      const headingId = sectionId('subcategory', node.id, 'title');
      return block('section', { className: ['subcategory'], id: sectionId('subcategory', node.id), ariaLabelledBy: [headingId] }, [
        element('h2', { id: headingId }, [text(node.title)]),
        element('p', { className: ['rank', 'rank-subcategory'] }, [
          element('span', { className: ['rank-value'] }, [text(subcategoryRank(theme, node))]),
        ]),
        ...all(state, node),
      ]);
    },
    question(state, node) {
      // The indicator, score and question text form the question's head, kept together in print.
      const head: ElementContent[] = [];
      const body: ElementContent[] = [];
      for (const child of node.children) {
        const rendered = state.one(child, node);
        const list = rendered === undefined ? [] : Array.isArray(rendered) ? rendered : [rendered];
        (child.type === 'indicator' || child.type === 'score' || child.type === 'questionText' ? head : body).push(...list);
      }
      return block('section', { className: ['question'], id: sectionId('question', node.id), ariaLabelledBy: [sectionId('question', node.id, 'title')] }, [
        block('header', { className: ['question-head'] }, head),
        ...body,
      ]);
    },
    indicator(state, node, parent) {
      const id = parent?.type === 'question' ? { id: sectionId('question', parent.id, 'title') } : {};
      return element('h3', { className: ['indicator'], ...id }, all(state, node));
    },
    score(_state, node) {
      return element('p', { className: ['score'] }, [
        element('span', { className: ['score-label'] }, [text(theme.labels.score)]),
        text(' '),
        element('span', { className: ['score-value'] }, [text(scoreValue(theme, node))]),
      ]);
    },
    questionText(state, node) {
      return element('p', { className: ['question-text'] }, [
        element('span', { className: ['visually-hidden'] }, [text(questionLabel(theme))]),
        ...all(state, node),
      ]);
    },
    rubric(state, node, parent) {
      // Every question's table has the same caption; its name adds the question's indicator, so
      // that a screen reader's list of the page's tables tells them apart (no text is added).
      const named =
        parent?.type === 'question'
          ? { table: { ariaLabelledBy: [sectionId('question', parent.id, 'rubric'), sectionId('question', parent.id, 'title')] }, caption: { id: sectionId('question', parent.id, 'rubric') } }
          : { table: {}, caption: {} };
      return block('table', { className: ['rubric'], ...named.table }, [
        element('caption', named.caption, [text(theme.labels.rubricCaption)]),
        block('thead', {}, [
          block('tr', {}, [
            element('th', { scope: 'col', className: ['rubric-scores'] }, [text(theme.labels.rubricScores)]),
            element('th', { scope: 'col' }, [text(theme.labels.rubricDescription)]),
          ]),
        ]),
        block('tbody', {}, all(state, node)),
      ]);
    },
    rubricBand(state, node, parent) {
      const description = all(state, node);
      if (node.selected && parent?.type === 'rubric') {
        // Marked in words as well as colour, for readers who can't see the highlight.
        description.push(text(' '), element('strong', { className: ['band-marker'] }, [text(selectedBandNote(theme, parent.score))]));
      }
      return block('tr', node.selected ? { className: ['selected'] } : {}, [
        element('th', { scope: 'row' }, [text(bandScores(node))]),
        element('td', {}, description),
      ]);
    },
    assessment(state, node) {
      return block('div', { className: ['assessment'] }, sanitized(state.wrap(all(state, node), true)));
    },
    citationList(state, node) {
      // A plain block, not a landmark: every question has one, and landmarks need unique names.
      return block('div', { className: ['citations'] }, [
        element('h4', {}, [text(theme.labels.citations)]),
        bibliographyList(state, node.children),
      ]);
    },
    referenceList(state, node) {
      return block('section', { className: ['references'], ariaLabelledBy: [pageId.references] }, [
        element('h2', { id: pageId.references }, [text(theme.labels.references)]),
        bibliographyList(state, node.children),
      ]);
    },
    bibliographyEntry(state, node) {
      return all(state, node);
    },
    citation(state, node) {
      if (node.children.length === 0) {
        context.report({ format: 'HTML', nodeType: node.type, position: node.position, reason: 'A citation reached the HTML renderer unformatted; it would be missing from the HTML edition.' });
        return undefined;
      }
      return element('span', { className: ['citation'] }, all(state, node));
    },
  };
}
