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

  it('rejects when one item fails, and takes no items at all', async () => {
    await expect(mapInParallel([1, 2, 3], 2, async (item) => (item === 2 ? Promise.reject(new Error('two')) : item))).rejects.toThrow('two');
    expect(await mapInParallel([], 3, () => Promise.resolve(1))).toEqual([]);
  });
});
