/**
 * Helpers for asserting diagnostics: where one is (relative to the temporary source folder), and
 * the single diagnostic of a rule.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonDiagnostic } from '../../src/diagnostics/json.js';
import { lineColumnOf, sampleSource } from './build.js';

/** A file of the sample source folder, as text. */
export function sampleText(relativePath: string): string {
  return readFileSync(path.join(sampleSource, ...relativePath.split('/')), 'utf8');
}

/**
 * A diagnostic's file relative to the source folder `checkChanged` made, with `/` separators
 * (`chapters/japan/coordination.md`); the empty string for the folder itself.
 */
export function sourceRelative(file: string): string {
  const match = /rubricpress-source-[^/\\]+(?:[/\\](.*))?$/.exec(file);
  if (!match) throw new Error(`"${file}" is not in a source folder made by checkChanged`);
  return (match[1] ?? '').split(/[/\\]/).join('/');
}

export interface Place {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** Where a diagnostic points: its file (relative), line and column. */
export function placeOf(diagnostic: JsonDiagnostic): Place {
  return { file: sourceRelative(diagnostic.file), line: diagnostic.line, column: diagnostic.column };
}

/** Where `needle` first stands in `text` (after offset `after`), as a place in `file`. */
export function placeIn(file: string, text: string, needle: string, after = 0): Place {
  return { file, ...lineColumnOf(text, needle, after) };
}

/** "file:line:column rule-id", for readable failure messages. */
export function summarize(diagnostics: readonly JsonDiagnostic[]): string {
  return diagnostics.map((d) => `${sourceRelative(d.file)}:${String(d.line)}:${String(d.column)} ${d.severity} ${String(d.ruleId)}: ${d.message}`).join('\n');
}

/** The rule ids of the diagnostics, in order. */
export function ruleIdsOf(diagnostics: readonly JsonDiagnostic[]): (string | null)[] {
  return diagnostics.map((d) => d.ruleId);
}

/** The one diagnostic of `ruleId`; throws (listing all diagnostics) if there are none or several. */
export function single(diagnostics: readonly JsonDiagnostic[], ruleId: string): JsonDiagnostic {
  const found = diagnostics.filter((d) => d.ruleId === ruleId);
  const first = found[0];
  if (found.length !== 1 || first === undefined) {
    throw new Error(`expected exactly one ${ruleId} diagnostic, found ${String(found.length)}:\n${summarize(diagnostics)}`);
  }
  return first;
}

/** A diagnostic message must read as a sentence for a person, never as a stack trace. */
export function looksLikeStackTrace(message: string): boolean {
  return /\n\s+at\s/.test(message) || /\b(?:TypeError|RangeError|SyntaxError|Error):/.test(message);
}
