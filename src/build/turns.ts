/**
 * Long work in this process in turns, so that the event loop runs between them: while the workers
 * bind the books, this process makes the web edition, and a worker that finishes a job meanwhile
 * waits for its reply to be read and its next job to be sent. In one piece, the web edition's pages
 * and their charts' check held the loop for a second or more, and a worker as long.
 */

/** Let the event loop run after this much work, in milliseconds. */
const turnMs = 10;

/** A function to call between items of long work: it lets the event loop run once `turnMs` have passed since it last did. */
export function createTurns(now: () => number = () => performance.now()): () => Promise<void> {
  let since = now();
  return async () => {
    if (now() - since < turnMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = now();
  };
}

/** Each item mapped in order, the event loop let run between them (`createTurns`). */
export async function mapInTurns<Item, Result>(items: readonly Item[], map: (item: Item) => Result): Promise<Result[]> {
  const turn = createTurns();
  const results: Result[] = [];
  for (const item of items) {
    results.push(map(item));
    await turn();
  }
  return results;
}
