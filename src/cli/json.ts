/** Diagnostics as plain JSON, one object per message, for CI annotations and editors. */
import type { VFile } from 'vfile';

export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly severity: 'error' | 'warning' | 'info';
  readonly ruleId: string | null;
  readonly message: string;
  readonly url: string | null;
}

export function diagnosticsAsJson(files: readonly VFile[]): JsonDiagnostic[] {
  return files.flatMap((file) =>
    file.messages.map((message) => ({
      file: file.path ?? '',
      line: message.line ?? null,
      column: message.column ?? null,
      endLine: message.place && 'end' in message.place ? message.place.end.line : null,
      endColumn: message.place && 'end' in message.place ? message.place.end.column : null,
      severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
      ruleId: message.ruleId ?? null,
      message: message.reason,
      url: message.url ?? null,
    })),
  );
}
