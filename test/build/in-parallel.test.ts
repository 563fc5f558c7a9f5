/**
 * mapInParallel (src/build/in-parallel.ts): results in the items' order whatever order the work
 * finishes in, never more than the limit under way, and a failure rejects the whole.
 */
import { describe, expect, it } from 'vitest';
import { mapInParallel } from '../../src/build/in-parallel.js';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('mapInParallel', () => {
  it('keeps the items’ order and stays within the limit', async () => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, index) => index);
    const results = await mapInParallel(items, 4, async (item) => {
      running += 1;
      most = Math.max(most, running);
      // Later items finish first.
      await pause(20 - item);
      running -= 1;
      return item * 2;
    });
    expect(results).toEqual(items.map((item) => item * 2));
    expect(most).toBe(4);
  });

  it('rejects when one item fails and takes no new item after it; takes no items at all; refuses a limit below 1', async () => {
    const taken: number[] = [];
    const items = Array.from({ length: 10 }, (_, index) => index);
    const failing = mapInParallel(items, 2, async (item) => {
      taken.push(item);
      if (item === 1) throw new Error('one');
      // Item 0 is still under way when item 1 fails.
      await pause(5);
      return item;
    });
    await expect(failing).rejects.toThrow('one');
    await pause(50);
    expect(taken).toEqual([0, 1]);
    expect(await mapInParallel([], 3, () => Promise.resolve(1))).toEqual([]);
    await expect(mapInParallel([1], 0, () => Promise.resolve(1))).rejects.toThrow(RangeError);
  });
});
