/**
 * Reading a source folder from disk: the only part of the source handling that touches the file
 * system. Everything it reads becomes a VFile (with diagnostics for files that are missing, not
 * UTF-8 or not text); the pure steps after it never see a path that doesn't exist.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import type { RuleId } from '../diagnostics/catalog.js';
import { report } from '../diagnostics/report.js';
import { reportControlCharacters } from './control-characters.js';
import { decodeSource } from './decode.js';
import { readRegularFile } from './regular-file.js';

export interface SourceFile {
  readonly file: VFile;
  /** Path relative to the source folder, with `/` separators: `chapters/japan/coordination.md`. */
  readonly relativePath: string;
}

export interface SourceFolder {
  readonly root: string;
  /** Undefined when missing; the problem is reported on `folderFile`. */
  readonly edition: SourceFile | undefined;
  readonly codebook: SourceFile | undefined;
  readonly references: SourceFile | undefined;
  readonly chapters: readonly SourceFile[];
  /** Holds diagnostics about the folder itself (missing files). */
  readonly folderFile: VFile;
}

/** Whether a source file could be read as text (missing, too large, binary or not UTF-8: not). */
export function isReadable(entry: SourceFile | undefined): entry is SourceFile {
  return entry !== undefined && entry.file.data['sourceReadable'] === true;
}

/** Marks what `isReadable` tells; for files made from text already read (a worker's copies). */
export function markReadable(file: VFile, readable: boolean): void {
  file.data['sourceReadable'] = readable;
}

export const sourceFileNames = { edition: 'edition.yaml', codebook: 'codebook.yaml', references: 'references.yaml', chapters: 'chapters' } as const;

/** Paths in messages are relative to the working directory, as compilers print them. */
function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative === '' || relative.startsWith('..') ? absolute : relative;
}

/**
 * The largest chapter rubricpress reads: 75 times the sample's and some 300 PDF pages, far more than
 * one country's chapter on one category needs, yet small enough for every edition to be built in
 * seconds. A larger file is most likely not a chapter (an export, a log, a paste gone wrong).
 */
export const maxChapterBytes = 1_000_000;

/**
 * The largest YAML file (codebook.yaml, references.yaml, edition.yaml, theme.yaml): a codebook of
 * several thousand questions or a bibliography of ten thousand works fits, and parsing it with
 * positions stays within the memory a build may use.
 */
export const maxYamlBytes = 1_000_000;

/**
 * The most that all chapters together may hold: every chapter is read before any is compiled, so
 * this bounds what a build holds of them (a full edition of 250 chapters is some 5 MB).
 */
export const maxChaptersBytes = 32_000_000;
/** The most chapters an edition may have (each is a few kilobytes of bookkeeping besides its text). */
export const maxChapters = 10_000;

/** The largest other template file (layout, stylesheet, citation style). */
export const maxTemplateBytes = 2_000_000;

function limitOf(relativePath: string): { readonly bytes: number; readonly what: string } {
  if (relativePath.endsWith('.md')) return { bytes: maxChapterBytes, what: 'a chapter' };
  if (relativePath.endsWith('.yaml') || relativePath.endsWith('.yml')) return { bytes: maxYamlBytes, what: 'a YAML file' };
  return { bytes: maxTemplateBytes, what: 'a template file' };
}

/** An unreadable source file: its diagnostic, and no text. */
function refused(absolute: string, relativePath: string, ruleId: RuleId, reason: string): SourceFile {
  const file = new VFile({ path: displayPath(absolute), value: '' });
  report(file, ruleId, undefined, reason);
  markReadable(file, false);
  return { file, relativePath };
}

/** Whether `inner` is `outer` or lies inside it (both real paths). */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Reads a file of the source (or templates) folder `root` as text, never throwing for what the file
 * is: a missing file, a folder, a FIFO or device, a symbolic link that leads outside `root`, a file
 * that cannot be read, one over its size limit, binary data, text that is not UTF-8 — each is one
 * diagnostic on the file, which is then not readable. A symbolic link that stays inside `root` is
 * followed. Nothing of a refused file's contents is read, let alone quoted.
 */
export async function readSourceFile(root: string, relativePath: string, options: { readonly missing?: string } = {}): Promise<SourceFile> {
  const absolute = path.join(root, ...relativePath.split('/'));
  const limit = limitOf(relativePath);
  let target = absolute;
  const link = await lstat(absolute).catch(() => undefined);
  if (link?.isSymbolicLink() === true) {
    const [realRoot, realTarget] = await Promise.all([realpath(root).catch(() => path.resolve(root)), realpath(absolute).catch(() => undefined)]);
    if (realTarget === undefined) return refused(absolute, relativePath, 'source-missing', `${relativePath} is a symbolic link to a file that does not exist. Replace it with the file itself.`);
    if (!isWithin(realTarget, realRoot)) {
      return refused(absolute, relativePath, 'source-outside-folder', `${relativePath} is a symbolic link that leads outside the folder (${displayPath(realRoot)}); rubricpress reads only files inside it, so it is not read. Put the file itself in the folder.`);
    }
    target = realTarget;
  }
  const read = await readRegularFile(target, limit.bytes);
  if (!read.ok) {
    switch (read.kind) {
      case 'missing':
        return refused(absolute, relativePath, 'source-missing', options.missing ?? `There is no ${relativePath}. Create it (see docs/source-format.md), or point rubricpress at the right folder.`);
      case 'too-large': {
        const size = read.size > limit.bytes + 1 || relativePath.endsWith('.md') ? byteCount(read.size) : `more than ${byteCount(limit.bytes)}`;
        return refused(
          absolute,
          relativePath,
          'source-too-large',
          relativePath.endsWith('.md')
            ? `The chapter is ${size}; a chapter may be at most ${byteCount(maxChapterBytes)} (1 MB), so it is not read. Check that the right file is in the source folder, and shorten any paragraph pasted in whole from elsewhere.`
            : `The file is ${size}; ${limit.what} may be at most ${byteCount(limit.bytes)}, so it is not read. Check that the right file is in the folder.`,
        );
      }
      case 'symlink':
        // Replaced by a link between the lstat above and the open: refused as a link leading out.
        return refused(absolute, relativePath, 'source-outside-folder', `${relativePath} is a symbolic link; rubricpress reads only files inside the folder, so it is not read. Put the file itself in the folder.`);
      case 'not-a-file':
        return refused(absolute, relativePath, 'source-not-a-file', `${relativePath} must be a file, but ${read.reason}. Replace it with the file itself.`);
      case 'unreadable':
        return refused(absolute, relativePath, 'source-unreadable', `${relativePath} cannot be read: ${read.reason}. Check the file's permissions (rubricpress needs to read it).`);
    }
  }
  const decoded = decodeSource(read.bytes);
  const file = new VFile({ path: displayPath(absolute), value: decoded.ok ? decoded.text.replace(/^\uFEFF/, '') : '' });
  if (!decoded.ok) report(file, decoded.kind === 'binary' ? 'source-not-text' : 'source-encoding', decoded.at, decoded.reason);
  else reportControlCharacters(file, String(file.value));
  markReadable(file, decoded.ok);
  return { file, relativePath };
}

function byteCount(count: number): string {
  return `${count.toLocaleString('en-US')} bytes`;
}

/** The names in a folder, or undefined when it does not exist (or is not a folder). */
async function namesIn(folder: string): Promise<Set<string> | undefined> {
  try {
    return new Set(await readdir(folder));
  } catch {
    return undefined;
  }
}

/**
 * Every `.md` file below `chapters/`, sorted so that builds don't depend on directory order. Entries
 * that are not folders or ordinary files (symbolic links, FIFOs) are listed too, so that reading them
 * reports what they are; folders linked from inside are not followed. A `chapters` that is not a
 * folder inside the source folder is reported on the folder.
 */
async function listChapters(root: string, folderFile: VFile): Promise<string[]> {
  const chaptersRoot = path.join(root, sourceFileNames.chapters);
  const info = await lstat(chaptersRoot).catch(() => undefined);
  if (info?.isSymbolicLink() === true) {
    const [realRoot, realChapters] = await Promise.all([realpath(root).catch(() => path.resolve(root)), realpath(chaptersRoot).catch(() => undefined)]);
    if (realChapters === undefined || !isWithin(realChapters, realRoot)) {
      report(folderFile, 'source-outside-folder', undefined, `chapters/ is a symbolic link that leads outside the source folder; rubricpress reads only files inside it. Put the chapters themselves in the folder.`);
      return [];
    }
  }
  let entries;
  try {
    entries = await readdir(chaptersRoot, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    report(folderFile, code === 'ENOTDIR' ? 'source-not-a-file' : 'source-unreadable', undefined, code === 'ENOTDIR' ? 'chapters must be a folder of chapters, but it is a file. Make it a folder.' : `The folder chapters/ cannot be read (${code || 'unknown error'}). Check its permissions.`);
    return [];
  }
  return entries
    .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.md'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export async function readSourceFolder(root: string): Promise<SourceFolder> {
  const folderFile = new VFile({ path: displayPath(root) });
  // The folder is listed once; each expected file is looked up in that list.
  const names = await namesIn(root);
  if (!names) {
    report(folderFile, 'source-missing', undefined, `The source folder ${displayPath(root)} does not exist. Give the folder that holds edition.yaml, codebook.yaml, references.yaml and chapters/.`);
    return { root, edition: undefined, codebook: undefined, references: undefined, chapters: [], folderFile };
  }
  const optional = async (name: string): Promise<SourceFile | undefined> => {
    if (names.has(name)) return readSourceFile(root, name);
    report(folderFile, 'source-missing', undefined, `The source folder has no ${name}. Create it (see docs/source-format.md), or point rubricpress at the right folder.`);
    return undefined;
  };
  const [edition, codebook, references] = await Promise.all([
    optional(sourceFileNames.edition),
    optional(sourceFileNames.codebook),
    optional(sourceFileNames.references),
  ]);
  const chapterPaths = names.has(sourceFileNames.chapters) ? await listChapters(root, folderFile) : [];
  if (chapterPaths.length === 0 && folderFile.messages.length === 0) {
    report(folderFile, 'source-missing', undefined, `The source folder has no chapters (no .md files below ${sourceFileNames.chapters}/). Add one per country and category, e.g. chapters/japan/coordination.md.`);
  }
  if (chapterPaths.length > maxChapters) {
    report(folderFile, 'source-too-large', undefined, `The source folder has ${String(chapterPaths.length)} chapters; an edition may have at most ${String(maxChapters)}, so none is read. Check that chapters/ holds only chapters, or build the edition in parts.`);
    return { root, edition, codebook, references, chapters: [], folderFile };
  }
  const sizes = await Promise.all(chapterPaths.map((relative) => lstat(path.join(root, ...relative.split('/'))).then((info) => (info.isFile() ? info.size : 0), () => 0)));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > maxChaptersBytes) {
    report(
      folderFile,
      'source-too-large',
      undefined,
      `The ${String(chapterPaths.length)} chapters hold ${byteCount(total)} in all; an edition's chapters may hold at most ${byteCount(maxChaptersBytes)} together, so none is read. Check that chapters/ holds only chapters, or build the edition in parts.`,
    );
    return { root, edition, codebook, references, chapters: [], folderFile };
  }
  const chapters = await Promise.all(chapterPaths.map((relative) => readSourceFile(root, relative)));
  return { root, edition, codebook, references, chapters, folderFile };
}
