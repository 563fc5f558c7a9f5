/**
 * A chart's SVG with its words drawn as outlines, for rasterising without fonts. resvg loads and
 * parses every font file it is given on every image (some 20 of a chart's 27 ms); outlines from
 * fonts parsed once make each PNG about four times cheaper. Only words the chart fonts draw
 * alone, left to right and without complex shaping, are outlined (Latin, Greek, Cyrillic and their
 * punctuation); a chart with any other word is left to resvg's own text layout, with the fallbacks.
 */
import type { Font, Glyph, GlyphPosition } from 'fontkit';
import type { SvgElement } from './chart-svg.js';

/** The chart fonts: the theme's heading font, regular and bold, parsed once. */
export interface ChartOutlineFonts {
  readonly regular: Font;
  readonly bold: Font;
}

/** Characters whose words need no more than the font's own glyphs, placed one after another. */
const simpleScripts = /^[\u0020-\u007E\u00A0-\u052F\u1E00-\u1FFF\u2000-\u206F\u20A0-\u20CF\u2100-\u214F]*$/u;

/** Shaped words by font and text: a chart's labels come back in every chart of the same questions. */
const maxShapedWords = 20_000;

export interface ChartOutliner {
  /** The SVG's markup with each text element as a path, or undefined when a word is not one to outline. */
  outline(svg: SvgElement): string | undefined;
}

export function createChartOutliner(fonts: ChartOutlineFonts): ChartOutliner {
  const shaped = new Map<Font, Map<string, { readonly glyphs: readonly Glyph[]; readonly positions: readonly GlyphPosition[]; readonly advance: number }>>();
  const shape = (font: Font, text: string): { readonly glyphs: readonly Glyph[]; readonly positions: readonly GlyphPosition[]; readonly advance: number } => {
    let words = shaped.get(font);
    if (!words) {
      words = new Map();
      shaped.set(font, words);
    }
    let run = words.get(text);
    if (!run) {
      const laidOut = font.layout(text);
      run = { glyphs: laidOut.glyphs, positions: laidOut.positions, advance: laidOut.positions.reduce((sum, position) => sum + position.xAdvance, 0) };
      if (words.size >= maxShapedWords) words.clear();
      words.set(text, run);
    }
    return run;
  };

  const canOutline = (font: Font, text: string): boolean => {
    if (!simpleScripts.test(text)) return false;
    for (const character of text) if (!/\s/u.test(character) && !font.hasGlyphForCodePoint(character.codePointAt(0) ?? 0)) return false;
    return true;
  };

  return {
    outline(svg) {
      const fontSize = Number(svg.attributes['font-size']);
      if (!Number.isFinite(fontSize) || fontSize <= 0) return undefined;
      const texts = textElements(svg);
      for (const text of texts) {
        if (text.attributes['direction'] === 'rtl' || !canOutline(fontOf(fonts, text), textOf(text))) return undefined;
      }
      // Each glyph's outline once, in font units, in the image's definitions; each use of it placed and scaled.
      const defined = new Map<string, string>();
      const body = markupOf(svg, (text) => {
        const font = fontOf(fonts, text);
        const run = shape(font, textOf(text));
        const scale = fontSize / font.unitsPerEm;
        const x = Number(text.attributes['x'] ?? 0);
        const baseline = Number(text.attributes['y'] ?? 0);
        const start = text.attributes['text-anchor'] === 'end' ? x - run.advance * scale : text.attributes['text-anchor'] === 'middle' ? x - (run.advance * scale) / 2 : x;
        const uses: string[] = [];
        let pen = 0;
        run.glyphs.forEach((glyph, index) => {
          const position = run.positions[index];
          const id = `${font === fonts.bold ? 'b' : 'r'}${String(glyph.id)}`;
          if (!defined.has(id)) defined.set(id, outlineOf(font, glyph));
          if (defined.get(id) !== '') uses.push(`<use href="#${id}" transform="translate(${coordinate(start + (pen + (position?.xOffset ?? 0)) * scale)} ${coordinate(baseline - (position?.yOffset ?? 0) * scale)}) scale(${String(scale)} ${String(-scale)})"/>`);
          pen += position?.xAdvance ?? 0;
        });
        return `<g fill="${escapedAttribute(text.attributes['fill'] ?? '#000')}">${uses.join('')}</g>`;
      });
      const definitions = [...defined].filter(([, data]) => data !== '').map(([id, data]) => `<path id="${id}" d="${data}"/>`);
      // The definitions go first inside the root element, before anything uses them.
      const open = body.indexOf('>') + 1;
      return `${body.slice(0, open)}<defs>${definitions.join('')}</defs>${body.slice(open)}`;
    },
  };
}

/** A glyph's outline as SVG path data in font units (y up), made once per font and glyph; empty for a space. */
const outlines = new WeakMap<Font, Map<number, string>>();

function outlineOf(font: Font, glyph: Glyph): string {
  let glyphs = outlines.get(font);
  if (!glyphs) {
    glyphs = new Map();
    outlines.set(font, glyphs);
  }
  let data = glyphs.get(glyph.id);
  if (data === undefined) {
    data = glyph.path.commands.map((command) => `${pathLetters[command.command]}${command.args.map((value) => coordinate(value)).join(' ')}`).join('');
    glyphs.set(glyph.id, data);
  }
  return data;
}

function fontOf(fonts: ChartOutlineFonts, text: SvgElement): Font {
  return text.attributes['font-weight'] === 'bold' ? fonts.bold : fonts.regular;
}

function textElements(svg: SvgElement): SvgElement[] {
  const found: SvgElement[] = [];
  const visit = (node: SvgElement): void => {
    if (node.name === 'text') found.push(node);
    else for (const child of node.children) if (typeof child !== 'string') visit(child);
  };
  visit(svg);
  return found;
}

function textOf(text: SvgElement): string {
  return text.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

const pathLetters = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' } as const;

/** At most two decimals: a hundredth of a pixel at the SVG's size (the PNG is no larger), or of a font unit. */
function coordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

const escapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapedAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (character) => escapes[character] ?? character);
}

/** The element's markup, each text element as `drawText` gives it; the title (a name, not drawn) is left out. */
function markupOf(node: SvgElement, drawText: (text: SvgElement) => string): string {
  if (node.name === 'text') return drawText(node);
  if (node.name === 'title') return '';
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapedAttribute(value)}"`)
    .join('');
  const children = node.children.map((child) => (typeof child === 'string' ? escapedAttribute(child) : markupOf(child, drawText))).join('');
  return `<${node.name}${attributes}>${children}</${node.name}>`;
}
