/**
 * A worker's stderr as the pool reads it (`FatalLines`): only V8's or Node's own fatal lines decide
 * that a worker ran out of memory, wherever a chunk ends and however long the native stack trace
 * after them; the worker's own words neither count nor are shown.
 */
import { describe, expect, it } from 'vitest';
import { FatalLines } from '../../src/build/pool.js';

const nativeFrames = Array.from({ length: 120 }, (_, index) => ` ${String(index + 1)}: 0x${(0x1000 + index).toString(16)} v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace) [node]`).join('\n');

/** The stderr read in chunks of `size` characters. */
function read(text: string, size: number): FatalLines {
  const lines = new FatalLines();
  for (let at = 0; at < text.length; at += size) lines.push(text.slice(at, at + size));
  lines.end();
  return lines;
}

describe('a worker’s fatal lines', () => {
  it('knows V8 ran out of heap by its message before a long native stack trace, whatever the chunks', () => {
    const stderr = `\n<--- Last few GCs --->\n\n<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n${nativeFrames}\n`;
    for (const size of [1, 7, 64, 4096, stderr.length]) {
      const lines = read(stderr, size);
      expect(lines.outOfMemory).toBe(true);
      expect(lines.first).toBe('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
    }
    expect(read('\n#\n# Fatal javascript OOM in Ineffective mark-compacts near heap limit\n#\n', 5).outOfMemory).toBe(true);
    // The last line, without a line feed, is read when the stream ends.
    expect(read('FATAL ERROR: NewSpace::Rebalance Allocation failed - process out of memory', 10).outOfMemory).toBe(true);
  });

  it('names another fatal error, without counting it as memory', () => {
    const lines = read(`FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal.\n${nativeFrames}\n`, 100);
    expect(lines.outOfMemory).toBe(false);
    expect(lines.first).toBe('FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal');
  });

  it('takes nothing from the worker’s own words: an error quoting a chapter, a warning, a frame that names V8_Fatal', () => {
    const own = [
      'RangeError: Array buffer allocation failed',
      'FatalError: the chapter says "out of memory" here',
      '(node:123) Warning: heap limit near; Allocation failed once',
      '    at V8_Fatal(char const*, ...) # Fatal',
      'The words FATAL ERROR: out of memory, quoted mid-line',
    ].join('\n');
    for (const size of [3, 50, own.length]) {
      const lines = read(`${own}\n`, size);
      expect(lines.outOfMemory).toBe(false);
      expect(lines.first).toBeUndefined();
    }
  });
});
