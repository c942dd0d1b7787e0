/**
 * A pool of search workers over a model's shared memory: each batch of queries is cut by candidate rows into one
 * slice per worker, the workers score their slices at the same time (the tile kernel, matrix-matrix), and their
 * top-k lists are merged here. One batch thus streams the model once, on every core, and the calling thread only
 * waits: a server built on it stays responsive.
 *
 * Method 'int8' (the default where it fits): the pool quantises the model once into int16 panels (half the bytes of
 * the float32 rows, in the model's memory) and the workers score on them, then rescore the candidates that the
 * error bound keeps in float32 (../kernels/tile-queries.ts): the answers are bit for bit those of method 'f32',
 * about twice as fast.
 */
import { availableParallelism } from 'node:os';
import { checkRange, wholeInRange } from '../checks/arguments.js';
import { reservePlan } from '../memory/plan.js';
import { sharedOf } from '../kernels/tile-workspace.js';
import { TileQuantized } from '../kernels/tile-int8.js';
import type { TopKResult } from '../kernels/types.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { startWorker } from '../workers/start-worker.js';
import { WorkerPool } from '../workers/worker-pool.js';
import { EXACT_F32, EXACT_INT8_RESCORED, type BatchSearcher, type SearchMethod } from './batch-searcher.js';
import { mergeTopK } from './merge-top-k.js';
import { planSearch } from './search-plan.js';
import type { SearchAnswer, SearchInit, SearchTask } from './search-messages.js';

export interface SearchPoolOptions {
  /** Worker threads (default: the machine's available cores). */
  threads?: number;
  /** Queries per batch (default 64). */
  capacity?: number;
  /** The largest k a batch may ask for (default 1100: topn up to 1000 plus the query's own words). */
  maxK?: number;
  /**
   * 'int8': score on the quantised model, rescore exactly (same answers; needs about half the model's size again in
   * its memory); 'f32': the float32 tiles only. Default: 'int8' where the kernel and the memory allow it, else 'f32'.
   */
  method?: 'int8' | 'f32';
}

/** What a pool has done: queries answered, and those whose quantised selection needed a float32 pass. */
export interface SearchPoolStats {
  batches: number;
  queries: number;
  /** Query slices (one per worker per query) that the error bound could not settle: each took a float32 pass. */
  unproven: number;
}

/** The workers run on the shared WorkerPool (../workers/worker-pool.ts: why it is ours, how each failure is handled). */
export class SearchPool implements BatchSearcher {
  private closed = false;
  private readonly counts: SearchPoolStats = { batches: 0, queries: 0, unproven: 0 };

  private constructor(
    private readonly model: KeyedVectors,
    private readonly workers: WorkerPool<SearchInit, SearchTask, SearchAnswer>,
    /** Gives the pool's planned regions back (the panels and the workspaces). */
    private readonly release: () => void,
    readonly capacity: number,
    readonly maxK: number,
    /** How the workers score: on the quantised model then rescored ('int8'), or float32 only. */
    readonly scoring: 'int8' | 'f32',
  ) {}

  /**
   * Starts the workers, each with its own region of the model's memory (and quantises the model first, for method
   * 'int8': about 0.3 s for 341k × 100, without blocking the event loop). The model must be in WebAssembly memory.
   */
  static async start(model: KeyedVectors, options: SearchPoolOptions = {}): Promise<SearchPool> {
    if (!model.memory.wasm) throw new RangeError('the search pool needs the model in WebAssembly memory (a model under 4 GiB, loaded with wasm: true)');
    const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
    const capacity = wholeInRange('capacity', options.capacity ?? 64, 1, 4096);
    const maxK = wholeInRange('maxK', options.maxK ?? 1100, 1, 100000);
    // the regions, planned from sizes before anything is reserved (./search-plan.ts): int8 by default where it fits
    const plan = planSearch({ rows: model.size, dim: model.dim, heldBytes: model.memory.heldBytes, threads, capacity, maxK, method: options.method });
    const reserved = reservePlan(plan.regions, { model: model.memory.arena! });
    let int8: number | undefined;
    let regions: number[];
    try {
      const at = (name: string): number => reserved.regions.get(name)!.offset;
      if (plan.method === 'int8') int8 = (await TileQuantized.quantizeYielding(model.memory, model.memory, at('quantised panels'), TileQuantized.bitsFor(model.dim), { panels: true })).regionOffset;
      regions = Array.from({ length: threads }, (_, t) => at(`search workspace ${t}`));
    } catch (e) {
      reserved.release();
      throw e;
    }
    const shared = sharedOf(model.memory);
    let workers: WorkerPool<SearchInit, SearchTask, SearchAnswer>;
    try {
      workers = await WorkerPool.start<SearchInit, SearchTask, SearchAnswer>({
        name: 'search worker',
        count: threads,
        start: () => startWorker(import.meta.url, 'search-worker'),
        init: (i) => ({ model: shared, regionOffset: regions[i], capacity, maxK, int8Offset: int8 }),
      });
    } catch (e) {
      reserved.release();
      throw e;
    }
    return new SearchPool(model, workers, reserved.release, capacity, maxK, int8 === undefined ? 'f32' : 'int8');
  }

  /** Both scorings are exact (recall 1): 'int8' rescores every candidate its error bound cannot rule out. */
  get method(): SearchMethod {
    return this.scoring === 'int8' ? EXACT_INT8_RESCORED : EXACT_F32;
  }

  get threads(): number {
    return this.workers.size;
  }

  /** Batches and queries answered so far, and the query slices that needed a float32 pass. */
  get stats(): SearchPoolStats {
    return { ...this.counts };
  }

  async search(vectors: Float32Array, count: number, k: number, start = 0, end = this.model.size): Promise<TopKResult> {
    if (this.closed) throw new Error('the search pool is closed');
    wholeInRange('count', count, 0, this.capacity);
    wholeInRange('k', k, 1, this.maxK);
    checkRange("the model's rows", start, end, this.model.size);
    if (vectors.length < count * this.model.dim) throw new RangeError(`${count} queries need ${count * this.model.dim} values, got ${vectors.length}`);
    if (count === 0) return { indices: new Int32Array(0), scores: new Float32Array(0) };
    this.counts.batches++;
    this.counts.queries += count;
    const queries = vectors.slice(0, count * this.model.dim);
    const parts = await Promise.all(
      Array.from({ length: this.threads }, async (_, w) => {
        const j0 = start + Math.floor(((end - start) * w) / this.threads);
        const j1 = start + Math.floor(((end - start) * (w + 1)) / this.threads);
        const { indices, scores, unproven } = await this.workers.run(w, { queries, count, k, j0, j1 });
        this.counts.unproven += unproven;
        return { indices, scores };
      }),
    );
    return mergeTopK(parts, count, k);
  }

  /** Stops the workers and gives their regions back to the model's memory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.workers.close();
    this.release();
  }
}
