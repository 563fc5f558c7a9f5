/** The PDF edition (issue 3): not drawn yet. */
import type { Theme } from '../../theme/theme.js';
import type { DocumentRenderer } from '../renderer.js';

export interface PdfTemplates {
  readonly theme: Theme;
  readonly generator: string;
}

export const createPdfRenderer: (templates: PdfTemplates) => DocumentRenderer = () => ({
    renderChapter(tree) {
      const report = tree.children[0];
      return Promise.resolve({
        bytes: new Uint8Array(),
        problems: [{ format: 'PDF', nodeType: report.type, position: report.position, reason: 'The PDF edition is not available in this version of rubricpress. Build with --format html.' }],
      });
    },
  });
