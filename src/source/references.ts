/**
 * `references.yaml`: CSL-YAML read with positions. The item checks are the bibliography module's;
 * this module puts each problem at its line and column.
 */
import type { VFile } from 'vfile';
import { missingFields, parseReferences, type CslItem } from '../bibliography/references.js';
import { report } from '../diagnostics/report.js';
import type { Position } from 'unist';
import { parseYaml, positionAt, type ParsedYaml } from './yaml.js';

export interface References {
  readonly items: readonly CslItem[];
  readonly ids: ReadonlySet<string>;
  /** Where each item is, for the unused-reference warning. */
  readonly positions: ReadonlyMap<string, Position | undefined>;
  readonly file: VFile;
}

export function readReferences(file: VFile): References | undefined {
  const parsed = parseYaml({ file, text: String(file.value), offset: 0 });
  if (!parsed) return undefined;
  const result = parseReferences(parsed.data);
  if (!result.ok) {
    for (const problem of result.problems) {
      const ruleId = problem.field === 'id' && problem.message.includes('used twice') ? 'duplicate-id' : 'schema-field';
      report(file, ruleId, placeOf(parsed, problem.index, problem.field), `In references.yaml, ${problem.id === undefined ? `item ${problem.index + 1}` : `\`${problem.id}\``}: ${problem.message}. See docs/source-format.md for CSL-YAML.`);
    }
    return undefined;
  }
  let complete = true;
  const positions = new Map<string, Position | undefined>();
  result.items.forEach((item, index) => {
    positions.set(item.id, positionAt(parsed, [index, 'id']));
    const missing = missingFields(item);
    if (missing.length === 0) return;
    complete = false;
    report(
      file,
      'reference-missing-field',
      positionAt(parsed, [index]),
      `The ${item.type} \`${item.id}\` lacks ${missing.map((field) => `\`${field}\``).join(' and ')}, which ${missing.length === 1 ? 'its type needs' : 'its type need'}. Add ${missing.length === 1 ? 'it' : 'them'}, or give the entry the CSL type that fits the work.`,
    );
  });
  if (!complete) return undefined;
  return { items: result.items, ids: new Set(result.items.map((item) => item.id)), positions, file };
}

function placeOf(parsed: ParsedYaml, index: number, field: string): Position | undefined {
  if (index < 0) return positionAt(parsed, []);
  return positionAt(parsed, field === '' ? [index] : [index, field]);
}
