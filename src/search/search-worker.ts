/**
 * A search worker: owns a TileQueries region of the model's shared memory and scores the query blocks the main
 * thread posts against a slice of the model's rows (on the quantised panels when the pool made them, rescored
 * exactly). Only the queries (in) and each query's k best (out) are copied; the model is read in place.
 */
import { TileQueries } from '../kernels/tile-queries.js';
import { serveWorker } from '../workers/serve-worker.js';
import type { SearchAnswer, SearchInit, SearchTask } from './search-messages.js';

let queries: TileQueries | undefined;

serveWorker<SearchInit, SearchTask, SearchAnswer>({
  init(m) {
    queries = new TileQueries(m.model, m.regionOffset, m.capacity, m.maxK, m.int8Offset);
  },
  run(m) {
    return queries!.search(m.queries, m.count, m.k, m.j0, m.j1);
  },
  transfer: (a) => [a.indices.buffer as ArrayBuffer, a.scores.buffer as ArrayBuffer],
});
