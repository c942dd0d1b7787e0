/** `simdict lookup <dictionary> <word...>`: words' similar words from a dictionary built by `simdict dict`, no model needed. */
import type { Command } from 'commander';
import { openDictionary, type DictionaryReader, type Entry } from '../../store/index.js';
import { DataError } from '../errors.js';
import { quoteWord } from '../../checks/quote-word.js';
import { formatInt, formatScore, methodText, showWord, shown, table, toJson, type Io } from '../output.js';
import { positiveInt } from '../parse.js';
import { suggest } from '../../queries/suggest.js';

interface LookupFlags {
  topn?: number;
  json?: boolean;
}

export function registerLookup(program: Command, io: Io): void {
  program
    .command('lookup')
    .description('the most similar words of each word, read from a dictionary that simdict dict wrote (no model is loaded)')
    .usage('[options] <dictionary> <word...>')
    .argument('<dictionary>', 'a dictionary file: .sqlite or .db, .jsonl, .tsv')
    .argument('<words...>', 'one or more words')
    .option('--topn <n>', 'number of answers per word (default: all the dictionary holds)', positiveInt('--topn'))
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `
Words match exactly (case and accents included). SQLite dictionaries answer at once; JSONL and TSV ones are
indexed when opened (about a second per 100-200 MB). A word that starts with "-" goes after "--".

Examples:
  $ simdict lookup glove.similar.sqlite king
  $ simdict lookup glove.similar.sqlite king queen --topn 5
  $ simdict lookup glove.similar.jsonl paris --json
  $ simdict lookup glove.similar.tsv --topn 3 -- -`,
    )
    .action(async (file: string, words: string[], flags: LookupFlags) => {
      const dict = openDictionary(file);
      try {
        const entries = lookupAll(dict, file, words, flags.topn);
        print(io, dict, file, flags, entries);
      } finally {
        dict.close();
      }
    });
}

/** Every word's entry; a DataError (exit 1) naming the words the dictionary lacks, with close spellings. */
function lookupAll(dict: DictionaryReader, file: string, words: string[], topn: number | undefined): Entry[] {
  const entries = words.map((w) => dict.lookup(w, topn));
  const unknown = [...new Set(words.filter((_w, i) => entries[i] === undefined))];
  if (unknown.length === 0) return entries as Entry[];
  const vocabulary = [...dict.words()];
  const suggestions = Object.fromEntries(unknown.map((w) => [w, suggest(w, vocabulary)]));
  const named = unknown.map((w) => quoteWord(w));
  const subject = named.length === 1 ? `${named[0]} is` : `${named.slice(0, -1).join(', ')} and ${named.at(-1)} are`;
  let message = `${subject} not in the dictionary ${file} (${formatInt(dict.size)} words).`;
  const hints = unknown
    .filter((w) => suggestions[w].length > 0)
    .map((w) => (unknown.length === 1 ? suggestions[w].map(shown).join(', ') : `${quoteWord(w)} -> ${suggestions[w].map(shown).join(', ')}`));
  if (hints.length > 0) message += ` Did you mean: ${hints.join('; ')}?`;
  throw new DataError(message, { file, words: unknown, suggestions });
}

function print(io: Io, dict: DictionaryReader, file: string, flags: LookupFlags, entries: Entry[]): void {
  const { meta } = dict;
  if (flags.topn !== undefined && flags.topn > meta.k) {
    io.err(`simdict: warning: ${file} holds ${meta.k} neighbours per word; --topn ${flags.topn} shows those`);
  }
  if (flags.json) {
    io.out(toJson({ dictionary: { file, ...meta }, topn: flags.topn ?? null, results: entries }));
    return;
  }
  const blocks = [`dictionary: ${file} (${formatInt(meta.words)} words x ${meta.k} neighbours, ${methodText(meta)}); cosine similarity`];
  for (const e of entries) {
    const heading = `most similar to ${showWord(e.word)}`;
    blocks.push(
      e.neighbors.length === 0
        ? `${heading}\nno neighbours: the model has no other words`
        : `${heading}\n${table(
            ['#', 'word', 'similarity'],
            e.neighbors.map((n) => [String(n.rank), showWord(n.word), formatScore(n.score)]),
            ['right', 'left', 'right'],
          )}`,
    );
  }
  io.out(blocks.join('\n\n'));
}
