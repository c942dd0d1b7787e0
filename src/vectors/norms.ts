/**
 * Row norms, as gensim's `fill_norms` keeps them: the Euclidean length of each raw row, stored as float32.
 * gensim computes them in float32 with numpy; summing in float64 and rounding once is at least as accurate and
 * agrees with it to the last bit or so, far inside the 1e-6 tolerance on similarities.
 */
export function fillNorms(vectors: Float32Array, rows: number, dim: number, out: Float32Array): void {
  for (let r = 0, at = 0; r < rows; r++, at += dim) {
    let sum = 0;
    for (let d = 0; d < dim; d++) {
      const x = vectors[at + d];
      sum += x * x;
    }
    out[r] = Math.sqrt(sum);
  }
}
