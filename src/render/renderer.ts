/** What the print and Word writers give back for one document: the file's bytes and what they could not draw. */
import type { DocumentModel } from '../document/model.js';
import type { RenderProblem } from './problems.js';

export interface RenderedDocument {
  readonly bytes: Uint8Array;
  readonly problems: readonly RenderProblem[];
}

/** Made once per build (fonts and styles loaded once), then asked for each document in turn. */
export interface DocumentRenderer {
  render(document: DocumentModel): Promise<RenderedDocument>;
}
