// Blocked score tiles fused with per-row top-k heaps: the kernel of the similar-words dictionary (every row's k
// most similar rows) and of batched queries. AssemblyScript, compiled to WebAssembly SIMD128 (standard SIMD only)
// by scripts/build-wasm.mjs; src/kernels/tile-workspace.ts wraps it and the tests' oracle, test/kernels/tile-oracle.ts,
// repeats it in plain TypeScript with bit-identical scores.
//
// Conventions (as in ./cosine.ts): the module imports a shared `env.memory` (a ModelMemory) and allocates nothing:
// no data segments, no heap, no globals, no start function; every pointer (`usize`) is a byte offset into that
// memory (offsets above 2 GiB arrive as negative i32 and are read back as u32). Row ranges are [start, end); the
// callers (tile-workspace.ts) check bounds, the kernels do not.
//
// ---- The workspace (one per worker thread) ----------------------------------------------------------------------
// All state lives in a region of the shared memory (an arena region, ../../memory/arena.ts), described by a header at
// its start (`ctx`) that tile-workspace.ts writes once; every export takes `ctx`. The header's fields (magic, version,
// the model's rows and dims, heap capacity, the offsets of the heaps, thresholds, packing buffers, batch queries, the
// quantised rows, lists and selections) are defined once, with their meaning, in ../layout.ts, shared with TypeScript.
// A workspace of the dictionary's split layout lives in a memory without the float32 rows (H_VECTORS and H_NORMS
// are then 0xffffffff, so that a stray read traps): only the quantised exports run there (tileInt8, selectRows).
//
// ---- Scores: bit-exact and symmetric ----------------------------------------------------------------------------
// s(i, j) = Σ_p u_i[p]·u_j[p] where u_r[p] = v_r[p] / norm_r, one float32 division per element (gensim's unit rows),
// and the sum runs over p = 0, 1, ..., dim-1 in that order, one float32 multiply and one float32 add per term
// (SIMD128 has no fused multiply-add; each pair is one SIMD lane of its own). So s(i, j) does not depend on which
// tile, panel or lane computed it, and s(i, j) == s(j, i) bit for bit (float32 multiplication commutes).
// A zero row has norm 0, so its u is NaN (0/0) and all its scores are NaN, as in gensim.
//
// ---- Heaps ------------------------------------------------------------------------------------------------------
// Heap h holds k entries at scores[h·k ..], indices[h·k ..]: a binary heap with the entry ranked LAST at slot 0, so a
// candidate only has to beat slot 0. Rank order: higher score first, equal scores by lower index, NaN after every
// number (NaNs by lower index). Empty slots hold the sentinel (NaN, 0x7fffffff), ranked after everything. The order
// is total, so the final set of a heap does not depend on the order in which candidates are offered (as long as no
// index is offered twice to the same heap): any tiling, any visit order, any split across workers gives the same
// result. thr[h] mirrors scores[h·k] (the score to beat), contiguous so that 4 heaps' thresholds load as one vector.
// A seeded heap (seedHeaps) starts with every slot (seed, 0x7fffffff) instead: only scores ≥ its seed enter, so the
// prefilter drops the rest from the first tile on; the final set is then the top k of the candidates ≥ the seed.
//
// ---- Packed panels (BLIS-style register blocking) ---------------------------------------------------------------
// A (query block, up to blockRows rows): panels of 4 rows; panel a at packA + a·16·dim holds u[row 4a + r][p] at
// + 16p + 4r (p-major: one 16-byte group of the 4 rows per dimension). B: one panel of 8 candidates, u[col c][p] at
// packB + 32p + 4c. Missing rows/columns of a partial panel are zeros (and are never offered). The micro-kernel
// keeps a 4 × 8 tile of scores in 8 f32x4 accumulators: per dimension 4 splat loads of A, 2 loads of B, 8 mul, 8 add.
// A is packed once per query block (cached by H_A_KIND/A0/A1), each B panel just before its use: the panel (8·dim
// floats) stays in L1 while every A panel of the block (in L2) runs against it.
//
// ---- Fused top-k with a SIMD threshold prefilter ----------------------------------------------------------------
// The 4 × 8 scores are checked right after their micro-tile (no score tile is kept: the heaps' thresholds are read
// instead). A score s may enter heap h only if !(s < thr[h]): s ≥ t (an equal score may still win on a lower index),
// or t is NaN (a heap still holding sentinels or NaN entries). Fast test, one vector compare per 4 lanes: rows: the
// lane-wise max of row r's two halves against splat(thr[row r's heap]); columns (symmetric mode): the max over the 4
// rows against thr[j..j+8) of the 8 candidates' heaps. All below (the common case): next micro-tile. Otherwise
// 32-bit masks of the passing (row, column) lanes are built, lanes outside a partial tile and i == j (excludeSelf)
// are cleared, and only those lanes are offered (offer() makes the exact rank test and refreshes thr).
//
// ---- Other entry points -----------------------------------------------------------------------------------------
// tileGathered: the approximate engine's blocks (a forest leaf, an NN-descent join), rows given by a list (H_LIST)
// on both sides, proposing the pairs that pass either heap's threshold instead of offering them; planeDots, planeSweep:
// the forest's splits. tileQueries: batch queries (H_QUERIES, heaps by query number) instead of model rows. tileList: a
// list of heaps (H_LIST) whose model rows (a fixed offset from the heap numbers) are the query block. tileInt8 / selectRows /
// rescoreSelected / quantizeRows: the quantised path, see ./tiles-int8.ts and ../tile-int8.ts.

import { before, siftDown } from './heap';
import { microInt8, packInt4, packIntListed, quantizeRowsAt, store4x4 } from './tiles-int8';
import {
  A_INT8, A_QUERIES, A_ROWS, GATHERED_PROPOSAL_BYTES, H_A0, H_A1, H_A_KIND, H_AQUANT, H_DIM, H_HEAPS, H_INDICES, H_K, H_LIST, H_NORMS, H_PACKA, H_PACKB,
  H_QUANT, H_QUERIES, H_ROWS, H_SCORES, H_SELECT, H_SPILL, H_THR, H_VECTORS, Q_BYTES, Q_DIM, Q_DIM_PAD, Q_ENORMS, Q_MAX_E, Q_MAX_U,
  Q_PANELS, Q_SCALES, Q_UNORMS, Q_VALUES, RESCORE_QUERIES, SENTINEL_INDEX, TILE_COLUMNS, TILE_EXCLUDE_SELF, TILE_SCORE_ONLY,
} from '../layout';

const SENTINEL: i32 = SENTINEL_INDEX;
const COLUMNS = TILE_COLUMNS;
const EXCLUDE_SELF = TILE_EXCLUDE_SELF;
const SCORE_ONLY = TILE_SCORE_ONLY;
/** run(): the quantised path (internal to this module) */
const INT8 = 8;


// @ts-ignore: decorator
@inline function hdr(ctx: usize, field: usize): usize {
  return <usize>load<u32>(ctx + field);
}

// ---- rank order and heaps ---------------------------------------------------------------------------------------

/** Offers (s, ix) to heap h: replaces slot 0 when the candidate ranks before it. */
// @ts-ignore: decorator
@inline function offer(ctx: usize, h: i32, s: f32, ix: i32): void {
  const k = load<i32>(ctx + H_K);
  const at = <usize>h * <usize>k << 2;
  const hs = hdr(ctx, H_SCORES) + at, hi = hdr(ctx, H_INDICES) + at;
  if (before(s, ix, load<f32>(hs), load<i32>(hi))) {
    store<f32>(hs, s); store<i32>(hi, ix);
    siftDown(hs, hi, k, 0);
    store<f32>(hdr(ctx, H_THR) + (<usize>h << 2), load<f32>(hs));
  }
}

/** Empties heaps [h0, h1): every slot the sentinel (NaN, 0x7fffffff), thresholds NaN. Forgets the packed A block. */
export function resetHeaps(ctx: usize, h0: i32, h1: i32): void {
  const k = <usize>load<i32>(ctx + H_K);
  const hs = hdr(ctx, H_SCORES), hi = hdr(ctx, H_INDICES), thr = hdr(ctx, H_THR);
  for (let p = <usize>h0 * k, e = <usize>h1 * k; p < e; p++) {
    store<f32>(hs + (p << 2), NaN); store<i32>(hi + (p << 2), SENTINEL);
  }
  for (let h = h0; h < h1; h++) store<f32>(thr + (<usize>h << 2), NaN);
  store<i32>(ctx + H_A_KIND, 0);
}

/**
 * Empties heaps [h0, h1) down to their seeds (float32 by heap at `seeds`, ExactRun's lower bounds): every slot of
 * heap h holds (seeds[h], SENTINEL) and thr[h] = seeds[h]. A candidate then enters only when it ranks before that
 * entry, i.e. when its score is at least the seed (and not NaN); the sentinel entries rank after every real one
 * with a score ≥ the seed, are skipped by mergeHeaps and read as missing. A NaN seed is resetHeaps. Forgets the
 * packed A block.
 */
export function seedHeaps(ctx: usize, h0: i32, h1: i32, seeds: usize): void {
  const k = <usize>load<i32>(ctx + H_K);
  const hs = hdr(ctx, H_SCORES), hi = hdr(ctx, H_INDICES), thr = hdr(ctx, H_THR);
  for (let h = h0; h < h1; h++) {
    const seed = load<f32>(seeds + (<usize>h << 2));
    for (let p = <usize>h * k, e = p + k; p < e; p++) {
      store<f32>(hs + (p << 2), seed); store<i32>(hi + (p << 2), SENTINEL);
    }
    store<f32>(thr + (<usize>h << 2), seed);
  }
  store<i32>(ctx + H_A_KIND, 0);
}

/** The largest float32 ≤ x (x finite). */
function roundDown(x: f64): f32 {
  let f = <f32>x;
  if (<f64>f > x) f = f > 0 ? reinterpret<f32>(reinterpret<u32>(f) - 1) : f < 0 ? reinterpret<f32>(reinterpret<u32>(f) + 1) : reinterpret<f32>(<u32>0x80000001);
  return f;
}

/**
 * The seeds, step 1 of 2: heaps [h0, h1) emptied as heaps of k entries (the heap width H_K set to k, at most the
 * workspace's capacity), to be offered a sample of their rows' candidates by the tiles. A seed needs the sample's
 * k-th best only, which a k-wide heap keeps at slot 0: the pushes and sifts of a wider heap are wasted on it. Every
 * heap's layout follows the width, so until seedsOf restores it only rows [h0, h1) may be scored, and every heap
 * must then be emptied or seeded before other tiles (ExactRun seeds them all).
 */
export function sampleHeaps(ctx: usize, k: i32, h0: i32, h1: i32): void {
  store<i32>(ctx + H_K, k);
  resetHeaps(ctx, h0, h1);
}

/**
 * The seeds, step 2: from the k-wide heaps [h0, h1) of sampleHeaps, each offered a sample of its row's candidates
 * (distinct, all offered), seeds[h] (float32 at `seeds`, by heap) = a lower bound on the score of every member of the
 * row's exact top k over all its candidates; then the heap width is `capacity` again. Float32 heaps: the sample's
 * k-th best score s_k, at slot 0 (the tiles' exact scores; k candidates score ≥ s_k, so the exact k-th best does).
 * Quantised (H_QUANT set; ../tile-int8.ts): the largest float32 ≤ a_k − 2ε_h·(1 + 1e-9), a bound on the approximate
 * scores of those members: the k best sampled have s ≥ a_k − ε_h, so the exact k-th best T ≥ a_k − ε_h, and every
 * member c has a(c) ≥ s(c) − ε_h ≥ a_k − 2ε_h. NaN (no bound) when the heap holds fewer than k entries (the sentinel
 * at slot 0) or its k-th is NaN.
 */
export function seedsOf(ctx: usize, capacity: i32, h0: i32, h1: i32, seeds: usize): void {
  const k = load<i32>(ctx + H_K), quant = hdr(ctx, H_QUANT);
  for (let h = h0; h < h1; h++) {
    const at = (<usize>h * <usize>k) << 2;
    const sk = load<f32>(hdr(ctx, H_SCORES) + at), ik = load<i32>(hdr(ctx, H_INDICES) + at);
    let seed: f32 = NaN;
    if (ik != SENTINEL && sk == sk) seed = quant == 0 ? sk : roundDown(<f64>sk - 2 * errorBound(quant, hdr(ctx, H_AQUANT), h) * (1 + 1e-9));
    store<f32>(seeds + (<usize>h << 2), seed);
  }
  store<i32>(ctx + H_K, capacity);
}

/**
 * Sorts heaps [h0, h1) in place into rank order, best first (the heap property is then broken: call restoreRows
 * after reading them).
 */
export function sortRows(ctx: usize, h0: i32, h1: i32): void {
  const k = load<i32>(ctx + H_K);
  for (let h = h0; h < h1; h++) {
    const at = <usize>h * <usize>k << 2;
    const hs = hdr(ctx, H_SCORES) + at, hi = hdr(ctx, H_INDICES) + at;
    for (let last = k - 1; last > 0; last--) { // the entry ranked last goes to the end
      const s = load<f32>(hs), ix = load<i32>(hi);
      store<f32>(hs, load<f32>(hs + (<usize>last << 2))); store<i32>(hi, load<i32>(hi + (<usize>last << 2)));
      store<f32>(hs + (<usize>last << 2), s); store<i32>(hi + (<usize>last << 2), ix);
      siftDown(hs, hi, last, 0);
    }
  }
}

/** Turns rows sorted by sortRows back into heaps: reversed (worst first), a sorted row is a valid heap. */
export function restoreRows(ctx: usize, h0: i32, h1: i32): void {
  const k = load<i32>(ctx + H_K);
  for (let h = h0; h < h1; h++) {
    const at = <usize>h * <usize>k << 2;
    const hs = hdr(ctx, H_SCORES) + at, hi = hdr(ctx, H_INDICES) + at;
    for (let a = 0, b = k - 1; a < b; a++, b--) {
      const s = load<f32>(hs + (<usize>a << 2)), ix = load<i32>(hi + (<usize>a << 2));
      store<f32>(hs + (<usize>a << 2), load<f32>(hs + (<usize>b << 2))); store<i32>(hi + (<usize>a << 2), load<i32>(hi + (<usize>b << 2)));
      store<f32>(hs + (<usize>b << 2), s); store<i32>(hi + (<usize>b << 2), ix);
    }
  }
}

/** Offers every entry of heaps [h0, h1) of the workspace at `other` (same k) to the same heaps here. */
export function mergeHeaps(ctx: usize, other: usize, h0: i32, h1: i32): void {
  const k = load<i32>(ctx + H_K);
  const os = hdr(other, H_SCORES), oi = hdr(other, H_INDICES);
  for (let h = h0; h < h1; h++) {
    for (let e = <usize>h * <usize>k, end = e + <usize>k; e < end; e++) {
      const ix = load<i32>(oi + (e << 2));
      if (ix != SENTINEL) offer(ctx, h, load<f32>(os + (e << 2)), ix);
    }
  }
}

// ---- packing ----------------------------------------------------------------------------------------------------

/**
 * Packs `count` ≤ 4 unit rows into 4 columns of a panel: u[r][p] = rows[r][p] / norm[r] at out + stride·p + 4r, for
 * p < dim; missing rows are zeros. `rowAt` / `normAt` give row r's vector and norm (norm 1 for batch queries, which
 * are used as given: x / 1 == x).
 */
// @ts-ignore: decorator
@inline function pack4(out: usize, stride: usize, dim: i32, count: i32,
                       v0: usize, v1: usize, v2: usize, v3: usize, n0: f32, n1: f32, n2: f32, n3: f32): void {
  const d0 = f32x4.splat(n0), d1 = f32x4.splat(n1), d2 = f32x4.splat(n2), d3 = f32x4.splat(n3);
  const zero = f32x4.splat(0);
  const end4 = <usize>(dim & ~3) << 2;
  let o: usize = 0, at = out;
  const step = stride << 2;
  for (; o < end4; o += 16, at += step) {
    const r0 = f32x4.div(v128.load(v0 + o), d0);
    const r1 = count > 1 ? f32x4.div(v128.load(v1 + o), d1) : zero;
    const r2 = count > 2 ? f32x4.div(v128.load(v2 + o), d2) : zero;
    const r3 = count > 3 ? f32x4.div(v128.load(v3 + o), d3) : zero;
    store4x4(at, stride, r0, r1, r2, r3);
  }
  for (const end = <usize>dim << 2; o < end; o += 4, at += stride) {
    store<f32>(at, load<f32>(v0 + o) / n0);
    store<f32>(at + 4, count > 1 ? load<f32>(v1 + o) / n1 : 0);
    store<f32>(at + 8, count > 2 ? load<f32>(v2 + o) / n2 : 0);
    store<f32>(at + 12, count > 3 ? load<f32>(v3 + o) / n3 : 0);
  }
}

/** Packs model rows [r, r + count) (count ≤ 4, ≥ 1) as 4 columns of a panel with row stride `stride` bytes. */
function packRows(ctx: usize, out: usize, stride: usize, r: i32, count: i32): void {
  const dim = load<i32>(ctx + H_DIM);
  const vectors = hdr(ctx, H_VECTORS), norms = hdr(ctx, H_NORMS);
  const rs = <usize>dim << 2;
  const c1 = count > 1 ? 1 : 0, c2 = count > 2 ? 2 : 0, c3 = count > 3 ? 3 : 0; // missing rows alias row r (unused)
  const v0 = vectors + <usize>r * rs;
  pack4(out, stride, dim, count, v0, v0 + <usize>c1 * rs, v0 + <usize>c2 * rs, v0 + <usize>c3 * rs,
    load<f32>(norms + (<usize>r << 2)), load<f32>(norms + (<usize>(r + c1) << 2)),
    load<f32>(norms + (<usize>(r + c2) << 2)), load<f32>(norms + (<usize>(r + c3) << 2)));
}

/** Packs queries [q, q + count) (count ≤ 4, ≥ 1), used as given (already unit length). */
function packQueries(ctx: usize, out: usize, stride: usize, q: i32, count: i32): void {
  const dim = load<i32>(ctx + H_DIM);
  const rs = <usize>dim << 2;
  const c1 = count > 1 ? 1 : 0, c2 = count > 2 ? 2 : 0, c3 = count > 3 ? 3 : 0;
  const v0 = hdr(ctx, H_QUERIES) + <usize>q * rs;
  pack4(out, stride, dim, count, v0, v0 + <usize>c1 * rs, v0 + <usize>c2 * rs, v0 + <usize>c3 * rs, 1, 1, 1, 1);
}

/**
 * Packs the query block into H_PACKA unless it already holds it: model rows [a0, a1) (A_ROWS), batch queries
 * [a0, a1) (A_QUERIES), quantised rows [a0, a1) (A_INT8).
 */
function packA(ctx: usize, kind: i32, a0: i32, a1: i32): void {
  if (load<i32>(ctx + H_A_KIND) == kind && load<i32>(ctx + H_A0) == a0 && load<i32>(ctx + H_A1) == a1) return;
  const dim = load<i32>(ctx + H_DIM);
  if (kind == A_INT8) {
    const quant = hdr(ctx, H_AQUANT);
    const panel = <usize>load<i32>(quant + Q_DIM_PAD) << 3;
    let out = hdr(ctx, H_PACKA);
    for (let r = a0; r < a1; r += 4, out += panel) packInt4(quant, out, 16, r, min(4, a1 - r));
  } else {
    const panel = <usize>dim << 4;
    let out = hdr(ctx, H_PACKA);
    for (let r = a0; r < a1; r += 4, out += panel) {
      const count = min(4, a1 - r);
      if (kind == A_ROWS) packRows(ctx, out, 16, r, count);
      else packQueries(ctx, out, 16, r, count);
    }
  }
  store<i32>(ctx + H_A_KIND, kind); store<i32>(ctx + H_A0, a0); store<i32>(ctx + H_A1, a1);
}

/** Packs the model rows base + h of the `count` heaps h listed at H_LIST into H_PACKA (not cached). */
function packList(ctx: usize, base: i32, count: i32): void {
  const panel = <usize>load<i32>(ctx + H_DIM) << 4;
  let out = hdr(ctx, H_PACKA);
  const list = hdr(ctx, H_LIST);
  for (let r = 0; r < count; r += 4, out += panel) packListed(ctx, out, 16, list + (<usize>r << 2), min(4, count - r), base);
  store<i32>(ctx + H_A_KIND, 0);
}

/**
 * Packs the model rows base + h of the (1 to 4) heaps h listed at `list` as 4 columns of a panel with row stride
 * `stride` bytes (16: an A panel; 32: a half of the B panel).
 */
function packListed(ctx: usize, out: usize, stride: usize, list: usize, count: i32, base: i32): void {
  const dim = load<i32>(ctx + H_DIM);
  const vectors = hdr(ctx, H_VECTORS), norms = hdr(ctx, H_NORMS);
  const rs = <usize>dim << 2;
  const r0 = base + load<i32>(list), r1 = count > 1 ? base + load<i32>(list, 4) : r0;
  const r2 = count > 2 ? base + load<i32>(list, 8) : r0, r3 = count > 3 ? base + load<i32>(list, 12) : r0;
  pack4(out, stride, dim, count, vectors + <usize>r0 * rs, vectors + <usize>r1 * rs, vectors + <usize>r2 * rs, vectors + <usize>r3 * rs,
    load<f32>(norms + (<usize>r0 << 2)), load<f32>(norms + (<usize>r1 << 2)), load<f32>(norms + (<usize>r2 << 2)), load<f32>(norms + (<usize>r3 << 2)));
}

/** Forgets the packed query block (call after changing the vectors or the queries it was packed from). */
export function forgetPacked(ctx: usize): void {
  store<i32>(ctx + H_A_KIND, 0);
}

/** Packs model rows [j, j + count) (count ≤ 8, ≥ 1) into the 8-column panel H_PACKB. */
function packB(ctx: usize, j: i32, count: i32): void {
  const out = hdr(ctx, H_PACKB);
  packRows(ctx, out, 32, j, min(4, count));
  if (count > 4) packRows(ctx, out + 16, 32, j + 4, count - 4);
  else zeroHalf(out + 16, load<i32>(ctx + H_DIM));
}

function zeroHalf(out: usize, dim: i32): void {
  const zero = f32x4.splat(0);
  for (let p = 0; p < dim; p++, out += 32) v128.store(out, zero);
}

// ---- the micro-kernel -------------------------------------------------------------------------------------------

/**
 * The 4 × 8 score tile of A panel `a` (4 rows) and B panel `b` (8 columns) over `dim` dimensions, stored row-major
 * to out (32 float32: row r, column c at out + 32r + 4c). Lane (r, c) sums u_r[p]·u_c[p] for p = 0, 1, ... in order.
 */
function micro4x8(a: usize, b: usize, dim: i32, out: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = a + (<usize>dim << 4);
  while (a < end) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(a, 8), a3 = v128.load32_splat(a, 12);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    a += 16; b += 32;
  }
  v128.store(out, c00); v128.store(out, c01, 16);
  v128.store(out, c10, 32); v128.store(out, c11, 48);
  v128.store(out, c20, 64); v128.store(out, c21, 80);
  v128.store(out, c30, 96); v128.store(out, c31, 112);
}

/** Bits 8r..8r+7 of the result: bit c set when !(s[r][c] < t), for the row pair (lo: columns 0-3, hi: 4-7). */
// @ts-ignore: decorator
@inline function passBits(lo: v128, hi: v128, t0: v128, t1: v128): u32 {
  return ~(<u32>i32x4.bitmask(f32x4.lt(lo, t0)) | (<u32>i32x4.bitmask(f32x4.lt(hi, t1)) << 4)) & 0xff;
}

/** Heap of A row r: listed (list != 0) or h0 + r. */
// @ts-ignore: decorator
@inline function heapOf(list: usize, h0: i32, r: i32): i32 {
  return list != 0 ? load<i32>(list + (<usize>r << 2)) : h0 + r;
}

/**
 * Runs the packed block A (rowsA rows; row r feeds heap heapOf(list, h0, r)) against model rows [j0, j1): packs
 * each 8-candidate panel, runs every A panel against it (float32, or quantised with INT8), then the prefilter: bit
 * 8r + c of `rows` is set when score (r, c) is not below the threshold of row r's heap, of `cols` when it is not
 * below the threshold of column c's heap (with COLUMNS). Lanes outside the tile, and i == j with EXCLUDE_SELF, are
 * cleared (the model row of heap x is x, or h0 + x for a list). Only the set lanes are offered (thresholds only rise while offering, so the bits stay a superset of the
 * lanes that can still enter; offer() makes the exact test).
 */
function run(ctx: usize, list: usize, h0: i32, rowsA: i32, j0: i32, j1: i32, flags: i32): void {
  const dim = load<i32>(ctx + H_DIM);
  const pa = hdr(ctx, H_PACKA), pb = hdr(ctx, H_PACKB), sp = hdr(ctx, H_SPILL), thr = hdr(ctx, H_THR);
  const columns = (flags & COLUMNS) != 0, exclude = (flags & EXCLUDE_SELF) != 0, int8 = (flags & INT8) != 0;
  const quant = hdr(ctx, H_QUANT);
  const pairs = int8 ? load<i32>(quant + Q_DIM_PAD) >> 1 : 0;
  const scales = int8 ? hdr(quant, Q_SCALES) : 0, rowScales = int8 ? hdr(hdr(ctx, H_AQUANT), Q_SCALES) : 0;
  const panel = int8 ? <usize>pairs << 4 : <usize>dim << 4;
  // a model quantised as panels is read in place: its panels start at multiples of 8, so the first one may hold
  // columns before j0 (cleared below, like those past j1)
  const panels = int8 && load<i32>(quant + Q_PANELS) != 0;
  const self = list != 0 ? h0 : 0; // model row of heap x: x + self
  for (let j = panels ? j0 & ~7 : j0; j < j1; j += 8) {
    const nc = min(8, j1 - j);
    let b = pb;
    if (panels) b = hdr(quant, Q_VALUES) + (<usize>(j >> 3) * <usize>pairs << 5);
    else if (int8) packIntB(ctx, quant, j, nc);
    else packB(ctx, j, nc);
    let colValid = <u32>(0x01010101 * ((1 << nc) - 1)); // columns < nc in every row byte
    if (j < j0) colValid &= <u32>(0x01010101 * ((0xff << (j0 - j)) & 0xff)); // and ≥ j0
    let a = pa;
    for (let r = 0; r < rowsA; r += 4, a += panel) {
      const nr = min(4, rowsA - r);
      if (int8) microInt8(a, b, pairs, rowScales + (<usize>(h0 + r) << 2), scales + (<usize>j << 2), sp);
      else micro4x8(a, pb, dim, sp);
      if ((flags & SCORE_ONLY) != 0) continue;
      // the 4 rows' heaps (a missing row of a partial panel reads row 0's threshold; its lanes are cleared)
      const x0 = heapOf(list, h0, r);
      const x1 = nr > 1 ? heapOf(list, h0, r + 1) : x0, x2 = nr > 2 ? heapOf(list, h0, r + 2) : x0, x3 = nr > 3 ? heapOf(list, h0, r + 3) : x0;
      const s00 = v128.load(sp), s01 = v128.load(sp, 16), s10 = v128.load(sp, 32), s11 = v128.load(sp, 48);
      const s20 = v128.load(sp, 64), s21 = v128.load(sp, 80), s30 = v128.load(sp, 96), s31 = v128.load(sp, 112);
      const t0 = v128.load32_splat(thr + (<usize>x0 << 2)), t1 = v128.load32_splat(thr + (<usize>x1 << 2));
      const t2 = v128.load32_splat(thr + (<usize>x2 << 2)), t3 = v128.load32_splat(thr + (<usize>x3 << 2));
      // fast test: is any lane not below its row's threshold (row maxima) or its column's (column maxima)? pmax is
      // one x86 instruction (max is several: it must propagate NaN); it may drop a NaN score, which is right: a NaN
      // can only enter a heap whose threshold is NaN, and every lane passes such a heap's test.
      let lt = v128.and(v128.and(f32x4.lt(f32x4.pmax(s00, s01), t0), f32x4.lt(f32x4.pmax(s10, s11), t1)),
                        v128.and(f32x4.lt(f32x4.pmax(s20, s21), t2), f32x4.lt(f32x4.pmax(s30, s31), t3)));
      let u0 = t0, u1 = t0;
      if (columns) {
        u0 = v128.load(thr + (<usize>j << 2)); u1 = v128.load(thr + (<usize>j << 2), 16);
        lt = v128.and(lt, v128.and(f32x4.lt(f32x4.pmax(f32x4.pmax(s00, s10), f32x4.pmax(s20, s30)), u0),
                                   f32x4.lt(f32x4.pmax(f32x4.pmax(s01, s11), f32x4.pmax(s21, s31)), u1)));
      }
      if (i32x4.all_true(lt)) continue;
      let rows = passBits(s00, s01, t0, t0) | (passBits(s10, s11, t1, t1) << 8)
        | (passBits(s20, s21, t2, t2) << 16) | (passBits(s30, s31, t3, t3) << 24);
      let cols: u32 = 0;
      if (columns) {
        cols = passBits(s00, s01, u0, u1) | (passBits(s10, s11, u0, u1) << 8)
          | (passBits(s20, s21, u0, u1) << 16) | (passBits(s30, s31, u0, u1) << 24);
      }
      if (nr < 4 || colValid != 0xffffffff) {
        const valid = colValid & (nr == 4 ? 0xffffffff : (1 << (nr << 3)) - 1);
        rows &= valid; cols &= valid;
      }
      if (exclude) { // clear the lanes (r, c) with j + c == model row of row r
        const y0 = x0 + self - j, y1 = x1 + self - j, y2 = x2 + self - j, y3 = x3 + self - j;
        if (<u32>y0 < 8) { const m = ~(1 << y0); rows &= m; cols &= m; }
        if (<u32>y1 < 8) { const m = ~(1 << (8 + y1)); rows &= m; cols &= m; }
        if (<u32>y2 < 8) { const m = ~(1 << (16 + y2)); rows &= m; cols &= m; }
        if (<u32>y3 < 8) { const m = ~(1 << (24 + y3)); rows &= m; cols &= m; }
      }
      let any = rows | cols;
      while (any != 0) {
        const bit = ctz(any);
        any &= any - 1;
        const h = heapOf(list, h0, r + (bit >> 3)), col = j + (bit & 7);
        const s = load<f32>(sp + (<usize>bit << 2));
        if ((rows >> bit) & 1) offer(ctx, h, s, col);
        if ((cols >> bit) & 1) offer(ctx, col, s, h);
      }
    }
  }
}

/** Packs quantised rows [j, j + count) (count ≤ 8, ≥ 1) into the 8-column int16 panel H_PACKB. */
function packIntB(ctx: usize, quant: usize, j: i32, count: i32): void {
  const out = hdr(ctx, H_PACKB);
  packInt4(quant, out, 32, j, min(4, count));
  if (count > 4) packInt4(quant, out + 16, 32, j + 4, count - 4);
  else zeroHalf(out + 16, load<i32>(quant + Q_DIM_PAD) >> 1);
}

/**
 * The tile of model rows I = [i0, i1) (i1 - i0 ≤ the workspace's blockRows) against candidates J = [j0, j1): offers
 * s(i, j) with index j to heap i; with flags & 1 (columns) also s(i, j) with index i to heap j (for J disjoint from
 * I: each pair computed once feeds both sides); with flags & 2 (excludeSelf) skips i == j (diagonal tiles, where
 * columns must be off since the tile holds both (i, j) and (j, i)); flags & 4 (benchmarks only) offers nothing.
 */
export function tile(ctx: usize, i0: i32, i1: i32, j0: i32, j1: i32, flags: i32): void {
  if (i1 <= i0 || j1 <= j0) return;
  packA(ctx, A_ROWS, i0, i1);
  run(ctx, 0, i0, i1 - i0, j0, j1, flags & 7);
}

/**
 * Batch queries Q = [q0, q1) (the vectors at H_QUERIES, used as given) against model rows [j0, j1): offers s(q, j)
 * with index j to heap q.
 */
export function tileQueries(ctx: usize, q0: i32, q1: i32, j0: i32, j1: i32): void {
  if (q1 <= q0 || j1 <= j0) return;
  packA(ctx, A_QUERIES, q0, q1);
  run(ctx, 0, q0, q1 - q0, j0, j1, 0);
}

/**
 * The `count` distinct heaps h listed at H_LIST (count ≤ blockRows), each for model row i = base + h, against
 * candidates [j0, j1): s(i, j) with index j to heap h, skipping j == i with flags & 2. (The rows whose quantised
 * selection was not provably complete are recomputed this way.)
 */
export function tileList(ctx: usize, count: i32, base: i32, j0: i32, j1: i32, flags: i32): void {
  if (count <= 0 || j1 <= j0) return;
  packList(ctx, base, count);
  run(ctx, hdr(ctx, H_LIST), base, count, j0, j1, flags & (EXCLUDE_SELF | SCORE_ONLY));
}

// ---- gathered tiles (the approximate engine) ---------------------------------------------------------------------

/**
 * Packs the model rows listed at `list` (count ≤ 8, ≥ 1) into the 8-column panel H_PACKB: their unit float32 rows,
 * or with `quant` (≠ 0) their quantised rows as an int16 panel.
 */
function packListB(ctx: usize, quant: usize, list: usize, count: i32): void {
  const out = hdr(ctx, H_PACKB);
  if (quant != 0) {
    packIntListed(quant, out, 32, list, min(4, count));
    if (count > 4) packIntListed(quant, out + 16, 32, list + 16, count - 4);
    else zeroHalf(out + 16, load<i32>(quant + Q_DIM_PAD) >> 1);
    return;
  }
  packListed(ctx, out, 32, list, min(4, count), 0);
  if (count > 4) packListed(ctx, out + 16, 32, list + 16, count - 4, 0);
  else zeroHalf(out + 16, load<i32>(ctx + H_DIM));
}

/**
 * A gathered tile: the `count` model rows listed at H_LIST (count ≤ blockRows; rows, not heaps) scored pairwise,
 * every pair (a, b) of list positions with a < na and a < b < count (na = count: all pairs of a forest leaf; na = the
 * new candidates of an NN-descent join, listed first: new × new and new × old). The scores: without a quantised
 * model (H_QUANT 0), the exact float32 scores of the tiles (the same packing, micro-kernel and order, so
 * s(list[a], list[b]) has the bits tile() computes); with one (a workspace of createGathered's `int8`), the
 * approximate scores of the int8 tiles, a(i, j) = f32(D)·f32(scale_i·scale_j) from the int16 panels (./tiles-int8.ts:
 * half the bytes of a float32 row to read and pack, and the integer micro-kernel), symmetric bit for bit, the
 * listed rows' scales gathered at H_SELECT first. Two positions holding the same row are skipped. A pair is proposed when its score is not below the threshold (the
 * score at slot 0, H_THR) of either row's heap: written to `out` as GATHERED_PROPOSAL_BYTES records (int32 row
 * list[a], int32 row list[b], float32 score), in order; returns their number (at most na·count − na(na+1)/2, the
 * caller's capacity). The heaps are only read: the caller applies the proposals (push if better and not already
 * present, both sides), so that worker threads can score at once and the rows' owners apply. When the heaps'
 * indices are in this memory (H_INDICES, rows of H_K), a side below its own threshold or whose heap already holds
 * the other row is written as ~row (its push would fail), and a pair with no side left is not written: late in
 * NN-descent most pairs a join finds are already neighbours.
 */
export function tileGathered(ctx: usize, count: i32, na: i32, out: usize): i32 {
  if (count <= 1 || na <= 0) return 0;
  const dim = load<i32>(ctx + H_DIM);
  const list = hdr(ctx, H_LIST), thr = hdr(ctx, H_THR);
  const pa = hdr(ctx, H_PACKA), pb = hdr(ctx, H_PACKB), sp = hdr(ctx, H_SPILL);
  const quant = hdr(ctx, H_QUANT), scales = hdr(ctx, H_SELECT); // the quantised model, or 0; the listed rows' scales
  const pairs = quant != 0 ? load<i32>(quant + Q_DIM_PAD) >> 1 : 0;
  const panel = quant != 0 ? <usize>pairs << 4 : <usize>dim << 4;
  const nbr = hdr(ctx, H_INDICES), hk = load<i32>(ctx + H_K); // the heaps' indices, or 0
  if (quant != 0) {
    touchRows(hdr(quant, Q_VALUES), (pairs * load<i32>(quant + Q_BYTES)) >> 1, list, count, sp + 4); // the rows' quantised values
    const qs = hdr(quant, Q_SCALES);
    for (let r = 0; r < count; r++) store<f32>(scales + (<usize>r << 2), load<f32>(qs + (<usize>load<i32>(list + (<usize>r << 2)) << 2)));
  } else {
    touchRows(hdr(ctx, H_VECTORS), dim, list, count, sp + 4); // the rows' vectors, for the packing
    touchRows(hdr(ctx, H_NORMS), 1, list, count, sp + 8); // their norms, for the packing
  }
  touchRows(thr, 1, list, count, sp + 12); // their thresholds
  if (nbr != 0) touchRows(nbr, hk, list, count, sp); // their heaps' indices, for holds()
  // the A side: the first na listed rows
  if (quant != 0) {
    for (let r = 0, a = pa; r < na; r += 4, a += panel) packIntListed(quant, a, 16, list + (<usize>r << 2), min(4, na - r));
  } else packList(ctx, 0, na);
  let written = 0;
  for (let j = 0; j < count; j += 8) {
    const nc = min(8, count - j);
    if (j + nc - 1 <= 0) continue; // no b > a here (a single column 0)
    packListB(ctx, quant, list + (<usize>j << 2), nc);
    const colValid = <u32>(0x01010101 * ((1 << nc) - 1));
    // the 8 columns' thresholds (a missing column reads column 0's; its lanes are cleared)
    const y = list + (<usize>j << 2);
    let u0 = v128.load32_splat(thr + (<usize>load<i32>(y) << 2)), u1 = u0;
    if (nc > 1) u0 = f32x4.replace_lane(u0, 1, load<f32>(thr + (<usize>load<i32>(y, 4) << 2)));
    if (nc > 2) u0 = f32x4.replace_lane(u0, 2, load<f32>(thr + (<usize>load<i32>(y, 8) << 2)));
    if (nc > 3) u0 = f32x4.replace_lane(u0, 3, load<f32>(thr + (<usize>load<i32>(y, 12) << 2)));
    if (nc > 4) u1 = v128.load32_splat(thr + (<usize>load<i32>(y, 16) << 2));
    if (nc > 5) u1 = f32x4.replace_lane(u1, 1, load<f32>(thr + (<usize>load<i32>(y, 20) << 2)));
    if (nc > 6) u1 = f32x4.replace_lane(u1, 2, load<f32>(thr + (<usize>load<i32>(y, 24) << 2)));
    if (nc > 7) u1 = f32x4.replace_lane(u1, 3, load<f32>(thr + (<usize>load<i32>(y, 28) << 2)));
    let a = pa;
    for (let r = 0; r < na && r < j + nc - 1; r += 4, a += panel) { // rows r..r+3 have some b > a in this panel
      const nr = min(4, na - r);
      if (quant != 0) microInt8(a, pb, pairs, scales + (<usize>r << 2), scales + (<usize>j << 2), sp);
      else micro4x8(a, pb, dim, sp);
      const x = list + (<usize>r << 2);
      const x0 = load<i32>(x), x1 = nr > 1 ? load<i32>(x, 4) : x0, x2 = nr > 2 ? load<i32>(x, 8) : x0, x3 = nr > 3 ? load<i32>(x, 12) : x0;
      const s00 = v128.load(sp), s01 = v128.load(sp, 16), s10 = v128.load(sp, 32), s11 = v128.load(sp, 48);
      const s20 = v128.load(sp, 64), s21 = v128.load(sp, 80), s30 = v128.load(sp, 96), s31 = v128.load(sp, 112);
      const t0 = v128.load32_splat(thr + (<usize>x0 << 2)), t1 = v128.load32_splat(thr + (<usize>x1 << 2));
      const t2 = v128.load32_splat(thr + (<usize>x2 << 2)), t3 = v128.load32_splat(thr + (<usize>x3 << 2));
      // the pairs that pass the row's (a's) threshold, and those that pass the column's (b's)
      const passA = passBits(s00, s01, t0, t0) | (passBits(s10, s11, t1, t1) << 8)
        | (passBits(s20, s21, t2, t2) << 16) | (passBits(s30, s31, t3, t3) << 24);
      const passB = passBits(s00, s01, u0, u1) | (passBits(s10, s11, u0, u1) << 8)
        | (passBits(s20, s21, u0, u1) << 16) | (passBits(s30, s31, u0, u1) << 24);
      let pass = passA | passB;
      // lanes inside the tile, with b = j + c > a = r + ra
      let valid: u32 = 0;
      for (let ra = 0; ra < nr; ra++) {
        const d = r + ra - j; // b > a  <=>  c > d
        const above = d < 0 ? 0xff : d >= 7 ? 0 : (0xff << (d + 1)) & 0xff;
        valid |= <u32>above << (ra << 3);
      }
      pass &= valid & colValid;
      while (pass != 0) {
        const bit = ctz(pass);
        pass &= pass - 1;
        const ia = load<i32>(x + (<usize>(bit >> 3) << 2)), ib = load<i32>(y + (<usize>(bit & 7) << 2));
        if (ia == ib) continue;
        let wa = ia, wb = ib;
        if (nbr != 0) {
          // a side below its threshold needs no look (the apply drops it); one above is dropped when already there
          const skipA = ((passA >> bit) & 1) == 0 || holds(nbr, hk, ia, ib), skipB = ((passB >> bit) & 1) == 0 || holds(nbr, hk, ib, ia);
          if (skipA && skipB) continue;
          if (skipA) wa = ~ia;
          if (skipB) wb = ~ib;
        }
        const o = out + <usize>written * <usize>GATHERED_PROPOSAL_BYTES;
        store<i32>(o, wa); store<i32>(o, wb, 4); store<f32>(o, load<f32>(sp + (<usize>bit << 2)), 8);
        written++;
      }
    }
  }
  return written;
}

/**
 * The exact float32 scores of model row `row` against the `count` model rows listed at H_LIST (count ≤ blockRows),
 * stored as float32 at H_SELECT in list order: the approximate engine's final scores when its joins ran on the
 * quantised rows. The tiles' bits: the row's unit vector at H_PACKA, the listed rows packed 8 at a time as a B panel,
 * and each lane summing u_row[p]·u_c[p] for p = 0, 1, ... in order, as micro4x8 does.
 */
export function scoreListed(ctx: usize, row: i32, count: i32): void {
  const dim = load<i32>(ctx + H_DIM), vectors = hdr(ctx, H_VECTORS), norms = hdr(ctx, H_NORMS);
  const list = hdr(ctx, H_LIST), out = hdr(ctx, H_SELECT), ui = hdr(ctx, H_PACKA), pb = hdr(ctx, H_PACKB), sp = hdr(ctx, H_SPILL);
  touchRows(vectors, dim, list, count, sp); // every listed row's fetch at once
  touchRows(norms, 1, list, count, sp + 4);
  const nrm = load<f32>(norms + (<usize>row << 2)), v = vectors + <usize>row * (<usize>dim << 2);
  for (let o: usize = 0, end = <usize>dim << 2; o < end; o += 4) store<f32>(ui + o, load<f32>(v + o) / nrm); // the unit row, as packed
  for (let j = 0; j < count; j += 8) {
    packListB(ctx, 0, list + (<usize>j << 2), min(8, count - j));
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
    for (let a = ui, b = pb, end = ui + (<usize>dim << 2); a < end; a += 4, b += 32) {
      const x = v128.load32_splat(a);
      c0 = f32x4.add(c0, f32x4.mul(x, v128.load(b)));
      c1 = f32x4.add(c1, f32x4.mul(x, v128.load(b, 16)));
    }
    v128.store(out + (<usize>j << 2), c0); // the scratch has room past count
    v128.store(out + (<usize>j << 2), c1, 16);
  }
}

/**
 * Reads a word of every cache line of the listed rows of an array of `width` 4-byte values per row at `base` (the
 * model's vectors and norms, the heaps' thresholds and indices), all independent loads, so that the memory fetches
 * them at once (WebAssembly has no prefetch) before the packing, the threshold tests and holds() need them one at a
 * time; the sum goes to `sink` so that the loads stay. (Before the norms and thresholds were touched too, half the
 * packing's time on GloVe 341k was waiting for the norms: 9.3% of the engine's CPU samples, then 5.1%.)
 */
function touchRows(base: usize, width: i32, list: usize, count: i32, sink: usize): void {
  const bytes = <usize>width << 2;
  let acc: i32 = 0;
  for (let r = 0; r < count; r++) {
    const at = base + <usize>load<i32>(list + (<usize>r << 2)) * bytes;
    for (let o: usize = 0; o < bytes; o += 64) acc += load<i32>(at + o);
    acc += load<i32>(at + bytes - 4);
  }
  store<i32>(sink, acc);
}

/** Whether heap `row` (k int32 indices at nbr + row · k · 4) holds index j. */
// @ts-ignore: decorator
@inline function holds(nbr: usize, k: i32, row: i32, j: i32): bool {
  const at = nbr + ((<usize>row * <usize>k) << 2);
  const jj = i32x4.splat(j);
  let hit = i32x4.splat(0);
  let e = 0;
  for (; e + 4 <= k; e += 4) hit = v128.or(hit, i32x4.eq(v128.load(at + (<usize>e << 2)), jj));
  let found = v128.any_true(hit);
  for (; e < k; e++) found = found || load<i32>(at + (<usize>e << 2)) == j;
  return found;
}

/** The float32 dot of the rows at `a` and `n`, `dim` wide, in planeDot's order (../../index/plane-splitter.ts). */
// @ts-ignore: decorator
@inline function planeDot(a: usize, n: usize, dim: i32): f32 {
  const stride = <usize>dim << 2, end4 = <usize>(dim & ~3) << 2;
  let x = f32x4.splat(0);
  let o: usize = 0;
  for (; o < end4; o += 16) x = f32x4.add(x, f32x4.mul(v128.load(a + o), v128.load(n + o)));
  let d = (f32x4.extract_lane(x, 0) + f32x4.extract_lane(x, 1)) + (f32x4.extract_lane(x, 2) + f32x4.extract_lane(x, 3));
  for (; o < stride; o += 4) d += load<f32>(a + o) * load<f32>(n + o);
  return d;
}

/**
 * planeDot of four rows at once (a0..a3, each against its own normal n0..n3), stored as float32 at o0..o3: the same
 * sums in the same order as four planeDot calls, bit for bit, in four independent chains (one chain waits on each
 * add's latency; four keep the adder busy).
 */
// @ts-ignore: decorator
@inline function planeDot4(a0: usize, a1: usize, a2: usize, a3: usize, n0: usize, n1: usize, n2: usize, n3: usize, dim: i32, o0: usize, o1: usize, o2: usize, o3: usize): void {
  const stride = <usize>dim << 2, end4 = <usize>(dim & ~3) << 2;
  let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
  let o: usize = 0;
  for (; o < end4; o += 16) {
    x0 = f32x4.add(x0, f32x4.mul(v128.load(a0 + o), v128.load(n0 + o)));
    x1 = f32x4.add(x1, f32x4.mul(v128.load(a1 + o), v128.load(n1 + o)));
    x2 = f32x4.add(x2, f32x4.mul(v128.load(a2 + o), v128.load(n2 + o)));
    x3 = f32x4.add(x3, f32x4.mul(v128.load(a3 + o), v128.load(n3 + o)));
  }
  let d0 = (f32x4.extract_lane(x0, 0) + f32x4.extract_lane(x0, 1)) + (f32x4.extract_lane(x0, 2) + f32x4.extract_lane(x0, 3));
  let d1 = (f32x4.extract_lane(x1, 0) + f32x4.extract_lane(x1, 1)) + (f32x4.extract_lane(x1, 2) + f32x4.extract_lane(x1, 3));
  let d2 = (f32x4.extract_lane(x2, 0) + f32x4.extract_lane(x2, 1)) + (f32x4.extract_lane(x2, 2) + f32x4.extract_lane(x2, 3));
  let d3 = (f32x4.extract_lane(x3, 0) + f32x4.extract_lane(x3, 1)) + (f32x4.extract_lane(x3, 2) + f32x4.extract_lane(x3, 3));
  for (; o < stride; o += 4) {
    d0 += load<f32>(a0 + o) * load<f32>(n0 + o);
    d1 += load<f32>(a1 + o) * load<f32>(n1 + o);
    d2 += load<f32>(a2 + o) * load<f32>(n2 + o);
    d3 += load<f32>(a3 + o) * load<f32>(n3 + o);
  }
  store<f32>(o0, d0);
  store<f32>(o1, d1);
  store<f32>(o2, d2);
  store<f32>(o3, d3);
}

/**
 * The random-projection forest's split of a node (../../index/plane-splitter.ts, dots): for positions r in
 * [start, end) of the int32 row list at `list`, out[list[r]] (f32) = the dot of model row list[r] (float32 rows at
 * `vectors`, `dim` wide) with the float32 normal at `normal`, summed as 4 lanes (lane l: the terms p ≡ l mod 4, in
 * order), then (l0 + l1) + (l2 + l3), then the last dim mod 4 terms in order (planeDot in TypeScript repeats it
 * exactly, so either gives the same tree). Four rows at a time (planeDot4): four independent chains of adds.
 */
export function planeDots(vectors: usize, dim: i32, list: usize, start: i32, end: i32, normal: usize, out: usize): void {
  const stride = <usize>dim << 2;
  let r = start;
  for (; r + 3 < end; r += 4) {
    const at = list + (<usize>r << 2);
    const i0 = <usize>load<i32>(at), i1 = <usize>load<i32>(at, 4), i2 = <usize>load<i32>(at, 8), i3 = <usize>load<i32>(at, 12);
    planeDot4(vectors + i0 * stride, vectors + i1 * stride, vectors + i2 * stride, vectors + i3 * stride, normal, normal, normal, normal, dim,
      out + (i0 << 2), out + (i1 << 2), out + (i2 << 2), out + (i3 << 2));
  }
  for (; r < end; r++) {
    const ia = <usize>load<i32>(list + (<usize>r << 2));
    store<f32>(out + (ia << 2), planeDot(vectors + ia * stride, normal, dim));
  }
}

/**
 * The split of a level's big nodes in one forward pass (../../index/plane-splitter.ts, sweep): for every row r of
 * [0, rows) whose node nodeOf[r] (int32) is not negative, out[r] = its dot with that node's normal (float32, `dim`
 * wide, node s at normals + s · dim · 4), in planeDot's order.
 */
export function planeSweep(vectors: usize, dim: i32, nodeOf: usize, rows: i32, normals: usize, out: usize): void {
  const stride = <usize>dim << 2;
  // four rows in nodes at a time, then the last up to three one by one
  let r = nextInNode(nodeOf, 0, rows);
  for (;;) {
    const r1 = nextInNode(nodeOf, r + 1, rows), r2 = nextInNode(nodeOf, r1 + 1, rows), r3 = nextInNode(nodeOf, r2 + 1, rows);
    if (r3 >= rows) break;
    const a = <usize>r, b = <usize>r1, c = <usize>r2, d = <usize>r3;
    planeDot4(vectors + a * stride, vectors + b * stride, vectors + c * stride, vectors + d * stride,
      normals + nodeAt(nodeOf, a) * stride, normals + nodeAt(nodeOf, b) * stride, normals + nodeAt(nodeOf, c) * stride, normals + nodeAt(nodeOf, d) * stride, dim,
      out + (a << 2), out + (b << 2), out + (c << 2), out + (d << 2));
    r = nextInNode(nodeOf, r3 + 1, rows);
  }
  for (; r < rows; r = nextInNode(nodeOf, r + 1, rows)) {
    store<f32>(out + (<usize>r << 2), planeDot(vectors + <usize>r * stride, normals + nodeAt(nodeOf, <usize>r) * stride, dim));
  }
}

/** Row r's node in a sweep (nodeOf, int32), as an offset multiplier. */
// @ts-ignore: decorator
@inline function nodeAt(nodeOf: usize, r: usize): usize {
  return <usize>load<i32>(nodeOf + (r << 2));
}

/** The first row ≥ r (and < rows) in a node of the sweep (nodeOf[row] ≥ 0), or rows when there is none. */
// @ts-ignore: decorator
@inline function nextInNode(nodeOf: usize, r: i32, rows: i32): i32 {
  while (r < rows && load<i32>(nodeOf + (<usize>r << 2)) < 0) r++;
  return r;
}

// ---- the quantised path -----------------------------------------------------------------------------------------

/**
 * Quantises model rows [r0, r1) into the quantised model at `quant` (layout in ./tiles-int8.ts), reading their
 * float32 vectors at `vectors` and their norms at `norms` (row r0's first).
 */
export function quantizeRows(quant: usize, r0: i32, r1: i32, vectors: usize, norms: usize): void {
  quantizeRowsAt(quant, r0, r1, vectors, norms, false);
}

/**
 * tile() on approximate scores: the quantised rows (H_QUANT) of I = [i0, i1) against J = [j0, j1), same flags. The
 * heaps then hold approximate scores; rescoreRows turns them into exact ones.
 */
export function tileInt8(ctx: usize, i0: i32, i1: i32, j0: i32, j1: i32, flags: i32): void {
  if (i1 <= i0 || j1 <= j0) return;
  packA(ctx, A_INT8, i0, i1);
  run(ctx, 0, i0, i1 - i0, j0, j1, (flags & 7) | INT8);
}

/**
 * tileQueries() on approximate scores: quantises batch queries [q0, q1) (H_QUERIES, used as given) into the
 * queries' own quantised rows (H_AQUANT), then runs them against the quantised model rows [j0, j1) (H_QUANT, in
 * either layout), offering a(q, j) with index j to heap q. selectRows and rescoreSelected (with RESCORE_QUERIES)
 * then make the heaps exact.
 */
export function tileQueriesInt8(ctx: usize, q0: i32, q1: i32, j0: i32, j1: i32): void {
  if (q1 <= q0 || j1 <= j0) return;
  const dim = load<i32>(ctx + H_DIM);
  quantizeRowsAt(hdr(ctx, H_AQUANT), q0, q1, hdr(ctx, H_QUERIES) + (<usize>q0 * <usize>dim << 2), 0, true);
  store<i32>(ctx + H_A_KIND, 0); // the queries may have changed since they were last packed
  packA(ctx, A_INT8, q0, q1);
  run(ctx, 0, q0, q1 - q0, j0, j1, INT8);
}

/**
 * ε of row `row` of the quantised rows `rowQuant` (a model row, or a batch query: its own ‖e‖ and ‖u‖) against every
 * row of the quantised model `quant` (its E and U): a bound on |s − a| for all its scores, derived in ../tile-int8.ts.
 * The one copy of the bound: selectRows applies it, and TileQuantized.bound() calls this export (tests).
 */
export function errorBound(quant: usize, rowQuant: usize, row: i32): f64 {
  const dim = load<i32>(quant + Q_DIM);
  const maxE = <f64>load<f32>(quant + Q_MAX_E), maxU = <f64>load<f32>(quant + Q_MAX_U);
  const u = 5.9604644775390625e-8; // 2^-24
  const gamma = <f64>(dim + 1) * u / (1 - <f64>(dim + 1) * u);
  const en = <f64>load<f32>(hdr(rowQuant, Q_ENORMS) + (<usize>row << 2)), nu = <f64>load<f32>(hdr(rowQuant, Q_UNORMS) + (<usize>row << 2));
  return nu * maxE + en * maxU + en * maxE + gamma * nu * maxU + 3.01 * u * (nu + en) * (maxU + maxE);
}

/**
 * The selection of the quantised path for rows [h0, h1) of the int8 workspace `ctx` (approximate heaps of capacity
 * K, complete: all tiles seen, workers merged) and the wanted k ≤ K: for each row i, sorted approximate entries
 * a_1 ≥ ... ≥ a_K, margin_i = 2·ε_i (ε_i bounds |s(i, j) − a(i, j)| for every j, see ../tile-int8.ts). The
 * selection is provably complete when the heap saw fewer than K candidates, or a_k or a_K is NaN, or
 * a_K < a_k − margin_i; its candidates are then the entries with a ≥ a_k − margin_i. Writes, for row h at
 * select + 4·(h − h0)·(K + 1) (the workspace's own H_SELECT area, or another workspace's, so that threads can
 * select disjoint rows of one workspace at once), the number c of its candidates followed by their c indices, or
 * c = −1 when the selection is not provably complete (the row needs a float32 pass over all candidates). Returns the
 * number of such rows. The approximate heaps are left as they were.
 */
export function selectRows(ctx: usize, k: i32, h0: i32, h1: i32, select: usize): i32 {
  const K = load<i32>(ctx + H_K);
  const quant = hdr(ctx, H_QUANT), aquant = hdr(ctx, H_AQUANT); // row h's own ‖e‖ and ‖u‖ (query h's, for batch queries)
  sortRows(ctx, h0, h1);
  let unsafe = 0;
  for (let h = h0; h < h1; h++) {
    const at = <usize>h * <usize>K << 2;
    const hs = hdr(ctx, H_SCORES) + at, hi = hdr(ctx, H_INDICES) + at;
    const out = select + (<usize>(h - h0) * <usize>(K + 1) << 2);
    const ak = load<f32>(hs + (<usize>(k - 1) << 2)), aK = load<f32>(hs + (<usize>(K - 1) << 2));
    const eps = errorBound(quant, aquant, h);
    const cut = <f64>ak - 2 * eps * (1 + 1e-9);
    const complete = load<i32>(hi + (<usize>(K - 1) << 2)) == SENTINEL || ak != ak || aK != aK || <f64>aK < cut;
    if (!complete) {
      store<i32>(out, -1);
      unsafe++;
      continue;
    }
    // the candidates to rescore: every entry not provably out (NaN entries only when a_k is NaN: cut is then NaN)
    let count = 0;
    for (let e = 0; e < K; e++) {
      const ix = load<i32>(hi + (<usize>e << 2));
      if (ix == SENTINEL) break;
      if (<f64>load<f32>(hs + (<usize>e << 2)) < cut) break; // sorted: the rest is lower still
      count++;
      store<i32>(out + (<usize>count << 2), ix);
    }
    store<i32>(out, count);
  }
  restoreRows(ctx, h0, h1);
  return unsafe;
}

/**
 * Exact float32 scores of model row i (its unit vector at `ui`, dim float32) against the 4 model rows c0..c3, each
 * summed over p in order exactly as in the tiles (so bit-identical to s(i, c) there).
 */
function exact4(ui: usize, vectors: usize, norms: usize, dim: i32, c0: i32, c1: i32, c2: i32, c3: i32): v128 {
  const rs = <usize>dim << 2;
  const v0 = vectors + <usize>c0 * rs, v1 = vectors + <usize>c1 * rs, v2 = vectors + <usize>c2 * rs, v3 = vectors + <usize>c3 * rs;
  let n = f32x4.splat(load<f32>(norms + (<usize>c0 << 2)));
  n = f32x4.replace_lane(n, 1, load<f32>(norms + (<usize>c1 << 2)));
  n = f32x4.replace_lane(n, 2, load<f32>(norms + (<usize>c2 << 2)));
  n = f32x4.replace_lane(n, 3, load<f32>(norms + (<usize>c3 << 2)));
  let acc = f32x4.splat(0);
  for (let o: usize = 0, end = rs; o < end; o += 4) {
    let x = f32x4.splat(load<f32>(v0 + o));
    x = f32x4.replace_lane(x, 1, load<f32>(v1 + o));
    x = f32x4.replace_lane(x, 2, load<f32>(v2 + o));
    x = f32x4.replace_lane(x, 3, load<f32>(v3 + o));
    acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(ui + o), f32x4.div(x, n)));
  }
  return acc;
}

/**
 * The exact scores of a selection (selectRows; copied here when the quantised workspace is in another memory): for
 * slot r < count, i.e. model row h0 + r (batch query h0 + r with flags & RESCORE_QUERIES), whose entry at
 * select + 4·r·stride holds c ≥ 0 candidates, scores each of them exactly as the tiles do and offers it to heap r of
 * `ctx` (a float32 workspace of the model, heaps by slot, capacity k; with RESCORE_QUERIES a batch-query workspace
 * holding the same queries). Heaps [0, count) are emptied first; the slots with c = −1 stay empty (for tileList or
 * tileQueries).
 */
export function rescoreSelected(ctx: usize, select: usize, stride: i32, h0: i32, count: i32, flags: i32): void {
  const dim = load<i32>(ctx + H_DIM), vectors = hdr(ctx, H_VECTORS), norms = hdr(ctx, H_NORMS);
  const queries = (flags & RESCORE_QUERIES) != 0;
  resetHeaps(ctx, 0, count);
  for (let r = 0; r < count; r++) {
    const list = select + (<usize>r * <usize>stride << 2);
    const c = load<i32>(list);
    if (c <= 0) continue;
    const h = h0 + r;
    let ui = hdr(ctx, H_QUERIES) + <usize>h * (<usize>dim << 2); // a query is used as given
    if (!queries) { // the unit row, as packed in the tiles
      ui = hdr(ctx, H_PACKB);
      const nrm = load<f32>(norms + (<usize>h << 2)), row = vectors + <usize>h * (<usize>dim << 2);
      for (let o: usize = 0, end = <usize>dim << 2; o < end; o += 4) store<f32>(ui + o, load<f32>(row + o) / nrm);
    }
    for (let e = 0; e < c; e += 4) {
      const p = list + (<usize>(e + 1) << 2);
      const c0 = load<i32>(p), c1 = e + 1 < c ? load<i32>(p, 4) : c0;
      const c2 = e + 2 < c ? load<i32>(p, 8) : c0, c3 = e + 3 < c ? load<i32>(p, 12) : c0;
      const s = exact4(ui, vectors, norms, dim, c0, c1, c2, c3);
      offer(ctx, r, f32x4.extract_lane(s, 0), c0);
      if (e + 1 < c) offer(ctx, r, f32x4.extract_lane(s, 1), c1);
      if (e + 2 < c) offer(ctx, r, f32x4.extract_lane(s, 2), c2);
      if (e + 3 < c) offer(ctx, r, f32x4.extract_lane(s, 3), c3);
    }
  }
}
