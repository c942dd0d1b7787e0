/**
 * NN-descent (Dong, Charikar and Li, "Efficient k-nearest neighbor graph construction for generic similarity
 * measures", WWW 2011), in pynndescent's variant: the neighbour heap (./neighbor-heap.ts), initialised by the forest's
 * leaves, is refined by local joins — "a neighbour of a neighbour is likely a neighbour".
 *
 * One iteration:
 * 1. Candidates (pynndescent's new_build_candidates): every heap entry j of row i gets a random priority; each row
 *    keeps the `maxCandidates` lowest-priority NEW entries and, separately, OLD ones, reverse neighbours included (j
 *    in row i makes j a candidate of i and i a candidate of j). The NEW entries sampled into row i's own candidates
 *    are then flagged OLD: they are joined now, and only against newer candidates later.
 * 2. Local joins, row by row: the row's new candidates N and old candidates O are gathered as one small block
 *    (./block-scorer.ts) and every pair of N × N and N × O is scored exactly; a pair (a, b, s) that would enter the
 *    heap of a or of b is proposed.
 * 3. Updates: each proposal is pushed to both rows' heaps (flag NEW; "push if better and not already present"),
 *    counting the changes. Proposals are collected per block of rows and applied after it, as pynndescent does:
 *    the join reads the heaps and writes only the proposal buffer, the apply writes only heaps, so worker threads
 *    can later each join a share of the rows and then apply the proposals for the rows each owns (a pair feeds two
 *    rows: its proposal goes to both owners). Single-threaded here.
 *
 * It stops when an iteration makes at most δ·K·n changes, after maxIterations, or when onIteration says 'stop'.
 * Scores are exact float32 and the rank order total, so the heaps' final contents do not depend on the order in
 * which proposals are applied, only on which pairs were proposed: deterministic for a seed.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import type { PairScorer } from './block-scorer.js';
import { FLAG_NEW, FLAG_OLD, SENTINEL_INDEX, type NeighborHeap } from './neighbor-heap.js';
import type { Random } from '../random.js';
import { reserveArrays } from './regions.js';

export interface IterationProgress {
  /** 1 for the first iteration. */
  iteration: number;
  /** Heap changes in this iteration. */
  updates: number;
  /** The stopping threshold δ·K·n: at most this many changes end the descent. */
  threshold: number;
  /** Pairs scored in this iteration. */
  pairs: number;
  elapsedMs: number;
}

export interface NNDescentOptions {
  maxCandidates: number;
  delta: number;
  maxIterations: number;
  /** The first iteration's number (default 1; a resumed descent continues its count; maxIterations is the total). */
  firstIteration?: number;
  random: Random;
  /** After each iteration; 'stop' ends the descent (e.g. a recall target reached). */
  onIteration?: (p: IterationProgress) => 'stop' | void;
}

export interface NNDescentResult {
  iterations: number;
  /** Changes per iteration. */
  updates: number[];
}

/** Proposals buffered before they are applied (12 bytes each). */
const UPDATE_CAPACITY = 1 << 16;

export function nnDescent(model: KeyedVectors, heap: NeighborHeap, scorer: PairScorer, options: NNDescentOptions): NNDescentResult {
  const n = heap.n, K = heap.K, C = options.maxCandidates;
  if (scorer.capacity < 2 * C) throw new RangeError(`the block scorer holds ${scorer.capacity} rows, the joins need ${2 * C}`);
  const rowPairs = (C * (C - 1)) / 2 + C * C;
  const capacity = Math.max(UPDATE_CAPACITY, rowPairs);
  const { region, at } = reserveArrays(model, 'ann candidates', [4 * n * C, 4 * n * C, 4 * n * C, 4 * n * C, 4 * capacity, 4 * capacity, 4 * capacity]);
  const buf = region.buffer;
  const newIdx = new Int32Array(buf, at[0], n * C), newPri = new Float32Array(buf, at[1], n * C);
  const oldIdx = new Int32Array(buf, at[2], n * C), oldPri = new Float32Array(buf, at[3], n * C);
  const upA = new Int32Array(buf, at[4], capacity), upB = new Int32Array(buf, at[5], capacity), upS = new Float32Array(buf, at[6], capacity);
  const threshold = options.delta * K * n;
  const result: NNDescentResult = { iterations: 0, updates: [] };
  const started = performance.now();
  try {
    for (let iteration = options.firstIteration ?? 1; iteration <= options.maxIterations; iteration++) {
      buildCandidates(heap, C, options.random, newIdx, newPri, oldIdx, oldPri);
      let proposals = 0, updates = 0, pairs = 0;
      const apply = (): void => {
        for (let u = 0; u < proposals; u++) {
          const a = upA[u], b = upB[u], s = upS[u];
          if (heap.push(a, s, b, FLAG_NEW)) updates++;
          if (heap.push(b, s, a, FLAG_NEW)) updates++;
        }
        proposals = 0;
      };
      const propose = (a: number, b: number, s: number): void => {
        if (heap.beats(a, s, b) || heap.beats(b, s, a)) {
          upA[proposals] = a; upB[proposals] = b; upS[proposals] = s;
          proposals++;
        }
      };
      for (let i = 0; i < n; i++) {
        if (proposals + rowPairs > capacity) apply();
        scorer.count = 0;
        for (let e = i * C, end = e + C; e < end; e++) if (newIdx[e] >= 0) scorer.add(newIdx[e]);
        const nNew = scorer.count;
        if (nNew === 0) continue;
        for (let e = i * C, end = e + C; e < end; e++) if (oldIdx[e] >= 0) scorer.add(oldIdx[e]);
        pairs += scorer.pairs(nNew, propose);
      }
      apply();
      result.iterations = iteration;
      result.updates.push(updates);
      const said = options.onIteration?.({ iteration, updates, threshold, pairs, elapsedMs: performance.now() - started });
      if (updates <= threshold || said === 'stop') break;
    }
  } finally {
    region.release();
  }
  return result;
}

/**
 * Step 1: each row's sampled new and old candidates (n × C each, index −1 where empty), reverse neighbours
 * included; the sampled NEW entries of each row's own heap are flagged OLD.
 */
function buildCandidates(heap: NeighborHeap, C: number, random: Random, newIdx: Int32Array, newPri: Float32Array, oldIdx: Int32Array, oldPri: Float32Array): void {
  const n = heap.n, K = heap.K;
  newIdx.fill(-1); oldIdx.fill(-1);
  newPri.fill(Infinity); oldPri.fill(Infinity);
  const idx = heap.indices, flags = heap.flags;
  for (let i = 0; i < n; i++) {
    for (let e = i * K, end = e + K; e < end; e++) {
      const j = idx[e];
      if (j === SENTINEL_INDEX) continue;
      const d = Math.fround(random.next());
      if (flags[e] === FLAG_NEW) {
        pushCandidate(newIdx, newPri, C, i, d, j);
        pushCandidate(newIdx, newPri, C, j, d, i);
      } else {
        pushCandidate(oldIdx, oldPri, C, i, d, j);
        pushCandidate(oldIdx, oldPri, C, j, d, i);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let e = i * K, end = e + K; e < end; e++) {
      if (flags[e] !== FLAG_NEW) continue;
      const j = idx[e];
      for (let c = i * C, cend = c + C; c < cend; c++) {
        if (newIdx[c] === j) {
          flags[e] = FLAG_OLD;
          break;
        }
      }
    }
  }
}

/**
 * Row r's candidate heap (C slots, the highest priority at slot 0): (p, j) enters when p is lower than slot 0's and j
 * is not there yet.
 */
function pushCandidate(idx: Int32Array, pri: Float32Array, C: number, r: number, p: number, j: number): void {
  const at = r * C;
  if (!(p < pri[at])) return;
  for (let e = at, end = at + C; e < end; e++) if (idx[e] === j) return;
  let q = 0;
  for (;;) {
    let c = 2 * q + 1;
    if (c >= C) break;
    if (c + 1 < C && pri[at + c + 1] > pri[at + c]) c++;
    if (!(pri[at + c] > p)) break;
    pri[at + q] = pri[at + c]; idx[at + q] = idx[at + c];
    q = c;
  }
  pri[at + q] = p; idx[at + q] = j;
}
