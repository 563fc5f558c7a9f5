/**
 * The PDF edition's look, from the theme: text styles, and how each kind of heading, rank and text is
 * set (its style, line height and the space around it). Layout only; what is set comes from the
 * document model.
 */
import type { HeadingRole, Rank } from '../../document/model.js';
import { titleColour, type Theme } from '../../theme/theme.js';
import { fontKey, isFallbackKey, parseFontKey, styleOf } from './fonts.js';
import type { TextStyle } from './inline.js';

export function textStyle(theme: Theme, role: 'body' | 'heading', options: { bold?: boolean; italic?: boolean; size?: number; colour?: string } = {}): TextStyle {
  return {
    font: fontKey(role, styleOf(options.bold ?? false, options.italic ?? false)),
    size: options.size ?? theme.sizes.body,
    colour: options.colour ?? theme.colours.text,
  };
}

/** The same style with bold or italic switched on, keeping the family. */
export function withFontStyle(style: TextStyle, change: { bold?: true; italic?: true }): TextStyle {
  // A fallback font has one style (runs are given one only after their styles are set).
  if (isFallbackKey(style.font)) return style;
  const { role, style: current } = parseFontKey(style.font);
  const bold = change.bold ?? (current === 'bold' || current === 'boldItalic');
  const italic = change.italic ?? (current === 'italic' || current === 'boldItalic');
  return { ...style, font: fontKey(role, styleOf(bold, italic)) };
}

export interface BlockLook {
  readonly style: TextStyle;
  readonly lineHeight: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  /** Kept on the page of what follows: a heading never stands alone at the foot of a page. */
  readonly keepWithNext: boolean;
}

/** Line height of headings: tighter than the body's. */
const headingLineHeight = 1.25;

/** Each kind of heading: the title large in the accent colour, sections in the accent, "Citations" small and muted. */
export function headingLook(theme: Theme, role: HeadingRole): BlockLook {
  const { sizes, colours, spacing } = theme;
  const heading = (size: number, colour: string) => textStyle(theme, 'heading', { bold: true, size, colour });
  switch (role) {
    case 'title':
      return { style: heading(sizes.title, titleColour(theme)), lineHeight: 1.15, spaceBefore: 0, spaceAfter: spacing.block, keepWithNext: false };
    case 'chapter':
      // A book's chapter opens under a rule, like the title page, and keeps with its rank.
      return { style: heading(sizes.heading1 * 1.4, titleColour(theme)), lineHeight: 1.15, spaceBefore: 0, spaceAfter: spacing.paragraph, keepWithNext: true };
    case 'contents':
      return { style: heading(sizes.heading2, colours.accent), lineHeight: headingLineHeight, spaceBefore: 0, spaceAfter: spacing.block, keepWithNext: true };
    case 'section':
      return { style: heading(sizes.heading2, colours.accent), lineHeight: headingLineHeight, spaceBefore: spacing.section, spaceAfter: spacing.paragraph, keepWithNext: true };
    case 'question':
      return { style: heading(sizes.heading3, colours.text), lineHeight: headingLineHeight, spaceBefore: 0, spaceAfter: 0, keepWithNext: true };
    case 'citations':
      return { style: heading(sizes.heading4, colours.muted), lineHeight: headingLineHeight, spaceBefore: spacing.block, spaceAfter: 3, keepWithNext: true };
    case 'notes':
      // Never drawn in print (the notes stand at the foot of their pages); set like a section's heading were it.
      return { style: heading(sizes.heading2, colours.accent), lineHeight: headingLineHeight, spaceBefore: spacing.section, spaceAfter: spacing.paragraph, keepWithNext: true };
  }
}

/** A rank: the chapter's large on the title page, a sub-category's muted under its heading (and kept with it). */
export function rankLook(theme: Theme, scope: Rank['scope']): BlockLook {
  const { sizes, colours, spacing } = theme;
  return scope === 'category'
    ? { style: textStyle(theme, 'heading', { bold: true, size: sizes.heading2 }), lineHeight: sizes.lineHeight, spaceBefore: 0, spaceAfter: spacing.section * 3, keepWithNext: false }
    : { style: textStyle(theme, 'heading', { bold: true, colour: colours.muted }), lineHeight: sizes.lineHeight, spaceBefore: 0, spaceAfter: spacing.block, keepWithNext: true };
}
