/**
 * The schedule of the exact build (build-dictionary.ts), as a pure function: which tiles each row block scores.
 *
 * The rows are cut into blocks of `blockRows`. Block I scores its rows against the candidates [I·B, n) only, using
 * the symmetry of cosine similarity: the diagonal tile scores the block against itself (both orders of every pair,
 * feeding the rows' heaps only), and the candidates [i1, n) after the block feed both sides' heaps (`columns`). So
 * every pair i < j is scored exactly once, in the block of i, and when block I is done its rows have seen every
 * candidate (the earlier blocks fed them through their columns). The candidates are cut into chunks that each
 * worker takes as soon as it is free: the workers' speeds differ from block to block, so a fixed split leaves one
 * waiting.
 */

/** One task of a row block: rows [i0, i1) against candidates [j0, j1) (as a dictionary worker takes it). */
export interface TileTask {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  /** Feed the candidates' heaps too (the symmetric half of the pair). */
  columns: boolean;
  /** Leave a row out of its own heap (the diagonal tile, unless includeSelf). */
  excludeSelf: boolean;
}

export interface Schedule {
  /** Rows of the model. */
  n: number;
  blockRows: number;
  /** Worker threads: the candidates are cut into up to CHUNKS_PER_WORKER chunks per thread. */
  threads: number;
  includeSelf: boolean;
}

/** Chunks of candidates per worker and row block: enough for the workers to even out, few enough to stay cheap. */
export const CHUNKS_PER_WORKER = 8;

/** The number of row blocks. */
export function blockCount(s: Schedule): number {
  return Math.ceil(s.n / s.blockRows);
}

/** The rows [i0, i1) of block `b`. */
export function blockRowsOf(s: Schedule, b: number): { i0: number; i1: number } {
  const i0 = b * s.blockRows;
  return { i0, i1: Math.min(s.n, i0 + s.blockRows) };
}

/** The tasks of block `b`: the diagonal tile first, then the chunks of the candidates [i1, n). */
export function blockTasks(s: Schedule, b: number): TileTask[] {
  const { i0, i1 } = blockRowsOf(s, b);
  const tasks: TileTask[] = [{ i0, i1, j0: i0, j1: i1, columns: false, excludeSelf: !s.includeSelf }];
  const rest = s.n - i1;
  const chunks = Math.min(Math.ceil(rest / s.blockRows), CHUNKS_PER_WORKER * s.threads);
  for (let c = 0; c < chunks; c++) {
    const j0 = i1 + Math.floor((rest * c) / chunks);
    const j1 = i1 + Math.floor((rest * (c + 1)) / chunks);
    if (j1 > j0) tasks.push({ i0, i1, j0, j1, columns: true, excludeSelf: false });
  }
  return tasks;
}

/**
 * The pair work of block `b`: its rows times the candidates it scores, [i0, n) (the diagonal tile scores both
 * orders of its pairs, the columns after it each pair once for both sides). Early blocks have the most.
 */
export function blockWork(s: Pick<Schedule, 'n' | 'blockRows'>, b: number): number {
  const i0 = b * s.blockRows;
  const i1 = Math.min(s.n, i0 + s.blockRows);
  return (i1 - i0) * (s.n - i0);
}

/**
 * The row blocks of shard `index` of `count` (../dictionary/build-shard.ts), in increasing order: the blocks are
 * dealt out greedily, the heaviest first, each to the shard with the least work so far (the lowest index among
 * equals): longest-processing-time scheduling, so the shards' pair work differs by at most about one of the
 * lightest blocks. It depends on n, blockRows and count only (not on the threads), so every shard of a job, on any
 * machine, computes the same partition: each block belongs to exactly one shard, each pair is scored once in the job.
 */
export function shardBlocks(s: Pick<Schedule, 'n' | 'blockRows'>, index: number, count: number): number[] {
  const blocks = Math.ceil(s.n / s.blockRows);
  const order = Array.from({ length: blocks }, (_, b) => b).sort((a, b) => blockWork(s, b) - blockWork(s, a) || a - b);
  const load = new Float64Array(count);
  const mine: number[] = [];
  for (const b of order) {
    let least = 0;
    for (let t = 1; t < count; t++) if (load[t] < load[least]) least = t;
    load[least] += blockWork(s, b);
    if (least === index) mine.push(b);
  }
  return mine.sort((a, b) => a - b);
}

/** Rows per run of the seeds' sample: one 8-candidate panel of the tile kernel. */
export const SEED_RUN = 8;
/** Runs in the seeds' sample, at most (1,024 rows). */
export const SEED_RUNS = 128;

/**
 * The seeds' sample (./exact-run.ts), as the first rows of runs of SEED_RUN consecutive rows spread evenly over the
 * model: run r starts at floor(r·n/R), R = min(SEED_RUNS, floor(n/64)), so at most one row in 8 is sampled and the
 * runs never overlap. Empty (no seeds) when the sample would hold fewer than 4k rows: too few to bound a row's k-th
 * best usefully. It depends on n and k only, so every shard of a job, on any machine, draws the same sample.
 */
export function seedRuns(n: number, k: number): number[] {
  const runs = Math.min(SEED_RUNS, Math.floor(n / 64));
  if (runs * SEED_RUN < 4 * k) return [];
  return Array.from({ length: runs }, (_, r) => Math.floor((r * n) / runs));
}
