/**
 * The model argument and the load options shared by every command that reads a model.
 *
 * The model argument is optional: **a first argument that names an existing file is the model**; otherwise the
 * shipped default model (`models/`, see default-model.ts) is used and all arguments are words.
 */
import { stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadModel, type LoadOptions, type ModelFormat } from '../formats/load-model.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { DEFAULT_MODEL, defaultModelPath } from './default-model.js';
import { DataError, UsageError } from './errors.js';
import { formatInt, type Io } from './output.js';
import { positiveInt } from './parse.js';

/** The load options as commander parses them. */
export interface LoadFlags {
  binary?: boolean;
  /** false for --no-header */
  header?: boolean;
  format?: string;
  limit?: number;
  encoding?: string;
  unicodeErrors?: string;
  json?: boolean;
}

const FORMATS: Record<string, ModelFormat | 'auto'> = {
  auto: 'auto',
  'word2vec-binary': 'word2vec-binary',
  'w2v-bin': 'word2vec-binary',
  'word2vec-text': 'word2vec-text',
  'w2v-text': 'word2vec-text',
  fasttext: 'word2vec-text',
  glove: 'glove',
};

/** Adds the model-loading options (gensim's `load_word2vec_format` arguments) to a command. */
export function addLoadOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'model file format (default: detected from the file)').choices(Object.keys(FORMATS)))
    .option('--binary', "the model is word2vec binary (gensim's binary=True)")
    .option('--no-header', "the model is GloVe text, with no 'count dim' first line (gensim's no_header=True)")
    .option('--limit <n>', 'read only the first n words', positiveInt('--limit'))
    .addOption(new Option('--encoding <name>', 'text encoding of the words').choices(['utf8', 'utf-8', 'latin1', 'latin-1', 'iso-8859-1']))
    .addOption(new Option('--unicode-errors <mode>', 'words that are not valid in the encoding').choices(['strict', 'ignore', 'replace']));
}

/** The `LoadOptions` the flags ask for. */
export function loadOptions(flags: LoadFlags): LoadOptions {
  const options: LoadOptions = {};
  if (flags.format !== undefined) options.format = FORMATS[flags.format];
  if (flags.binary) options.binary = true;
  if (flags.header === false) options.noHeader = true;
  if (flags.limit !== undefined) options.limit = flags.limit;
  if (flags.encoding !== undefined) options.encoding = flags.encoding;
  if (flags.unicodeErrors !== undefined) options.unicodeErrors = flags.unicodeErrors as LoadOptions['unicodeErrors'];
  return options;
}

/** True when `path` names an existing file (not a directory). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface ModelChoice {
  /** Path of the model file. */
  path: string;
  /** True when it is the shipped default model. */
  isDefault: boolean;
  /** The arguments after the model (all of them when the default model is used). */
  rest: string[];
  /** The first argument when it was taken as a word although it looks like a file name (for error messages). */
  notAFile?: string;
}

/** Applies the rule "a first argument that names an existing file is the model". */
export async function chooseModel(args: string[]): Promise<ModelChoice> {
  if (args.length > 0 && (await isFile(args[0]))) return { path: args[0], isDefault: false, rest: args.slice(1) };
  const first = args[0];
  const notAFile = first !== undefined && looksLikePath(first) ? first : undefined;
  return { path: defaultModelPath(), isDefault: true, rest: args, notAFile };
}

/** A word that is more likely a mistyped model file name. */
export function looksLikePath(s: string): boolean {
  return /[\\/]/.test(s) || /\.(bin|txt|vec|gz|w2v|model|kv)$/i.test(s);
}

/**
 * Loads the model with the flags' options: a progress bar on stderr for big files when stderr is a terminal. A model
 * of no words (a header of 0 words) is a DataError naming the file when the command needs words (`purpose`: what it
 * cannot do), else a warning (info, convert: describing or copying it is still right).
 */
export async function openModel(choice: { path: string; isDefault: boolean }, flags: LoadFlags, io: Io, purpose?: string): Promise<KeyedVectors> {
  const model = await loadWithProgress(choice, flags, io);
  if (model.size === 0) {
    const what = `${choice.path} holds no words (a model of 0 words x ${model.dim})`;
    if (purpose !== undefined) throw new DataError(`${what}: cannot ${purpose}`, { file: choice.path });
    io.err(`simdict: warning: ${what}`);
  }
  return model;
}

async function loadWithProgress(choice: { path: string; isDefault: boolean }, flags: LoadFlags, io: Io): Promise<KeyedVectors> {
  if (choice.isDefault && !(await isFile(choice.path))) {
    throw new UsageError(`the default model ${choice.path} is missing from this installation; pass a model file as the first argument`);
  }
  const options = loadOptions(flags);
  let warnings = 0;
  options.onWarning = (message) => {
    warnings++;
    if (warnings <= 5) io.err(`simdict: warning: ${message}`);
  };
  const size = await stat(choice.path).then((s) => s.size, () => 0);
  let bar: cliProgress.SingleBar | undefined;
  if (io.errIsTTY && size > PROGRESS_MIN_BYTES) {
    bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `loading ${choice.path} [{bar}] {percentage}% | {value}/{total} MB | ETA {eta_formatted}`,
        clearOnComplete: true,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.round(size / 1e6), 0);
    options.onProgress = (bytes) => bar!.update(Math.round(bytes / 1e6));
  }
  try {
    return await loadModel(choice.path, options);
  } finally {
    bar?.stop();
    if (warnings > 5) io.err(`simdict: warning: ... and ${formatInt(warnings - 5)} more warnings like these`);
  }
}

/** Files larger than this get a progress bar while loading (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 50e6;

/** What --json prints about a loaded model. */
export function modelJson(model: KeyedVectors, isDefault: boolean): Record<string, unknown> {
  return {
    file: model.source.file,
    default: isDefault,
    format: model.source.format,
    words: model.size,
    dim: model.dim,
  };
}

/** One line naming the model, for the heading of human output. */
export function modelLabel(model: KeyedVectors, isDefault: boolean): string {
  const shape = `${formatInt(model.size)} words x ${model.dim}`;
  return isDefault ? `the shipped ${DEFAULT_MODEL.name} (${shape})` : `${model.source.file} (${shape})`;
}

/** Help text describing the optional model argument. */
export const MODEL_HELP = `The model is optional: a first argument that names an existing file is the model; otherwise the shipped
model is used (${DEFAULT_MODEL.description}). Formats: word2vec binary/text, GloVe, fastText .vec, each optionally .gz;
detected from the file unless --format, --binary or --no-header says.`;
