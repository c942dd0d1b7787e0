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
 * | after the norms (16-aligned)   | grows on demand      | the arena's other regions: workspaces, quantised  |
 * |                                |                      | panels, kernel scratch, freed in any order        |
 *
 * From KERNEL_RESERVED on, the memory is an Arena (../memory/arena.ts): the vectors and the norms are its first two
 * regions, and every later user (search workers, dictionary builds, kernel calls) takes and gives back regions of
 * its own. What each region takes is listed by `arena.regions()`.
 *
 * A model too large for one WebAssembly memory (over ~4 GiB of float32), or one made with `{ wasm: false }`, gets a
 * plain SharedArrayBuffer holding the vectors then the norms, and no regions: kernels then fall back to their plain
 * TypeScript versions, which allocate their own small buffers.
 */

import { KERNEL_RESERVED } from '../kernels/layout.js';
import { Arena, type Region } from '../memory/arena.js';
import { align16, MAX_BYTES, MAX_PAGES, PAGE } from '../memory/sizes.js';

export { align16, KERNEL_RESERVED, MAX_PAGES, PAGE };
export type { Region };

/** Room left after the norms when the memory is made, for the first regions and scratch. */
const INITIAL_SCRATCH = 1 << 20;

export class ModelMemory {
  /** The WebAssembly memory, or null when the model is held in a plain SharedArrayBuffer. */
  readonly wasm: WebAssembly.Memory | null;
  /** The allocator of `wasm` (null with it): the model's rows and norms are its first two regions. */
  readonly arena: Arena | null;
  /** Byte offset of the vectors. */
  readonly vectorsOffset: number;
  /** Byte offset of the norms. */
  readonly normsOffset: number;
  /** The regions allocScratch handed out since the last resetScratch. */
  private scratch: Region[] = [];
  private readonly plain: SharedArrayBuffer | null;

  private rowCount: number;

  constructor(rows: number, readonly dim: number, options: { wasm?: boolean } = {}) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(dim) || dim < 0) {
      throw new RangeError(`a model needs a whole number of rows and dimensions, got ${rows} x ${dim}`);
    }
    const vectorBytes = 4 * rows * dim;
    const wanted = options.wasm ?? true;
    const total = KERNEL_RESERVED + align16(vectorBytes) + align16(4 * rows) + INITIAL_SCRATCH;
    if (wanted && total <= MAX_BYTES) {
      this.wasm = new WebAssembly.Memory({ initial: Math.ceil(total / PAGE), maximum: MAX_PAGES, shared: true });
      this.arena = new Arena(this.wasm, KERNEL_RESERVED);
      this.plain = null;
      this.vectorsOffset = this.arena.reserve(vectorBytes, 'vectors').offset;
      this.normsOffset = this.arena.reserve(4 * rows, 'norms').offset;
    } else {
      this.wasm = null;
      this.arena = null;
      const normsPlain = align16(vectorBytes);
      this.plain = new SharedArrayBuffer(normsPlain + 4 * rows);
      this.vectorsOffset = 0;
      this.normsOffset = normsPlain;
    }
    this.rowCount = rows;
  }

  /** Bytes the memory holds now: its reserved start and every live region (the rows, norms, other users' regions). */
  get heldBytes(): number {
    return this.arena ? KERNEL_RESERVED + this.arena.used : this.buffer.byteLength;
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
   * Scratch space of `bytes` bytes (16-aligned) inside the WebAssembly memory, valid until `resetScratch()`: for the
   * synchronous kernel calls (allocate, run, copy out, reset). Grows the memory when needed. Returns the byte offset.
   */
  allocScratch(bytes: number): number {
    const region = this.reserve(bytes, 'scratch');
    this.scratch.push(region);
    return region.offset;
  }

  /** Frees the scratch space of allocScratch (not the regions of `reserve`). */
  resetScratch(): void {
    for (const r of this.scratch) r.release();
    this.scratch = [];
  }

  /**
   * A region of `bytes` bytes (16-aligned) inside the WebAssembly memory, e.g. one worker's heaps and packed blocks
   * while a dictionary is built: held until its release(), which may come in any order (../memory/arena.ts).
   */
  reserve(bytes: number, name = 'region'): Region {
    if (!this.arena) throw new Error('regions exist only in a WebAssembly memory');
    return this.arena.reserve(bytes, name);
  }
}
