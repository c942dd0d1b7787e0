/**
 * The cosine kernel a model's queries run on, and the step every ranked query ends with.
 */
import { kernelFor, type CosineKernel } from '../kernels/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import type { Neighbor } from './types.js';

/** The WebAssembly SIMD kernel when the model lives in a WebAssembly memory, else the plain TypeScript one. */
export function kernelOf(model: KeyedVectors): CosineKernel {
  return kernelFor(model.memory);
}

/**
 * Ranked rows → neighbors, gensim's self-exclusion: of `indices` (in rank order), drop the rows in `excluded` and
 * keep the first `topn`. The caller fetched `topn + excluded.length` candidates, so that enough remain.
 */
export function neighbors(model: KeyedVectors, indices: Int32Array, scores: Float32Array, topn: number, excluded: readonly number[] = []): Neighbor[] {
  const out: Neighbor[] = [];
  for (let j = 0; j < indices.length && out.length < topn; j++) {
    if (!excluded.includes(indices[j])) out.push({ word: model.words[indices[j]], score: scores[j] });
  }
  return out;
}
