/** The DOCX edition (issue 4): not drawn yet. */
import type { Theme } from '../../theme/theme.js';
import type { DocumentRenderer } from '../renderer.js';

export interface DocxTemplates {
  readonly theme: Theme;
  readonly generator: string;
}

export const createDocxRenderer: (templates: DocxTemplates) => DocumentRenderer = () => ({
    renderChapter(tree) {
      const report = tree.children[0];
      return Promise.resolve({
        bytes: new Uint8Array(),
        problems: [{ format: 'DOCX', nodeType: report.type, position: report.position, reason: 'The DOCX edition is not available in this version of rubricpress. Build with --format html.' }],
      });
    },
  });
