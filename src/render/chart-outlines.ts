/**
 * A chart's SVG with its words drawn as outlines, for rasterising without fonts. resvg loads and
 * parses every font file it is given on every image (some 20 of a chart's 27 ms); outlines from
 * fonts parsed once halve each PNG's time (27 → 12 ms). Only words the chart fonts draw
 * alone, left to right and without complex shaping, are outlined (Latin, Greek, Cyrillic and their
 * punctuation); a chart with any other word is left to resvg's own text layout, with the fallbacks.
 */
import type { Font } from 'fontkit';
import { escaped, svgMarkup, type SvgElement } from './chart-svg.js';

/** The chart fonts: the theme's heading font, regular and bold, parsed once. */
export interface ChartOutlineFonts {
  readonly regular: Font;
  readonly bold: Font;
}

/** Characters whose words need no more than the font's own glyphs, placed one after another. */
const simpleScripts = /^[\u0020-\u007E\u00A0-\u052F\u1E00-\u1FFF\u2000-\u206F\u20A0-\u20CF\u2100-\u214F]*$/u;

/** A word as the font lays it out, compactly: glyph ids, and each glyph's advance and offsets (font units). */
interface ShapedWord {
  readonly glyphIds: Uint16Array;
  /** xAdvance, xOffset, yOffset of each glyph, one after another. */
  readonly placement: Float32Array;
  readonly advance: number;
}

/**
 * Shaped words kept per font: a chart's labels come back in every chart of the same questions. A
 * renderer lives as long as a watch session, so the words kept are few and compact (some 2 KB a word
 * as fontkit's glyph objects; some 100 bytes as arrays).
 */
const maxShapedWords = 2_000;

export interface ChartOutliner {
  /** The SVG's markup with each text element as a path, or undefined when a word is not one to outline. */
  outline(svg: SvgElement): string | undefined;
}

/** What the outliner keeps of one font for as long as it lives: its shaped words, and each glyph's outline as SVG path data in font units (y up; empty for a space). */
interface FontMemory {
  readonly words: Map<string, ShapedWord>;
  readonly outlines: Map<number, string>;
}

export function createChartOutliner(fonts: ChartOutlineFonts): ChartOutliner {
  const memories = new Map<Font, FontMemory>([fonts.regular, fonts.bold].map((font) => [font, { words: new Map(), outlines: new Map() }]));
  const memoryOf = (font: Font): FontMemory => {
    const memory = memories.get(font);
    if (!memory) throw new Error('The chart outliner was asked for a font it was not made with.');
    return memory;
  };
  const outlineOf = (font: Font, glyphId: number): string => {
    const { outlines } = memoryOf(font);
    let data = outlines.get(glyphId);
    if (data === undefined) {
      data = font
        .getGlyph(glyphId)
        .path.commands.map((command) => `${pathLetters[command.command]}${command.args.map((value) => coordinate(value)).join(' ')}`)
        .join('');
      outlines.set(glyphId, data);
    }
    return data;
  };
  const shape = (font: Font, text: string): ShapedWord => {
    const { words } = memoryOf(font);
    let word = words.get(text);
    if (!word) {
      const run = font.layout(text);
      const placement = new Float32Array(run.glyphs.length * 3);
      run.positions.forEach((position, index) => placement.set([position.xAdvance, position.xOffset, position.yOffset], index * 3));
      word = { glyphIds: Uint16Array.from(run.glyphs, (glyph) => glyph.id), placement, advance: run.positions.reduce((sum, position) => sum + position.xAdvance, 0) };
      if (words.size >= maxShapedWords) words.clear();
      words.set(text, word);
    }
    return word;
  };

  /** Whether resvg would draw the element as the outlines are drawn: its attributes understood, its spaces as SVG leaves them, every glyph in the font. */
  const canOutline = (text: SvgElement): boolean => {
    const { attributes } = text;
    if (Object.keys(attributes).some((name) => !understoodAttributes.has(name))) return false;
    if (!Number.isFinite(Number(attributes['x'] ?? 0)) || !Number.isFinite(Number(attributes['y'] ?? 0))) return false;
    if (!['start', 'middle', 'end', undefined].includes(attributes['text-anchor']) || !['bold', 'normal', undefined].includes(attributes['font-weight'])) return false;
    const words = textOf(text);
    // SVG drops spaces at the ends and collapses runs of them (and other white space); the outlines would not.
    if (!simpleScripts.test(words) || words !== words.trim() || /\s\s|[^\S ]/u.test(words)) return false;
    const font = fontOf(fonts, text);
    for (const character of words) if (character !== ' ' && !font.hasGlyphForCodePoint(character.codePointAt(0) ?? 0)) return false;
    // A glyph the font lays out as its .notdef (a space it lacks, say) would be drawn as a box.
    return !shape(font, words).glyphIds.includes(0);
  };

  return {
    outline(svg) {
      const fontSize = Number(svg.attributes['font-size']);
      if (!Number.isFinite(fontSize) || fontSize <= 0) return undefined;
      if (!textElements(svg).every(canOutline)) return undefined;
      // Each glyph's outline once, in font units, in the image's definitions; each use of it placed and scaled.
      const defined = new Map<string, string>();
      // The title is a name, not drawn.
      const body = svgMarkup(svg, (element) => {
        if (element.name === 'title') return '';
        if (element.name !== 'text') return undefined;
        const text = element;
        const font = fontOf(fonts, text);
        const word = shape(font, textOf(text));
        const scale = fontSize / font.unitsPerEm;
        const x = Number(text.attributes['x'] ?? 0);
        const baseline = Number(text.attributes['y'] ?? 0);
        const start = text.attributes['text-anchor'] === 'end' ? x - word.advance * scale : text.attributes['text-anchor'] === 'middle' ? x - (word.advance * scale) / 2 : x;
        const uses: string[] = [];
        let pen = 0;
        word.glyphIds.forEach((glyphId, index) => {
          const [xAdvance = 0, xOffset = 0, yOffset = 0] = word.placement.subarray(index * 3, index * 3 + 3);
          const id = `${font === fonts.bold ? 'b' : 'r'}${String(glyphId)}`;
          if (!defined.has(id)) defined.set(id, outlineOf(font, glyphId));
          if (defined.get(id) !== '') uses.push(`<use href="#${id}" transform="translate(${coordinate(start + (pen + xOffset) * scale)} ${coordinate(baseline - yOffset * scale)}) scale(${String(scale)} ${String(-scale)})"/>`);
          pen += xAdvance;
        });
        return `<g fill="${escaped(text.attributes['fill'] ?? '#000')}">${uses.join('')}</g>`;
      });
      const definitions = [...defined].filter(([, data]) => data !== '').map(([id, data]) => `<path id="${id}" d="${data}"/>`);
      // The definitions go first inside the root element, before anything uses them.
      const open = body.indexOf('>') + 1;
      return `${body.slice(0, open)}<defs>${definitions.join('')}</defs>${body.slice(open)}`;
    },
  };
}

/** The text element's attributes the outlines follow (chart-svg.ts writes no others). */
const understoodAttributes: ReadonlySet<string> = new Set(['class', 'x', 'y', 'fill', 'text-anchor', 'font-weight']);

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
