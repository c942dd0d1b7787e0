/**
 * Micro-batching in front of a BatchSearcher: queries that arrive while a batch is being scored wait and go together
 * in the next batch (up to the searcher's capacity), so that many concurrent single queries cost a few matrix-matrix
 * passes over the model instead of one matrix-vector pass each. An idle searcher takes a query at once (after the
 * current turn of the event loop, so that queries arriving together go together): no fixed delay is added.
 *
 * Every query gets exactly what it would get alone: a batch is scored with the largest k of its queries, and the
 * top k' of a top-k list (k' ≤ k) is the top-k' list, the rank order being total.
 */
import { wholeInRange } from '../checks/arguments.js';
import type { TopKResult } from '../kernels/types.js';
import type { BatchSearcher, SearchMethod } from './batch-searcher.js';

interface Waiting {
  vector: Float32Array;
  k: number;
  start: number;
  end: number;
  resolve: (r: TopKResult) => void;
  reject: (e: Error) => void;
}

export interface MicroBatcherOptions {
  /** Batches in flight at once (default 2: the next batch is queued while the workers finish the current one). */
  inFlight?: number;
}

export class MicroBatcher implements BatchSearcher {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private scheduled = false;
  private readonly inFlight: number;
  /** Batches scored and queries answered so far. */
  readonly stats = { batches: 0, queries: 0 };

  constructor(private readonly searcher: BatchSearcher, private readonly dim: number, options: MicroBatcherOptions = {}) {
    this.inFlight = options.inFlight ?? 2;
  }

  get capacity(): number {
    return this.searcher.capacity;
  }

  get maxK(): number {
    return this.searcher.maxK;
  }

  /** The searcher's: batching changes no answer. */
  get method(): SearchMethod {
    return this.searcher.method;
  }

  async search(vectors: Float32Array, count: number, k: number, start: number, end: number): Promise<TopKResult> {
    wholeInRange('k', k, 1, this.maxK);
    const rows = Array.from({ length: count }, (_, q) => new Promise<TopKResult>((resolve, reject) => {
      this.waiting.push({ vector: vectors.slice(q * this.dim, (q + 1) * this.dim), k, start, end, resolve, reject });
    }));
    this.schedule();
    const indices = new Int32Array(count * k), scores = new Float32Array(count * k);
    (await Promise.all(rows)).forEach((r, q) => {
      indices.set(r.indices, q * k);
      scores.set(r.scores, q * k);
    });
    return { indices, scores };
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.inFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Starts a batch: the longest-waiting query and the waiting queries with its range, up to the capacity. */
  private flush(): void {
    if (this.running >= this.inFlight || this.waiting.length === 0) return;
    const { start, end } = this.waiting[0];
    const batch: Waiting[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.capacity; ) {
      const w = this.waiting[i];
      if (w.start === start && w.end === end) {
        batch.push(w);
        this.waiting.splice(i, 1);
      } else i++;
    }
    const k = Math.max(...batch.map((w) => w.k));
    const vectors = new Float32Array(batch.length * this.dim);
    batch.forEach((w, q) => vectors.set(w.vector, q * this.dim));
    this.running++;
    this.stats.batches++;
    this.stats.queries += batch.length;
    this.searcher
      .search(vectors, batch.length, k, start, end)
      .then(
        (r) => batch.forEach((w, q) => w.resolve({ indices: r.indices.slice(q * k, q * k + w.k), scores: r.scores.slice(q * k, q * k + w.k) })),
        (e: Error) => batch.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.running--;
        this.schedule();
      });
    this.schedule(); // room for another batch in flight
  }
}
