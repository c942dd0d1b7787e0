/**
 * TileQueries: exact batch queries (each query's k best model rows in a range) for one worker, on the quantised
 * model when there is one, else on the float32 tiles. The answers are the same either way, bit for bit: the
 * quantised path only chooses which candidates get the float32 scores of the tiles.
 *
 * With a quantised model stored as panels (TileQuantized with `panels`, shared by every worker):
 *   1. tileQueriesInt8: the queries are quantised (each its own scale) and scored against the model's int16 panels,
 *      read in place, into heaps of k + m approximate entries;
 *   2. rescoreQueries: per query, the error bound of ./tile-int8.ts keeps the candidates that can still be in the
 *      exact top-k; they get float32 scores computed exactly as tileQueries computes them, into heaps of k;
 *   3. a query whose selection the bound cannot prove complete (many near-ties around its k-th score) gets a
 *      float32 pass over the range: `unproven` counts them.
 * Without one, tileQueries fills the heaps of k directly.
 *
 * Region (byte offsets from its start, 16-aligned pieces; C = capacity, K = maxK + margin(maxK)):
 *
 * | offset | bytes                                                        | contents                                |
 * |--------|--------------------------------------------------------------|-----------------------------------------|
 * | 0      | TileWorkspace.bytesNeeded(rows, dim, maxK, C, { queries: C })  | the exact workspace: heaps of k        |
 * | exact  | TileWorkspace.bytesNeeded(rows, dim, K, C, { queries: C, int8 }) | with int8: the approximate workspace |
 */
import { align16 } from '../vectors/model-memory.js';
import { TileWorkspace, type TileModel } from './tile-workspace.js';
import type { TopKResult } from './types.js';

/** The extra approximate candidates kept per query for the rescoring (m of k + m). */
export function queryMargin(k: number): number {
  return Math.max(16, Math.ceil(k / 4));
}

/**
 * Candidate rows per kernel call of a search. One call over a worker's whole range would run to its end in the
 * code WebAssembly starts with (V8's baseline tier, Liftoff): a function moves to the optimised tier only at its
 * next call. Measured with the approximate engine's recall sample (1,000 queries, 2 threads, a fresh process): on
 * GloVe 341k 2.2 s as one call per worker, 1.0 s in chunks (0.9 s for a second sample, all optimised; 4,096 to 32,768
 * rows per chunk within the noise); on the synthetic 1M × 300, 18.4 s, then 7.9 s (6.2 s). Heaps are order-free
 * (./assembly/heap.ts): the chunks give one call's rows.
 */
export const QUERY_CHUNK = 16384;

/** [j0, j1) in kernel calls: the first of 1,024 rows (its end is when the optimised code can take over), doubling up to QUERY_CHUNK. */
export function* queryChunks(j0: number, j1: number): Generator<[number, number]> {
  for (let a = j0, size = 1024; a < j1; a += size, size = Math.min(QUERY_CHUNK, 2 * size)) yield [a, Math.min(j1, a + size)];
}

export class TileQueries {
  /** Bytes of the region for up to `capacity` queries at a time, k up to maxK, with or without the quantised path. */
  static bytesNeeded(rows: number, dim: number, capacity: number, maxK: number, int8: boolean): number {
    const exact = align16(TileWorkspace.bytesNeeded(rows, dim, maxK, capacity, { queries: capacity }));
    return exact + (int8 ? TileWorkspace.bytesNeeded(rows, dim, maxK + queryMargin(maxK), capacity, { queries: capacity, int8: true }) : 0);
  }

  private exact: TileWorkspace | undefined;
  private approx: TileWorkspace | undefined;

  /**
   * Over a region of bytesNeeded(..., int8 = int8Offset !== undefined) bytes in the model's memory. `int8Offset`:
   * the region of the model quantised as panels (TileQuantized with `panels`), or undefined for the float32 tiles.
   */
  constructor(private readonly model: TileModel, readonly regionOffset: number, readonly capacity: number, readonly maxK: number, readonly int8Offset?: number) {
    if (regionOffset % 16 !== 0) throw new RangeError(`the region must be 16-aligned, got offset ${regionOffset}`);
  }

  /** 'int8' (quantised, rescored) or 'f32'. */
  get method(): 'int8' | 'f32' {
    return this.int8Offset === undefined ? 'f32' : 'int8';
  }

  /**
   * The k best model rows in [j0, j1) of each of `count` unit query vectors (count × dim, row-major): count × k
   * entries, query q's at q·k, best first; −1 / NaN where the range has fewer than k rows. `unproven`: the queries
   * that needed the float32 pass (always 0 on the float32 path).
   */
  search(queries: Float32Array, count: number, k: number, j0: number, j1: number): TopKResult & { unproven: number } {
    if (k > this.maxK) throw new RangeError(`k ${k} exceeds maxK ${this.maxK}`);
    const exact = this.workspaces(k);
    const vectors = queries.subarray(0, count * this.model.dim);
    exact.setQueries(vectors, 0);
    let unproven = 0;
    if (this.approx && j1 > j0) {
      this.approx.setQueries(vectors, 0);
      this.approx.resetHeaps(0, count);
      for (const [a, b] of queryChunks(j0, j1)) this.approx.tileQueriesInt8(0, count, a, b);
      unproven = exact.rescoreQueries(this.approx, count, j0, j1).length;
    } else {
      exact.resetHeaps(0, count);
      for (const [a, b] of queryChunks(j0, j1)) exact.tileQueries(0, count, a, b);
    }
    return { ...exact.rowsResult(0, count), unproven };
  }

  /** The workspaces with heaps of k (and k + margin): re-attached when k changes (the region is sized for maxK). */
  private workspaces(k: number): TileWorkspace {
    if (this.exact?.k !== k) {
      const c = this.capacity;
      this.exact = TileWorkspace.create(this.model, this.regionOffset, k, c, { queries: c });
      if (this.int8Offset !== undefined) {
        const at = this.regionOffset + align16(TileWorkspace.bytesNeeded(this.model.rows, this.model.dim, this.maxK, c, { queries: c }));
        this.approx = TileWorkspace.create(this.model, at, k + queryMargin(k), c, { queries: c, int8: this.int8Offset });
      }
    }
    return this.exact;
  }
}
