/**
 * Outputs an editor changed since rubricpress wrote them. Editors often save over the file they were
 * sent (out/docx/japan/coordination.docx, edited in Word): a build that would replace such a file
 * keeps it aside, beside the original and named so that it sorts next to it
 * (`coordination.edited.docx`, then `coordination.edited-2.docx`, …), so that nothing an editor
 * saved is lost and `rubricpress import` can bring its changes into the source.
 *
 * A file is changed when it is not what rubricpress last put there: the output folder's manifest
 * (`.rubricpress/edition.json`, written by every commit) gives each file's SHA-256 and size, and so
 * does the cache's record of what the last build wrote (`written.json`). The manifest lists the last
 * build's formats only (a `--format docx` build after a full one lists no HTML), so a file neither
 * lists is judged by its own word: a DOCX that names another application than rubricpress
 * (docProps/app.xml; Word and LibreOffice write their own names) was saved by an editor. A symbolic
 * link where an output goes is no file rubricpress wrote, and is kept aside as it is.
 *
 * Keeping aside is no rename of its own: each changed file is hard-linked (copied where links are
 * not to be had) into the build's staging folder and given its aside name there, so the journalled
 * commit (commit.ts) puts it in place with the edition, and undoes it or finishes it with the rest.
 * At every moment the editor's bytes are in the output folder under one name or the other (the
 * target, its backup, the staged link, or the aside name), and no existing file is overwritten:
 * the aside name is one that is free.
 */
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { readRegularFile } from '../source/regular-file.js';
import type { WrittenFiles } from './cache.js';
import type { EditionManifest } from './commit.js';
import { sha256Of } from './digest.js';
import { outputPath } from './out-folder.js';

export interface KeptAside {
  /** The output's path in the output folder: `docx/japan/coordination.docx`. */
  readonly path: string;
  /** Where the edited file is kept, in the output folder: `docx/japan/coordination.edited.docx`. */
  readonly keptAs: string;
}

/** A file the build is about to put in place. */
export interface IncomingFile {
  readonly path: string;
  readonly sha256: string;
}

/** What tells rubricpress's files from an editor's. */
export interface OutputRecord {
  readonly manifest: EditionManifest | undefined;
  readonly written: WrittenFiles;
}

/** No output is larger than this; a file beyond it at an output's path is not rubricpress's. */
const maxOutputBytes = 256_000_000;

/**
 * The files among `incoming` whose target holds something rubricpress did not put there, each with
 * a free aside name (distinct from one another). Nothing is moved here: the build stages them.
 */
export async function findEditedOutputs(outDir: string, incoming: readonly IncomingFile[], record: OutputRecord): Promise<KeptAside[]> {
  const listed = new Map((record.manifest?.files ?? []).map((file) => [file.path, file]));
  const kept: KeptAside[] = [];
  const taken = new Set<string>();
  for (const file of incoming) {
    const target = outputPath(outDir, file.path);
    const info = await lstat(target).catch(() => undefined);
    if (!info) continue;
    if (!(await isEdited(target, file, info, record, listed.get(file.path)))) continue;
    const keptAs = await freeAsideName(outDir, file.path, taken);
    taken.add(keptAs);
    kept.push({ path: file.path, keptAs });
  }
  return kept;
}

async function isEdited(
  target: string,
  file: IncomingFile,
  info: Stats,
  record: OutputRecord,
  listed: { readonly sha256: string; readonly size: number } | undefined,
): Promise<boolean> {
  // A link or a folder at an output's path is no file rubricpress wrote (the commit refuses a folder).
  if (!info.isFile()) return info.isSymbolicLink();
  const written = record.written.get(file.path);
  const expected = listed ?? written;
  // Unchanged since the build that recorded it, by size, time and inode: not read at all.
  if (expected && written?.sha256 === expected.sha256 && info.size === written.size && info.mtimeMs === written.mtimeMs && info.ino === written.ino) return false;
  const read = await readRegularFile(target, maxOutputBytes);
  if (!read.ok) return true;
  const digest = sha256Of(read.bytes);
  // The very bytes the build brings: replacing them loses nothing.
  if (digest === file.sha256) return false;
  if (expected) return digest !== expected.sha256 || read.bytes.byteLength !== expected.size;
  return file.path.endsWith('.docx') && !writtenByRubricpress(read.bytes);
}

/** Whether a DOCX names rubricpress as the application that wrote it (Word and LibreOffice write their own names). */
function writtenByRubricpress(bytes: Uint8Array): boolean {
  try {
    const app = unzipSync(bytes, { filter: (file) => file.name === 'docProps/app.xml' })['docProps/app.xml'];
    return app !== undefined && /<Application>rubricpress\b/.test(strFromU8(app));
  } catch {
    // Not a zip: not what rubricpress wrote.
    return false;
  }
}

/** `docx/japan/coordination.docx` → `docx/japan/coordination.edited.docx`, or `.edited-2.docx`, … when that is taken. */
async function freeAsideName(outDir: string, relative: string, taken: ReadonlySet<string>): Promise<string> {
  const extension = path.posix.extname(relative);
  const stem = relative.slice(0, relative.length - extension.length);
  for (let attempt = 1; ; attempt += 1) {
    const candidate = `${stem}.edited${attempt === 1 ? '' : `-${String(attempt)}`}${extension}`;
    if (taken.has(candidate)) continue;
    if (!(await lstat(outputPath(outDir, candidate)).catch(() => undefined))) return candidate;
  }
}
