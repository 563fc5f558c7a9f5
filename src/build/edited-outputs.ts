/**
 * Outputs an editor changed since rubricpress wrote them. Editors often save over the file they were
 * sent (out/docx/japan/coordination.docx, edited in Word): a build that would replace such a file
 * first keeps it aside, beside the original and named so that it sorts next to it
 * (`coordination.edited.docx`, then `coordination.edited-2.docx`, …), so that nothing an editor
 * saved is lost and `rubricpress import` can bring its changes into the source.
 *
 * A file is changed when it is not what the last build wrote: the build cache records each file it
 * wrote (its SHA-256, size, time and inode, `written.json`), and a file that differs from that record
 * in content was changed. Without a record (a build without the cache, or an output folder the cache
 * does not know), a DOCX that names another application than rubricpress as its writer
 * (docProps/app.xml; Word and LibreOffice write their own names) was saved by an editor.
 *
 * The one call (`keepEditedOutputsAside`) is made just before the build replaces its targets.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { WrittenFiles } from './cache.js';
import { outputPath } from './write.js';

export interface KeptAside {
  /** The output's path in the output folder: `docx/japan/coordination.docx`. */
  readonly path: string;
  /** Where the edited file is now, in the output folder: `docx/japan/coordination.edited.docx`. */
  readonly keptAs: string;
}

/** Moves every output among `paths` that was changed since rubricpress wrote it aside; returns what was moved. */
export async function keepEditedOutputsAside(outDir: string, paths: readonly string[], written: WrittenFiles): Promise<KeptAside[]> {
  const kept: KeptAside[] = [];
  for (const relative of paths) {
    const target = outputPath(outDir, relative);
    const info = await stat(target).catch(() => undefined);
    if (!info?.isFile()) continue;
    const record = written.get(relative);
    if (record && info.size === record.size && info.mtimeMs === record.mtimeMs && info.ino === record.ino) continue;
    const bytes = new Uint8Array(await readFile(target));
    const edited = record ? createHash('sha256').update(bytes).digest('hex') !== record.sha256 : relative.endsWith('.docx') && !writtenByRubricpress(bytes);
    if (!edited) continue;
    const keptAs = await freeAsideName(outDir, relative);
    await rename(target, outputPath(outDir, keptAs));
    kept.push({ path: relative, keptAs });
  }
  return kept;
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
async function freeAsideName(outDir: string, relative: string): Promise<string> {
  const extension = path.posix.extname(relative);
  const stem = relative.slice(0, relative.length - extension.length);
  for (let attempt = 1; ; attempt += 1) {
    const candidate = `${stem}.edited${attempt === 1 ? '' : `-${String(attempt)}`}${extension}`;
    if (!(await stat(outputPath(outDir, candidate)).catch(() => undefined))) return candidate;
  }
}
