// Rich text out of citeproc without HTML: a private output format whose markup uses
// Unicode private-use characters, and a parser that turns that markup into mdast phrasing
// nodes (text, emphasis, strong, link), which every renderer draws natively.

import type CSL from 'citeproc';
import { citeproc } from './citeproc.js';
import type { Emphasis, Link, PhrasingContent, Strong, Text } from 'mdast';

/** The name the format is registered under on `CSL.Output.Formats`. */
export const RUNS_FORMAT = 'rubricpress-runs';

// Markers (U+E000–U+E00F is reserved for them; the same characters in data are escaped).
const ITALIC_OPEN = '\uE000';
const UPRIGHT_OPEN = '\uE001'; // font-style: normal (inside an italic title)
const STYLE_CLOSE = '\uE002';
const BOLD_OPEN = '\uE003';
const WEIGHT_NORMAL_OPEN = '\uE004';
const WEIGHT_CLOSE = '\uE005';
const LINK_OPEN = '\uE006'; // LINK_OPEN url LINK_TEXT text LINK_CLOSE
const LINK_TEXT = '\uE007';
const LINK_CLOSE = '\uE008';
const CITE_OPEN = '\uE009'; // CITE_OPEN id CITE_TEXT words CITE_CLOSE: one cite of a citation cluster
const CITE_TEXT = '\uE00A';
const CITE_CLOSE = '\uE00B';
const ESCAPE = '\uE00F'; // ESCAPE c: the character c as literal text

const RESERVED = /[\uE000-\uE00F]/g;

/** Escapes literal text so that no character of it is read as markup. */
export function escapeRunsText(text: string | undefined): string {
  return (text ?? '').replace(RESERVED, (c) => ESCAPE + c);
}

/** Quote marks from the locale; alone (no string) they stand for an opening mark or, inner, an apostrophe. */
function quotes(open: string, close: string, alone: (state: CSL.Engine) => string) {
  return (state: CSL.Engine, str: string | undefined): string =>
    str === undefined ? alone(state) : state.getTerm(open) + str + state.getTerm(close);
}

function link(state: CSL.Engine, str: string | undefined): string {
  const s = str ?? '';
  return LINK_OPEN + s + LINK_TEXT + s + LINK_CLOSE;
}

const identity = (_state: CSL.Engine, str: string | undefined): string => str ?? '';

/** The citeproc output format: private markers for italics, bold and links. */
export const runsOutputFormat: CSL.OutputFormat = {
  text_escape: escapeRunsText,
  bibstart: '',
  bibend: '',
  '@font-style/italic': `${ITALIC_OPEN}%%STRING%%${STYLE_CLOSE}`,
  '@font-style/oblique': `${ITALIC_OPEN}%%STRING%%${STYLE_CLOSE}`,
  '@font-style/normal': `${UPRIGHT_OPEN}%%STRING%%${STYLE_CLOSE}`,
  '@font-weight/bold': `${BOLD_OPEN}%%STRING%%${WEIGHT_CLOSE}`,
  '@font-weight/normal': `${WEIGHT_NORMAL_OPEN}%%STRING%%${WEIGHT_CLOSE}`,
  '@font-weight/light': false,
  // No small caps, underline or vertical alignment in the shared rich text: plain text.
  '@font-variant/small-caps': false,
  '@font-variant/normal': false,
  '@text-decoration/none': false,
  '@text-decoration/underline': false,
  '@vertical-align/baseline': false,
  '@vertical-align/sup': false,
  '@vertical-align/sub': false,
  '@passthrough/true': identity,
  '@strip-periods/true': identity,
  '@strip-periods/false': identity,
  '@quotes/true': quotes('open-quote', 'close-quote', (state) => state.getTerm('open-quote')),
  '@quotes/inner': quotes('open-inner-quote', 'close-inner-quote', () => '\u2019'),
  '@quotes/false': false,
  // Only with citeproc's citation wrapper (engine.ts asks for it to tell each cite's words apart).
  '@cite/entry': function citeEntry(_state, str) {
    return CITE_OPEN + escapeRunsText(this.item_id) + CITE_TEXT + (str ?? '') + CITE_CLOSE;
  },
  '@bibliography/entry': identity,
  '@display/block': identity,
  '@display/left-margin': (_state, str) => `${str ?? ''} `,
  '@display/right-inline': identity,
  '@display/indent': identity,
  '@showid/true': identity,
  '@URL/true': link,
  '@DOI/true': link,
};

/** Registers the format on citeproc (idempotent). */
export function registerRunsFormat(): void {
  if (citeproc.Output.Formats[RUNS_FORMAT] === undefined) {
    citeproc.Output.Formats[RUNS_FORMAT] = runsOutputFormat;
  }
}

/** The schemes a link of the rich text may use: nothing that could run code in a reader's browser. */
const SAFE_LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * The scheme of an address (`javascript:`), lower-cased; undefined when it has none. Control
 * characters and spaces are ignored, as browsers ignore them (`java\tscript:` is `javascript:`).
 */
export function linkScheme(address: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = address.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*:)/.exec(cleaned)?.[1];
}

/**
 * The address a printed link points to: the text itself when it has an http, https or mailto
 * scheme, `https://` before a bare host ("www.example.org") and `https://doi.org/` before a bare
 * DOI. Undefined for any other scheme (`javascript:`, `data:`, `file:`…): such text is not linked.
 */
export function linkTarget(printed: string): string | undefined {
  const text = printed.trim();
  const scheme = linkScheme(text);
  if (scheme !== undefined) return SAFE_LINK_SCHEMES.has(scheme) ? text : undefined;
  if (/^10\.\d{4,}\//.test(text)) return `https://doi.org/${text}`;
  return `https://${text.replace(/^\/+/, '')}`;
}

interface Run {
  text: string;
  italic: boolean;
  bold: boolean;
  link: { readonly url: string } | undefined;
}

type StyleMark = 'italic' | 'upright';
type WeightMark = 'bold' | 'normal';

/** Splits the markup into runs of literal text with their effective formatting. */
function toRuns(markup: string): Run[] {
  const runs: Run[] = [];
  const styles: StyleMark[] = [];
  const weights: WeightMark[] = [];
  let link: { url: string } | undefined;
  let inLinkUrl = false;
  let url = '';

  const push = (c: string): void => {
    if (inLinkUrl) {
      url += c;
      return;
    }
    const italic = styles[styles.length - 1] === 'italic';
    const bold = weights[weights.length - 1] === 'bold';
    const last = runs[runs.length - 1];
    if (last && last.italic === italic && last.bold === bold && last.link === link) {
      last.text += c;
    } else {
      runs.push({ text: c, italic, bold, link });
    }
  };

  const chars = Array.from(markup);
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i] ?? '';
    switch (c) {
      case ESCAPE:
        i += 1;
        push(chars[i] ?? '');
        break;
      case ITALIC_OPEN:
        styles.push('italic');
        break;
      case UPRIGHT_OPEN:
        styles.push('upright');
        break;
      case STYLE_CLOSE:
        styles.pop();
        break;
      case BOLD_OPEN:
        weights.push('bold');
        break;
      case WEIGHT_NORMAL_OPEN:
        weights.push('normal');
        break;
      case WEIGHT_CLOSE:
        weights.pop();
        break;
      case LINK_OPEN:
        inLinkUrl = true;
        url = '';
        break;
      case LINK_TEXT: {
        inLinkUrl = false;
        // An address that is not safe to follow is printed as plain text, not linked.
        const target = linkTarget(url);
        link = target === undefined ? undefined : { url: target };
        break;
      }
      case LINK_CLOSE:
        inLinkUrl = false;
        link = undefined;
        break;
      default:
        push(c);
    }
  }
  return runs;
}

/** Groups consecutive runs that share `key` (links outermost, then strong, then emphasis). */
function group<K>(runs: readonly Run[], key: (run: Run) => K): { key: K; runs: Run[] }[] {
  const groups: { key: K; runs: Run[] }[] = [];
  for (const run of runs) {
    const k = key(run);
    const last = groups[groups.length - 1];
    if (last && last.key === k) last.runs.push(run);
    else groups.push({ key: k, runs: [run] });
  }
  return groups;
}

function emphasisLevel(runs: readonly Run[]): PhrasingContent[] {
  return group(runs, (r) => r.italic).map(({ key, runs: rs }) => {
    const text: Text = { type: 'text', value: rs.map((r) => r.text).join('') };
    if (!key) return text;
    const emphasis: Emphasis = { type: 'emphasis', children: [text] };
    return emphasis;
  });
}

function strongLevel(runs: readonly Run[]): PhrasingContent[] {
  return group(runs, (r) => r.bold).flatMap(({ key, runs: rs }) => {
    const children = emphasisLevel(rs);
    if (!key) return children;
    const strong: Strong = { type: 'strong', children };
    return [strong];
  });
}

/** Turns markup written by the `rubricpress-runs` format into mdast phrasing content. */
export function parseRuns(markup: string): PhrasingContent[] {
  const runs = toRuns(markup).filter((r) => r.text !== '');
  return group(runs, (r) => r.link).flatMap(({ key, runs: rs }) => {
    const children = strongLevel(rs);
    if (key === undefined) return children;
    const node: Link = { type: 'link', url: key.url, children };
    return [node];
  });
}

/** One part of a citation cluster's markup: words around or between its cites, or one cite's words (`id` the work's). */
export interface MarkupPart {
  readonly id?: string;
  readonly markup: string;
}

/**
 * A cluster's markup, made with citeproc's citation wrapper, split at its cites. Undefined when it
 * holds no cite marks or they are not where a cite's words can stand apart (nested, unclosed).
 */
export function splitCites(markup: string): MarkupPart[] | undefined {
  const parts: MarkupPart[] = [];
  const chars = Array.from(markup);
  let current = '';
  let id: string | undefined;
  let inId = false;
  let cites = 0;
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i] ?? '';
    if (c === ESCAPE) {
      const next = chars[i + 1] ?? '';
      i += 1;
      if (inId) id = (id ?? '') + next;
      else current += c + next;
    } else if (c === CITE_OPEN) {
      if (id !== undefined || inId) return undefined;
      if (current !== '') parts.push({ markup: current });
      current = '';
      inId = true;
      id = '';
    } else if (c === CITE_TEXT) {
      if (!inId) return undefined;
      inId = false;
    } else if (c === CITE_CLOSE) {
      if (id === undefined || inId) return undefined;
      parts.push({ id, markup: current });
      cites += 1;
      current = '';
      id = undefined;
    } else if (inId) id = (id ?? '') + c;
    else current += c;
  }
  if (id !== undefined || cites === 0) return undefined;
  if (current !== '') parts.push({ markup: current });
  return parts;
}

/** Whether markup closes every style, weight and link it opens, and opens every one it closes. */
export function balancedMarkup(markup: string): boolean {
  let styles = 0;
  let weights = 0;
  let links = 0;
  const chars = Array.from(markup);
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i];
    if (c === ESCAPE) i += 1;
    else if (c === ITALIC_OPEN || c === UPRIGHT_OPEN) styles += 1;
    else if (c === STYLE_CLOSE) styles -= 1;
    else if (c === BOLD_OPEN || c === WEIGHT_NORMAL_OPEN) weights += 1;
    else if (c === WEIGHT_CLOSE) weights -= 1;
    else if (c === LINK_OPEN) links += 1;
    else if (c === LINK_CLOSE) links -= 1;
    if (styles < 0 || weights < 0 || links < 0) return false;
  }
  return styles === 0 && weights === 0 && links === 0;
}

/** The plain text of phrasing content (for tests, sorting and alt texts). */
export function phrasingToString(nodes: readonly PhrasingContent[]): string {
  return nodes
    .map((node) => {
      if ('value' in node && typeof node.value === 'string') return node.value;
      if ('children' in node) return phrasingToString(node.children);
      return '';
    })
    .join('');
}
