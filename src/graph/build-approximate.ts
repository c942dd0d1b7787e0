/**
 * The approximate similar-words dictionary: every word's k most similar words by cosine similarity, found by a
 * random-projection forest (../index/rp-forest.ts) and NN-descent (./nn-descent.ts) instead of scoring all n²/2
 * pairs. Same output shape as the exact engine (../dictionary/build-dictionary.ts): k neighbours per row, best
 * first, −1/NaN where a row has fewer; every score is the exact float32 score of its pair (the same bits as the
 * exact engine computes, ./block-scorer.ts) and each row is in the exact engine's rank order, so a row differs from
 * the exact one only by missed neighbours. meta.method 'nn-descent'; meta.recall is measured, never assumed: the
 * exact rows of a seeded sample (recallSample rows, ../dictionary/recall.ts) are computed once up front, and the
 * sample's recall@k is measured from the heap after the forest and after every iteration; the descent stops at the
 * target `recall`, and the last figure (that of the rows written) goes into the metadata with recallSample,
 * recallTarget, recallReached and the parameters (meta.nnDescent). The rows go through the result sink.
 *
 * Steps: (0) the recall sample's exact rows; (1) the forest: each thread builds its trees one at a time (tree t by
 * thread t mod T, each from its own seed) and proposes every pair of each leaf (all pairs of the leaf scored as one
 * block by the gathered tile kernel), applied to the heaps between rounds; (2) rows whose heap is still not full get
 * random candidates (pynndescent's init_random); (3) NN-descent, the state saved after the forest and each iteration
 * when writing to `out` (./approximate-state.ts: a resume continues from it); (4) rows are read out in blocks of
 * ROWS_PER_EMIT, each block shown to `onRows` and added to the result sink (a store, or the result's arrays).
 *
 * Joins on quantised rows (`joins`, default 'int16' where they fit): before (1) every thread quantises its share of
 * the rows (the exact engine's 12-bit rows, ../kernels/tile-int8.ts), and the leaves and joins are scored from them
 * by the gathered kernel, so the heaps hold approximate scores while the graph is built (the same for every thread
 * count: each score is a function of its pair alone). The sample's recall is measured on its rows' entries rescored
 * exactly (all of them, on the main thread), and before (4) every row's entries that may be among its k best (the
 * int8 path's selection rule, ./graph-thread.ts rescore) are rescored exactly on the workers: the rows written are
 * those whose recall was measured, with exact scores in the exact engine's rank order.
 *
 * Threads (./graph-threads.ts, ./graph-thread.ts): T worker threads, each owning n/T rows, propose pairs into their
 * own buffers and apply every buffer's proposals to the rows they own, between barriers; the main thread only
 * measures the recall, saves the state and writes. The dictionary is the same for any number of threads.
 *
 * Memory, planned before any work (./graph-memory.ts): the heap (n·K·9 bytes), the candidates (n·C·8 + 4·T·n + 8n,
 * and n·K·4 of reverse entries) and per thread the apply's sorting scratch (24 bytes per proposal) in shared buffers
 * outside the model's WebAssembly memory; in it, the thresholds (4n) and per thread a block
 * workspace, a proposal buffer (PROPOSALS · 12 bytes) and a tree's scratch (16n + 4·dim and the sweep's normals), and
 * with int16 joins the quantised rows (2·n·dimPad + 12n bytes); all released at the end, also on errors.
 *
 * Choices (pynndescent's NNDescent defaults where they apply, else measured: see defaultHeapSize and defaultTrees):
 * trees = 4 + round(n^¼ / 2), at most 32; K = heapSize = min(3k, k + 32) slots per row while building (a wider heap
 * gives the joins more to work with; the k best are written); maxCandidates = min(60, K); δ = 0.001;
 * maxIterations = max(5, round(log2 n)). leafSize = max(24, k + 1) (pynndescent: max(10, its n_neighbors)). With
 * includeSelf the row itself is merged in at the end by its exact score, where the exact engine would rank it.
 * Rows the forest left short get up to 3 random candidates per missing neighbour. When n − 1 ≤ k every row needs
 * every other row: one leaf of all rows (the exact answer).
 */
import { performance } from 'node:perf_hooks';
import { oneOf, wholeInRange } from '../checks/arguments.js';
import { OptionError } from '../checks/option-error.js';
import { exactSample, recallOf, sampleRows } from '../dictionary/recall.js';
import { dictionaryMeta, ResultSink, type Dictionary, type DictionaryProgress } from '../dictionary/result-sink.js';
import { defaultTrees } from '../index/rp-forest.js';
import type { DictionaryMeta } from '../store/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { availableParallelism } from 'node:os';
import { tileModule } from '../kernels/tile-module.js';
import { BlockScorer, pairsOf } from './block-scorer.js';
import { checkGraphFits, graphFits, graphViews, reserveGraph, type GraphShape } from './graph-memory.js';
import { ownedRows } from './graph-thread.js';
import { GraphThreads } from './graph-threads.js';
import { before, NeighborHeap, SENTINEL_INDEX } from './neighbor-heap.js';
import { TileQuantized } from '../kernels/tile-int8.js';
import { nnDescent, type IterationProgress } from './nn-descent.js';
import { Random } from '../random.js';
import { readState, removeState, writeState } from './approximate-state.js';

export type { IterationProgress };

/** An NN-descent iteration's progress, with the recall@k of the sample's rows as the heap holds them now. */
export interface ApproximateIteration extends IterationProgress {
  recall: number;
}

/** The run's steps, for progress: the exact sample, each tree of the forest (with the recall after the last), each iteration. */
export interface ApproximateStep {
  phase: 'sample' | 'forest' | 'descent';
  /**
   * sample: rows; forest: trees finished; descent: iterations finished, with the fraction of the one in progress
   * (`inProgress`) while its rows are joined.
   */
  done: number;
  total: number;
  /** descent: the iteration whose rows are being joined (no recall yet). */
  inProgress?: number;
  /** Since the build started. */
  elapsedMs: number;
  /** The sample's recall@k: at the forest's end and after each iteration. */
  recall?: number;
  /** Heap changes of the iteration, and the threshold δ·K·n under which the descent has converged. */
  updates?: number;
  threshold?: number;
  /** A resumed build: the iteration its saved state ended (0: the forest), instead of building the forest. */
  resumedIteration?: number;
}

/** Why the descent ended: the recall target reached, converged (δ), maxIterations, or a hook's 'stop'. */
export type StopReason = 'recall' | 'converged' | 'max-iterations' | 'stopped';

export interface ApproximateOptions {
  /** Neighbours per word (default 15). */
  k?: number;
  /** Slots of each row's heap while the graph is built, K ≥ k (default min(3k, k + 32): 45 for k = 15): the k best are written. */
  heapSize?: number;
  /** Trees of the forest (default defaultTrees(n): 10 at 341k rows, 12 at 1M, 14 at 3M). */
  trees?: number;
  /** Most rows per leaf (default max(DEFAULT_LEAF, k + 1)). */
  leafSize?: number;
  /** New (and old) candidates sampled per row and iteration (default min(60, heapSize), pynndescent's). */
  maxCandidates?: number;
  /** Stop when an iteration changes at most δ·K·n heap entries (default 0.001). */
  delta?: number;
  /** Most NN-descent iterations (default max(5, round(log2 n)); 0: the forest only). */
  maxIterations?: number;
  /** The random seed (default 42): the same seed, model and options give the same dictionary. */
  seed?: number;
  /** Keep each word in its own list (default false). */
  includeSelf?: boolean;
  /**
   * The block scorer: 'wasm', the gathered tile kernel (WebAssembly SIMD128; the default where the model is in a
   * WebAssembly memory and blocks have at most MAX_KERNEL_BLOCK rows), or 'js', the TypeScript one. The same output.
   */
  kernel?: 'wasm' | 'js';
  /**
   * Where the heap's indices go (internal and tests; default: the model's memory where they fit, with the kernel):
   * 'beside' forces the shared buffer beside it, as for a model that fills its memory. The same output.
   */
  heapIndices?: 'beside';
  /**
   * What the forest's leaves and the joins score from: 'int16', the rows quantised to 12 bits with a scale each (the
   * exact engine's int8 path, ../kernels/tile-int8.ts: half the bytes of a float32 row, and the integer tile kernel),
   * the heaps holding those approximate scores until every entry is rescored exactly before the rows are read out;
   * or 'float32', the exact scores throughout. Default 'int16' with the kernel where the quantised rows fit in the
   * model's memory (not at 3M × 300), else 'float32'. The TypeScript scorer ('js') is always float32. Either way
   * each written score is the exact one and each row in rank order; the rows may differ by the neighbours the
   * approximate scores kept or let go.
   */
  joins?: 'int16' | 'float32';
  /**
   * The target recall@k (0 < recall ≤ 1, default 0.95): after the forest and after each NN-descent iteration the
   * sample's recall is measured, and the descent stops once it reaches the target. Below it when the descent ends
   * (converged, or maxIterations), meta.recallReached is false: the measured figure is reported, never the target.
   */
  recall?: number;
  /**
   * Rows of the seeded sample (drawn with `seed`) whose exact rows, computed once up front by the exact engine, give
   * the recall (default 1,000; all rows when the model has fewer).
   */
  recallSample?: number;
  /**
   * Threads (default: the available cores): the exact engine's for the sample, and the graph's (worker threads with
   * the kernel; the TypeScript scorer runs the same shares one after the other in the main thread). The dictionary
   * does not depend on it.
   */
  threads?: number;
  /** After each NN-descent iteration, with its count of changes and the sample's recall; 'stop' ends the descent. */
  onIteration?: (p: ApproximateIteration) => 'stop' | void;
  /** Progress of each step (sample, forest trees, iterations). */
  onStep?: (s: ApproximateStep) => void;
  /**
   * The rows, once final, in order, in blocks: rows [r0, r1), k entries each (row r at (r − r0)·k), as they go to the
   * result sink. The arrays are reused for the next block: copy what you keep.
   */
  onRows?: (r0: number, r1: number, indices: Int32Array, scores: Float32Array) => void;
  /**
   * Write the dictionary here (.sqlite, .jsonl, .tsv) through the result sink (../dictionary/result-sink.ts), as the
   * exact engines do: to `<out>.partial`, renamed to `out` when complete. Without it the rows are in the result.
   */
  out?: string;
  /**
   * With `out`: a finished dictionary of the same build is kept as it is (alreadyComplete); an interrupted one
   * continues from the state saved after its last finished iteration (or the forest), beside the partial output
   * (./approximate-state.ts), and gives the uninterrupted build's dictionary; without a state of this build (other
   * parameters, or killed during the forest) it starts over.
   */
  resume?: boolean;
  /** Seconds between commits of the output (default 10). */
  commitSeconds?: number;
  /** The sink's progress while the rows are written (the read-out at the end). */
  onProgress?: (p: DictionaryProgress) => void;
  /** Recorded in the metadata (default: the file the model was loaded from). */
  modelFile?: string;
}

/**
 * The default heap width K for k neighbours: min(3k, k + 32), 45 for k = 15. Measured on GloVe 341k (k 15, 2
 * threads): K = 30 (pynndescent's default n_neighbors) converges at recall 0.91, K = 48 reaches 0.956 in 5
 * iterations; pynndescent itself needs n_neighbors 48 for 0.965.
 */
export function defaultHeapSize(k: number): number {
  return Math.min(3 * k, k + 32);
}

/** Rows per block of the read-out (onRows). */
export const ROWS_PER_EMIT = 1024;
/** The largest block (leaf, or 2·maxCandidates) the kernel takes (a thread's proposal buffer must hold its pairs: 12 bytes each, 6 MB at 1024 rows). */
export const MAX_KERNEL_BLOCK = 1024;
/** The smallest default leaf. */
export const DEFAULT_LEAF = 24;
export const DEFAULT_SEED = 42;
export const DEFAULT_RECALL = 0.95;
export const DEFAULT_RECALL_SAMPLE = 1000;

/**
 * Proposals per thread's buffer (12 bytes each, and 24 of apply scratch): 16 per row, from 2^16 up to 2^22, halved
 * while the model's memory cannot hold them (a round ends when a buffer is full: each apply then reads every owned
 * heap row from memory once, so that fewer, larger rounds cost less: on GloVe 341k, 2^22 against 2^20 took the
 * pushes from 9.7 s to 7.4 s per thread, and 2^23 gained 5% more).
 */
const PROPOSALS_PER_ROW = 16, MIN_PROPOSALS = 1 << 16, MAX_PROPOSALS = 1 << 22;

/**
 * The shape of the engine's memory: with the heap's indices in the model's memory where they fit (the gathered
 * kernel then drops the pairs already in the heaps: on GloVe 341k most of the proposals late in the descent), then
 * the largest proposal buffers that fit (PROPOSALS_PER_ROW); else the same with the indices beside the memory.
 */
function graphShape(model: KeyedVectors, base: Omit<GraphShape, 'proposals' | 'indicesInModel' | 'quantized'>, kernel: 'wasm' | 'js', beside: boolean, joins: 'int16' | 'float32' | undefined): GraphShape {
  const least = pairsOf(base.blockRows, base.blockRows); // a buffer holds at least one block's pairs
  const most = Math.min(MAX_PROPOSALS, Math.max(MIN_PROPOSALS, PROPOSALS_PER_ROW * base.n));
  const quantizedChoices = kernel !== 'wasm' || joins === 'float32' ? [false] : joins === 'int16' ? [true] : [true, false];
  for (const quantized of quantizedChoices) {
    for (const indicesInModel of kernel === 'wasm' && !beside ? [true, false] : [false]) {
      for (let p = most; p >= MIN_PROPOSALS; p >>= 1) {
        const shape = { ...base, proposals: Math.max(p, least), indicesInModel, quantized };
        if (graphFits(model, shape)) return shape;
      }
    }
  }
  // refused with the sizes by checkGraphFits
  return { ...base, proposals: Math.max(MIN_PROPOSALS, least), indicesInModel: false, quantized: quantizedChoices[quantizedChoices.length - 1] };
}

export async function buildApproximateDictionary(model: KeyedVectors, options: ApproximateOptions = {}): Promise<Dictionary> {
  const n = model.size;
  const k = wholeInRange('k', options.k ?? 15, 1, 10000);
  const trees = wholeInRange('trees', options.trees ?? defaultTrees(n), 1, 1024);
  const leafSize = wholeInRange('leafSize', options.leafSize ?? Math.max(DEFAULT_LEAF, k + 1), 2, 1 << 16);
  const heapSize = wholeInRange('heapSize', options.heapSize ?? defaultHeapSize(k), k, 10000);
  const maxCandidates = wholeInRange('maxCandidates', options.maxCandidates ?? Math.min(60, heapSize), 1, 1024);
  const delta = options.delta ?? 0.001;
  if (typeof delta !== 'number' || !(delta >= 0 && delta <= 1)) throw new OptionError((say) => `${say('delta')} must be a number from 0 to 1, got ${delta}`);
  const maxIterations = wholeInRange('maxIterations', options.maxIterations ?? Math.max(5, Math.round(Math.log2(Math.max(n, 1)))), 0, 10000);
  const seed = wholeInRange('seed', options.seed ?? DEFAULT_SEED, 0, 0xffffffff);
  const includeSelf = options.includeSelf ?? false;
  if (options.kernel !== undefined) oneOf('kernel', options.kernel, ['wasm', 'js']);
  const target = options.recall ?? DEFAULT_RECALL;
  if (typeof target !== 'number' || !(target > 0 && target <= 1)) throw new OptionError((say) => `${say('recall')} must be a number above 0 and at most 1, got ${target}`);
  const recallSample = wholeInRange('recallSample', options.recallSample ?? DEFAULT_RECALL_SAMPLE, 1, 1e7);
  const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
  // Its recall is measured on every run by the exact engine, which needs the model in a WebAssembly memory (a model
  // under 4 GiB): refused up front otherwise, rather than a dictionary whose recall nobody knows.
  if (!model.memory.wasm) {
    throw new RangeError(`the approximate engine measures its recall with the exact engine, which needs the model in a WebAssembly memory (a model under 4 GiB of float32 rows); this one is in a plain buffer`);
  }
  // Every row needs every other: one leaf of all rows is the exact answer.
  const all = n - 1 <= k;
  const K = all ? k : heapSize;
  const treeCount = all ? 1 : trees, leaf = all ? Math.max(n, 1) : leafSize;
  const blockRows = Math.max(leaf, 2 * maxCandidates, K + 1);
  const wasm = tileModule() !== null && blockRows <= MAX_KERNEL_BLOCK;
  if (options.kernel === 'wasm' && !wasm) throw new OptionError((say) => `${say('kernel', 'wasm')} needs WebAssembly SIMD128 and blocks of at most ${MAX_KERNEL_BLOCK} rows (this build: ${blockRows})`);
  const kernel = wasm && options.kernel !== 'js' ? 'wasm' : 'js';
  const threadCount = Math.max(1, Math.min(threads, n));
  if (options.heapIndices !== undefined) oneOf('heapIndices', options.heapIndices, ['beside']);
  if (options.joins !== undefined) oneOf('joins', options.joins, ['int16', 'float32']);
  if (options.joins === 'int16' && kernel !== 'wasm') throw new OptionError((say) => `${say('joins', 'int16')} needs the WebAssembly kernel (the TypeScript scorer is float32)`);
  const shape = graphShape(model, { n, dim: model.dim, K, C: maxCandidates, threads: threadCount, blockRows }, kernel, options.heapIndices === 'beside', options.joins);
  const joins = shape.quantized ? 'int16' : 'float32';
  checkGraphFits(model, shape); // up front: before the output is opened or the sample scored
  const started = performance.now();
  const random = new Random(seed);
  const step = (s: Omit<ApproximateStep, 'elapsedMs'>): void => options.onStep?.({ ...s, elapsedMs: performance.now() - started });
  // One writer for every engine: the sink (a store, crash-safe, or the arrays of the result). Opened first, so that a
  // wrong `out`, or a resume of a finished dictionary, is told before any work.
  const sinkMeta = dictionaryMeta(model, options.modelFile, { words: n, k, includeSelf, method: 'nn-descent', recall: null });
  const sink = await ResultSink.open(sinkMeta, model.words, {
    out: options.out,
    resume: options.resume,
    resumeRows: 0,
    commitSeconds: options.commitSeconds,
    onProgress: options.onProgress,
  });
  if (sink.complete) {
    removeState(options.out!); // left by a build killed just after its final rename
    return sink.finish();
  }
  // The recall's truth, once: the exact rows of a seeded sample (the exact engine's, bit for bit).
  let truth;
  try {
    truth = await exactSample(model, sampleRows(n, Math.min(recallSample, n), seed), { k, includeSelf, threads });
  } catch (e) {
    sink.abort();
    throw e;
  }
  step({ phase: 'sample', done: truth.rows.length, total: truth.rows.length });

  let graph: ReturnType<typeof reserveGraph>;
  try {
    graph = reserveGraph(model, shape);
  } catch (e) {
    sink.abort();
    throw e;
  }
  const views = graphViews(graph.layout);
  const heap = NeighborHeap.on(n, K, views.indices, views.scores, views.flags, views.thr);
  let pool: GraphThreads | undefined;
  let selfScorer: BlockScorer | undefined;
  /** With int16 joins: the exact scores of a row's entries while the heaps hold approximate ones (the sample's recall). */
  let exactScorer: BlockScorer | undefined;
  let iterations = 0;
  const updates: number[] = [];
  /** The sample's recall after the forest (0) and after each iteration. */
  const recalls: number[] = [];
  let stoppedBy: StopReason = 'converged';
  let saving: Promise<void> = Promise.resolve();
  try {
    pool = await GraphThreads.start(model, graph.layout, kernel, threadCount > 1);
    const threadsOf = pool;
    if (includeSelf) selfScorer = new BlockScorer(model, 1);
    // int16 joins: every thread quantises its rows (the same bits whoever does it)
    if (graph.layout.quant !== 0) {
      await threadsOf.each(() => ({ type: 'quantize' }));
      TileQuantized.attach(model.memory.wasm!, graph.layout.quant).finish();
      exactScorer = new BlockScorer(model, K + 1);
    }
    /** Whether the heap's scores are exact: float32 joins, or int16 ones once rescored (before the read-out). */
    let exactHeap = graph.layout.quant === 0;
    const exactOfRow = new Float32Array(K);
    // Row i as it would be written now: rank order by exact scores, self merged in with includeSelf.
    const readRow = (i: number, outI: Int32Array, outS: Float32Array, base: number): void => {
      if (exactHeap) heap.sortedRow(i, k, outI, outS, base);
      else {
        const e = exactScorer!;
        e.count = 0;
        e.add(i);
        for (let x = i * K; x < i * K + K; x++) if (heap.indices[x] !== SENTINEL_INDEX) e.add(heap.indices[x]);
        for (let c = 1; c < e.count; c++) exactOfRow[c - 1] = e.score(0, c);
        heap.sortedRow(i, k, outI, outS, base, exactOfRow);
      }
      if (selfScorer) {
        selfScorer.count = 0;
        selfScorer.add(i);
        mergeSelf(i, selfScorer.score(0, 0), k, outI, outS, base);
      }
    };
    const rowI = new Int32Array(k), rowS = new Float32Array(k);
    const sampleRecall = (): number => {
      const r = recallOf(model, truth, (i) => {
        readRow(i, rowI, rowS, 0);
        return rowI;
      });
      recalls.push(r);
      return r;
    };

    // A resumed build continues from its last saved iteration (./approximate-state.ts); any other state is stale.
    const out = options.out;
    const build = { modelHash: sinkMeta.modelHash, n, k, includeSelf, K, kernel, joins, trees: treeCount, leafSize: leaf, maxCandidates, delta, maxIterations, seed, target, recallSample: truth.rows.length };
    const saved = out !== undefined && options.resume ? readState(out, build) : undefined;
    if (out !== undefined && !saved) removeState(out);
    let descentRandom: Random;
    let firstIteration = 1;
    /** Set when the descent has nothing more to do. */
    let ended: StopReason | undefined;
    // The state is written while the next iteration samples its candidates (which only read the heap), and awaited
    // before the heap changes again or the build ends.
    const save = (iteration: number, stopped: StopReason | undefined): void => {
      if (out === undefined) return;
      const state = { build, iteration, randomState: descentRandom.stateNow, updates: [...updates], recalls: [...recalls], stoppedBy: stopped, indices: heap.indices, scores: heap.scores, flags: heap.flags };
      saving = saving.then(() => writeState(out, state));
      saving.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    };
    if (saved) {
      heap.restore(saved.indices, saved.scores, saved.flags);
      descentRandom = new Random(saved.randomState);
      updates.push(...saved.updates);
      recalls.push(...saved.recalls);
      iterations = saved.iteration;
      firstIteration = saved.iteration + 1;
      ended = saved.stoppedBy as StopReason | undefined;
      step({ phase: 'forest', done: treeCount, total: treeCount, recall: recalls[recalls.length - 1], resumedIteration: saved.iteration });
    } else {
      // (1) the forest: each thread builds its trees one at a time and proposes the pairs of their leaves
      const seeds = Array.from({ length: treeCount }, () => random.fork().stateNow);
      const task = { type: 'forest', seeds, leafSize: leaf } as const;
      const treesDone = new Array<number>(threadCount).fill(0);
      let shown = 0;
      await threadsOf.proposeAndApply(() => task, () => task, (answers) => {
        answers.forEach((a, t) => { if (a) treesDone[t] = a.trees; });
        const done = treesDone.reduce((x, y) => x + y, 0);
        if (done > shown && done < treeCount) step({ phase: 'forest', done: (shown = done), total: treeCount });
      });

      // (2) rows the forest left short: random candidates
      if (!all) {
        const fillSeed = random.nextU32();
        await threadsOf.proposeAndApply((t) => ({ type: 'fill', seed: fillSeed, cursor: ownedRows(n, threadCount, t)[0] }), (_t, last) => ({ type: 'fill', seed: fillSeed, cursor: last.cursor }));
      }
      const forestRecall = sampleRecall();
      step({ phase: 'forest', done: treeCount, total: treeCount, recall: forestRecall });
      descentRandom = random.fork();
      ended = forestRecall >= target ? 'recall' : all ? 'converged' : maxIterations === 0 ? 'max-iterations' : undefined;
      save(0, ended);
    }

    // (3) NN-descent, until the sample's recall reaches the target (measured after the forest, then every iteration);
    // the state saved after each iteration
    if (ended) stoppedBy = ended;
    else {
      const r = await nnDescent(threadsOf, {
        n,
        K,
        delta,
        maxIterations,
        firstIteration,
        random: descentRandom,
        beforeChange: () => saving,
        onJoined: (iteration, fraction) => step({ phase: 'descent', done: iteration - 1 + fraction, total: maxIterations, inProgress: iteration }),
        onIteration: (p) => {
          const recall = sampleRecall();
          updates.push(p.updates);
          step({ phase: 'descent', done: p.iteration, total: maxIterations, recall, updates: p.updates, threshold: p.threshold });
          const hookStop = options.onIteration?.({ ...p, recall }) === 'stop';
          const reason: StopReason | undefined =
            recall >= target ? 'recall' : hookStop ? 'stopped' : p.updates <= p.threshold ? 'converged' : p.iteration >= maxIterations ? 'max-iterations' : undefined;
          save(p.iteration, reason);
          if (reason) stoppedBy = reason;
          return reason === 'recall' || reason === 'stopped' ? 'stop' : undefined;
        },
      });
      iterations = r.iterations;
    }
    await saving;
    // int16 joins: every entry's exact score (the heap order is not kept: rows are sorted as they are read out)
    if (!exactHeap) {
      await threadsOf.each(() => ({ type: 'rescore', k }));
      exactHeap = true;
    }

    // (4) the rows, in blocks: rank order, self merged in with includeSelf
    const block = Math.min(ROWS_PER_EMIT, Math.max(n, 1));
    const outI = new Int32Array(block * k), outS = new Float32Array(block * k);
    for (let r0 = 0; r0 < n; r0 += block) {
      const r1 = Math.min(n, r0 + block);
      for (let i = r0; i < r1; i++) readRow(i, outI, outS, (i - r0) * k);
      const rows = r1 - r0;
      const indices = outI.subarray(0, rows * k), scores = outS.subarray(0, rows * k);
      options.onRows?.(r0, r1, indices, scores);
      await sink.add(r0, rows, { indices, scores }, r1 / n);
    }
  } catch (e) {
    await saving.catch(() => {});
    sink.abort();
    throw e;
  } finally {
    await pool?.close();
    selfScorer?.release();
    exactScorer?.release();
    graph.release();
  }

  // The rows written are the heap as last measured: its recall is the sample's last figure.
  const recall = recalls[recalls.length - 1];
  const measured: Partial<DictionaryMeta> = {
    recall,
    recallSample: truth.rows.length,
    recallTarget: target,
    recallReached: recall >= target,
    nnDescent: {
      kernel,
      joins,
      heapSize: K,
      threads: threadCount,
      trees: treeCount,
      leafSize: leaf,
      maxCandidates,
      delta,
      maxIterations,
      seed,
      iterations,
      updates,
      stoppedBy,
      recallByIteration: recalls,
      elapsedMs: Math.round(performance.now() - started),
    },
  };
  const result = await sink.finish(measured);
  if (options.out !== undefined) removeState(options.out);
  return result;
}

/** Inserts (i, selfScore) into the sorted row at base (k entries, −1 last) at its rank; the last entry drops out. */
function mergeSelf(i: number, selfScore: number, k: number, indices: Int32Array, scores: Float32Array, base: number): void {
  let p = 0;
  while (p < k && indices[base + p] !== -1 && before(scores[base + p], indices[base + p], selfScore, i)) p++;
  if (p >= k) return;
  for (let q = k - 1; q > p; q--) {
    indices[base + q] = indices[base + q - 1];
    scores[base + q] = scores[base + q - 1];
  }
  indices[base + p] = i;
  scores[base + p] = selfScore;
}
