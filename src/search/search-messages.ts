import type { TileModel } from '../kernels/tile-workspace.js';

/** The main thread's messages to a search worker, and the worker's answers. */
export type ToSearchWorker =
  /**
   * The worker's region of the shared memory holds a TileQueries of `capacity` queries and heaps of up to `maxK`;
   * `int8Offset`: the region of the model quantised as panels (shared by all workers), absent for float32 tiles.
   */
  | { type: 'init'; model: TileModel; regionOffset: number; capacity: number; maxK: number; int8Offset?: number }
  /** Score `count` unit query vectors (count × dim, row-major) against model rows [j0, j1); answer the k best of each. */
  | { type: 'search'; id: number; queries: Float32Array; count: number; k: number; j0: number; j1: number }
  | { type: 'close' };

export type FromSearchWorker =
  | { type: 'ready' }
  /**
   * count × k entries, query q's at q·k, best first; index −1 (score NaN) where fewer than k rows were scored.
   * `unproven`: queries whose quantised selection needed a float32 pass.
   */
  | { type: 'done'; id: number; indices: Int32Array; scores: Float32Array; unproven: number }
  | { type: 'error'; id: number; message: string };
