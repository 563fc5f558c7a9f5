/** What the print and Word renderers give back for one chapter: the file's bytes and what they could not draw. */
import type { ReportTree } from '../tree/types.js';
import type { RenderProblem } from './problems.js';

export interface RenderedDocument {
  readonly bytes: Uint8Array;
  readonly problems: readonly RenderProblem[];
}

/** Made once per build (fonts and styles loaded once), then asked for each chapter in turn. */
export interface DocumentRenderer {
  renderChapter(tree: ReportTree): Promise<RenderedDocument>;
}
