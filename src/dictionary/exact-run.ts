/**
 * The exact engine's machinery, shared by the whole build (./build-dictionary.ts) and a shard of it
 * (./build-shard.ts): the settings checked and the memory planned (exactSetup), then one run (ExactRun) that holds
 * the regions, the workers' tile workspaces and the worker pool, scores any row block of the schedule
 * (./schedule.ts) on the workers, gathers the workers' partial heaps of some rows into worker 0's, and reads rows
 * out of them (float32 heaps as they are; on the int8 path through the exact rescorer).
 *
 * What a caller decides is which blocks it scores, and when rows are read: the whole build reads a block's rows as
 * soon as the block is done (they have then seen every candidate); a shard scores its blocks only and reads every
 * row at the end (partial rows: the candidates its blocks gave them).
 */
import { availableParallelism } from 'node:os';
import { oneOf, wholeInRange } from '../checks/arguments.js';
import { TileWorkspace } from '../kernels/tile-workspace.js';
import type { TopKResult } from '../kernels/types.js';
import type { DictionaryMeta } from '../store/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { planMemory, reserveMemory, type DictionaryMemory, type Layout, type MemoryPlan } from './dictionary-memory.js';
import { dictionaryMeta } from './result-sink.js';
import { blockTasks, type Schedule } from './schedule.js';
import { sharedModelOf } from './shared-model.js';
import { DictionaryWorkerPool } from './worker-pool.js';

export interface ExactSettings {
  k?: number;
  threads?: number;
  includeSelf?: boolean;
  method?: 'f32' | 'int8';
  layout?: Layout;
  blockRows?: number;
  modelFile?: string;
}

/** A build's checked settings, its memory plan (checked to fit) and its metadata. */
export interface ExactSetup {
  schedule: Schedule;
  k: number;
  plan: MemoryPlan;
  meta: DictionaryMeta;
}

/**
 * Checks the settings (RangeErrors naming the option) and plans the memory (refused here, with the sizes, when it
 * cannot fit). `method`: the one asked for, or the one an interrupted build used.
 */
export function exactSetup(model: KeyedVectors, options: ExactSettings): ExactSetup {
  const n = model.size;
  const k = wholeInRange('k', options.k ?? 15, 1, 10000);
  const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
  const blockRows = wholeInRange('blockRows', options.blockRows ?? 1024, 16, 1 << 16);
  const includeSelf = options.includeSelf ?? false;
  if (options.method !== undefined) oneOf('method', options.method, ['f32', 'int8']);
  if (options.layout !== undefined) oneOf('layout', options.layout, ['single', 'split']);
  sharedModelOf(model); // the model must be in a WebAssembly memory
  const plan = planMemory({ rows: n, dim: model.dim, modelBytes: model.memory.heldBytes, k, threads, blockRows, method: options.method, layout: options.layout });
  const meta = dictionaryMeta(model, options.modelFile, { words: n, k, includeSelf, method: plan.method === 'int8' ? 'exact-int8-rescored' : 'exact-f32', recall: 1 });
  return { schedule: { n, blockRows, threads, includeSelf }, k, plan, meta };
}

export class ExactRun {
  private constructor(
    private readonly setup: ExactSetup,
    private readonly memory: DictionaryMemory,
    /** One workspace per worker, on its region (worker 0's gathers the others'). */
    private readonly main: TileWorkspace[],
    private readonly pool: DictionaryWorkerPool,
  ) {}

  /** Reserves the planned regions (the int8 path quantises the model here), empties the heaps, starts the workers. */
  static async start(model: KeyedVectors, setup: ExactSetup): Promise<ExactRun> {
    const { schedule, k, plan } = setup;
    const memory = await reserveMemory(model, plan, schedule.threads, k, schedule.blockRows);
    try {
      const { tiles, regions, quantized } = memory;
      const main = regions.map((r) => TileWorkspace.create(tiles, r, plan.heapK, schedule.blockRows, { int8: quantized })); // heaps emptied
      const pool = await DictionaryWorkerPool.start(tiles, regions, 4 * schedule.blockRows);
      return new ExactRun(setup, memory, main, pool);
    } catch (e) {
      memory.release();
      throw e;
    }
  }

  /** Scores row block `b` (its diagonal tile and its candidates after it) on the workers, each taking the next task when free. */
  async scoreBlock(b: number): Promise<void> {
    const queue = blockTasks(this.setup.schedule, b);
    await Promise.all(
      this.main.map(async (_, w) => {
        for (let task = queue.shift(); task; task = queue.shift()) await this.pool.tiles(w, task);
      }),
    );
  }

  /** Merges every worker's partial heaps of rows [r0, r1) into worker 0's; `reset` empties the others' (before a checkpoint). */
  gather(r0: number, r1: number, reset = false): void {
    for (let w = 1; w < this.main.length; w++) {
      this.main[0].mergeHeaps(this.memory.regions[w], r0, r1);
      if (reset) this.main[w].resetHeaps(r0, r1);
    }
  }

  /**
   * Rows [r0, r1) (at most blockRows) from worker 0's heaps, gathered: k per row, best first, −1 / NaN padding. On
   * the int8 path the rescorer makes them exact: the float32 top k of the candidates the heaps saw (or of every
   * row, for a row whose error bound does not settle it).
   */
  rows(r0: number, r1: number): TopKResult {
    const { rescorer } = this.memory;
    return rescorer ? rescorer.rows(this.main[0], r0, r1, { excludeSelf: !this.setup.schedule.includeSelf }) : this.main[0].rowsResult(r0, r1);
  }

  /** Copies of worker 0's raw heaps [r0, r1), for a checkpoint (gather them first). */
  heapArrays(r0: number, r1: number): { scores: Float32Array; indices: Int32Array } {
    return this.main[0].heapArrays(r0, r1);
  }

  /** Puts a checkpoint's heaps back into worker 0's, from row r0 on. */
  restoreHeaps(r0: number, scores: Float32Array, indices: Int32Array): void {
    this.main[0].restoreHeaps(r0, scores, indices);
  }

  /** Stops the workers and gives the regions back. */
  async close(): Promise<void> {
    try {
      await this.pool.close();
    } finally {
      this.memory.release();
    }
  }
}
