/**
 * The directives a chapter may use, declared as schemas (as Markdoc declares its tags): where each
 * may stand, which attributes it takes, their types and whether they are required. Validation and
 * the transform both read attributes through `readAttributes`, so they can't disagree.
 */
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { RuleId } from '../diagnostics/catalog.js';
import { spanAt } from '../diagnostics/places.js';
import { report } from '../diagnostics/report.js';
import { closest, didYouMean } from '../diagnostics/suggest.js';
import { idPattern, maxSourceNumber } from './schema-parts.js';

export const AttributeType = { id: 'id', integer: 'integer', positiveInteger: 'positiveInteger', languageTag: 'languageTag' } as const;
export type AttributeType = (typeof AttributeType)[keyof typeof AttributeType];

export interface AttributeSchema {
  readonly type: AttributeType;
  readonly required: boolean;
  /** The rule a value of the wrong type is reported under. */
  readonly invalidRule: RuleId;
  /** The rule a whole number beyond the range of any source number is reported under (default: `invalidRule`). */
  readonly rangeRule?: RuleId;
  readonly description: string;
}

export const Placement = { chapter: 'chapter', question: 'question', text: 'text' } as const;
export type Placement = (typeof Placement)[keyof typeof Placement];

export interface DirectiveSchema {
  readonly kind: 'containerDirective' | 'leafDirective' | 'textDirective';
  readonly placement: Placement;
  /** Whether the directive takes a `[label]`, and what it means. */
  readonly label: 'none' | 'citation-keys' | 'phrasing';
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
  readonly description: string;
  /** Where it belongs, completing "Put it …" in diagnostics. */
  readonly where: string;
}

export const directiveSchemas = {
  'key-findings': {
    kind: 'containerDirective',
    placement: 'chapter',
    label: 'none',
    attributes: {},
    description: 'The key findings of the chapter.',
    where: 'at the top level of the chapter, after the front matter',
  },
  subcategory: {
    kind: 'leafDirective',
    placement: 'chapter',
    label: 'none',
    attributes: {
      id: { type: 'id', required: true, invalidRule: 'unknown-subcategory', description: 'a sub-category id of the chapter’s category' },
      rank: { type: 'positiveInteger', required: true, invalidRule: 'rank-invalid', description: 'the country’s rank in this sub-category' },
    },
    description: 'Starts a sub-category section; the questions after it belong to it.',
    where: 'at the top level of the chapter, before the questions of that sub-category',
  },
  question: {
    kind: 'containerDirective',
    placement: 'chapter',
    label: 'none',
    attributes: {
      id: { type: 'id', required: true, invalidRule: 'unknown-question', description: 'a codebook question id' },
      score: { type: 'integer', required: true, invalidRule: 'score-not-integer', rangeRule: 'score-out-of-scale', description: 'the score, a whole number on the question’s scale' },
    },
    description: 'A scored question: the assessment text and its citations.',
    where: 'at the top level of the chapter, after a `::subcategory` marker',
  },
  citations: {
    kind: 'leafDirective',
    placement: 'question',
    label: 'citation-keys',
    attributes: {},
    description: 'The question’s list of works cited: ::citations[@a; @b].',
    where: 'at the end of a `:::question` block',
  },
  references: {
    kind: 'leafDirective',
    placement: 'chapter',
    label: 'none',
    attributes: {},
    description: 'A consolidated reference list of every work the chapter cites.',
    where: 'at the top level of the chapter, usually at its end',
  },
  span: {
    kind: 'textDirective',
    placement: 'text',
    label: 'phrasing',
    attributes: {
      lang: { type: 'languageTag', required: true, invalidRule: 'language-tag-invalid', description: 'the language of its words, a BCP 47 tag such as pl or de-CH' },
    },
    description: 'Words in another language than the edition’s: :span[Rzeczpospolita Polska]{lang=pl}.',
    where: 'in running text, around the words: `:span[words]{lang=pl}`',
  },
} as const satisfies Record<string, DirectiveSchema>;

export type DirectiveName = keyof typeof directiveSchemas;

export const directiveNames = Object.keys(directiveSchemas) as DirectiveName[];

export function isDirectiveName(name: string): name is DirectiveName {
  return Object.hasOwn(directiveSchemas, name);
}

type AttributeValue<Schema extends AttributeSchema> = Schema['type'] extends 'id' | 'languageTag' ? string : number;

export type AttributeValues<Name extends DirectiveName> = {
  -readonly [Key in keyof (typeof directiveSchemas)[Name]['attributes']]?: (typeof directiveSchemas)[Name]['attributes'][Key] extends AttributeSchema
    ? AttributeValue<(typeof directiveSchemas)[Name]['attributes'][Key]>
    : never;
};

export type AnyDirective = ContainerDirective | LeafDirective | TextDirective;

/** "Put `::citations` at the end of a `:::question` block." */
export function placementHint(name: DirectiveName): string {
  const schema: DirectiveSchema = directiveSchemas[name];
  return `Put \`${directiveDisplay({ type: schema.kind, name })}\` ${schema.where}.`;
}

const directiveSyntax: Record<AnyDirective['type'], string> = {
  containerDirective: ':::',
  leafDirective: '::',
  textDirective: ':',
};

/** How an author writes a directive, e.g. `:::question`. */
export function directiveDisplay(node: Pick<AnyDirective, 'type' | 'name'>): string {
  return `${directiveSyntax[node.type]}${node.name}`;
}

/**
 * Reads and checks a known directive's attributes against its schema. Each problem is reported at
 * the attribute; what could be read is returned.
 */
export function readAttributes<Name extends DirectiveName>(file: VFile, node: AnyDirective, name: Name): AttributeValues<Name> {
  const schema: DirectiveSchema = directiveSchemas[name];
  const values: Record<string, string | number> = {};
  const given = node.attributes ?? {};
  const display = directiveDisplay(node);

  // Attributes that a misspelt one was taken for (`scroe` → `score`): not reported again as missing.
  const suggested = new Set<string>();
  for (const [key, raw] of Object.entries(given)) {
    // An own key only: `constructor=1` is an unknown attribute, not Object.prototype's.
    const attribute = Object.hasOwn(schema.attributes, key) ? schema.attributes[key] : undefined;
    if (attribute === undefined) {
      const known = Object.keys(schema.attributes);
      const suggestion = closest(key, known);
      if (suggestion !== undefined) suggested.add(suggestion);
      report(
        file,
        'unknown-attribute',
        attributePosition(file, node, key),
        known.length === 0
          ? `\`${display}\` takes no attributes, but has \`${key}\`. Remove it.`
          : `\`${display}\` has no attribute \`${key}\`.${didYouMean(key, known)} It takes ${known.map((k) => `\`${k}\``).join(' and ')}.`,
      );
      continue;
    }
    const value = parseAttribute(attribute.type, raw ?? '');
    if (value === undefined) {
      const rule = isWholeNumber(raw ?? '') ? (attribute.rangeRule ?? attribute.invalidRule) : attribute.invalidRule;
      report(file, rule, attributePosition(file, node, key), invalidMessage(display, key, raw ?? '', attribute));
      continue;
    }
    values[key] = value;
  }

  for (const [key, attribute] of Object.entries(schema.attributes)) {
    if (attribute.required && given[key] === undefined && !suggested.has(key)) {
      const example = key === 'id' ? '#…' : `${key}=…`;
      report(file, 'missing-attribute', node.position, `\`${display}\` needs \`${key}\` (${attribute.description}). Add \`${example}\` inside its braces.`);
    }
  }
  return values as AttributeValues<Name>;
}

function parseAttribute(type: AttributeType, raw: string): string | number | undefined {
  const trimmed = raw.trim();
  switch (type) {
    case 'id':
      return idPattern.test(trimmed) ? trimmed : undefined;
    case 'languageTag':
      return canonicalLanguageTag(trimmed);
    case 'integer': {
      if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
      const value = Number.parseInt(trimmed, 10);
      return Math.abs(value) <= maxSourceNumber ? value : undefined;
    }
    case 'positiveInteger': {
      if (!/^\+?\d+$/.test(trimmed)) return undefined;
      const value = Number.parseInt(trimmed, 10);
      return value > 0 && value <= maxSourceNumber ? value : undefined;
    }
  }
}

/**
 * A well-formed BCP 47 tag in its canonical form (`PL` → `pl`, `de-ch` → `de-CH`), checked by the
 * runtime's own Intl.getCanonicalLocales (RFC 5646's syntax); its primary language subtag must be
 * an ISO 639 code of two or three letters, so a language's name ("polish") is not taken for a tag.
 */
export function canonicalLanguageTag(raw: string): string | undefined {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(raw)[0];
  } catch {
    return undefined;
  }
  return canonical !== undefined && /^[a-z]{2,3}(?:-|$)/.test(canonical) ? canonical : undefined;
}

function isWholeNumber(raw: string): boolean {
  return /^[+-]?\d+$/.test(raw.trim());
}

function invalidMessage(display: string, key: string, raw: string, attribute: AttributeSchema): string {
  switch (attribute.type) {
    case 'languageTag':
      return `The ${key} "${raw}" of \`${display}\` is not a BCP 47 language tag. Write the language's ISO 639 code, optionally with a script or region, e.g. ${key}=pl, ${key}=de-CH or ${key}=sr-Latn.`;
    case 'id':
      return `\`${display}\` has \`${key}\` "${raw}", which is not an id. Use lower-case letters, digits and hyphens, as in the codebook.`;
    case 'integer':
      return isWholeNumber(raw)
        ? `The ${key} ${raw.trim()} of \`${display}\` is too large a number: a ${key} lies between -${maxSourceNumber.toLocaleString('en-US')} and ${maxSourceNumber.toLocaleString('en-US')}, on the question’s scale. Give it as e.g. ${key}=8.`
        : `The ${key} "${raw}" of \`${display}\` is not a whole number. Scores are whole numbers on the question’s scale, e.g. ${key}=8.`;
    case 'positiveInteger':
      return isWholeNumber(raw) && !/^\s*-/.test(raw) && !/^\s*\+?0+\s*$/.test(raw)
        ? `The ${key} ${raw.trim()} of \`${display}\` is too large: it may be at most ${maxSourceNumber.toLocaleString('en-US')}. Write it as e.g. ${key}=16.`
        : `The ${key} "${raw}" of \`${display}\` is not a positive whole number. Write it as e.g. ${key}=16.`;
  }
}

/**
 * Where an attribute stands in the source (remark-directive keeps no attribute positions): the
 * directive's attribute braces are searched for `key=value`, or `#value` for ids, and the whole
 * attribute is spanned.
 */
export function attributePosition(file: VFile, node: AnyDirective, key: string): Position | undefined {
  const start = node.position?.start.offset;
  if (start === undefined) return node.position;
  const source = String(file.value);
  const lineEnd = source.indexOf('\n', start);
  const line = source.slice(start, lineEnd < 0 ? undefined : lineEnd);
  const brace = line.indexOf('{');
  if (brace < 0) return node.position;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // An attribute starts after `{` or white space, so `core=` is not found inside `score=`.
  const pattern = new RegExp(`(?<=[{\\s])(?:${key === 'id' ? `#[^\\s}.#]*|` : ''}${escaped}\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s}]*)|${escaped}(?=[\\s}]))`, 'u');
  const match = pattern.exec(line.slice(brace));
  if (!match) return node.position;
  const at = start + brace + match.index;
  return spanAt(file, at, at + match[0].length) ?? node.position;
}
