/** `simdict eval [model]`: gensim's evaluate_word_analogies and evaluate_word_pairs. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { AnalogyEvaluation, WordPairsEvaluation } from '../../evaluation/index.js';
import { DataError, UsageError } from '../errors.js';
import { addLoadOptions, chooseModel, isFile, MODEL_HELP, modelJson, modelLabel, openModel, type LoadFlags } from '../model.js';
import { formatInt, table, toJson, type Io } from '../output.js';
import { positiveInt } from '../parse.js';

/** questions-words.txt (Apache-2.0), shipped in models/eval/: three folders up from src/cli/commands or dist/cli/commands. */
export function defaultAnalogiesPath(): string {
  return fileURLToPath(new URL('../../../models/eval/questions-words.txt', import.meta.url));
}

interface EvalFlags extends LoadFlags {
  /** a file, true (not given) or false for --no-analogies */
  analogies: string | boolean;
  pairs?: string[];
  restrictVocab: number;
  caseSensitive?: boolean;
  dummy4unknown?: boolean;
  delimiter: string;
}

export function registerEval(program: Command, io: Io): void {
  const cmd = program
    .command('eval')
    .description('evaluate a model on word analogies (accuracy) and word-pair similarities (correlation with human scores)')
    .argument('[model]', 'model file (default: the shipped model)')
    .option('--analogies <file>', 'analogy questions in the questions-words.txt format (default: the shipped questions-words.txt)')
    .option('--no-analogies', 'skip the analogy test')
    .option('--pairs <file...>', 'word-pair similarity files, lines "word1<TAB>word2<TAB>score" (WordSim-353, SimLex-999, ...)')
    .option('--delimiter <char>', 'field separator of the --pairs files', '\t')
    .option('--restrict-vocab <n>', 'use only the first n words of the model, as gensim', positiveInt('--restrict-vocab'), 300000)
    .option('--case-sensitive', 'compare words as they are (default, as gensim: compare upper-cased forms)')
    .option('--dummy4unknown', 'count questions / pairs with unknown words (as wrong / similarity 0) instead of skipping them')
    .option('--json', 'print one JSON document');
  addLoadOptions(cmd).addHelpText(
    'after',
    `
${MODEL_HELP}
The results are gensim 4.2.0's evaluate_word_analogies (accuracy per section, each question answered by
most_similar(positive=[b, c], negative=[a]) over the first --restrict-vocab words) and evaluate_word_pairs
(Pearson and Spearman correlation, with p-values). The analogy test runs unless --no-analogies; questions-words.txt
(Apache-2.0) is shipped. WordSim-353 and SimLex-999 are free for research use only and are not shipped: download
them and pass them with --pairs.

Examples:
  $ simdict eval                                   # the shipped model on the shipped questions-words.txt
  $ simdict eval glove.6B.100d.txt --pairs wordsim353.tsv simlex999.txt
  $ simdict eval model.bin --no-analogies --pairs wordsim353.tsv --json`,
  );
  cmd.action(async (model: string | undefined, flags: EvalFlags) => {
    const choice = model === undefined ? await chooseModel([]) : { path: model, isDefault: false, rest: [] };
    const analogies = flags.analogies === false ? undefined : typeof flags.analogies === 'string' ? flags.analogies : defaultAnalogiesPath();
    const pairs = flags.pairs ?? [];
    if (analogies === undefined && pairs.length === 0) throw new UsageError('nothing to evaluate: --no-analogies and no --pairs');
    for (const f of [analogies, ...pairs]) if (f !== undefined && !(await isFile(f))) throw new DataError(`${f}: no such file`, { file: f });
    const kv = await openModel(choice, flags, io, 'evaluate it');
    // Loaded on use: the other commands start faster without it.
    const { evaluateWordAnalogies, evaluateWordPairs } = await import('../../evaluation/index.js');
    const common = { restrictVocab: flags.restrictVocab, caseInsensitive: !flags.caseSensitive, dummy4unknown: Boolean(flags.dummy4unknown) };

    let analogyResult: AnalogyEvaluation | undefined;
    if (analogies !== undefined) {
      const bar = io.errIsTTY ? await questionsBar(analogies) : undefined;
      let answered = 0;
      try {
        analogyResult = await evaluateWordAnalogies(kv, analogies, { ...common, onQuestion: bar && (() => void (++answered % 100 === 0 && bar.update(answered))) });
      } finally {
        bar?.stop();
      }
    }
    const pairResults: (WordPairsEvaluation & { file: string })[] = [];
    for (const file of pairs) pairResults.push({ file, ...(await evaluateWordPairs(kv, file, { ...common, delimiter: flags.delimiter })) });

    if (flags.json) {
      io.out(
        toJson({
          model: modelJson(kv, choice.isDefault),
          options: common,
          analogies: analogyResult === undefined ? null : { file: analogies, ...analogyResult },
          pairs: pairResults.map(({ modelSimilarities: _, ...r }) => r),
        }),
      );
      return;
    }
    const parts: string[] = [`model: ${modelLabel(kv, choice.isDefault)}`];
    if (analogyResult) {
      const rows = analogyResult.sections.map((s) => {
        const total = s.correct + s.incorrect;
        return [s.section, formatInt(s.correct), formatInt(total), total ? `${(100 * s.accuracy).toFixed(1)}%` : '-'];
      });
      const r = analogyResult;
      parts.push(
        `\nword analogies: ${analogies}\n` +
          `${formatInt(r.questions)} questions, ${formatInt(r.evaluated)} evaluated, ${formatInt(r.oovQuestions)} (${r.oovRatioPercent.toFixed(1)}%) with a word outside the model's first ${formatInt(Math.min(flags.restrictVocab, kv.size))} words${common.dummy4unknown ? ' (counted as wrong)' : ' (skipped)'}\n\n` +
          table(['section', 'correct', 'of', 'accuracy'], rows, ['left', 'right', 'right', 'right']),
      );
    }
    if (pairResults.length > 0) {
      const rows = pairResults.map((r) => [
        r.file,
        r.pearson.statistic.toFixed(4),
        r.pearson.pvalue.toExponential(2),
        r.spearman.statistic.toFixed(4),
        r.spearman.pvalue.toExponential(2),
        formatInt(r.pairsEvaluated),
        `${r.oovRatio.toFixed(1)}%`,
      ]);
      parts.push(
        `\nword pairs (correlation of the model's cosine similarities with the human scores)\n` +
          table(['file', 'pearson', 'p-value', 'spearman', 'p-value', 'pairs', 'unknown'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right']),
      );
    }
    io.out(parts.join('\n'));
  });
}

/** A progress bar over the questions of an analogy file (answered questions; out-of-vocabulary ones are skipped). */
async function questionsBar(file: string): Promise<cliProgress.SingleBar | undefined> {
  if (/\.gz$/i.test(file)) return undefined;
  const text = await readFile(file, 'latin1');
  const questions = text.split('\n').filter((l) => l && !l.startsWith(':')).length;
  if (questions < 1000) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'analogies [{bar}] {value}/{total} questions | ETA {eta_formatted}', clearOnComplete: true, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(questions, 0);
  return bar;
}
