import type { ModelMemory } from '../vectors/model-memory.js';

/** The k best rows of a query: absolute row numbers and their scores, in rank order. */
export interface TopKResult {
  indices: Int32Array;
  scores: Float32Array;
}

/**
 * Cosine scoring over the rows of a model held in a ModelMemory.
 *
 * Rank order everywhere: higher score first, equal scores by lower row number, NaN (a zero row: 0/0) after every
 * number. Both implementations compute bit-identical float32 scores (same operations in the same order), so they
 * also return identical top-k lists.
 */
export interface CosineKernel {
  readonly name: 'wasm-simd128' | 'js';
  /** cosine scores of `query` (dim float32) against rows [start, end) of the model: dot / norms[i], float32. Returns a new Float32Array of length end-start. */
  scores(memory: ModelMemory, query: Float32Array, start: number, end: number): Float32Array;
  /** indices (absolute row numbers) and scores of the k best rows in [start, end), by descending score, ties by ascending index, NaN last. */
  topK(memory: ModelMemory, query: Float32Array, start: number, end: number, k: number): TopKResult;
}
