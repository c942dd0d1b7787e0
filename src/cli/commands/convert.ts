/** `simdict convert <in> <out>`: rewrite a model as word2vec binary or text, gensim-compatible, optionally gzipped. */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { saveModel, type SaveFormat } from '../../formats/save-model.js';
import { DataError, UsageError } from '../errors.js';
import { addLoadOptions, openModel, type LoadFlags } from '../model.js';
import { formatInt, formatMB, keyValues, toJson, type Io } from '../output.js';

interface ConvertFlags extends LoadFlags {
  to?: 'w2v-bin' | 'w2v-text';
}

/** The output format named by --to, or by the output file's extension (.bin → binary; .txt, .vec → text; + .gz). */
export function outputFormat(out: string, to: ConvertFlags['to']): SaveFormat {
  if (to === 'w2v-bin') return 'word2vec-binary';
  if (to === 'w2v-text') return 'word2vec-text';
  const name = out.replace(/\.gz$/i, '');
  if (/\.bin$/i.test(name)) return 'word2vec-binary';
  if (/\.(txt|vec|w2v)$/i.test(name)) return 'word2vec-text';
  throw new UsageError(`cannot tell the output format from the name ${JSON.stringify(out)}: use a .bin, .txt or .vec name (optionally + .gz), or pass --to w2v-bin or --to w2v-text`);
}

export function registerConvert(program: Command, io: Io): void {
  const cmd = program
    .command('convert')
    .description('rewrite a model as word2vec binary or word2vec text (as gensim writes them), optionally gzip-compressed')
    .argument('<in>', 'the model to read (any format simdict reads)')
    .argument('<out>', 'the file to write; a name ending in .gz is gzip-compressed')
    .addOption(new Option('--to <format>', 'output format (default: from the output name: .bin -> w2v-bin, .txt/.vec -> w2v-text)').choices(['w2v-bin', 'w2v-text']))
    .option('--json', 'print one JSON document');
  addLoadOptions(cmd).addHelpText(
    'after',
    `
The output is written under a temporary name and renamed when complete. Words that contain a space or a
newline cannot be written to a word2vec file: such a model is refused. The load options describe <in>.

Examples:
  $ simdict convert glove.6B.100d.txt glove.6B.100d.bin            # GloVe text -> word2vec binary
  $ simdict convert model.bin model.vec                            # binary -> text
  $ simdict convert wiki.en.vec wiki.en.bin.gz --limit 200000      # the first 200k words, compressed
  $ simdict convert vectors.dat vectors.txt --to w2v-text --binary`,
  );
  cmd.action(async (input: string, output: string, flags: ConvertFlags) => {
    const format = outputFormat(output, flags.to);
    if (resolve(input) === resolve(output)) throw new UsageError('the output file is the input file; write to another name');
    const outInfo = await stat(output).catch(() => undefined);
    if (outInfo?.isDirectory()) throw new UsageError(`${output} is a directory; give the output file's name`);
    const dir = dirname(resolve(output));
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new DataError(`cannot write ${output}: no directory ${dir}`, { file: output });
    const model = await openModel({ path: input, isDefault: false }, flags, io);
    const started = performance.now();
    await saveModel(model, output, { format });
    const writeMs = performance.now() - started;
    const bytes = (await stat(output)).size;
    const gzip = /\.gz$/i.test(output);
    if (flags.json) {
      io.out(
        toJson({
          input: { file: input, format: model.source.format, words: model.size, dim: model.dim, bytes: model.source.bytes, loadMs: round(model.source.loadMs ?? 0) },
          output: { file: output, format, gzip, bytes, writeMs: round(writeMs) },
        }),
      );
      return;
    }
    io.out(
      keyValues([
        ['read', `${input} (${model.source.format}, ${formatInt(model.size)} words x ${model.dim}, ${formatMB(model.source.bytes ?? 0)}) in ${formatInt(Math.round(model.source.loadMs ?? 0))} ms`],
        ['wrote', `${output} (${format}${gzip ? ', gzip' : ''}, ${formatMB(bytes)}) in ${formatInt(Math.round(writeMs))} ms`],
      ]),
    );
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
