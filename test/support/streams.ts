/** Streams that collect what the CLI writes, for in-process CLI tests. */
import { Writable } from 'node:stream';

export class CollectingStream extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}
