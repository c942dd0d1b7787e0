/**
 * A random-projection forest for the angular metric (Annoy's trees; pynndescent's initialisation): each tree cuts
 * the rows recursively by hyperplanes through the origin until every leaf holds at most `leafSize` rows. The
 * hyperplane of a node lies between two centroids found by a short two-means on sampled unit vectors (Annoy's
 * two_means: two random rows as the first centroids, then up to `TWO_MEANS_STEPS` random rows, each moving the
 * nearer centroid, by cosine, to its running mean); its normal is the difference of the two centroids' unit vectors, and a
 * row goes left when its vector's dot with the (float32) normal is positive (only the sign counts, so raw vectors
 * serve: no division; the dot in float32 by the kernel's planeDots, or planeDot in the same order). A row on the
 * plane (dot 0: a zero vector, a duplicate of a centroid's ...) goes to a random side. A hyperplane that leaves under
 * MIN_SIDE of the rows on one side is tried again (SPLIT_TRIES in all), then replaced by a cut at the median dot; a
 * split that still sends every row to one side cuts the node in the middle, so every split makes progress and no
 * leaf exceeds leafSize. Each hyperplane of a big node is first tried on a sample of SAMPLE_ROWS of its rows, and
 * one that leaves the whole sample on one side is dropped without a pass over the node.
 *
 * Flat typed arrays, no per-node objects: a tree is a permutation of the rows (`perm`, int32[n]) in which every
 * leaf is a contiguous range, its rows in increasing order, and the leaves' start offsets (`starts`,
 * int32[leaves + 1], the last = n), in order.
 * The caller owns the arrays (regions of the model's memory: ../graph/regions.ts), so that a tree can be built,
 * joined and dropped one at a time (the dictionary needs no forest afterwards) or kept for queries.
 *
 * Deterministic for a given random generator state (../random.ts).
 */
import type { Random } from '../random.js';
import { tileExports } from '../kernels/tile-module.js';
import type { TileModel } from '../kernels/tile-workspace.js';

/** What a tree reads of the model: its rows and norms (a KeyedVectors, or a worker thread's views of them). */
export interface TreeModel {
  readonly size: number;
  readonly dim: number;
  readonly vectors: Float32Array;
  readonly norms: Float32Array;
}

/**
 * Two-means steps per split, at most (and at most the node's rows). Annoy takes 200. Measured on 10,000 GloVe words
 * (k = 15, 15 trees), 32 builds the forest about twice as fast as 200, its leaves alone find 0.754 of the true
 * neighbours instead of 0.769, and after NN-descent the recall is the same (0.972 vs 0.971). On GloVe 341k (29
 * trees, 2 threads) 8 steps build the forest in 35 s instead of 45 s, and after 6 iterations the recall is the same
 * (0.907 and 0.907): the descent repairs the difference.
 */
export const TWO_MEANS_STEPS = 8;

/**
 * Hyperplanes tried per split, and the least share of a node's rows that each side of an accepted one holds. A short
 * two-means on clustered rows often ends with one centroid on a lone outlier, and its hyperplane peels off a handful
 * of rows: on the structured synthetic 1M × 300 half the splits of nodes over 2,000 rows kept over 99.9% on one
 * side, and a row was on 91 levels on average (a balanced tree: 17), each level a pass over the rows. Another try
 * costs one more pass over the node; a node that no try splits evenly is cut at the median of its dots (buildTree):
 * on 200,000 rows of that model 24 levels per row, the tree built 3× faster; on GloVe the trees barely change.
 */
export const SPLIT_TRIES = 3;
export const MIN_SIDE = 0.05;

/**
 * The sample a hyperplane of a node over 4 · SAMPLE_ROWS rows is tried on first (rows drawn at random, with
 * replacement): when all of it falls on one side the try ends there, without the pass over the node. A hyperplane
 * with MIN_SIDE of the rows on its smaller side is dropped by its sample 4% of the time (0.95^64); one that peels off
 * 0.1% of them, 94% of the time. On the structured synthetic 1M × 300 a row's passes went from 33.5 (of which 11.5
 * for refused tries and 2.8 for the medians' own passes, which now reuse the last try's dots) to 28.
 */
export const SAMPLE_ROWS = 64;

/**
 * The default number of trees for n rows: 4 + n^¼ / 2, rounded, at most 32 (pynndescent's 5 + n^¼, at most 64, halved:
 * 16 at GloVe's 341k, 25 at 3M). A tree of 3M × 300 rows costs about a tenth of an NN-descent iteration, and the
 * descent repairs a thinner forest: on GloVe 341k (K 48, 2 threads) 12 trees reach recall 0.956 in 92 s, where 29
 * take longer to the same figure.
 */
export function defaultTrees(n: number): number {
  return Math.min(32, 4 + Math.round(n ** 0.25 / 2));
}

export interface Tree {
  /** The rows in leaf order: leaf l is perm[starts[l] .. starts[l + 1]). */
  perm: Int32Array;
  starts: Int32Array;
  leaves: number;
}

/**
 * The dots of a node's rows with its hyperplane's normal: the TypeScript loop (jsSplitter) or the kernel's
 * (wasmSplitter), which give the same float32 dots, so the same trees.
 */
export interface PlaneSplitter {
  /** float32[dim]: buildTree writes each split's normal here. */
  readonly normal: Float32Array;
  /** dots[r] = v(list[r]) · normal for r in [start, end), as planeDot computes it. */
  dots(list: Int32Array, start: number, end: number, dots: Float32Array): void;
}

/**
 * The float32 dot of the split, in the kernel's order (../kernels/assembly/tiles.ts planeDots): 4 lanes (lane l:
 * the terms p ≡ l mod 4), then (l0 + l1) + (l2 + l3), then the last dim mod 4 terms.
 */
export function planeDot(v: Float32Array, o: number, normal: Float32Array, dim: number): number {
  const f = Math.fround;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, p = 0;
  for (const end4 = dim & ~3; p < end4; p += 4) {
    a0 = f(a0 + f(v[o + p] * normal[p]));
    a1 = f(a1 + f(v[o + p + 1] * normal[p + 1]));
    a2 = f(a2 + f(v[o + p + 2] * normal[p + 2]));
    a3 = f(a3 + f(v[o + p + 3] * normal[p + 3]));
  }
  let d = f(f(a0 + a1) + f(a2 + a3));
  for (; p < dim; p++) d = f(d + f(v[o + p] * normal[p]));
  return d;
}

/** The TypeScript splitter (its normal: `normal`, or an array of its own). */
export function jsSplitter(model: TreeModel, normal: Float32Array<ArrayBufferLike> = new Float32Array(model.dim)): PlaneSplitter {
  const dim = model.dim, v = model.vectors;
  return {
    normal,
    dots(list, start, end, dots) {
      for (let r = start; r < end; r++) dots[r] = planeDot(v, list[r] * dim, normal, dim);
    },
  };
}

/**
 * The kernel's splitter (WebAssembly SIMD128): `normal`, and the lists and dots passed to dots(), must be views of the
 * model's WebAssembly memory (a region of its arena).
 */
export function wasmSplitter(model: TileModel, normal: Float32Array): PlaneSplitter {
  if (!(model.memory instanceof WebAssembly.Memory)) throw new Error('the kernel splitter needs the model in a WebAssembly memory');
  const kernel = tileExports(model.memory);
  const vectors = model.vectorsOffset, dim = model.dim;
  return {
    normal,
    dots(list, start, end, dots) {
      kernel.planeDots(vectors, dim, list.byteOffset, start, end, normal.byteOffset, dots.byteOffset);
    },
  };
}

/**
 * Builds one tree over all rows of `model` into `perm` (int32[n]) and `starts` (int32[n + 1]), with the scratch
 * `dots` (float32[n]); returns the number of leaves. `splitter`: the dots' loop (default: the TypeScript one).
 */
export function buildTree(model: TreeModel, leafSize: number, random: Random, perm: Int32Array, starts: Int32Array, dots: Float32Array, splitter = jsSplitter(model)): number {
  const n = model.size, dim = model.dim;
  const v = model.vectors, norms = model.norms;
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n === 0) {
    starts[0] = 0;
    return 0;
  }
  const c0 = new Float64Array(dim), c1 = new Float64Array(dim), normal = splitter.normal;
  let leaves = 0;
  // depth first, left before right: the leaves come out in perm order
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const end = stack.pop()!, start = stack.pop()!;
    const m = end - start;
    if (m <= leafSize) {
      starts[leaves++] = start;
      continue;
    }
    // Up to SPLIT_TRIES hyperplanes, each from its own two-means: the first that leaves at least MIN_SIDE of the rows
    // on each side is taken; when none does, the last normal is cut at the median of the rows' dots instead. A big
    // node's hyperplane that leaves a sample of its rows all on one side is dropped before the pass over the node.
    // A side is the sign of dots[r]: + left, − right (a row on the plane gets ±1 at random).
    let left = 0, even = false, passed = false;
    for (let attempt = 0; attempt < SPLIT_TRIES && !even; attempt++) {
      twoMeansNormal(v, norms, dim, perm, start, m, random, c0, c1, normal);
      passed = false;
      if (m >= 4 * SAMPLE_ROWS && sampleOneSided(perm, start, m, random, starts, dots, splitter)) continue;
      splitter.dots(perm, start, end, dots);
      passed = true;
      left = 0;
      for (let r = start; r < end; r++) {
        const d = dots[r];
        if (d > 0) left++;
        else if (!(d < 0)) {
          const s = random.nextU32() & 1; // on the plane (or NaN): either side, at random
          dots[r] = s === 1 ? 1 : -1;
          left += s;
        }
      }
      even = Math.min(left, m - left) >= MIN_SIDE * m;
    }
    if (!even) {
      if (!passed) splitter.dots(perm, start, end, dots);
      left = medianSides(dots, start, end);
    }
    let mid: number;
    if (left === 0 || left === m) {
      mid = start + (m >> 1); // nothing separates them: cut in the middle
    } else {
      // a stable partition, lefts first: every node's rows stay in increasing row order (perm starts as 0, 1, ...),
      // so a node's sides read the model's rows forwards through memory. The rights wait in starts[start .. end):
      // free now, as the leaves so far (each of at least one row) are fewer than `start`.
      let a = start, b = start;
      for (let r = start; r < end; r++) {
        if (dots[r] > 0) perm[a++] = perm[r];
        else starts[b++] = perm[r];
      }
      for (let r = start; r < b; r++) perm[a++] = starts[r];
      mid = start + left;
    }
    stack.push(mid, end, start, mid); // right below left: left is popped first
  }
  starts[leaves] = n;
  return leaves;
}

/**
 * Whether a sample of SAMPLE_ROWS rows of the node perm[start .. start + m) lies all on one side of the splitter's
 * hyperplane. Its rows are listed in starts[start ..) and dotted into dots[start ..): both free until the node is
 * split (the leaves so far, one row or more each, are fewer than `start`).
 */
function sampleOneSided(perm: Int32Array, start: number, m: number, random: Random, starts: Int32Array, dots: Float32Array, splitter: PlaneSplitter): boolean {
  for (let s = 0; s < SAMPLE_ROWS; s++) starts[start + s] = perm[start + random.below(m)];
  splitter.dots(starts, start, start + SAMPLE_ROWS, dots);
  let above = 0, below = 0;
  for (let s = start; s < start + SAMPLE_ROWS; s++) {
    if (dots[s] > 0) above++;
    else if (dots[s] < 0) below++;
  }
  return above === 0 || below === 0;
}

/**
 * The rows of [start, end) cut at the median of their dots: above it left (dots[r] = 1), below right (−1), the
 * ties (and NaNs) alternating; returns the lefts.
 */
function medianSides(dots: Float32Array, start: number, end: number): number {
  const median = dots.slice(start, end).sort()[(end - start) >> 1];
  let left = 0, tie = 0;
  for (let r = start; r < end; r++) {
    const d = dots[r];
    const s = d > median ? 1 : d < median ? 0 : tie++ & 1;
    dots[r] = s === 1 ? 1 : -1;
    left += s;
  }
  return left;
}

/**
 * One split's hyperplane normal into `normal` (float32): a short two-means on sampled unit vectors of the node's
 * rows perm[start .. start + m), the difference of the two centroids' unit vectors.
 */
function twoMeansNormal(v: Float32Array, norms: Float32Array, dim: number, perm: Int32Array, start: number, m: number, random: Random, c0: Float64Array, c1: Float64Array, normal: Float32Array): void {
  const end = start + m;
  const p = perm[start + random.below(m)];
  let q = perm[start + random.below(m - 1)];
  if (q === p) q = perm[end - 1]; // distinct rows (by position: below(m − 1) skips the last, which stands in)
  unitInto(v, norms, dim, p, c0);
  unitInto(v, norms, dim, q, c1);
  let n0 = 1, n1 = 1;
  let l0 = dot(c0, c0, dim), l1 = dot(c1, c1, dim); // squared lengths, kept up to date
  for (let step = 0, steps = Math.min(TWO_MEANS_STEPS, m); step < steps; step++) {
    const x = perm[start + random.below(m)];
    const nx = norms[x];
    if (!(nx > 0)) continue;
    let d0 = 0, d1 = 0;
    for (let d = 0, o = x * dim; d < dim; d++) {
      const u = v[o + d];
      d0 += c0[d] * u; d1 += c1[d] * u;
    }
    const s0 = d0 / Math.sqrt(l0), s1 = d1 / Math.sqrt(l1); // cosine to each centroid, times |x|
    if (s0 >= s1 || !(s1 === s1)) {
      l0 = moveToward(c0, n0++, v, x * dim, 1 / nx, dim);
    } else {
      l1 = moveToward(c1, n1++, v, x * dim, 1 / nx, dim);
    }
  }
  const i0 = l0 > 0 ? 1 / Math.sqrt(l0) : 0, i1 = l1 > 0 ? 1 / Math.sqrt(l1) : 0;
  for (let d = 0; d < dim; d++) normal[d] = c0[d] * i0 - c1[d] * i1; // rounded to float32 on store
}

/** The float64 unit vector of row r into out (zeros for a zero row). */
function unitInto(v: Float32Array, norms: Float32Array, dim: number, r: number, out: Float64Array): void {
  const nr = norms[r], inv = nr > 0 ? 1 / nr : 0;
  for (let d = 0, o = r * dim; d < dim; d++) out[d] = v[o + d] * inv;
}

function dot(a: Float64Array, b: Float64Array, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[d] * b[d];
  return s;
}

/** c = (c·count + v[o..]·scale) / (count + 1): the running mean with one more unit vector; returns |c|². */
function moveToward(c: Float64Array, count: number, v: Float32Array, o: number, scale: number, dim: number): number {
  let l = 0;
  const w = 1 / (count + 1);
  for (let d = 0; d < dim; d++) {
    const x = (c[d] * count + v[o + d] * scale) * w;
    c[d] = x;
    l += x * x;
  }
  return l;
}
