/**
 * Offsets to line and column. vfile-location indexes a whole file each time it is created, so the
 * index is made once per file and shared by everything that places a diagnostic or a node.
 */
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';

type Locator = ReturnType<typeof location>;

const locators = new WeakMap<VFile, Locator>();

function locatorOf(file: VFile): Locator {
  let locator = locators.get(file);
  if (!locator) {
    locator = location(file);
    locators.set(file, locator);
  }
  return locator;
}

export function pointAt(file: VFile, offset: number): Point | undefined {
  return locatorOf(file).toPoint(offset);
}

/** The position from offset `start` to `end` in `file`. */
export function spanAt(file: VFile, start: number, end: number): Position | undefined {
  const from = pointAt(file, start);
  const to = pointAt(file, Math.max(start, end));
  return from && to ? { start: from, end: to } : undefined;
}
