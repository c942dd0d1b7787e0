/**
 * The library's option names as the CLI's flags, in one table: library errors name options (`limit`,
 * `unicodeErrors: 'replace'`, `k`), the CLI's messages name the flags that set them (`--limit`,
 * `--unicode-errors replace`, `--topn`). See ../checks/option-error.ts.
 */
import { libraryOption, type NameOption } from '../checks/option-error.js';

const FLAGS: Record<string, string> = {
  k: '--topn',
  topn: '--topn',
  threads: '--threads',
  method: '--method',
  restrictVocab: '--restrict-vocab',
  includeSelf: '--include-self',
  resume: '--resume',
  commitSeconds: '--commit-every',
  out: '--out',
  format: '--format',
  binary: '--binary',
  noHeader: '--no-header',
  limit: '--limit',
  encoding: '--encoding',
  unicodeErrors: '--unicode-errors',
  delimiter: '--delimiter',
  dummy4unknown: '--dummy4unknown',
  recall: '--recall',
  recallSample: '--recall-sample',
  seed: '--seed',
  trees: '--trees',
  leafSize: '--leaf-size',
  heapSize: '--heap-size',
  maxIterations: '--max-iterations',
  joins: '--joins',
};

/** An option as the flag that sets it (`--unicode-errors replace`, `--binary`); the library's name if none does. */
export const flagOption: NameOption = (option, value) => {
  const flag = FLAGS[option];
  if (flag === undefined) return libraryOption(option, value);
  if (value === undefined || value === true) return flag;
  if (value === false) return `no ${flag}`;
  return `${flag} ${value}`;
};
