/** Styled text as the PDF renderer collects it from phrasing content, before it is broken into lines. */
import type { Position } from 'unist';
import type { FontStyle } from '../../theme/theme.js';
import type { FontKey } from './fonts.js';

/** Where a piece of text leads: a web address, or a named destination inside the document. */
export type LinkTarget =
  | { readonly kind: 'uri'; readonly uri: string; readonly text: string }
  | { readonly kind: 'destination'; readonly name: string; readonly text: string };

export interface TextStyle {
  readonly font: FontKey;
  readonly size: number;
  /** #rrggbb */
  readonly colour: string;
  /** Each link is its own object, so that the text of one link forms one Link element across line breaks. */
  readonly link?: LinkTarget;
  readonly underline?: boolean;
  /** URLs and link text are never hyphenated; URLs may break after `/`, `.`, `-`, `?`, `&`, `=`, `#`, `_`. */
  readonly url?: boolean;
  /** Code: spaces kept as they are, never hyphenated; a line too long for the page breaks after a space. */
  readonly code?: boolean;
  /** Characters no font can show: drawn as the font's empty box, tagged with their actual text. */
  readonly actual?: string;
  /** Raised above the baseline by this much (a footnote's number). */
  readonly rise?: number;
  /** A call of the footnote with this number: the paginator sets the note on the page of the line that holds it. */
  readonly note?: number;
  /**
   * Words marked as another language than the edition's (a BCP 47 tag): a Span with /Lang in the
   * structure, hyphenated by that language's patterns.
   */
  readonly lang?: string;
  /**
   * The style a fallback font has no face for (it has one, regular): bold drawn by stroking the
   * glyphs' outlines as they are filled, italic by slanting them (pdfkit's oblique), as Word and
   * LibreOffice synthesise a missing face.
   */
  readonly synthetic?: Exclude<FontStyle, 'regular'>;
}

export type InlineRun =
  /**
   * `position`: where the text stands in the source, character for character; `origin`: where text
   * not written there literally comes from (a codebook title at its directive). For diagnostics.
   */
  | { readonly kind: 'text'; readonly text: string; readonly style: TextStyle; readonly position?: Position; readonly origin?: Position }
  | { readonly kind: 'lineBreak'; readonly style: TextStyle };

export function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return a.font === b.font && a.size === b.size && a.colour === b.colour && a.link === b.link && a.underline === b.underline && a.url === b.url && a.code === b.code && a.actual === b.actual && a.rise === b.rise && a.note === b.note && a.lang === b.lang && a.synthetic === b.synthetic;
}
