/** `simdict dict [model]`: the similar-words dictionary of a whole model (or of --words), written to a store. */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { buildDictionary, type DictionaryProgress } from '../../dictionary/build-dictionary.js';
import { buildRestrictedDictionary } from '../../dictionary/restricted-dictionary.js';
import { checkpointMethod } from '../../dictionary/checkpoint.js';
import { chooseBySize, formatDuration, type EngineChoice } from '../../dictionary/engine-choice.js';
import { buildApproximateDictionary, type ApproximateStep } from '../../graph/build-approximate.js';
import { statePathOf } from '../../graph/approximate-state.js';
import { existsSync } from 'node:fs';
import { checkOutputPath, finishedMeta, openDictionary, partialPathOf, type Entry } from '../../store/index.js';
import { readWordList } from '../word-list.js';
import { addLoadOptions, chooseModel, MODEL_HELP, openModel, type LoadFlags } from '../model.js';
import { formatInt, formatScore, methodText, showWord, table, toJson, type Io } from '../output.js';
import { fraction, positiveInt, wholeNumber } from '../parse.js';
import { UsageError } from '../errors.js';
import { runShard, type ShardFlags } from './dict-shard.js';

interface DictFlags extends LoadFlags {
  out?: string;
  topn: number;
  threads?: number;
  includeSelf?: boolean;
  resume?: boolean;
  show?: string;
  commitEvery: number;
  method?: 'f32' | 'int8';
  words?: string;
  approximate?: boolean;
  exact?: boolean;
  recall?: number;
  recallSample?: number;
  seed?: number;
  trees?: number;
  leafSize?: number;
  heapSize?: number;
  maxIterations?: number;
  joins?: 'int16' | 'float32';
  shard?: string;
}

/** The approximate engine's own flags (refused with --exact). */
const APPROXIMATE_FLAGS = [
  ['recall', '--recall'],
  ['recallSample', '--recall-sample'],
  ['seed', '--seed'],
  ['trees', '--trees'],
  ['leafSize', '--leaf-size'],
  ['heapSize', '--heap-size'],
  ['maxIterations', '--max-iterations'],
  ['joins', '--joins'],
] as const;

export function registerDict(program: Command, io: Io): void {
  const cmd = program
    .command('dict')
    .description('the similar-words dictionary: the --topn most similar words of every word, exact (or approximate for big models), on every core')
    .argument('[model]', 'model file (default: the shipped model)')
    .option('--out <file>', 'output: .sqlite (default), .jsonl or .tsv (default: <model name>.similar.sqlite here)')
    .option('--topn <n>', 'neighbours per word', positiveInt('--topn'), 15)
    .option('--threads <n>', `worker threads (default: the available cores, here ${availableParallelism()})`, positiveInt('--threads'))
    .addOption(new Option('--method <method>', 'int8: quantised pre-selection then exact float32 rescoring; f32: float32 throughout (the same output). Default: int8 (faster), f32 where int8 cannot fit or has too few bits (over ~8,000 dimensions)').choices(['f32', 'int8']))
    .option('--exact', 'the exact engine (the default when its estimated time here is under about 2 minutes)')
    .option('--approximate', 'the approximate engine: random-projection forest + NN-descent, its recall measured on a sample (the default for bigger models)')
    .option('--recall <r>', 'approximate: the target recall@k on the sample (0 < r <= 1); NN-descent stops when it is reached (default 0.95)', fraction('--recall'))
    .option('--recall-sample <n>', 'approximate: words of the seeded sample whose exact rows measure the recall (default 1000)', positiveInt('--recall-sample'))
    .option('--seed <n>', 'approximate: the random seed (default 42): the same seed, model and flags give the same dictionary', wholeNumber('--seed', 0))
    .option('--trees <n>', 'approximate: trees of the random-projection forest (default 4 + n^0.25 / 4, at most 32)', positiveInt('--trees'))
    .option('--leaf-size <n>', 'approximate: most words per leaf (default max(24, --topn + 1))', wholeNumber('--leaf-size', 2))
    .option('--heap-size <n>', 'approximate: neighbours kept per word while the graph is built, at least --topn (default min(3 x --topn, --topn + 32)); more raises the recall and the time', positiveInt('--heap-size'))
    .option('--max-iterations <n>', 'approximate: most NN-descent iterations (default max(5, log2 n); 0: the forest only)', wholeNumber('--max-iterations', 0))
    .addOption(new Option('--joins <rows>', 'approximate: what the graph is built on: int16, the rows quantised to 12 bits (faster; each written score is still exact), or float32. Default: int16 where the quantised rows fit beside the model in its memory').choices(['int16', 'float32']))
    .option('--words <file>', 'only these words get a row (one word per line; blank lines are skipped); their neighbours come from the whole model')
    .option('--include-self', 'keep each word in its own list (by default a word is not its own neighbour)')
    .option('--resume', 'continue an interrupted build of --out from its last commit')
    .option('--commit-every <seconds>', 'seconds between commits of the output', wholeNumber('--commit-every', 0), 10)
    .option('--show <words>', 'after the build, print the entries of these comma-separated words')
    .option('--shard <i/N>', 'one shard of the exact job, for a cluster: i/N (from 0), env (a Slurm array\'s task) or env/N (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX); writes a part file (--out x-{i}.part), merged by `simdict merge`')
    .option('--json', 'print one JSON document');
  addLoadOptions(cmd).addHelpText(
    'after',
    `
${MODEL_HELP}

The output is written to <out>.partial and committed in chunks; the final name appears only when the dictionary
is complete. After an interruption (Ctrl-C, kill), the same command with --resume continues from the last commit
and gives exactly the output of an uninterrupted run; on a dictionary that is already complete it says so and
keeps it (exit 0). --out is checked before the model loads. The output does not depend on --threads.

Engine: without --exact or --approximate, the exact engine when its estimated time on this machine
(n^2 x dim / a throughput calibrated on GloVe 6B 100d, 341k words in ~91 s on 2 threads) is under about
2 minutes, else the approximate one; the choice and why are printed (stderr; "engine" and "reason" in --json).
The approximate engine's recall@k is measured, never assumed: the exact rows of a seeded sample of words
(--recall-sample) are computed first, NN-descent stops when the sample reaches --recall, and the figure is
printed, stored in the dictionary's metadata and in --json; a run that ends below the target warns with it.
An approximate build saves its state after the forest and after every iteration: --resume continues from there
(and gives the uninterrupted build's dictionary); a finished one is recognised as complete.

Examples:
  $ simdict dict --show king,computer
  $ simdict dict glove.6B.100d.txt --out glove.similar.sqlite --topn 20
  $ simdict dict model.bin --out model.similar.jsonl --threads 2
  $ simdict dict model.bin --out model.similar.sqlite --resume
  $ simdict dict model.bin --words my-words.txt --out my-words.similar.sqlite
  $ simdict dict big-model.bin --approximate --recall 0.98 --out big.similar.sqlite
  $ simdict dict big-model.bin --shard env --out parts/part-{i}.part     # a task of sbatch --array=0-15
  $ simdict merge parts/part-*.part --out big.similar.sqlite
  $ simdict lookup model.similar.sqlite king`,
  );
  cmd.action(async (model: string | undefined, flags: DictFlags) => {
    if (flags.shard !== undefined) return runShard(model, { ...flags, shard: flags.shard } as ShardFlags & Record<string, unknown>, io); // docs/shards.md
    const choice = model === undefined ? await chooseModel([]) : { path: model, isDefault: false, rest: [] };
    const out = flags.out ?? `${basename(choice.path).replace(/(\.[^./]*)?(\.gz)?$/i, '')}.similar.sqlite`;
    try {
      checkOutputPath(out); // before the model loads: a wrong --out is told at once
    } catch (e) {
      throw new UsageError(`--out: ${(e as Error).message}`);
    }
    checkEngineFlags(flags);
    const kv = await openModel(choice, flags, io, 'build a dictionary');
    const listed = flags.words === undefined ? undefined : await readWordList(flags.words, kv);
    const threads = flags.threads ?? availableParallelism();
    const engine = await chooseEngine(flags, out, kv.size, kv.dim, threads);
    io.err(`simdict: ${engine.engine} engine: ${engine.reason}`);
    // the approximate engine's steps are stderr lines: its rows' progress too (no bar between them)
    const progress = progressReporter(io, listed ? new Set(listed).size : kv.size, engine.engine === 'approximate');
    const started = performance.now();
    // Ctrl-C: everything committed so far is safe in <out>.partial; say how to go on.
    const onInterrupt = () => {
      progress.stop();
      io.err(`\nsimdict: interrupted; the work committed so far is kept in ${out}.partial. Run the same command with --resume to continue.`);
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    let meta;
    let complete = false;
    try {
      const options = { k: flags.topn, threads, includeSelf: flags.includeSelf, out, resume: flags.resume, method: flags.method, commitSeconds: flags.commitEvery, onProgress: progress.update, modelFile: choice.path };
      const built =
        engine.engine === 'approximate'
          ? await buildApproximateDictionary(kv, {
              ...options,
              recall: flags.recall,
              recallSample: flags.recallSample,
              seed: flags.seed,
              trees: flags.trees,
              leafSize: flags.leafSize,
              heapSize: flags.heapSize,
              maxIterations: flags.maxIterations,
              joins: flags.joins,
              onStep: stepReporter(io),
            })
          : listed
            ? await buildRestrictedDictionary(kv, listed, options)
            : await buildDictionary(kv, options);
      ({ meta, alreadyComplete: complete } = built);
    } finally {
      process.off('SIGINT', onInterrupt);
      progress.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const shown = (flags.show ?? '').split(',').filter((w) => w !== '');
    const dict = openDictionary(out);
    const entries = shown.map((w) => dict.lookup(w, flags.topn) ?? { word: w, neighbors: [] });
    dict.close();
    const { words: rows, method, recall } = meta;
    const engineJson = { engine: engine.engine, reason: engine.reason };
    if (complete) return reportComplete(io, { out, words: rows, vocabulary: kv.size, k: flags.topn, method, ...engineJson }, entries, Boolean(listed), flags.json);
    const approximate =
      method === 'nn-descent'
        ? { recallSample: meta.recallSample as number, recallTarget: meta.recallTarget as number, recallReached: meta.recallReached as boolean, nnDescent: meta.nnDescent }
        : {};
    const summary = { out, words: rows, vocabulary: kv.size, k: flags.topn, threads, seconds: Math.round(seconds * 100) / 100, wordsPerSecond: Math.round(rows / seconds), method, recall, ...approximate, ...engineJson };
    if (method === 'nn-descent' && meta.recallReached === false) {
      const nn = meta.nnDescent as { stoppedBy: string; iterations: number };
      const why = nn.stoppedBy === 'converged' ? `NN-descent converged after ${nn.iterations} iteration${nn.iterations === 1 ? '' : 's'}` : nn.stoppedBy === 'max-iterations' ? `NN-descent stopped at --max-iterations ${nn.iterations}` : 'NN-descent was stopped';
      // converged: the heap holds what its width allows; stopped early: more iterations would still raise it
      const advice = nn.stoppedBy === 'converged' ? 'a bigger --heap-size raises it' : 'more --max-iterations or a bigger --heap-size raise it';
      io.err(
        `simdict: warning: the measured recall@${flags.topn} is ${(recall as number).toFixed(4)} on a sample of ${formatInt(meta.recallSample as number)} words, below the target ${meta.recallTarget} (${why}); ${advice}, --exact gives recall 1`,
      );
    }
    if (flags.json) {
      io.out(toJson({ ...summary, entries }));
      return;
    }
    io.out(`${out}: ${formatInt(rows)} words${listed ? ` (of the model's ${formatInt(kv.size)})` : ''} x ${flags.topn} neighbours, ${methodText(meta)}, ${seconds.toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'} (${formatInt(summary.wordsPerSecond)} words/s)`);
    printEntries(io, entries, Boolean(listed));
  });
}

/** The engine flags that cannot go together, before the model loads. */
function checkEngineFlags(flags: DictFlags): void {
  if (flags.exact && flags.approximate) throw new UsageError('--exact and --approximate exclude each other: give one of them');
  const given = APPROXIMATE_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (flags.exact && given.length > 0) throw new UsageError(`${given[0]} is a flag of the approximate engine: drop it or --exact`);
  if (flags.approximate && flags.words !== undefined) throw new UsageError('--approximate cannot be used with --words: a dictionary of listed words is built by the exact engine (drop --approximate)');
  if (flags.approximate && flags.method !== undefined) throw new UsageError('--method chooses between the exact methods: drop it or --approximate');
  if (given.length > 0 && (flags.words !== undefined || flags.method !== undefined)) throw new UsageError(`${given[0]} is a flag of the approximate engine, which ${flags.words !== undefined ? '--words' : '--method'} does not use`);
}

/** The engine: the one asked for; the one a resume continues; the exact one for --words and --method; else by the estimate. */
async function chooseEngine(flags: DictFlags, out: string, n: number, dim: number, threads: number): Promise<EngineChoice> {
  if (flags.exact) return { engine: 'exact', reason: '--exact' };
  if (flags.approximate) return { engine: 'approximate', reason: '--approximate' };
  if (flags.words !== undefined) return { engine: 'exact', reason: '--words: dictionaries of listed words are built by the exact engine' };
  if (flags.method !== undefined) return { engine: 'exact', reason: `--method ${flags.method} is an exact method` };
  const given = APPROXIMATE_FLAGS.find(([key]) => flags[key] !== undefined);
  if (given) return { engine: 'approximate', reason: `${given[1]} is a flag of the approximate engine` };
  if (flags.resume) {
    const finished = finishedMeta(out);
    if (finished) return finished.method === 'nn-descent' ? { engine: 'approximate', reason: `--resume: ${out} was built by the approximate engine` } : { engine: 'exact', reason: `--resume: ${out} was built by the exact engine` };
    if (existsSync(statePathOf(out))) return { engine: 'approximate', reason: `--resume: ${partialPathOf(out)} is an interrupted approximate build` };
    if ((await checkpointMethod(partialPathOf(out))) !== undefined) return { engine: 'exact', reason: `--resume: ${partialPathOf(out)} is an interrupted exact build` };
  }
  return chooseBySize(n, dim, threads);
}

/**
 * The approximate engine's steps on stderr: the sample; the forest and each NN-descent iteration with a progress bar
 * and its ETA on a terminal (a line every 10 s otherwise); a line at the end of each with its figures (the
 * iteration's updates and the sample's recall).
 */
function stepReporter(io: Io): (s: ApproximateStep) => void {
  let last = 0;
  /** When the last step ended (the sample, the forest, an iteration): the next phase began then. */
  let stepEnd = 0;
  /** The phase in progress: its name, when it began, its bar on a terminal. */
  let phase: { key: string; began: number; bar?: cliProgress.SingleBar } | undefined;
  const end = () => {
    phase?.bar?.stop();
    phase = undefined;
  };
  const progress = (key: string, label: string, s: ApproximateStep, fraction: number) => {
    if (phase?.key !== key) {
      end();
      phase = { key, began: stepEnd }; // its first report comes some way into it
      if (io.errIsTTY) {
        phase.bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true, etaBuffer: 20 }, cliProgress.Presets.shades_classic);
        phase.bar.start(1000, 0);
      }
    }
    if (phase.bar) return phase.bar.update(Math.round(1000 * fraction));
    if (s.elapsedMs - last < 10000) return;
    last = s.elapsedMs;
    const spent = s.elapsedMs - phase.began;
    const eta = fraction > 0 ? ((spent / fraction) * (1 - fraction)) / 1000 : NaN;
    io.err(`simdict: ${label}: ${(100 * fraction).toFixed(0)}%, ${(s.elapsedMs / 1000).toFixed(1)} s, ETA ${Number.isFinite(eta) ? formatDuration(eta) : '-'}`);
  };
  return (s) => {
    const at = `${(s.elapsedMs / 1000).toFixed(1)} s`;
    if (s.phase === 'sample' || s.recall !== undefined) stepEnd = s.elapsedMs; // a step's last report carries its recall
    if (s.phase === 'sample') return io.err(`simdict: recall sample: the exact rows of ${formatInt(s.done)} words, ${at}`);
    if (s.phase === 'forest') {
      if (s.resumedIteration !== undefined) return io.err(`simdict: resumed from the state saved after ${s.resumedIteration === 0 ? 'the forest' : `iteration ${s.resumedIteration}`}, sample recall ${(s.recall ?? NaN).toFixed(4)}, ${at}`);
      if (s.recall === undefined) return progress('forest', `forest (${s.total} trees)`, s, s.done / s.total);
      end();
      return io.err(`simdict: forest: ${s.total} trees, sample recall ${s.recall.toFixed(4)}, ${at}`);
    }
    if (s.inProgress !== undefined) return progress(`descent ${s.inProgress}`, `nn-descent iteration ${s.inProgress}`, s, s.done - (s.inProgress - 1));
    end();
    io.err(`simdict: nn-descent iteration ${s.done} (at most ${s.total}): ${formatInt(s.updates ?? 0)} updates (converged at <= ${formatInt(Math.floor(s.threshold ?? 0))}), sample recall ${(s.recall ?? NaN).toFixed(4)}, ${at}`);
  };
}

/** --resume of a dictionary that is already complete: it is kept as it is, and said so (exit 0). */
function reportComplete(io: Io, summary: { out: string; words: number; vocabulary: number; k: number; method: string; engine: string; reason: string }, entries: Entry[], listed: boolean, json?: boolean): void {
  if (json) return io.out(toJson({ ...summary, alreadyComplete: true, entries }));
  io.out(`${summary.out} is already complete (${formatInt(summary.words)} words x ${summary.k} neighbours): nothing to resume, it is kept as it is. Run without --resume to rebuild it.`);
  printEntries(io, entries, listed);
}

function printEntries(io: Io, entries: Entry[], listed: boolean): void {
  for (const e of entries) {
    io.out(`\n${showWord(e.word)}${e.neighbors.length === 0 ? (listed ? ': not in the dictionary' : ': not in the model') : ''}`);
    if (e.neighbors.length > 0) io.out(table(['#', 'word', 'similarity'], e.neighbors.map((n) => [String(n.rank), showWord(n.word), formatScore(n.score)]), ['left', 'left', 'right']));
  }
}

/** A progress bar with words/s and an ETA on a terminal; a line every 10 s otherwise (stderr). */
function progressReporter(io: Io, rows: number, lines = false): { update: (p: DictionaryProgress) => void; stop: () => void } {
  if (io.errIsTTY && !lines) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'dictionary [{bar}] {percentage}% | {rowsDone}/{rows} words | {rate} words/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { rowsDone: 0, rows: formatInt(rows), rate: '-' });
    return {
      update: (p) => bar.update(Math.round(1000 * p.workDone), { rowsDone: formatInt(p.rowsDone), rows: formatInt(rows), rate: formatInt(Math.round(((p.rowsDone - p.resumedRows) / p.elapsedMs) * 1000)) }),
      stop: () => bar.stop(),
    };
  }
  // `lines` (the approximate engine's final writing of the rows, a last phase): its ETA is from the rate since the
  // phase's first report, not since the job began (which gave hours for a phase of seconds)
  let last = 0, first: DictionaryProgress | undefined;
  return {
    update: (p) => {
      first ??= p;
      if (p.elapsedMs - last < 10000 && p.rowsDone < p.rows) return;
      last = p.elapsedMs;
      const since = lines ? first : { elapsedMs: 0, workDone: 0 };
      const done = p.workDone - since.workDone;
      const eta = done > 0 ? (((p.elapsedMs - since.elapsedMs) / done) * (1 - p.workDone)) / 1000 : NaN;
      io.err(`simdict: dictionary ${(100 * p.workDone).toFixed(1)}% (${formatInt(p.rowsDone)}/${formatInt(p.rows)} words), ${(p.elapsedMs / 1000).toFixed(0)} s, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '-'}`);
    },
    stop: () => {},
  };
}
