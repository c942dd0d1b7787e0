/**
 * A dictionary worker: attaches its own tile workspace (its region of the shared model memory: packing buffers and
 * top-k heaps for every row) and scores the tiles the main thread sends. Nothing is copied: the model, the heaps and
 * the results all live in the shared memory, which the main thread reads after each task.
 */
import { parentPort } from 'node:worker_threads';
import { TileWorkspace } from '../kernels/tile-workspace.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

let workspace: TileWorkspace | undefined;
let blockCols = 0;
let int8 = false;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'init') {
    workspace = TileWorkspace.attach(m.model, m.regionOffset); // the main thread created it
    blockCols = m.blockCols;
    int8 = m.int8 !== undefined;
    send({ type: 'ready' });
  } else if (m.type === 'tiles') {
    try {
      for (let j = m.j0; j < m.j1; j += blockCols) {
        const j1 = Math.min(m.j1, j + blockCols);
        if (int8) workspace!.tileInt8(m.i0, m.i1, j, j1, m.columns, m.excludeSelf);
        else workspace!.tile(m.i0, m.i1, j, j1, m.columns, m.excludeSelf);
      }
      send({ type: 'done', id: m.id });
    } catch (e) {
      send({ type: 'error', id: m.id, message: (e as Error).message, stack: (e as Error).stack });
    }
  } else if (m.type === 'close') {
    port.close();
  }
});
