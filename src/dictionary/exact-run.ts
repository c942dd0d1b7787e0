/**
 * The exact engine's machinery, shared by the whole build (./build-dictionary.ts) and a shard of it
 * (./build-shard.ts): the settings checked and the memory planned (exactSetup), then one run (ExactRun) that holds
 * the regions, the workers' tile workspaces and the worker pool, scores any row block of the schedule
 * (./schedule.ts) on the workers, gathers the workers' partial heaps of some rows into worker 0's, and reads rows
 * out of them (float32 heaps as they are; on the int8 path through the exact rescorer).
 *
 * What a caller decides is which blocks it scores, and when rows are read: the whole build reads a block's rows once
 * the block is done (they have then seen every candidate); a shard scores its blocks only, and reads a row once no
 * block of its own is left that feeds it (partial rows: the candidates its blocks gave them).
 *
 * The blocks are scored as one stream (scoreBlocks), paused now and then to read out the rows that are final and
 * for commits. The workers read (gathering the workers' heaps, the int8 path's exact rescoring: readRows) while this
 * thread writes what they answer; before they did, this thread read alone with the workers idle (a GloVe shard 3/8:
 * 1.3 s of reading, 0.9 s on the workers; a whole build's read-out and writing 7.4 s, 4.5 s). Reading rows while the
 * workers score is possible (the tiles still to run feed later rows only) but was slower on 2 cores: the third
 * thread took the workers' time and caches (a GloVe shard 0/2 in 69.9 s against 65.7 s), so the stream reads at
 * pauses (READ_BATCH_BLOCKS).
 */
import { availableParallelism } from 'node:os';
import { oneOf, wholeInRange } from '../checks/arguments.js';
import { bufferOf, sharedOf, TileWorkspace } from '../kernels/tile-workspace.js';
import type { TopKResult } from '../kernels/types.js';
import type { DictionaryMeta } from '../store/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { planMemory, reserveMemory, type DictionaryMemory, type Layout, type MemoryPlan } from './dictionary-memory.js';
import { dictionaryMeta } from './result-sink.js';
import { blockTasks, seedRuns, type Schedule, type TileTask } from './schedule.js';
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

/** The stream pauses to read out the final rows once this many blocks of rows are waiting. */
export const READ_BATCH_BLOCKS = 16;

/** Tasks queued per worker: the next one is there when a worker finishes, without a round trip to this thread. */
export const TASKS_AHEAD = 2;

/** Blocks of rows being read out per worker at a time (readRows). */
export const READS_AHEAD = 2;

/** What a caller of ExactRun.scoreBlocks gives: where the final rows go and when, and its commits (see there). */
export interface BlockStream {
  /** Rows [0, readFrom) are already out (a resumed build's committed rows). */
  readFrom: number;
  /** Rows [0, finalRows(d)) are final once blocks[0..d) are scored; finalRows(blocks.length) is every row. */
  finalRows(d: number): number;
  /** Takes the final rows, in order. */
  take: RowsTaker;
  /** Once blocks[0..d] are scored, while the workers go on (progress). */
  done?(d: number): void;
  /** Whether to commit before blocks[d] (asked before its tasks are handed out, and again at the pause). */
  commitDue(d: number): boolean;
  /** With the workers idle, blocks[0..d) scored and every final row taken. */
  commit(d: number): Promise<void>;
}

/** Where rows read out go: rows [r0, r1), k per row (ExactRun.rows). */
export type RowsTaker = (r0: number, r1: number, rows: TopKResult) => void | Promise<void>;

export class ExactRun {
  private snapshot?: { scores: Float32Array; indices: Int32Array };

  private constructor(
    private readonly setup: ExactSetup,
    private readonly memory: DictionaryMemory,
    /** One workspace per worker, on its region (worker 0's gathers the others'). */
    private readonly main: TileWorkspace[],
    private readonly pool: DictionaryWorkerPool,
  ) {}

  /** Reserves the planned regions (the int8 path quantises the model here), starts the workers, seeds the heaps. */
  static async start(model: KeyedVectors, setup: ExactSetup): Promise<ExactRun> {
    const { schedule, k, plan } = setup;
    const memory = await reserveMemory(model, plan, schedule.threads, k, schedule.blockRows);
    try {
      const { tiles, regions, quantized } = memory;
      // the workers seed every heap before any tile (seed)
      const main = regions.map((r) => TileWorkspace.create(tiles, r, plan.heapK, schedule.blockRows, { int8: quantized, leaveHeaps: true }));
      const rescorers = memory.rescorers && { model: sharedOf(model.memory), offsets: memory.rescorers };
      const pool = await DictionaryWorkerPool.start(tiles, regions, 4 * schedule.blockRows, memory.seeds, rescorers);
      const run = new ExactRun(setup, memory, main, pool);
      try {
        await run.seed();
      } catch (e) {
        await pool.close();
        throw e;
      }
      return run;
    } catch (e) {
      memory.release();
      throw e;
    }
  }

  /**
   * The seeds: for every row, a lower bound on the scores of its exact top k (./schedule.ts's seedRuns: every row
   * against a sample of about 1,000 rows, on the workers, a block of rows per task; the k-th best of the sample, less
   * twice the row's error bound on the int8 path: seedsOf in ../kernels/assembly/tiles.ts), then every worker's heaps
   * emptied down to them, so that the tiles' prefilter drops from the start every candidate that cannot be in the
   * row's top k. Exact all the same: each heap ends as the top of the candidates at or above its seed, which hold its
   * top k. What it saves is heap work where a row sees few candidates: a shard's rows of other shards' blocks see
   * only its blocks' candidates, so their thresholds would rise slowly (a GloVe shard 3/8 took 23% less time with
   * exact seeds, about 15% with the sample's).
   */
  private async seed(): Promise<void> {
    const { schedule, k } = this.setup;
    const { n, blockRows } = schedule;
    const runs = seedRuns(n, k);
    const seeds = new Float32Array(bufferOf(this.memory.tiles.memory), this.memory.seeds, n);
    if (runs.length === 0) seeds.fill(NaN);
    else {
      let next = 0;
      await Promise.all(
        this.main.map(async (_, w) => {
          for (let i0 = next; i0 < n; i0 = next) {
            next = Math.min(n, i0 + blockRows);
            await this.pool.run(w, { kind: 'seeds', i0, i1: next, runs, k, excludeSelf: !schedule.includeSelf });
          }
        }),
      );
    }
    await Promise.all(this.main.map((_, w) => this.pool.run(w, { kind: 'seed-heaps', i0: 0, i1: n })));
  }

  /**
   * Scores `blocks` (row blocks, increasing) on the workers as one stream of tasks: a worker that finds a block's
   * tasks all handed out takes the next block's, so no worker waits for the other at the end of each block (each
   * worker's heaps are its own, and a block's tasks feed rows from its first on only). Each worker has TASKS_AHEAD
   * tasks queued, so it does not wait for this thread either.
   *
   * Before the tasks of a block are handed out, the stream pauses when READ_BATCH_BLOCKS blocks of final rows are
   * waiting or a commit is due: it drains (the blocks before scored), then with the workers idle the final rows
   * are read out to `take` and, when due, `commit` runs (the heaps are still while it saves them). The rows left
   * are read out at the end.
   */
  async scoreBlocks(blocks: readonly number[], stream: BlockStream): Promise<void> {
    const { schedule } = this.setup;
    let read = stream.readFrom, final = stream.finalRows(0); // rows [0, read) are out, [read, final) are final
    let queue: TileTask[] = [], queued = -1; // the tasks of blocks[queued] not yet handed out
    const left: number[] = []; // tasks of blocks[d] not yet done
    let scored = 0; // blocks[0..scored) are scored
    let failure: { error: unknown } | undefined;
    let pausing = false, resumedAt = 0;
    const take = (): { task: TileTask; d: number } | undefined => {
      if (failure) return undefined;
      if (queue.length === 0) {
        const d = queued + 1;
        if (d >= blocks.length || pausing) return undefined;
        if (d !== resumedAt && (final - read >= READ_BATCH_BLOCKS * schedule.blockRows || stream.commitDue(d))) {
          pausing = true;
          return undefined;
        }
        queue = blockTasks(schedule, blocks[d]);
        left[d] = queue.length;
        queued = d;
      }
      return { task: queue.shift()!, d: queued };
    };
    const finished = (d: number): void => {
      left[d]--;
      for (; scored <= queued && left[scored] === 0 && !failure; scored++) {
        final = stream.finalRows(scored + 1);
        try {
          stream.done?.(scored);
        } catch (error) {
          failure = { error };
        }
      }
    };
    while (!failure) {
      await Promise.all(
        this.main.flatMap((_, w) =>
          Array.from({ length: TASKS_AHEAD }, async () => {
            for (let t = take(); t; t = take()) {
              try {
                await this.pool.run(w, { kind: 'tiles', ...t.task });
              } catch (error) {
                failure ??= { error };
                return;
              }
              finished(t.d);
            }
          }),
        ),
      );
      if (failure) break;
      try {
        await this.readRows(read, final, stream.take);
        read = final;
        if (queued + 1 >= blocks.length) break;
        resumedAt = queued + 1;
        if (stream.commitDue(resumedAt)) await stream.commit(resumedAt);
      } catch (error) {
        failure = { error };
      }
      pausing = false;
    }
    if (failure) throw failure.error;
  }

  /**
   * Reads out rows [r0, r1) (rows no tile still to run feeds: each read once), blockRows at a time, handing each
   * piece to `take` in order. The workers read (the stream is paused, so they would be idle): block b goes to worker
   * b mod T, which gathers every worker's heaps of its rows into worker 0's (disjoint rows: no two workers write the
   * same heap) and answers their k best, through its own rescorer on the int8 path (./dictionary-worker.ts); each
   * worker has READS_AHEAD blocks in hand, so this thread's `take` overlaps their reading.
   */
  async readRows(r0: number, r1: number, take: RowsTaker): Promise<void> {
    const step = this.setup.schedule.blockRows, T = this.main.length;
    const excludeSelf = !this.setup.schedule.includeSelf;
    const count = Math.ceil(Math.max(0, r1 - r0) / step);
    const reads = new Map<number, Promise<TopKResult>>(); // block → its rows, asked for and not yet taken
    let asked = 0;
    const ask = (): void => {
      const a = r0 + asked * step;
      const read = this.pool.read(asked % T, { kind: 'read', i0: a, i1: Math.min(r1, a + step), excludeSelf });
      read.catch(() => {}); // awaited in order below; a failure after an earlier one would otherwise go unhandled
      reads.set(asked++, read);
    };
    while (asked < Math.min(count, READS_AHEAD * T)) ask();
    for (let b = 0; b < count; b++) {
      const rows = await reads.get(b)!;
      reads.delete(b);
      if (asked < count) ask();
      const a = r0 + b * step;
      await take(a, Math.min(r1, a + step), rows);
    }
  }

  /**
   * Before a checkpoint, with the workers idle: merges every worker's partial heaps of rows [r0, r1) into worker
   * 0's, and empties the others' down to their seeds (so that nothing is merged twice). Rows read out are gathered
   * by the workers themselves (readRows).
   */
  gather(r0: number, r1: number): void {
    for (let w = 1; w < this.main.length; w++) {
      this.main[0].mergeHeaps(this.memory.regions[w], r0, r1);
      this.main[w].seedHeaps(r0, r1, this.memory.seeds);
    }
  }

  /**
   * Worker 0's raw heaps [r0, r1) copied, for a checkpoint (gather them first): views of one snapshot buffer, kept
   * for the run (a fresh one per checkpoint costs its pages' first touch, a third of a GloVe checkpoint), valid until
   * the next call.
   */
  heapArrays(r0: number, r1: number): { scores: Float32Array; indices: Int32Array } {
    const K = this.setup.plan.heapK, n = this.setup.schedule.n, count = (r1 - r0) * K;
    const snapshot = (this.snapshot ??= { scores: new Float32Array(n * K), indices: new Int32Array(n * K) });
    const heaps = this.main[0].heapViews(r0, r1);
    const scores = snapshot.scores.subarray(0, count), indices = snapshot.indices.subarray(0, count);
    scores.set(heaps.scores);
    indices.set(heaps.indices);
    return { scores, indices };
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
