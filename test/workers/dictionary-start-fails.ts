/**
 * Run as a child process by ./pools-share-worker-pool.test.ts: starts a DictionaryWorkerPool of three workers whose
 * third cannot attach a workspace (its region holds none), prints why the start failed, and returns. The process
 * then ends by itself only if no worker thread is left running (a live worker keeps it alive).
 */
import { KeyedVectors } from '../../src/index.js';
import { sharedModelOf } from '../../src/dictionary/shared-model.js';
import { DictionaryWorkerPool } from '../../src/dictionary/worker-pool.js';
import { TileWorkspace } from '../../src/kernels/tile-workspace.js';

const model = KeyedVectors.fromArrays(['a', 'b', 'c', 'd'], [1, 0, 0, 1, 1, 1, -1, 0], 2);
const bytes = TileWorkspace.bytesNeeded(model.size, model.dim, 2, 16);
const shared = sharedModelOf(model);
const made = [model.memory.reserve(bytes).offset, model.memory.reserve(bytes).offset].map((at) => TileWorkspace.create(shared, at, 2, 16).regionOffset);
const regions = [...made, model.memory.reserve(bytes).offset]; // the third: reserved, but no workspace was created there
try {
  await DictionaryWorkerPool.start(shared, regions, 16, model.memory.reserve(4 * model.size).offset);
  console.log('started');
} catch (e) {
  console.log(`start failed: ${(e as Error).message}`);
}
