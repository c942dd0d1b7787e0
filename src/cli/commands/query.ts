/** What `similar` and `analogy` share: running most_similar / most_similar_cosmul and printing the answers. */
import type { Command } from 'commander';
import { mostSimilar, mostSimilarCosmul, type Neighbor } from '../../queries/index.js';
import type { KeyedVectors } from '../../vectors/keyed-vectors.js';
import { modelJson, modelLabel, type LoadFlags, type ModelChoice } from '../model.js';
import { formatScore, showWord, table, toJson, type Io } from '../output.js';
import { positiveInt } from '../parse.js';
import { checkWords } from '../words.js';

export interface QueryFlags extends LoadFlags {
  topn: number;
  cosmul?: boolean;
  restrictVocab?: number;
}

/** --topn, --cosmul, --restrict-vocab, --json. */
export function addQueryOptions(cmd: Command): Command {
  return cmd
    .option('--topn <n>', 'number of answers', positiveInt('--topn'), 10)
    .option('--cosmul', "rank by 3CosMul (gensim's most_similar_cosmul) instead of cosine similarity")
    .option('--restrict-vocab <n>', 'search only the first n words of the model (the most frequent, in most models)', positiveInt('--restrict-vocab'))
    .option('--json', 'print one JSON document');
}

export interface Query {
  positive: string[];
  negative: string[];
}

/** Checks the words (exit 1 with suggestions for unknown ones), runs the query, returns the answers. */
export function runQuery(model: KeyedVectors, choice: ModelChoice, q: Query, flags: QueryFlags, io: Io): Neighbor[] {
  checkWords(model, [...q.positive, ...q.negative], choice);
  if (flags.cosmul) {
    if (flags.restrictVocab !== undefined) io.err('simdict: warning: --restrict-vocab is ignored with --cosmul (gensim 4.2.0 ignores restrict_vocab there too)');
    return mostSimilarCosmul(model, { positive: q.positive, negative: q.negative, topn: flags.topn });
  }
  return mostSimilar(model, { positive: q.positive, negative: q.negative, topn: flags.topn, restrictVocab: flags.restrictVocab ?? null });
}

/** Prints the answers: a heading and a table, or one JSON document with `extra` merged in. */
export function printAnswers(
  io: Io,
  model: KeyedVectors,
  choice: ModelChoice,
  flags: QueryFlags,
  q: Query,
  heading: string,
  answers: Neighbor[],
  extra: Record<string, unknown> = {},
): void {
  const method = flags.cosmul ? 'cosmul' : 'cosine';
  if (flags.json) {
    io.out(
      toJson({
        model: modelJson(model, choice.isDefault),
        ...extra,
        positive: q.positive,
        negative: q.negative,
        topn: flags.topn,
        method,
        restrictVocab: flags.restrictVocab ?? null,
        results: answers.map((a) => ({ word: a.word, score: a.score })),
      }),
    );
    return;
  }
  const restricted = flags.restrictVocab !== undefined && !flags.cosmul ? ` among the first ${flags.restrictVocab.toLocaleString('en-US')} words` : '';
  io.out(`${heading}\nmodel: ${modelLabel(model, choice.isDefault)}; ${method === 'cosmul' ? '3CosMul score' : 'cosine similarity'}${restricted}\n`);
  if (answers.length === 0) {
    io.out('no answers: the model has no other words');
    return;
  }
  io.out(
    table(
      ['#', 'word', method === 'cosmul' ? 'score' : 'similarity'],
      answers.map((a, i) => [String(i + 1), showWord(a.word), formatScore(a.score)]),
      ['right', 'left', 'right'],
    ),
  );
}
