/**
 * One thread's share of the approximate engine: the same code in a worker thread (./graph-worker.ts) or, for one
 * thread or the TypeScript scorer, in the main thread (./graph-threads.ts). Thread t of T owns rows [o0, o1),
 * at first [⌊t·n/T⌋, ⌊(t+1)·n/T⌋) and, from each NN-descent iteration's joins on, bounds that give every thread the
 * same cost of joins (./nn-descent.ts): it is the only one to write their heap rows, their candidates and their flags.
 *
 * Work goes in phases, each ended by a barrier (the main thread awaits every thread):
 * - propose (forest / fill / join; the joins' rows claimed from a shared counter by any thread): blocks of rows are
 *   scored by the scorer (the gathered tile kernel), which writes the pairs that pass either row's threshold into
 *   this thread's proposal buffer; the heaps are only read. A phase stops when the buffer could overflow and says
 *   where to go on (a cursor), after the apply.
 * - apply: every thread reads every thread's proposals and pushes those whose row it owns (a pair feeds two rows:
 *   its owners each push their side), pynndescent's "updates applied by the owner of each row". No locks. The sides
 *   are sorted by row bucket first, for the cache.
 * - candidates, then mark: NN-descent's sampling (./nn-descent.ts).
 *
 * Deterministic whatever the thread count: a row's final heap is the K best distinct candidates ever offered to it
 * (push is order-free, ./neighbor-heap.ts), a pair the threshold filter drops could never enter (thresholds only
 * rise), each tree has its own seed, the fill's generator is seeded per row, and candidates' priorities are a hash
 * of (iteration seed, pair), a row's candidates the C first by (priority, index), a total order: the set kept is the
 * same whatever the order of the entries, as the neighbour heap's is.
 */
import { buildTree } from '../index/rp-forest.js';
import { jsSplitter, sweepNodes, wasmSplitter, type PlaneSplitter, type TreeModel } from '../index/plane-splitter.js';
import { hash32, Random } from '../random.js';
import { bufferOf } from '../kernels/tile-workspace.js';
import { APPLY_SHIFT, applyViews, graphViews, quantizeGraphRows, type GraphLayout } from './graph-memory.js';
import { FLAG_NEW, FLAG_OLD, NeighborHeap, SENTINEL_INDEX } from './neighbor-heap.js';
import { keepSmallest } from './keep-smallest.js';
import { kthFloat32 } from '../index/kth-float32.js';
import { TileQuantized } from '../kernels/tile-int8.js';
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

/** The rows of a block of the joins' costs (GraphThread.mark). */
export const JOIN_BLOCK = 1024;

/** Rows a thread claims at a time for its joins (GraphThread.join; fewer where the buffer holds fewer rows' pairs). */
export const JOIN_CLAIM = 64;

/** The joins' shared control words (graphViews' `control`): the next claim's number, and the round's stop flag. */
export const JOIN_NEXT = 0;
export const JOIN_STOP = 1;

/**
 * The cost of gathering one row into a join's block, in scored pairs: a random row of the model, from memory, against
 * a pair's dot in the kernel (measured on GloVe 341k: with pairs alone the first of 2 threads took up to 1.9x the
 * other's time in the late iterations, where rows have few new candidates).
 */
export const JOIN_ROW_COST = 32;

/** The join's cost of a thread's rows per block of JOIN_BLOCK rows, from block `first`. */
export interface JoinCosts {
  first: number;
  costs: number[];
}

/** The rows thread t of T owns at first: [⌊t·n/T⌋, ⌊(t+1)·n/T⌋). */
export function ownedRows(n: number, T: number, t: number): [number, number] {
  return [Math.floor((t * n) / T), Math.floor(((t + 1) * n) / T)];
}

export class GraphThread {
  /** The rows this thread owns, [o0, o1): ownedRows at first, then as NN-descent moves them (own). */
  o0: number;
  o1: number;
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
  private readonly dots: Float32Array;
  private readonly applyScratch: ReturnType<typeof applyViews>;
  /**
   * candidates(): the new and the old candidates of the row being chosen, with their priorities, when there are over
   * C of either (grown to the longest such list: its own K entries and its reverse ones).
   */
  private newPri = new Uint32Array(0);
  private newSel = new Int32Array(0);
  private oldPri = new Uint32Array(0);
  private oldSel = new Int32Array(0);
  // the forest, as this thread goes through its trees t, t + T, ...
  private tree = -1;
  private leaves = 0;
  private leaf = 0;
  private treesDone = 0;
  private treesStarted = 0;

  constructor(private readonly l: GraphLayout, readonly t: number, private readonly scorer: PairScorer, private readonly treeModel: TreeModel, kernel: 'wasm' | 'js') {
    const T = l.threads;
    const n = (this.n = l.n);
    this.K = l.K;
    this.C = l.C;
    [this.o0, this.o1] = ownedRows(n, T, t);
    this.v = graphViews(l);
    this.applyScratch = applyViews(l, t);
    this.heap = NeighborHeap.on(n, l.K, this.v.indices, this.v.scores, this.v.flags, this.v.thr);
    this.stamps = this.v.stamps.subarray(t * n, (t + 1) * n);
    this.room = l.proposals;
    const buffer = bufferOf(l.model.memory);
    this.proposalsI = l.perThread.map((p) => new Int32Array(buffer, p.proposals, 3 * l.proposals));
    this.proposalsS = l.perThread.map((p) => new Float32Array(buffer, p.proposals, 3 * l.proposals));
    const mine = l.perThread[t];
    this.perm = new Int32Array(buffer, mine.perm, n);
    this.starts = new Int32Array(buffer, mine.starts, n + 1);
    this.dots = new Float32Array(buffer, mine.dots, n);
    const arrays = { normal: new Float32Array(buffer, mine.normal, l.dim), nodeOf: new Int32Array(buffer, mine.nodeOf, n), normals: new Float32Array(buffer, mine.normals, sweepNodes(n, l.dim) * l.dim) };
    this.splitter = kernel === 'wasm' ? wasmSplitter(l.model, arrays) : jsSplitter(treeModel, arrays);
  }

  /**
   * The forest: goes on with this thread's trees (t, t + T, ... of `seeds`, one generator state per tree), building
   * each and proposing every pair of each leaf, until the buffer could overflow, a tree is finished or no tree is
   * left.
   */
  forest(seeds: readonly number[], leafSize: number): Proposed {
    let written = 0, pairs = 0;
    for (;;) {
      if (this.leaf >= this.leaves) {
        if (this.tree >= 0 && this.treesDone === this.treesStarted - 1) {
          this.treesDone++;
          // a finished tree ends the round (its pairs applied, the progress told) unless it proposed nothing
          if (written > 0) return { cursor: this.treesDone, finished: false, written, pairs, trees: this.treesDone };
        }
        const next = this.tree < 0 ? this.t : this.tree + this.l.threads;
        this.tree = next;
        if (next >= seeds.length) return { cursor: this.treesDone, finished: true, written, pairs, trees: this.treesDone };
        this.leaves = buildTree(this.treeModel, leafSize, new Random(seeds[next]), this.perm, this.starts, this.dots, this.splitter);
        this.treesStarted++;
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

  /** Quantises the rows this thread owns at first (ownedRows) into the layout's quantised rows (GraphShape.quantized). */
  quantize(): void {
    const [r0, r1] = ownedRows(this.n, this.l.threads, this.t);
    quantizeGraphRows(this.l, r0, r1);
  }

  /**
   * Once the graph is built on the quantised rows (GraphShape.quantized): the exact float32 score, in place of its
   * approximate one, of every entry of the rows this thread owns at first (ownedRows) that may be among the row's k
   * best. The int8 path's selection rule (../kernels/tile-int8.ts): with a_k the row's k-th best approximate score and
   * ε_i its error bound, every exact top-k member of the row's entries has a ≥ a_k − 2ε_i, and an entry below that
   * ranks after all of them, so the rows read out are those of rescoring every entry. Rows with fewer than k finite
   * scores are rescored whole. The heap order is not kept (nothing is pushed after this; the read-out sorts each row).
   */
  rescore(k: number): void {
    const s = this.scorer, K = this.K, indices = this.v.indices, scores = this.v.scores;
    if (!s.scoreRow) throw new Error('rescore() needs the gathered tile kernel');
    const quantized = TileQuantized.attach(this.l.model.memory as WebAssembly.Memory, this.l.quant);
    const finite = new Float32Array(K), keys = new Uint32Array(K);
    const finiteViews = Array.from({ length: K + 1 }, (_, m) => finite.subarray(0, m));
    const [r0, r1] = ownedRows(this.n, this.l.threads, this.t);
    for (let i = r0; i < r1; i++) {
      const at = i * K;
      let f = 0;
      for (let e = at; e < at + K; e++) if (indices[e] !== SENTINEL_INDEX && Number.isFinite(scores[e])) finite[f++] = scores[e];
      const cut = f >= k ? kthFloat32(finiteViews[f], f - k, keys) - 2 * quantized.bound(i) * (1 + 1e-9) : -Infinity;
      s.count = 0;
      for (let e = at; e < at + K; e++) if (indices[e] !== SENTINEL_INDEX && !(scores[e] < cut)) s.add(indices[e]);
      if (s.count === 0) continue;
      const exact = s.scoreRow(i);
      for (let e = at, c = 0; e < at + K; e++) if (indices[e] !== SENTINEL_INDEX && !(scores[e] < cut)) scores[e] = exact[c++];
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

  /** Grows candidates()' scratch to hold m entries. */
  private reserveScratch(m: number): void {
    if (m <= this.newSel.length) return;
    const size = Math.max(m, 2 * this.newSel.length);
    this.newPri = new Uint32Array(size); this.newSel = new Int32Array(size);
    this.oldPri = new Uint32Array(size); this.oldSel = new Int32Array(size);
  }

  /** Owns rows [bounds[t], bounds[t + 1]) from now on (every thread the same bounds, each row owned by one thread at a time). */
  own(bounds: readonly number[]): void {
    this.o0 = bounds[this.t];
    this.o1 = bounds[this.t + 1];
  }

  /**
   * NN-descent's sampling, step 1 of 2: the reverse degree of each owned row r, the heap entries (i → r) of every row
   * i; 0 for a row with no new candidate, own or reverse (it is not joined, so its reverse entries are not gathered:
   * most rows late in the descent). (Between the steps a barrier: step 2 reads every thread's degrees.)
   */
  degrees(): void {
    const { o0, o1, K } = this;
    const { indices, flags, degree, revAt } = this.v;
    const fresh = revAt; // until step 2 sets the offsets: 1 for a row with a new candidate
    degree.fill(0, o0, o1);
    fresh.fill(0, o0, o1);
    for (let e = 0, end = indices.length; e < end; e++) {
      const j = indices[e];
      if (j >= o0 && j < o1) {
        degree[j]++;
        if (flags[e] === FLAG_NEW) fresh[j] = 1;
      }
    }
    for (let r = o0; r < o1; r++) {
      if (fresh[r] === 0) for (let e = r * K, end = e + K; e < end; e++) if (flags[e] === FLAG_NEW && indices[e] !== SENTINEL_INDEX) { fresh[r] = 1; break; }
      if (fresh[r] === 0) degree[r] = 0;
    }
  }

  /**
   * Step 2 (pynndescent's new_build_candidates): every heap entry (i, j) has the priority hash(seed, i xor j), one per
   * pair whatever its direction or heap slot; owned row r keeps the C lowest-priority NEW candidates among its own
   * entries and its reverse ones (j in row i's heap makes i a candidate of j), and separately the OLD ones (ties by
   * the lower index). The reverse entries are first gathered per row (each thread's rows at their own offsets in
   * `reverse`: after the degrees of the rows before them), then each row's candidates are chosen, a mark per own
   * entry telling a reverse entry that repeats one (i and r in each other's heaps with the same flag). A row with no
   * new candidate keeps none at all (it is not joined: its old ones would not be used), a list of at most C is
   * taken whole without priorities (on GloVe 341k most rows from the fourth iteration), and a longer one is cut to its
   * C first by quickselect (./keep-smallest.ts; on GloVe 341k a heap of C slots took 1.1x to 1.4x its time, the most in the first iteration).
   */
  candidates(seed: number): void {
    const { o0, o1, n, K, C } = this;
    const { indices, flags, newIdx, oldIdx, degree, revAt, reverse } = this.v;
    const cursor = this.stamps; // −1 between uses
    let at = 0;
    for (let r = 0; r < o0; r++) at += degree[r];
    for (let r = o0; r < o1; r++) {
      revAt[r] = cursor[r] = at;
      at += degree[r];
    }
    for (let i = 0, e = 0; i < n; i++) {
      for (const end = e + K; e < end; e++) {
        const j = indices[e];
        if (j >= o0 && j < o1 && degree[j] > 0) reverse[cursor[j]++] = flags[e] === FLAG_NEW ? i : ~i;
      }
    }
    cursor.fill(-1, o0, o1);
    newIdx.fill(-1, o0 * C, o1 * C); oldIdx.fill(-1, o0 * C, o1 * C);
    const mark = this.stamps; // mark[j] = 2r + 1: j is a NEW entry of row r, 2r: an OLD one
    for (let r = o0; r < o1; r++) {
      const rc = r * C, r2 = 2 * r;
      // count first: a row with no new candidate is not joined, so its old ones are not chosen at all; a list of
      // at most C is taken whole, without priorities (the C first of at most C: all of them)
      let nNew = 0, nOld = 0;
      for (let e = r * K, end = e + K; e < end; e++) {
        const j = indices[e];
        if (j === SENTINEL_INDEX) continue;
        const isNew = flags[e] === FLAG_NEW ? 1 : 0;
        mark[j] = r2 + isNew;
        nNew += isNew; nOld += 1 - isNew;
      }
      for (let q = revAt[r], end = q + degree[r]; q < end; q++) {
        const v = reverse[q];
        if (v >= 0) { if (mark[v] !== r2 + 1) nNew++; } else if (mark[~v] !== r2) nOld++;
      }
      if (nNew > 0) {
        // a list of over C entries is gathered with its priorities into the scratch, then cut to its C first
        // (keepSmallest); one of at most C is taken whole, straight into the row's candidates
        const cutNew = nNew > C, cutOld = nOld > C;
        if (cutNew) this.reserveScratch(nNew);
        if (cutOld) this.reserveScratch(nOld);
        const { newPri, newSel, oldPri, oldSel } = this;
        const toNew = cutNew ? newSel : newIdx, toOld = cutOld ? oldSel : oldIdx;
        let an = cutNew ? 0 : rc, ao = cutOld ? 0 : rc; // the next slot
        for (let e = r * K, end = e + K; e < end; e++) {
          const j = indices[e];
          if (j === SENTINEL_INDEX) continue;
          if (flags[e] === FLAG_NEW) {
            if (cutNew) newPri[an] = hash32(seed, r ^ j);
            toNew[an++] = j;
          } else {
            if (cutOld) oldPri[ao] = hash32(seed, r ^ j);
            toOld[ao++] = j;
          }
        }
        for (let q = revAt[r], end = q + degree[r]; q < end; q++) {
          const v = reverse[q];
          if (v >= 0) {
            if (mark[v] === r2 + 1) continue;
            if (cutNew) newPri[an] = hash32(seed, r ^ v);
            toNew[an++] = v;
          } else {
            const i = ~v;
            if (mark[i] === r2) continue;
            if (cutOld) oldPri[ao] = hash32(seed, r ^ i);
            toOld[ao++] = i;
          }
        }
        if (cutNew) {
          keepSmallest(newPri, newSel, nNew, C);
          newIdx.set(newSel.subarray(0, C), rc);
        }
        if (cutOld) {
          keepSmallest(oldPri, oldSel, nOld, C);
          oldIdx.set(oldSel.subarray(0, C), rc);
        }
      }
      for (let e = r * K, end = e + K; e < end; e++) if (indices[e] !== SENTINEL_INDEX) mark[indices[e]] = -1;
    }
  }

  /**
   * After candidates (a barrier between: every thread read the flags): owned entries sampled as new become OLD.
   * Returns the join's cost of the owned rows, per block of JOIN_BLOCK rows (block `first` on; a block the bounds cut
   * is counted in part by each side): per row 1, and for a row with new candidates its pairs and JOIN_ROW_COST per
   * candidate gathered, so that the main thread can cut the joins evenly.
   */
  mark(): JoinCosts {
    const { o0, o1, K, C } = this;
    const { indices, flags, newIdx, oldIdx } = this.v;
    const stamp = this.stamps;
    const first = Math.floor(o0 / JOIN_BLOCK), costs: number[] = [];
    for (let i = o0; i < o1; i++) {
      let nNew = 0, nOld = 0;
      for (let c = i * C, end = c + C; c < end; c++) if (newIdx[c] >= 0) { stamp[newIdx[c]] = i; nNew++; }
      for (let e = i * K, end = e + K; e < end; e++) if (flags[e] === FLAG_NEW && indices[e] !== SENTINEL_INDEX && stamp[indices[e]] === i) flags[e] = FLAG_OLD;
      for (let c = i * C, end = c + C; c < end; c++) if (newIdx[c] >= 0) stamp[newIdx[c]] = -1;
      if (nNew > 0) for (let c = i * C, end = c + C; c < end; c++) if (oldIdx[c] >= 0) nOld++;
      const b = Math.floor(i / JOIN_BLOCK) - first;
      costs[b] = (costs[b] ?? 0) + 1 + (nNew > 0 ? JOIN_ROW_COST * (nNew + nOld) + (nNew * (nNew - 1)) / 2 + nNew * nOld : 0);
    }
    return { first, costs };
  }

  /**
   * NN-descent's local joins, new × new and new × old candidates as one block per row, of blocks of rows claimed one
   * at a time from a shared counter (control[JOIN_NEXT]; any thread may join any row: a join only reads the row's
   * candidates, its proposals go to the rows' owners in the apply). Claim c is block (c · stride) mod blocks: the
   * rows joined in any round are spread over all of [0, n), so that every owner gets its share of the round's
   * proposals (in the model's order, GloVe's by frequency, a word's neighbours are mostly near it: joined in order,
   * the first half's owner would apply most of the early rounds and the other most of the late ones). A thread
   * claims while its buffer has room for a whole claim; when not, it raises the round's stop flag (control[JOIN_STOP])
   * and every thread returns after its current claim, so that a round ends when the first buffer is full, not the
   * last. `cursor` in the answer: the rows claimed so far.
   */
  join(): Proposed {
    const { n, C } = this;
    const { newIdx, oldIdx, control } = this.v;
    const s = this.scorer;
    const rowPairs = (C * (C - 1)) / 2 + C * C; // the most one row's join writes (the buffer holds at least one)
    const claim = Math.max(1, Math.min(JOIN_CLAIM, Math.floor(this.room / rowPairs))), claimPairs = claim * rowPairs;
    const blocks = Math.ceil(n / claim), stride = coprimeStride(blocks);
    let written = 0, pairs = 0, finished = false;
    for (;;) {
      if (Atomics.load(control, JOIN_STOP) !== 0) break;
      if (written + claimPairs > this.room) {
        Atomics.store(control, JOIN_STOP, 1);
        break;
      }
      const c = Atomics.add(control, JOIN_NEXT, 1);
      if (c >= blocks) {
        finished = true;
        break;
      }
      const first = ((c * stride) % blocks) * claim;
      for (let i = first, end = Math.min(n, first + claim); i < end; i++) {
        s.count = 0;
        for (let e = i * C, stop = e + C; e < stop; e++) if (newIdx[e] >= 0) s.add(newIdx[e]);
        const nNew = s.count;
        if (nNew === 0) continue;
        for (let e = i * C, stop = e + C; e < stop; e++) if (oldIdx[e] >= 0) s.add(oldIdx[e]);
        written += s.propose(nNew, written, this.room - written);
        pairs += nNew * s.count - (nNew * (nNew + 1)) / 2;
      }
    }
    return { cursor: Math.min(n, Math.min(blocks, Atomics.load(control, JOIN_NEXT)) * claim), finished, written, pairs, trees: 0 };
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

  /**
   * Pushes every thread's proposals (counts[u] of thread u's buffer) into the owned rows (FLAG_FRESH); returns the
   * pushes that changed a row. A side the kernel found already in its heap (~row, negative: the kernel's note) is
   * not pushed. Each buffer in turn: its sides for owned rows that pass the row's threshold are first
   * sorted into buckets of 2^APPLY_SHIFT rows (a counting sort), then pushed bucket by bucket, so that the heap rows
   * a bucket's pushes touch are in cache rather than one random row per push.
   */
  apply(counts: readonly number[]): number {
    const { o0, o1, heap } = this;
    const thr = this.v.thr;
    const { sides, sideScores, buckets } = this.applyScratch;
    const nb = ((o1 - o0) >> APPLY_SHIFT) + 1;
    let updates = 0;
    for (let u = 0; u < counts.length; u++) {
      const I = this.proposalsI[u], S = this.proposalsS[u], end = 3 * counts[u];
      buckets.fill(0, 0, nb + 1);
      for (let e = 0; e < end; e += 3) {
        const a = I[e], b = I[e + 1], s = S[e + 2];
        if (a >= o0 && a < o1 && !(s < thr[a])) buckets[((a - o0) >> APPLY_SHIFT) + 1]++;
        if (b >= o0 && b < o1 && !(s < thr[b])) buckets[((b - o0) >> APPLY_SHIFT) + 1]++;
      }
      for (let q = 1; q <= nb; q++) buckets[q] += buckets[q - 1];
      const total = buckets[nb];
      for (let e = 0; e < end; e += 3) {
        const a = I[e], b = I[e + 1], s = S[e + 2];
        if (a >= o0 && a < o1 && !(s < thr[a])) {
          const q = buckets[(a - o0) >> APPLY_SHIFT]++;
          sides[2 * q] = a; sides[2 * q + 1] = b < 0 ? ~b : b; sideScores[q] = s;
        }
        if (b >= o0 && b < o1 && !(s < thr[b])) {
          const q = buckets[(b - o0) >> APPLY_SHIFT]++;
          sides[2 * q] = b; sides[2 * q + 1] = a < 0 ? ~a : a; sideScores[q] = s;
        }
      }
      for (let q = 0; q < total; q++) if (heap.push(sides[2 * q], sideScores[q], sides[2 * q + 1], FLAG_FRESH)) updates++;
    }
    return updates;
  }
}

/** A step through [0, blocks) that visits every block once, far apart: the first number from ≈ 0.618 · blocks coprime with it. */
export function coprimeStride(blocks: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.round(blocks * 0.618));
  while (gcd(s, blocks) !== 1) s++;
  return s;
}
