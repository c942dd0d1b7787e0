/**
 * NN-descent (Dong, Charikar and Li, "Efficient k-nearest neighbor graph construction for generic similarity
 * measures", WWW 2011), in pynndescent's variant: the neighbour heap (./neighbor-heap.ts), initialised by the forest's
 * leaves, is refined by local joins — "a neighbour of a neighbour is likely a neighbour".
 *
 * One iteration:
 * 1. Candidates (pynndescent's new_build_candidates): every heap entry j of row i gets a random priority (a hash of
 *    the iteration's seed and the pair); each row keeps the `maxCandidates` lowest-priority NEW entries and,
 *    separately, OLD ones, reverse neighbours included (j in row i makes j a candidate of i and i a candidate of j).
 *    The NEW entries sampled into row i's own candidates are then flagged OLD: they are joined now, and only against
 *    newer candidates later.
 * 2. Local joins, row by row: the row's new candidates N and old candidates O are gathered as one small block and
 *    every pair of N × N and N × O is scored exactly by the gathered tile kernel, which proposes the pairs that
 *    pass either row's heap threshold (and, when it can read the heaps' indices, only the sides not already there).
 * 3. Updates: each proposal is pushed to both rows' heaps ("push if better and not already present") by the thread
 *    that owns each row, after each round of joins (./graph-threads.ts); the changes are the entries new in the
 *    heaps at the iteration's end.
 *
 * It stops when an iteration makes at most δ·K·n changes, after maxIterations, or when onIteration says 'stop'.
 * Each thread samples and applies for the rows it owns and joins the rows it claims (./graph-thread.ts). Scores are
 * exact float32 and the rank order total, so the heaps' final contents do not depend on the order in which proposals
 * are applied, only on which pairs were offered (a side dropped because its heap holds it already was offered
 * before): deterministic for a seed, whatever the number of threads.
 */
import type { Random } from '../random.js';
import { balancedBounds } from './balanced-bounds.js';
import { JOIN_BLOCK, ownedRows, type JoinCosts } from './graph-thread.js';
import type { GraphThreads } from './graph-threads.js';

export interface IterationProgress {
  /** 1 for the first iteration. */
  iteration: number;
  /** Heap changes in this iteration: entries in the heaps now that were not before it. */
  updates: number;
  /** The stopping threshold δ·K·n: at most this many changes end the descent. */
  threshold: number;
  /** Pairs scored in this iteration. */
  pairs: number;
  elapsedMs: number;
}

export interface NNDescentOptions {
  n: number;
  K: number;
  delta: number;
  maxIterations: number;
  /** The first iteration's number (default 1; a resumed descent continues its count; maxIterations is the total). */
  firstIteration?: number;
  /** One draw per iteration: its candidates' seed. */
  random: Random;
  /** Within an iteration: the fraction of rows joined so far. */
  onJoined?: (iteration: number, fraction: number) => void;
  /**
   * Awaited before each iteration first changes the heap (its sampling only reads it): e.g. a checkpoint of the
   * heap still being written.
   */
  beforeChange?: () => Promise<void>;
  /** After each iteration; 'stop' ends the descent (e.g. a recall target reached). */
  onIteration?: (p: IterationProgress) => 'stop' | void | Promise<'stop' | void>;
}

export interface NNDescentResult {
  iterations: number;
  /** Changes per iteration. */
  updates: number[];
}

export async function nnDescent(threads: GraphThreads, options: NNDescentOptions): Promise<NNDescentResult> {
  const { n, K } = options, T = threads.size;
  const threshold = options.delta * K * n;
  const result: NNDescentResult = { iterations: 0, updates: [] };
  const started = performance.now();
  // The rows each thread owns (writes in the apply, samples): halves (ownedRows) at first; then, once an iteration's
  // candidates are chosen, cut at equal parts of the cost of their joins (their pairs and rows, counted as the marks
  // are set: ./balanced-bounds.ts), a measure of where the updates land: on GloVe 341k the bounds that would have
  // evened the threads' update times, measured afterwards, were within 2% of n of that cut. The joins themselves are
  // claimed from a shared cursor, a few rows at a time, by whichever thread is free (GraphThread.join).
  let bounds = Array.from({ length: T + 1 }, (_, t) => (t < T ? ownedRows(n, T, t)[0] : n));
  const blocks = Array.from({ length: Math.ceil(n / JOIN_BLOCK) + 1 }, (_, b) => Math.min(n, b * JOIN_BLOCK));
  for (let iteration = options.firstIteration ?? 1; iteration <= options.maxIterations; iteration++) {
    const seed = options.random.nextU32();
    await threads.each(() => ({ type: 'degrees', bounds }));
    await threads.each(() => ({ type: 'candidates', seed }));
    await options.beforeChange?.();
    const costs = new Array<number>(blocks.length - 1).fill(0);
    for (const a of (await threads.each(() => ({ type: 'mark' }))) as JoinCosts[]) a.costs.forEach((c, b) => (costs[a.first + b] += c));
    bounds = balancedBounds(blocks, costs, T);
    threads.unclaimJoins();
    const { updates, pairs } = await threads.proposeAndApply(
      () => ({ type: 'join', bounds }),
      () => ({ type: 'join', bounds }),
      (answers) => options.onJoined?.(iteration, Math.max(0, ...answers.map((a) => a?.cursor ?? 0)) / Math.max(n, 1)),
    );
    result.iterations = iteration;
    result.updates.push(updates);
    const said = await options.onIteration?.({ iteration, updates, threshold, pairs, elapsedMs: performance.now() - started });
    if (updates <= threshold || said === 'stop') break;
  }
  return result;
}
