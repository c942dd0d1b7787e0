/**
 * gensim's `cosine_similarities` and `distances`: one vector against many.
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkVector } from './check.js';
import { kernelOf } from './kernel.js';
import { sdot } from './sdot.js';
import { isVector } from './terms.js';
import type { Vector } from './types.js';

const f = Math.fround;

/** `dot(v, w) / (|v|·|w|)` for each w of `vectors`, in float32 (NaN against a zero vector). */
export function cosineSimilarities(vector: Vector, vectors: readonly Vector[]): Float32Array {
  const norm = f(Math.sqrt(sdot(vector, vector)));
  return Float32Array.from(vectors, (w) => {
    if (w.length !== vector.length) throw new RangeError(`vectors of ${vector.length} and ${w.length} dimensions`);
    return sdot(w, vector) / f(norm * f(Math.sqrt(sdot(w, w))));
  });
}

/**
 * `1 − cosine similarity` (float32) between a word's raw vector, or a raw vector, and `otherWords` — or, when
 * `otherWords` is empty, every word of the model in index order (the word itself included, at distance ≈ 0).
 */
export function distances(model: KeyedVectors, wordOrVector: Key | Vector, otherWords: readonly Key[] = []): Float32Array {
  const input = isVector(wordOrVector) ? wordOrVector : model.row(model.indexOf(wordOrVector));
  checkVector(model, input);
  let sims: Float32Array;
  if (otherWords.length > 0) {
    const rows = otherWords.map((w) => model.indexOf(w));
    sims = cosineSimilarities(input, rows.map((i) => model.row(i)));
  } else {
    // the kernel's dot / norms[i], then / |input|: equal to gensim's dot / (|input|·norms[i]) within an ulp or two
    sims = kernelOf(model).scores(model.memory, Float32Array.from(input), 0, model.size);
    const norm = f(Math.sqrt(sdot(input, input)));
    for (let i = 0; i < sims.length; i++) sims[i] /= norm;
  }
  for (let i = 0; i < sims.length; i++) sims[i] = 1 - sims[i];
  return sims;
}
