/**
 * float32 dot products summed in the order of OpenBLAS's `sdot` (its Haswell kernel: four 8-lane fused
 * multiply-add accumulators over blocks of 32, a fixed reduction, and the tail added in float64).
 *
 * gensim's `similarity` and the similarities of `evaluate_word_pairs` are `numpy.dot` of two float32 vectors, i.e.
 * this `sdot`: repeating its order gives the fixtures' float32 values bit for bit (all 991 model similarities of
 * golden/eval/word-pairs.json), so Spearman ranks and Pearson statistics match gensim's exactly.
 */

const f = Math.fround;

/** dot(x[xAt ..], y[yAt ..]) over n elements, rounded as OpenBLAS sdot rounds it. */
export function sdot(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length, xAt = 0, yAt = 0): number {
  const n1 = n & ~31;
  const acc = new Float64Array(32); // 4 accumulators × 8 lanes, each value a float32
  for (let i = 0; i < n1; i += 32) {
    // a float32 product is exact in float64, so f(p + acc) is a fused multiply-add (up to a double-rounding tie)
    for (let l = 0; l < 32; l++) acc[l] = f(x[xAt + i + l] * y[yAt + i + l] + acc[l]);
  }
  // ymm → xmm halves, then (a0 + a1) + (a2 + a3), then two horizontal adds
  const half = (a: number, j: number): number => f(acc[8 * a + j] + acc[8 * a + j + 4]); // accumulator a, lane j
  const lane = (j: number): number => f(f(half(0, j) + half(1, j)) + f(half(2, j) + half(3, j)));
  const l0 = lane(0), l1 = lane(1), l2 = lane(2), l3 = lane(3);
  const blocks = f(f(l0 + l1) + f(l2 + l3));
  let tail = 0; // float64, as OpenBLAS's `double dot`
  for (let i = n1; i < n; i++) tail += f(x[xAt + i] * y[yAt + i]);
  return f(tail + blocks);
}
