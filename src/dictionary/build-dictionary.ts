/**
 * The exact similar-words dictionary: for every word, its k most similar words by cosine similarity.
 *
 * The work is blocked matrix-matrix scoring (faiss's exact k-NN idea) on the worker pool, using the symmetry of
 * cosine similarity: the rows are cut into blocks of `blockRows`; row block I is scored against the candidate rows
 * [I·B, n) only — the tile (I, J) feeds the heaps of I's rows *and* of J's rows — so each pair is computed once,
 * half the arithmetic of a search-style loop. When row block I is done, its rows have seen every candidate (the
 * earlier blocks' tiles fed them through their columns): the workers' partial heaps for those rows are merged and
 * the rows are final. Ranking is a total order (score, then index), so the output is the same for any number of
 * threads and any tile order.
 *
 * Crash safety: rows are appended to the store as they become final and committed in chunks; at each commit the
 * partial heaps of the rows not yet final are saved beside the partial output (`checkpoint.ts`), so `resume`
 * continues from the last commit and produces exactly the uninterrupted output.
 *
 * Memory: the tile kernels run in WebAssembly memories of at most 4 GiB each; where the workers' heaps and the int8
 * path's quantised rows go (beside the model, or in a second memory for models too big to share one) is planned in
 * ./dictionary-memory.ts.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { TileWorkspace } from '../kernels/tile-workspace.js';
import { oneOf, wholeInRange } from '../checks/arguments.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { VERSION } from '../version.js';
import { planMemory, reserveMemory, type DictionaryMemory, type Layout } from './dictionary-memory.js';
import { checkpointMethod, readCheckpoint, removeCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { modelHash } from './model-hash.js';
import { sharedModelOf } from './shared-model.js';
import { blockCount, blockRowsOf, blockTasks, type Schedule } from './schedule.js';
import { DictionaryWorkerPool } from './worker-pool.js';
import { openDictionaryWriter, partialPathOf, type DictionaryMeta, type DictionaryWriter } from '../store/index.js';

export interface DictionaryOptions {
  /** Neighbours per word (default 15). */
  k?: number;
  /** Worker threads (default: the machine's available cores). */
  threads?: number;
  /** Keep each word in its own list (default false: a word is not its own neighbour). */
  includeSelf?: boolean;
  /** Write the dictionary here (.sqlite, .jsonl, .tsv); without it the result is returned in memory. */
  out?: string;
  /** Continue an interrupted build of `out` from its last commit. */
  resume?: boolean;
  /** Seconds between commits of the output (default 10; longer when a commit and its checkpoint take over 10% of the time). */
  commitSeconds?: number;
  /**
   * 'f32': float32 scores throughout. 'int8': candidates pre-selected on 12-bit quantised vectors, then rescored in
   * float32 — the output is identical to 'f32' (a per-row error bound proves the exact top-k is among the
   * candidates, and rows it cannot prove are recomputed in float32). Default: 'f32' when the model and every
   * thread's heaps fit in the model's 4 GiB WebAssembly memory, else 'int8', whose work can go to a second memory.
   */
  method?: 'f32' | 'int8';
  /** Internal and tests: force the memory layout of ./dictionary-memory.ts ('split': int8 only). */
  layout?: Layout;
  /** Rows per block (default 1024). */
  blockRows?: number;
  /** Called after each row block with the progress so far. */
  onProgress?: (p: DictionaryProgress) => void;
  /** Recorded in the store's metadata. */
  modelFile?: string;
}

export interface DictionaryProgress {
  rowsDone: number;
  rows: number;
  /** Fraction of the pair scores computed (the work is not even across rows: early blocks have more). */
  workDone: number;
  elapsedMs: number;
  /** Rows that were already done when a resumed build started. */
  resumedRows: number;
}

/** The result of a build: row i's neighbours are indices[i·k .. i·k+k) (−1 = none), best first. */
export interface Dictionary {
  words: readonly string[];
  k: number;
  indices: Int32Array;
  scores: Float32Array;
  meta: DictionaryMeta;
}

/**
 * Commits (with their checkpoints: the open rows' heaps, 600 MB for 3M words on the int8 path) take at most about
 * this share of the time: a huge model commits less often than every commitSeconds.
 */
const COMMIT_SHARE = 0.1;

export async function buildDictionary(model: KeyedVectors, options: DictionaryOptions = {}): Promise<Dictionary> {
  const n = model.size;
  const k = wholeInRange('k', options.k ?? 15, 1, 10000);
  const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
  const blockRows = wholeInRange('blockRows', options.blockRows ?? 1024, 16, 1 << 16);
  const blockCols = 4 * blockRows;
  const includeSelf = options.includeSelf ?? false;
  const commitMs = 1000 * (options.commitSeconds ?? 10);
  if (options.method !== undefined) oneOf('method', options.method, ['f32', 'int8']);
  if (options.layout !== undefined) oneOf('layout', options.layout, ['single', 'split']);
  sharedModelOf(model); // the model must be in a WebAssembly memory
  // Before any output: refused here, with the sizes, when even the split layout cannot hold it. A resumed build
  // without a method goes on with the interrupted one's (the default depends on the threads, which may differ).
  const resumed = options.resume && options.out && options.method === undefined ? await checkpointMethod(partialPathOf(options.out)) : undefined;
  const method = resumed === 'exact-int8-rescored' ? 'int8' : resumed === 'exact-f32' ? 'f32' : options.method;
  const plan = planMemory({ rows: n, dim: model.dim, modelBytes: model.memory.buffer.byteLength, k, threads, blockRows, method, layout: options.layout });
  const { heapK } = plan; // the int8 heaps keep extra candidates per row for the exact rescoring
  const started = performance.now();

  const meta: DictionaryMeta = {
    modelHash: modelHash(model),
    modelFile: options.modelFile ?? model.source.file,
    words: n,
    dim: model.dim,
    k,
    includeSelf,
    method: plan.method === 'int8' ? 'exact-int8-rescored' : 'exact-f32',
    recall: 1,
    createdAt: new Date().toISOString(),
    simdictVersion: VERSION,
  };

  // Where to start: a resumed build restores the heaps and the output's committed rows.
  let checkpoint: Checkpoint | undefined;
  if (options.resume) {
    if (!options.out) throw new RangeError('resume needs an output file');
    checkpoint = await readCheckpoint(partialPathOf(options.out), meta, blockRows, heapK);
  } else if (options.out) {
    await removeCheckpoint(partialPathOf(options.out)); // a stale one from an abandoned build
  }
  const writer: DictionaryWriter | undefined = options.out
    ? openDictionaryWriter(options.out, meta, { resume: Boolean(checkpoint), resumeRows: checkpoint?.committedRows })
    : undefined;
  const inMemory = writer ? undefined : { indices: new Int32Array(n * k), scores: new Float32Array(n * k) };

  // The regions (./dictionary-memory.ts): one workspace per worker (its heaps for every row); on the int8 path the
  // quantised model and the rescorer that makes the rows exact.
  let memory: DictionaryMemory | undefined;
  let pool: DictionaryWorkerPool | undefined;
  try {
    memory = await reserveMemory(model, plan, threads, k, blockRows);
    const { tiles, regions, quantized, rescorer } = memory;
    const main = regions.map((r) => TileWorkspace.attach(tiles, r, heapK, blockRows, blockCols, { int8: quantized }));
    for (const ws of main) ws.resetHeaps(0, n);
    const schedule: Schedule = { n, blockRows, threads, includeSelf };
    const blocks = blockCount(schedule);
    let firstBlock = 0;
    if (checkpoint) {
      main[0].restoreHeaps(checkpoint.fromRow, checkpoint.heapScores, checkpoint.heapIndices);
      firstBlock = checkpoint.fromRow / blockRows;
    }
    const resumedRows = firstBlock * blockRows;
    pool = await DictionaryWorkerPool.start(tiles, regions, heapK, blockRows, blockCols, quantized?.regionOffset);
    let lastCommit = performance.now(), commitMsTaken = 0;
    const totalWork = pairWork(n, 0);

    for (let b = firstBlock; b < blocks; b++) {
      const { i0, i1 } = blockRowsOf(schedule, b);
      const queue = blockTasks(schedule, b);
      await Promise.all(
        Array.from({ length: threads }, async (_, w) => {
          for (let task = queue.shift(); task; task = queue.shift()) await pool!.tiles(w, task);
        }),
      );

      // Rows [i0, i1) are final: merge the workers' partial heaps into worker 0's and read them out.
      for (let w = 1; w < threads; w++) main[0].mergeHeaps(regions[w], i0, i1);
      const rows = rescorer ? rescorer.rows(main[0], i0, i1, { excludeSelf: !includeSelf }) : main[0].rowsResult(i0, i1);
      if (writer) writer.append(i0, i1 - i0, rows.indices, rows.scores, model.words);
      else {
        inMemory!.indices.set(rows.indices, i0 * k);
        inMemory!.scores.set(rows.scores, i0 * k);
      }

      const now = performance.now();
      if (writer && (now - lastCommit >= Math.max(commitMs, commitMsTaken / COMMIT_SHARE) || b === blocks - 1)) {
        writer.commit();
        if (b < blocks - 1) {
          // Save the partial heaps of the rows still open: gather every worker's into worker 0's first.
          for (let w = 1; w < threads; w++) {
            main[0].mergeHeaps(regions[w], i1, n);
            main[w].resetHeaps(i1, n);
          }
          await writeCheckpoint(partialPathOf(options.out!), meta, blockRows, i1, writer.committedRows, main[0].heapArrays(i1, n));
        }
        lastCommit = now;
        commitMsTaken = performance.now() - now;
      }
      options.onProgress?.({ rowsDone: i1, rows: n, workDone: 1 - pairWork(n, i1) / totalWork, elapsedMs: now - started, resumedRows });
    }

    if (writer) {
      await writer.finish(meta);
      await removeCheckpoint(partialPathOf(options.out!));
    }
    return { words: model.words, k, indices: inMemory?.indices ?? new Int32Array(0), scores: inMemory?.scores ?? new Float32Array(0), meta };
  } catch (e) {
    writer?.close();
    throw e;
  } finally {
    await pool?.close();
    memory?.release();
  }
}

/** Pairs still to score when rows [0, from) are done: the triangle of the remaining rows. */
function pairWork(n: number, from: number): number {
  const m = n - from;
  return (m * (m + 1)) / 2;
}
