import { KeyedVectors } from '../../src/index.js';
import { rng } from './random.js';

/**
 * A model made to stress rank order: `rows` words w0, w1, ... whose vectors take only `distinct` random values (so
 * most scores tie exactly), every `zeroEvery`-th row a zero vector (NaN scores).
 */
export function tiedModel(rows: number, dim: number, distinct: number, zeroEvery: number, seed: number): KeyedVectors {
  const random = rng(seed);
  const base = Array.from({ length: distinct }, () => Array.from({ length: dim }, () => random() - 0.5));
  const values = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) if (r % zeroEvery !== 0) values.set(base[r % distinct], r * dim);
  return KeyedVectors.fromArrays(Array.from({ length: rows }, (_, i) => `w${i}`), values, dim);
}
