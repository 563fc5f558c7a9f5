/**
 * The HTML edition's handlers: one per kind of the document model, turning it into hast, with the
 * elements and classes of the HTML vocabulary; and one per type of the Markdown inside it, for
 * mdast-util-to-hast (standard Markdown through its own handlers). Author content is sanitized again
 * on the way out, as defence in depth.
 */
import type { Element, ElementContent, Properties, Root as HastRoot } from 'hast';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import type { Nodes } from 'mdast';
import { defaultHandlers, type State } from 'mdast-util-to-hast';
import { handleModel, unrenderedHandlers, type ContentHandlers, type ModelHandlers } from '../../document/handlers.js';
import type { Anchor, Chart, ContentsEntry, ModelNode } from '../../document/model.js';
import { plainText } from '../../document/plain-text.js';
import { htmlIds, htmlPartId, htmlTarget, noteAnchor, noteCallAnchor } from '../../vocabulary/anchors.js';
import { htmlHeadings, htmlProse, htmlRankScopes, htmlRoles, htmlSections, type HtmlRole } from '../../vocabulary/html.js';
import { startsRightToLeft } from '../../vocabulary/scripts.js';
import { unformattedCitation, unrenderable, type RenderProblem } from '../problems.js';
import { chartSvg, type SvgElement } from '../chart-svg.js';
import type { Theme } from '../../theme/theme.js';

export type HastResult = HastRoot | ElementContent | ElementContent[] | undefined;

export interface HtmlState {
  /** Markdown (the author's, the codebook's, the bibliography's) as hast, through the content handlers. */
  readonly markdown: (nodes: readonly Nodes[]) => ElementContent[];
  /** The question being written, whose title names its rubric table. */
  readonly question: Anchor | undefined;
  /** The theme: a chart's colours and font. */
  readonly theme: Theme;
}

/** The chart's SVG as hast (its attributes as they are named in SVG). */
function svgHast(node: SvgElement): Element {
  return element(node.name, node.attributes, node.children.map((child) => (typeof child === 'string' ? text(child) : svgHast(child))));
}

/** A chart: a figure, its caption as text every edition shows, the SVG an image named by its alternative text, which states every number. */
export function chartFigure(node: Chart, theme: Theme): Element[] {
  return [role(htmlRoles.chart, { className: [htmlRoles.chart.className ?? '', `chart-${node.role}`] }, [role(htmlRoles.chartCaption, {}, [text(node.caption)]), svgHast(chartSvg(node, theme))], block)];
}

/** Author content may only be Markdown's safe subset: links to http(s) and mailto, no ids. */
const contentSchema: Schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.['span'] ?? []), ['className', htmlRoles.citation.className], 'lang'],
    p: [...(defaultSchema.attributes?.['p'] ?? []), ['dir', 'rtl']],
    li: [...(defaultSchema.attributes?.['li'] ?? []), ['dir', 'rtl']],
    sup: [...(defaultSchema.attributes?.['sup'] ?? []), ['className', htmlRoles.noteCall.className]],
  },
};


/**
 * A paragraph whose first strong letter is a right-to-left one reads right to left: `dir="rtl"`, as
 * the DOCX's w:bidi and the PDF's paragraph direction. Inside, the browser orders the words by the
 * bidirectional algorithm, as the PDF draws them; right-to-left words get no element of their own,
 * whose `dir` would isolate them (HTML's style sheet) and order them, and the numbers between them,
 * as the paragraph's direction runs ("… ونسبة 2024 من …" came out with 2024 on the wrong side).
 */
function paragraphWithDirection(state: State, node: Extract<Nodes, { type: 'paragraph' }>): HastResult {
  return withDirection(defaultHandlers.paragraph(state, node), plainText(node));
}

/** A list item, by its first paragraph's direction (a tight list's items hold their text directly). */
function listItemWithDirection(state: State, node: Extract<Nodes, { type: 'listItem' }>, parent: Parameters<typeof defaultHandlers.listItem>[2]): HastResult {
  const first = node.children[0];
  return withDirection(defaultHandlers.listItem(state, node, parent), first ? plainText(first) : '');
}

function withDirection(made: Element, text: string): Element {
  return startsRightToLeft(text) ? { ...made, properties: { ...made.properties, dir: 'rtl' } } : made;
}

/**
 * The sanitizer prefixes every id in author content (so that no text can take over a page's own
 * ids): a note links back to its calls by their ids as they come out.
 */
const contentIdPrefix = contentSchema.clobberPrefix ?? defaultSchema.clobberPrefix ?? '';

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

/** An element of a role: its tag, its class first. */
function role(of: HtmlRole, properties: Properties, children: ElementContent[], make = element): Element {
  return make(of.element, { ...(of.className ? { className: [of.className] } : {}), ...properties }, children);
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function sanitized(nodes: ElementContent[]): ElementContent[] {
  const root = sanitize({ type: 'root', children: nodes }, contentSchema);
  return root.type === 'root' ? (root.children as ElementContent[]) : [];
}

function one(state: HtmlState, node: ModelNode): ElementContent[] {
  return handleModel(htmlModel, state, node);
}

function all(state: HtmlState, nodes: readonly ModelNode[]): ElementContent[] {
  return nodes.flatMap((node) => one(state, node));
}

/** Level-1 entries, each with its level-2 entries nested. */
function contentsItems(entries: readonly ContentsEntry[]): ElementContent[] {
  const items: ElementContent[] = [];
  let nested: ElementContent[] = [];
  let top: ContentsEntry | undefined;
  const flush = (): void => {
    if (top) items.push(role(htmlRoles.contentsEntry, {}, [role(htmlRoles.link, { href: `#${htmlTarget(top.anchor)}` }, [text(top.title)]), ...(nested.length > 0 ? [role(htmlRoles.contentsList, {}, nested, block)] : [])]));
    nested = [];
  };
  for (const entry of entries) {
    if (entry.level === 2 && top) {
      nested.push(role(htmlRoles.contentsEntry, {}, [role(htmlRoles.link, { href: `#${htmlTarget(entry.anchor)}` }, [text(entry.title)])]));
      continue;
    }
    flush();
    top = entry;
  }
  flush();
  return items;
}

/** The handlers of the model's kinds. */
export const htmlModel: ModelHandlers<HtmlState, ElementContent[]> = {
  document(state, node) {
    const title = node.front.find((part) => part.kind === 'titlePage')?.title.anchor;
    return [role(htmlRoles.document, title ? { ariaLabelledBy: [htmlIds(title).heading] } : {}, [...all(state, node.front), ...all(state, node.chapters), ...all(state, node.parts ?? [])], block)];
  },
  titlePage(state, node) {
    // The imprint line (publisher and year) is in the layout's footer, on every page; the publication's details under the title.
    return [
      role(htmlRoles.titlePage, {}, [
        role(htmlRoles.edition, {}, [text(node.edition)]),
        ...one(state, node.title),
        ...(node.subtitle ? [role(htmlRoles.subtitle, {}, [text(node.subtitle.text)])] : []),
        ...(node.rank ? one(state, node.rank) : []),
        ...(node.details ? one(state, node.details) : []),
      ], block),
    ];
  },
  imprint(state, node) {
    return [role(htmlRoles.imprint, {}, all(state, node.lines), block)];
  },
  imprintLine(state, node) {
    // Edition metadata and a formatted citation: sanitized as references are.
    return [role(htmlRoles.imprintLine, { className: [`imprint-${node.field}`] }, [role(htmlRoles.imprintLabel, {}, [text(node.label)]), role(htmlRoles.imprintValue, {}, sanitized(state.markdown(node.children)))], block)];
  },
  contents(state, node) {
    const heading = node.heading.anchor ? htmlIds(node.heading.anchor).heading : undefined;
    return [role(htmlRoles.contents, heading ? { ariaLabelledBy: [heading] } : {}, [...one(state, node.heading), role(htmlRoles.contentsList, {}, contentsItems(node.entries), block)], block)];
  },
  chapter(state, node) {
    return [...(node.opening ? one(state, node.opening.titlePage) : []), ...all(state, node.children), ...(node.notes ? one(state, node.notes) : [])];
  },
  notes(state, node) {
    const heading = htmlIds(node.heading.anchor ?? { kind: 'notes' }).heading;
    return [role(htmlRoles.notes, { ariaLabelledBy: [heading] }, [...one(state, node.heading), role(htmlRoles.noteList, {}, all(state, node.children), block)], block)];
  },
  note(state, node) {
    // Back to each call: "↩" (numbered for a note called more than once), named in words for screen readers.
    const backlinks = Array.from({ length: node.calls }, (_unused, index): ElementContent[] => {
      const numbered = node.calls > 1;
      const mark: ElementContent[] = [element('span', { ariaHidden: 'true' }, [text('↩'), ...(numbered ? [element('sup', {}, [text(String(index + 1))])] : [])])];
      const words = role(htmlRoles.promptLabel, {}, [text(numbered ? `Back to call ${String(index + 1)} in the text` : 'Back to the text')]);
      return [text(' '), role(htmlRoles.noteBacklink, { href: `#${contentIdPrefix}${noteCallAnchor(node.number, index + 1)}` }, [...mark, words])];
    }).flat();
    const blocks = sanitized(state.markdown(node.children));
    // The links go at the end of the note's last paragraph, as readers of web footnotes expect them.
    const last = blocks.findLastIndex((child) => child.type === 'element' && child.tagName === 'p');
    const lastBlock = blocks[last];
    const content = lastBlock?.type === 'element' ? blocks.map((child, index) => (index === last ? { ...lastBlock, children: [...lastBlock.children, ...backlinks] } : child)) : [...blocks, element('p', {}, backlinks)];
    return [role(htmlRoles.note, { id: noteAnchor(node.number) }, content, block)];
  },
  section(state, node) {
    const ids = node.anchor && htmlIds(node.anchor);
    const properties: Properties = { ...(ids?.section ? { id: ids.section } : {}), ...(ids ? { ariaLabelledBy: [ids.heading] } : {}) };
    return [role(htmlSections[node.role], properties, [...one(state, node.heading), ...(node.rank ? one(state, node.rank) : []), ...all(state, node.children)], block)];
  },
  heading(state, node) {
    return [role(htmlHeadings[node.role], node.anchor ? { id: htmlIds(node.anchor).heading } : {}, state.markdown(node.children))];
  },
  rank(_state, node) {
    return [element(htmlRoles.rank.element, { className: [htmlRoles.rank.className, htmlRankScopes[node.scope]] }, [role(htmlRoles.rankValue, {}, [text(node.text)])])];
  },
  question(state, node) {
    const ids = htmlIds(node.anchor);
    return [role(htmlRoles.question, { ...(ids.section ? { id: ids.section } : {}), ariaLabelledBy: [ids.heading] }, all({ ...state, question: node.anchor }, node.children), block)];
  },
  questionHead(state, node) {
    return [role(htmlRoles.questionHead, {}, all(state, node.children), block)];
  },
  score(_state, node) {
    return [role(htmlRoles.score, {}, [role(htmlRoles.scoreLabel, {}, [text(node.label)]), text(' '), role(htmlRoles.scoreValue, {}, [text(node.value)])])];
  },
  prompt(state, node) {
    return [role(htmlRoles.prompt, {}, [role(htmlRoles.promptLabel, {}, [text(node.label)]), ...state.markdown(node.children)])];
  },
  rubric(state, node) {
    // Every question's table has the same caption; its name adds the question's title, so that a
    // screen reader's list of the page's tables tells them apart (no text is added).
    const question = state.question && 'id' in state.question ? state.question : undefined;
    const caption = question ? htmlPartId(question, 'rubric') : undefined;
    const rows = node.rows.map((row) => {
      const description = state.markdown(row.children);
      if (row.note !== undefined) description.push(text(' '), role(htmlRoles.bandMarker, {}, [text(row.note)]));
      return block('tr', row.selected ? { className: [htmlRoles.selectedRow.className] } : {}, [element('th', { scope: 'row' }, [text(row.scores)]), element('td', {}, description)]);
    });
    return [
      role(htmlRoles.rubric, question && caption ? { ariaLabelledBy: [caption, htmlIds(question).heading] } : {}, [
        element('caption', caption ? { id: caption } : {}, [text(node.caption)]),
        block('thead', {}, [
          block('tr', {}, [
            element(htmlRoles.rubricScoresHead.element, { scope: 'col', className: [htmlRoles.rubricScoresHead.className] }, [text(node.columns.scores)]),
            element('th', { scope: 'col' }, [text(node.columns.description)]),
          ]),
        ]),
        block('tbody', {}, rows),
      ], block),
    ];
  },
  part(state, node) {
    const heading = node.heading.anchor ? htmlIds(node.heading.anchor).heading : undefined;
    return [role(htmlRoles.part, heading ? { ariaLabelledBy: [heading] } : {}, [...one(state, node.heading), ...all(state, node.children)], block)];
  },
  table(_state, node) {
    const cell = (value: string, column: number, name: 'th' | 'td', scope?: 'col' | 'row') => element(name, { ...(scope ? { scope } : {}), ...(column > 0 && node.numeric[column] ? { className: ['number'] } : {}) }, [text(value)]);
    return [
      role(htmlRoles.dataTable, {}, [
        element('caption', {}, [text(node.caption)]),
        block('thead', {}, [block('tr', {}, node.columns.map((name, column) => cell(name, column, 'th', 'col')))]),
        block('tbody', {}, node.rows.map((row) => block('tr', {}, row.map((value, column) => (column === 0 ? cell(value, column, 'th', 'row') : cell(value, column, 'td')))))),
      ], block),
    ];
  },
  chart(state, node) {
    return chartFigure(node, state.theme);
  },
  prose(state, node) {
    const blocks = sanitized(state.markdown(node.children));
    const wrapper = htmlProse[node.role];
    return wrapper ? [role(wrapper, {}, blocks, block)] : blocks;
  },
  bibliography(state, node) {
    // Entries come from references.yaml, so they get the same sanitizing as author content.
    return [role(htmlRoles.bibliography, {}, node.entries.map((entry) => role(htmlRoles.bibliographyEntry, entry.anchor ? { id: htmlTarget(entry.anchor) } : {}, sanitized(state.markdown(entry.children)))), block)];
  },
};

/** The handlers of the Markdown inside the model, for mdast-util-to-hast. */
export function createHtmlContent(report: (problem: RenderProblem) => void): ContentHandlers<State, HastResult> {
  const cannot = (_state: State, node: Nodes): HastResult => {
    report(unrenderable('HTML', node));
    return undefined;
  };
  return {
    // Standard Markdown: mdast-util-to-hast's handlers.
    paragraph: paragraphWithDirection,
    text: defaultHandlers.text,
    emphasis: defaultHandlers.emphasis,
    strong: defaultHandlers.strong,
    inlineCode: defaultHandlers.inlineCode,
    break: defaultHandlers.break,
    link: defaultHandlers.link,
    list: defaultHandlers.list,
    listItem: listItemWithDirection,
    blockquote: defaultHandlers.blockquote,
    code: defaultHandlers.code,
    thematicBreak: defaultHandlers.thematicBreak,

    // Never in a report tree: reported, not dropped silently.
    ...unrenderedHandlers(cannot),

    citation(state, node) {
      if (node.children.length === 0) {
        report(unformattedCitation('HTML', node));
        return undefined;
      }
      return role(htmlRoles.citation, {}, state.all(node));
    },
    citedWork(state, node) {
      // A work's words in a citation, linked to its entry in the reference list (where the presentation step decided).
      return node.entry ? role(htmlRoles.link, { href: `#${htmlTarget(node.entry)}` }, state.all(node)) : state.all(node);
    },
    languageSpan(state, node) {
      return role(htmlRoles.languageSpan, { lang: node.lang }, state.all(node));
    },
    noteCall(_state, node) {
      const label = String(node.number);
      return role(htmlRoles.noteCall, {}, [role(htmlRoles.link, { href: `#${noteAnchor(node.number)}`, id: noteCallAnchor(node.number, node.occurrence), ariaLabel: `Note ${label}` }, [text(label)])]);
    },
  };
}
