import type { TileTask } from './schedule.js';
import type { SharedModel } from './shared-model.js';

/** A dictionary worker's init (./worker-pool.ts → ./dictionary-worker.ts), its task and answer. */
export interface DictionaryInit {
  model: SharedModel;
  /** The workspace the main thread created there (its header says k, the block size and the quantised model, if any). */
  regionOffset: number;
  /** Candidates per tile call. */
  blockCols: number;
  /** The seeds (float32 by row, in the workspace's memory; ./exact-run.ts). */
  seedsOffset: number;
}

/**
 * A task: one tile task of the schedule (./schedule.ts), scored by the worker in blocks of blockCols; or the seeds of
 * rows [i0, i1) from the sample runs' rows (each run [j, j + SEED_RUN), excludeSelf as in the build), written to the
 * seeds; or heaps [i0, i1) emptied down to the seeds.
 */
export type TilesTask =
  | ({ kind: 'tiles' } & TileTask)
  | { kind: 'seeds'; i0: number; i1: number; runs: number[]; k: number; excludeSelf: boolean }
  | { kind: 'seed-heaps'; i0: number; i1: number };

/** The results are in the shared memory: a task answers nothing. */
export type TilesDone = null;
