/**
 * A search worker: owns a TileQueries region of the model's shared memory and scores the query blocks the main
 * thread posts against a slice of the model's rows (on the quantised panels when the pool made them, rescored
 * exactly). Only the queries (in) and each query's k best (out) are copied; the model is read in place.
 */
import { parentPort } from 'node:worker_threads';
import { TileQueries } from '../kernels/tile-queries.js';
import type { FromSearchWorker, ToSearchWorker } from './search-messages.js';

const port = parentPort!;
let queries: TileQueries | undefined;

port.on('message', (m: ToSearchWorker) => {
  if (m.type === 'init') {
    queries = new TileQueries(m.model, m.regionOffset, m.capacity, m.maxK, m.int8Offset);
    port.postMessage({ type: 'ready' } satisfies FromSearchWorker);
  } else if (m.type === 'search') {
    try {
      const { indices, scores, unproven } = queries!.search(m.queries, m.count, m.k, m.j0, m.j1);
      port.postMessage({ type: 'done', id: m.id, indices, scores, unproven } satisfies FromSearchWorker, [indices.buffer as ArrayBuffer, scores.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ type: 'error', id: m.id, message: (e as Error).message } satisfies FromSearchWorker);
    }
  } else {
    port.close();
  }
});
