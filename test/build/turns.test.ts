/**
 * Long work in the main process in turns: the event loop runs between items once a turn's time has
 * passed (so that a worker's reply is read while the web edition is made), and not after every item.
 */
import { describe, expect, it } from 'vitest';
import { createTurns, mapInTurns } from '../../src/build/turns.js';

/** Busy for `ms` milliseconds, as a page of the web edition is. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Holding the event loop, on purpose.
  }
}

describe('createTurns', () => {
  it('lets the event loop run once 10 ms have passed since it last did, and not before', async () => {
    let clock = 0;
    const turn = createTurns(() => clock);
    let ran = 0;
    const count = (): void => {
      ran += 1;
    };
    setImmediate(count);
    clock = 9;
    await turn();
    expect(ran).toBe(0);
    clock = 10;
    await turn();
    expect(ran).toBe(1);
    setImmediate(count);
    clock = 15;
    await turn();
    expect(ran).toBe(1);
    clock = 21;
    await turn();
    expect(ran).toBe(2);
  });
});

describe('mapInTurns', () => {
  it('maps in order, and what waits on the event loop runs between long items', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('event loop'));
    const results = await mapInTurns([1, 2, 3], (item) => {
      busy(12);
      order.push(`item ${String(item)}`);
      return item * 2;
    });
    expect(results).toEqual([2, 4, 6]);
    // In one piece, the callback would have waited for all three (36 ms).
    expect(order.indexOf('event loop')).toBe(1);
  });
});
