/** `simdict similar [model] <word...>`: gensim's most_similar (or most_similar_cosmul). */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addLoadOptions, chooseModel, MODEL_HELP, openModel } from '../model.js';
import type { Io } from '../output.js';
import { addQueryOptions, printAnswers, runQuery, type QueryFlags } from './query.js';

interface SimilarFlags extends QueryFlags {
  negative?: string[];
}

export function registerSimilar(program: Command, io: Io): void {
  const cmd = program
    .command('similar')
    .description('the words most similar to the sum of the given words (minus the --negative ones)')
    .usage('[options] [model] <word...>')
    .argument('<words...>', 'an optional model file, then one or more words')
    .option('--negative <word...>', 'words to move away from (put this option after the positive words)');
  addLoadOptions(addQueryOptions(cmd)).addHelpText(
    'after',
    `
${MODEL_HELP}
Ranking is gensim's most_similar: cosine similarity to the mean of the words' unit vectors (negative words
count -1); the query words themselves are left out. A word that starts with "-" goes after "--".

Examples:
  $ simdict similar king
  $ simdict similar king queen --topn 20
  $ simdict similar king woman --negative man --topn 5
  $ simdict similar glove.6B.300d.txt paris --json
  $ simdict similar model.bin apple --restrict-vocab 100000
  $ simdict similar --topn 5 -- -`,
  );
  cmd.action(async (args: string[], flags: SimilarFlags) => {
    const choice = await chooseModel(args);
    const positive = choice.rest;
    if (positive.length === 0) throw new UsageError(`give at least one word after the model file ${choice.path} (see simdict similar --help)`);
    const negative = flags.negative ?? [];
    const model = await openModel(choice, flags, io, 'find similar words');
    const q = { positive, negative };
    const answers = runQuery(model, choice, q, flags, io);
    const heading = `most similar to ${positive.join(' + ')}${negative.map((w) => ` - ${w}`).join('')}`;
    printAnswers(io, model, choice, flags, q, heading, answers);
  });
}
