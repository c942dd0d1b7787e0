/**
 * The `simdict` command line: builds the commander program and runs it, turning every failure into an exit code
 * (see errors.ts). `run` never calls process.exit, so stdout is always flushed.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, report } from './errors.js';
import { processIo, toJson, type Io } from './output.js';
import { registerInfo } from './commands/info.js';
import { registerSimilar } from './commands/similar.js';
import { registerAnalogy } from './commands/analogy.js';
import { registerConvert } from './commands/convert.js';
import { registerEval } from './commands/eval.js';
import { registerDict } from './commands/dict.js';
import { registerLookup } from './commands/lookup.js';
import { registerMerge } from './commands/merge.js';
import { registerServe } from './commands/serve.js';
import { VERSION } from '../version.js';

export function createProgram(io: Io): Command {
  const program = new Command('simdict');
  program
    .description('Similar words from word-embedding models (word2vec, GloVe, fastText), with gensim-compatible answers.')
    .version(VERSION, '-V, --version')
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'simdict: ')),
    })
    .showHelpAfterError('(add --help for usage and examples)')
    .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}` })
    .exitOverride()
    .allowExcessArguments(false)
    .addHelpText(
      'after',
      `
Commands take an optional model first: a first argument that names an existing file is the model, otherwise
the shipped model (GloVe 6B 100d, 15,000 words) is used. Every command has --json and --help.

Examples:
  $ simdict dict glove.6B.100d.txt --out glove.similar.sqlite
  $ simdict lookup glove.similar.sqlite king
  $ simdict dict glove.6B.100d.txt --shard env --out parts/part-{i}.part   # each task of a job array
  $ simdict merge parts/part-*.part --out glove.similar.sqlite
  $ simdict similar king queen --topn 10
  $ simdict similar glove.6B.300d.txt paris --negative france --topn 5
  $ simdict analogy man king woman
  $ simdict info GoogleNews-vectors-negative300.bin.gz --json
  $ simdict convert glove.6B.100d.txt glove.6B.100d.bin
  $ simdict eval --pairs wordsim353.tsv
  $ simdict serve glove.6B.100d.txt --dict glove.similar.sqlite --port 8080

Exit codes: 0 success, 1 a problem with the data (unknown word, damaged model, unreadable file),
2 a usage error, 70 an internal error (a bug).`,
    );
  registerInfo(program, io);
  registerSimilar(program, io);
  registerAnalogy(program, io);
  registerConvert(program, io);
  registerEval(program, io);
  registerDict(program, io);
  registerMerge(program, io);
  registerLookup(program, io);
  registerServe(program, io);
  return program;
}

/** Runs the CLI on `argv` (process.argv layout: node, script, ...args); returns the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const json = argv.slice(2).includes('--json');
  const program = createProgram(io);
  try {
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already printed the message (or the help / the version).
      if (e.exitCode === 0) return EXIT.ok;
      if (json) io.out(toJson({ error: { type: 'usage', message: e.message.replace(/^error: /, '') } }));
      return EXIT.usage;
    }
    const r = report(e);
    if (json) io.out(toJson(r.json));
    io.err(r.exitCode === EXIT.bug ? r.text : `simdict: ${r.text}`);
    return r.exitCode;
  }
}
