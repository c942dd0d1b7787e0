/**
 * One shard of the exact dictionary job, for a cluster scheduler that starts N copies of one command (a Slurm job
 * array, a Kubernetes Indexed Job): shard i of N scores the row blocks that schedule.ts's shardBlocks deals it
 * (about 1/N of the pair work), with the whole build's engine (./exact-run.ts), and writes every row's partial top k
 * to a part file (./part-file.ts). The merge (./merge-parts.ts) turns the N parts into the dictionary, bit for bit
 * the single-machine one.
 *
 * Why every row: the engine scores each pair once, block I against the candidates [I·B, n), each tile feeding the
 * heaps of both sides. So a shard's blocks give candidates to rows of every other block too, and the symmetric
 * saving stays whole across the job: the shards together score each pair once, as the single machine does. Its
 * memory is the single-machine build's (the workers' heaps hold every row in both). A row's partial list is final
 * once the shard has no block left that feeds it, and it is written to the part soon after (a batch at a time).
 *
 * Rank order is total (score, then index), so each row's partial list is the top k of a well-defined set of
 * candidates, whatever the threads: those the shard scored at or above the row's seed (./exact-run.ts: computed
 * alike in every shard from a sample of rows). The seeds matter most here: a row of another shard's block gets
 * only this shard's candidates, and without them its heap would take far more of them before its threshold rose.
 * On the int8 path the rescorer makes each partial list exact (the float32 top k of the candidates the shard saw,
 * or of every row where the error bound does not settle it: a superset, which the merge takes once).
 *
 * Crash safety: like the whole build, a shard commits by the commit clock; its checkpoint (./checkpoint.ts, beside
 * `<out>.partial`) holds the heaps of every row and the number of its blocks done, and a rerun of the same shard
 * continues from there (a scheduler's retry runs the same command). The part appears under its name only when
 * complete; a rerun of a finished shard finds it and does nothing.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { wholeInRange } from '../checks/arguments.js';
import { DictionaryError } from '../store/dictionary-error.js';
import { checkWritableFile, type DictionaryMeta } from '../store/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { CheckpointWriter, checkpointMethod, readCheckpoint, removeCheckpoint, type Checkpoint } from './checkpoint.js';
import { CommitClock } from './commit-clock.js';
import { ExactRun, exactSetup, type ExactSettings } from './exact-run.js';
import { PartReader, PartWriter, type PartHeader } from './part-file.js';
import { blockWork, shardBlocks } from './schedule.js';

export interface ShardOptions extends ExactSettings {
  /** Shard `index` (0-based) of `count`. */
  shard: { index: number; count: number };
  /** The part file to write (`.part`). */
  out: string;
  /** Seconds between checkpoints (default 10; longer when a checkpoint takes over 10% of the time). */
  commitSeconds?: number;
  onProgress?: (p: ShardProgress) => void;
  /** Things worth telling that are not errors: a part of another job replaced, a checkpoint that cannot be used. */
  onNote?: (message: string) => void;
}

export interface ShardProgress {
  blocksDone: number;
  blocks: number;
  /** Fraction of the shard's pair work done. */
  workDone: number;
  elapsedMs: number;
  /** Blocks already done when a rerun started (from the checkpoint). */
  resumedBlocks: number;
}

export interface ShardResult {
  out: string;
  header: PartHeader;
  /** `out` was already the finished part of this shard: nothing was done. */
  alreadyComplete: boolean;
  resumedBlocks: number;
}

/** The keys a finished part must share with this shard's job to count as done (and a merge checks across parts). */
export const PART_JOB_KEYS = ['modelHash', 'words', 'dim', 'k', 'includeSelf', 'method'] as const;

export async function buildShard(model: KeyedVectors, options: ShardOptions): Promise<ShardResult> {
  const count = wholeInRange('shard count', options.shard.count, 1, 1 << 20);
  const index = wholeInRange('shard index', options.shard.index, 0, count - 1);
  const { out } = options;
  if (!out.endsWith('.part')) throw new RangeError(`out must name a part file ending in .part, got ${JSON.stringify(out)}`);
  checkWritableFile(out, `cannot write the part ${out}`);
  const partial = `${out}.partial`;
  const note = options.onNote ?? (() => {});
  const tag = `${index}/${count}`;

  // A finished part, or an interrupted run's checkpoint, fixes the method when none is asked for (the default
  // depends on the threads, which may differ between runs).
  const finished = existsSync(out) ? finishedPart(out, note) : undefined;
  const previous = options.method ?? (finished?.meta.method ?? (await checkpointMethod(partial)));
  const method = previous === 'exact-int8-rescored' || previous === 'int8' ? 'int8' : previous === 'exact-f32' || previous === 'f32' ? 'f32' : undefined;
  const setup = exactSetup(model, { ...options, method });
  const { schedule, meta } = setup;
  const { n, blockRows } = schedule;
  const blocks = shardBlocks(schedule, index, count);
  // No time in a part (the merge stamps the dictionary's): a part is a function of the model, the settings and the
  // shard only, so a rerun after a kill writes the same bytes.
  const header: Omit<PartHeader, 'wordsBytes'> = { meta: { ...meta, createdAt: '' }, shard: { index, count }, blockRows, blocks };

  if (finished) {
    const d = jobDifference(finished, header);
    if (d === undefined && finished.shard.index === index) return { out, header: finished, alreadyComplete: true, resumedBlocks: blocks.length };
    const why = d ? `${d.key} ${JSON.stringify(d.part)}, this one ${JSON.stringify(d.other)}` : `shard ${finished.shard.index}, this one ${index}`;
    note(`${out} is the part of another job (${why}); it is rebuilt`);
  }

  let checkpoint: Checkpoint | undefined;
  try {
    checkpoint = await readCheckpoint(partial, meta, blockRows, setup.plan.heapK, tag);
  } catch (e) {
    if (!(e instanceof DictionaryError)) throw e;
    note(`the checkpoint beside ${partial} cannot be used (${e.message.replace(/; run without --resume to start over$/, '')}); the shard starts over`);
  }
  if (checkpoint && (checkpoint.fromRow !== 0 || checkpoint.committedRows > blocks.length)) checkpoint = undefined;
  const resumedBlocks = checkpoint?.committedRows ?? 0;

  const started = performance.now();
  const totalWork = blocks.reduce((sum, b) => sum + blockWork(schedule, b), 0);
  let workDone = blocks.slice(0, resumedBlocks).reduce((sum, b) => sum + blockWork(schedule, b), 0);
  const clock = new CommitClock(options.commitSeconds);
  const checkpoints = new CheckpointWriter(partial, meta, blockRows, tag);
  const run = await ExactRun.start(model, setup);
  // A row is final for this shard when no block of its own is left that feeds it: blocks feed the rows from their
  // first on (./schedule.ts), so once blocks [0, d) are done the rows before block d's first are final. They are
  // read out, in order, into the part, a batch of blocks' rows at a time (./exact-run.ts).
  const finalRows = (d: number): number => (d < blocks.length ? blocks[d] * blockRows : n);
  let writer: PartWriter | undefined;
  try {
    if (checkpoint) run.restoreHeaps(0, checkpoint.heapScores, checkpoint.heapIndices);
    const part = (writer = PartWriter.open(out, header, model.words));
    await run.scoreBlocks(blocks.slice(resumedBlocks), {
      readFrom: 0, // a resume reads the rows out again from the checkpoint's heaps
      finalRows: (d) => finalRows(resumedBlocks + d),
      take: (r0, r1, rows) => part.append(r1 - r0, rows),
      done: (d) => {
        const b = resumedBlocks + d;
        workDone += blockWork(schedule, blocks[b]);
        options.onProgress?.({ blocksDone: b + 1, blocks: blocks.length, workDone: totalWork > 0 ? workDone / totalWork : 1, elapsedMs: performance.now() - started, resumedBlocks });
      },
      commitDue: () => clock.due(),
      // The checkpoint holds every row's heaps (those read out included); the rows not read out yet are gathered
      // into worker 0's, the others' emptied. It is written while the workers go on.
      commit: (d) =>
        clock.commit(() =>
          checkpoints.save(0, resumedBlocks + d, () => {
            run.gather(finalRows(resumedBlocks + d), n);
            return run.heapArrays(0, n);
          }),
        ),
    });
    await checkpoints.settled(); // before it is removed
    await part.finish();
    writer = undefined;
    await removeCheckpoint(partial);
    return { out, header: part.header, alreadyComplete: false, resumedBlocks };
  } finally {
    writer?.abort();
    await run.close();
  }
}

/** The header of the finished part at `out`, or undefined (with a note) when it is not a whole part file. */
function finishedPart(out: string, note: (m: string) => void): PartHeader | undefined {
  let reader: PartReader | undefined;
  try {
    reader = PartReader.open(out);
    if (!reader.checksumMatches()) {
      note(`${out} is damaged (its checksum does not match); it is rebuilt`);
      return undefined;
    }
    return reader.header;
  } catch (e) {
    if (!(e instanceof DictionaryError)) throw e;
    note(`${e.message.replace(/; rerun its shard$/, '')}; it is rebuilt`);
    return undefined;
  } finally {
    reader?.close();
  }
}

/**
 * The first setting of the job in which two parts differ, with both values ("k", 10, 15), or undefined: the
 * metadata's PART_JOB_KEYS, the shard count and the block size (the shard's index is not compared).
 */
export function jobDifference(part: Omit<PartHeader, 'wordsBytes'>, other: Omit<PartHeader, 'wordsBytes'>): { key: string; part: unknown; other: unknown } | undefined {
  for (const key of PART_JOB_KEYS) {
    const a = part.meta[key as keyof DictionaryMeta], b = other.meta[key as keyof DictionaryMeta];
    if (a !== b) return { key: key === 'modelHash' ? 'model hash' : key, part: a, other: b };
  }
  if (part.shard.count !== other.shard.count) return { key: 'shard count', part: part.shard.count, other: other.shard.count };
  if (part.blockRows !== other.blockRows) return { key: 'blockRows', part: part.blockRows, other: other.blockRows };
  return undefined;
}
