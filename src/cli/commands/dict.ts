/** `simdict dict [model]`: the similar-words dictionary of a whole model (or of --words), written to a store. */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { buildDictionary, type DictionaryProgress } from '../../dictionary/build-dictionary.js';
import { buildRestrictedDictionary } from '../../dictionary/restricted-dictionary.js';
import { checkOutputPath, openDictionary, type Entry } from '../../store/index.js';
import { readWordList } from '../word-list.js';
import { addLoadOptions, chooseModel, MODEL_HELP, openModel, type LoadFlags } from '../model.js';
import { formatInt, formatScore, methodText, showWord, table, toJson, type Io } from '../output.js';
import { positiveInt, wholeNumber } from '../parse.js';
import { UsageError } from '../errors.js';

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
}

export function registerDict(program: Command, io: Io): void {
  const cmd = program
    .command('dict')
    .description('the similar-words dictionary: the --topn most similar words of every word, exact, on every core')
    .argument('[model]', 'model file (default: the shipped model)')
    .option('--out <file>', 'output: .sqlite (default), .jsonl or .tsv (default: <model name>.similar.sqlite here)')
    .option('--topn <n>', 'neighbours per word', positiveInt('--topn'), 15)
    .option('--threads <n>', `worker threads (default: the available cores, here ${availableParallelism()})`, positiveInt('--threads'))
    .addOption(new Option('--method <method>', 'int8: quantised pre-selection then exact float32 rescoring; f32: float32 throughout (the same output). Default: int8 (faster), f32 where int8 cannot fit or has too few bits (over ~8,000 dimensions)').choices(['f32', 'int8']))
    .option('--words <file>', 'only these words get a row (one word per line; blank lines are skipped); their neighbours come from the whole model')
    .option('--include-self', 'keep each word in its own list (by default a word is not its own neighbour)')
    .option('--resume', 'continue an interrupted build of --out from its last commit')
    .option('--commit-every <seconds>', 'seconds between commits of the output', wholeNumber('--commit-every', 0), 10)
    .option('--show <words>', 'after the build, print the entries of these comma-separated words')
    .option('--json', 'print one JSON document');
  addLoadOptions(cmd).addHelpText(
    'after',
    `
${MODEL_HELP}

The output is written to <out>.partial and committed in chunks; the final name appears only when the dictionary
is complete. After an interruption (Ctrl-C, kill), the same command with --resume continues from the last commit
and gives exactly the output of an uninterrupted run; on a dictionary that is already complete it says so and
keeps it (exit 0). --out is checked before the model loads. The output does not depend on --threads.

Examples:
  $ simdict dict --show king,computer
  $ simdict dict glove.6B.100d.txt --out glove.similar.sqlite --topn 20
  $ simdict dict model.bin --out model.similar.jsonl --threads 2
  $ simdict dict model.bin --out model.similar.sqlite --resume
  $ simdict dict model.bin --words my-words.txt --out my-words.similar.sqlite
  $ simdict lookup model.similar.sqlite king`,
  );
  cmd.action(async (model: string | undefined, flags: DictFlags) => {
    const choice = model === undefined ? await chooseModel([]) : { path: model, isDefault: false, rest: [] };
    const out = flags.out ?? `${basename(choice.path).replace(/(\.[^./]*)?(\.gz)?$/i, '')}.similar.sqlite`;
    try {
      checkOutputPath(out); // before the model loads: a wrong --out is told at once
    } catch (e) {
      throw new UsageError(`--out: ${(e as Error).message}`);
    }
    const kv = await openModel(choice, flags, io, 'build a dictionary');
    const listed = flags.words === undefined ? undefined : await readWordList(flags.words, kv);
    const threads = flags.threads ?? availableParallelism();
    const progress = progressReporter(io, listed ? new Set(listed).size : kv.size);
    const started = performance.now();
    // Ctrl-C: everything committed so far is safe in <out>.partial; say how to go on.
    const onInterrupt = () => {
      progress.stop();
      io.err(`\nsimdict: interrupted; the work committed so far is kept in ${out}.partial. Run the same command with --resume to continue.`);
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    let rows = 0;
    let method = '';
    let recall: number | null = null;
    let complete = false;
    try {
      const options = { k: flags.topn, threads, includeSelf: flags.includeSelf, out, resume: flags.resume, method: flags.method, commitSeconds: flags.commitEvery, onProgress: progress.update, modelFile: choice.path };
      ({ meta: { words: rows, method, recall }, alreadyComplete: complete } = listed ? await buildRestrictedDictionary(kv, listed, options) : await buildDictionary(kv, options));
    } finally {
      process.off('SIGINT', onInterrupt);
      progress.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const shown = (flags.show ?? '').split(',').filter((w) => w !== '');
    const dict = openDictionary(out);
    const entries = shown.map((w) => dict.lookup(w, flags.topn) ?? { word: w, neighbors: [] });
    dict.close();
    if (complete) return reportComplete(io, { out, words: rows, vocabulary: kv.size, k: flags.topn, method }, entries, Boolean(listed), flags.json);
    const summary = { out, words: rows, vocabulary: kv.size, k: flags.topn, threads, seconds: Math.round(seconds * 100) / 100, wordsPerSecond: Math.round(rows / seconds), method, recall };
    if (flags.json) {
      io.out(toJson({ ...summary, entries }));
      return;
    }
    io.out(`${out}: ${formatInt(rows)} words${listed ? ` (of the model's ${formatInt(kv.size)})` : ''} x ${flags.topn} neighbours, ${methodText(summary)}, ${seconds.toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'} (${formatInt(summary.wordsPerSecond)} words/s)`);
    printEntries(io, entries, Boolean(listed));
  });
}

/** --resume of a dictionary that is already complete: it is kept as it is, and said so (exit 0). */
function reportComplete(io: Io, summary: { out: string; words: number; vocabulary: number; k: number; method: string }, entries: Entry[], listed: boolean, json?: boolean): void {
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
function progressReporter(io: Io, rows: number): { update: (p: DictionaryProgress) => void; stop: () => void } {
  if (io.errIsTTY) {
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
  let last = 0;
  return {
    update: (p) => {
      if (p.elapsedMs - last < 10000 && p.rowsDone < p.rows) return;
      last = p.elapsedMs;
      const eta = p.workDone > 0 ? ((p.elapsedMs / p.workDone) * (1 - p.workDone)) / 1000 : NaN;
      io.err(`simdict: dictionary ${(100 * p.workDone).toFixed(1)}% (${formatInt(p.rowsDone)}/${formatInt(p.rows)} words), ${(p.elapsedMs / 1000).toFixed(0)} s, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '-'}`);
    },
    stop: () => {},
  };
}
