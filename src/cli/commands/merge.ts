/**
 * `simdict merge <part...> --out <dictionary>`: the dictionary of a sharded exact job (`simdict dict --shard`),
 * merged from its part files (../../dictionary/merge-parts.ts). The parts carry the model's words: no model is
 * loaded. Nothing is written unless every part is whole and of one job, each shard once.
 */
import type { Command } from 'commander';
import { mergeParts } from '../../dictionary/merge-parts.js';
import { checkOutputPath } from '../../store/index.js';
import { UsageError } from '../errors.js';
import { formatInt, methodText, toJson, type Io } from '../output.js';
import { wholeNumber } from '../parse.js';

interface MergeFlags {
  out: string;
  commitEvery: number;
  json?: boolean;
}

export function registerMerge(program: Command, io: Io): void {
  program
    .command('merge')
    .description('the dictionary of a sharded exact job: merges the part files of `simdict dict --shard` (no model is loaded)')
    .usage('[options] <part...> --out <dictionary>')
    .argument('<parts...>', 'the part files of every shard of the job (.part), in any order')
    .requiredOption('--out <file>', 'the dictionary to write: .sqlite, .jsonl or .tsv')
    .option('--commit-every <seconds>', 'seconds between commits of the output', wholeNumber('--commit-every', 0), 10)
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `
The parts must all come from one job (the same model, --topn, --include-self, method and number of shards),
each shard once; the merge checks it, and each part's size and checksum, before it writes anything, and names
the part that does not fit. The dictionary is the one \`simdict dict\` builds on one machine, bit for bit, with
the same metadata (method, recall 1). See docs/shards.md for a Slurm job array and a Kubernetes Indexed Job.

Examples:
  $ simdict dict model.bin --shard 0/2 --out part-0.part
  $ simdict dict model.bin --shard 1/2 --out part-1.part
  $ simdict merge part-*.part --out model.similar.sqlite`,
    )
    .action(async (parts: string[], flags: MergeFlags) => {
      try {
        checkOutputPath(flags.out);
      } catch (e) {
        throw new UsageError(`--out: ${(e as Error).message}`);
      }
      const started = performance.now();
      const dict = await mergeParts(parts, { out: flags.out, commitSeconds: flags.commitEvery });
      const seconds = (performance.now() - started) / 1000;
      const { meta } = dict;
      const summary = { out: flags.out, parts: parts.length, words: meta.words, k: meta.k, method: meta.method, recall: meta.recall, seconds: Math.round(seconds * 100) / 100 };
      if (flags.json) return io.out(toJson(summary));
      io.out(`${flags.out}: ${formatInt(meta.words)} words x ${meta.k} neighbours, ${methodText(meta)}, merged from ${parts.length} part${parts.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`);
    });
}
