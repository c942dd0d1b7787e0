/**
 * The neighbour heap of the approximate engine (pynndescent's "heap" graph), as ONE structure of flat arrays:
 * n rows × K slots of neighbour indices (Int32), scores (Float32) and flags (Uint8: NEW, or OLD once a neighbour has
 * been used as a join candidate), on views the caller owns (the engine's: a shared buffer, ./graph-memory.ts).
 *
 * Each row is a binary heap with the entry ranked LAST at slot 0 (so a candidate only has to beat slot 0), in the
 * exact engine's rank order (../kernels/assembly/heap.ts): higher score first, equal scores by lower index, NaN
 * after every number (NaNs by index). Empty slots hold the sentinel (NaN, 0x7fffffff), ranked after everything.
 * push() is "push if better and not already present": the final set of a row is the K best of the distinct
 * candidates offered, whatever their order, so any visit order or split across threads gives the same rows.
 *
 * Layout in the region (16-aligned pieces): indices int32[n·K], scores float32[n·K], flags uint8[n·K]; row i at
 * slots [i·K, i·K + K). The engine's heap (./graph-memory.ts) keeps these in a shared buffer, and beside them, in the
 * model's WebAssembly memory, each row's threshold (slot 0's score) up to date for the gathered tile kernel.
 */
import { SENTINEL_INDEX } from '../kernels/layout.js';

export const FLAG_OLD = 0;
export const FLAG_NEW = 1;
export { SENTINEL_INDEX };

/** Whether (sa, ia) ranks before (sb, ib): the exact engine's order. */
export function before(sa: number, ia: number, sb: number, ib: number): boolean {
  if (sa > sb) return true;
  if (sa < sb) return false;
  if (sa === sb) return ia < ib;
  if (sa !== sa) return sb !== sb && ia < ib; // a NaN ranks after every number, NaNs by index
  return true; // sb is NaN, sa is not
}

/** Moves entry j of a heap of `size` entries (entry ranked last on top) down to its place: children rank before their parent. */
function siftDown(sc: Float32Array, idx: Int32Array, size: number, j: number): void {
  const s = sc[j], ix = idx[j];
  for (;;) {
    let c = 2 * j + 1;
    if (c >= size) break;
    let cs = sc[c], ci = idx[c];
    if (c + 1 < size && before(cs, ci, sc[c + 1], idx[c + 1])) { c++; cs = sc[c]; ci = idx[c]; }
    if (!before(s, ix, cs, ci)) break;
    sc[j] = cs; idx[j] = ci;
    j = c;
  }
  sc[j] = s; idx[j] = ix;
}

export class NeighborHeap {
  readonly indices: Int32Array;
  readonly scores: Float32Array;
  readonly flags: Uint8Array;
  /** float32[n]: each row's slot-0 score, kept up to date (a tile workspace's thresholds, read by the kernels), or null. */
  readonly thr: Float32Array | null;
  /** sortedRow's copy of a row. */
  private readonly sortIndices: Int32Array;
  private readonly sortScores: Float32Array;

  /**
   * A heap on given views, as they are (not emptied: a worker thread's view of the engine's heap, ./graph-thread.ts):
   * indices, scores and flags of n·K slots, and `thr`, float32[n] each row's slot-0 score for the gathered tile
   * kernel (a view of the model's WebAssembly memory), or null.
   */
  static on(n: number, K: number, indices: Int32Array, scores: Float32Array, flags: Uint8Array, thr: Float32Array | null): NeighborHeap {
    if (indices.length !== n * K || scores.length !== n * K || flags.length !== n * K || (thr && thr.length !== n)) throw new RangeError(`the heap's views must hold ${n} × ${K} slots`);
    return new NeighborHeap(n, K, indices, scores, flags, thr);
  }

  /** A heap on plain arrays (tests, small uses). */
  static plain(n: number, K: number): NeighborHeap {
    const heap = new NeighborHeap(n, K, new Int32Array(n * K), new Float32Array(n * K), new Uint8Array(n * K), null);
    heap.reset();
    return heap;
  }

  private constructor(readonly n: number, readonly K: number, indices: Int32Array, scores: Float32Array, flags: Uint8Array, thr: Float32Array | null) {
    if (!Number.isInteger(K) || K < 1) throw new RangeError(`K must be a whole number ≥ 1, got ${K}`);
    this.indices = indices;
    this.scores = scores;
    this.flags = flags;
    this.thr = thr;
    this.sortIndices = new Int32Array(K);
    this.sortScores = new Float32Array(K);
  }

  /** Sets every row from saved arrays (a checkpoint: indices, scores, flags of n·K slots as this heap holds them). */
  restore(indices: Int32Array, scores: Float32Array, flags: Uint8Array): void {
    const size = this.n * this.K;
    if (indices.length !== size || scores.length !== size || flags.length !== size) throw new RangeError(`restore: ${size} slots expected`);
    this.indices.set(indices);
    this.scores.set(scores);
    this.flags.set(flags);
    if (this.thr) for (let i = 0; i < this.n; i++) this.thr[i] = this.scores[i * this.K];
  }

  /** Empties every row. */
  reset(): void {
    this.indices.fill(SENTINEL_INDEX);
    this.scores.fill(NaN);
    this.flags.fill(FLAG_OLD);
    this.thr?.fill(NaN);
  }

  /** Whether (s, j) would enter row i's heap by rank (ignoring whether j is already there): a cheap prefilter. */
  beats(i: number, s: number, j: number): boolean {
    const at = i * this.K;
    return before(s, j, this.scores[at], this.indices[at]);
  }

  /**
   * Offers neighbour j with score s (a float32 value) to row i: it enters when it ranks before the row's last entry (slot 0) and j is
   * not in the row yet; the last entry then leaves. Returns whether the row changed.
   */
  push(i: number, s: number, j: number, flag: number): boolean {
    const K = this.K, at = i * K;
    const idx = this.indices, sc = this.scores;
    if (!before(s, j, sc[at], idx[at])) return false;
    for (let e = at, end = at + K; e < end; e++) if (idx[e] === j) return false;
    // replace slot 0 and sift down: children rank before their parent
    const fl = this.flags;
    let p = 0;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= K) break;
      let cs = sc[at + c], ci = idx[at + c];
      if (c + 1 < K) {
        const rs = sc[at + c + 1], ri = idx[at + c + 1];
        if (before(cs, ci, rs, ri)) { c++; cs = rs; ci = ri; } // the child ranked later
      }
      if (!before(s, j, cs, ci)) break;
      sc[at + p] = cs; idx[at + p] = ci; fl[at + p] = fl[at + c];
      p = c;
    }
    sc[at + p] = s; idx[at + p] = j; fl[at + p] = flag;
    if (this.thr) this.thr[i] = sc[at];
    return true;
  }

  /**
   * Row i's entries in rank order (best first), k of them into the outputs at `base`; missing ones −1, NaN. Returns
   * the number of entries. The heap stays as it is (the row is copied, then heap-sorted in the copy). With
   * `rowScores`, the row's filled entries are ranked by those scores instead (one per filled entry, in slot order:
   * the exact scores of a row whose heap holds approximate ones).
   */
  sortedRow(i: number, k: number, outIndices: Int32Array, outScores: Float32Array, base: number, rowScores?: ArrayLike<number>): number {
    const K = this.K, at = i * K;
    const si = this.sortIndices, ss = this.sortScores;
    let m = 0;
    for (let e = at; e < at + K; e++) {
      if (this.indices[e] === SENTINEL_INDEX) continue;
      si[m] = this.indices[e];
      ss[m] = rowScores ? rowScores[m] : this.scores[e];
      m++;
    }
    // heap sort of the copy: a heap with the entry ranked last on top, so popping it to the end leaves the best first
    for (let p = (m >> 1) - 1; p >= 0; p--) siftDown(ss, si, m, p);
    for (let last = m - 1; last > 0; last--) {
      const s = ss[0], ix = si[0];
      ss[0] = ss[last]; si[0] = si[last];
      ss[last] = s; si[last] = ix;
      siftDown(ss, si, last, 0);
    }
    const c = Math.min(k, m);
    for (let r = 0; r < c; r++) {
      outIndices[base + r] = si[r];
      outScores[base + r] = ss[r];
    }
    for (let r = c; r < k; r++) {
      outIndices[base + r] = -1;
      outScores[base + r] = NaN;
    }
    return c;
  }

  /** Number of filled slots of row i. */
  filled(i: number): number {
    let c = 0;
    for (let e = i * this.K, end = e + this.K; e < end; e++) if (this.indices[e] !== SENTINEL_INDEX) c++;
    return c;
  }
}
