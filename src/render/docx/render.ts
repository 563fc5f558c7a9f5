/**
 * The DOCX edition for editors: the report tree through the docx handlers into one Word document per
 * chapter, with the theme's styles, page setup, running head, "Page X of Y", a contents list and
 * the document's properties; then normalised so the same source gives the same bytes.
 */
import { Document } from 'docx';
import type { Theme } from '../../theme/theme.js';
import type { Report } from '../../tree/types.js';
import type { RenderProblem } from '../problems.js';
import type { DocumentRenderer } from '../renderer.js';
import { categoryRank, chapterTitle } from '../../theme/wording.js';
import { initialState, one, type DocxContext } from './handlers.js';
import { normaliseDocx, packageParts } from './normalise.js';
import { pageFooter, pageHeader, pageSetup } from './page.js';
import { createDocxStyles, type DocxStyles } from './styles.js';

export interface DocxTemplates {
  readonly theme: Theme;
  /** e.g. "rubricpress 0.1.0", written as the document's application. */
  readonly generator: string;
  /** Overrides the edition's date in the document's properties (SOURCE_DATE_EPOCH); Word keeps days. */
  readonly sourceDate?: Date;
}

/** The document's properties: what Word shows under File › Info and search tools index. */
function properties(theme: Theme, report: Report) {
  const title = chapterTitle(theme, report);
  return {
    title: `${title} — ${report.edition.title}`,
    subject: report.edition.title,
    creator: report.edition.publisher,
    lastModifiedBy: report.edition.publisher,
    keywords: [report.country, report.categoryTitle, report.edition.title].join('; '),
    description: `${report.edition.title}: ${title}. ${categoryRank(theme, report)}.`,
  };
}

/**
 * The DOCX renderer for one theme: styles and page setup are made once (styles once per document
 * language) and reused for every chapter.
 */
export function createDocxRenderer(templates: DocxTemplates): DocumentRenderer {
  const { theme } = templates;
  const page = pageSetup(theme);
  const footer = pageFooter(theme);
  const stylesByLanguage = new Map<string, DocxStyles>();
  const stylesFor = (language: string): DocxStyles => {
    let styles = stylesByLanguage.get(language);
    if (!styles) {
      styles = createDocxStyles(theme, language);
      stylesByLanguage.set(language, styles);
    }
    return styles;
  };

  return {
    renderChapter(tree) {
      const report = tree.children[0];
      const problems: RenderProblem[] = [];
      const context: DocxContext = { theme, report: (problem) => problems.push(problem), contents: [], textWidth: page.textWidth, lists: { count: 0 } };
      const rendered = one(initialState(context), tree, undefined);
      const body = rendered.kind === 'blocks' ? rendered.items : [];
      const styles = stylesFor(report.edition.language);
      const document = new Document({
        ...properties(theme, report),
        externalStyles: styles.externalStyles,
        styles: styles.styles,
        sections: [{ properties: page.properties, headers: { default: pageHeader(theme, report) }, footers: { default: footer }, children: body }],
      });
      const date = templates.sourceDate ? templates.sourceDate.toISOString().slice(0, 10) : report.edition.date;
      const bytes = normaliseDocx(packageParts(document), { date, language: report.edition.language, publisher: report.edition.publisher, application: templates.generator });
      return Promise.resolve({ bytes, problems });
    },
  };
}

