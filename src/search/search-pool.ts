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
import type { Worker } from 'node:worker_threads';
import { checkRange, oneOf, wholeInRange } from '../checks/arguments.js';
import { sharedOf } from '../kernels/tile-workspace.js';
import { TileQuantized } from '../kernels/tile-int8.js';
import { TileQueries } from '../kernels/tile-queries.js';
import { tileModule } from '../kernels/tile-module.js';
import type { TopKResult } from '../kernels/types.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { startWorker } from '../workers/start-worker.js';
import { EXACT_F32, EXACT_INT8_RESCORED, type BatchSearcher, type SearchMethod } from './batch-searcher.js';
import { mergeTopK } from './merge-top-k.js';
import type { FromSearchWorker, ToSearchWorker } from './search-messages.js';

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

type Pending = { resolve: (r: TopKResult) => void; reject: (e: Error) => void };

export class SearchPool implements BatchSearcher {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;
  private readonly counts: SearchPoolStats = { batches: 0, queries: 0, unproven: 0 };

  private constructor(
    private readonly model: KeyedVectors,
    private readonly workers: Worker[],
    private readonly releases: (() => void)[],
    readonly capacity: number,
    readonly maxK: number,
    /** How the workers score: on the quantised model then rescored ('int8'), or float32 only. */
    readonly scoring: 'int8' | 'f32',
  ) {
    for (const w of workers) {
      w.on('message', (m: FromSearchWorker) => {
        if (m.type === 'ready') return;
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.type === 'done') {
          this.counts.unproven += m.unproven;
          p?.resolve({ indices: m.indices, scores: m.scores });
        } else {
          p?.reject(new Error(`search worker failed: ${m.message}`));
        }
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => code !== 0 && !this.closed && this.fail(new Error(`a search worker exited with code ${code}`)));
    }
  }

  /**
   * Starts the workers, each with its own region of the model's memory (and quantises the model first, for method
   * 'int8': about 0.3 s for 341k × 100, without blocking the event loop). The model must be in WebAssembly memory.
   */
  static async start(model: KeyedVectors, options: SearchPoolOptions = {}): Promise<SearchPool> {
    if (!model.memory.wasm) throw new RangeError('the search pool needs the model in WebAssembly memory (a model under 4 GiB, loaded with wasm: true)');
    const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
    const capacity = wholeInRange('capacity', options.capacity ?? 64, 1, 4096);
    const maxK = wholeInRange('maxK', options.maxK ?? 1100, 1, 100000);
    if (options.method !== undefined) oneOf('method', options.method, ['int8', 'f32']);
    const releases: (() => void)[] = [];
    const int8 = await SearchPool.quantize(model, options.method, releases);
    const bytes = TileQueries.bytesNeeded(model.size, model.dim, capacity, maxK, int8 !== undefined);
    let regions: number[];
    try {
      regions = Array.from({ length: threads }, () => {
        const r = model.memory.reserve(bytes);
        releases.push(r.release);
        return r.offset;
      });
    } catch (e) {
      for (let r = releases.length - 1; r >= 0; r--) releases[r]();
      throw e;
    }
    const shared = sharedOf(model.memory);
    const workers = regions.map(() => startWorker(import.meta.url, 'search-worker'));
    try {
      await Promise.all(
        workers.map(
          (w, i) =>
            new Promise<void>((resolve, reject) => {
              w.once('error', reject);
              w.once('message', (m: FromSearchWorker) => (m.type === 'ready' ? resolve() : reject(new Error('a search worker did not start'))));
              w.postMessage({ type: 'init', model: shared, regionOffset: regions[i], capacity, maxK, int8Offset: int8 } satisfies ToSearchWorker);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      for (let r = releases.length - 1; r >= 0; r--) releases[r]();
      throw e;
    }
    return new SearchPool(model, workers, releases, capacity, maxK, int8 === undefined ? 'f32' : 'int8');
  }

  /**
   * The model quantised as panels, for method 'int8' (its region's release pushed to `releases`), or undefined for
   * 'f32': asked for, or (by default) where the kernel cannot run it, too few bits fit, or the memory has no room.
   */
  private static async quantize(model: KeyedVectors, method: 'int8' | 'f32' | undefined, releases: (() => void)[]): Promise<number | undefined> {
    if (method === 'f32') return undefined;
    const bits = TileQuantized.bitsFor(model.dim);
    const why = tileModule() === null ? 'this runtime cannot run the WebAssembly SIMD kernel' : bits <= 8 ? `${model.dim} dimensions leave too few bits` : undefined;
    if (why !== undefined) {
      if (method === 'int8') throw new RangeError(`method 'int8' is not available: ${why}`);
      return undefined;
    }
    try {
      const { quantized, release } = await TileQuantized.reserveYielding(model.memory, bits, model.memory, { panels: true });
      releases.push(release);
      return quantized.regionOffset;
    } catch (e) {
      if (method === 'int8' || !(e instanceof RangeError)) throw e;
      return undefined; // no room next to the model: the float32 tiles need none
    }
  }

  /** Both scorings are exact (recall 1): 'int8' rescores every candidate its error bound cannot rule out. */
  get method(): SearchMethod {
    return this.scoring === 'int8' ? EXACT_INT8_RESCORED : EXACT_F32;
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Batches and queries answered so far, and the query slices that needed a float32 pass. */
  get stats(): SearchPoolStats {
    return { ...this.counts };
  }

  async search(vectors: Float32Array, count: number, k: number, start = 0, end = this.model.size): Promise<TopKResult> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the search pool is closed');
    wholeInRange('count', count, 0, this.capacity);
    wholeInRange('k', k, 1, this.maxK);
    checkRange("the model's rows", start, end, this.model.size);
    if (vectors.length < count * this.model.dim) throw new RangeError(`${count} queries need ${count * this.model.dim} values, got ${vectors.length}`);
    if (count === 0) return { indices: new Int32Array(0), scores: new Float32Array(0) };
    this.counts.batches++;
    this.counts.queries += count;
    const queries = vectors.slice(0, count * this.model.dim);
    const slices = this.workers.map((_, w) => [start + Math.floor(((end - start) * w) / this.threads), start + Math.floor(((end - start) * (w + 1)) / this.threads)]);
    const parts = await Promise.all(
      this.workers.map((worker, w) => {
        const id = this.nextId++;
        return new Promise<TopKResult>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          worker.postMessage({ type: 'search', id, queries, count, k, j0: slices[w][0], j1: slices[w][1] } satisfies ToSearchWorker);
        });
      }),
    );
    return mergeTopK(parts, count, k);
  }

  /** Stops the workers and gives their regions back to the model's memory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.fail(new Error('the search pool is closed'));
    for (let r = this.releases.length - 1; r >= 0; r--) this.releases[r]();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
