/**
 * A chapter as the DOCX was made from it (its base text, carried in the DOCX): compiled against the
 * source folder's codebook and references and presented, as the build did, so that the import knows
 * each block of prose (its place in the text, the containers it is in, its visible text) and each
 * locked paragraph's words and where they are made.
 */
import type { BlockContent, Blockquote, Code, List, ListItem, Nodes, Paragraph, ThematicBreak } from 'mdast';
import { VFile } from 'vfile';
import { compileChapter, type PreparedEdition } from '../build/compile.js';
import { hasErrors } from '../diagnostics/report.js';
import type { DocumentModel, Locked, Question, QuestionContent, Section, SectionContent } from '../document/model.js';
import { present } from '../present/present.js';
import { markReadable } from '../source/load.js';
import type { Theme } from '../theme/theme.js';
import type { ReportTree } from '../tree/types.js';
import { visibleText, type VisibleText } from './visible.js';

export type LeafBlock = Paragraph | Code | ThematicBreak;
export type Container = List | ListItem | Blockquote;

/** A leaf block of prose: what one paragraph of the DOCX shows. */
export interface BaseBlock {
  /** Its start in the chapter's text: its mark's id. */
  readonly offset: number;
  readonly node: LeafBlock;
  readonly from: number;
  readonly to: number;
  /** The lists, list items and block quotes it is in, outermost first. */
  readonly containers: readonly Container[];
  /** The block of the prose it belongs to (itself, or its outermost container). */
  readonly top: BlockContent;
  readonly visible: VisibleText;
}

/** One prose of the chapter: the key findings, or a question's assessment. */
export interface Region {
  readonly role: 'keyFindings' | 'assessment';
  /** The question's codebook id, for an assessment. */
  readonly question: string | undefined;
  readonly blocks: readonly BaseBlock[];
}

/** Locked words of the chapter, with what a change to them means. */
export interface LockInfo {
  readonly locked: Locked;
  /** For a bibliography entry of a question's citation list: the question (deleting the entry deletes its key there). */
  readonly citationsOf: string | undefined;
  /** A line of the chapter's own imprint, on its title page: a country report prints its own imprint instead. */
  readonly chapterImprint?: true;
}

export interface BaseChapter {
  /** The chapter's place in the DOCX (1, 2, …). */
  readonly chapter: number;
  readonly path: string;
  readonly text: string;
  readonly tree: ReportTree;
  readonly document: DocumentModel;
  readonly regions: readonly Region[];
  /** Locked words by id (the front matter's too, for the document's first chapter). */
  readonly locks: ReadonlyMap<string, LockInfo>;
}

/** The base text compiled and presented; a VFile with its problems when it does not compile. */
export function baseChapter(prepared: PreparedEdition, theme: Theme, chapter: number, path: string, text: string): BaseChapter | VFile {
  const file = new VFile({ path, value: text });
  markReadable(file, true);
  const compiled = compileChapter(prepared, { file, relativePath: path });
  if (!compiled.report || hasErrors(file)) return file;
  const tree: ReportTree = { type: 'root', children: [compiled.report] };
  const document = present(tree, theme);
  const regions: Region[] = [];
  const locks = new Map<string, LockInfo>();
  const lock = (locked: Locked | undefined, citationsOf?: string) => {
    if (locked) locks.set(locked.id, { locked, citationsOf });
  };
  for (const part of document.front) {
    if (part.kind !== 'titlePage') continue;
    lock(part.editionLocked);
    lock(part.imprintLocked);
    lock(part.title.locked);
    if (part.rank) lock(part.rank.locked);
    if (part.subtitle) lock(part.subtitle.locked);
    for (const line of part.details?.lines ?? []) locks.set(line.locked.id, { locked: line.locked, citationsOf: undefined, chapterImprint: true });
  }
  const sectionParts = (section: Section, question: string | undefined): void => {
    lock(section.heading.locked);
    lock(section.rank?.locked);
    for (const content of section.children) partsOf(content, question);
  };
  const partsOf = (content: SectionContent | QuestionContent, question: string | undefined): void => {
    switch (content.kind) {
      case 'prose':
        regions.push({ role: content.role, question, blocks: leafBlocks(content.children, text) });
        return;
      case 'bibliography':
        for (const entry of content.entries) lock(entry.locked, question);
        return;
      case 'question':
        questionParts(content);
        return;
      case 'section':
        sectionParts(content, question);
        return;
      case 'questionHead':
        for (const part of content.children) lock(part.locked);
        return;
      case 'rubric':
        lock(content.locked);
        for (const row of content.rows) lock(row.locked);
        return;
      case 'chart':
        // Its caption and its image: made of the chapter's scores and the theme's labels.
        lock(content.locked);
        return;
    }
  };
  const questionParts = (question: Question): void => {
    const id = 'id' in question.anchor ? question.anchor.id : undefined;
    for (const content of question.children) partsOf(content, id);
  };
  for (const { children } of document.chapters) for (const section of children) sectionParts(section, undefined);
  return { chapter, path, text, tree, document, regions, locks };
}

function offsetsOf(node: Nodes): { from: number; to: number } {
  return { from: node.position?.start.offset ?? 0, to: node.position?.end.offset ?? 0 };
}

/** The prose's leaf blocks in reading order, each with the containers it is in. */
function leafBlocks(children: readonly BlockContent[], text: string): BaseBlock[] {
  const blocks: BaseBlock[] = [];
  const walk = (nodes: readonly Nodes[], containers: readonly Container[], top: BlockContent | undefined): void => {
    for (const node of nodes) {
      const own = top ?? (node as BlockContent);
      if (node.type === 'paragraph' || node.type === 'code' || node.type === 'thematicBreak') {
        const { from, to } = offsetsOf(node);
        blocks.push({ offset: from, node, from, to, containers, top: own, visible: visibleText(node, text) });
      } else if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') {
        walk(node.children, [...containers, node], own);
      }
    }
  };
  walk(children, [], undefined);
  return blocks;
}
