/**
 * A random-projection forest for the angular metric (Annoy's trees; pynndescent's initialisation): each tree cuts
 * the rows recursively by hyperplanes through the origin until every leaf holds at most `leafSize` rows. The
 * hyperplane of a node lies between two centroids found by a short two-means on sampled unit vectors (Annoy's
 * two_means: two random rows as the first centroids, then up to `TWO_MEANS_STEPS` random rows, each moving the
 * nearer centroid, by cosine, to its running mean); its normal is the difference of the two centroids' unit vectors, and a
 * row goes left when its vector's dot with the normal is positive (only the sign counts, so raw vectors serve: no
 * division). A row on the plane (dot 0: a zero vector, a duplicate of a centroid's ...) goes to a random side; a
 * split that sends every row to one side (duplicates) cuts the node in the middle instead, so every split makes
 * progress and no leaf exceeds leafSize.
 *
 * Flat typed arrays, no per-node objects: a tree is a permutation of the rows (`perm`, int32[n]) in which every
 * leaf is a contiguous range, and the leaves' start offsets (`starts`, int32[leaves + 1], the last = n), in order.
 * The caller owns the arrays (regions of the model's memory: ../graph/regions.ts), so that a tree can be built,
 * joined and dropped one at a time (the dictionary needs no forest afterwards) or kept for queries.
 *
 * Deterministic for a given random generator state (../graph/random.ts).
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import type { Random } from '../graph/random.js';

/**
 * Two-means steps per split, at most (and at most the node's rows). Annoy takes 200; measured on 10,000 GloVe words
 * (k = 15, 15 trees), 32 builds the forest about twice as fast, its leaves alone find 0.754 of the true neighbours
 * instead of 0.769, and after NN-descent the recall is the same (0.972 vs 0.971): the descent repairs the difference.
 */
export const TWO_MEANS_STEPS = 32;

/** pynndescent's default number of trees for n rows: 5 + n^¼, rounded, at most 64. */
export function defaultTrees(n: number): number {
  return Math.min(64, 5 + Math.round(n ** 0.25));
}

export interface Tree {
  /** The rows in leaf order: leaf l is perm[starts[l] .. starts[l + 1]). */
  perm: Int32Array;
  starts: Int32Array;
  leaves: number;
}

/**
 * Builds one tree over all rows of `model` into `perm` (int32[n]) and `starts` (int32[n + 1]), with the scratch
 * `side` (uint8[n]); returns the number of leaves.
 */
export function buildTree(model: KeyedVectors, leafSize: number, random: Random, perm: Int32Array, starts: Int32Array, side: Uint8Array): number {
  const n = model.size, dim = model.dim;
  const v = model.vectors, norms = model.norms;
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n === 0) {
    starts[0] = 0;
    return 0;
  }
  const c0 = new Float64Array(dim), c1 = new Float64Array(dim), normal = new Float64Array(dim);
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
    // two-means on sampled unit vectors
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
    for (let d = 0; d < dim; d++) normal[d] = c0[d] * i0 - c1[d] * i1;
    // sides: 1 left, 0 right
    let left = 0;
    for (let r = start; r < end; r++) {
      const x = perm[r];
      let dot = 0;
      for (let d = 0, o = x * dim; d < dim; d++) dot += normal[d] * v[o + d];
      const s = dot > 0 ? 1 : dot < 0 ? 0 : random.nextU32() & 1; // on the plane (or NaN): either side
      side[r] = s;
      left += s;
    }
    let mid: number;
    if (left === 0 || left === m) {
      mid = start + (m >> 1); // nothing separates them: cut in the middle
    } else {
      // partition in place, lefts first (two pointers; deterministic, so the tree is a function of the seed)
      let a = start, b = end - 1;
      while (a < b) {
        if (side[a] === 1) a++;
        else {
          const t = perm[a]; perm[a] = perm[b]; perm[b] = t;
          side[a] = side[b]; side[b] = 0;
          b--;
        }
      }
      mid = start + left;
    }
    stack.push(mid, end, start, mid); // right below left: left is popped first
  }
  starts[leaves] = n;
  return leaves;
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
