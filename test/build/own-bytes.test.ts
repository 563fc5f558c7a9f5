import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownBytes } from '../../src/build/pool.js';

describe('ownBytes', () => {
  it('copies bytes that are a view into a larger buffer, as a worker reply’s are, and keeps bytes that are their buffer', async () => {
    // A reply as a render worker sends it (advanced serialization): a small array beside a large one.
    const child = fork(fileURLToPath(new URL('../fixtures/reply-with-bytes.mjs', import.meta.url)), [], { serialization: 'advanced' });
    const reply = await new Promise<{ small: Uint8Array }>((resolve) => child.once('message', (message) => resolve(message as { small: Uint8Array })));
    // Node reads it as a view into the whole message: kept as it is, the small array holds the large one.
    expect(reply.small.buffer.byteLength).toBeGreaterThan(400000);
    const kept = ownBytes(reply.small);
    expect([...kept]).toEqual([1, 2, 3]);
    expect(kept.buffer.byteLength).toBe(3);
    // A Node Buffer's slice is a view: a Buffer is copied all the same.
    const buffered = ownBytes(Buffer.from([7, 8, 9, 10]).subarray(1, 3));
    expect([...buffered]).toEqual([8, 9]);
    expect(buffered.buffer.byteLength).toBe(2);
    const whole = new Uint8Array([4, 5]);
    expect(ownBytes(whole)).toBe(whole);
  });
});
