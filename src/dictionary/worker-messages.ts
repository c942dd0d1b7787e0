import type { SharedModel } from './shared-model.js';

/** A dictionary worker's init (./worker-pool.ts → ./dictionary-worker.ts), its task and answer. */
export interface DictionaryInit {
  model: SharedModel;
  /** The workspace the main thread created there (its header says k, the block size and the quantised model, if any). */
  regionOffset: number;
  /** Candidates per tile call. */
  blockCols: number;
}

/** Score rows [i0, i1) against [j0, j1) in blocks of blockCols; `columns` feeds the candidates' heaps too. */
export interface TilesTask {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  columns: boolean;
  excludeSelf: boolean;
}

/** The results are in the shared memory: a task answers nothing. */
export type TilesDone = null;
