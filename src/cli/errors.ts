/**
 * How the CLI reports problems. A user mistake (a usage error, a word not in the model, a damaged model file, a file
 * that cannot be read) is one line on stderr and an exit code; only an unexpected internal error prints a stack.
 */
import { OptionError } from '../checks/option-error.js';
import { quoteWord } from '../checks/quote-word.js';
import { DictionaryError } from '../store/dictionary-error.js';
import { ModelFormatError } from '../formats/model-format-error.js';
import { UnknownWordError } from '../vectors/keyed-vectors.js';
import { flagOption } from './flags.js';

/** Exit codes: 0 success, 1 a problem with the data (model, words, files), 2 a usage error, 70 a bug (EX_SOFTWARE). */
export const EXIT = { ok: 0, data: 1, usage: 2, bug: 70 } as const;

/** A wrong command line: bad arguments or option values. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A problem with the user's data that needs no stack trace (exit code 1). `details` go into --json output. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface Reported {
  exitCode: number;
  /** One line for stderr (or several lines ending in a stack, for bugs). */
  text: string;
  /** The error as --json prints it. */
  json: { error: Record<string, unknown> };
}

/** Classifies any thrown value into exit code, message and JSON. */
export function report(e: unknown): Reported {
  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
  if (e instanceof UsageError) return simple(EXIT.usage, 'usage', oneLine(e.message));
  if (e instanceof DataError) return simple(EXIT.data, 'data', oneLine(e.message), e.details);
  if (e instanceof ModelFormatError) {
    return simple(EXIT.data, 'model-format', oneLine(e.reword(flagOption)), { file: e.file, ...e.where });
  }
  if (e instanceof DictionaryError) return simple(EXIT.data, 'dictionary', oneLine(e.message), { file: e.file });
  if (e instanceof UnknownWordError) {
    // The library's message quotes the word in full (JSON); a long one is shortened here (quoteWord).
    const message = typeof e.word === 'string' ? e.message.split(JSON.stringify(e.word)).join(quoteWord(e.word)) : e.message;
    return simple(EXIT.data, 'unknown-word', oneLine(message), { word: e.word });
  }
  // The library's contract: bad parameters are RangeErrors naming the parameter. In the CLI they come from the
  // command line: those that name options (OptionErrors) name the flags instead.
  if (e instanceof OptionError) return simple(EXIT.usage, 'usage', oneLine(e.reword(flagOption)));
  if (e instanceof RangeError) return simple(EXIT.usage, 'usage', oneLine(e.message));
  const sys = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
    // A file that cannot be read or written (ENOENT, EACCES, EISDIR, ENOSPC ...).
    const what = sys.path ? `${sys.path}: ` : '';
    return simple(EXIT.data, 'file', `${what}${systemReason(sys)}`, { code: sys.code, path: sys.path });
  }
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return {
    exitCode: EXIT.bug,
    text: `${stack}\n\nThis is a bug in simdict, not a problem with your input. Please report it with the command you ran.`,
    json: { error: { type: 'internal', message: e instanceof Error ? e.message : String(e), stack } },
  };
}

function simple(exitCode: number, type: string, message: string, details: Record<string, unknown> = {}): Reported {
  return { exitCode, text: message, json: { error: { type, message, ...details } } };
}

function systemReason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}`;
  }
}
