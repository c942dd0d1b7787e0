/**
 * A pool of search workers over a model's shared memory: each batch of queries is cut by candidate rows into one
 * slice per worker, the workers score their slices at the same time (the tile kernel, matrix-matrix), and their
 * top-k lists are merged here. One batch thus streams the model once, on every core, and the calling thread only
 * waits: a server built on it stays responsive.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { wholeInRange } from '../queries/check.js';
import { sharedOf, TileWorkspace } from '../kernels/tile-workspace.js';
import type { TopKResult } from '../kernels/types.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { startWorker } from '../workers/start-worker.js';
import type { BatchSearcher } from './batch-searcher.js';
import { mergeTopK } from './merge-top-k.js';
import type { FromSearchWorker, ToSearchWorker } from './search-messages.js';

export interface SearchPoolOptions {
  /** Worker threads (default: the machine's available cores). */
  threads?: number;
  /** Queries per batch (default 64). */
  capacity?: number;
  /** The largest k a batch may ask for (default 1100: topn up to 1000 plus the query's own words). */
  maxK?: number;
}

type Pending = { resolve: (r: TopKResult) => void; reject: (e: Error) => void };

export class SearchPool implements BatchSearcher {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly model: KeyedVectors,
    private readonly workers: Worker[],
    private readonly releases: (() => void)[],
    readonly capacity: number,
    readonly maxK: number,
  ) {
    for (const w of workers) {
      w.on('message', (m: FromSearchWorker) => {
        if (m.type === 'ready') return;
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.type === 'done') p?.resolve({ indices: m.indices, scores: m.scores });
        else p?.reject(new Error(`search worker failed: ${m.message}`));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => code !== 0 && !this.closed && this.fail(new Error(`a search worker exited with code ${code}`)));
    }
  }

  /** Starts the workers, each with its own region of the model's memory. The model must be in WebAssembly memory. */
  static async start(model: KeyedVectors, options: SearchPoolOptions = {}): Promise<SearchPool> {
    if (!model.memory.wasm) throw new RangeError('the search pool needs the model in WebAssembly memory (a model under 4 GiB, loaded with wasm: true)');
    const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
    const capacity = wholeInRange('capacity', options.capacity ?? 64, 1, 4096);
    const maxK = wholeInRange('maxK', options.maxK ?? 1100, 1, 100000);
    const bytes = TileWorkspace.bytesNeeded(model.size, model.dim, maxK, capacity, { queries: capacity });
    const releases: (() => void)[] = [];
    const regions = Array.from({ length: threads }, () => {
      const r = model.memory.reserve(bytes);
      releases.push(r.release);
      return r.offset;
    });
    const shared = sharedOf(model.memory);
    const workers = regions.map(() => startWorker(import.meta.url, 'search-worker'));
    try {
      await Promise.all(
        workers.map(
          (w, i) =>
            new Promise<void>((resolve, reject) => {
              w.once('error', reject);
              w.once('message', (m: FromSearchWorker) => (m.type === 'ready' ? resolve() : reject(new Error('a search worker did not start'))));
              w.postMessage({ type: 'init', model: shared, regionOffset: regions[i], capacity, maxK } satisfies ToSearchWorker);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      for (let r = releases.length - 1; r >= 0; r--) releases[r]();
      throw e;
    }
    return new SearchPool(model, workers, releases, capacity, maxK);
  }

  get threads(): number {
    return this.workers.length;
  }

  async search(vectors: Float32Array, count: number, k: number, start = 0, end = this.model.size): Promise<TopKResult> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the search pool is closed');
    wholeInRange('count', count, 0, this.capacity);
    wholeInRange('k', k, 1, this.maxK);
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= this.model.size)) {
      throw new RangeError(`rows [${start}, ${end}) are not a range of the model's ${this.model.size} rows`);
    }
    if (vectors.length < count * this.model.dim) throw new RangeError(`${count} queries need ${count * this.model.dim} values, got ${vectors.length}`);
    if (count === 0) return { indices: new Int32Array(0), scores: new Float32Array(0) };
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
