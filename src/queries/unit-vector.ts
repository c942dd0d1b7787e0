/**
 * Unit-length vectors, computed the two ways gensim computes them.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/**
 * gensim's `matutils.unitvec`: the length in float64 (BLAS dnrm2), each value scaled by `1 / length` in float64 and
 * cast back to float32. A zero vector is returned unchanged (as a copy).
 */
export function unitVector(vector: ArrayLike<number>, out = new Float32Array(vector.length)): Float32Array {
  let sum = 0;
  for (let d = 0; d < vector.length; d++) sum += vector[d] * vector[d];
  const length = Math.sqrt(sum);
  const scale = length > 0 ? 1 / length : 1;
  for (let d = 0; d < vector.length; d++) out[d] = vector[d] * scale;
  return out;
}

/** gensim's `get_vector(key, norm=True)`: row i divided by its float32 norm, in float32 (NaN for a zero row). */
export function unitRow(model: KeyedVectors, i: number, out = new Float32Array(model.dim)): Float32Array {
  const dim = model.dim, V = model.vectors, n = model.norms[i];
  for (let d = 0, at = i * dim; d < dim; d++) out[d] = V[at + d] / n;
  return out;
}
