/**
 * Asynchronous work on many items with at most `limit` under way at once, results in the items'
 * order. File reads of a build (cache records, cached files, output files) wait on the disk, not
 * the processor: one after another, an unchanged rebuild of 180 chapters spent a third of its time
 * waiting; all at once, a cache lookup holds every chapter's files in memory together.
 */
export async function mapInParallel<Item, Result>(items: readonly Item[], limit: number, map: (item: Item, index: number) => Promise<Result>): Promise<readonly Result[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapInParallel needs a limit of at least 1, not ${String(limit)}.`);
  const results = new Array<Result>(items.length);
  let next = 0;
  let failed = false;
  const work = async (): Promise<void> => {
    // After a failure no new item is taken: the whole has failed already.
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await map(items[index] as Item, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  return results;
}

/** Files read or checked at once by a build (cache records, cached files, output files, the tool's code). */
export const fileReadsAtOnce = 16;
