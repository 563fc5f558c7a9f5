/**
 * Putting an edition in place as one transaction. Every file was written to the staging folder
 * first; the commit then
 *
 * 1. checks each target (no folder where a file goes, no symbolic link on the way) and makes the
 *    folders that are missing;
 * 2. keeps each file it will replace as a hard link in `.rubricpress/backup/<id>/` (a copy where
 *    the file system has no hard links), so that the old file stays where it is until replaced;
 * 3. writes the journal `.rubricpress/commit.json` (and fsyncs it and its folder) listing each
 *    target, its staged file and its backup;
 * 4. renames each staged file over its target (each rename is atomic), the edition manifest
 *    `.rubricpress/edition.json` last;
 * 5. removes the journal: the commit is complete. Backups and staging files are removed after.
 *
 * When a rename fails (a file that cannot be replaced, a read-only folder), the journal is turned
 * to `back` and every file already replaced is put back from its backup (a file that had none is
 * removed), so the folder holds the earlier edition as it was. When the process is killed, the next
 * command that opens the folder finds the journal and finishes the job (`recoverCommit`): `forward`
 * renames the staged files that were not yet in place (the edition was complete and checked before
 * the journal was written), `back` finishes an undo. Each step of either is idempotent, so a kill
 * during recovery is recovered in turn. Either way the folder then holds one complete edition, which
 * `edition.json` describes.
 *
 * Durability: the journal is fsynced before the first rename, which is what recovery after a killed
 * process needs; the editions' own bytes are not fsynced (that would cost a flush per file), so after
 * a power cut the file system's own ordering of renames and data decides (ext4 flushes a file's data
 * before a rename over an existing file).
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { compareCodeUnits } from './digest.js';
import { AbandonedByFault, noFaults, type FaultInjector } from './faults.js';
import { bookkeepingOf, isEditionPath, manifestRelative, OutputError, outputPath } from './out-folder.js';

/** A file of an edition as the manifest lists it. */
export interface EditionFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

const editionFileSchema = z.strictObject({
  path: z.string().refine(isEditionPath),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

const manifestSchema = z.strictObject({
  format: z.literal('rubricpress-edition/1'),
  /** The SHA-256 of the file list: one edition's name, the same for the same files. */
  id: z.string().regex(/^[0-9a-f]{64}$/),
  files: z.array(editionFileSchema).max(1_000_000),
});
export type EditionManifest = z.infer<typeof manifestSchema>;

const stagingIdPattern = /^\d{1,10}-[0-9a-f]{16}$/;
const entryName = z.string().regex(/^\d{1,9}$/);

const journalSchema = z.strictObject({
  format: z.literal('rubricpress-commit/1'),
  id: z.string().regex(stagingIdPattern),
  direction: z.enum(['forward', 'back']),
  entries: z
    .array(
      z.strictObject({
        path: z.string().refine((relative) => isEditionPath(relative) || relative === manifestRelative),
        staged: entryName,
        backup: entryName.nullable(),
      }),
    )
    .max(1_000_000),
  /** Folders the commit made, outermost first: removed again (when empty) by an undo. */
  folders: z.array(z.string().refine(isEditionPath)).max(1_000_000),
});
type Journal = z.infer<typeof journalSchema>;

/** A fresh id for a staging folder: the process and 64 random bits. */
export function newStagingId(): string {
  return `${String(process.pid)}-${randomBytes(8).toString('hex')}`;
}

export function manifestOf(files: readonly EditionFile[]): EditionManifest {
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.path, b.path));
  const id = createHash('sha256')
    .update(sorted.map((file) => `${file.path} ${file.sha256} ${String(file.size)}\n`).join(''))
    .digest('hex');
  return { format: 'rubricpress-edition/1', id, files: sorted };
}

/** The manifest of the last complete commit, or undefined when there is none (or it is not one). */
export async function readEditionManifest(outDir: string): Promise<EditionManifest | undefined> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(bookkeepingOf(outDir).manifest, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

interface Move {
  readonly relative: string;
  readonly staged: string;
}

export interface CommitRequest {
  readonly outDir: string;
  /** The staging folder's id: its files are `.rubricpress/staging/<id>/<name>`. */
  readonly stagingId: string;
  /** Staged file name → the path it takes, in order. */
  readonly moves: readonly Move[];
  /** Every file of the edition after the commit (those moved and those left as they were), for edition.json. */
  readonly edition: readonly EditionFile[];
  readonly faults?: FaultInjector;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function writeDurably(file: string, contents: string): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await syncFolder(path.dirname(file));
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the rename itself stands.
  } finally {
    await handle.close();
  }
}

/**
 * The folders from `outDir` down to the target's folder, each checked to be a real folder (not a
 * symbolic link, which would lead the file elsewhere); those missing are added to `missing`
 * (outermost first, each once).
 */
async function checkFolders(outDir: string, relative: string, missing: string[]): Promise<void> {
  // The manifest's folder is .rubricpress/, which holds the lock: it is there.
  if (relative === manifestRelative) return;
  const parts = relative.split('/').slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth += 1) {
    const folderRelative = parts.slice(0, depth).join('/');
    if (missing.includes(folderRelative)) continue;
    const folder = outputPath(outDir, folderRelative);
    const info = await lstat(folder).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (info === undefined) missing.push(folderRelative);
    else if (info.isSymbolicLink()) throw new Error(`${folder} is a symbolic link; rubricpress writes only into real folders inside the output folder`);
    else if (!info.isDirectory()) throw new Error(`${folder} is a file, where a folder is needed`);
  }
}

/** Makes the folders a target needs that are missing (recovery: the journal's list may be partly made). */
async function makeFolders(outDir: string, relative: string): Promise<void> {
  const missing: string[] = [];
  await checkFolders(outDir, relative, missing);
  for (const folder of missing) await mkdir(outputPath(outDir, folder));
}

/** Puts the staged files in place as one transaction (see the module's comment); returns the targets. */
export async function commitStaged(request: CommitRequest): Promise<string[]> {
  const { outDir, stagingId } = request;
  const faults = request.faults ?? noFaults;
  const keeping = bookkeepingOf(outDir);
  const stagingDir = path.join(keeping.staging, stagingId);
  const backupDir = path.join(keeping.backup, stagingId);

  // The manifest goes last, staged like every other file (as `0`: the staging numbers its files from 1).
  const manifest = manifestOf(request.edition);
  const manifestName = '0';
  // A build whose files all stayed as they were (a rebuild from the cache, without HTML's index) held none: the folder is made here.
  await mkdir(stagingDir, { recursive: true }).catch(() => undefined);
  await writeDurably(path.join(stagingDir, manifestName), `${JSON.stringify(manifest, null, 1)}\n`).catch((error: unknown) => {
    throw new OutputError(`cannot write the editions into ${outDir}: ${reasonOf(error)}. Nothing was changed there.`, { cause: error });
  });
  const moves: Move[] = [...request.moves, { relative: manifestRelative, staged: manifestName }];

  // 1 and 2: targets checked (and the folders missing noted, to be made once the journal lists them), the files to be replaced kept.
  const folders: string[] = [];
  const entries: Journal['entries'] = [];
  try {
    for (const move of moves) {
      const target = outputPath(outDir, move.relative);
      await checkFolders(outDir, move.relative, folders);
      const existing = await lstat(target).catch(() => undefined);
      if (existing?.isDirectory() === true) throw new Error(`${target} is a folder, where a file is to go`);
      entries.push({ path: move.relative, staged: move.staged, backup: existing ? String(entries.length) : null });
    }
    await mkdir(backupDir, { recursive: true });
    for (const entry of entries) {
      if (entry.backup === null) continue;
      const target = outputPath(outDir, entry.path);
      const backup = path.join(backupDir, entry.backup);
      await link(target, backup).catch(async (error: unknown) => {
        // No hard links here (or across this mount): a copy keeps the old bytes just as well.
        if (errorCode(error) === 'EPERM' || errorCode(error) === 'EXDEV' || errorCode(error) === 'ENOTSUP' || errorCode(error) === 'EMLINK') await copyFile(target, backup);
        else throw error;
      });
    }
    faults.at('commit:after-backup');
  } catch (error) {
    if (error instanceof AbandonedByFault) throw error;
    await removeQuietly(backupDir);
    throw new OutputError(`cannot write the editions into ${outDir}: ${reasonOf(error)}. Nothing was changed there.`, { cause: error });
  }

  // 3: the journal, on disk before the first rename.
  const journal: Journal = { format: 'rubricpress-commit/1', id: stagingId, direction: 'forward', entries, folders };
  try {
    await writeDurably(keeping.journal, `${JSON.stringify(journal)}\n`);
    faults.at('commit:after-journal');
  } catch (error) {
    if (error instanceof AbandonedByFault) throw error;
    await rm(keeping.journal, { force: true }).catch(() => undefined);
    await removeQuietly(backupDir);
    throw new OutputError(`cannot write the editions into ${outDir}: ${reasonOf(error)}. Nothing was changed there.`, { cause: error });
  }
  // The folders the journal lists, made now: an undo removes them again.
  try {
    for (const folder of folders) await mkdir(outputPath(outDir, folder));
  } catch (error) {
    const undone = await undo(outDir, journal, 0, faults);
    throw new OutputError(`cannot write the editions into ${outDir}: ${reasonOf(error)}. ${undone.ok ? 'Nothing was changed there.' : `Removing the folders made for it failed too (${undone.reason}).`}`, { cause: error });
  }

  // 4: the renames.
  const targets: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const target = outputPath(outDir, entry.path);
    let replaced = index;
    try {
      faults.at('commit:before-rename');
      await rename(path.join(stagingDir, entry.staged), target);
      replaced += 1;
      faults.at('commit:after-rename');
    } catch (error) {
      if (error instanceof AbandonedByFault) throw error;
      // This entry too, in case it was renamed before the failure (a staged file still there is skipped).
      const undone = await undo(outDir, journal, index + 1, faults);
      const cause = `cannot replace ${target}: ${reasonOf(error)}`;
      if (undone.ok) {
        throw new OutputError(
          `${cause}. ${replaced === 0 ? 'Nothing in the output folder was changed.' : `The ${String(replaced)} ${replaced === 1 ? 'file' : 'files'} already replaced ${replaced === 1 ? 'was' : 'were'} put back, so ${outDir} holds the earlier edition as it was.`}`,
          { cause: error },
        );
      }
      throw new OutputError(
        `${cause}. Putting back the files already replaced failed too (${undone.reason}); ${outDir} holds part of each edition until the next rubricpress build or verify into it finishes the undo (the journal .rubricpress/commit.json says what to do).`,
        { cause: error },
      );
    }
    targets.push(target);
  }

  // 5: complete.
  faults.at('commit:before-journal-removal');
  await rm(keeping.journal, { force: true });
  await syncFolder(keeping.root).catch(() => undefined);
  await removeQuietly(backupDir);
  await removeQuietly(stagingDir);
  // The manifest is bookkeeping, not a file of the edition.
  return targets.slice(0, -1);
}

/**
 * Turns the journal to `back` and undoes its first `count` entries (all, from recovery): each target
 * gets its backup back, or is removed when it had none; then the folders it made, if empty, and the
 * journal. On a failure the journal stays, for the next command to finish.
 */
async function undo(outDir: string, journal: Journal, count: number, faults: FaultInjector): Promise<{ ok: true } | { ok: false; reason: string }> {
  const keeping = bookkeepingOf(outDir);
  const backupDir = path.join(keeping.backup, journal.id);
  try {
    const back: Journal = { ...journal, direction: 'back' };
    await writeDurably(keeping.journal, `${JSON.stringify(back)}\n`);
    for (const entry of journal.entries.slice(0, count).reverse()) {
      // Still staged: never renamed, so its target is the earlier file (or none), as it should be.
      if (await exists(path.join(keeping.staging, journal.id, entry.staged))) continue;
      const target = outputPath(outDir, entry.path);
      if (entry.backup === null) {
        // It had no file before: what is there is this commit's.
        await rm(target, { force: true });
      } else {
        const backup = path.join(backupDir, entry.backup);
        // A backup already renamed back (by an undo that was stopped) is gone: that entry is done.
        if (await exists(backup)) await rename(backup, target);
      }
      faults.at('recover:after-rename');
    }
    await removeFolders(outDir, journal.folders);
    await rm(keeping.journal, { force: true });
    await syncFolder(keeping.root).catch(() => undefined);
  } catch (error) {
    if (error instanceof AbandonedByFault) throw error;
    return { ok: false, reason: reasonOf(error) };
  }
  await removeQuietly(backupDir);
  await removeQuietly(path.join(keeping.staging, journal.id));
  return { ok: true };
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

async function removeQuietly(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true }).catch(() => undefined);
}

/** Removes the folders a commit made, innermost first, each only if it is empty. */
async function removeFolders(outDir: string, folders: readonly string[]): Promise<void> {
  for (const folder of [...folders].reverse()) await rmdir(outputPath(outDir, folder)).catch(() => undefined);
}

/**
 * Finishes a commit that a killed process left (forward, or the undo it began) and removes what
 * builds that were killed before or after their commit left in `.rubricpress/`. Call with the
 * folder's lock held. Returns what it did, for the user.
 */
export async function recoverCommit(outDir: string, faults: FaultInjector = noFaults): Promise<string[]> {
  const keeping = bookkeepingOf(outDir);
  const notices: string[] = [];
  let text: string | undefined;
  try {
    text = await readFile(keeping.journal, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new OutputError(`cannot read ${keeping.journal}: ${reasonOf(error)}.`, { cause: error });
  }
  let keep: string | undefined;
  if (text !== undefined) {
    let parsed: Journal | undefined;
    try {
      const result = journalSchema.safeParse(JSON.parse(text));
      parsed = result.success ? result.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      throw new OutputError(
        `${keeping.journal} is not a commit journal rubricpress wrote, so it cannot tell which files to finish or undo; nothing was changed. Check ${outDir} (rubricpress verify tells whether it agrees with the source), then delete the journal and build again.`,
      );
    }
    keep = parsed.id;
    notices.push(await finishJournal(outDir, parsed, faults));
  }
  // Staging and backup folders no journal names: builds that were killed before or after a commit.
  for (const folder of [keeping.staging, keeping.backup]) {
    for (const name of await readdir(folder).catch(() => [])) {
      if (stagingIdPattern.test(name) && name !== keep) await removeQuietly(path.join(folder, name));
    }
  }
  await rm(`${keeping.journal}.tmp`, { force: true }).catch(() => undefined);
  return notices;
}

async function finishJournal(outDir: string, journal: Journal, faults: FaultInjector): Promise<string> {
  const keeping = bookkeepingOf(outDir);
  const stagingDir = path.join(keeping.staging, journal.id);
  const files = journal.entries.length - 1;
  if (journal.direction === 'forward') {
    try {
      let renamed = 0;
      for (const entry of journal.entries) {
        const staged = path.join(stagingDir, entry.staged);
        if (!(await exists(staged))) continue;
        const target = outputPath(outDir, entry.path);
        await makeFolders(outDir, entry.path);
        await rename(staged, target);
        renamed += 1;
        faults.at('recover:after-rename');
      }
      await rm(keeping.journal, { force: true });
      await syncFolder(keeping.root).catch(() => undefined);
      await removeQuietly(path.join(keeping.backup, journal.id));
      await removeQuietly(stagingDir);
      return `${outDir}: a build was stopped while it put its ${String(files)} files in place; the remaining ${String(renamed)} were put in place, so the folder holds that build's complete edition.`;
    } catch (error) {
      if (error instanceof AbandonedByFault) throw error;
      const undone = await undo(outDir, journal, journal.entries.length, faults);
      if (!undone.ok) {
        throw new OutputError(`${outDir}: a build was stopped while it put its files in place, and neither finishing (${reasonOf(error)}) nor undoing it (${undone.reason}) worked. Make the folder writable and run rubricpress again.`, { cause: error });
      }
      return `${outDir}: a build was stopped while it put its files in place, and finishing it failed (${reasonOf(error)}); its files were taken out again, so the folder holds the earlier edition.`;
    }
  }
  const undone = await undo(outDir, journal, journal.entries.length, faults);
  if (!undone.ok) throw new OutputError(`${outDir}: the undo of a stopped build could not be finished (${undone.reason}). Make the folder writable and run rubricpress again.`);
  return `${outDir}: a build was stopped while it took its files out again; that was finished, so the folder holds the earlier edition.`;
}
