/**
 * `rubricpress release`: the whole edition as one reproducible zip with a manifest, built at once or
 * in shards (for a CI matrix) that are merged afterwards. The zip of merged shards is, byte for byte,
 * the zip of one unsharded build.
 *
 * - Chapters are ordered by their path relative to the source folder (code-unit order), and shard
 *   i of n (1-based) takes the chapters at positions p (0-based) with p % n === i - 1: round robin,
 *   so each shard gets a spread of countries.
 * - Every shard writes html/index.html listing all chapters (compiling is cheap; only rendering is
 *   split), so the merge needs no source; the shards' copies must agree. The edition volume and the
 *   scores as data (data/) are the first shard's.
 * - The bundle is named `<edition-slug>-<version>.zip`: the slug of edition.yaml's title, and the
 *   version is edition.yaml's `date` (the edition's publication date), so a bundle names its content,
 *   not the tool that made it (the tool's version is in the manifest's `generator`).
 * - Entries are sorted by path and all carry one time (noon of the edition's date, as the DOCX
 *   parts do); nothing comes from the clock.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { hasBlockingDiagnostics } from '../diagnostics/report.js';
import { generator } from '../package-info.js';
import { readSourceFolder } from '../source/load.js';
import { loadTemplates } from '../theme/load-templates.js';
import { slugify } from '../source/slug.js';
import { countryReportChapters, renderEdition, type ProgressEvent } from './build.js';
import { checkEdition, type CheckedChapter } from './compile.js';
import { reportUncoveredCharacters } from './glyph-coverage.js';
import { FontSet } from '../render/pdf/fonts.js';
import { allFormats, type Format } from './formats.js';
import type { PdfSubset } from '../render/pdf/pdfkit.js';
import { countPdfPages } from '../verify/extract/pdf-edition.js';
import { OutputError, outputPath, type OutputFile } from './write.js';
import { inShard, type Shard } from './shard.js';
import { compareCodeUnits, sha256Of } from './digest.js';

export { inShard, parseShard, type Shard } from './shard.js';

const manifestFileSchema = z.strictObject({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  pages: z.number().int().positive().optional(),
});

const manifestSchema = z.strictObject({
  format: z.literal('rubricpress-release/1'),
  edition: z.strictObject({ title: z.string(), slug: z.string().min(1), version: z.string().min(1) }),
  generator: z.string(),
  sourceRevision: z.string().min(1),
  formats: z.array(z.enum(['html', 'pdf', 'docx'])),
  chapters: z.number().int().nonnegative(),
  /** Present in a shard's partial manifest only. */
  shard: z.strictObject({ index: z.number().int().positive(), count: z.number().int().positive(), chapters: z.array(z.string()) }).optional(),
  files: z.array(manifestFileSchema),
});

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type ReleaseManifest = z.infer<typeof manifestSchema>;

export const manifestName = 'manifest.json';

/** A release's files, in memory: the editions (and, for a shard, nothing else) and the manifest describing them. */
export interface ReleaseContents {
  readonly outputs: readonly OutputFile[];
  readonly manifest: ReleaseManifest;
}

export interface ReleaseOptions {
  readonly sourceDir: string;
  readonly templatesDir: string;
  readonly formats?: readonly Format[];
  readonly strict: boolean;
  /** The source's revision (the CLI reads git, or SOURCE_REVISION); "unknown" when neither tells. */
  readonly sourceRevision: string;
  readonly shard?: Shard;
  readonly verify?: boolean;
  /** How many chapters render at once (default: one per core). */
  readonly jobs?: number;
  readonly pdfStandard?: PdfSubset;
  readonly sourceDate?: Date;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export interface ReleaseBuild {
  readonly ok: boolean;
  readonly files: readonly VFile[];
  /** Chapters in this build (in a shard: the shard's). */
  readonly chapters: number;
  readonly contents?: ReleaseContents;
}

/** Renders (and by default verifies) the edition, or one shard of it, in memory. */
export async function buildRelease(options: ReleaseOptions): Promise<ReleaseBuild> {
  const progress = options.onProgress ?? (() => undefined);
  const formats = options.formats ?? allFormats;
  progress({ phase: 'read', done: 0, total: 1 });
  const [loaded, source] = await Promise.all([loadTemplates(options.templatesDir, { fonts: formats.includes('pdf') || (formats.includes('docx') ? 'fallbacks' : false), webFonts: formats.includes('html') }), readSourceFolder(options.sourceDir)]);
  const templates = loaded.templates;
  if (!templates) return { ok: false, files: loaded.files, chapters: 0 };
  progress({ phase: 'check', done: 0, total: source.chapters.length });
  if (templates.fonts) reportUncoveredCharacters(source, loaded.files.find((file) => file.basename === 'theme.yaml'), new FontSet(templates.fonts));
  const checked = checkEdition(source, templates);
  const files = [...loaded.files, ...checked.files];
  const edition = checked.edition;
  if (hasBlockingDiagnostics(files, options.strict) || !edition) return { ok: false, files, chapters: 0 };

  const ordered = [...checked.chapters].sort((a, b) => compareCodeUnits(a.source.relativePath, b.source.relativePath));
  const shard = options.shard;
  const selected: CheckedChapter[] = shard ? ordered.filter((_, position) => inShard(position, shard)) : ordered;
  const part = { prepared: checked.prepared, chapters: selected };
  // The books: country reports round robin by country (in slug order), the edition volume in the first shard; merged, they are the unsharded release's.
  const countries = countryReportChapters(checked).filter((_, position) => !shard || inShard(position, shard));
  const first = !shard || shard.index === 1;
  const books = { countries, ...(first ? { volume: checked.chapters } : {}) };
  // Rendered and verified on the render pool; the files come back in chapter order.
  const outputs = await renderEdition(part, templates, formats, progress, {
    indexChapters: ordered,
    books,
    // The scores as data, with the edition volume: made from every chapter's numbers.
    ...(first ? { data: checked.chapters } : {}),
    verify: options.verify !== false,
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    ...(options.pdfStandard ? { pdfStandard: options.pdfStandard } : {}),
    ...(options.sourceDate ? { sourceDate: options.sourceDate } : {}),
  });
  if (hasBlockingDiagnostics(files, options.strict)) return { ok: false, files, chapters: selected.length };
  const sorted = [...outputs].sort((a, b) => compareCodeUnits(a.path, b.path));
  const manifest: ReleaseManifest = {
    format: 'rubricpress-release/1',
    edition: { title: edition.title, slug: slugify(edition.title) || 'edition', version: edition.date },
    generator,
    sourceRevision: options.sourceRevision,
    formats: allFormats.filter((format) => formats.includes(format)),
    chapters: ordered.length,
    ...(shard ? { shard: { ...shard, chapters: selected.map((chapter) => chapter.source.relativePath) } } : {}),
    files: await Promise.all(sorted.map(describeFile)),
  };
  return { ok: true, files, chapters: selected.length, contents: { outputs: sorted, manifest } };
}

/** The bundle's file name: `sustainable-governance-indicators-2024-2024-06-01.zip`. */
export function bundleName(manifest: ReleaseManifest): string {
  return `${manifest.edition.slug}-${manifest.edition.version}.zip`;
}

/** A shard's folder: its editions at their paths, and its partial manifest. */
export function shardFiles(contents: ReleaseContents): OutputFile[] {
  return [...contents.outputs, { path: manifestName, contents: manifestText(contents.manifest) }];
}

/** The release zip: every edition file and manifest.json, sorted by path, with one fixed time. */
export function zipRelease(contents: ReleaseContents): Uint8Array {
  const { shard: _shard, ...manifest } = contents.manifest;
  const entries = [...contents.outputs, { path: manifestName, contents: manifestText(manifest) }].sort((a, b) => compareCodeUnits(a.path, b.path));
  const zippable: Zippable = {};
  for (const entry of entries) zippable[entry.path] = typeof entry.contents === 'string' ? new TextEncoder().encode(entry.contents) : entry.contents;
  return zipSync(zippable, { level: 6, mtime: entryTime(manifest.edition.version) });
}

/**
 * Reads the shards' folders back (each file checked against its shard's manifest) and combines them
 * into the contents of the whole release. Throws an OutputError naming what does not fit: a shard
 * missing or given twice, shards of different sources or tools, a file changed since it was written.
 */
export async function mergeShards(folders: readonly string[]): Promise<ReleaseContents> {
  if (folders.length === 0) throw new OutputError('--merge needs the folders of the shards');
  const shards: { folder: string; manifest: ReleaseManifest }[] = [];
  for (const folder of folders) shards.push({ folder, manifest: await readManifest(folder) });
  const first = shards[0]?.manifest;
  if (!first) throw new OutputError('--merge needs the folders of the shards');
  const count = first.shard?.count ?? 0;
  const seen = new Set<number>();
  for (const { folder, manifest } of shards) {
    if (!manifest.shard) throw new OutputError(`${folder} holds a whole release, not a shard (its manifest has no "shard")`);
    const same = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new OutputError(`the shards do not belong together: ${folder} has ${what} ${JSON.stringify(a)}, ${folders[0] ?? ''} has ${JSON.stringify(b)}`);
    };
    same('shard count', manifest.shard.count, count);
    same('edition', manifest.edition, first.edition);
    same('generator', manifest.generator, first.generator);
    same('source revision', manifest.sourceRevision, first.sourceRevision);
    same('formats', manifest.formats, first.formats);
    same('chapter count', manifest.chapters, first.chapters);
    if (seen.has(manifest.shard.index)) throw new OutputError(`shard ${String(manifest.shard.index)}/${String(count)} is given twice (again in ${folder})`);
    seen.add(manifest.shard.index);
  }
  const missing = Array.from({ length: count }, (_, at) => at + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new OutputError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${String(index)}/${String(count)}`).join(', ')} missing: give the folders of all ${String(count)} shards`);

  const outputs = new Map<string, OutputFile>();
  const described = new Map<string, ManifestFile>();
  for (const { folder, manifest } of shards) {
    for (const entry of manifest.files) {
      const earlier = described.get(entry.path);
      if (earlier) {
        if (earlier.sha256 !== entry.sha256) throw new OutputError(`${entry.path} differs between shards (again in ${folder}); the shards were not built from the same source`);
        continue;
      }
      const contents = await readShardFile(folder, entry);
      described.set(entry.path, entry);
      outputs.set(entry.path, { path: entry.path, contents });
    }
  }
  const chapters = shards.reduce((sum, { manifest }) => sum + (manifest.shard?.chapters.length ?? 0), 0);
  if (chapters !== first.chapters) throw new OutputError(`the shards hold ${String(chapters)} chapters, the edition has ${String(first.chapters)}`);
  const paths = [...outputs.keys()].sort(compareCodeUnits);
  const { shard: _shard, ...whole } = first;
  return {
    outputs: paths.map((relative) => outputs.get(relative)).filter((output) => output !== undefined),
    manifest: { ...whole, files: paths.map((relative) => described.get(relative)).filter((entry) => entry !== undefined) },
  };
}

async function readManifest(folder: string): Promise<ReleaseManifest> {
  const file = path.join(folder, manifestName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new OutputError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}. Give the folders that rubricpress release --shard wrote.`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OutputError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new OutputError(`${file} is not a rubricpress release manifest: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

async function readShardFile(folder: string, entry: ManifestFile): Promise<Uint8Array> {
  if (entry.path.split('/').some((part) => part === '..' || part === '' || part === '.') || path.isAbsolute(entry.path)) {
    throw new OutputError(`${path.join(folder, manifestName)} lists a path outside its folder: ${entry.path}`);
  }
  const file = outputPath(folder, entry.path);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new OutputError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (bytes.length !== entry.size || sha256Of(bytes) !== entry.sha256) throw new OutputError(`${file} is not the file its shard's manifest describes (size or sha256 differ)`);
  return bytes;
}

async function describeFile(output: OutputFile): Promise<ManifestFile> {
  const bytes = typeof output.contents === 'string' ? new TextEncoder().encode(output.contents) : output.contents;
  const entry = { path: output.path, size: bytes.length, sha256: sha256Of(bytes) };
  return output.path.endsWith('.pdf') ? { ...entry, pages: await countPdfPages(bytes) } : entry;
}

function manifestText(manifest: ReleaseManifest | Omit<ReleaseManifest, 'shard'>): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Noon of the edition's date in local time, which fflate writes as the entries' DOS time: the same bytes in every zone (as the DOCX does). */
function entryTime(date: string): Date {
  const [year = 1980, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Math.max(year, 1980), month - 1, day, 12, 0, 0);
}
