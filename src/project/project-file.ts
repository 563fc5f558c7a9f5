/**
 * The project file, `rubricpress.yaml`: the settings a project would otherwise repeat as flags (the
 * source and templates folders, the output and the cache, the formats, strictness). Flags override
 * it. It is read as untrusted source is (a regular file inside its folder, size-limited, YAML limits,
 * every problem positioned), and its folders are held to the rules flags are — plus one of its own:
 * no path may lead outside the project's folder (the folder the file is in), symbolic links
 * resolved, so a cloned project cannot point a build at the user's home. The rules that concern
 * flags and file alike (no output or cache over the source) are `build/folders.ts`, applied to the
 * settings once flags and file are merged.
 */
import path from 'node:path';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { isWithin, realPathOf } from '../build/folders.js';
import { allFormats, type Format } from '../build/formats.js';
import { report } from '../diagnostics/report.js';
import { isReadable, readSourceFile } from '../source/load.js';
import { checkSchema, parseYaml, positionAt } from '../source/yaml.js';

export const projectFileName = 'rubricpress.yaml';

const folder = (what: string, byDefault: string) =>
  z
    .string({ error: 'must be a folder, relative to the project file' })
    .trim()
    .min(1, { error: 'must name a folder' })
    .describe(`${what}, relative to this file and inside its folder. Default: ${byDefault}.`);

export const projectSchema = z.strictObject({
  source: folder('The source folder (edition.yaml, codebook.yaml, references.yaml, chapters/)', 'source').optional(),
  templates: folder('The templates folder (theme.yaml, citation styles)', "rubricpress's own templates").optional(),
  out: folder('Where the editions are written (not a release: its folder stays ./release or --out)', 'out').optional(),
  cache: z
    .union([folder('The build cache', '.cache inside the output folder'), z.literal(false)], { error: 'must be a folder, or false for no cache' })
    .optional()
    .describe('The build cache folder, or false to build without one; the default is .cache inside the output folder.'),
  formats: z
    .array(z.enum(allFormats as [Format, ...Format[]], { error: `must be one of ${allFormats.join(', ')}` }), { error: `must be a list of formats (${allFormats.join(', ')})` })
    .min(1, { error: 'must name at least one format' })
    .optional()
    .describe('The editions build and release write; the default is all of them.'),
  strict: z.boolean({ error: 'must be true or false' }).optional().describe('Whether warnings fail a build, as --strict.'),
  pdfa: z.boolean({ error: 'must be true or false' }).optional().describe('Whether the PDF is PDF/A-2a rather than PDF/UA-1, as --pdfa.'),
  jobs: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(256, { error: 'must be at most 256' }).optional().describe('How many chapters build at once, as --jobs; the default is one per core.'),
});

type ProjectFields = z.output<typeof projectSchema>;

/** The project file's settings, folders absolute. Only what the file sets is present. */
export interface ProjectSettings {
  readonly file: string;
  readonly sourceDir?: string;
  readonly templatesDir?: string;
  readonly outDir?: string;
  /** `false`: build without a cache. */
  readonly cacheDir?: string | false;
  readonly formats?: readonly Format[];
  readonly strict?: boolean;
  readonly pdfArchive?: boolean;
  readonly jobs?: number;
}

export interface ProjectFileRead {
  /** The file, with every problem as a message at its position. */
  readonly file: VFile;
  /** Undefined when the file has errors. */
  readonly settings?: ProjectSettings;
}

const folderFields = ['source', 'templates', 'out', 'cache'] as const;

/** Reads the project file at `filePath` (its folder is the project's). */
export async function readProjectFile(filePath: string): Promise<ProjectFileRead> {
  const projectDir = path.dirname(path.resolve(filePath));
  const { file } = await readSourceFile(projectDir, path.basename(filePath), { missing: `There is no ${path.basename(filePath)}. Give --project a project file that exists, or leave --project out.` });
  if (!isReadable({ file, relativePath: path.basename(filePath) })) return { file };
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return { file };
  // An empty file is a project with no settings.
  const fields = parsed.data === null ? {} : checkSchema(parsed, projectSchema, { ruleId: 'project-field', what: path.basename(filePath) });
  // The folders are checked whatever else is wrong: every problem at once.
  const given: Readonly<Record<string, unknown>> = typeof parsed.data === 'object' && parsed.data !== null && !Array.isArray(parsed.data) ? (parsed.data as Readonly<Record<string, unknown>>) : {};
  const realProjectDir = await realPathOf(projectDir);
  const folders = new Map<(typeof folderFields)[number], string>();
  for (const field of folderFields) {
    const raw = given[field];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const value = raw.trim();
    const absolute = path.resolve(projectDir, value);
    if (!isWithin(await realPathOf(absolute), realProjectDir)) {
      reportOutside(file, positionAt(parsed, [field]), field, value);
      continue;
    }
    folders.set(field, absolute);
  }
  if (!fields || file.messages.some((message) => message.fatal === true)) return { file };
  return { file, settings: settingsOf(path.resolve(filePath), fields, folders) };
}

function reportOutside(file: VFile, position: Position | undefined, field: string, value: string): void {
  report(
    file,
    'project-path-outside',
    position,
    `${field}: ${JSON.stringify(value)} leads outside the project's folder (where ${path.basename(file.path)} is); a project file may name only folders inside it, so that a cloned project cannot make rubricpress read or write elsewhere. Move the folder into the project, or name it on the command line instead.`,
  );
}

function settingsOf(filePath: string, fields: ProjectFields, folders: ReadonlyMap<(typeof folderFields)[number], string>): ProjectSettings {
  const [sourceDir, templatesDir, outDir] = [folders.get('source'), folders.get('templates'), folders.get('out')];
  const cacheDir: string | false | undefined = fields.cache === false ? false : folders.get('cache');
  return {
    file: filePath,
    ...(sourceDir === undefined ? {} : { sourceDir }),
    ...(templatesDir === undefined ? {} : { templatesDir }),
    ...(outDir === undefined ? {} : { outDir }),
    ...(cacheDir === undefined ? {} : { cacheDir }),
    ...(fields.formats === undefined ? {} : { formats: [...new Set(fields.formats)] }),
    ...(fields.strict === undefined ? {} : { strict: fields.strict }),
    ...(fields.pdfa === undefined ? {} : { pdfArchive: fields.pdfa }),
    ...(fields.jobs === undefined ? {} : { jobs: fields.jobs }),
  };
}
