import leven from 'leven';

/**
 * The closest known name to `unknown`, if it is close enough to be a likely typo
 * (at most a third of its letters wrong), for "did you mean" hints.
 */
export function closest(unknown: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = leven(unknown.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.ceil(unknown.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** " Did you mean `x`?" or the empty string. */
export function didYouMean(unknown: string, known: Iterable<string>): string {
  const suggestion = closest(unknown, known);
  return suggestion === undefined ? '' : ` Did you mean \`${suggestion}\`?`;
}
