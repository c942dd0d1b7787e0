import { startWorker } from '../workers/start-worker.js';
import { WorkerPool } from '../workers/worker-pool.js';
import type { SharedModel } from './shared-model.js';
import type { TopKResult } from '../kernels/types.js';
import type { DictionaryInit, TilesDone, TilesTask } from './worker-messages.js';

/**
 * The dictionary workers, each with its own region of the shared memory (its heaps, kept for the whole build), on
 * the shared WorkerPool (../workers/worker-pool.ts: why it is ours, and how each failure is handled).
 */
export class DictionaryWorkerPool {
  private constructor(private readonly pool: WorkerPool<DictionaryInit, TilesTask, TilesDone>) {}

  /**
   * Starts `regions.length` workers over the shared model, each attaching the workspace created in its region (its
   * header holds k, the block size and the quantised model) and, on the int8 path, its rescorer (`rescorers`: one
   * per worker, in the float32 model's memory `rescorers.model`); resolves once each has attached them.
   */
  static async start(model: SharedModel, regions: number[], blockCols: number, seedsOffset: number, rescorers?: { model: SharedModel; offsets: number[] }): Promise<DictionaryWorkerPool> {
    const pool = await WorkerPool.start<DictionaryInit, TilesTask, TilesDone>({
      name: 'dictionary worker',
      count: regions.length,
      start: () => startWorker(import.meta.url, 'dictionary-worker'),
      init: (i) => ({ model, regionOffset: regions[i], blockCols, seedsOffset, regions, rescorer: rescorers && { model: rescorers.model, offset: rescorers.offsets[i] } }),
    });
    return new DictionaryWorkerPool(pool);
  }

  get size(): number {
    return this.pool.size;
  }

  /** Runs a task on worker `w`. */
  async run(w: number, task: Exclude<TilesTask, { kind: 'read' }>): Promise<void> {
    await this.pool.run(w, task);
  }

  /** Reads final rows out on worker `w` (a read task): their k best, by row. */
  async read(w: number, task: Extract<TilesTask, { kind: 'read' }>): Promise<TopKResult> {
    return (await this.pool.run(w, task))!;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
