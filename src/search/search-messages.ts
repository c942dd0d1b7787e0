import type { TileModel } from '../kernels/tile-workspace.js';

/**
 * A search worker's init (./search-pool.ts → ./search-worker.ts): its region of the shared memory holds a
 * TileQueries of `capacity` queries and heaps of up to `maxK`; `int8Offset`: the region of the model quantised as
 * panels (shared by all workers), absent for float32 tiles.
 */
export interface SearchInit {
  model: TileModel;
  regionOffset: number;
  capacity: number;
  maxK: number;
  int8Offset?: number;
}

/** Score `count` unit query vectors (count × dim, row-major) against model rows [j0, j1); answer the k best of each. */
export interface SearchTask {
  queries: Float32Array;
  count: number;
  k: number;
  j0: number;
  j1: number;
}

/**
 * count × k entries, query q's at q·k, best first; index −1 (score NaN) where fewer than k rows were scored.
 * `unproven`: queries whose quantised selection needed a float32 pass.
 */
export interface SearchAnswer {
  indices: Int32Array;
  scores: Float32Array;
  unproven: number;
}
