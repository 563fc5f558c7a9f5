/**
 * Reading a source folder from disk: the only part of the source handling that touches the file
 * system. Everything it reads becomes a VFile (with diagnostics for files that are missing, not
 * UTF-8 or not text); the pure steps after it never see a path that doesn't exist.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import { decodeSource } from './decode.js';

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

export async function readSourceFile(root: string, relativePath: string): Promise<SourceFile> {
  const absolute = path.join(root, ...relativePath.split('/'));
  if (relativePath.endsWith('.md')) {
    const { size } = await stat(absolute);
    if (size > maxChapterBytes) {
      const file = new VFile({ path: displayPath(absolute), value: '' });
      report(
        file,
        'source-too-large',
        undefined,
        `The chapter is ${byteCount(size)}; a chapter may be at most ${byteCount(maxChapterBytes)} (1 MB), so it is not read. Check that the right file is in the source folder, and shorten any paragraph pasted in whole from elsewhere.`,
      );
      markReadable(file, false);
      return { file, relativePath };
    }
  }
  const bytes = await readFile(absolute);
  const decoded = decodeSource(bytes);
  const file = new VFile({ path: displayPath(absolute), value: decoded.ok ? decoded.text.replace(/^\uFEFF/, '') : '' });
  if (!decoded.ok) report(file, decoded.kind === 'binary' ? 'source-not-text' : 'source-encoding', decoded.at, decoded.reason);
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

/** Every `.md` file below `chapters/`, sorted so that builds don't depend on directory order. */
async function listChapters(root: string): Promise<string[]> {
  const chaptersRoot = path.join(root, sourceFileNames.chapters);
  const entries = await readdir(chaptersRoot, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
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
  const chapterPaths = names.has(sourceFileNames.chapters) ? await listChapters(root) : [];
  if (chapterPaths.length === 0) {
    report(folderFile, 'source-missing', undefined, `The source folder has no chapters (no .md files below ${sourceFileNames.chapters}/). Add one per country and category, e.g. chapters/japan/coordination.md.`);
  }
  const chapters = await Promise.all(chapterPaths.map((relative) => readSourceFile(root, relative)));
  return { root, edition, codebook, references, chapters, folderFile };
}
