/** `simdict analogy [model] a b c`: a is to b as c is to ? (most_similar(positive=[b, c], negative=[a])). */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addLoadOptions, chooseModel, isFile, MODEL_HELP, openModel } from '../model.js';
import type { Io } from '../output.js';
import { addQueryOptions, printAnswers, runQuery, type QueryFlags } from './query.js';

export function registerAnalogy(program: Command, io: Io): void {
  const cmd = program
    .command('analogy')
    .description('a is to b as c is to ?: the words closest to b - a + c')
    .usage('[options] [model] <a> <b> <c>')
    .argument('<words...>', 'an optional model file, then the three words a b c');
  addLoadOptions(addQueryOptions(cmd)).addHelpText(
    'after',
    `
${MODEL_HELP}
The answer is gensim's most_similar(positive=[b, c], negative=[a]) (or most_similar_cosmul with --cosmul, which
is usually better at analogies); a, b and c are left out of the answers.

Examples:
  $ simdict analogy man king woman              # queen
  $ simdict analogy paris france berlin --topn 3
  $ simdict analogy glove.6B.300d.txt good better bad --cosmul --json`,
  );
  cmd.action(async (args: string[], flags: QueryFlags) => {
    if (args.length === 4 && !(await isFile(args[0]))) {
      throw new UsageError(`4 arguments: the first should be a model file, but ${JSON.stringify(args[0])} is not a file`);
    }
    const choice = await chooseModel(args);
    if (choice.rest.length !== 3) {
      const got = choice.isDefault ? `${choice.rest.length} words` : `a model file and ${choice.rest.length} words`;
      throw new UsageError(`analogy takes three words a b c (a is to b as c is to ?), optionally after a model file; got ${got}`);
    }
    const [a, b, c] = choice.rest;
    const model = await openModel(choice, flags, io, 'answer analogies');
    const q = { positive: [b, c], negative: [a] };
    const answers = runQuery(model, choice, q, flags, io);
    printAnswers(io, model, choice, flags, q, `${a} is to ${b} as ${c} is to ?`, answers, { analogy: { a, b, c } });
  });
}
