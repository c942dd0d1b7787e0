import type { TileTask } from './schedule.js';
import type { SharedModel } from './shared-model.js';
import type { TopKResult } from '../kernels/types.js';

/** A dictionary worker's init (./worker-pool.ts → ./dictionary-worker.ts), its task and answer. */
export interface DictionaryInit {
  model: SharedModel;
  /** The workspace the main thread created there (its header says k, the block size and the quantised model, if any). */
  regionOffset: number;
  /** Candidates per tile call. */
  blockCols: number;
  /** The seeds (float32 by row, in the workspace's memory; ./exact-run.ts). */
  seedsOffset: number;
  /** Every worker's workspace, by worker (regionOffset among them): a read task gathers them into worker 0's. */
  regions: number[];
  /** The int8 path: this worker's rescorer, in the model's own memory (`model` is then the quantised rows' memory). */
  rescorer?: { model: SharedModel; offset: number };
}

/**
 * A task: one tile task of the schedule (./schedule.ts), scored by the worker in blocks of blockCols; or the seeds of
 * rows [i0, i1) from the sample runs' rows (each run [j, j + SEED_RUN), excludeSelf as in the build), written to the
 * seeds; or heaps [i0, i1) emptied down to the seeds; or the final rows [i0, i1) (at most a block) read out: every
 * worker's heaps of them gathered into worker 0's, then its k best per row (on the int8 path, rescored exactly).
 */
export type TilesTask =
  | ({ kind: 'tiles' } & TileTask)
  | { kind: 'seeds'; i0: number; i1: number; runs: number[]; k: number; excludeSelf: boolean }
  | { kind: 'seed-heaps'; i0: number; i1: number }
  | { kind: 'read'; i0: number; i1: number; excludeSelf: boolean };

/** A read task answers its rows (k per row, best first); the others' results are in the shared memory. */
export type TilesDone = TopKResult | null;
