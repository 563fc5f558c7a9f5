/**
 * Progress on a terminal: one line, redrawn in place. Silent when output is not a terminal or
 * under CI, so logs stay clean.
 */
import type { ProgressEvent } from '../build/build.js';

export interface Progress {
  readonly update: (event: ProgressEvent) => void;
  readonly done: () => void;
}

const phaseNames: Record<ProgressEvent['phase'], string> = { read: 'Reading', check: 'Checking', render: 'Rendering', verify: 'Verifying', write: 'Writing' };

export function createProgress(stream: NodeJS.WritableStream, enabled: boolean): Progress {
  if (!enabled) return { update: () => undefined, done: () => undefined };
  let drawn = false;
  const width = 24;
  return {
    update(event) {
      const fraction = event.total === 0 ? 1 : Math.min(1, event.done / event.total);
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const counts = event.total > 1 ? ` ${event.done}/${event.total}` : '';
      const item = event.item ? ` ${event.item}` : '';
      stream.write(`\r\u001b[2K${phaseNames[event.phase]} ${bar}${counts}${item}`.slice(0, 200));
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
