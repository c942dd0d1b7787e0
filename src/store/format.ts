/** The three dictionary formats, told apart by the file name, and the names of a build's files. */
import { oneOf } from '../checks/arguments.js';

export type DictionaryFormat = 'sqlite' | 'jsonl' | 'tsv';

const EXTENSIONS: [RegExp, DictionaryFormat][] = [
  [/\.(sqlite|sqlite3|db)$/i, 'sqlite'],
  [/\.jsonl$/i, 'jsonl'],
  [/\.tsv$/i, 'tsv'],
];

/**
 * The format a dictionary's name asks for: `.sqlite`, `.sqlite3` or `.db` → SQLite, `.jsonl` → JSON lines, `.tsv` →
 * tab-separated values (case-insensitive). Any other name is a RangeError naming the path and the accepted endings.
 */
export function formatOfPath(path: string): DictionaryFormat {
  for (const [re, format] of EXTENSIONS) if (re.test(path)) return format;
  throw new RangeError(
    `cannot tell the dictionary format of ${JSON.stringify(path)}: ` +
      'a dictionary file name ends in .sqlite or .db (SQLite), .jsonl (JSON lines) or .tsv (tab-separated values)',
  );
}

/** A build writes to `<path>.partial`; the final name appears only when the dictionary is complete. */
export function partialPathOf(path: string): string {
  return `${path}.partial`;
}

/** JSONL / TSV builds: the byte offset where each committed row ends (see text-writer.ts). */
export function rowsPathOf(partial: string): string {
  return `${partial}.rows`;
}

/** JSONL / TSV builds: the finished file while it is being written, renamed to the final name when complete. */
export function finishingPathOf(partial: string): string {
  return `${partial}.tmp`;
}

export function checkFormat(format: unknown): DictionaryFormat {
  return oneOf('format', format, ['sqlite', 'jsonl', 'tsv']);
}
