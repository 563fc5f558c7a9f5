/**
 * Diagnostics for people: one line per problem in the `file:line:column` form that compilers use
 * (terminals and editors make it clickable), then a count.
 */
import type { VFile } from 'vfile';
import { forTerminal } from './terminal.js';

export interface FormatOptions {
  readonly color: boolean;
}

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

export function formatDiagnostics(files: readonly VFile[], options: FormatOptions): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const messages = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const message of messages) {
      const isError = message.fatal === true;
      if (isError) errors += 1;
      else warnings += 1;
      // What the source gave (a path, a quoted value) is shown escaped, never acted on by the terminal.
      const path = forTerminal(file.path ?? '');
      const where = message.line === undefined ? path : `${path}:${message.line}:${message.column ?? 1}`;
      const severity = isError ? paint(options.color, '31;1', 'error') : paint(options.color, '33;1', 'warning');
      const rule = message.ruleId ? ` ${paint(options.color, '2', `[${message.ruleId}]`)}` : '';
      lines.push(`${where}: ${severity}: ${forTerminal(message.reason).replace(/\n/g, '\\n')}${rule}`);
    }
  }
  const summary = [errors > 0 ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : '', warnings > 0 ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : '']
    .filter(Boolean)
    .join(', ');
  return lines.length === 0 ? '' : `${lines.join('\n')}\n${summary}\n`;
}
