/** Generated clustered models: `clusters` random centres, each row its centre plus Gaussian noise (seeded). */
import { KeyedVectors } from '../../src/index.js';
import { rng } from '../helpers/random.js';

export function clusteredModel(n: number, dim: number, clusters: number, noise: number, seed: number): KeyedVectors {
  const random = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Float64Array.from({ length: clusters * dim }, gauss);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * clusters);
    for (let d = 0; d < dim; d++) v[i * dim + d] = centres[c * dim + d] + noise * gauss();
  }
  return KeyedVectors.fromArrays(Array.from({ length: n }, (_, i) => `w${i}`), v, dim);
}
