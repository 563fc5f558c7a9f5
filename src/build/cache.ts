/**
 * The incremental build cache: a chapter whose inputs have not changed is neither compiled nor
 * rendered again; its files, report header and diagnostics come from the cache.
 *
 * A chapter's key is a SHA-256 of everything its editions are made from: the tool (its version,
 * code and locked dependencies), the templates (theme, layout, stylesheet, citation styles, fonts),
 * the build's settings (formats, verification, PDF standard, date), edition.yaml, and the chapter's
 * path and bytes. What the chapter uses from the rest of the source is found only by compiling it,
 * so its record lists those dependencies with their digests as they were: the codebook category it
 * belongs to (its sub-categories, questions and rubrics) and each reference it cites. Citation
 * styles disambiguate and sort across the whole bibliography ("2020a", a first initial added to a
 * shared surname, a number), so every reference's values of the variables the style's citations
 * and sorting use are one more dependency (see crossReferenceVariables): changing those (or adding
 * a reference) rebuilds every chapter that cites anything; changing a reference's other fields (a
 * publisher, a URL) rebuilds only the chapters that cite it.
 *
 * Layout: `<cache>/chapters/<slot>/record.json` and the record's files, named by their SHA-256. A
 * slot is a chapter path under one set of settings, so the cache keeps at most one record per
 * chapter and setting; a new record replaces the old one. Files are checked against their digest
 * when read, so a damaged cache is a miss, never a wrong edition. Only successful builds write
 * records. A country report's slot (`<cache>/books/<slot>/`) also keeps its chapters as drawn for its
 * PDF (render/pdf/bound.ts), written as soon as the report is bound (so that their bytes need not
 * wait in memory): files a failed build wrote there and no record names are removed by the next
 * build that stores the report, or by the prune.
 *
 * What the cache reads back is untrusted: anyone who can write the folder can edit it. A record
 * is checked like any input (its shape, its numbers, its messages' rule ids); a cached chapter's
 * header (country, rank, what names its files) is not read from the record but taken again from the
 * chapter's front matter and the codebook, which the key covers, and its files' paths must be the
 * ones that header gives. The cache owns only what it made: its folder carries a marker
 * (`cache-marker.ts`), and the clean-up removes only slots and slot files named as the cache names
 * them.
 */
import type { Stats } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { crossReferenceVariables } from '../bibliography/style-variables.js';
import { rules } from '../diagnostics/catalog.js';
import { messagesOf, replayMessages } from '../diagnostics/transfer.js';
import type { SourceFile } from '../source/load.js';
import { readRegularFile } from '../source/regular-file.js';
import { readCachedBytes, type CachedBytes, type DrawnChapterFile } from './drawn-files.js';
import type { Templates } from '../theme/load-templates.js';
import { fontRoles, fontStyles } from '../theme/theme.js';
import type { ChapterResults, Report } from '../tree/types.js';
import type { DrawnChapterRecord } from '../render/pdf/bound.js';
import type { SearchEntry } from '../present/site.js';
import { idPattern } from '../source/schema-parts.js';
import type { PreparedEdition } from './compile.js';
import { compareCodeUnits, sha256Of, sha256OfParts, settingsKey } from './digest.js';
import { editionPath, type RenderSettings } from './render-chapter.js';
import { fileReadsAtOnce, mapInParallel } from './in-parallel.js';
import { claimCacheFolder, slotFilePattern, slotPattern } from './cache-marker.js';
import { chapterHeader, sameHeader } from './chapter-header.js';
import { isEditionPath } from './out-folder.js';

const recordFormat = 'rubricpress-cache/5';
/** A record is small: its key, digests and the chapter's warnings. */
const maxRecordBytes = 16_000_000;
/**
 * The largest chapter tree the cache hands back: it is deserialized in the main thread (a chapter
 * of the generated edition's is some 165 KB).
 */
const maxTreeBytes = 64_000_000;
/** The largest edition file the cache hands back (a 1 MB chapter's PDF is some 30 MB). */
const maxStoredFileBytes = 512_000_000;

/** What a chapter used from the rest of the source, with the digests they had. */
export interface ChapterDependencies {
  readonly category: { readonly id: string; readonly digest: string } | undefined;
  readonly references: readonly (readonly [id: string, digest: string])[];
  /** The names and dates of every reference, when the chapter cites any. */
  readonly referenceContext: string | undefined;
}

/** An edition file on disk: in the cache, or just written to the output folder. */
export interface StoredFile {
  /** Its path in the output folder: `pdf/japan/coordination.pdf`. */
  readonly path: string;
  /** Where its bytes are now. */
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
}

export interface CachedChapter {
  /** The chapter's report without its content: what html/index.html and the edition's checks need. */
  readonly report: Report;
  readonly results: ChapterResults;
  readonly citedKeys: readonly string[];
  readonly outputs: readonly StoredFile[];
  readonly search?: readonly SearchEntry[];
  /** Its report tree as compiled (`ChapterJobResult.tree`), for a book to bind: read with `readTree` when one is made. */
  readonly tree?: CachedBytes;
}

export type { CachedBytes };

const line = z.number().int().positive().max(10_000_000);
const pointPair = z.strictObject({ line, column: line, endLine: line.optional(), endColumn: line.optional() });
const digest = z.string().regex(/^[0-9a-f]{64}$/);
const referenceId = z.string().min(1).max(500);
const recordSchema = z.strictObject({
  format: z.literal(recordFormat),
  key: digest,
  dependencies: z.strictObject({
    category: z.strictObject({ id: z.string().max(500), digest }).optional(),
    references: z.array(z.tuple([referenceId, digest])).max(100_000),
    referenceContext: digest.optional(),
  }),
  citedKeys: z.array(referenceId).max(100_000),
  // Only a chapter without errors is kept: its messages are warnings of known rules.
  messages: z
    .array(
      z.strictObject({
        reason: z.string().max(10_000),
        ruleId: z.string().refine((id) => Object.hasOwn(rules, id) && rules[id as keyof typeof rules].severity === 'warning'),
        source: z.string().max(100).optional(),
        fatal: z.literal(false),
        url: z.string().max(500).optional(),
        place: pointPair.optional(),
      }),
    )
    .max(100_000),
  outputs: z.array(z.strictObject({ path: z.string().refine(isEditionPath), sha256: digest, size: z.number().int().nonnegative().max(maxStoredFileBytes) })).max(16),
  // What a reader can search for in the chapter, for the web edition's search index (when its HTML is made).
  search: z
    .array(
      z.strictObject({
        path: z.string().max(10_000),
        anchor: z.union([z.strictObject({ kind: z.literal('keyFindings') }), z.strictObject({ kind: z.literal('question'), id: z.string().regex(idPattern).max(500) })]),
        chapter: z.string().max(10_000),
        heading: z.string().max(100_000),
        text: z.string().max(maxRecordBytes),
      }),
    )
    .max(100_000)
    .optional(),
  // The chapter's tree as compiled, for the books that bind it.
  tree: z.strictObject({ sha256: digest, size: z.number().int().nonnegative().max(maxTreeBytes) }).optional(),
  // The chapter's numbers, for the edition volume.
  results: z.strictObject({
    subcategories: z.array(z.strictObject({ id: z.string().max(500), rank: z.number().int().positive() })).max(100_000),
    scores: z.array(z.strictObject({ questionId: z.string().max(500), score: z.number().int() })).max(100_000),
  }),
});
type CacheRecord = z.infer<typeof recordSchema>;

/** The most chapters a book's record names as made for it, each format's apart (a country report has one per category of the codebook and format; the volume of every report, one per chapter and format). */
const maxDrawnChapters = 2_000;
/** The most bytes of chapters as drawn read back for one report (a generated report's are some 1.2 MB). */
const maxDrawnBytes = 256 * 1024 * 1024;

/** A country report's record: the key of the chapters it was bound from, and its files. */
const bookRecordSchema = z.strictObject({
  format: z.literal(recordFormat),
  key: digest,
  outputs: z.array(z.strictObject({ path: z.string().refine(isEditionPath), sha256: digest, size: z.number().int().nonnegative().max(maxStoredFileBytes) })).max(16),
  // Its chapters as drawn for its PDF and made for its DOCX (render/pdf/bound.ts, render/docx/own-chapter.ts), by what each was made from.
  drawn: z.array(z.strictObject({ key: digest, sha256: digest, size: z.number().int().nonnegative().max(maxStoredFileBytes) })).max(maxDrawnChapters).optional(),
});
type BookRecord = z.infer<typeof bookRecordSchema>;

/** A chapter drawn for a book, kept in the book's slot (`BuildCache.storeDrawn`). */
export interface StoredDrawnChapter {
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
}

/** A file of the output folder as the last successful build left it. */
export interface WrittenFile {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** What the last successful build left in the output folder, by path. */
export type WrittenFiles = ReadonlyMap<string, WrittenFile>;

const writtenSchema = z.strictObject({
  outDir: z.string().max(10_000),
  files: z.record(z.string().refine(isEditionPath), z.strictObject({ sha256: digest, size: z.number().int().nonnegative(), mtimeMs: z.number().nonnegative(), ino: z.number().int().nonnegative() })),
});

export interface BuildCache {
  /**
   * The output files the last build wrote, as they were then. A cached chapter's file, a page of
   * the site or a data file that is still exactly so (same size, time and inode) is left where it is
   * instead of being copied, or read back and compared, again.
   */
  readWritten(outDir: string): Promise<WrittenFiles>;
  writeWritten(outDir: string, files: WrittenFiles): Promise<void>;
  /**
   * Removes the records this build neither used nor wrote (chapters deleted or renamed, and every
   * record made under other templates, settings or code), so that the cache holds one edition.
   */
  prune(): Promise<void>;
  /** The chapter's record when its key and every dependency still match, and its files are intact. */
  lookup(chapter: SourceFile, site?: string): Promise<CachedChapter | undefined>;
  /**
   * A country report's files, when the report was bound from these chapters as they are now (the
   * caller asks only when every one of them came from the cache, so their dependencies hold).
   */
  /**
   * A book's files as last made. `madeFrom`, when given, is the digest of everything the book is
   * made from, and keys it instead of its chapters' texts: the edition volume, made from the
   * chapters' numbers only, is not made again when a chapter's words change.
   */
  lookupBook(countrySlug: string, chapters: readonly SourceFile[], madeFrom?: string): Promise<readonly StoredFile[] | undefined>;
  storeBook(countrySlug: string, chapters: readonly SourceFile[], outputs: readonly StoredFile[], madeFrom?: string, drawn?: readonly StoredDrawnChapter[]): Promise<void>;
  /**
   * The chapters the book's last PDF and DOCX were bound from, as files of its slot (whatever its
   * chapters are now: each renderer takes those it still binds), each key and each file once; read
   * with `readDrawnFiles`, which leaves out a damaged one.
   */
  drawnFiles(countrySlug: string): Promise<readonly DrawnChapterFile[]>;
  /** Keeps chapters drawn for a book in its slot, at once (their bytes need not wait in memory for the book's record), for `storeBook`. */
  storeDrawn(countrySlug: string, drawn: readonly DrawnChapterRecord[]): Promise<readonly DrawnChapterFile[]>;
  /** A file the cache keeps by the digest of what it is made from (the web edition's fonts), checked against its own digest when read. */
  readMade(key: string): Promise<Uint8Array | undefined>;
  storeMade(key: string, bytes: Uint8Array): Promise<void>;
  /** Keeps a chapter just rendered (it must have no errors), with its tree as compiled when there is one. */
  store(chapter: SourceFile, entry: { readonly report: Report; readonly citedKeys: readonly string[]; readonly outputs: readonly StoredFile[]; readonly results: ChapterResults; readonly search?: readonly SearchEntry[]; readonly tree?: Uint8Array }, site?: string): Promise<void>;
  /** A cached chapter's tree (`CachedChapter.tree`), if its file is intact. */
  readTree(tree: CachedBytes): Promise<Uint8Array | undefined>;
}

export interface CacheInputs {
  readonly directory: string;
  /** `toolDigest()`, computed once per process. */
  readonly tool: string;
  readonly templates: Templates;
  readonly setup: RenderSettings;
  readonly prepared: PreparedEdition;
  /** Stored files found whole by an earlier build of this process (`build --watch`): not read again while unchanged. */
  readonly checked?: CheckedFiles;
}

/**
 * Record files as parsed, by file, each with the stamp its file had when it was read: parsed again
 * only once the file changed. A rebuild under `build --watch` read and checked every chapter's
 * record, 0.2 s of the generated edition's 0.7 s from saving to rendering.
 */
export class ParsedRecords<Parsed> {
  private readonly known = new Map<string, { readonly stamp: string; readonly record: Parsed }>();

  /** `capacity`: the most records kept (the oldest go first): slots a changed template or setting left behind are not kept for ever. */
  constructor(private readonly capacity = 4096) {}

  /** The record in `file` as `parse` reads it (which must give the same record for the same bytes): kept, or parsed again. */
  async get(file: string, parse: (file: string) => Promise<Parsed | undefined>): Promise<Parsed | undefined> {
    const stamp = await stampNow(file, '');
    const known = this.known.get(file);
    if (stamp !== undefined && known?.stamp === stamp) return known.record;
    const record = await parse(file);
    this.known.delete(file);
    // Kept only when the file did not change while it was read.
    if (record !== undefined && stamp !== undefined && stamp === (await stampNow(file, ''))) {
      this.known.set(file, { stamp, record });
      for (const oldest of this.known.keys()) {
        if (this.known.size <= this.capacity) break;
        this.known.delete(oldest);
      }
    }
    return record;
  }
}

/**
 * The cache's stored files this process read and found to have the bytes their records name, by
 * the identity and times of the file when it was read (inode, size, modification and change
 * times): a file that has not been written since is not read and hashed again. Every build read
 * each cached chapter's three files whole, some 70 MB for the generated edition (0.5 s of a
 * rebuild under `build --watch`). A file replaced or written to has a new change time, which no
 * one can set back.
 */
export class CheckedFiles {
  private readonly stamps = new Map<string, string>();
  /** The chapters' and the books' records as parsed, each read again only once its file changed. */
  readonly chapterRecords = new ParsedRecords<Readonly<CacheRecord>>();
  readonly bookRecords = new ParsedRecords<Readonly<BookRecord>>();

  /** `read`: how a file is read (tests count the reads). */
  constructor(private readonly read: typeof readRegularFile = readRegularFile) {}

  /** Whether `file` holds `size` bytes whose digest is `sha256`: known so and unchanged since, or read and found so. */
  async whole(file: string, size: number, sha256: string): Promise<boolean> {
    const known = this.stamps.get(file);
    const stamp = await stampNow(file, sha256);
    if (known !== undefined && known === stamp) return true;
    const read = await this.read(file, maxStoredFileBytes);
    if (!read.ok || read.bytes.byteLength !== size || sha256Of(read.bytes) !== sha256) return false;
    // Remembered only when the file did not change while it was read.
    if (stamp !== undefined && stamp === (await stampNow(file, sha256))) this.stamps.set(file, stamp);
    return true;
  }
}

function stampOf(info: Stats | undefined, sha256: string): string | undefined {
  return info?.isFile() === true ? `${String(info.ino)}:${String(info.size)}:${String(info.mtimeMs)}:${String(info.ctimeMs)}:${sha256}` : undefined;
}

/** The file's stamp now (none when it is not a regular file). */
async function stampNow(file: string, sha256: string): Promise<string | undefined> {
  return stampOf(await lstat(file).catch(() => undefined), sha256);
}

export function openCache(inputs: CacheInputs): BuildCache {
  const checked = inputs.checked ?? new CheckedFiles();
  const { prepared } = inputs;
  const chaptersDir = path.join(inputs.directory, 'chapters');
  const base = sha256OfParts(
    recordFormat,
    inputs.tool,
    templatesDigest(inputs.templates),
    settingsKey(inputs.setup),
    prepared.source.edition ? String(prepared.source.edition.file.value) : '',
    prepared.codebook?.path ?? '',
  );
  const slotOf = (chapter: SourceFile): string => sha256OfParts(base, chapter.relativePath).slice(0, 32);
  const booksDir = path.join(inputs.directory, 'books');
  const bookSlotOf = (countrySlug: string): string => sha256OfParts(base, 'country report', countrySlug).slice(0, 32);
  /** See `BuildCache.drawnFiles`. */
  const drawnFiles = async (countrySlug: string): Promise<DrawnChapterFile[]> => {
    const slot = path.join(booksDir, bookSlotOf(countrySlug));
    const stored = (await checked.bookRecords.get(path.join(slot, 'record.json'), readBookRecord))?.drawn ?? [];
    const files: DrawnChapterFile[] = [];
    const seenFiles = new Set<string>();
    const seenKeys = new Set<string>();
    let bytes = 0;
    for (const chapter of stored) {
      // Each file and each key once (the first), and no more in all than a report's chapters could be: a forged record costs nothing.
      if (seenFiles.has(chapter.sha256) || seenKeys.has(chapter.key) || bytes + chapter.size > maxDrawnBytes) continue;
      seenFiles.add(chapter.sha256);
      seenKeys.add(chapter.key);
      bytes += chapter.size;
      files.push({ key: chapter.key, file: path.join(slot, `${chapter.sha256}.bin`), sha256: chapter.sha256, size: chapter.size });
    }
    return files;
  };
  const bookKeyOf = (countrySlug: string, chapters: readonly SourceFile[], madeFrom: string | undefined): string =>
    madeFrom === undefined ? sha256OfParts(base, 'country report', countrySlug, ...chapters.map(keyOf)) : sha256OfParts(base, 'book made from', countrySlug, madeFrom);
  const usedBooks = new Set<string>();
  const keyOf = (chapter: SourceFile): string => sha256OfParts(base, chapter.relativePath, String(chapter.file.value));
  // A chapter's HTML page holds its place in the web edition (its previous and next chapters): part of its record's key.
  const pageKeyOf = (chapter: SourceFile, site: string): string => (site === '' ? keyOf(chapter) : sha256OfParts(keyOf(chapter), 'site', site));

  // Digests of the shared parts, each computed when a chapter first needs it.
  const categoryDigests = new Map<string, string | undefined>();
  const categoryDigest = (id: string): string | undefined => {
    if (!categoryDigests.has(id)) {
      const category = prepared.codebook?.categories.get(id);
      // Lines and columns are kept (diagnostics and the agreement check name them); character
      // offsets are not, so that an edit in another category leaves this one's digest alone.
      categoryDigests.set(id, category ? sha256OfParts(JSON.stringify(category, (key, value: unknown) => (key === 'offset' ? undefined : value))) : undefined);
    }
    return categoryDigests.get(id);
  };
  const referenceDigests = new Map((prepared.references?.items ?? []).map((item) => [item.id, item] as const));
  const referenceDigest = (id: string): string | undefined => {
    const item = referenceDigests.get(id);
    return item ? sha256OfParts(JSON.stringify(item)) : undefined;
  };
  let context: string | undefined;
  const referenceContext = (): string => {
    if (context === undefined) {
      // Without a style (its errors stop the build anyway) every field counts.
      const variables = prepared.style ? crossReferenceVariables(prepared.style.styleXml) : undefined;
      const items = (prepared.references?.items ?? []).map((item) => (variables ? Object.entries(item).filter(([name]) => variables.has(name)) : Object.entries(item)));
      context = sha256OfParts(prepared.style?.styleXml ?? '', JSON.stringify(items));
    }
    return context;
  };

  const dependenciesOf = (categoryId: string, citedKeys: readonly string[]): ChapterDependencies | undefined => {
    const category = categoryDigest(categoryId);
    if (category === undefined) return undefined;
    const references: [string, string][] = [];
    for (const id of [...new Set(citedKeys)].sort()) {
      const digest = referenceDigest(id);
      if (digest === undefined) return undefined;
      references.push([id, digest]);
    }
    return { category: { id: categoryId, digest: category }, references, referenceContext: references.length > 0 ? referenceContext() : undefined };
  };

  const writtenFile = path.join(inputs.directory, 'written.json');
  const used = new Set<string>();
  // The folder is marked as the cache's before anything is written to it; one with foreign files is never written.
  let claimed: Promise<boolean> | undefined;
  const claim = async (): Promise<void> => {
    claimed ??= claimCacheFolder(inputs.directory);
    if (!(await claimed)) throw new Error(`${inputs.directory} holds files rubricpress did not write; the cache leaves it alone.`);
  };
  return {
    async prune() {
      await claim();
      for (const [folder, kept] of [
        [chaptersDir, used],
        [booksDir, usedBooks],
      ] as const) {
        const slots = await readdir(folder).catch(() => []);
        for (const slot of slots) {
          if (kept.has(slot) || !slotPattern.test(slot)) continue;
          const info = await lstat(path.join(folder, slot)).catch(() => undefined);
          // Only the cache's own slot folders: a link or a file of that name is not one.
          if (info?.isDirectory() === true) await rm(path.join(folder, slot), { recursive: true, force: true });
        }
      }
    },
    async lookupBook(countrySlug, chapters, madeFrom) {
      usedBooks.add(bookSlotOf(countrySlug));
      const slot = path.join(booksDir, bookSlotOf(countrySlug));
      const record = await checked.bookRecords.get(path.join(slot, 'record.json'), readBookRecord);
      if (!record || record.key !== bookKeyOf(countrySlug, chapters, madeFrom)) return undefined;
      const outputs: StoredFile[] = [];
      for (const output of record.outputs) {
        const file = path.join(slot, `${output.sha256}.bin`);
        if (!(await checked.whole(file, output.size, output.sha256))) return undefined;
        outputs.push({ path: output.path, file, sha256: output.sha256, size: output.size });
      }
      return outputs;
    },
    async storeBook(countrySlug, chapters, outputs, madeFrom, drawn) {
      await claim();
      usedBooks.add(bookSlotOf(countrySlug));
      const slot = path.join(booksDir, bookSlotOf(countrySlug));
      await mkdir(slot, { recursive: true });
      for (const output of outputs) await replaceAtomically(path.join(slot, `${output.sha256}.bin`), (temporary) => copyFile(output.file, temporary));
      // No more than a record may name (the schema's bound: a larger record would be refused whole when read); the others are drawn again next time.
      const named = (drawn ?? []).slice(0, maxDrawnChapters);
      const record: BookRecord = {
        format: recordFormat,
        key: bookKeyOf(countrySlug, chapters, madeFrom),
        outputs: outputs.map(({ path: outputPath, sha256: digest, size }) => ({ path: outputPath, sha256: digest, size })),
        ...(named.length > 0 ? { drawn: named.map(({ key, sha256: digest, size }) => ({ key, sha256: digest, size })) } : {}),
      };
      await writeAtomically(path.join(slot, 'record.json'), `${JSON.stringify(record)}\n`);
      const kept = new Set(['record.json', ...outputs.map((output) => `${output.sha256}.bin`), ...named.map((chapter) => `${chapter.sha256}.bin`)]);
      for (const name of await readdir(slot)) if (!kept.has(name) && slotFilePattern.test(name)) await rm(path.join(slot, name), { force: true });
    },
    drawnFiles,
    async storeDrawn(countrySlug, drawn) {
      await claim();
      const slot = path.join(booksDir, bookSlotOf(countrySlug));
      await mkdir(slot, { recursive: true });
      // The slot must be the cache's own folder, not a link to somewhere else.
      if (!(await lstat(slot)).isDirectory()) throw new Error(`${slot} is not a folder.`);
      const stored: DrawnChapterFile[] = [];
      // No more than a record may name (the volume of every country report of a large edition has more): the others are drawn again next time.
      for (const chapter of drawn.slice(0, maxDrawnChapters)) {
        const digest = sha256Of(chapter.bytes);
        const file = path.join(slot, `${digest}.bin`);
        // A chapter drawn before is kept already (under watch, all but the edited one).
        if (!(await checked.whole(file, chapter.bytes.byteLength, digest))) await writeAtomically(file, chapter.bytes);
        stored.push({ key: chapter.key, file, sha256: digest, size: chapter.bytes.byteLength });
      }
      return stored;
    },
    async readMade(key) {
      const folder = path.join(inputs.directory, 'made');
      const record = await readRegularFile(path.join(folder, `${key}.sha256`), 100);
      const read = await readRegularFile(path.join(folder, `${key}.bin`), maxStoredFileBytes);
      if (!record.ok || !read.ok) return undefined;
      return new TextDecoder().decode(record.bytes).trim() === sha256Of(read.bytes) ? read.bytes : undefined;
    },
    async storeMade(key, bytes) {
      if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`${key} is not a digest.`);
      await claim();
      const folder = path.join(inputs.directory, 'made');
      await mkdir(folder, { recursive: true });
      await writeAtomically(path.join(folder, `${key}.bin`), bytes);
      await writeAtomically(path.join(folder, `${key}.sha256`), `${sha256Of(bytes)}\n`);
    },
    async readWritten(outDir) {
      try {
        const read = await readRegularFile(writtenFile, maxRecordBytes);
        if (!read.ok) return new Map();
        const parsed = writtenSchema.safeParse(JSON.parse(new TextDecoder().decode(read.bytes)));
        // Another output folder sharing this cache (--cache) has files of its own.
        return new Map(parsed.success && parsed.data.outDir === (await realpath(outDir)) ? Object.entries(parsed.data.files) : []);
      } catch {
        return new Map();
      }
    },
    async writeWritten(outDir, files) {
      await claim();
      await writeAtomically(writtenFile, `${JSON.stringify({ outDir: await realpath(outDir), files: Object.fromEntries([...files].sort(([a], [b]) => compareCodeUnits(a, b))) })}\n`);
    },

    async lookup(chapter, site = '') {
      used.add(slotOf(chapter));
      const slot = path.join(chaptersDir, slotOf(chapter));
      const record = await checked.chapterRecords.get(path.join(slot, 'record.json'), readRecord);
      if (!record || record.key !== pageKeyOf(chapter, site)) return undefined;
      const current = record.dependencies.category ? dependenciesOf(record.dependencies.category.id, record.citedKeys) : undefined;
      if (!current || !sameDependencies(current, record)) return undefined;
      // The header from the chapter itself; the files must be those it names, one per format.
      const header = chapterHeader(prepared, chapter);
      if (!header || header.categoryId !== record.dependencies.category?.id) return undefined;
      const expected = inputs.setup.formats.map((format) => editionPath(header, format));
      if (record.outputs.length !== expected.length || record.outputs.some((output, index) => output.path !== expected[index])) return undefined;
      const outputs: StoredFile[] = [];
      for (const output of record.outputs) {
        const file = path.join(slot, `${output.sha256}.bin`);
        if (!(await checked.whole(file, output.size, output.sha256))) return undefined;
        outputs.push({ path: output.path, file, sha256: output.sha256, size: output.size });
      }
      // Its search entries name its own page, or the record is not this chapter's.
      if (record.search?.some((entry) => entry.path !== editionPath(header, 'html'))) return undefined;
      if (inputs.setup.formats.includes('html') && record.search === undefined) return undefined;
      replayMessages(chapter.file, record.messages);
      const tree = record.tree ? { file: path.join(slot, `${record.tree.sha256}.bin`), sha256: record.tree.sha256, size: record.tree.size } : undefined;
      return { report: header, citedKeys: record.citedKeys, outputs, results: record.results, ...(record.search ? { search: record.search } : {}), ...(tree ? { tree } : {}) };
    },

    async readTree(tree) {
      return readCachedBytes(tree, maxTreeBytes);
    },

    async store(chapter, entry, site = '') {
      const dependencies = dependenciesOf(entry.report.categoryId, entry.citedKeys);
      const messages = messagesOf(chapter.file);
      // Only clean chapters are kept (an error stops the build), and only when a lookup would give
      // back the header they were rendered with.
      const header = chapterHeader(prepared, chapter);
      if (!dependencies || messages.some((message) => message.fatal !== false) || !header || !sameHeader(header, entry.report)) return;
      await claim();
      used.add(slotOf(chapter));
      const slot = path.join(chaptersDir, slotOf(chapter));
      await mkdir(slot, { recursive: true });
      const outputs = entry.outputs;
      for (const output of outputs) await replaceAtomically(path.join(slot, `${output.sha256}.bin`), (temporary) => copyFile(output.file, temporary));
      const tree = entry.tree ? { sha256: sha256Of(entry.tree), size: entry.tree.byteLength } : undefined;
      if (entry.tree && tree) await writeAtomically(path.join(slot, `${tree.sha256}.bin`), entry.tree);
      const record: CacheRecord = {
        format: recordFormat,
        key: pageKeyOf(chapter, site),
        dependencies: { references: dependencies.references.map(([id, digest]) => [id, digest]), ...(dependencies.category ? { category: dependencies.category } : {}), ...(dependencies.referenceContext ? { referenceContext: dependencies.referenceContext } : {}) },
        citedKeys: [...entry.citedKeys],
        messages: messages.map((message) => ({ ...message, fatal: false, ruleId: message.ruleId ?? '' })),
        outputs: outputs.map(({ path: outputPath, sha256: digest, size }) => ({ path: outputPath, sha256: digest, size })),
        results: { subcategories: [...entry.results.subcategories], scores: [...entry.results.scores] },
        ...(tree ? { tree } : {}),
        ...(entry.search ? { search: entry.search.map((found) => ({ ...found, anchor: found.anchor.kind === 'question' ? { kind: 'question' as const, id: found.anchor.id } : { kind: 'keyFindings' as const } })) } : {}),
      };
      await writeAtomically(path.join(slot, 'record.json'), `${JSON.stringify(record)}\n`);
      // The files of the record this one replaced (only files named as the cache names them).
      const kept = new Set(['record.json', ...outputs.map((output) => `${output.sha256}.bin`), ...(tree ? [`${tree.sha256}.bin`] : [])]);
      for (const name of await readdir(slot)) if (!kept.has(name) && slotFilePattern.test(name)) await rm(path.join(slot, name), { force: true });
    },
  };
}

function sameDependencies(current: ChapterDependencies, record: CacheRecord): boolean {
  const recorded = record.dependencies;
  return (
    current.category?.digest === recorded.category?.digest &&
    current.referenceContext === recorded.referenceContext &&
    JSON.stringify(current.references) === JSON.stringify(recorded.references)
  );
}

function readBookRecord(file: string): Promise<BookRecord | undefined> {
  return readRecordOf(file, bookRecordSchema);
}

function readRecord(file: string): Promise<CacheRecord | undefined> {
  return readRecordOf(file, recordSchema);
}

async function readRecordOf<Schema extends z.ZodType>(file: string, schema: Schema): Promise<z.infer<Schema> | undefined> {
  try {
    const read = await readRegularFile(file, maxRecordBytes);
    if (!read.ok) return undefined;
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(read.bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A record that cannot be read: a miss.
    return undefined;
  }
}

/** A cache file written whole under a temporary name and renamed into place: a reader never sees half of one. */
async function replaceAtomically(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = `${target}.${String(process.pid)}.tmp`;
  await write(temporary);
  await rename(temporary, target);
}

function writeAtomically(target: string, contents: string | Uint8Array): Promise<void> {
  return replaceAtomically(target, (temporary) => writeFile(temporary, contents));
}

/** The templates as the renderers see them. */
export function templatesDigest(templates: Templates): string {
  const parts: (string | Uint8Array)[] = [JSON.stringify(templates.theme), templates.layout, templates.stylesheet];
  for (const name of [...templates.citationStyles.keys()].sort()) parts.push(name, templates.citationStyles.get(name) ?? '');
  if (templates.fonts) {
    for (const role of fontRoles) {
      for (const style of fontStyles) parts.push(role, style, templates.fonts[role][style]);
    }
  }
  // Fallback fonts are large and read only when a character needs them: the theme names their
  // files, and their sizes tell another version of a file (the DOCX names them too).
  for (const fallback of templates.fallbackFonts ?? []) parts.push(fallback.family, String(fallback.size));
  // Whether the web edition serves the fonts changes every page's stylesheet.
  if (templates.webFonts) parts.push('web fonts', sha256OfParts(...fontRoles.flatMap((role) => fontStyles.map((style) => templates.webFonts?.[role][style] ?? new Uint8Array()))));
  return sha256OfParts(...parts);
}

/**
 * The tool itself: its version, every file of its code (dist/ for the command, src/ under the
 * tests) and the locked versions of its dependencies. A changed renderer is a different tool.
 */
export async function toolDigest(codeDir: string, lockFile: string): Promise<string> {
  const files = (await readdir(codeDir, { recursive: true })).filter((name) => /\.(js|ts|mjs|json)$/.test(name)).sort();
  const contents = await mapInParallel(files, fileReadsAtOnce, (name) => readFile(path.join(codeDir, name)));
  const parts: (string | Uint8Array)[] = files.flatMap((name, index) => {
    const bytes = contents[index];
    if (bytes === undefined) throw new Error(`${name} was not read for the tool's digest.`);
    return [name, bytes];
  });
  parts.push(await readFile(lockFile).catch(() => new Uint8Array()));
  return sha256OfParts(...parts);
}
