/**
 * The DOCX edition for editors: the document model through the docx handlers into one Word document,
 * with the theme's styles, page setup, running head, "Page X of Y", a contents list and the
 * document's properties; then normalised so the same source gives the same bytes.
 */
import { Document, PageBreak, Paragraph, type FileChild } from 'docx';
import { create, openSync } from 'fontkit';
import { Resvg } from '@resvg/resvg-js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { List } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Chapter, DocumentModel, Metadata } from '../../document/model.js';
import type { DocxState } from './content.js';
import { descendants } from '../../document/walk.js';
import type { FallbackFontFile } from '../../theme/load-templates.js';
import type { Theme } from '../../theme/theme.js';
import { createChartOutliner, type ChartOutliner } from '../chart-outlines.js';
import { FallbackChain, type CoveringFont } from '../fallback-chain.js';
import type { RenderProblem } from '../problems.js';
import { createSizedStore } from '../sized-store.js';
import { chaptersGivenBack, type BookChapterRecord, type BookRenderer, type BookRendering, type RenderedDocument } from '../renderer.js';
import { assembleDocx, chapterParts, type PackageParts } from './assemble.js';
import { createMadeChapters, decodeMadeChapter, docxChapterKey, encodeMadeChapter, type MadeChapters } from './book-chapters.js';
import { chartImages, createChartPngCache, releaseAfter, releaseAfterPixels, type Rasterise } from './chart-images.js';
import { initialState, type DocxContext } from './content.js';
import { docxModel } from './handlers.js';
import { roundTripCustomProperties } from './marks.js';
import { normaliseDocx, packageParts } from './normalise.js';
import { ownChapterForBook, ownDocxKey } from './own-chapter.js';
import { bareFurniture, pageFooter, pageHeader, pageSetup } from './page.js';
import { createDocxStyles, type DocxStyles } from './styles.js';

export interface DocxTemplates {
  readonly theme: Theme;
  /** e.g. "rubricpress 0.1.0", written as the document's application. */
  readonly generator: string;
  /** Overrides the edition's date in the document's properties (SOURCE_DATE_EPOCH); Word keeps days. */
  readonly sourceDate?: Date;
  /** The theme's fallback fonts: a run of their scripts names the one that has its letters in Word's font slot. */
  readonly fallbacks?: readonly FallbackFontFile[];
  /** Font files (paths) a chart's PNG is drawn with: the theme's heading font; none, and its words are left out of the PNG. */
  readonly chartFonts?: readonly string[];
  /** Where it keeps the chapters it has made alone for books (default: a store of its own, book-chapters.ts): only for a book given without its chapters' own documents. */
  readonly chapters?: MadeChapters;
}

/** The Word writer; a country report is put together from its chapters' own files (own-chapter.ts), given or made. */
export interface DocxRenderer extends BookRenderer {
  /**
   * A chapter's own document (`present`), and the same file as its country report takes it:
   * `drawn`, keyed by the chapter as the report presents it (`bookChapter`), so that the report
   * takes it instead of making the chapter again.
   */
  renderChapter(document: DocumentModel, bookChapter: Chapter): Promise<RenderedDocument & { readonly drawn: BookChapterRecord }>;
}

/**
 * A book put together from chapters made apart (assemble.ts): front matter to open it, and chapters
 * that each open a section of their own (a country report, the volume of every report); the edition
 * volume, whose parts are no chapters, is made whole.
 */
function isBook(document: DocumentModel): boolean {
  return document.front.length > 0 && document.chapters.length > 0 && document.chapters.every((chapter) => chapter.opening !== undefined) && (document.parts ?? []).length === 0;
}

/**
 * A chart's PNG for Word processors that draw no SVG, made by resvg with the theme's fonts only (no
 * system fonts: the same PNG on every machine). Its words are drawn as outlines of the chart fonts
 * where they can be (chart-outlines.ts), and resvg then loads no font at all.
 */
function rasteriser(fontFiles: readonly string[], fallbackFiles: readonly string[]): Rasterise {
  const outliner = once(() => chartOutliner(fontFiles));
  return (svg, width, element) => {
    const outlined = outliner()?.outline(element);
    // The fallback fonts are large (loading them took ~100 ms a chart): only for words beyond Latin.
    const files = outlined !== undefined ? [] : /[^\u0020-\u024F\u2000-\u206F\s]/u.test(svg) ? [...fontFiles, ...fallbackFiles] : [...fontFiles];
    const image = new Resvg(outlined ?? svg, { fitTo: { mode: 'width', value: width }, background: '#ffffff', font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: '' } });
    return new Uint8Array(image.render().asPng());
  };
}

/** The chart fonts (the heading font's regular and bold files) parsed for outlines; none when either is missing or unreadable. */
function chartOutliner(fontFiles: readonly string[]): ChartOutliner | undefined {
  const [regularFile, boldFile] = fontFiles;
  if (fontFiles.length !== 2 || regularFile === undefined || boldFile === undefined) return undefined;
  try {
    const regular = openSync(regularFile);
    const bold = openSync(boldFile);
    return 'layout' in regular && 'layout' in bold ? createChartOutliner({ regular, bold }) : undefined;
  } catch {
    // resvg reads the files itself, and reports nothing either: the words are left to it.
    return undefined;
  }
}

function once<Value>(make: () => Value): () => Value {
  let made: { readonly value: Value } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * Lets the native memory of the charts drawn so far go: resvg frees an image in a finalizer, after
 * the collector found its object unreachable, on the event loop (see chart-images.ts). A
 * young-generation collection takes a few milliseconds in a worker's heap (8 ms in the generated
 * edition's build): `releaseAfter` calls it only once enough has been drawn.
 */
function releaser(): () => Promise<void> {
  const collect = youngCollector();
  return async () => {
    try {
      collect?.({ type: 'minor' });
    } catch {
      // A collector that takes no options: the memory goes when it next runs on its own.
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
}

type Collector = (options: { readonly type: 'minor' }) => void;

/** This thread's collector, found once (see `findCollector`). */
let threadCollector: Collector | undefined | null = null;

function youngCollector(): Collector | undefined {
  if (threadCollector === null) threadCollector = findCollector();
  return threadCollector;
}

/**
 * The collector: the process's own when it was started with --expose-gc; otherwise reached as Jest
 * reaches it, from a context made while V8's flag exposes it, the flag put back at once (V8's flags
 * are the process's: another thread making a context meanwhile would see a `gc` too, harmlessly).
 * Without one, the memory goes when the collector next runs on its own.
 */
function findCollector(): Collector | undefined {
  const own: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return (options) => void Reflect.apply(own, undefined, [options]);
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    return typeof found === 'function' ? (options) => void Reflect.apply(found, undefined, [options]) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** A fallback font as far as the DOCX needs it: which characters it has (a collection, refused when the theme was loaded, has none). */
function coveringFont(bytes: Uint8Array): CoveringFont {
  // A view of the font's bytes, not a copy (see render/pdf/fonts.ts).
  const parsed = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return 'hasGlyphForCodePoint' in parsed ? parsed : { hasGlyphForCodePoint: () => false };
}

/** The document's properties: what Word shows under File › Info and search tools index. */
function properties(metadata: Metadata) {
  return {
    title: metadata.title,
    subject: metadata.subject,
    creator: metadata.publisher,
    lastModifiedBy: metadata.publisher,
    keywords: metadata.keywordList,
    description: metadata.description,
  };
}

/** Each list of the document's Markdown, numbered in reading order: each gets its own numbering instance. */
function listInstances(document: DocumentModel): Map<List, number> {
  const instances = new Map<List, number>();
  for (const node of descendants([document])) {
    if (node.kind !== 'prose' && node.kind !== 'note') continue;
    for (const block of node.children) {
      visit(block, 'list', (list: List) => {
        instances.set(list, instances.size + 1);
      });
    }
  }
  return instances;
}

/** Word's footnotes, by number: each note's paragraphs (Word puts its number before the first). */
function footnotes(state: DocxState, document: DocumentModel): Record<string, { children: Paragraph[] }> {
  const notes = document.chapters.flatMap((chapter) => chapter.notes?.children ?? []);
  return Object.fromEntries(notes.map((note) => [String(note.number), { children: docxModel.note(state, note).filter((child) => child instanceof Paragraph) }]));
}

/**
 * The DOCX renderer for one theme: styles and page setup are made once (styles once per document
 * language) and reused for every document.
 */
export function createDocxRenderer(templates: DocxTemplates): DocxRenderer {
  const { theme } = templates;
  const page = pageSetup(theme);
  const fallbacks = new FallbackChain(templates.fallbacks ?? [], coveringFont);
  const fallbackFamily = (codePoint: number): string | undefined => {
    const index = fallbacks.indexFor(codePoint);
    return index === undefined ? undefined : fallbacks.family(index);
  };
  const rasterise = rasteriser(templates.chartFonts ?? [], (templates.fallbacks ?? []).map((fallback) => fallback.path));
  // Some 200 charts' PNGs: every country report's profiles, when its chapters were drawn here.
  const pngCache = createChartPngCache(8 * 1024 * 1024);
  // Across the renderer's documents: a worker renders chapter after chapter of one chart each.
  const release = releaseAfter(releaseAfterPixels, releaser());
  const stylesByLanguage = new Map<string, DocxStyles>();
  const stylesFor = (language: string): DocxStyles => {
    let styles = stylesByLanguage.get(language);
    if (!styles) {
      styles = createDocxStyles(theme, language);
      stylesByLanguage.set(language, styles);
    }
    return styles;
  };

  /**
   * The document's package before normalising: all of it, or (for a book, `renderBook`) its front
   * matter alone (the title page, imprint and contents, with the book's properties), or one of its
   * chapters alone (its section, its notes, its charts), marked with its place in the book.
   */
  const packageOf = async (document: DocumentModel, problems: RenderProblem[], only?: 'front' | { readonly index: number }): Promise<PackageParts> => {
    const { metadata } = document;
    const alone = typeof only === 'object' ? document.chapters[only.index] : undefined;
    const scope: DocumentModel = only === undefined ? document : only === 'front' ? { ...document, chapters: [], parts: [] } : { ...document, front: [], chapters: alone ? [alone] : [], parts: [] };
    const images = await chartImages(scope, { theme, textWidth: page.textWidth, rasterise, cache: pngCache, release });
    const context: DocxContext = { theme, report: (problem) => problems.push(problem), textWidth: page.textWidth, listInstances: listInstances(scope), fallbackFamily, chartImages: images };
    const state = initialState(context);
    // The title page has a section of its own: no running head or page number on it (as in print).
    // A book's imprint too, on the page after it (a copyright page has neither).
    const titlePage = scope.front.flatMap((part) => (part.kind === 'titlePage' ? docxModel.titlePage(state, part) : part.kind === 'imprint' ? [new Paragraph({ children: [new PageBreak()] }), ...docxModel.imprint(state, part)] : []));
    const front = scope.front.filter((part) => part.kind !== 'titlePage' && part.kind !== 'imprint');
    const styles = stylesFor(metadata.language);
    const furnished = (children: FileChild[], head: string) => ({ properties: page.properties, headers: { default: pageHeader(head) }, footers: { default: pageFooter(document.furniture) }, children });
    // A book's chapter is a section of its own: it starts a new page, under its own running head.
    const opened = document.chapters.some((chapter) => chapter.opening) || (document.parts ?? []).length > 0;
    // Each chapter's marks carry its place in the book (1, 2, …): a chapter alone keeps its own.
    const placeOf = (index: number): number => (typeof only === 'object' ? only.index : index) + 1;
    const body = opened
      ? [
          // The section ends in a paragraph of its own, after the contents field: LibreOffice leaves the page
          // fields of a section empty when its last paragraph (which carries the section's properties) ends a field.
          ...(front.length > 0 ? [furnished([...docxModel.document(state, { ...scope, front, chapters: [], parts: [] }), new Paragraph({})], document.furniture.runningHead)] : []),
          ...scope.chapters.flatMap((chapter, index) => {
            const inChapter: DocxState = { ...state, place: { chapter: placeOf(index) } };
            // A book's chapter opens on its title page, a section of its own without running head or page number, as the chapter's own document does.
            const opening = chapter.opening ? [{ properties: page.properties, ...bareFurniture(), children: docxModel.titlePage(inChapter, chapter.opening.titlePage) }] : [];
            return [...opening, furnished(docxModel.chapter(inChapter, chapter), chapter.opening?.runningHead ?? document.furniture.runningHead)];
          }),
          ...(scope.parts ?? []).map((part) => furnished(docxModel.part(state, part), part.runningHead)),
        ]
      : [furnished(docxModel.document(state, { ...scope, front }), document.furniture.runningHead)];
    const word = new Document({
      ...properties(metadata),
      // The book's round-trip marks, with its front matter (a chapter alone takes the book's).
      customProperties: typeof only === 'object' ? [] : roundTripCustomProperties(document.chapters),
      externalStyles: styles.externalStyles,
      styles: styles.styles,
      footnotes: footnotes(state, scope),
      sections: [...(titlePage.length > 0 ? [{ properties: page.properties, children: titlePage }] : []), ...body],
    });
    return packageParts(word);
  };
  const normalised = (document: DocumentModel, parts: PackageParts): Uint8Array => {
    const { metadata } = document;
    const date = templates.sourceDate ? templates.sourceDate.toISOString().slice(0, 10) : metadata.date;
    return normaliseDocx(parts, { date, language: metadata.language, publisher: metadata.publisher, application: templates.generator });
  };
  // A book's chapters as made alone, by what they were made from (`docxChapterKey`).
  const chaptersMade = templates.chapters ?? createMadeChapters();

  // Chapters' own files as their books take them, by `ownDocxKey`: those this renderer made or was given.
  const ownFiles = createSizedStore<Uint8Array>(16 * 1024 * 1024, (bytes) => bytes.byteLength);

  /**
   * A book put together from its front matter and its chapters: each chapter's own file as the book
   * takes it (own-chapter.ts) when its own document is given (`chapterDocuments`): given made before
   * (`madeBefore`), kept by this renderer, or made here as the chapter's job makes it, so the book's
   * bytes are the same either way. Without the chapters' documents, each chapter is made alone as the
   * book presents it. Chapters given that cannot be read or put together (a damaged cache file that
   * passed its digest) are made again.
   */
  const renderBook = async (document: DocumentModel, madeBefore: readonly BookChapterRecord[], keep: boolean, chapterDocuments: readonly DocumentModel[]): Promise<BookRendering> => {
    const problems: RenderProblem[] = [];
    const owned = chapterDocuments.length === document.chapters.length && chapterDocuments.length > 0;
    const gather = async (given: ReadonlyMap<string, BookChapterRecord>): Promise<{ readonly chapters: readonly { readonly key: string; readonly parts: PackageParts; readonly bytes?: Uint8Array; readonly given: boolean }[]; readonly madeAnew: number }> => {
      const chapters: { key: string; parts: PackageParts; bytes?: Uint8Array; given: boolean }[] = [];
      let madeAnew = 0;
      for (const [index, chapter] of document.chapters.entries()) {
        const own = owned ? chapterDocuments[index] : undefined;
        if (own) {
          const key = ownDocxKey(document.metadata.language, chapter);
          const place = { place: index + 1, chapter };
          // A record given is read even when this renderer kept the chapter: given is what the caller can name again.
          const record = given.get(key);
          const fromRecord = record && tryOwnChapter(record.bytes, place);
          if (record && fromRecord) {
            chapters.push({ key, parts: fromRecord, bytes: record.bytes, given: true });
            continue;
          }
          let bytes = ownFiles.get(key);
          if (!bytes) {
            bytes = normalised(own, await packageOf(own, problems));
            ownFiles.set(key, bytes);
            madeAnew += 1;
          }
          const parts = tryOwnChapter(bytes, place);
          if (parts) {
            chapters.push({ key, parts, bytes, given: false });
            continue;
          }
          // A file made here that the book cannot take (what docx writes changed under own-chapter.ts's
          // rewriting): the chapter made alone, as the book presents it, below; the same either way, as
          // whether the file can be taken depends on the chapter alone.
        }
        const key = docxChapterKey(document.metadata.language, index, chapter);
        const record = given.get(key);
        const decoded = record && decodeMadeChapter(record);
        let parts = chaptersMade.get(key) ?? decoded;
        if (!parts) {
          parts = chapterParts(await packageOf(document, problems, { index }));
          chaptersMade.set(key, parts);
          madeAnew += 1;
        }
        chapters.push({ key, parts, given: decoded !== undefined });
      }
      return { chapters, madeAnew };
    };
    const front = await packageOf(document, problems, 'front');
    let gathered = await gather(new Map(madeBefore.map((record) => [record.key, record])));
    let madeAnew = gathered.madeAnew;
    let bytes: Uint8Array;
    try {
      bytes = normalised(document, assembleDocx(front, gathered.chapters.map((chapter) => chapter.parts)));
    } catch (error) {
      // Only what came from elsewhere can be at fault (the store holds only what was made here): without it, again.
      if (madeBefore.length === 0) throw error;
      gathered = await gather(new Map());
      madeAnew += gathered.madeAnew;
      bytes = normalised(document, assembleDocx(front, gathered.chapters.map((chapter) => chapter.parts)));
    }
    // A chapter's own file is kept as it is (its record is the file); one made alone, as its parts.
    return { bytes, problems, ...chaptersGivenBack(gathered.chapters, keep, ({ key, parts, bytes: file }) => (file ? { key, bytes: file } : encodeMadeChapter(key, parts))), drawnAnew: madeAnew };
  };

  const render = async (document: DocumentModel): Promise<RenderedDocument> => {
    if (isBook(document)) {
      const { bytes, problems } = await renderBook(document, [], false, []);
      return { bytes, problems };
    }
    const problems: RenderProblem[] = [];
    return { bytes: normalised(document, await packageOf(document, problems)), problems };
  };

  return {
    render,
    async renderChapter(document, bookChapter) {
      const problems: RenderProblem[] = [];
      const bytes = normalised(document, await packageOf(document, problems));
      const key = ownDocxKey(document.metadata.language, bookChapter);
      ownFiles.set(key, bytes);
      return { bytes, problems, drawn: { key, bytes } };
    },
    async renderBook(document, madeBefore, keep = true, chapterDocuments = []) {
      if (!isBook(document)) return { ...(await render(document)), drawn: [], bound: [], drawnAnew: 0 };
      return renderBook(document, madeBefore, keep, chapterDocuments);
    },
  };
}

/** A chapter's own file as its book takes it, or undefined when it cannot be (a record that is no such file). */
function tryOwnChapter(bytes: Uint8Array, place: Parameters<typeof ownChapterForBook>[1]): PackageParts | undefined {
  try {
    return ownChapterForBook(bytes, place);
  } catch {
    return undefined;
  }
}
