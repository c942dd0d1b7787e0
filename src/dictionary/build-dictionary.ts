/**
 * The exact similar-words dictionary: for every word, its k most similar words by cosine similarity.
 *
 * The work is blocked matrix-matrix scoring (faiss's exact k-NN idea) on the worker pool, using the symmetry of
 * cosine similarity: row block I is scored against the candidate rows [I·B, n) only, the tile (I, J) feeding the
 * heaps of I's rows *and* of J's rows, so each pair is computed once (./schedule.ts). When row block I is done, its
 * rows have seen every candidate: the workers' partial heaps for those rows are merged and the rows are final (they
 * are read out a batch of blocks at a time, ./exact-run.ts).
 * Ranking is a total order (score, then index), so the output is the same for any number of threads and any tile
 * order.
 *
 * Crash safety: the final rows go to the result sink (./result-sink.ts), which commits them in chunks; at each commit
 * the partial heaps of the rows not yet final are saved beside the partial output (./checkpoint.ts), so `resume`
 * continues from the last commit and produces exactly the uninterrupted output.
 *
 * The machinery (settings, memory, workspaces, workers, reading rows out) is ./exact-run.ts, shared with a shard of
 * this build (./build-shard.ts), which scores some of the blocks only.
 *
 * Memory: the tile kernels run in WebAssembly memories of at most 4 GiB each; where the workers' heaps and the int8
 * path's quantised rows go (beside the model, or in a second memory for models too big to share one) is planned in
 * ./dictionary-memory.ts.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import type { Layout } from './dictionary-memory.js';
import { CheckpointWriter, checkpointMethod, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { ExactRun, exactSetup, type RowsTaker } from './exact-run.js';
import { ResultSink, type Dictionary, type DictionaryProgress } from './result-sink.js';
import { blockCount, blockRowsOf } from './schedule.js';
import { finishedMeta, partialPathOf } from '../store/index.js';

export type { Dictionary, DictionaryProgress } from './result-sink.js';

export interface DictionaryOptions {
  /** Neighbours per word (default 15). */
  k?: number;
  /** Worker threads (default: the machine's available cores). */
  threads?: number;
  /** Keep each word in its own list (default false: a word is not its own neighbour). */
  includeSelf?: boolean;
  /** Write the dictionary here (.sqlite, .jsonl, .tsv); without it the result is returned in memory. */
  out?: string;
  /**
   * Continue an interrupted build of `out` from its last commit. When `out` is already a finished dictionary of the
   * same build (model, k, includeSelf, method), it is kept as it is and returned with alreadyComplete.
   */
  resume?: boolean;
  /** Seconds between commits of the output (default 10; longer when a commit and its checkpoint take over 10% of the time). */
  commitSeconds?: number;
  /**
   * 'f32': float32 scores throughout. 'int8': candidates pre-selected on 12-bit quantised vectors, then rescored in
   * float32 — the output is identical to 'f32' (a per-row error bound proves the exact top-k is among the
   * candidates, and rows it cannot prove are recomputed in float32). Default: 'int8' (level with f32 up to ~10k words,
   * faster above: `npm run bench:dict-methods`), its work beside the model or, for models too big to share its 4 GiB WebAssembly
   * memory, in a second one; 'f32' only where int8 cannot fit or has too few bits (over ~8,000 dimensions).
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

export async function buildDictionary(model: KeyedVectors, options: DictionaryOptions = {}): Promise<Dictionary> {
  // Before any output: refused here, with the sizes, when even the split layout cannot hold it. A resumed build
  // without a method goes on with the interrupted (or finished) one's: the default depends on the threads.
  const partial = options.out === undefined ? undefined : partialPathOf(options.out);
  const finished = options.resume && options.out ? finishedMeta(options.out) : undefined;
  const resumed = options.resume && partial && options.method === undefined ? (finished?.method ?? (await checkpointMethod(partial))) : undefined;
  const method = resumed === 'exact-int8-rescored' ? 'int8' : resumed === 'exact-f32' ? 'f32' : options.method;
  const setup = exactSetup(model, { ...options, method });
  const { schedule, meta } = setup;
  const { n, blockRows } = schedule;
  const { heapK } = setup.plan; // the int8 heaps keep extra candidates per row for the exact rescoring

  // Where to start: a resumed build restores the heaps of its checkpoint, and the output's rows committed with it
  // (without a checkpoint it starts over: the heaps of the open rows are lost).
  const checkpoint: Checkpoint | undefined = options.resume && partial && !finished ? await readCheckpoint(partial, meta, blockRows, heapK) : undefined;
  let run: ExactRun | undefined;
  // At a commit: gather every worker's partial heaps of the rows still open into worker 0's, and save them.
  // (The write goes on while the workers score: the heaps are copied first.)
  const checkpoints = partial === undefined ? undefined : new CheckpointWriter(partial, meta, blockRows);
  const saveHeaps = (from: number) =>
    checkpoints!.save(from, from, () => {
      run!.gather(from, n);
      return run!.heapArrays(from, n);
    });
  const sink = await ResultSink.open(meta, model.words, { ...options, resumeRows: checkpoint?.committedRows ?? 0, saveState: saveHeaps });
  if (sink.complete) return sink.finish();

  try {
    // The regions (./dictionary-memory.ts): one workspace per worker (its heaps for every row); on the int8 path the
    // quantised model and the rescorer that makes the rows exact.
    run = await ExactRun.start(model, setup);
    if (checkpoint) run.restoreHeaps(checkpoint.fromRow, checkpoint.heapScores, checkpoint.heapIndices);
    const totalWork = pairWork(n, 0);
    const add: RowsTaker = (r0, r1, rows) => sink.add(r0, r1 - r0, rows, 1 - pairWork(n, r1) / totalWork, true);
    const first = (checkpoint?.fromRow ?? 0) / blockRows;
    const blocks = Array.from({ length: blockCount(schedule) - first }, (_, d) => first + d);
    // Rows are final once their block is scored (the workers' heaps are merged as they are read). A commit saves
    // the heaps of the rows not in the output; a resume starts at the next block.
    await run.scoreBlocks(blocks, {
      readFrom: first * blockRows,
      finalRows: (d) => (d < blocks.length ? blocks[d] * blockRows : n),
      take: add,
      commitDue: () => sink.commitDue,
      commit: () => sink.commitIfDue(),
    });
    await sink.commitIfDue(); // the last rows
    await checkpoints?.settled(); // before finish removes it
    return await sink.finish();
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    await run?.close();
  }
}

/** Pairs still to score when rows [0, from) are done: the triangle of the remaining rows. */
function pairWork(n: number, from: number): number {
  const m = n - from;
  return (m * (m + 1)) / 2;
}
