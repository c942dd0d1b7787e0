/**
 * Run as a child process by ./pools-share-worker-pool.test.ts: starts a DictionaryWorkerPool of three workers whose
 * third cannot attach its workspace (an unaligned region), prints why the start failed, and returns. The process
 * then ends by itself only if no worker thread is left running (a live worker keeps it alive).
 */
import { KeyedVectors } from '../../src/index.js';
import { sharedModelOf } from '../../src/dictionary/shared-model.js';
import { DictionaryWorkerPool } from '../../src/dictionary/worker-pool.js';
import { TileWorkspace } from '../../src/kernels/tile-workspace.js';

const model = KeyedVectors.fromArrays(['a', 'b', 'c', 'd'], [1, 0, 0, 1, 1, 1, -1, 0], 2);
const bytes = TileWorkspace.bytesNeeded(model.size, model.dim, 2, 16);
const regions = [model.memory.reserve(bytes).offset, model.memory.reserve(bytes).offset, 8];
try {
  await DictionaryWorkerPool.start(sharedModelOf(model), regions, 2, 16, 16);
  console.log('started');
} catch (e) {
  console.log(`start failed: ${(e as Error).message}`);
}
