/**
 * `references.yaml`: CSL-YAML read with positions. The item checks are the bibliography module's;
 * this module puts each problem at its line and column.
 */
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { missingFields, parseReferences, type CslItem } from '../bibliography/references.js';
import { linkScheme } from '../bibliography/rich-text.js';
import { report } from '../diagnostics/report.js';
import { parseYaml, positionAt, type ParsedYaml } from './yaml.js';

export interface References {
  /** The items that read without problems: what the citation engine may format. */
  readonly items: readonly CslItem[];
  /**
   * Every id that could be read, also of entries with problems: a chapter citing one of those is
   * not told that the key is unknown (the entry's own problem is reported).
   */
  readonly ids: ReadonlySet<string>;
  /** False when some entry had a problem (reported on the file). */
  readonly complete: boolean;
  /** Where each item is, for the unused-reference warning. */
  readonly positions: ReadonlyMap<string, Position | undefined>;
  readonly file: VFile;
}

/** The fields whose text becomes a link in the bibliography. */
const linkFields = ['URL', 'DOI'] as const;

/**
 * Reads `references.yaml`, reporting every problem. Gives what could be read even when some
 * entries have problems; `undefined` only when the file is not YAML or not a list of entries.
 */
export function readReferences(file: VFile): References | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  const result = parseReferences(parsed.data);
  const ids = new Set(result.items.map((item) => item.id));
  let complete = result.ok;
  if (!result.ok) {
    for (const problem of result.problems) {
      const ruleId = problem.field === 'id' && problem.message.includes('used twice') ? 'duplicate-id' : 'schema-field';
      report(file, ruleId, placeOf(parsed, problem.index, problem.field), `In references.yaml, ${problem.id === undefined ? `item ${problem.index + 1}` : `\`${problem.id}\``}: ${problem.message}. See docs/source-format.md for CSL-YAML.`);
      if (problem.id !== undefined) ids.add(problem.id);
    }
    if (result.problems.some((problem) => problem.index < 0)) return undefined;
  }
  if (!checkLinks(parsed)) complete = false;

  // The items are the parsed entries themselves: their index in the list places them.
  const entries: readonly unknown[] = Array.isArray(parsed.data) ? parsed.data : [];
  const positions = new Map<string, Position | undefined>();
  for (const item of result.items) {
    const index = entries.indexOf(item);
    positions.set(item.id, placeOf(parsed, index, 'id'));
    const missing = missingFields(item);
    if (missing.length === 0) continue;
    complete = false;
    report(
      file,
      'reference-missing-field',
      placeOf(parsed, index, ''),
      `The ${item.type} \`${item.id}\` lacks ${missing.map((field) => `\`${field}\``).join(' and ')}, which ${missing.length === 1 ? 'its type needs' : 'its type need'}. Add ${missing.length === 1 ? 'it' : 'them'}, or give the entry the CSL type that fits the work.`,
    );
  }
  return { items: result.items, ids, complete, positions, file };
}

/**
 * A `URL` (or a `DOI` written with a scheme) becomes a link in every edition: only http and https
 * addresses may. A bare `www.…` host or `10.…` DOI has no scheme and is completed with https.
 * Returns false when a link was refused.
 */
function checkLinks(parsed: ParsedYaml): boolean {
  if (!Array.isArray(parsed.data)) return true;
  let safe = true;
  (parsed.data as unknown[]).forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null) return;
    const fields = entry as Readonly<Record<string, unknown>>;
    for (const field of linkFields) {
      const value = fields[field];
      if (typeof value !== 'string') continue;
      const scheme = linkScheme(value);
      if (scheme === undefined || scheme === 'http:' || scheme === 'https:') continue;
      safe = false;
      const id = typeof fields['id'] === 'string' ? `\`${fields['id']}\`` : `item ${index + 1}`;
      const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
      report(
        parsed.source.file,
        'unsafe-link',
        positionAt(parsed, [index, field]),
        `The ${field} of ${id} (${JSON.stringify(shown)}) uses the ${scheme} scheme; only http and https addresses are linked, and a scheme such as javascript: could run code in a reader's browser. ${field === 'DOI' ? 'Write the DOI alone (10.…) or as https://doi.org/….' : 'Give the full https://… address.'}`,
      );
    }
  });
  return safe;
}

function placeOf(parsed: ParsedYaml, index: number, field: string): Position | undefined {
  if (index < 0) return positionAt(parsed, []);
  return positionAt(parsed, field === '' ? [index] : [index, field]);
}
