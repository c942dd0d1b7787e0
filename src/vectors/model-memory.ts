/**
 * The memory a model lives in.
 *
 * A model's vectors are kept off the JS heap, in one shared buffer that WebAssembly kernels read in place and that
 * later worker threads can share without copying. When the model fits, that buffer *is* a shared
 * `WebAssembly.Memory` (at most 65,536 pages = 4 GiB), laid out as:
 *
 * | byte offset                    | size                 | contents                                          |
 * |--------------------------------|----------------------|---------------------------------------------------|
 * | 0                              | KERNEL_RESERVED      | the kernel module's static data and stack         |
 * | KERNEL_RESERVED                | 4 · rows · dim       | vectors, row-major float32, as read from the file |
 * | after the vectors (16-aligned) | 4 · rows             | norms, float32 (gensim's `fill_norms`)            |
 * | after the norms (16-aligned)   | grows on demand      | scratch: queries, scores, top-k results           |
 *
 * A model too large for one WebAssembly memory (over ~4 GiB of float32), or one made with `{ wasm: false }`, gets a
 * plain SharedArrayBuffer holding the vectors then the norms, and no scratch: kernels then fall back to their plain
 * TypeScript versions, which allocate their own small buffers.
 */

/** Bytes kept free at the start of a WebAssembly memory for the kernel module's own data and stack. */
export const KERNEL_RESERVED = 64 * 1024;
/** WebAssembly page size. */
export const PAGE = 64 * 1024;
/** The largest 32-bit WebAssembly memory, in pages (4 GiB). */
export const MAX_PAGES = 65536;
/** Scratch space reserved up front for queries and scores. */
const INITIAL_SCRATCH = 1 << 20;

/**
 * `n` rounded up to a multiple of 16. Arithmetic, not `(n + 15) & ~15`: bitwise operators truncate to 32 bits, and
 * the offsets of a model over 2 GiB do not fit.
 */
export const align16 = (n: number): number => Math.ceil(n / 16) * 16;

export class ModelMemory {
  /** The WebAssembly memory, or null when the model is held in a plain SharedArrayBuffer. */
  readonly wasm: WebAssembly.Memory | null;
  /** Byte offset of the vectors. */
  readonly vectorsOffset: number;
  /** Byte offset of the norms. */
  readonly normsOffset: number;
  private scratchStart: number;
  private scratchTop: number;
  private readonly plain: SharedArrayBuffer | null;

  private rowCount: number;

  constructor(rows: number, readonly dim: number, options: { wasm?: boolean } = {}) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(dim) || dim < 0) {
      throw new RangeError(`a model needs a whole number of rows and dimensions, got ${rows} x ${dim}`);
    }
    const vectorBytes = 4 * rows * dim;
    const wanted = options.wasm ?? true;
    const base = KERNEL_RESERVED;
    const normsAt = align16(base + vectorBytes);
    const scratchAt = align16(normsAt + 4 * rows);
    const total = scratchAt + INITIAL_SCRATCH;
    if (wanted && total <= MAX_PAGES * PAGE) {
      const pages = Math.ceil(total / PAGE);
      this.wasm = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
      this.plain = null;
      this.vectorsOffset = base;
      this.normsOffset = normsAt;
      this.scratchStart = scratchAt;
    } else {
      this.wasm = null;
      const normsPlain = align16(vectorBytes);
      this.plain = new SharedArrayBuffer(normsPlain + 4 * rows);
      this.vectorsOffset = 0;
      this.normsOffset = normsPlain;
      this.scratchStart = this.plain.byteLength;
    }
    this.scratchTop = this.scratchStart;
    this.rowCount = rows;
  }

  /** Number of rows in use. */
  get rows(): number {
    return this.rowCount;
  }

  /** Uses only the first `rows` rows (a loader that dropped duplicate words). The space stays allocated. */
  shrink(rows: number): void {
    if (!Number.isInteger(rows) || rows < 0 || rows > this.rowCount) throw new RangeError(`cannot shrink ${this.rowCount} rows to ${rows}`);
    this.rowCount = rows;
  }

  /** The shared buffer (re-read after any scratch allocation: growing a memory replaces its buffer object). */
  get buffer(): SharedArrayBuffer {
    return (this.wasm ? this.wasm.buffer : this.plain) as SharedArrayBuffer;
  }

  /** The row-major vectors, rows × dim float32. */
  vectors(): Float32Array {
    return new Float32Array(this.buffer, this.vectorsOffset, this.rows * this.dim);
  }

  /** One float32 norm per row. */
  norms(): Float32Array {
    return new Float32Array(this.buffer, this.normsOffset, this.rows);
  }

  /**
   * Scratch space of `bytes` bytes (16-aligned) inside the WebAssembly memory, valid until `resetScratch()`.
   * Grows the memory when needed. Returns the byte offset. Only for memories with `wasm` set.
   */
  allocScratch(bytes: number): number {
    if (!this.wasm) throw new Error('scratch space exists only in a WebAssembly memory');
    const at = align16(this.scratchTop);
    const end = at + bytes;
    const have = this.wasm.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) throw new RangeError('scratch space would exceed the 4 GiB WebAssembly memory');
      this.wasm.grow(pages);
    }
    this.scratchTop = end;
    return at;
  }

  /** Frees all scratch space (not the regions of `reserve`). */
  resetScratch(): void {
    this.scratchTop = this.scratchStart;
  }

  /**
   * A long-lived region of `bytes` bytes (16-aligned) inside the WebAssembly memory, e.g. one worker's heaps and
   * packed blocks while a dictionary is built; `resetScratch` does not free it. Regions are released in reverse
   * order of reservation (`release()` of an inner region first). Call only when no scratch space is in use.
   */
  reserve(bytes: number): { offset: number; release: () => void } {
    if (this.scratchTop !== this.scratchStart) throw new Error('cannot reserve a region while scratch space is in use');
    const before = this.scratchStart;
    const offset = this.allocScratch(bytes);
    this.scratchStart = this.scratchTop = align16(offset + bytes);
    return {
      offset,
      release: () => {
        if (this.scratchStart !== align16(offset + bytes)) throw new Error('regions must be released in reverse order of reservation');
        this.scratchStart = this.scratchTop = before;
      },
    };
  }
}
