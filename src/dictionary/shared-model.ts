import { sharedOf, type TileModel } from '../kernels/tile-workspace.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/**
 * What a worker thread needs to see a model: the shared memory and where the vectors and norms are in it (the tile
 * workspace's `TileModel`). Posting a shared memory to a worker shares it (no copy).
 */
export type SharedModel = TileModel;

/** The model as workers see it; the engine needs it in WebAssembly memory (the tile kernels run in WASM). */
export function sharedModelOf(model: KeyedVectors): SharedModel {
  if (!model.memory.wasm) throw new RangeError('the dictionary engine needs the model in WebAssembly memory (a model under 4 GiB, loaded with wasm: true)');
  return sharedOf(model.memory);
}
