/**
 * The editors' round trip in tests: the sample's DOCX as rubricpress writes it, edited as Word writes
 * its edits into WordprocessingML (runs split where the editor typed, each with its revision id;
 * `w:ins` and `w:del` with the author; comment ranges and word/comments.xml), and imported back into
 * a copy of the source.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { importDocx, type ImportResult } from '../../src/roundtrip/import.js';
import { createDocxRenderer } from '../../src/render/docx/render.js';
import { present } from '../../src/present/present.js';
import { compileSampleChapter, templatesDir } from './build.js';
import { diagnosticsAsJson, type JsonDiagnostic } from '../../src/diagnostics/json.js';

/** The DOCX of the sample chapter (or of a changed copy's), rendered in this process. */
export async function chapterDocx(sourceDir?: string): Promise<Uint8Array> {
  const { tree, templates } = await compileSampleChapter(sourceDir);
  return (await createDocxRenderer({ theme: templates.theme, generator: 'rubricpress test' }).render(present(tree, templates.theme))).bytes;
}

/** A DOCX with its document.xml changed by `edit`, and parts added (word/comments.xml) or replaced. */
export function editDocx(bytes: Uint8Array, edit: (xml: string) => string, parts: Readonly<Record<string, string>> = {}): Uint8Array {
  const files = unzipSync(bytes);
  const document = files['word/document.xml'];
  if (!document) throw new Error('no word/document.xml');
  files['word/document.xml'] = strToU8(edit(strFromU8(document)));
  for (const [name, text] of Object.entries(parts)) files[name] = strToU8(text);
  if (parts['word/comments.xml'] !== undefined) {
    const types = files['[Content_Types].xml'];
    if (types) files['[Content_Types].xml'] = strToU8(strFromU8(types).replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'));
  }
  return zipSync(files);
}

/** The `<w:p>…</w:p>` that holds `text` (exactly one), and where it stands. */
export function paragraphWith(xml: string, text: string): { start: number; end: number; xml: string } {
  const at = xml.indexOf(text);
  if (at < 0 || xml.indexOf(text, at + 1) >= 0) throw new Error(`expected exactly one "${text}" in document.xml`);
  const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
  return { start, end, xml: xml.slice(start, end) };
}

const wordNamespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A run as Word writes an editor's typing: with the session's revision id. */
export function wordRun(text: string, options: { rsid?: string; italic?: boolean } = {}): string {
  const properties = options.italic ? '<w:rPr><w:i/></w:rPr>' : '';
  return `<w:r w:rsidR="${options.rsid ?? '00A71C3E'}">${properties}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Replaces `from` (inside one `w:t` of rubricpress's) with `to` as Word does when an editor types over
 * a word: the run is split where the edit is, and the new words are a run of their own, with the
 * editing session's revision id. With `tracked`, the old words are a `w:del` and the new a `w:ins`.
 */
export function typeOver(from: string, to: string, options: { tracked?: { author: string; date: string; id: number }; rsid?: string } = {}): (xml: string) => string {
  return (xml) => {
    const at = xml.indexOf(from);
    if (at < 0 || xml.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" in document.xml`);
    const runStart = xml.lastIndexOf('<w:r>', at);
    const textStart = xml.indexOf('>', xml.indexOf('<w:t', runStart)) + 1;
    const runEnd = xml.indexOf('</w:r>', at) + '</w:r>'.length;
    const textEnd = xml.indexOf('</w:t>', at);
    const properties = /^<w:r>(<w:rPr>.*?<\/w:rPr>)?/.exec(xml.slice(runStart, textStart))?.[1] ?? '';
    const run = (text: string, rsid: string, tag = 'w:t') => (text === '' ? '' : `<w:r w:rsidR="${rsid}">${properties}<${tag} xml:space="preserve">${text}</${tag}></w:r>`);
    const before = xml.slice(textStart, at);
    const after = xml.slice(at + from.length, textEnd);
    const rsid = options.rsid ?? '00B2D4F1';
    const tracked = options.tracked;
    const middle = tracked
      ? `${from === '' ? '' : `<w:del w:id="${String(tracked.id)}" w:author="${tracked.author}" w:date="${tracked.date}">${run(from, rsid, 'w:delText')}</w:del>`}${to === '' ? '' : `<w:ins w:id="${String(tracked.id + 1)}" w:author="${tracked.author}" w:date="${tracked.date}">${run(escapeXml(to), rsid)}</w:ins>`}`
      : run(escapeXml(to), rsid);
    return xml.slice(0, runStart) + run(before, '00C11E77') + middle + run(after, '00C11E77') + xml.slice(runEnd);
  };
}

/** A comment as Word anchors it: a range around `text` (inside one `w:t`), its reference, and its words in comments.xml. */
export function commentOn(text: string, comment: { id: number; author: string; date: string; words: string }): { edit: (xml: string) => string; part: string } {
  return {
    edit: (xml) => {
      const at = xml.indexOf(text);
      if (at < 0 || xml.indexOf(text, at + 1) >= 0) throw new Error(`expected exactly one "${text}" in document.xml`);
      const runStart = xml.lastIndexOf('<w:r>', at);
      const textStart = xml.indexOf('>', xml.indexOf('<w:t', runStart)) + 1;
      const textEnd = xml.indexOf('</w:t>', at);
      const runEnd = textEnd + '</w:t></w:r>'.length;
      const properties = /^<w:r>(<w:rPr>.*?<\/w:rPr>)?/.exec(xml.slice(runStart, textStart))?.[1] ?? '';
      const run = (value: string) => (value === '' ? '' : `<w:r>${properties}<w:t xml:space="preserve">${value}</w:t></w:r>`);
      const id = String(comment.id);
      return `${xml.slice(0, runStart)}${run(xml.slice(textStart, at))}<w:commentRangeStart w:id="${id}"/>${run(text)}<w:commentRangeEnd w:id="${id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${id}"/></w:r>${run(xml.slice(at + text.length, textEnd))}${xml.slice(runEnd)}`;
    },
    part: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ${wordNamespace}><w:comment w:id="${String(comment.id)}" w:author="${comment.author}" w:date="${comment.date}" w:initials="JE"><w:p><w:r><w:t>${escapeXml(comment.words)}</w:t></w:r></w:p></w:comment></w:comments>`,
  };
}

/** A new paragraph as Word writes one the editor added after the paragraph holding `after`: no marks, Word's revision ids. */
export function newParagraphAfter(after: string, runs: string, style = 'BodyText'): (xml: string) => string {
  return (xml) => {
    const { end } = paragraphWith(xml, after);
    return `${xml.slice(0, end)}<w:p w:rsidR="00D3A1B2" w:rsidRDefault="00D3A1B2"><w:pPr><w:pStyle w:val="${style}"/></w:pPr>${runs}</w:p>${xml.slice(end)}`;
  };
}

/** The paragraph holding `text` deleted, as an editor selecting it whole and pressing Delete leaves it. */
export function deleteParagraph(text: string): (xml: string) => string {
  return (xml) => {
    const { start, end } = paragraphWith(xml, text);
    return xml.slice(0, start) + xml.slice(end);
  };
}

export function applyEdits(...edits: readonly ((xml: string) => string)[]): (xml: string) => string {
  return (xml) => edits.reduce((current, edit) => edit(current), xml);
}

export interface TestImport {
  readonly result: ImportResult;
  readonly diagnostics: readonly JsonDiagnostic[];
  /** The chapter's text after the import (as written, or unchanged). */
  readonly chapter: string;
}

/** Imports `bytes` into the source folder and returns the chapter's new text (nothing is written). */
export async function importInto(sourceDir: string, bytes: Uint8Array, options: { pending?: boolean; force?: boolean } = {}): Promise<TestImport> {
  const result = await importDocx({ docx: bytes, docxPath: 'edited.docx', sourceDir, templatesDir, pending: options.pending ?? false, force: options.force ?? false });
  const chapterPath = path.join(sourceDir, 'chapters/japan/coordination.md');
  const changed = result.changed.find((file) => file.absolutePath === chapterPath);
  return { result, diagnostics: diagnosticsAsJson(result.files), chapter: changed?.after ?? (await readFile(chapterPath, 'utf8')) };
}

/**
 * document.xml as Word writes it back when it saves a file nobody edited: every paragraph and run
 * carries revision-save ids (`w:rsid*`), long runs are split in the middle of a word (Word splits a
 * run wherever a revision id or a proofing mark changes) with a `w:proofErr` between the halves and
 * a `w:lastRenderedPageBreak` in the first half, every bookmark is renumbered, and the `_GoBack`
 * bookmark marks where the cursor was.
 */
export function asWordSavesIt(xml: string): string {
  let splits = 0;
  const split = xml.replace(/<w:r>(<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>)?<w:t xml:space="preserve">([^<]{21,})<\/w:t><\/w:r>/g, (whole, properties: string | undefined, text: string) => {
    let at = Math.floor(text.length / 2);
    // Never inside an entity (`&amp;`).
    const entity = text.lastIndexOf('&', at);
    if (entity >= 0 && text.indexOf(';', entity) >= at) at = entity;
    if (at === 0) return whole;
    splits += 1;
    const rPr = properties ?? '';
    return `<w:r w:rsidR="00A1B2C3" w:rsidRPr="00D4E5F6">${rPr}<w:lastRenderedPageBreak/><w:t xml:space="preserve">${text.slice(0, at)}</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00F00BA4">${rPr}<w:t xml:space="preserve">${text.slice(at)}</w:t></w:r><w:proofErr w:type="spellEnd"/>`;
  });
  if (splits === 0) throw new Error('no run was long enough to split');
  const renumbered = split
    .replace(/<w:r>/g, '<w:r w:rsidR="00A1B2C3">')
    .replace(/<w:p>/g, '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3" w:rsidP="00E1F2A3">')
    .replace(/(<w:bookmark(?:Start|End)\b[^>]*\bw:id=")(\d+)"/g, (_whole, head: string, id: string) => `${head}${String(Number(id) + 1000)}"`);
  const firstEnd = renumbered.indexOf('</w:p>');
  return `${renumbered.slice(0, firstEnd)}<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>${renumbered.slice(firstEnd)}`;
}
