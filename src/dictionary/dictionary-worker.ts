/**
 * A dictionary worker: attaches its own tile workspace (its region of the shared model memory: packing buffers and
 * top-k heaps for every row) and scores the tiles the main thread sends (and, before them, the seeds:
 * ./exact-run.ts), then reads final rows out. Nothing is copied: the model and the heaps live in the shared memory;
 * only the rows read out come back, a block at a time.
 */
import { TileRescorer } from '../kernels/tile-rescore.js';
import { TileWorkspace } from '../kernels/tile-workspace.js';
import { serveWorker } from '../workers/serve-worker.js';
import { SEED_RUN } from './schedule.js';
import type { DictionaryInit, TilesDone, TilesTask } from './worker-messages.js';

let workspace: TileWorkspace | undefined;
/** Worker 0's workspace, where the read tasks gather every worker's heaps (this one's own in worker 0). */
let gathered: TileWorkspace | undefined;
let others: number[] = [];
let rescorer: TileRescorer | undefined;
let blockCols = 0;
let seedsOffset = 0;
let int8 = false; // whether the workspace's header names a quantised model

serveWorker<DictionaryInit, TilesTask, TilesDone>({
  init(m) {
    workspace = TileWorkspace.attach(m.model, m.regionOffset); // the main thread created it
    blockCols = m.blockCols;
    seedsOffset = m.seedsOffset;
    int8 = workspace.int8Offset !== 0;
    gathered = m.regions[0] === m.regionOffset ? workspace : TileWorkspace.attach(m.model, m.regions[0]);
    others = m.regions.slice(1);
    rescorer = m.rescorer ? TileRescorer.attach(m.rescorer.model, m.rescorer.offset, workspace.k) : undefined;
  },
  run(m) {
    const ws = workspace!;
    if (m.kind === 'read') {
      const into = gathered!;
      for (const other of others) into.mergeHeaps(other, m.i0, m.i1);
      if (!rescorer) return into.rowsResult(m.i0, m.i1);
      const { indices, scores } = rescorer.rows(into, m.i0, m.i1, { excludeSelf: m.excludeSelf, scratch: ws });
      return { indices, scores };
    }
    if (m.kind === 'seed-heaps') ws.seedHeaps(m.i0, m.i1, seedsOffset);
    else if (m.kind === 'seeds') {
      ws.sampleHeaps(m.k, m.i0, m.i1);
      for (const j of m.runs) score(ws, m.i0, m.i1, j, Math.min(ws.rows, j + SEED_RUN), false, m.excludeSelf);
      ws.seedsOf(m.k, m.i0, m.i1, seedsOffset);
    } else {
      for (let j = m.j0; j < m.j1; j += blockCols) score(ws, m.i0, m.i1, j, Math.min(m.j1, j + blockCols), m.columns, m.excludeSelf);
    }
    return null;
  },
  transfer: (done) => (done ? [done.indices.buffer as ArrayBuffer, done.scores.buffer as ArrayBuffer] : []), // copies of the heaps: their own buffers
});

/** One tile, rows [i0, i1) against candidates [j0, j1), with the kernel of the workspace's model (int8 or float32). */
function score(ws: TileWorkspace, i0: number, i1: number, j0: number, j1: number, columns: boolean, excludeSelf: boolean): void {
  if (int8) ws.tileInt8(i0, i1, j0, j1, columns, excludeSelf);
  else ws.tile(i0, i1, j0, j1, columns, excludeSelf);
}
