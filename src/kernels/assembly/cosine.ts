// Cosine-similarity kernels, AssemblyScript compiled to WebAssembly SIMD128 by scripts/build-wasm.mjs.
//
// Binary conventions (shared with ../wasm-kernel.ts and mirrored exactly by ../js-kernel.ts and ../top-k.ts):
// - The module imports a shared `env.memory` (a ModelMemory, see src/vectors/model-memory.ts) and allocates nothing:
//   it has no data segments, no heap and no shadow stack, so the reserved first 64 KiB of that memory stay untouched.
// - Every pointer (`usize`) is a byte offset into that memory. Offsets above 2 GiB arrive from JS as negative i32
//   and are read back as u32, so the whole 4 GiB range works.
// - `vectors`: rows × dim float32, row-major, row i at vectors + 4·i·dim (rows need not be 16-aligned: loads are
//   unaligned-safe). `norms`: one float32 per row. `query`: dim float32. Score and top-k buffers: float32 / int32.
// - Row ranges are [start, end) with 0 ≤ start ≤ end ≤ rows; callers check bounds, the kernels do not.
//
// Float32 summation order of a dot product (the JS fallback repeats it operation for operation, so both kernels
// give bit-identical scores): lane j of accumulator a (a = 0..3) sums products at i ≡ 4a + j (mod 16) over the first
// ⌊dim/16⌋·16 elements; the next ⌊(dim mod 16)/4⌋ groups of 4 go to accumulator 0; the accumulators are reduced as
// (a0 + a1) + (a2 + a3) lane-wise, then (l0 + l1) + (l2 + l3); the last dim mod 4 products are added one by one.
// Multiply and add stay separate (SIMD128 has no fused multiply-add), every step rounds to float32.

import { before, siftDown } from './heap';

/** dot(a, b) over `dim` float32 values at byte offsets a and b, in the documented order. */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, dim: i32): f32 {
  let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0), acc2 = f32x4.splat(0), acc3 = f32x4.splat(0);
  const end16 = <usize>(dim & ~15) << 2, end4 = <usize>(dim & ~3) << 2, end = <usize>dim << 2;
  let o: usize = 0;
  for (; o < end16; o += 64) {
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
    acc2 = f32x4.add(acc2, f32x4.mul(v128.load(a + o, 32), v128.load(b + o, 32)));
    acc3 = f32x4.add(acc3, f32x4.mul(v128.load(a + o, 48), v128.load(b + o, 48)));
  }
  for (; o < end4; o += 16) acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  const acc = f32x4.add(f32x4.add(acc0, acc1), f32x4.add(acc2, acc3));
  let sum = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; o < end; o += 4) sum += load<f32>(a + o) * load<f32>(b + o);
  return sum;
}

/**
 * out[i - start] = dot(row i, query) / norms[i] for i in [start, end), in float32.
 * A zero row with a zero norm gives 0/0 = NaN, as in gensim.
 */
export function cosineScores(vectors: usize, norms: usize, dim: i32, start: i32, end: i32, query: usize, out: usize): void {
  const stride = <usize>dim << 2;
  let row = vectors + <usize>start * stride;
  for (let i = start; i < end; i++, row += stride, out += 4) {
    store<f32>(out, dot(row, query, dim) / load<f32>(norms + (<usize>i << 2)));
  }
}

// ---- top-k ------------------------------------------------------------------------------------------------------
// Rank order: higher score first, equal scores by lower index, NaN after every number (NaNs by lower index).
// The running top-k is a binary heap kept in the output arrays themselves (heapIdx: int32, heapScores: float32,
// `size` entries), with the entry ranked LAST at the root, so a candidate only has to beat the root to get in.

/** Adds entry (s, ix) at slot j = size - 1 of the heap and moves it up. */
function siftUp(heapIdx: usize, heapScores: usize, j: i32, s: f32, ix: i32): void {
  while (j > 0) {
    const p = (j - 1) >> 1;
    const ps = load<f32>(heapScores + (<usize>p << 2)), pi = load<i32>(heapIdx + (<usize>p << 2));
    if (!before(ps, pi, s, ix)) break;
    store<f32>(heapScores + (<usize>j << 2), ps); store<i32>(heapIdx + (<usize>j << 2), pi);
    j = p;
  }
  store<f32>(heapScores + (<usize>j << 2), s); store<i32>(heapIdx + (<usize>j << 2), ix);
}

/**
 * Offers scores[0..n) with indices base + i to a heap of capacity k holding `size` entries; returns the new size.
 * Once the heap is full and its root is a number t, blocks of 16 scores with no lane > t are skipped (NaN lanes
 * compare false, and an equal score never wins because its index is higher than everything already seen).
 */
function offer(scores: usize, n: i32, base: i32, k: i32, heapIdx: usize, heapScores: usize, size: i32): i32 {
  let i = 0;
  for (; i < n && size < k; i++) { // fill
    siftUp(heapIdx, heapScores, size, load<f32>(scores + (<usize>i << 2)), base + i);
    size++;
  }
  if (size == 0) return 0;
  let t = load<f32>(heapScores); // the score to beat
  while (i < n) {
    if (i + 16 <= n && t == t) {
      const p = scores + (<usize>i << 2), tv = f32x4.splat(t);
      const gt = v128.or(v128.or(f32x4.gt(v128.load(p), tv), f32x4.gt(v128.load(p, 16), tv)),
                         v128.or(f32x4.gt(v128.load(p, 32), tv), f32x4.gt(v128.load(p, 48), tv)));
      if (!v128.any_true(gt)) { i += 16; continue; }
    }
    const stop = min(i + 16, n);
    for (; i < stop; i++) {
      const s = load<f32>(scores + (<usize>i << 2));
      if (s > t || (t != t && s == s)) { // beats the root
        store<f32>(heapScores, s); store<i32>(heapIdx, base + i);
        siftDown(heapScores, heapIdx, size, 0);
        t = load<f32>(heapScores);
      }
    }
  }
  return size;
}

/** Heap-sorts the heap in place into rank order (best first). */
function sortHeap(heapIdx: usize, heapScores: usize, size: i32): void {
  for (let last = size - 1; last > 0; last--) {
    const s = load<f32>(heapScores), ix = load<i32>(heapIdx); // the entry ranked last goes to the end
    store<f32>(heapScores, load<f32>(heapScores + (<usize>last << 2))); store<i32>(heapIdx, load<i32>(heapIdx + (<usize>last << 2)));
    store<f32>(heapScores + (<usize>last << 2), s); store<i32>(heapIdx + (<usize>last << 2), ix);
    siftDown(heapScores, heapIdx, last, 0);
  }
}

/**
 * The min(k, n) best of scores[0..n) in rank order: indices (0-based into scores) to outIdx (int32), their scores
 * to outScores (float32), each with room for min(k, n) entries. Returns min(k, n).
 */
export function topK(scores: usize, n: i32, k: i32, outIdx: usize, outScores: usize): i32 {
  if (k <= 0 || n <= 0) return 0;
  const size = offer(scores, n, 0, k, outIdx, outScores, 0);
  sortHeap(outIdx, outScores, size);
  return size;
}

/**
 * Fused cosineScores + topK over rows [start, end): scores `blockRows` rows at a time into `block` (room for
 * blockRows float32) and offers each block to the heap. Indices written to outIdx are absolute row numbers.
 * Returns min(k, end - start).
 */
export function mostSimilar(vectors: usize, norms: usize, dim: i32, start: i32, end: i32, query: usize, k: i32,
                            block: usize, blockRows: i32, outIdx: usize, outScores: usize): i32 {
  if (k <= 0 || end <= start) return 0;
  let size = 0;
  for (let b = start; b < end; b += blockRows) {
    const n = min(blockRows, end - b);
    cosineScores(vectors, norms, dim, b, b + n, query, block);
    size = offer(block, n, b, k, outIdx, outScores, size);
  }
  sortHeap(outIdx, outScores, size);
  return size;
}
