/**
 * gensim's `get_mean_vector`: the weighted mean of keys' vectors and raw vectors, in float32.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkVector } from './check.js';
import { isVector } from './terms.js';
import type { Term } from './types.js';
import { unitRow, unitVector } from './unit-vector.js';

export interface MeanVectorOptions {
  /** One weight per key (default all 1). */
  weights?: readonly number[];
  /** Use each key's unit vector (default true). Raw vectors given as terms are never normalised. */
  preNormalize?: boolean;
  /** Normalise the mean to unit length (default false). */
  postNormalize?: boolean;
  /** Skip unknown keys, with their weight (default true); false throws UnknownWordError. */
  ignoreMissing?: boolean;
}

/**
 * `Σ wᵢ·xᵢ / Σ|wᵢ|` over the keys found, computed as numpy does it: each `wᵢ·xᵢ` in float32 (the weight rounded to
 * float32), summed in float32, divided by the float32 total weight. A total weight of 0 leaves the sum undivided.
 */
export function getMeanVector(model: KeyedVectors, keys: readonly Term[], options: MeanVectorOptions = {}): Float32Array {
  const { weights, preNormalize = true, postNormalize = false, ignoreMissing = true } = options;
  if (keys.length === 0) throw new Error('getMeanVector needs at least one key');
  if (weights && weights.length !== keys.length) {
    throw new RangeError(`weights has ${weights.length} values for ${keys.length} keys`);
  }
  const mean = new Float32Array(model.dim);
  const unit = new Float32Array(model.dim);
  let total = 0;
  keys.forEach((key, k) => {
    const weight = weights ? weights[k] : 1;
    let vector: ArrayLike<number>;
    if (isVector(key)) {
      checkVector(model, key);
      vector = key;
    } else {
      const i = ignoreMissing ? model.tryIndex(key) : model.indexOf(key);
      if (i === undefined) return; // missing: skipped along with its weight
      vector = preNormalize ? unitRow(model, i, unit) : model.row(i);
    }
    addScaled(mean, vector, weight);
    total += Math.abs(weight);
  });
  if (total > 0) divideBy(mean, total);
  return postNormalize ? unitVector(mean, mean) : mean;
}

/** sum += f32(f32(weight) · vector), element by element (the Float32Array store rounds the sum). */
export function addScaled(sum: Float32Array, vector: ArrayLike<number>, weight: number): void {
  const w = Math.fround(weight);
  for (let d = 0; d < sum.length; d++) sum[d] += Math.fround(w * vector[d]);
}

/** values /= f32(divisor), in float32. */
export function divideBy(values: Float32Array, divisor: number): void {
  const by = Math.fround(divisor);
  for (let d = 0; d < values.length; d++) values[d] /= by;
}
