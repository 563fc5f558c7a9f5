/**
 * Diagnostics as plain data, to cross a thread boundary (a chapter compiled on a worker) or to be
 * kept in the build cache, and to be put back on the chapter's file as they were.
 */
import type { VFile } from 'vfile';

export interface TransferredPlace {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface TransferredMessage {
  readonly reason: string;
  readonly ruleId?: string;
  readonly source?: string;
  /** true: an error; false: a warning; absent: information. */
  readonly fatal?: boolean;
  readonly url?: string;
  readonly place?: TransferredPlace;
}

export function messagesOf(file: VFile): TransferredMessage[] {
  return file.messages.map((message) => {
    const place = message.place;
    return {
      reason: message.reason,
      ...(message.ruleId ? { ruleId: message.ruleId } : {}),
      ...(message.source ? { source: message.source } : {}),
      ...(typeof message.fatal === 'boolean' ? { fatal: message.fatal } : {}),
      ...(message.url ? { url: message.url } : {}),
      ...(place ? { place: 'start' in place ? { line: place.start.line, column: place.start.column, endLine: place.end.line, endColumn: place.end.column } : { line: place.line, column: place.column } } : {}),
    };
  });
}

export function replayMessages(file: VFile, messages: readonly TransferredMessage[]): void {
  for (const transferred of messages) {
    const { place: at } = transferred;
    const start = at ? { line: at.line, column: at.column } : undefined;
    const place = at && start && at.endLine !== undefined && at.endColumn !== undefined ? { start, end: { line: at.endLine, column: at.endColumn } } : start;
    const message = file.message(transferred.reason, { ...(place ? { place } : {}), ...(transferred.ruleId ? { ruleId: transferred.ruleId } : {}), ...(transferred.source ? { source: transferred.source } : {}) });
    message.fatal = transferred.fatal;
    if (transferred.url !== undefined) message.url = transferred.url;
  }
}
