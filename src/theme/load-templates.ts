/**
 * Reading `templates/` from disk, once per build: the theme, the HTML layout and stylesheet, and the
 * CSL styles. Renderers get the loaded values and never read files themselves.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { hasErrors, report } from '../diagnostics/report.js';
import { unknownPlaceholders } from '../render/html/layout.js';
import { readSourceFile, type SourceFile } from '../source/load.js';
import { readTheme, type Theme } from './theme.js';

export interface Templates {
  readonly root: string;
  readonly theme: Theme;
  readonly layout: string;
  readonly stylesheet: string;
  /** CSL styles by name (file name without `.csl`), as XML text. */
  readonly citationStyles: ReadonlyMap<string, string>;
}

export interface LoadedTemplates {
  readonly templates: Templates | undefined;
  /** The template files read, with any diagnostics. */
  readonly files: readonly VFile[];
}

export const templateFileNames = { theme: 'theme.yaml', layout: 'html/layout.html', stylesheet: 'html/style.css', styles: 'csl' } as const;

export async function loadTemplates(root: string): Promise<LoadedTemplates> {
  const read = async (relative: string): Promise<SourceFile | VFile> => {
    try {
      return await readSourceFile(root, relative);
    } catch {
      const file = new VFile({ path: path.join(root, relative) });
      report(file, 'source-missing', undefined, `The templates folder has no ${relative}. Restore it from rubricpress's templates/ folder.`);
      return file;
    }
  };
  const unwrap = (entry: SourceFile | VFile): VFile => (entry instanceof VFile ? entry : entry.file);

  const [themeEntry, layoutEntry, stylesheetEntry] = await Promise.all([read(templateFileNames.theme), read(templateFileNames.layout), read(templateFileNames.stylesheet)]);
  const themeFile = unwrap(themeEntry);
  const layoutFile = unwrap(layoutEntry);
  const stylesheetFile = unwrap(stylesheetEntry);
  const files: VFile[] = [themeFile, layoutFile, stylesheetFile];

  const theme = themeFile.messages.length === 0 ? readTheme(themeFile) : undefined;
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
  if (failed || !theme) return { templates: undefined, files };
  return { templates: { root, theme, layout, stylesheet: String(stylesheetFile.value), citationStyles }, files };
}
