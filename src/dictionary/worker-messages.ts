import type { TileTask } from './schedule.js';
import type { SharedModel } from './shared-model.js';

/** A dictionary worker's init (./worker-pool.ts → ./dictionary-worker.ts), its task and answer. */
export interface DictionaryInit {
  model: SharedModel;
  /** The workspace the main thread created there (its header says k, the block size and the quantised model, if any). */
  regionOffset: number;
  /** Candidates per tile call. */
  blockCols: number;
}

/** A task: one tile task of the schedule (./schedule.ts), scored by the worker in blocks of blockCols. */
export type TilesTask = TileTask;

/** The results are in the shared memory: a task answers nothing. */
export type TilesDone = null;
