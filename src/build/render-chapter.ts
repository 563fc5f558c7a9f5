/**
 * One chapter's work after it compiled: render it in each requested format and (by default) read
 * every edition back and compare it with the tree. The same code runs in the main thread and in
 * each worker of the pool; its input and result are plain data, so they cross a thread boundary
 * as they are, and a chapter's result does not depend on where or when it ran.
 */
import { generator } from '../package-info.js';
import { createHtmlRenderer, type HtmlRenderer } from '../render/html/render.js';
import { webFontFaces } from '../render/html/theme-css.js';
import { present } from '../present/present.js';
import { presentBookChapter, presentCountryReport, type CountryReportOptions } from '../present/book.js';
import { presentEditionVolume } from '../present/edition-volume.js';
import { presentSite, presentSiteEntry, searchEntries, type SearchEntry, type SiteFormats } from '../present/site.js';
import type { Chapter, DocumentModel } from '../document/model.js';
import type { ChapterNavigation } from '../document/site.js';
import type { RenderProblem } from '../render/problems.js';
import type { PdfSubset } from '../render/pdf/pdfkit.js';
import type { PdfRenderer } from '../render/pdf/render.js';
import type { BookChapterRecord, RenderedDocument } from '../render/renderer.js';
import { drawnRecordFacts } from '../render/pdf/bound.js';
import type { DocxRenderer } from '../render/docx/render.js';
import { chapterFilePath } from '../document/paths.js';
import type { FontFiles, Templates } from '../theme/load-templates.js';
import type { EditionVolumeSource, Report, ReportTree } from '../tree/types.js';
import type { TextUnit } from '../verify/expected.js';
import type { VerifyOptions } from '../verify/verify.js';
import { sha256OfParts } from './digest.js';
import type { Format } from './formats.js';
import { mapInTurns } from './turns.js';
import type { OutputFile } from './write.js';

/** How every chapter of a build is rendered. */
export interface RenderSettings {
  readonly formats: readonly Format[];
  readonly verify: boolean;
  readonly pdfStandard?: PdfSubset;
  readonly sourceDate?: Date;
}

/** What every chapter of a build is rendered with: the same for every chapter, sent once to each worker. */
export interface RenderSetup extends RenderSettings {
  readonly templates: Pick<Templates, 'theme' | 'layout' | 'stylesheet' | 'fonts' | 'fallbackFonts' | 'chartFontFiles'> & {
    /** Whether the web edition serves the theme's fonts (their files could be read): its pages' stylesheets name them. */
    readonly servesWebFonts?: boolean;
  };
}

/** A difference the agreement check found, at the unit it concerns (none for a count or a missing file). */
export interface ChapterDisagreement {
  readonly unit: TextUnit | undefined;
  readonly message: string;
}

export interface ChapterResult {
  /** One file per format, in the order of the formats. */
  readonly outputs: readonly OutputFile[];
  /** What a renderer could not draw. */
  readonly problems: readonly RenderProblem[];
  readonly disagreements: readonly ChapterDisagreement[];
  /** What a reader can search for in the chapter, when its HTML page is made (for the web edition's search index). */
  readonly search?: readonly SearchEntry[];
  /** A country report's chapters as drawn for its PDF and made for its DOCX (render/pdf/bound.ts, render/docx/own-chapter.ts) that it was not given, when asked for: given to the next build of the book, which makes only those that changed. */
  readonly drawn?: readonly BookChapterRecord[];
  /**
   * A chapter's own files as its country report takes them, when asked for (`forBooks`): each record's
   * facts alone (a PDF's: render/pdf/bound.ts, `drawnRecordFacts`; a Word file's: none), the file after
   * them being the chapter's output of that format, which is not sent twice.
   */
  readonly ownPages?: readonly OwnPagesFacts[];
  /** Every chapter's key a country report's editions were bound from, given or made (each format's). */
  readonly bound?: readonly string[];
  /** How many chapters the country report's editions made (the others were given as made before), each format's counted. */
  readonly drawnAnew?: number;
}

/** A record of a chapter's own pages as its report takes them, without the file (`ChapterResult.ownPages`): the record is the facts, then the chapter's file of `format`. */
export interface OwnPagesFacts {
  readonly key: string;
  readonly format: Exclude<Format, 'html'>;
  readonly facts: Uint8Array;
  /** The length of the file after the facts: the chapter's output of `format`, which the caller holds. */
  readonly fileLength: number;
}

/** How a country report is rendered: in `formats` (default: the build's); with its chapters as made before for each format (render/pdf/bound.ts, render/docx/own-chapter.ts), and whether to give back each chapter as made now. */
export interface BookRenderOptions {
  readonly formats?: readonly Format[];
  readonly drawnBefore?: readonly BookChapterRecord[];
  readonly keepDrawn?: boolean;
}

/** Renders chapters with engines made once: the parsed fonts, the unified processor, the docx styles. */
export interface ChapterRenderer {
  /**
   * With its navigation (its place in the web edition), when the build makes the site; `forBooks`:
   * with its PDF's pages and its Word file as its country report takes them (`ChapterResult.ownPages`), made once for both.
   */
  renderChapter(tree: ReportTree, navigation?: ChapterNavigation, options?: { readonly forBooks?: boolean }): Promise<ChapterResult>;
  /** A country's report in print and Word (`pdf/japan.pdf`, `docx/japan.docx`): its chapters' trees, in the codebook's order; in `formats` (default: the build's). */
  renderCountryReport(trees: readonly ReportTree[], book?: CountryReportOptions, options?: BookRenderOptions): Promise<ChapterResult>;
  /** The edition volume in print and Word (`pdf/edition.pdf`, `docx/edition.docx`): the codebook and every chapter's results; in `formats` (default: the build's). */
  renderEditionVolume(source: EditionVolumeSource, formats?: readonly Format[]): Promise<ChapterResult>;
  /** The web edition's pages beside the chapters (`present/site.ts`), from the codebook and the chapters' numbers. */
  renderSite(source: EditionVolumeSource, formats: SiteFormats): Promise<OutputFile[]>;
}

export function createChapterRenderer(setup: RenderSetup): ChapterRenderer {
  const { templates } = setup;
  const { theme } = templates;
  // The web edition serves the theme's fonts when they could be read (build/web-fonts.ts writes them).
  const html = once((): HtmlRenderer => createHtmlRenderer({ theme, layout: templates.layout, stylesheet: templates.stylesheet, generator, ...(templates.servesWebFonts === true ? { fontFaces: webFontFaces(theme) } : {}) }));
  const dated = setup.sourceDate ? { sourceDate: setup.sourceDate } : {};
  // The web edition's pages by the digest of their models, from the last `renderSite`: under
  // `build --watch` an edited chapter changes a few of them, and drawing all took a third of a second.
  let sitePagesMade = new Map<string, string>();
  // The PDF and DOCX engines (pdfkit and fontkit, docx) load only when their edition is built, so
  // that an HTML build starts quickly.
  const documentRenderers: { readonly pdf: () => Promise<PdfRenderer>; readonly docx: () => Promise<DocxRenderer> } = {
    pdf: once(async () =>
      (await import('../render/pdf/render.js')).createPdfRenderer({
        theme,
        fonts: fontsOf(templates.fonts),
        generator,
        ...(setup.pdfStandard ? { subset: setup.pdfStandard } : {}),
        ...dated,
      }),
    ),
    docx: once(async () => (await import('../render/docx/render.js')).createDocxRenderer({ theme, generator, fallbacks: templates.fallbackFonts ?? [], chartFonts: templates.chartFontFiles ?? [], ...dated })),
  };

  // Which characters no font of the theme has (glyph-missing warnings): the PDF's boxes for them are
  // the author's to fix, not a disagreement. Asked of the font files, not of the PDF renderer.
  const withoutGlyph = once(async (): Promise<(character: string) => boolean> => {
    const [{ FontSet }, { lacksGlyph, themeCoverage }] = await Promise.all([import('../render/pdf/fonts.js'), import('./glyph-coverage.js')]);
    const covered = themeCoverage(new FontSet(fontsOf(templates.fonts)));
    return (character) => lacksGlyph(character, covered);
  });
  /** How the editions this renderer just made are checked: by its own readers alone (`writtenHere`), a PDF's boxes against the fonts. */
  const checkOptions = async (editions: { readonly pdf?: Uint8Array }): Promise<VerifyOptions> => (editions.pdf ? { lacksGlyph: await withoutGlyph(), writtenHere: true } : {});

  return {
    async renderChapter(tree, navigation, options = {}) {
      const report = tree.children[0];
      const outputs: OutputFile[] = [];
      const ownPages: OwnPagesFacts[] = [];
      const problems: RenderProblem[] = [];
      const editions: { html?: string; pdf?: Uint8Array; docx?: Uint8Array } = {};
      // What the editions share is decided once, for all of them.
      const document = present(tree, theme);
      let bookChapter: Chapter | undefined;
      for (const format of setup.formats) {
        if (format === 'html') {
          const rendered = html().render(document, navigation);
          problems.push(...rendered.problems);
          editions.html = rendered.html;
          outputs.push({ path: editionPath(report, format), contents: rendered.html });
        } else {
          // The chapter's file is its country report's part too: drawn once, given to the report's job
          // (render/pdf/bound.ts, render/docx/own-chapter.ts) as the facts of its pages, and the file.
          const rendered: RenderedDocument & { readonly drawn?: BookChapterRecord } = options.forBooks === true ? await (await documentRenderers[format]()).renderChapter(document, (bookChapter ??= presentBookChapter(theme, report))) : await (await documentRenderers[format]()).render(document);
          problems.push(...rendered.problems);
          if (rendered.drawn) {
            // A PDF's record is its pages' facts, then the file; a Word file's is the file alone.
            const facts = format === 'pdf' ? drawnRecordFacts(rendered.drawn) : { facts: new Uint8Array(0), fileLength: rendered.drawn.bytes.byteLength };
            if (facts) ownPages.push({ key: rendered.drawn.key, format, ...facts });
          }
          editions[format] = rendered.bytes;
          outputs.push({ path: editionPath(report, format), contents: rendered.bytes });
        }
      }
      const disagreements: ChapterDisagreement[] = [];
      if (setup.verify) {
        // The readers (pdfjs among them) load only when something is verified.
        const { verifyChapter } = await import('../verify/verify.js');
        for (const found of await verifyChapter(tree, theme, editions, await checkOptions(editions))) disagreements.push({ unit: found.unit, message: found.message });
      }
      return { outputs, problems, disagreements, ...(setup.formats.includes('html') ? { search: searchEntries(report, theme) } : {}), ...(ownPages.length > 0 ? { ownPages } : {}) };
    },
    async renderCountryReport(trees, book = {}, options = {}) {
      const first = trees[0]?.children[0];
      if (!first) return { outputs: [], problems: [], disagreements: [] };
      const all = book.all === true;
      const document = presentCountryReport(trees, theme, book);
      // What a writer cannot draw was reported for each chapter on its own; the book draws the same.
      // The chapters made for the book before (each format's by its own keys) are put in again as they are.
      const outputs: OutputFile[] = [];
      const editions: { pdf?: Uint8Array; docx?: Uint8Array } = {};
      const made: BookChapterRecord[] = [];
      const bound: string[] = [];
      let madeAnew: number | undefined;
      // Each chapter's own document: its own file is the book's part, in print and in Word.
      let chapterDocuments: DocumentModel[] | undefined;
      for (const format of options.formats ?? setup.formats) {
        if (format === 'html') continue;
        // Each chapter as its own file has it (made by the chapter's job, or here as it would be).
        const edition = await (await documentRenderers[format]()).renderBook(document, options.drawnBefore ?? [], options.keepDrawn === true, (chapterDocuments ??= trees.map((tree) => present(tree, theme))));
        made.push(...edition.drawn);
        bound.push(...edition.bound);
        madeAnew = (madeAnew ?? 0) + edition.drawnAnew;
        editions[format] = edition.bytes;
        outputs.push({ path: bookPath(all ? 'country-reports' : first.countrySlug, format), contents: edition.bytes });
      }
      const disagreements: ChapterDisagreement[] = [];
      if (setup.verify) {
        const { verifyCountryReport } = await import('../verify/verify.js');
        for (const found of await verifyCountryReport(trees, theme, editions, { ...(await checkOptions(editions)), ...book })) disagreements.push({ unit: found.unit, message: found.message });
      }
      return { outputs, problems: [], disagreements, ...(madeAnew === undefined ? {} : { drawnAnew: madeAnew }), ...(made.length > 0 ? { drawn: made } : {}), ...(bound.length > 0 ? { bound } : {}) };
    },
    async renderEditionVolume(source, formats = setup.formats) {
      const document = presentEditionVolume(source, theme);
      const outputs: OutputFile[] = [];
      const editions: { pdf?: Uint8Array; docx?: Uint8Array } = {};
      const problems: RenderProblem[] = [];
      for (const format of formats) {
        if (format === 'html') continue;
        const rendered = await (await documentRenderers[format]()).render(document);
        problems.push(...rendered.problems);
        editions[format] = rendered.bytes;
        outputs.push({ path: bookPath('edition', format), contents: rendered.bytes });
      }
      const disagreements: ChapterDisagreement[] = [];
      if (setup.verify) {
        const { verifyEditionVolume } = await import('../verify/verify.js');
        for (const found of await verifyEditionVolume(source, theme, editions, await checkOptions(editions))) disagreements.push({ unit: found.unit, message: found.message });
      }
      return { outputs, problems, disagreements };
    },
    async renderSite(source, formats) {
      const entry = presentSiteEntry(source, theme);
      const made = new Map<string, string>();
      // In turns: the workers' replies are read between pages (build/turns.ts).
      const pages = await mapInTurns(presentSite(source, formats, theme), (page) => {
        const key = sha256OfParts(JSON.stringify(page));
        const contents = made.get(key) ?? sitePagesMade.get(key) ?? html().renderSitePage(page);
        made.set(key, contents);
        return { path: page.path, contents };
      });
      sitePagesMade = made;
      return [...pages, { path: entry.path, contents: html().renderSiteEntry(entry) }];
    },
  };
}

/** Where a chapter's file of an edition goes, in the output folder: `pdf/japan/coordination.pdf`. */
export function editionPath(report: Pick<Report, 'countrySlug' | 'categoryId'>, format: Format): string {
  return `${format}/${chapterFilePath(report, format)}`;
}

/** Where a country's report goes in the output folder: `pdf/japan.pdf`. */
export function bookPath(countrySlug: string, format: Exclude<Format, 'html'>): string {
  return `${format}/${countrySlug}.${format}`;
}

function once<Value>(make: () => Value): () => Value {
  let value: Value | undefined;
  return () => (value ??= make());
}

function fontsOf(fonts: FontFiles | undefined): FontFiles {
  // A build loads the fonts whenever the PDF is among its formats.
  if (!fonts) throw new Error('The PDF renderer needs the theme’s fonts, and they were not loaded.');
  return fonts;
}
