/**
 * YAML with positions: parse with `yaml`, check the data with a zod schema, and report every problem
 * at the line and column of the YAML node it concerns.
 */
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { spanAt } from '../diagnostics/places.js';
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { RuleId } from '../diagnostics/catalog.js';
import { report } from '../diagnostics/report.js';
import { closest } from '../diagnostics/suggest.js';
import { checkDocument, deepestPoint, maxAliasedValues, maxYamlDepth } from './yaml-limits.js';

/** A YAML text inside a file: a whole `.yaml` file (offset 0) or a front matter block. */
export interface YamlSource {
  readonly file: VFile;
  readonly text: string;
  /** Offset of `text` in the file, so that positions point into the file. */
  readonly offset: number;
}

export type YamlPath = readonly PropertyKey[];

export interface ParsedYaml {
  readonly source: YamlSource;
  readonly document: Document.Parsed;
  readonly data: unknown;
}

/** Parses YAML, reporting syntax errors (all of them) and passed limits (`yaml-limits.ts`) at their positions. */
export function parseYaml(source: YamlSource): ParsedYaml | undefined {
  const deep = deepestPoint(source.text);
  if (deep) {
    report(source.file, 'yaml-limit', positionOfRange(source, deep.offset, deep.offset + 1), tooDeep);
    return undefined;
  }
  let document: Document.Parsed;
  try {
    document = parseDocument(source.text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The parser recursed too deep after all (a structure the scan above does not see).
    if (!(error instanceof RangeError)) throw error;
    report(source.file, 'yaml-limit', positionOfRange(source, 0, 0), tooDeep);
    return undefined;
  }
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const reason = error.message.split('\n')[0] ?? error.message;
      const overflow = reason.includes('Maximum call stack size exceeded');
      report(
        source.file,
        overflow ? 'yaml-limit' : 'yaml-syntax',
        positionOfRange(source, error.pos[0], error.pos[1]),
        overflow ? tooDeep : `The YAML cannot be read: ${reason}. Check the indentation, the colons after keys and quotes around values that contain ": " or start with a special character.`,
      );
    }
    return undefined;
  }
  const problem = checkDocument(document);
  if (problem) {
    const range = problem.node.range;
    const place = range ? positionOfRange(source, range[0], range[1]) : positionOfRange(source, 0, 0);
    const reason =
      problem.kind === 'depth'
        ? tooDeep
        : problem.kind === 'cycle'
          ? 'This alias refers to a value that holds it, so the value would never end. Write the value out, or refer to another anchor.'
          : `The aliases (*name) of this file repeat more than ${maxAliasedValues.toLocaleString('en-US')} values in all, counting the aliases inside what they repeat; this one passes the limit. Write the repeated values out, or repeat fewer.`;
    report(source.file, 'yaml-limit', place, reason);
    return undefined;
  }
  // Aliases were measured above: the library's own count (which rejects 101 ordinary aliases) is not needed.
  return { source, document, data: document.toJS({ maxAliasCount: -1 }) };
}

const tooDeep = `The YAML nests values more than ${String(maxYamlDepth)} levels deep here (lists and mappings inside one another, aliases followed); no source file needs that many. Flatten it.`;

/** The position of the YAML node at `path`, or of its nearest existing ancestor. */
export function positionAt(parsed: ParsedYaml, path: YamlPath): Position | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = parsed.document.getIn(path.slice(0, length) as unknown[], true);
    if (isNode(node) && node.range) return positionOfRange(parsed.source, node.range[0], node.range[1]);
  }
  const contents = parsed.document.contents;
  return contents?.range ? positionOfRange(parsed.source, contents.range[0], contents.range[1]) : undefined;
}

/** The position of the key `key` of the map at `path` (for unknown keys). */
export function positionOfKey(parsed: ParsedYaml, path: YamlPath, key: string): Position | undefined {
  const map = path.length === 0 ? parsed.document.contents : parsed.document.getIn(path as unknown[], true);
  if (isMap(map)) {
    for (const pair of map.items) {
      const keyNode = pair.key;
      if (isScalar(keyNode) && keyNode.value === key && keyNode.range) {
        return positionOfRange(parsed.source, keyNode.range[0], keyNode.range[1]);
      }
    }
  }
  return positionAt(parsed, path);
}

export function positionOfRange(source: YamlSource, start: number, end: number): Position | undefined {
  return spanAt(source.file, source.offset + start, source.offset + end);
}

export interface SchemaCheckOptions {
  /** The rule a schema problem is reported under. */
  readonly ruleId: RuleId;
  /** Rules for particular fields, e.g. `rank` → `rank-invalid`. */
  readonly ruleForField?: (path: YamlPath) => RuleId | undefined;
  /** What the file is called in messages, e.g. "edition.yaml" or "front matter". */
  readonly what: string;
}

/** Checks parsed YAML against a schema, reporting each problem where it is. */
export function checkSchema<Schema extends z.ZodType>(
  parsed: ParsedYaml,
  schema: Schema,
  options: SchemaCheckOptions,
): z.output<Schema> | undefined {
  if (schema instanceof z.ZodObject && !isMapping(parsed.data)) {
    reportNotAMapping(parsed, schema, options);
    return undefined;
  }
  const result = schema.safeParse(parsed.data, { reportInput: true });
  if (result.success) return result.data;
  // A misspelt key (`contry:`) is both unknown and leaves a required field missing: report it once,
  // as the unknown key with a suggestion, rather than twice.
  const issues = result.error.issues;
  const missing = issues.filter((issue) => issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0);
  const suggestions = new Map<string, z.core.$ZodIssue>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const siblings = missing.filter((candidate) => candidate.path.length === issue.path.length + 1 && issue.path.every((part, index) => candidate.path[index] === part));
    for (const key of issue.keys) {
      const name = closest(key, siblings.filter((candidate) => ![...suggestions.values()].includes(candidate)).map((candidate) => String(candidate.path.at(-1))));
      const suggested = siblings.find((candidate) => String(candidate.path.at(-1)) === name);
      if (suggested) suggestions.set(formatPath([...issue.path, key]), suggested);
    }
  }
  const covered = new Set(suggestions.values());
  // One mistake, one diagnostic: a field that breaks two rules (not a safe whole number, and too large) is reported once.
  const reportedPaths = new Set<string>();
  for (const issue of issues) {
    if (covered.has(issue)) continue;
    if (issue.code !== 'unrecognized_keys') {
      const key = JSON.stringify(issue.path.map(String));
      if (reportedPaths.has(key)) continue;
      reportedPaths.add(key);
    }
    const path = issue.path;
    const ruleId = options.ruleForField?.(path) ?? options.ruleId;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = formatPath([...path, key]);
        const suggested = suggestions.get(field);
        report(
          parsed.source.file,
          ruleId,
          positionOfKey(parsed, path, key),
          suggested
            ? `${options.what} has a field \`${field}\` that it does not take. Did you mean \`${formatPath(suggested.path)}\`? Correct the spelling.`
            : `${options.what} has a field \`${field}\` that it does not take. Remove it or check its spelling.`,
        );
      }
      continue;
    }
    report(parsed.source.file, ruleId, positionAt(parsed, path), describeIssue(issue, options.what));
  }
  return undefined;
}

function isMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An empty document, or a list or single value where fields are expected: one sentence at the
 * document's start (or at the list), naming the fields the schema requires.
 */
function reportNotAMapping(parsed: ParsedYaml, schema: z.ZodObject, options: SchemaCheckOptions): void {
  const required = Object.entries(schema.shape)
    .filter(([, field]) => !z.safeParse(field, undefined).success)
    .map(([key]) => `\`${key}\``);
  const needs = required.length === 0 ? '' : `; it needs ${joinWords(required)}`;
  const empty = parsed.data === null || parsed.data === undefined;
  const contents = parsed.document.contents;
  const position = !empty && contents?.range ? positionOfRange(parsed.source, contents.range[0], contents.range[1]) : positionOfRange(parsed.source, 0, 0);
  const message = empty
    ? `${options.what} is empty${needs}. Write each field as \`field: value\` on a line of its own.`
    : `${options.what} must be a mapping of fields (\`field: value\` lines), not ${parsed.source.offset > 0 ? describeValue(parsed.data) : describeShape(parsed.data)}${needs}.`;
  report(parsed.source.file, options.ruleForField?.([]) ?? options.ruleId, position ?? { line: 1, column: 1 }, message);
}

/** "a", "a and b", "a, b and c". */
function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

function describeIssue(issue: z.core.$ZodIssue, what: string): string {
  const field = issue.path.length > 0 ? `\`${formatPath(issue.path)}\`` : 'the document';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${what} lacks the required field ${field} (${issue.expected}). Add it.`;
  }
  const found = issue.input === undefined ? '' : ` Found ${describeValue(issue.input)}.`;
  return `In ${what.charAt(0).toLowerCase()}${what.slice(1)}, ${field} ${issue.message}.${found}`;
}

/**
 * What a whole YAML file is, without quoting it: a file that is not the mapping it should be may be
 * some other file altogether (a token, a key), and its text must not reach a CI log. (A chapter's
 * front matter is part of the chapter, and is quoted.)
 */
function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a single line of text (${String(value.length)} characters, not shown)`;
  return describeValue(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value.toString()}`;
  return typeof value;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
