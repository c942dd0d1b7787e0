import type { SharedModel } from './shared-model.js';

/** The main thread's messages to a dictionary worker, and the worker's answers. */
export type ToWorker =
  /** `int8`: the region of the quantised model, for the int8 path (the heaps then hold k + margin approximate scores). */
  | { type: 'init'; model: SharedModel; regionOffset: number; k: number; blockRows: number; blockCols: number; int8?: number }
  /** Score rows [i0, i1) against [j0, j1) in blocks of blockCols; `columns` feeds the candidates' heaps too. */
  | { type: 'tiles'; id: number; i0: number; i1: number; j0: number; j1: number; columns: boolean; excludeSelf: boolean }
  | { type: 'close' };

export type FromWorker = { type: 'ready' } | { type: 'done'; id: number } | { type: 'error'; id: number; message: string; stack?: string };
