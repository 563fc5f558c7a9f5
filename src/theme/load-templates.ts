/**
 * Reading `templates/` from disk, once per build: the theme, the HTML layout and stylesheet, and the
 * CSL styles. Renderers get the loaded values and never read files themselves.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { VFile } from 'vfile';
import { hasErrors, report } from '../diagnostics/report.js';
import { unknownPlaceholders } from './layout.js';
import { readSourceFile, type SourceFile } from '../source/load.js';
import { packageRoot } from '../package-info.js';
import { fontRoles, fontStyles, readTheme, type FontRole, type FontStyle, type Theme, type ThemeSource } from './theme.js';

export interface Templates {
  readonly root: string;
  readonly theme: Theme;
  readonly layout: string;
  readonly stylesheet: string;
  /** CSL styles by name (file name without `.csl`), as XML text. */
  readonly citationStyles: ReadonlyMap<string, string>;
  /** The theme's font files, read once: TrueType or OpenType bytes by role and style (when asked for: the PDF needs them). */
  readonly fonts?: FontFiles;
  /** The same files for the web edition (`LoadOptions.webFonts`), when every one could be read. */
  readonly webFonts?: WebFontFiles;
  /**
   * The theme's fallback fonts, found but not read: the PDF draws with them (the same list as
   * `fonts.fallbacks`), the DOCX names them in its runs' East Asian and complex-script font slots.
   */
  readonly fallbackFonts?: readonly FallbackFontFile[];
  /** Where the heading font's regular and bold files are (found with the fonts or the fallbacks): the DOCX draws its charts' PNGs with them. */
  readonly chartFontFiles?: readonly string[];
}

/** The theme's body and heading fonts, every style. */
export type WebFontFiles = Readonly<Record<FontRole, Readonly<Record<FontStyle, Uint8Array>>>>;

export type FontFiles = WebFontFiles & {
  /** The fallback fonts, in the theme's order: read when a character first needs them (they are large). */
  readonly fallbacks: readonly FallbackFontFile[];
};

export interface FallbackFontFile {
  readonly family: string;
  /** Absolute path of the font file. */
  readonly path: string;
  /** Its size in bytes, for the build cache's key (a different file is a different build). */
  readonly size: number;
}

export interface LoadedTemplates {
  readonly templates: Templates | undefined;
  /** The template files read, with any diagnostics. */
  readonly files: readonly VFile[];
}

export const templateFileNames = { theme: 'theme.yaml', layout: 'html/layout.html', stylesheet: 'html/style.css', styles: 'csl' } as const;

export interface LoadOptions {
  /**
   * Read and check the font files (for the PDF edition, and for `check`), or only find the fallback
   * fonts (for the DOCX edition, which names them but draws nothing).
   */
  readonly fonts: boolean | 'fallbacks';
  /**
   * Also read the theme's font files for the web edition (served as WOFF2), quietly: a file that
   * cannot be read leaves the web edition with the reader's fonts, and is not an error.
   */
  readonly webFonts?: boolean;
}

export async function loadTemplates(root: string, options: LoadOptions = { fonts: true }): Promise<LoadedTemplates> {
  const read = (relative: string): Promise<SourceFile> =>
    readSourceFile(root, relative, { missing: `The templates folder has no ${relative}. Restore it from rubricpress's templates/ folder.` });
  const unwrap = (entry: SourceFile): VFile => entry.file;

  const [themeEntry, layoutEntry, stylesheetEntry] = await Promise.all([read(templateFileNames.theme), read(templateFileNames.layout), read(templateFileNames.stylesheet)]);
  const themeFile = unwrap(themeEntry);
  const layoutFile = unwrap(layoutEntry);
  const stylesheetFile = unwrap(stylesheetEntry);
  const files: VFile[] = [themeFile, layoutFile, stylesheetFile];

  const themeSource = themeFile.messages.length === 0 ? readTheme(themeFile) : undefined;
  const theme = themeSource?.theme;
  const fonts = themeSource && options.fonts === true ? await loadFonts(root, themeSource, themeFile) : undefined;
  const webFonts = themeSource && options.webFonts === true ? (fonts ?? (await readWebFonts(root, themeSource.theme))) : undefined;
  const fallbackFonts = fonts ? fonts.fallbacks : themeSource && options.fonts === 'fallbacks' ? await findFallbacks(root, themeSource, themeFile) : undefined;
  const chartFontFiles = themeSource && options.fonts !== false ? await findChartFonts(root, themeSource.theme) : undefined;
  const layout = String(layoutFile.value);
  for (const name of unknownPlaceholders(layout)) {
    report(layoutFile, 'schema-field', undefined, `The layout uses the placeholder {{${name}}}, which rubricpress does not fill. Remove it or use a known one.`);
  }

  const citationStyles = new Map<string, string>();
  const stylesRoot = path.join(root, templateFileNames.styles);
  const styleNames = await readdir(stylesRoot).then(
    (names) => names.filter((name) => name.endsWith('.csl')).sort(),
    () => [],
  );
  for (const name of styleNames) {
    const style = await readSourceFile(root, `${templateFileNames.styles}/${name}`);
    files.push(style.file);
    citationStyles.set(name.slice(0, -'.csl'.length), String(style.file.value));
  }

  const failed = files.some(hasErrors);
  if (failed || !theme || (options.fonts === true && !fonts) || (options.fonts === 'fallbacks' && !fallbackFonts)) return { templates: undefined, files };
  return { templates: { root, theme, layout, stylesheet: String(stylesheetFile.value), citationStyles, ...(fonts ? { fonts } : {}), ...(fallbackFonts ? { fallbackFonts } : {}), ...(chartFontFiles ? { chartFontFiles } : {}), ...(webFonts ? { webFonts: { body: webFonts.body, heading: webFonts.heading } } : {}) }, files };
}

/** The theme's font files for the web edition, or undefined when one cannot be read or is not a font (nothing is reported: the PDF's build and `check` report it). */
async function readWebFonts(root: string, theme: Theme): Promise<WebFontFiles | undefined> {
  const entries = fontRoles.flatMap((role) => fontStyles.map((style) => ({ role, style, name: theme.fonts[role].files[style] })));
  const files = await Promise.all(entries.map((entry) => readFontFile(root, entry.name)));
  const fonts = { body: {}, heading: {} } as Record<FontRole, Partial<Record<FontStyle, Uint8Array>>>;
  for (const [index, entry] of entries.entries()) {
    const bytes = files[index];
    if (!bytes || fontFormatProblem(bytes)) return undefined;
    fonts[entry.role][entry.style] = bytes;
  }
  return fonts as WebFontFiles;
}

/**
 * Reads every font file the theme names. A name is a path inside an npm package
 * (`@expo-google-fonts/noto-serif/…ttf`, found from the templates folder or from rubricpress's own
 * packages) or a path relative to the templates folder (`fonts/MyFont.ttf`).
 */
async function loadFonts(root: string, { theme, positionOf }: ThemeSource, themeFile: VFile): Promise<FontFiles | undefined> {
  const entries = fontRoles.flatMap((role) => fontStyles.map((style) => ({ role, style, name: theme.fonts[role].files[style] })));
  const files = await Promise.all(entries.map((entry) => readFontFile(root, entry.name)));
  // Reported in the theme's order, whichever file was read first.
  const loaded = entries.map((entry, index) => {
    const field = `fonts.${entry.role}.files.${entry.style}`;
    const place = positionOf(['fonts', entry.role, 'files', entry.style]);
    const bytes = files[index];
    if (!bytes) {
      report(themeFile, 'font-unreadable', place, `The font file \`${entry.name}\` (${field}) cannot be found. Install the npm package that holds it, or give a path relative to the templates folder.`);
      return undefined;
    }
    const problem = fontFormatProblem(bytes);
    if (problem) {
      report(themeFile, 'font-unreadable', place, `The font file \`${entry.name}\` (${field}) ${problem}`);
      return undefined;
    }
    return { ...entry, bytes };
  });
  const fallbacks = await findFallbacks(root, { theme, positionOf }, themeFile);
  const fonts = { body: {}, heading: {} } as Record<FontRole, Partial<Record<FontStyle, Uint8Array>>>;
  for (const entry of loaded) {
    if (!entry) return undefined;
    fonts[entry.role][entry.style] = entry.bytes;
  }
  if (!fallbacks) return undefined;
  return { ...(fonts as Record<FontRole, Record<FontStyle, Uint8Array>>), fallbacks };
}

/** Where each of the theme's fallback fonts is (each checked to be TrueType or OpenType), or undefined after reporting one that is not. */
async function findFallbacks(root: string, { theme, positionOf }: ThemeSource, themeFile: VFile): Promise<FallbackFontFile[] | undefined> {
  const fallbacks = await Promise.all(
    theme.fonts.fallbacks.map(async (fallback, index): Promise<FallbackFontFile | undefined> => {
      const place = positionOf(['fonts', 'fallbacks', String(index), 'file']);
      const found = await findFontFile(root, fallback.file);
      if (!found) {
        report(themeFile, 'font-unreadable', place, `The font file \`${fallback.file}\` (fonts.fallbacks, ${fallback.family}) cannot be found. Install the npm package that holds it, or give a path relative to the templates folder.`);
        return undefined;
      }
      const problem = fontFormatProblem(found.head);
      if (problem) {
        report(themeFile, 'font-unreadable', place, `The font file \`${fallback.file}\` (fonts.fallbacks, ${fallback.family}) ${problem}`);
        return undefined;
      }
      return { family: fallback.family, path: found.path, size: found.size };
    }),
  );
  const found = fallbacks.filter((fallback) => fallback !== undefined);
  return found.length < fallbacks.length ? undefined : found;
}

/** Where the heading font's regular and bold files are, those found (a file not found was reported with the fonts, or leaves a chart's PNG without its words). */
async function findChartFonts(root: string, theme: Theme): Promise<string[]> {
  const found = await Promise.all([theme.fonts.heading.files.regular, theme.fonts.heading.files.bold].map((name) => findFontFile(root, name)));
  return found.flatMap((file) => (file ? [file.path] : []));
}

/** Where a fallback font file is, its first bytes (its format) and its size; the file itself is read when needed. */
async function findFontFile(root: string, name: string): Promise<{ path: string; head: Uint8Array; size: number } | undefined> {
  for (const candidate of fontFileCandidates(root, name)) {
    try {
      const handle = await open(candidate, 'r');
      try {
        const head = new Uint8Array(4);
        await handle.read(head, 0, 4, 0);
        return { path: candidate, head, size: (await handle.stat()).size };
      } finally {
        await handle.close();
      }
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

function fontFileCandidates(root: string, name: string): string[] {
  const candidates = [path.resolve(root, name)];
  for (const base of [root, packageRoot]) {
    try {
      candidates.push(createRequire(path.join(base, 'package.json')).resolve(name));
    } catch {
      // Not a package path from this folder; the other candidates remain.
    }
  }
  return candidates;
}

async function readFontFile(root: string, name: string): Promise<Uint8Array | undefined> {
  for (const candidate of fontFileCandidates(root, name)) {
    try {
      return await readFile(candidate);
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

/** Why the PDF engine can't embed these bytes, or undefined for TrueType and OpenType. */
function fontFormatProblem(bytes: Uint8Array): string | undefined {
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  if (tag === '\0\x01\0\0' || tag === 'true' || tag === 'OTTO') return undefined;
  if (tag === 'wOF2' || tag === 'wOFF') {
    return 'is a web font (WOFF or WOFF2), which the PDF engine cannot embed reliably. Use the TrueType (.ttf) or OpenType (.otf) file of the same font.';
  }
  if (tag === 'ttcf') return 'is a font collection (.ttc). Use a single TrueType (.ttf) or OpenType (.otf) file.';
  return 'is not a TrueType or OpenType font. Use a .ttf or .otf file.';
}
