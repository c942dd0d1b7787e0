/**
 * A search worker: owns a batch-query tile workspace in its region of the model's shared memory and scores the
 * query blocks the main thread posts against a slice of the model's rows. Only the queries (in) and each query's k
 * best (out) are copied; the model is read in place.
 */
import { parentPort } from 'node:worker_threads';
import { TileWorkspace, type TileModel } from '../kernels/tile-workspace.js';
import type { FromSearchWorker, ToSearchWorker } from './search-messages.js';

const port = parentPort!;
let init: Extract<ToSearchWorker, { type: 'init' }> | undefined;
let workspace: TileWorkspace | undefined;

/** The workspace with heaps of k (re-attached when k changes: the region is sized for the largest k). */
function workspaceFor(model: TileModel, k: number): TileWorkspace {
  if (workspace?.k !== k) workspace = TileWorkspace.attach(model, init!.regionOffset, k, init!.capacity, { queries: init!.capacity });
  return workspace;
}

port.on('message', (m: ToSearchWorker) => {
  if (m.type === 'init') {
    init = m;
    port.postMessage({ type: 'ready' } satisfies FromSearchWorker);
  } else if (m.type === 'search') {
    try {
      const ws = workspaceFor(init!.model, m.k);
      ws.setQueries(m.queries.subarray(0, m.count * ws.dim), 0);
      ws.resetHeaps(0, m.count);
      if (m.j1 > m.j0) ws.tileQueries(0, m.count, m.j0, m.j1);
      const { indices, scores } = ws.rowsResult(0, m.count);
      port.postMessage({ type: 'done', id: m.id, indices, scores } satisfies FromSearchWorker, [indices.buffer as ArrayBuffer, scores.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ type: 'error', id: m.id, message: (e as Error).message } satisfies FromSearchWorker);
    }
  } else {
    port.close();
  }
});
