/**
 * The query vector of `mostSimilar`: gensim's weighted mean of `positive` and `negative`, normalised.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { addScaled, divideBy } from './mean-vector.js';
import { isWeighted, resolveTerm, termList } from './terms.js';
import type { Terms } from './types.js';
import { unitRow, unitVector } from './unit-vector.js';

export interface QueryVector {
  /** The unit-length mean (all zeros when the mean is zero). */
  vector: Float32Array;
  /** The rows of the key inputs, one per input (a repeated key counts twice): excluded from the answers. */
  excluded: number[];
}

/**
 * `unit(Σ wᵢ·xᵢ / Σ|wᵢ|)`, as gensim's `most_similar` computes it (README "Query semantics", most_similar 2–5):
 * - a plain item weighs +1 in `positive` and −1 in `negative`; a `{ term, weight }` weighs `weight` wherever it is,
 *   so `negative: [{ term: 'man', weight: 1 }]` *adds* man (surprising behaviour 6);
 * - xᵢ is the unit vector of a key, but a raw vector exactly as given: not normalised, and not excluded (behaviour 7);
 * - a zero mean (`positive == negative`, behaviour 20) stays zero, so every similarity is 0.
 */
export function queryVector(model: KeyedVectors, positive: Terms, negative: Terms): QueryVector {
  const items = [
    ...termList(positive).map((item) => (isWeighted(item) ? item : { term: item, weight: 1 })),
    ...termList(negative).map((item) => (isWeighted(item) ? item : { term: item, weight: -1 })),
  ];
  if (items.length === 0) throw new Error('mostSimilar needs at least one positive or negative word');
  const resolved = items.map(({ term }) => resolveTerm(model, term)); // unknown keys throw before any work
  const mean = new Float32Array(model.dim);
  const unit = new Float32Array(model.dim);
  let total = 0;
  resolved.forEach((r, k) => {
    addScaled(mean, r.vector ?? unitRow(model, r.row, unit), items[k].weight);
    total += Math.abs(items[k].weight);
  });
  if (total > 0) divideBy(mean, total);
  const excluded = resolved.flatMap((r) => (r.vector ? [] : [r.row]));
  return { vector: unitVector(mean, mean), excluded };
}
