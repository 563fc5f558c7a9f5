/**
 * Fault injection for the commit and its recovery, so that tests can stop a build at an exact step
 * without an external tracer: `RUBRICPRESS_FAULT=commit:after-rename:3` kills the process (SIGKILL,
 * as an out-of-memory killer or a power cut would stop it) right after the third rename of the
 * commit. The plan comes from the environment at the process edge (`cli/main.ts`) and is passed
 * down explicitly; without one, every fault point is a no-op.
 *
 * Syntax: `<point>[:<n>][:<action>]`. Points: `commit:after-backup`, `commit:after-journal`,
 * `commit:before-rename:<n>`, `commit:after-rename:<n>` (1-based), `commit:before-journal-removal`,
 * `recover:after-rename:<n>`, `stage:write:<n>` (the n-th file written to the staging folder).
 * Actions: `kill` (default): SIGKILL this process; `error`: the step fails with an I/O error, as a
 * full disk or a file that cannot be replaced would make it fail; `abandon`: the step throws
 * `AbandonedByFault` and nothing is cleaned up, which leaves the output folder as a kill would but
 * keeps the test process alive (for in-process tests; the lock is released as a stale one would
 * be taken over).
 */

export type FaultAction = 'kill' | 'error' | 'abandon';

export interface FaultPlan {
  readonly point: string;
  /** The occurrence of the point (1-based) at which the fault strikes; undefined: the first. */
  readonly count: number | undefined;
  readonly action: FaultAction;
}

/** Thrown by an `abandon` fault: the process would have died here. */
export class AbandonedByFault extends Error {
  override readonly name = 'AbandonedByFault';
}

const points = ['commit:after-backup', 'commit:after-journal', 'commit:before-rename', 'commit:after-rename', 'commit:before-journal-removal', 'recover:after-rename', 'stage:write'] as const;

/** Reads `RUBRICPRESS_FAULT`; undefined when unset. Throws on a plan it cannot read, so that a test never runs without the fault it asked for. */
export function parseFaultPlan(text: string | undefined): FaultPlan | undefined {
  if (text === undefined || text === '') return undefined;
  const match = /^([a-z]+:[a-z-]+)(?::(\d+))?(?::(kill|error|abandon))?$/.exec(text);
  const point = match?.[1];
  if (!match || point === undefined || !(points as readonly string[]).includes(point)) {
    throw new Error(`RUBRICPRESS_FAULT must be <point>[:<n>][:kill|error|abandon] with a point among ${points.join(', ')}, not "${text}"`);
  }
  return { point, count: match[2] === undefined ? undefined : Number(match[2]), action: (match[3] as FaultAction | undefined) ?? 'kill' };
}

/** Counts the points passed and strikes at the planned one. */
export class FaultInjector {
  private readonly seen = new Map<string, number>();

  constructor(private readonly plan: FaultPlan | undefined) {}

  /** Marks the passing of `point`; strikes when it is the planned one. */
  at(point: (typeof points)[number]): void {
    const plan = this.plan;
    if (plan?.point !== point) return;
    const count = (this.seen.get(point) ?? 0) + 1;
    this.seen.set(point, count);
    if (count !== (plan.count ?? 1)) return;
    // SIGKILL to oneself is delivered before kill() returns; the throw below is never reached then.
    if (plan.action === 'kill') process.kill(process.pid, 'SIGKILL');
    if (plan.action !== 'error') throw new AbandonedByFault(`fault injected at ${point} ${String(count)}: the process stops here`);
    throw Object.assign(new Error(`EIO: i/o error (fault injected at ${point} ${String(count)})`), { code: 'EIO' });
  }
}

export const noFaults = new FaultInjector(undefined);
