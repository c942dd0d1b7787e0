/**
 * TileRescorer: the quantised dictionary path's last step. It turns the merged approximate rows of an int8
 * workspace (./tile-int8.ts) into exactly the rows of the float32 path: the same neighbours, order and float32
 * scores. It lives in the model's own memory, beside the float32 rows it reads. The int8 workspace may be there too
 * (the single layout) or in a memory of its own (the dictionary's split layout); only the small selection crosses
 * over.
 *
 * For a block of rows [r0, r1) (at most blockRows):
 *   1. approx.selectRows (the approximate heaps' memory): per row, the candidates the error bound keeps, or −1;
 *   2. the selection is copied here and rescoreSelected scores those candidates in float32, bit-identical to the
 *      tiles, into heap r − r0 of a batch workspace (heaps by slot, capacity k);
 *   3. the rows marked −1 get a float32 pass over all candidates: tileList on the same heaps, with rowBase r0;
 *   4. rowsResult reads the k best of each slot.
 *
 * Region (byte offsets from its start; 16-aligned pieces):
 *
 * | offset    | bytes                    | contents                                                            |
 * |-----------|--------------------------|---------------------------------------------------------------------|
 * | 0         | TileWorkspace.bytesNeeded(rows, dim, k, B, { queries: B }) | the batch workspace: B heaps of k |
 * | selection | 4 · B · (K + 1)          | the selection copied from the int8 workspace (K: its heap capacity)   |
 */
import { align16, type ModelMemory } from '../vectors/model-memory.js';
import { sharedOf, TileWorkspace, type TileModel } from './tile-workspace.js';
import { tileExports, type TileExports } from './tile-module.js';
import type { TopKResult } from './types.js';

export class TileRescorer {
  /** Bytes of the region, in the model's memory: heaps of k, a selection from approximate heaps of capacity approxK. */
  static bytesNeeded(rows: number, dim: number, k: number, approxK: number, blockRows: number): number {
    return align16(TileWorkspace.bytesNeeded(rows, dim, k, blockRows, { queries: blockRows })) + 4 * blockRows * (approxK + 1);
  }

  /** A rescorer in a fresh region of the model's memory; release() gives the region back. */
  static reserve(memory: ModelMemory, k: number, approxK: number, blockRows: number): { rescorer: TileRescorer; release: () => void } {
    if (!memory.wasm) throw new Error('the quantised path needs the model in a WebAssembly memory');
    const region = memory.reserve(TileRescorer.bytesNeeded(memory.rows, memory.dim, k, approxK, blockRows), 'rescorer');
    try {
      return { rescorer: TileRescorer.at(memory, region.offset, k, approxK, blockRows), release: region.release };
    } catch (e) {
      region.release();
      throw e;
    }
  }

  /** A rescorer in a region of the model's memory that the caller reserved (bytesNeeded bytes at `offset`). */
  static at(memory: ModelMemory, offset: number, k: number, approxK: number, blockRows: number): TileRescorer {
    if (!memory.wasm) throw new Error('the quantised path needs the model in a WebAssembly memory');
    const model = sharedOf(memory);
    TileWorkspace.create(model, offset, k, blockRows, { queries: blockRows });
    return TileRescorer.attach(model, offset, approxK);
  }

  /**
   * The rescorer that at() made at `offset` of the model's memory (`model`: the model as that memory holds it), in
   * any thread: a worker posted the offset. Writes nothing.
   */
  static attach(model: TileModel, offset: number, approxK: number): TileRescorer {
    if (!(model.memory instanceof WebAssembly.Memory)) throw new Error('the quantised path needs the model in a WebAssembly memory');
    const exact = TileWorkspace.attach(model, offset);
    return new TileRescorer(model, exact, approxK, align16(offset + exact.bytes));
  }

  private readonly wasm: TileExports;
  private readonly memory: WebAssembly.Memory;

  private constructor(private readonly model: TileModel, private readonly exact: TileWorkspace, readonly approxK: number, private readonly selectionOffset: number) {
    this.memory = model.memory as WebAssembly.Memory;
    this.wasm = tileExports(this.memory);
  }

  /**
   * The final rows [r0, r1) (at most blockRows) from the approximate heaps of `approx` (capacity approxK, every tile
   * seen, workers merged): k per row, best first, as TileWorkspace.rowsResult. `recomputed`: the rows that needed
   * the float32 pass over all candidates. `scratch`: the int8 workspace whose selection area the selection goes
   * through (default `approx`'s own; threads reading disjoint rows of one `approx` at once each give their own, and
   * each its own rescorer).
   */
  rows(approx: TileWorkspace, r0: number, r1: number, options: { excludeSelf?: boolean; scratch?: TileWorkspace } = {}): TopKResult & { recomputed: number[] } {
    if (approx.k !== this.approxK || approx.rows !== this.model.rows || approx.dim !== this.model.dim) {
      throw new RangeError(`the approximate heaps must be of this model with capacity ${this.approxK}`);
    }
    if (r1 - r0 > this.exact.blockRows) throw new RangeError(`${r1 - r0} rows exceed the rescorer's blockRows ${this.exact.blockRows}`);
    const stride = this.approxK + 1, count = r1 - r0;
    const selection = approx.selectRows(this.exact.k, r0, r1, options.scratch);
    new Int32Array(this.memory.buffer, this.selectionOffset, selection.length).set(selection);
    this.wasm.rescoreSelected(this.exact.regionOffset, this.selectionOffset, stride, r0, count, 0);
    const unsafe: number[] = [];
    for (let slot = 0; slot < count; slot++) if (selection[slot * stride] < 0) unsafe.push(slot);
    if (unsafe.length > 0) this.exact.tileList(unsafe, 0, this.model.rows, options.excludeSelf ?? true, r0);
    return { ...this.exact.rowsResult(0, count), recomputed: unsafe.map((slot) => r0 + slot) };
  }
}
