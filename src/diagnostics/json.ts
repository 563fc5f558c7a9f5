/** Diagnostics as plain data, one object per message, for CI annotations, editors and the library API. */
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

/** Every message of `files`, sorted by file, then position (a file's own problems first); at one place, in the order found. */
export function diagnosticsAsJson(files: readonly VFile[]): JsonDiagnostic[] {
  const diagnostics = files.flatMap((file) =>
    file.messages.map(
      (message): JsonDiagnostic => ({
        file: file.path ?? '',
        line: message.line ?? null,
        column: message.column ?? null,
        endLine: message.place && 'end' in message.place ? message.place.end.line : null,
        endColumn: message.place && 'end' in message.place ? message.place.end.column : null,
        severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
        ruleId: message.ruleId ?? null,
        message: message.reason,
        url: message.url ?? null,
      }),
    ),
  );
  return diagnostics.sort(compareDiagnostics);
}

function compareDiagnostics(a: JsonDiagnostic, b: JsonDiagnostic): number {
  return compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** By UTF-16 code units, as the same on every machine (no locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
