import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/**
 * What a worker thread needs to see a model: the shared WebAssembly memory and where the vectors and norms are in
 * it. Posting a shared memory to a worker shares it (no copy).
 */
export interface SharedModel {
  memory: WebAssembly.Memory;
  vectorsOffset: number;
  normsOffset: number;
  rows: number;
  dim: number;
}

export function sharedModelOf(model: KeyedVectors): SharedModel {
  const m = model.memory;
  if (!m.wasm) throw new RangeError('the dictionary engine needs the model in WebAssembly memory (a model under 4 GiB, loaded with wasm: true)');
  return { memory: m.wasm, vectorsOffset: m.vectorsOffset, normsOffset: m.normsOffset, rows: m.rows, dim: m.dim };
}
