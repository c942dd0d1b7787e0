/**
 * The bits of Python's string handling that gensim's evaluation file parsers rely on.
 */

/** Python's `str.isspace()` characters: what `str.split()` and `str.strip()` split on and remove. */
const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUNS = new RegExp(`[${SPACE}]+`);
const EDGES = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

/** Python's `s.split()`: the words between runs of whitespace, none empty. */
export function splitWhitespace(s: string): string[] {
  const trimmed = strip(s);
  return trimmed === '' ? [] : trimmed.split(RUNS);
}

/** Python's `s.strip()`. */
export function strip(s: string): string {
  return s.replace(EDGES, '');
}

/** Python's `str.upper()` (full Unicode case mapping, as JS's toUpperCase). */
export function upper(s: string): string {
  return s.toUpperCase();
}

const DIGITS = '\\d+(?:_\\d+)*';
const DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Python's `float(s)` for the spellings a data file has: surrounding whitespace, signs, decimals, exponents, `_`
 * between digits, `inf`/`infinity`/`nan` in any case. Returns undefined where Python raises ValueError (the line
 * is then skipped). Non-ASCII digits, which Python also accepts, are not supported.
 */
export function parsePythonFloat(s: string): number | undefined {
  const t = strip(s);
  const special = SPECIAL.exec(t);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return DECIMAL.test(t) ? Number(t.replaceAll('_', '')) : undefined;
}
