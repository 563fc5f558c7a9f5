/**
 * `rubricpress import`: an edited DOCX that rubricpress wrote, back into the chapters' Markdown.
 *
 * The DOCX says which chapters it holds (their paths, the SHA-256 of the text each was built from,
 * and that text) and marks every paragraph with what it is (a block of a chapter's prose, or locked
 * words). Each chapter's base text is compiled and presented as the build did; the DOCX's
 * paragraphs (with their tracked changes accepted, or with `pending` rejected) are given to the
 * prose they stand in; each prose's words are compared with the base's and turned into edits of the
 * Markdown (region.ts). Edits of locked words are reported where those words are made, never
 * applied. The result is compiled again, so that a change the source cannot hold is reported
 * before anything is written. Nothing here writes: the command writes what this returns.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import { compileChapter, prepareEdition, type PreparedEdition } from '../build/compile.js';
import { hasErrors, report, type Place } from '../diagnostics/report.js';
import { isReadable, markReadable, maxChapterBytes, maxChapters, maxChaptersBytes, readSourceFolder, type SourceFile, type SourceFolder } from '../source/load.js';
import { parseYaml, positionAt } from '../source/yaml.js';
import { loadTemplates } from '../theme/load-templates.js';
import { textFingerprint } from '../vocabulary/anchors.js';
import { decodeChapterText, joinPropertyParts, roundTripFormat, roundTripProperties } from '../vocabulary/docx.js';
import { baseChapter, type BaseChapter, type LockInfo, type Region } from './base.js';
import { DocxReadError, readEditedDocx, type DocxComment, type EditedDocx } from './docx.js';
import { applyEdits, mergeEdits, type Applied } from './merge.js';
import { regionEdits, type CitationText, type RegionResult, type SourceEdit } from './region.js';
import { viewParagraphs, type PlacedChange, type ViewParagraph } from './views.js';

export interface ImportOptions {
  /** The edited DOCX's bytes, and its path as messages show it. */
  readonly docx: Uint8Array;
  readonly docxPath: string;
  readonly sourceDir: string;
  readonly templatesDir: string;
  /** Apply nothing that is still a tracked change, and list each. */
  readonly pending: boolean;
  /** Merge three ways when a chapter changed since the DOCX was built. */
  readonly force: boolean;
}

/** A source file the import changes. */
export interface ImportedFile {
  readonly absolutePath: string;
  /** Relative to the source folder: `chapters/japan/coordination.md`. */
  readonly relativePath: string;
  /** As messages show it. */
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** A line of the import's listing: a comment or a tracked change, at its place in the source. */
export interface ListedNote {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

export interface ImportResult {
  /** No errors: the changes may be written. */
  readonly ok: boolean;
  /** The files with diagnostics (the DOCX, the source files). */
  readonly files: readonly VFile[];
  readonly changed: readonly ImportedFile[];
  readonly comments: readonly ListedNote[];
  /** Tracked changes: applied (by default) or left as they are (`pending`). */
  readonly trackedChanges: readonly ListedNote[];
}


export async function importDocx(options: ImportOptions): Promise<ImportResult> {
  const docxFile = new VFile({ path: options.docxPath });
  const failed = (files: readonly VFile[]): ImportResult => ({ ok: false, files, changed: [], comments: [], trackedChanges: [] });
  let docx: EditedDocx;
  try {
    docx = readEditedDocx(options.docx);
  } catch (error) {
    if (!(error instanceof DocxReadError)) throw error;
    report(docxFile, 'import-unreadable', undefined, `${options.docxPath} cannot be read: ${error.message}. Give the .docx file an editor saved.`);
    return failed([docxFile]);
  }
  const chapters = chaptersOf(docx, docxFile, options.docxPath);
  if (!chapters) return failed([docxFile]);

  const [loaded, source] = await Promise.all([loadTemplates(options.templatesDir, { fonts: false }), readSourceFolder(options.sourceDir)]);
  const templates = loaded.templates;
  if (!templates) return failed([docxFile, ...loaded.files]);
  const prepared = prepareEdition(source, templates);
  if (!prepared.codebook || hasErrors(source.folderFile)) return failed([docxFile, ...prepared.files]);
  const themeFile = loaded.files[0];
  const places = new Places(source, prepared, themeFile);

  // Each chapter of the DOCX: its file now, and its base (the text the DOCX was built from).
  const bases: ChapterState[] = [];
  for (const chapter of chapters) {
    const file = source.chapters.find((entry) => entry.relativePath === chapter.path);
    if (!isReadable(file)) {
      report(source.folderFile, 'import-chapter-missing', undefined, `${options.docxPath} was built from ${chapter.path}, which the source folder ${source.folderFile.path} does not have${file ? ' as readable text' : ''}. Import into the source folder it was built from, or restore the chapter.`);
      continue;
    }
    const current = String(file.file.value);
    if (sha256(current) !== chapter.sha256 && !options.force) {
      report(file.file, 'import-source-changed', { line: 1, column: 1 }, `This chapter changed since ${options.docxPath} was built from it. Build the DOCX again and make the edits there, or import with --force to merge the DOCX's edits into the chapter as it is now (edits where both changed are reported, not applied).`);
      continue;
    }
    const base = baseChapter(prepared, templates.theme, chapter.number, chapter.path, chapter.text);
    if (base instanceof VFile) {
      const first = base.messages.find((message) => message.fatal === true);
      report(file.file, 'import-damaged', { line: 1, column: 1 }, `The chapter text ${options.docxPath} was built from no longer compiles against this source folder${first ? ` (${first.reason})` : ''}. Build the DOCX again from the source as it is and make the edits there.`);
      continue;
    }
    bases.push({ base, file, current, edits: [] });
  }
  const sourceFiles = [docxFile, ...prepared.files, ...(themeFile ? [themeFile] : [])];
  if (bases.length !== chapters.length) return failed(sourceFiles);

  const view = viewParagraphs(docx.paragraphs, options.pending ? 'original' : 'accepted');
  const assigned = assignParagraphs(view, bases);
  const noteDrafts: NoteDraft[] = [];
  const citations: CitationText[] = bases.flatMap(({ base }) => base.regions.flatMap((region) => region.blocks.flatMap((block) => block.visible.atoms.filter((atom) => atom.kind === 'citation').map((atom) => ({ text: block.visible.text.slice(atom.start, atom.end), source: base.text.slice(atom.from, atom.to) })))));

  // The prose: each region's paragraphs compared with its base.
  const whereIs = new Map<ViewParagraph, (index: number) => { state: ChapterState; offset: number } | undefined>();
  for (const state of bases) {
    state.base.regions.forEach((region, regionIndex) => {
      const paragraphs = (assigned.regions.get(regionKey(state.base.chapter, regionIndex)) ?? []).filter((paragraph) => paragraph.text.trim() !== '');
      const shown = paragraphs.map((paragraph) => unchangedAsBase(paragraph, region.blocks));
      const result: RegionResult = regionEdits(region, shown, state.base.text, citations);
      state.edits.push(...result.edits);
      for (const tampering of result.tamperings) {
        const key = tampering.keys[0];
        const at = key === undefined ? undefined : places.reference(key);
        report(
          at?.file ?? state.file.file,
          'import-protected-edit',
          at?.place,
          `An edit of the citation of ${tampering.keys.map((citationKey) => `\`${citationKey}\``).join('; ')} in the DOCX ("${excerpt(tampering.words)}") is not applied: the citation style makes its words from references.yaml. Correct the reference here, or the citation's key in ${state.file.relativePath}.`,
        );
      }
      paragraphs.forEach((paragraph, index) => whereIs.set(paragraph, (at) => ({ state, offset: result.sourceOffsetOf(index, at) })));
    });
  }

  // Locked words: changed ones reported where they are made; a deleted entry of a question's citation list deletes its key.
  for (const { paragraph, chapter, id, fingerprint } of assigned.locks) {
    const state = bases.find((candidate) => candidate.base.chapter === Math.max(chapter, 1));
    const info = state?.base.locks.get(id);
    if (!state || !info) continue;
    if (textFingerprint(paragraph.text) === fingerprint) continue;
    const place = places.ofLock(info, state);
    report(place.file, 'import-protected-edit', place.place, `${capitalised(info.locked.what)} was changed in the DOCX ("${excerpt(paragraph.text)}"); that is not applied. ${place.advice}`);
  }
  // A country report: its chapters open with their own titles (marked in the chapter, not the front
  // matter), and it prints one imprint of its own, not each chapter's.
  const book = assigned.lockIds.has('1:tt');
  for (const state of bases) {
    for (const [id, info] of state.base.locks) {
      // The front matter's words (the edition's title, the publisher) stand once, for the first chapter or for every chapter of a book.
      if (assigned.lockIds.has(`${String(state.base.chapter)}:${id}`) || ((state.base.chapter === 1 || book) && assigned.lockIds.has(`0:${id}`))) continue;
      if (book && info.chapterImprint) continue;
      const deletion = info.citationsOf === undefined || info.locked.made.kind !== 'reference' ? undefined : citationKeyDeletion(state.base, info.citationsOf, info.locked.made.key);
      if (deletion) {
        state.edits.push(deletion);
        continue;
      }
      const place = places.ofLock(info, state);
      report(place.file, 'import-protected-edit', place.place, `${capitalised(info.locked.what)} was deleted in the DOCX; that is not applied. ${place.advice}`);
    }
  }
  for (const orphan of assigned.unplaced) {
    const state = orphan.after ?? bases[0];
    if (!state) continue;
    noteDrafts.push({ kind: 'unplaced', state, offset: orphan.offset, paragraph: orphan.paragraph });
  }

  // The edits applied (three ways where the chapter changed since), and the results checked.
  const changed: ImportedFile[] = [];
  const files: VFile[] = [...sourceFiles];
  for (const state of bases) {
    const edited = applyEdits(state.base.text, state.edits);
    let result: Applied = edited;
    if (state.current !== state.base.text) {
      const merged = mergeEdits(state.base.text, state.current, state.edits);
      result = { text: merged.text, map: (offset) => merged.map(offset) };
      for (const conflict of merged.conflicts) {
        report(state.file.file, 'import-conflict', pointIn(state.current, mergedPlace(state.base.text, state.current, conflict.from)), `The DOCX changes this place ("${excerpt(state.base.text.slice(conflict.from, conflict.to))}" → "${excerpt(conflict.text)}"), and so did the chapter since the DOCX was built; the DOCX's change is not applied. Make it here by hand if it still holds.`);
      }
    } else {
      for (const skipped of edited.skipped) report(state.file.file, 'import-conflict', pointIn(state.base.text, skipped.from), `Two changes of the DOCX meet here; "${excerpt(skipped.text)}" is not applied. Make it here by hand if it still holds.`);
    }
    state.result = result;
    if (result.text === state.current) continue;
    const check = new VFile({ path: state.file.file.path, value: result.text });
    markReadable(check, true);
    compileChapter(prepared, { file: check, relativePath: state.base.path });
    if (hasErrors(check)) {
      for (const message of check.messages) if (message.fatal === true) message.reason = `After the import: ${message.reason}`;
      files.push(check);
      continue;
    }
    changed.push({ absolutePath: path.join(options.sourceDir, ...state.base.path.split('/')), relativePath: state.base.path, path: state.file.file.path ?? state.base.path, before: state.current, after: restoreLineEndings(result.text, state.current) });
  }

  // Comments and tracked changes, at their places in the chapters as the import leaves them.
  const comments = listComments(docx.comments, view, whereIs, assigned, places, bases);
  const trackedChanges = listChanges(view, whereIs, options.pending);
  for (const draft of noteDrafts) {
    const state = draft.state;
    const offset = state.result?.map(draft.offset) ?? draft.offset;
    report(state.file.file, 'import-unplaced-text', pointIn(state.result?.text ?? state.current, offset), `Text was added in the DOCX where no prose of the chapter stands ("${excerpt(draft.paragraph.text)}"); it is not applied. Add it to the key findings or an assessment here, or where it belongs.`);
  }
  const ok = !files.some((file) => file.messages.some((message) => message.fatal === true));
  return { ok, files, changed: ok ? changed : [], comments, trackedChanges };
}

/** A chapter being imported: its base, its file, its text now, the edits found, and the result. */
interface ChapterState {
  readonly base: BaseChapter;
  readonly file: SourceFile;
  readonly current: string;
  readonly edits: SourceEdit[];
  result?: Applied;
}

interface DocxChapter {
  readonly number: number;
  readonly path: string;
  readonly sha256: string;
  readonly text: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The chapters the DOCX holds, from its properties; undefined (reported) when it holds none, or they are damaged. */
function chaptersOf(docx: EditedDocx, file: VFile, shown: string): DocxChapter[] | undefined {
  const { properties } = docx;
  const format = properties.get(roundTripProperties.format);
  if (format === undefined) {
    report(file, 'import-not-rubricpress', undefined, `${shown} carries no rubricpress round-trip data: rubricpress did not write it (or an older version did, or its custom properties were removed). Only a DOCX that rubricpress built, edited in Word or LibreOffice, can be imported.`);
    return undefined;
  }
  if (format !== roundTripFormat) {
    report(file, 'import-damaged', undefined, `${shown} carries round-trip data of format ${format}, which this rubricpress (format ${roundTripFormat}) does not read. Import it with the version of rubricpress that built it, or build the DOCX again.`);
    return undefined;
  }
  const count = Number(properties.get(roundTripProperties.chapters));
  if (count > maxChapters) {
    report(file, 'import-damaged', undefined, `${shown} names ${String(count)} chapters in its round-trip data; an edition has at most ${String(maxChapters)}. Build the DOCX again and make the edits there.`);
    return undefined;
  }
  const chapters: DocxChapter[] = [];
  // The chapters' texts together are bounded as a source folder's are: a bound per chapter alone
  // would let thousands of small deflate bombs inflate a megabyte each.
  let budget = maxChaptersBytes;
  for (let number = 1; Number.isInteger(count) && number <= count; number += 1) {
    const chapterPath = joinPropertyParts(roundTripProperties.chapterPath(number), properties);
    const digest = joinPropertyParts(roundTripProperties.chapterSha256(number), properties);
    const encoded = joinPropertyParts(roundTripProperties.chapterText(number), properties);
    if (encoded !== undefined && budget <= 0) {
      report(file, 'import-damaged', undefined, `The round-trip data of ${shown} holds more than ${String(maxChaptersBytes / 1_000_000)} MB of chapter text in all, more than a source folder may have. Build the DOCX again and make the edits there.`);
      return undefined;
    }
    const text = encoded === undefined ? undefined : decodeChapterText(encoded, Math.min(maxChapterBytes, budget));
    // The text's UTF-8 bytes, near enough to what was inflated (a byte order mark is dropped, a broken sequence counted as three).
    budget -= text === undefined ? 0 : Buffer.byteLength(text);
    if (chapterPath === undefined || digest === undefined || text === undefined || sha256(text) !== digest) {
      report(file, 'import-damaged', undefined, `The round-trip data of chapter ${String(number)}${chapterPath ? ` (${chapterPath})` : ''} in ${shown} is incomplete or altered (a custom property was cut or changed). Build the DOCX again and make the edits there.`);
      return undefined;
    }
    chapters.push({ number, path: chapterPath, sha256: digest, text });
  }
  if (chapters.length === 0) {
    report(file, 'import-damaged', undefined, `${shown} names no chapter in its round-trip data. Build the DOCX again and make the edits there.`);
    return undefined;
  }
  return chapters;
}

function regionKey(chapter: number, region: number): string {
  return `${String(chapter)}:${String(region)}`;
}

/** Paragraphs given to the proses they stand in, locked paragraphs, and text that stands where no prose does. */
interface Assignment {
  readonly regions: Map<string, ViewParagraph[]>;
  readonly locks: { readonly paragraph: ViewParagraph; readonly chapter: number; readonly id: string; readonly fingerprint: string }[];
  /** `chapter:id` of every locked paragraph found. */
  readonly lockIds: Set<string>;
  readonly unplaced: { readonly paragraph: ViewParagraph; readonly after: ChapterState | undefined; readonly offset: number }[];
  /** Where each locked paragraph stands: its chapter and lock. */
  readonly lockOf: Map<ViewParagraph, { readonly state: ChapterState; readonly info: LockInfo }>;
}

/**
 * Each paragraph of the DOCX: a marked block belongs to its prose; a paragraph without a mark (an
 * editor's new one) to the prose of the paragraph before it, or, after locked words, to the prose
 * whose first block follows; one that stands among locked words is unplaced. A block met after a
 * later prose's blocks (moved there) counts as new text where it now stands.
 */
function assignParagraphs(paragraphs: readonly ViewParagraph[], bases: readonly ChapterState[]): Assignment {
  const blocks = new Map<string, { key: string; order: number }>();
  let order = 0;
  for (const { base } of bases) {
    base.regions.forEach((region, index) => {
      region.blocks.forEach((block) => blocks.set(`${String(base.chapter)}:${String(block.offset)}`, { key: regionKey(base.chapter, index), order }));
      order += 1;
    });
  }
  const assignment: Assignment = { regions: new Map(), locks: [], lockIds: new Set(), unplaced: [], lockOf: new Map() };
  const add = (key: string, paragraph: ViewParagraph) => {
    const list = assignment.regions.get(key) ?? [];
    list.push(paragraph);
    assignment.regions.set(key, list);
  };
  let current: { key: string; order: number } | undefined;
  let waiting: ViewParagraph[] = [];
  let lastState: ChapterState | undefined;
  let lastOffset = 0;
  const unplace = () => {
    for (const paragraph of waiting) if (paragraph.text.trim() !== '') assignment.unplaced.push({ paragraph, after: lastState, offset: lastOffset });
    waiting = [];
  };
  for (const paragraph of paragraphs) {
    if (paragraph.contents) continue;
    const mark = paragraph.marks[0];
    const block = mark?.kind === 'block' ? blocks.get(`${String(mark.chapter)}:${String(mark.offset)}`) : undefined;
    if (block && (!current || block.order >= current.order)) {
      // Paragraphs after locked words, before this block: the start of its prose (new, or blocks whose mark an edit took).
      for (const early of waiting) add(block.key, early);
      waiting = [];
      current = block;
      add(block.key, paragraph);
      const state = mark?.kind === 'block' ? bases.find((candidate) => candidate.base.chapter === mark.chapter) : undefined;
      if (state && mark?.kind === 'block') {
        lastState = state;
        lastOffset = state.base.regions.flatMap((region) => region.blocks).find((candidate) => candidate.offset === mark.offset)?.to ?? lastOffset;
      }
      continue;
    }
    if (mark?.kind === 'lock') {
      unplace();
      current = undefined;
      assignment.locks.push({ paragraph, chapter: mark.chapter, id: mark.id, fingerprint: mark.fingerprint });
      assignment.lockIds.add(`${String(mark.chapter)}:${mark.id}`);
      const state = bases.find((candidate) => candidate.base.chapter === Math.max(mark.chapter, 1));
      const info = state?.base.locks.get(mark.id);
      if (state && info) assignment.lockOf.set(paragraph, { state, info });
      continue;
    }
    // A new paragraph (or a block moved back to an earlier prose): the prose it follows, if any.
    if (current) add(current.key, paragraph);
    else waiting.push(paragraph);
  }
  unplace();
  return assignment;
}

/** A paragraph whose words are as the DOCX wrote them shows its block as the base does (a citation style may word it otherwise now). */
function unchangedAsBase(paragraph: ViewParagraph, blocks: Region['blocks']): ViewParagraph {
  const mark = paragraph.marks.length === 1 ? paragraph.marks[0] : undefined;
  if (mark?.kind !== 'block' || textFingerprint(paragraph.text) !== mark.fingerprint) return paragraph;
  const block = blocks.find((candidate) => candidate.offset === mark.offset);
  if (!block || block.visible.text === paragraph.text) return paragraph;
  return { ...paragraph, text: block.visible.text, italic: block.visible.italic, bold: block.visible.bold };
}

/** Deletes `@key` (and its separator) from the question's `::citations[…]` list. */
function citationKeyDeletion(base: BaseChapter, question: string, key: string): SourceEdit | undefined {
  for (const section of base.tree.children[0].children) {
    if (section.type !== 'subCategory') continue;
    for (const node of section.children) {
      if (node.id !== question) continue;
      const list = node.children.find((child) => child.type === 'citationList');
      const from = list?.position?.start.offset;
      const to = list?.position?.end.offset;
      if (from === undefined || to === undefined) return undefined;
      const directive = base.text.slice(from, to);
      const match = new RegExp(`(;\\s*)?@${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])(\\s*;\\s*)?`).exec(directive);
      if (!match) return undefined;
      // "[@a; @b]" → "[@b]": the key with the separator after it (or, for the last, before it).
      const removeBefore = match[2] === undefined ? (match[1] ?? '') : '';
      const start = from + match.index + (match[1] !== undefined && removeBefore === '' ? match[1].length : 0);
      const end = from + match.index + match[0].length;
      return { from: start, to: end, text: '' };
    }
  }
  return undefined;
}

/** Where locked words are made, for a diagnostic: the file, the place and what to do there. */
class Places {
  constructor(
    private readonly source: SourceFolder,
    private readonly prepared: PreparedEdition,
    private readonly themeFile: VFile | undefined,
  ) {}

  reference(key: string): { file: VFile; place: Place } | undefined {
    const references = this.source.references;
    if (!references) return undefined;
    return { file: references.file, place: this.prepared.references?.positions.get(key) };
  }

  ofLock(info: LockInfo, state: ChapterState): { file: VFile; place: Place; advice: string } {
    const made = info.locked.made;
    switch (made.kind) {
      case 'chapter': {
        const offset = made.position?.start.offset ?? 0;
        const text = state.result?.text ?? state.current;
        return { file: state.file.file, place: pointIn(text, state.result?.map(offset) ?? offset), advice: 'Change it here, in the chapter.' };
      }
      case 'codebook':
        return { file: this.source.codebook?.file ?? state.file.file, place: made.place.position, advice: 'Change it here, in codebook.yaml, for every country.' };
      case 'reference': {
        const at = this.reference(made.key);
        return { file: at?.file ?? state.file.file, place: at?.place, advice: `Correct the work \`${made.key}\` here, in references.yaml.` };
      }
      case 'label': {
        const file = this.themeFile;
        const parsed = file ? parseYaml({ file: new VFile({ path: file.path, value: String(file.value) }), text: String(file.value), offset: 0 }) : undefined;
        return { file: file ?? state.file.file, place: parsed ? positionAt(parsed, ['labels', made.label]) : undefined, advice: 'Labels come from the theme: change it here, in templates/theme.yaml, for every chapter.' };
      }
      case 'edition': {
        const edition = this.source.edition;
        const parsed = edition ? parseYaml({ file: new VFile({ path: edition.file.path, value: String(edition.file.value) }), text: String(edition.file.value), offset: 0 }) : undefined;
        return { file: edition?.file ?? state.file.file, place: parsed ? positionAt(parsed, [made.field]) : undefined, advice: 'Change it here, in edition.yaml.' };
      }
    }
  }
}

/** Line and column of an offset in a text. */
function pointIn(text: string, offset: number): Point {
  return location(text).toPoint(Math.max(0, Math.min(offset, text.length))) ?? { line: 1, column: 1 };
}

/** Where an offset of the base stands in the current text (for a conflict's diagnostic). */
function mergedPlace(base: string, current: string, offset: number): number {
  return mergeEdits(base, current, []).map(offset);
}

/** The line endings the chapter had: the import's Markdown breaks lines with \n. */
function restoreLineEndings(text: string, original: string): string {
  return original.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface NoteDraft {
  readonly kind: 'unplaced';
  readonly state: ChapterState;
  readonly offset: number;
  readonly paragraph: ViewParagraph;
}

/** A place in a chapter as the import leaves it. */
function placeOf(state: ChapterState, baseOffset: number): { file: string; line: number; column: number } {
  const text = state.result?.text ?? state.current;
  const point = pointIn(text, state.result?.map(baseOffset) ?? baseOffset);
  return { file: state.file.file.path ?? state.base.path, line: point.line, column: point.column };
}

function listComments(
  comments: readonly DocxComment[],
  view: readonly ViewParagraph[],
  whereIs: ReadonlyMap<ViewParagraph, (index: number) => { state: ChapterState; offset: number } | undefined>,
  assigned: Assignment,
  places: Places,
  bases: readonly ChapterState[],
): ListedNote[] {
  const notes: ListedNote[] = [];
  const seen = new Set<string>();
  for (const paragraph of view) {
    for (const anchor of paragraph.comments) {
      if (seen.has(anchor.id)) continue;
      seen.add(anchor.id);
      const comment = comments.find((candidate) => candidate.id === anchor.id);
      if (!comment) continue;
      const anchored = paragraph.text.slice(anchor.start, anchor.end);
      const words = `comment by ${comment.author || 'someone'}${dated(comment.date)}: ${comment.text.trim()}${anchored.trim() ? ` [on "${excerpt(anchored)}"]` : ''}`;
      const prose = whereIs.get(paragraph)?.(anchor.start);
      if (prose) {
        notes.push({ ...placeOf(prose.state, prose.offset), text: words });
        continue;
      }
      const locked = assigned.lockOf.get(paragraph);
      if (locked) {
        const place = places.ofLock(locked.info, locked.state);
        const point = place.place && 'start' in place.place ? place.place.start : place.place;
        notes.push({ file: place.file.path ?? '', line: point?.line ?? 1, column: point?.column ?? 1, text: `${words} (on ${locked.info.locked.what})` });
        continue;
      }
      const first = bases[0];
      if (first) notes.push({ ...placeOf(first, 0), text: `${words} (on text that is not the chapter's)` });
    }
  }
  return notes;
}

function listChanges(view: readonly ViewParagraph[], whereIs: ReadonlyMap<ViewParagraph, (index: number) => { state: ChapterState; offset: number } | undefined>, pending: boolean): ListedNote[] {
  const notes: ListedNote[] = [];
  for (const paragraph of view) {
    for (const change of paragraph.changes) {
      const prose = whereIs.get(paragraph)?.(change.start);
      if (!prose) continue;
      notes.push({ ...placeOf(prose.state, prose.offset), text: changeWords(change, pending) });
    }
  }
  return notes;
}

const changeNames: Readonly<Record<PlacedChange['revision']['kind'], string>> = { insertion: 'insertion', deletion: 'deletion', moveFrom: 'move (from here)', moveTo: 'move (to here)' };

function changeWords(change: PlacedChange, pending: boolean): string {
  const { revision } = change;
  const what = change.text === '¶' ? (revision.kind === 'insertion' ? 'paragraph break inserted' : 'paragraph break deleted') : `${changeNames[revision.kind]} "${excerpt(change.text)}"`;
  return `tracked ${what} by ${revision.author || 'someone'}${dated(revision.date)}${pending ? ': not applied (--pending)' : ': applied'}`;
}


/** " (2026-11-30)" for a date an editor's program wrote; nothing for none (LibreOffice writes zeros when it has none). */
function dated(date: string | undefined): string {
  const day = date?.slice(0, 10);
  return day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) && !day.startsWith('0000') ? ` (${day})` : '';
}
