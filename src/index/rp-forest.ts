/**
 * A random-projection forest for the angular metric (Annoy's trees; pynndescent's initialisation): each tree cuts
 * the rows recursively by hyperplanes through the origin until every leaf holds at most `leafSize` rows. The
 * hyperplane of a node lies between two centroids found by a short two-means on sampled unit vectors (Annoy's
 * two_means: two random rows as the first centroids, then up to `TWO_MEANS_STEPS` random rows, each moving the
 * nearer centroid, by cosine, to its running mean); its normal is the difference of the two centroids' unit vectors, and a
 * row goes left when its vector's dot with the (float32) normal is positive (only the sign counts, so raw vectors
 * serve: no division; the dots by ./plane-splitter.ts). A row on the plane (dot 0: a zero vector, a duplicate of a
 * centroid's ...) goes to a random side. A hyperplane that leaves under MIN_SIDE of the rows on one side is tried
 * again (SPLIT_TRIES in all), then replaced by a cut at the median dot; a split that still sends every row to one
 * side cuts the node in the middle, so every split makes progress and no leaf exceeds leafSize. Each hyperplane of a
 * big node is first tried on a sample of SAMPLE_ROWS of its rows, and one that leaves the whole sample on one side is
 * dropped without a pass over the node.
 *
 * Flat typed arrays: a tree is a permutation of the rows (`perm`, int32[n]) in which every leaf is a contiguous
 * range, its rows in increasing order, and the leaves' start offsets (`starts`, int32[leaves + 1], the last = n), in
 * order. The caller owns the arrays (regions of the model's memory: ../graph/regions.ts), so that a tree can be
 * built, joined and dropped one at a time (the dictionary needs no forest afterwards) or kept for queries.
 *
 * Deterministic for a given random generator state (../random.ts).
 */
import type { Random } from '../random.js';
import { jsSplitter, sweepNodes, sweepRows, type PlaneSplitter, type TreeModel } from './plane-splitter.js';
import { kthFloat32 } from './kth-float32.js';

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
 * The default number of trees for n rows: 4 + n^¼ / 4, rounded, at most 32 (pynndescent's 5 + n^¼, at most 64, over
 * 4: 10 at GloVe's 341k, 12 at 1M, 14 at 3M). The descent repairs a thinner forest, and since the splits' sweeps an
 * iteration costs more than a few trees: on the structured 1M × 300 (2 threads, one run each) 10 trees reach recall
 * 0.950 in 281 s (7 iterations), 20 trees 0.951 in 308 s (6); on GloVe 341k 10 and 16 trees take the same time to
 * 0.95 (48.5–58.6 s and 49.7–55.8 s, interleaved runs).
 */
export function defaultTrees(n: number): number {
  return Math.min(32, 4 + Math.round(n ** 0.25 / 4));
}

export interface Tree {
  /** The rows in leaf order: leaf l is perm[starts[l] .. starts[l + 1]). */
  perm: Int32Array;
  starts: Int32Array;
  leaves: number;
}

/**
 * Builds one tree over all rows of `model` into `perm` (int32[n]) and `starts` (int32[n + 1]), with the scratch
 * `dots` (float32[n], by row); returns the number of leaves. `splitter`: where the dots are computed (default: the
 * TypeScript loops); its normals must hold sweepNodes(n, dim, big).
 *
 * Two phases. The nodes over `big` rows are cut level by level: each level, one sweep gives every row in them
 * its dot with its own node's hyperplane, in row order, then each node is judged and cut (or drawn again). The
 * smaller nodes are then cut down to leaves one at a time, depth first, left before right, in perm order, so the
 * leaves come out in order; a node's rows stay in cache while it is cut.
 */
export function buildTree(model: TreeModel, leafSize: number, random: Random, perm: Int32Array, starts: Int32Array, dots: Float32Array, splitter = jsSplitter(model), big = sweepRows(model.dim, leafSize)): number {
  const n = model.size, dim = model.dim;
  big = Math.max(big, leafSize);
  if (splitter.normals.length < sweepNodes(n, dim, big) * dim) throw new RangeError(`the splitter's normals hold ${splitter.normals.length / dim} nodes, a sweep of nodes over ${big} rows of ${n} needs ${sweepNodes(n, dim, big)}`);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n === 0) {
    starts[0] = 0;
    return 0;
  }
  const c: Cutting = { model, random, perm, starts, dots, splitter, c0: new Float64Array(dim), c1: new Float64Array(dim) };
  const small = sweepBigNodes(c, big);
  let leaves = 0;
  const stack: number[] = [];
  for (let s = 0; s < small.length; s += 2) {
    stack.push(small[s], small[s + 1]);
    while (stack.length > 0) {
      const end = stack.pop()!, start = stack.pop()!;
      if (end - start <= leafSize) {
        starts[leaves++] = start; // the leaves so far cover perm[0 .. start): fewer than start
        continue;
      }
      const node: Split = { start, end, tries: 0, forced: false };
      let left: number;
      do {
        drawNormal(c, node);
        splitter.dots(perm, start, end, dots);
        left = judge(c, node);
      } while (left < 0);
      const mid = cut(c, start, end, left);
      stack.push(mid, end, start, mid); // right below left: left is popped first
    }
  }
  starts[leaves] = n;
  return leaves;
}

/** What the cutting of one tree works with. */
interface Cutting {
  model: TreeModel;
  random: Random;
  perm: Int32Array;
  starts: Int32Array;
  dots: Float32Array;
  splitter: PlaneSplitter;
  c0: Float64Array;
  c1: Float64Array;
}

/** A node being split: its rows perm[start .. end), the hyperplanes drawn so far, and whether the median must cut it. */
interface Split {
  start: number;
  end: number;
  tries: number;
  forced: boolean;
}

/**
 * The top of the tree: the nodes of over `big` rows, cut level by level with one sweep per level (a node drawn
 * again stays for the next sweep). Returns the nodes left for the depth-first phase as [start, end) pairs in perm
 * order (the whole model when it is not over `big`).
 */
function sweepBigNodes(c: Cutting, big: number): number[] {
  const { perm, dots, splitter } = c, n = perm.length, dim = c.model.dim;
  if (n <= big) return [0, n];
  const { nodeOf, normals } = splitter;
  nodeOf.fill(-1);
  const small: number[] = [];
  const root: Split = { start: 0, end: n, tries: 0, forced: false };
  let active: { node: Split; normal: Float32Array }[] = [{ node: root, normal: drawNormal(c, root).slice() }];
  while (active.length > 0) {
    active.forEach(({ node, normal }, s) => {
      normals.set(normal, s * dim);
      for (let p = node.start; p < node.end; p++) nodeOf[perm[p]] = s;
    });
    splitter.sweep(dots);
    const next: typeof active = [];
    for (const a of active) {
      const { node } = a;
      const left = judge(c, a.node);
      if (left < 0) {
        next.push({ node, normal: drawNormal(c, node).slice() }); // drawn again: the next sweep tries it
        continue;
      }
      const mid = cut(c, node.start, node.end, left);
      for (const [start, end] of [[node.start, mid], [mid, node.end]]) {
        if (end - start > big) {
          const child: Split = { start, end, tries: 0, forced: false };
          next.push({ node: child, normal: drawNormal(c, child).slice() });
        } else {
          small.push(start, end);
          for (let p = start; p < end; p++) nodeOf[perm[p]] = -1;
        }
      }
    }
    active = next;
  }
  const order = Array.from({ length: small.length / 2 }, (_, i) => i).sort((x, y) => small[2 * x] - small[2 * y]);
  return order.flatMap((i) => [small[2 * i], small[2 * i + 1]]);
}

/**
 * Draws the node's next hyperplane into the splitter's normal (and returns it): a short two-means, and for a big
 * node a sample that must see rows on both sides, drawn again while it does not (each draw counts as a try). When
 * the tries are spent on samples, the node is `forced`: the median of the last normal's dots will cut it.
 */
function drawNormal(c: Cutting, node: Split): Float32Array {
  const { model, perm, random, splitter } = c, { start, end } = node, m = end - start;
  for (;;) {
    twoMeansNormal(model.vectors, model.norms, model.dim, perm, start, m, random, c.c0, c.c1, splitter.normal);
    node.tries++;
    if (m < 4 * SAMPLE_ROWS || !sampleOneSided(c, start, m)) return splitter.normal;
    if (node.tries >= SPLIT_TRIES) {
      node.forced = true;
      return splitter.normal;
    }
  }
}

/**
 * With the node's dots (by row) for its last hyperplane: the number of rows on its left (dots[r] > 0; a row on the
 * plane, or NaN, is given ±1 at random), when both sides hold MIN_SIDE of the node, or when the tries are spent, after
 * the median cut; −1 when another hyperplane must be drawn.
 */
function judge(c: Cutting, node: Split): number {
  const { perm, dots, random } = c, { start, end } = node, m = end - start;
  if (!node.forced) {
    let left = 0;
    for (let p = start; p < end; p++) {
      const r = perm[p], d = dots[r];
      if (d > 0) left++;
      else if (!(d < 0)) {
        const s = random.nextU32() & 1; // on the plane (or NaN): either side, at random
        dots[r] = s === 1 ? 1 : -1;
        left += s;
      }
    }
    if (Math.min(left, m - left) >= MIN_SIDE * m) return left;
    if (node.tries < SPLIT_TRIES) return -1;
  }
  return medianSides(c, start, end);
}

/**
 * Cuts perm[start .. end) in two by the sides in dots (by row), `left` of them positive; returns where the right
 * half starts. A stable partition, lefts first: every node's rows stay in increasing row order (perm starts as 0, 1,
 * ...), so a node's rows are read forwards through memory. The rights wait in starts[start .. end), free until the
 * leaves reach `start`. When nothing separates the rows, the node is cut in the middle.
 */
function cut(c: Cutting, start: number, end: number, left: number): number {
  const { perm, starts, dots } = c, m = end - start;
  if (left === 0 || left === m) return start + (m >> 1);
  let a = start, b = start;
  for (let p = start; p < end; p++) {
    const r = perm[p];
    if (dots[r] > 0) perm[a++] = r;
    else starts[b++] = r;
  }
  for (let p = start; p < b; p++) perm[a++] = starts[p];
  return start + left;
}

/**
 * Whether a sample of SAMPLE_ROWS rows of the node perm[start .. start + m) lies all on one side of the splitter's
 * normal. Its rows are listed in starts[start ..), free until the node is cut (see cut).
 */
function sampleOneSided(c: Cutting, start: number, m: number): boolean {
  const { perm, starts, dots, random, splitter } = c;
  for (let s = 0; s < SAMPLE_ROWS; s++) starts[start + s] = perm[start + random.below(m)];
  splitter.dots(starts, start, start + SAMPLE_ROWS, dots);
  let above = 0, below = 0;
  for (let s = start; s < start + SAMPLE_ROWS; s++) {
    const d = dots[starts[s]];
    if (d > 0) above++;
    else if (d < 0) below++;
  }
  return above === 0 || below === 0;
}

/**
 * The rows of perm[start .. end) cut at the median of their dots (by row): above it left (dots[r] = 1), below right
 * (−1), the ties (and NaNs) alternating in perm order; returns the lefts.
 */
function medianSides(c: Cutting, start: number, end: number): number {
  const { perm, dots } = c;
  const values = new Float32Array(end - start);
  for (let p = start; p < end; p++) values[p - start] = dots[perm[p]];
  const median = kthFloat32(values, (end - start) >> 1); // the sorted values' middle one, without the sort
  let left = 0, tie = 0;
  for (let p = start; p < end; p++) {
    const r = perm[p], d = dots[r];
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
