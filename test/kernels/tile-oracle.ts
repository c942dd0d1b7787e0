/**
 * The tile kernel's oracle: a plain TypeScript version of src/kernels/assembly/tiles.ts, written as directly as
 * possible, for the tests to hold the WebAssembly kernel to. It works on the same workspace region (a TileWorkspace
 * is a TileRegionView), the same heaps, and computes bit-identical scores (u[p] = v[p] / norm in float32, then
 * s = Σ_p u_i[p]·u_j[p] summed over p in order with one float32 multiply and one float32 add per term), so it may be
 * mixed with the WebAssembly kernel on one region. (It was a production fallback for runtimes without WebAssembly
 * SIMD128; every runtime simdict supports, Node.js ≥ 20 and current browsers, has it.)
 */
import { before, siftDown } from '../../src/kernels/heap.js';
import type { TileWorkspace } from '../../src/kernels/tile-workspace.js';
import type { TopKResult } from '../../src/kernels/types.js';

const f = Math.fround;
const SENTINEL = 0x7fffffff;
/** Rows of candidates unit-normalised at a time. */
const CHUNK = 256;

/** Where a workspace's pieces are: byte offsets into `buffer()` (the live buffer of the shared memory). */
export interface TileRegionView {
  buffer(): ArrayBufferLike;
  readonly vectorsOffset: number;
  readonly normsOffset: number;
  readonly rows: number;
  readonly dim: number;
  readonly k: number;
  readonly heaps: number;
  readonly scoresOffset: number;
  readonly indicesOffset: number;
  readonly thrOffset: number;
  readonly queriesOffset: number;
}

/** Typed views of a region's heaps. */
export class Heaps {
  readonly hs: Float32Array;
  readonly hi: Int32Array;
  readonly thr: Float32Array;
  readonly k: number;

  constructor(view: TileRegionView) {
    const buffer = view.buffer();
    this.k = view.k;
    this.hs = new Float32Array(buffer, view.scoresOffset, view.heaps * view.k);
    this.hi = new Int32Array(buffer, view.indicesOffset, view.heaps * view.k);
    this.thr = new Float32Array(buffer, view.thrOffset, view.heaps);
  }

  /** Offers (s, ix) to heap h. */
  offer(h: number, s: number, ix: number): void {
    const { hs, hi, k } = this;
    const base = h * k;
    if (before(s, ix, hs[base], hi[base])) {
      hs[base] = s; hi[base] = ix;
      siftDown(hs, hi, base, k, 0);
      this.thr[h] = hs[base];
    }
  }

  reset(h0: number, h1: number): void {
    this.hs.fill(NaN, h0 * this.k, h1 * this.k);
    this.hi.fill(SENTINEL, h0 * this.k, h1 * this.k);
    this.thr.fill(NaN, h0, h1);
  }

  /** Heaps [h0, h1) in rank order, best first, sentinels as (NaN, -1); the heaps are left as they are. */
  rows(h0: number, h1: number): TopKResult {
    const k = this.k;
    const indices = new Int32Array((h1 - h0) * k), scores = new Float32Array((h1 - h0) * k);
    const order = Array.from({ length: k }, (_, i) => i);
    for (let h = h0; h < h1; h++) {
      const base = h * k, out = (h - h0) * k;
      order.sort((a, b) => (before(this.hs[base + a], this.hi[base + a], this.hs[base + b], this.hi[base + b]) ? -1 : 1));
      for (let e = 0; e < k; e++) {
        const ix = this.hi[base + order[e]];
        indices[out + e] = ix === SENTINEL ? -1 : ix;
        scores[out + e] = this.hs[base + order[e]];
      }
      for (let e = 0; e < k; e++) order[e] = e;
    }
    return { indices, scores };
  }

  merge(other: Heaps, h0: number, h1: number): void {
    for (let e = h0 * this.k, end = h1 * this.k; e < end; e++) {
      if (other.hi[e] !== SENTINEL) this.offer(Math.floor(e / this.k), other.hs[e], other.hi[e]);
    }
  }
}

/** Unit rows [r0, r1) of a row-major float32 matrix: x / norm per element, rounded to float32 (norm 1: as given). */
function unitRows(V: Float32Array, norms: Float32Array | null, dim: number, r0: number, r1: number): Float32Array {
  const out = new Float32Array((r1 - r0) * dim);
  for (let r = r0; r < r1; r++) {
    const n = norms ? norms[r] : 1;
    for (let p = 0, at = r * dim, o = (r - r0) * dim; p < dim; p++) out[o + p] = V[at + p] / n;
  }
  return out;
}

/** Σ_p a[ao + p]·b[bo + p] in float32, p in order. */
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number): number {
  let s = 0;
  for (let p = 0; p < dim; p++) s = f(s + f(a[ao + p] * b[bo + p]));
  return s;
}

/** tile() of ./assembly/tiles.ts: flags & 1 columns, flags & 2 excludeSelf. */
export function tileJs(view: TileRegionView, i0: number, i1: number, j0: number, j1: number, flags: number): void {
  if (i1 <= i0 || j1 <= j0) return;
  const buffer = view.buffer(), dim = view.dim;
  const V = new Float32Array(buffer, view.vectorsOffset, view.rows * dim);
  const norms = new Float32Array(buffer, view.normsOffset, view.rows);
  const A = unitRows(V, norms, dim, i0, i1);
  run(view, A, i0, i0, i1 - i0, V, norms, j0, j1, flags);
}

/** tileQueries() of ./assembly/tiles.ts. */
export function tileQueriesJs(view: TileRegionView, q0: number, q1: number, j0: number, j1: number): void {
  if (q1 <= q0 || j1 <= j0) return;
  const buffer = view.buffer(), dim = view.dim;
  const V = new Float32Array(buffer, view.vectorsOffset, view.rows * dim);
  const norms = new Float32Array(buffer, view.normsOffset, view.rows);
  const A = unitRows(new Float32Array(buffer, view.queriesOffset, view.heaps * dim), null, dim, q0, q1);
  run(view, A, q0, -1, q1 - q0, V, norms, j0, j1, 0);
}

function run(view: TileRegionView, A: Float32Array, h0: number, self0: number, rowsA: number,
  V: Float32Array, norms: Float32Array, j0: number, j1: number, flags: number): void {
  const heaps = new Heaps(view), thr = heaps.thr, dim = view.dim;
  const columns = (flags & 1) !== 0, exclude = (flags & 2) !== 0;
  const block = new Float32Array(16);
  const offer = (r: number, j: number, s: number): void => {
    const h = h0 + r, self = self0 + r;
    if (exclude && j === self) return;
    if (!(s < thr[h])) heaps.offer(h, s, j);
    if (columns && !(s < thr[j])) heaps.offer(j, s, self);
  };
  for (let c0 = j0; c0 < j1; c0 += CHUNK) {
    const c1 = Math.min(c0 + CHUNK, j1);
    const B = unitRows(V, norms, dim, c0, c1);
    const rows4 = rowsA & ~3, cols4 = c0 + ((c1 - c0) & ~3);
    for (let r = 0; r < rows4; r += 4) {
      for (let j = c0; j < cols4; j += 4) {
        dot4x4(A, r * dim, B, (j - c0) * dim, dim, block);
        for (let e = 0; e < 16; e++) offer(r + (e >> 2), j + (e & 3), block[e]);
      }
      for (let j = cols4; j < c1; j++) for (let rr = r; rr < r + 4; rr++) offer(rr, j, dot(A, rr * dim, B, (j - c0) * dim, dim));
    }
    for (let r = rows4; r < rowsA; r++) for (let j = c0; j < c1; j++) offer(r, j, dot(A, r * dim, B, (j - c0) * dim, dim));
  }
}

/**
 * The 16 scores of rows a, a + dim, ..., a + 3·dim of A with rows b .. b + 3·dim of B, each summed over p in order
 * in float32 (16 independent sums: the same values as dot(), four times faster). out[4r + c].
 */
function dot4x4(A: Float32Array, a: number, B: Float32Array, b: number, dim: number, out: Float32Array): void {
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  const a1 = a + dim, a2 = a1 + dim, a3 = a2 + dim, b1 = b + dim, b2 = b1 + dim, b3 = b2 + dim;
  for (let p = 0; p < dim; p++) {
    const x0 = A[a + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p];
    const y0 = B[b + p], y1 = B[b1 + p], y2 = B[b2 + p], y3 = B[b3 + p];
    s00 = f(s00 + f(x0 * y0)); s01 = f(s01 + f(x0 * y1)); s02 = f(s02 + f(x0 * y2)); s03 = f(s03 + f(x0 * y3));
    s10 = f(s10 + f(x1 * y0)); s11 = f(s11 + f(x1 * y1)); s12 = f(s12 + f(x1 * y2)); s13 = f(s13 + f(x1 * y3));
    s20 = f(s20 + f(x2 * y0)); s21 = f(s21 + f(x2 * y1)); s22 = f(s22 + f(x2 * y2)); s23 = f(s23 + f(x2 * y3));
    s30 = f(s30 + f(x3 * y0)); s31 = f(s31 + f(x3 * y1)); s32 = f(s32 + f(x3 * y2)); s33 = f(s33 + f(x3 * y3));
  }
  out[0] = s00; out[1] = s01; out[2] = s02; out[3] = s03; out[4] = s10; out[5] = s11; out[6] = s12; out[7] = s13;
  out[8] = s20; out[9] = s21; out[10] = s22; out[11] = s23; out[12] = s30; out[13] = s31; out[14] = s32; out[15] = s33;
}

/** A workspace's region driven by the oracle instead of the WebAssembly kernel: the same calls, the same results. */
export class OracleTiles {
  constructor(readonly workspace: TileWorkspace) {}

  tile(i0: number, i1: number, j0: number, j1: number, columns = false, excludeSelf = false): void {
    tileJs(this.workspace, i0, i1, j0, j1, (columns ? 1 : 0) | (excludeSelf ? 2 : 0));
  }

  tileQueries(q0: number, q1: number, j0: number, j1: number): void {
    tileQueriesJs(this.workspace, q0, q1, j0, j1);
  }

  tileList(heaps: readonly number[], j0: number, j1: number, excludeSelf = true): void {
    for (const r of heaps) tileJs(this.workspace, r, r + 1, j0, j1, excludeSelf ? 2 : 0);
  }

  setQueries(vectors: Float32Array, q0 = 0): void {
    this.workspace.setQueries(vectors, q0);
  }

  resetHeaps(h0 = 0, h1 = this.workspace.heaps): void {
    new Heaps(this.workspace).reset(h0, h1);
  }

  rowsResult(r0: number, r1: number): TopKResult {
    return new Heaps(this.workspace).rows(r0, r1);
  }
}
