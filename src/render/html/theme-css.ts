/** The theme as CSS: custom properties that `templates/html/style.css` uses, and the print page. */
import { fontRoles, fontStyles, titleColour, type FontRole, type FontStyle, type Theme } from '../../theme/theme.js';

function fontStack(family: string, fallback: string): string {
  return `'${family.replace(/'/g, '')}', ${fallback}`;
}

export function themeCss(theme: Theme): string {
  const { colours, sizes, spacing, fonts, page } = theme;
  const properties: Record<string, string | number> = {
    '--font-body': fontStack(fonts.body.family, fonts.body.fallback),
    '--font-heading': fontStack(fonts.heading.family, fonts.heading.fallback),
    '--size-body': sizes.body,
    '--size-small': sizes.small,
    '--size-heading1': sizes.heading1,
    '--size-heading2': sizes.heading2,
    '--size-heading3': sizes.heading3,
    '--size-heading4': sizes.heading4,
    '--size-score': sizes.score,
    '--line-height': sizes.lineHeight,
    '--space-paragraph': spacing.paragraph,
    '--space-block': spacing.block,
    '--space-section': spacing.section,
    '--colour-page': colours.page,
    '--colour-text': colours.text,
    '--colour-muted': colours.muted,
    '--colour-accent': colours.accent,
    '--colour-on-accent': colours.onAccent,
    '--colour-rule': colours.rule,
    '--colour-surface': colours.surface,
    '--colour-highlight': colours.highlight,
    '--colour-highlight-rule': colours.highlightRule,
    '--colour-link': colours.link,
    '--colour-title': titleColour(theme),
  };
  const declarations = Object.entries(properties)
    .map(([name, value]) => `  ${name}: ${value};`)
    .join('\n');
  const pt = (value: number): string => `${value}pt`;
  const margins = [page.margins.top, page.margins.right, page.margins.bottom, page.margins.left].map(pt).join(' ');
  return `:root {\n${declarations}\n}\n@media print {\n  @page { size: ${page.size}; margin: ${margins}; }\n}\n`;
}

/** A font file the web edition serves: its family as the theme names it, its weight and style, and where it is in the output folder. */
export interface FontFace {
  readonly family: string;
  readonly weight: 400 | 700;
  readonly style: 'normal' | 'italic';
  /** Relative to the output folder: `html/assets/fonts/noto-serif-400-normal.woff2`. */
  readonly path: string;
}

/** An `@font-face` rule for the file at `href` (relative to the page). */
export function fontFaceRule(face: FontFace, href: string): string {
  return `@font-face { font-family: '${face.family.replace(/'/g, '')}'; font-style: ${face.style}; font-weight: ${String(face.weight)}; font-display: swap; src: url('${href}') format('woff2'); }`;
}

/**
 * The theme's fonts as the web edition serves them, one file a family, weight and style:
 * `html/assets/fonts/noto-serif-700-italic.woff2`. Body and heading may share a family (then one file).
 */
export function webFontFaces(theme: Theme): (FontFace & { readonly role: FontRole; readonly fontStyle: FontStyle })[] {
  const faces = new Map<string, FontFace & { readonly role: FontRole; readonly fontStyle: FontStyle }>();
  for (const role of fontRoles) {
    for (const fontStyle of fontStyles) {
      const family = theme.fonts[role].family;
      const weight = fontStyle === 'bold' || fontStyle === 'boldItalic' ? 700 : 400;
      const style = fontStyle === 'italic' || fontStyle === 'boldItalic' ? 'italic' : 'normal';
      const name = family.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || role;
      const facePath = `html/assets/fonts/${name}-${String(weight)}${style === 'italic' ? '-italic' : ''}.woff2`;
      if (!faces.has(facePath)) faces.set(facePath, { family, weight, style, path: facePath, role, fontStyle });
    }
  }
  return [...faces.values()];
}
