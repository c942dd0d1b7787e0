/**
 * A dictionary worker: attaches its own tile workspace (its region of the shared model memory: packing buffers and
 * top-k heaps for every row) and scores the tiles the main thread sends (and, before them, the seeds:
 * ./exact-run.ts). Nothing is copied: the model, the heaps and the results all live in the shared memory, which the
 * main thread reads after each task.
 */
import { TileWorkspace } from '../kernels/tile-workspace.js';
import { serveWorker } from '../workers/serve-worker.js';
import { SEED_RUN } from './schedule.js';
import type { DictionaryInit, TilesDone, TilesTask } from './worker-messages.js';

let workspace: TileWorkspace | undefined;
let blockCols = 0;
let seedsOffset = 0;
let int8 = false; // whether the workspace's header names a quantised model

serveWorker<DictionaryInit, TilesTask, TilesDone>({
  init(m) {
    workspace = TileWorkspace.attach(m.model, m.regionOffset); // the main thread created it
    blockCols = m.blockCols;
    seedsOffset = m.seedsOffset;
    int8 = workspace.int8Offset !== 0;
  },
  run(m) {
    const ws = workspace!;
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
});

/** One tile, rows [i0, i1) against candidates [j0, j1), with the kernel of the workspace's model (int8 or float32). */
function score(ws: TileWorkspace, i0: number, i1: number, j0: number, j1: number, columns: boolean, excludeSelf: boolean): void {
  if (int8) ws.tileInt8(i0, i1, j0, j1, columns, excludeSelf);
  else ws.tile(i0, i1, j0, j1, columns, excludeSelf);
}
