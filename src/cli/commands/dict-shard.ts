/**
 * `simdict dict [model] --shard i/N --out part-i.part`: one shard of the exact dictionary job, for a cluster
 * scheduler (../../dictionary/build-shard.ts); `simdict merge` (./merge.ts) then makes the dictionary of the parts.
 *
 * The shard can come from the scheduler's environment, so that one command line serves every task:
 *   --shard i/N     shard i (0-based) of N
 *   --shard env     the index and the count of a Slurm job array (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN,
 *                   SLURM_ARRAY_TASK_COUNT)
 *   --shard env/N   N shards, the index from SLURM_ARRAY_TASK_ID or, in a Kubernetes Indexed Job,
 *                   JOB_COMPLETION_INDEX (which comes with no count)
 * and `{i}` / `{n}` in --out are replaced with the index and the count.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { buildShard, type ShardProgress } from '../../dictionary/build-shard.js';
import { checkWritableFile } from '../../store/index.js';
import { UsageError } from '../errors.js';
import { chooseModel, openModel, type LoadFlags } from '../model.js';
import { formatInt, toJson, type Io } from '../output.js';

export interface ShardFlags extends LoadFlags {
  shard: string;
  out?: string;
  topn: number;
  threads?: number;
  includeSelf?: boolean;
  commitEvery: number;
  method?: 'f32' | 'int8';
}

const USAGE = 'i/N (shard i of N, counted from 0), env (a Slurm job array: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT) or env/N (N shards, the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)';

/** The shard --shard asks for, reading the scheduler's variables from `env` for `env` and `env/N`. */
export function parseShard(value: string, env: NodeJS.ProcessEnv): { index: number; count: number; from: string } {
  const m = /^\s*(\d+|env)\s*(?:\/\s*(\d+)\s*)?$/.exec(value);
  if (!m || (m[1] !== 'env' && m[2] === undefined)) throw new UsageError(`--shard takes ${USAGE}; got ${JSON.stringify(value)}`);
  const whole = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v.trim())) throw new UsageError(`--shard ${value}: ${name} is ${JSON.stringify(v)}, not a whole number`);
    return Number(v);
  };
  let count = m[2] === undefined ? undefined : Number(m[2]);
  if (count !== undefined && !(count >= 1 && count <= 1 << 20)) throw new UsageError(`--shard ${value}: the count of shards must be from 1 to ${1 << 20}`);
  let index: number;
  let from: string;
  if (m[1] !== 'env') {
    index = Number(m[1]);
    from = '--shard';
  } else {
    const slurmId = whole('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID);
    const k8s = whole('JOB_COMPLETION_INDEX', env.JOB_COMPLETION_INDEX);
    if (slurmId !== undefined) {
      const step = whole('SLURM_ARRAY_TASK_STEP', env.SLURM_ARRAY_TASK_STEP) ?? 1;
      if (step !== 1) throw new UsageError(`--shard ${value}: the Slurm array has a step of ${step}; submit it as --array=0-${(count ?? 16) - 1}`);
      index = slurmId - (whole('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN) ?? 0);
      const slurmCount = whole('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT);
      if (count === undefined) {
        if (slurmCount === undefined) throw new UsageError(`--shard env: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT; give the count: --shard env/N`);
        count = slurmCount;
      } else if (slurmCount !== undefined && slurmCount !== count) {
        throw new UsageError(`--shard ${value}: the Slurm array has ${slurmCount} tasks (SLURM_ARRAY_TASK_COUNT), not ${count}; submit it as --array=0-${count - 1}`);
      }
      from = 'SLURM_ARRAY_TASK_ID';
    } else if (k8s !== undefined) {
      if (count === undefined) throw new UsageError('--shard env: JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) gives the index but not the count; give it: --shard env/N, N the Job\'s completions');
      index = k8s;
      from = 'JOB_COMPLETION_INDEX';
    } else {
      throw new UsageError(`--shard ${value}: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set; run it as a task of a Slurm job array or a Kubernetes Indexed Job, or give --shard i/N`);
    }
  }
  if (index < 0 || index >= count!) {
    const where = from === '--shard' ? '' : ` (from ${from})`;
    throw new UsageError(`--shard ${value}: shard ${index}${where} is not one of the ${count} shards, 0 to ${count! - 1}${from === 'SLURM_ARRAY_TASK_ID' ? `: submit the array as --array=0-${count! - 1}` : ''}`);
  }
  return { index, count: count!, from };
}

/** The flags of `dict` that a shard does not take: [flag, what it belongs to]. */
export const NOT_WITH_SHARD: [string, string][] = [
  ['approximate', '--approximate'],
  ['recall', '--recall'],
  ['recallSample', '--recall-sample'],
  ['seed', '--seed'],
  ['trees', '--trees'],
  ['leafSize', '--leaf-size'],
  ['maxIterations', '--max-iterations'],
  ['words', '--words'],
  ['show', '--show'],
];

export async function runShard(model: string | undefined, flags: ShardFlags & Record<string, unknown>, io: Io): Promise<void> {
  for (const [key, flag] of NOT_WITH_SHARD) {
    if (flags[key] !== undefined) throw new UsageError(`${flag} cannot be used with --shard: a shard is a part of the exact dictionary of the whole model${key === 'show' ? ' (show entries after `simdict merge`, with `simdict lookup`)' : ''}`);
  }
  const shard = parseShard(flags.shard, process.env);
  const choice = model === undefined ? await chooseModel([]) : { path: model, isDefault: false, rest: [] };
  const template = flags.out ?? `${basename(choice.path).replace(/(\.[^./]*)?(\.gz)?$/i, '')}.shard-{i}-of-{n}.part`;
  const out = template.replaceAll('{i}', String(shard.index)).replaceAll('{n}', String(shard.count));
  if (!out.endsWith('.part')) throw new UsageError(`--out: a shard writes a part file, whose name ends in .part (then \`simdict merge\` makes the dictionary of the parts); got ${JSON.stringify(out)}`);
  try {
    checkWritableFile(out, `cannot write the part ${out}`); // before the model loads
  } catch (e) {
    throw new UsageError(`--out: ${(e as Error).message}`);
  }
  const kv = await openModel(choice, flags, io, 'build a dictionary shard');
  const threads = flags.threads ?? availableParallelism();
  const label = `shard ${shard.index} of ${shard.count}`;
  io.err(`simdict: exact engine, ${label}${shard.from === '--shard' ? '' : ` (the index from ${shard.from})`}: ${out}`);
  const started = performance.now();
  let last = 0;
  const onProgress = (p: ShardProgress) => {
    if (p.elapsedMs - last < 10000 && p.blocksDone < p.blocks) return;
    last = p.elapsedMs;
    const eta = p.workDone > 0 ? ((p.elapsedMs / p.workDone) * (1 - p.workDone)) / 1000 : NaN;
    io.err(`simdict: ${label}: ${(100 * p.workDone).toFixed(1)}% (${p.blocksDone}/${p.blocks} row blocks), ${(p.elapsedMs / 1000).toFixed(0)} s, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '-'}`);
  };
  const result = await buildShard(kv, {
      k: flags.topn,
      threads,
      includeSelf: flags.includeSelf,
      method: flags.method,
      shard,
      out,
      commitSeconds: flags.commitEvery,
      modelFile: choice.path,
      onProgress,
    onNote: (m) => io.err(`simdict: ${m}`),
  });
  const seconds = (performance.now() - started) / 1000;
  const { header } = result;
  const summary = {
    out,
    shard: header.shard,
    blocks: header.blocks.length,
    words: header.meta.words,
    k: header.meta.k,
    method: header.meta.method,
    threads,
    seconds: Math.round(seconds * 100) / 100,
    alreadyComplete: result.alreadyComplete,
    resumedBlocks: result.resumedBlocks,
  };
  if (flags.json) return io.out(toJson(summary));
  if (result.alreadyComplete) return io.out(`${out} is already complete (${label}, ${formatInt(summary.words)} words x ${summary.k}): nothing to do.`);
  const resumed = result.resumedBlocks > 0 ? `, resumed after ${result.resumedBlocks} row block${result.resumedBlocks === 1 ? '' : 's'}` : '';
  io.out(`${out}: ${label}, ${header.blocks.length} row block${header.blocks.length === 1 ? '' : 's'} of ${formatInt(summary.words)} words x ${summary.k}, ${summary.method}, ${seconds.toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'}${resumed}. Merge the parts with \`simdict merge\`.`);
}
