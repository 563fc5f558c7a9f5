/**
 * Progress of a build: on a terminal, one line redrawn in place with a bar, counts and an estimate
 * of the time left; under CI, a plain line now and then (each phase's start and end, and at most
 * one in between per `lineInterval`), so that logs show the build moving without filling up;
 * otherwise nothing. The clock is passed in, so tests can drive it.
 */
import type { ProgressEvent } from '../build/build.js';
import { forTerminal } from './terminal.js';

export interface Progress {
  readonly update: (event: ProgressEvent) => void;
  readonly done: () => void;
}

export const ProgressMode = { bar: 'bar', lines: 'lines', off: 'off' } as const;
export type ProgressMode = (typeof ProgressMode)[keyof typeof ProgressMode];

const phaseNames: Record<ProgressEvent['phase'], string> = { read: 'Reading', check: 'Checking', render: 'Rendering', verify: 'Verifying', write: 'Writing' };

/** Milliseconds between two plain lines of the same phase. */
const lineInterval = 5000;

/** "about 12 s left", once a phase has done enough to say. */
function estimate(started: number, now: number, event: ProgressEvent): string {
  if (event.done === 0 || event.done >= event.total) return '';
  const seconds = (((now - started) / event.done) * (event.total - event.done)) / 1000;
  if (!Number.isFinite(seconds)) return '';
  return seconds < 60 ? `about ${String(Math.max(1, Math.round(seconds)))} s left` : `about ${String(Math.round(seconds / 60))} min left`;
}

export function createProgress(stream: NodeJS.WritableStream, mode: ProgressMode, clock: () => number = () => performance.now()): Progress {
  if (mode === 'off') return { update: () => undefined, done: () => undefined };
  let phase: ProgressEvent['phase'] | undefined;
  let phaseStarted = 0;
  let lastLine = 0;
  let drawn = false;
  const width = 24;

  const track = (event: ProgressEvent, now: number): boolean => {
    const fresh = event.phase !== phase;
    if (fresh) {
      phase = event.phase;
      phaseStarted = now;
    }
    return fresh;
  };

  if (mode === 'lines') {
    return {
      update(event) {
        const now = clock();
        const fresh = track(event, now);
        const finished = event.total > 0 && event.done >= event.total;
        if (!fresh && !finished && now - lastLine < lineInterval) return;
        if (event.total <= 1 && !fresh) return;
        lastLine = now;
        const counts = event.total > 1 ? ` ${String(event.done)}/${String(event.total)}` : '';
        const left = estimate(phaseStarted, now, event);
        stream.write(`rubricpress: ${phaseNames[event.phase].toLowerCase()}${counts}${left ? `, ${left}` : ''}\n`);
      },
      done: () => undefined,
    };
  }

  return {
    update(event) {
      const now = clock();
      track(event, now);
      const fraction = event.total === 0 ? 1 : Math.min(1, event.done / event.total);
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const counts = event.total > 1 ? ` ${String(event.done)}/${String(event.total)}` : '';
      const left = estimate(phaseStarted, now, event);
      // A chapter's path comes from the source: shown escaped, never acted on by the terminal.
      const item = event.item ? ` ${forTerminal(event.item)}` : '';
      stream.write(`\r\u001b[2K${phaseNames[event.phase]} ${bar}${counts}${left ? ` (${left})` : ''}${item}`.slice(0, 200));
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
