/**
 * One thread's share of the approximate engine: the same code in a worker thread (./graph-worker.ts) or, for one
 * thread or the TypeScript scorer, in the main thread (./graph-threads.ts). Thread t of T owns rows
 * [o0, o1) = [⌊t·n/T⌋, ⌊(t+1)·n/T⌋): it is the only one to write their heap rows, their candidates and their flags.
 *
 * Work goes in phases, each ended by a barrier (the main thread awaits every thread):
 * - propose (forest / fill / join): blocks of rows are scored by the scorer (the gathered tile kernel), which
 *   writes the pairs that pass either row's threshold into this thread's proposal buffer; the heaps are only read.
 *   A phase stops when the buffer could overflow and says where to go on (a cursor), after the apply.
 * - apply: every thread reads every thread's proposals and pushes those whose row it owns (a pair feeds two rows:
 *   its owners each push their side), pynndescent's "updates applied by the owner of each row". No locks.
 * - candidates, then mark: NN-descent's sampling (./nn-descent.ts).
 *
 * Deterministic whatever the thread count: a row's final heap is the K best distinct candidates ever offered to it
 * (push is order-free, ./neighbor-heap.ts), a pair the threshold filter drops could never enter (thresholds only
 * rise), each tree has its own seed, the fill's generator is seeded per row, and candidates' priorities are a hash
 * of (iteration seed, pair), the candidate heaps ranked by (priority, index): order-free as the neighbour heap is.
 */
import { buildTree, wasmSplitter, jsSplitter, type PlaneSplitter, type TreeModel } from '../index/rp-forest.js';
import { hash32, Random } from '../random.js';
import { bufferOf } from '../kernels/tile-workspace.js';
import { graphViews, type GraphLayout } from './graph-memory.js';
import { FLAG_NEW, FLAG_OLD, NeighborHeap, SENTINEL_INDEX } from './neighbor-heap.js';
import type { PairScorer } from './block-scorer.js';

/**
 * The flag of an entry pushed in the current phase; settle() counts them (the phase's heap changes: entries now
 * in the heap that were not before, a count that does not depend on the order of the pushes) and makes them NEW.
 */
export const FLAG_FRESH = 2;

/** Tries of random candidates per missing neighbour, for rows the forest left short. */
export const RANDOM_TRIES = 3;

/** What a propose phase did: where the thread is now, and what it wrote. */
export interface Proposed {
  /** The next row (join, fill), or the forest's progress; ≥ o1 (join, fill) or `finished` (forest): the phase is done. */
  cursor: number;
  finished: boolean;
  /** Proposals in this thread's buffer. */
  written: number;
  /** Slot pairs scored. */
  pairs: number;
  /** Forest: trees this thread has finished so far. */
  trees: number;
}

/** The rows thread t of T owns: [⌊t·n/T⌋, ⌊(t+1)·n/T⌋). */
export function ownedRows(n: number, T: number, t: number): [number, number] {
  return [Math.floor((t * n) / T), Math.floor(((t + 1) * n) / T)];
}

export class GraphThread {
  readonly o0: number;
  readonly o1: number;
  readonly heap: NeighborHeap;
  private readonly v: ReturnType<typeof graphViews>;
  private readonly stamps: Int32Array;
  private readonly n: number;
  private readonly K: number;
  private readonly C: number;
  private readonly room: number;
  /** Every thread's proposals: int32 and float32 views of the same bytes (a, b, score per entry). */
  private readonly proposalsI: Int32Array[];
  private readonly proposalsS: Float32Array[];
  private readonly splitter: PlaneSplitter;
  private readonly perm: Int32Array;
  private readonly starts: Int32Array;
  private readonly side: Uint8Array;
  // the forest, as this thread goes through its trees t, t + T, ...
  private tree = -1;
  private leaves = 0;
  private leaf = 0;
  private treesDone = 0;

  constructor(private readonly l: GraphLayout, readonly t: number, private readonly scorer: PairScorer, private readonly treeModel: TreeModel, kernel: 'wasm' | 'js') {
    const T = l.threads;
    const n = (this.n = l.n);
    this.K = l.K;
    this.C = l.C;
    [this.o0, this.o1] = ownedRows(n, T, t);
    this.v = graphViews(l);
    this.heap = NeighborHeap.on(n, l.K, this.v.indices, this.v.scores, this.v.flags, this.v.thr);
    this.stamps = this.v.stamps.subarray(t * n, (t + 1) * n);
    this.room = l.proposals;
    const buffer = bufferOf(l.model.memory);
    this.proposalsI = l.perThread.map((p) => new Int32Array(buffer, p.proposals, 3 * l.proposals));
    this.proposalsS = l.perThread.map((p) => new Float32Array(buffer, p.proposals, 3 * l.proposals));
    const mine = l.perThread[t];
    this.perm = new Int32Array(buffer, mine.perm, n);
    this.starts = new Int32Array(buffer, mine.starts, n + 1);
    this.side = new Uint8Array(buffer, mine.side, n);
    const normal = new Float32Array(buffer, mine.normal, l.dim);
    this.splitter = kernel === 'wasm' ? wasmSplitter(l.model, normal) : jsSplitter(treeModel, normal);
  }

  /**
   * The forest: goes on with this thread's trees (t, t + T, ... of `seeds`, one generator state per tree), building
   * each and proposing every pair of each leaf, until the buffer could overflow or no tree is left.
   */
  forest(seeds: readonly number[], leafSize: number): Proposed {
    let written = 0, pairs = 0;
    for (;;) {
      if (this.leaf >= this.leaves) {
        if (this.tree >= 0) this.treesDone++;
        const next = this.tree < 0 ? this.t : this.tree + this.l.threads;
        this.tree = next;
        if (next >= seeds.length) return { cursor: this.treesDone, finished: true, written, pairs, trees: this.treesDone };
        this.leaves = buildTree(this.treeModel, leafSize, new Random(seeds[next]), this.perm, this.starts, this.side, this.splitter);
        this.leaf = 0;
      }
      for (; this.leaf < this.leaves; this.leaf++) {
        const a = this.starts[this.leaf], m = this.starts[this.leaf + 1] - a;
        if (written + (m * (m - 1)) / 2 > this.room) return { cursor: this.treesDone, finished: false, written, pairs, trees: this.treesDone };
        this.scorer.gather(this.perm, a, a + m);
        written += this.scorer.propose(m, written, this.room - written);
        pairs += (m * (m - 1)) / 2;
      }
    }
  }

  /**
   * Rows the forest left short (fewer than K neighbours): each gets up to RANDOM_TRIES random candidates per missing
   * neighbour (pynndescent's init_random), from a generator seeded by (seed, row). The counts of missing slots are
   * those when the phase began (kept in the thread's stamps meanwhile), whatever rounds it takes.
   */
  fill(seed: number, cursor: number): Proposed {
    const { o0, o1, K, n } = this;
    const missing = this.stamps;
    if (cursor === o0) for (let i = o0; i < o1; i++) missing[i] = K - this.heap.filled(i);
    let written = 0, pairs = 0, i = cursor;
    const s = this.scorer;
    for (; i < o1; i++) {
      const want = missing[i];
      if (want <= 0) continue;
      if (written + s.capacity > this.room) break;
      const random = new Random(hash32(seed, i));
      s.count = 0;
      s.add(i);
      for (let t = 0; t < RANDOM_TRIES * want && s.count < s.capacity; t++) {
        const j = random.below(n);
        if (j !== i) s.add(j);
      }
      written += s.propose(1, written, this.room - written);
      pairs += s.count - 1;
    }
    if (i >= o1) for (let r = o0; r < o1; r++) missing[r] = -1;
    return { cursor: i, finished: i >= o1, written, pairs, trees: 0 };
  }

  /**
   * NN-descent's sampling for the owned rows (pynndescent's new_build_candidates): every heap entry (i, j) has the
   * priority hash(seed, i xor j), one per pair whatever its direction or heap slot (and distinct within a row); row r keeps the C lowest-priority NEW entries among its own and its reverse ones
   * (j in row i's heap makes i a candidate of j), and separately the OLD ones. Every thread scans every row in the
   * same order, pushing only into the rows it owns.
   */
  candidates(seed: number): void {
    const { o0, o1, n, K, C } = this;
    const { indices, flags, newIdx, newPri, oldIdx, oldPri } = this.v;
    newIdx.fill(-1, o0 * C, o1 * C); oldIdx.fill(-1, o0 * C, o1 * C);
    newPri.fill(0xffffffff, o0 * C, o1 * C); oldPri.fill(0xffffffff, o0 * C, o1 * C);
    for (let i = 0; i < n; i++) {
      const ownI = i >= o0 && i < o1;
      for (let e = i * K, end = e + K; e < end; e++) {
        const j = indices[e];
        if (j === SENTINEL_INDEX) continue;
        const ownJ = j >= o0 && j < o1;
        if (!ownI && !ownJ) continue;
        const p = hash32(seed, i ^ j);
        if (flags[e] === FLAG_NEW) {
          if (ownI) pushCandidate(newIdx, newPri, C, i, p, j);
          if (ownJ) pushCandidate(newIdx, newPri, C, j, p, i);
        } else {
          if (ownI) pushCandidate(oldIdx, oldPri, C, i, p, j);
          if (ownJ) pushCandidate(oldIdx, oldPri, C, j, p, i);
        }
      }
    }
  }

  /** After candidates (a barrier between: every thread read the flags): owned entries sampled as new become OLD. */
  mark(): void {
    const { o0, o1, K, C } = this;
    const { indices, flags, newIdx } = this.v;
    const stamp = this.stamps;
    for (let i = o0; i < o1; i++) {
      for (let c = i * C, end = c + C; c < end; c++) if (newIdx[c] >= 0) stamp[newIdx[c]] = i;
      for (let e = i * K, end = e + K; e < end; e++) if (flags[e] === FLAG_NEW && indices[e] !== SENTINEL_INDEX && stamp[indices[e]] === i) flags[e] = FLAG_OLD;
      for (let c = i * C, end = c + C; c < end; c++) if (newIdx[c] >= 0) stamp[newIdx[c]] = -1;
    }
  }

  /** NN-descent's local joins of owned rows from `cursor`: new × new and new × old candidates, as one block each. */
  join(cursor: number): Proposed {
    const { o1, C } = this;
    const { newIdx, oldIdx } = this.v;
    const s = this.scorer;
    const rowPairs = (C * (C - 1)) / 2 + C * C;
    let written = 0, pairs = 0, i = cursor;
    for (; i < o1; i++) {
      if (written + rowPairs > this.room) break;
      s.count = 0;
      for (let e = i * C, end = e + C; e < end; e++) if (newIdx[e] >= 0) s.add(newIdx[e]);
      const nNew = s.count;
      if (nNew === 0) continue;
      for (let e = i * C, end = e + C; e < end; e++) if (oldIdx[e] >= 0) s.add(oldIdx[e]);
      written += s.propose(nNew, written, this.room - written);
      pairs += nNew * s.count - (nNew * (nNew + 1)) / 2;
    }
    return { cursor: i, finished: i >= o1, written, pairs, trees: 0 };
  }

  /** Owned entries pushed since the last settle (FLAG_FRESH) become NEW; returns how many. */
  settle(): number {
    const flags = this.v.flags;
    let fresh = 0;
    for (let e = this.o0 * this.K, end = this.o1 * this.K; e < end; e++) {
      if (flags[e] === FLAG_FRESH) {
        flags[e] = FLAG_NEW;
        fresh++;
      }
    }
    return fresh;
  }

  /** Pushes every thread's proposals (counts[u] of thread u's buffer) into the owned rows (FLAG_FRESH); returns the pushes that changed a row. */
  apply(counts: readonly number[]): number {
    const { o0, o1, heap } = this;
    const thr = this.v.thr;
    let updates = 0;
    for (let u = 0; u < counts.length; u++) {
      const I = this.proposalsI[u], S = this.proposalsS[u];
      for (let p = 0, e = 0, end = counts[u]; p < end; p++, e += 3) {
        const a = I[e], b = I[e + 1], s = S[e + 2];
        // the thresholds first (a small array, in cache): most proposals enter neither heap, or only one
        if (a >= o0 && a < o1 && !(s < thr[a]) && heap.push(a, s, b, FLAG_FRESH)) updates++;
        if (b >= o0 && b < o1 && !(s < thr[b]) && heap.push(b, s, a, FLAG_FRESH)) updates++;
      }
    }
    return updates;
  }
}

/** Whether candidate (p, j) ranks before (q, k): the lower priority, then the lower index (empty slots: 2³² − 1, −1 last). */
function earlier(p: number, j: number, q: number, k: number): boolean {
  return p < q || (p === q && (k < 0 || (j >= 0 && j < k)));
}

/**
 * Row r's candidate heap (C slots, the one ranked last at slot 0): (p, j) enters when it ranks before slot 0 and j
 * is not there yet. A total order and one priority per pair: the row's final candidates do not depend on the order
 * of the pushes.
 */
function pushCandidate(idx: Int32Array, pri: Uint32Array, C: number, r: number, p: number, j: number): void {
  const at = r * C;
  if (!earlier(p, j, pri[at], idx[at])) return;
  for (let e = at, end = at + C; e < end; e++) if (idx[e] === j) return;
  let q = 0;
  for (;;) {
    let c = 2 * q + 1;
    if (c >= C) break;
    if (c + 1 < C && earlier(pri[at + c], idx[at + c], pri[at + c + 1], idx[at + c + 1])) c++;
    if (!earlier(p, j, pri[at + c], idx[at + c])) break;
    pri[at + q] = pri[at + c]; idx[at + q] = idx[at + c];
    q = c;
  }
  pri[at + q] = p; idx[at + q] = j;
}
