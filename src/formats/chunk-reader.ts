import type { ByteSource } from './byte-source.js';

/**
 * A window over a streamed file for parsers that work record by record: `buf[pos..]` holds the unread bytes;
 * `more()` appends the next chunk (copying only the unread tail). `offset(i)` turns a position in `buf` into a byte
 * offset in the (decompressed) file, for error messages.
 */
export class ChunkReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private readonly it: AsyncIterator<Uint8Array>;
  done = false;

  constructor(readonly source: ByteSource, private readonly onChunk?: () => void) {
    this.it = source.chunks[Symbol.asyncIterator]();
  }

  /** Appends the next chunk to the unread bytes. Returns false at the end of the file. */
  async more(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = next.value;
    const tail = this.buf.length - this.pos;
    this.base += this.pos;
    if (tail === 0) this.buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else {
      const joined = Buffer.allocUnsafe(tail + chunk.byteLength);
      joined.set(this.buf.subarray(this.pos), 0);
      joined.set(chunk, tail);
      this.buf = joined;
    }
    this.pos = 0;
    this.onChunk?.();
    return true;
  }

  /** The byte offset in the file of buf[i]. */
  offset(i: number = this.pos): number {
    return this.base + i;
  }

  /** Position of the next `byte` at or after `from`, reading more as needed; -1 at the end of the file. */
  async find(byte: number, from: number = this.pos): Promise<number> {
    let searched = from - this.pos;
    for (;;) {
      const at = this.buf.indexOf(byte, this.pos + searched);
      if (at >= 0) return at;
      searched = this.buf.length - this.pos;
      if (!(await this.more())) return -1;
    }
  }

  /** Stops reading (releases the file). */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}
