import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { ruleUrl } from '../package-info.js';
import { rules, type RuleId } from './catalog.js';

export type Place = Point | Position | undefined;

/** The name messages carry as their `source`, as remark plugins name theirs. */
export const messageSource = 'rubricpress';

/**
 * Adds a diagnostic to `file`. `reason` says what is wrong and how to fix it, in one or two
 * sentences. Errors are `fatal: true` messages, warnings `fatal: false`, as vfile-reporter expects.
 */
export function report(file: VFile, ruleId: RuleId, place: Place, reason: string): VFileMessage {
  const message = file.message(reason, { place, ruleId, source: messageSource });
  message.fatal = rules[ruleId].severity === 'error';
  message.url = ruleUrl(ruleId);
  return message;
}

/** True when `file` carries an error (not merely a warning). */
export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true);
}

export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
}

export function countDiagnostics(files: readonly VFile[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal === true) errors += 1;
      else if (message.fatal === false) warnings += 1;
    }
  }
  return { errors, warnings };
}

/** True when the build must stop: any error, or under `--strict` any warning. */
export function hasBlockingDiagnostics(files: readonly VFile[], strict: boolean): boolean {
  const counts = countDiagnostics(files);
  return counts.errors > 0 || (strict && counts.warnings > 0);
}
