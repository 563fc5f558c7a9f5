/** Which chapters a shard of a release builds: a module of its own, so the CLI can check `--shard` without loading the pipeline. */

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** `2/4` → shard 2 of 4; undefined when the text is not `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** Whether the chapter at `position` (0-based, in path order) belongs to `shard`. */
export function inShard(position: number, shard: Shard): boolean {
  return position % shard.count === shard.index - 1;
}
