/**
 * Words (and other user text) in messages: shown in full up to a length, beyond it cut and marked with their length,
 * so that an error about a 10 KB word is one readable line. Every layer's errors use it (CLI, server, library).
 * A leaf module.
 */

/** The characters (code points) of a word shown in a message. */
export const SHOWN_CHARACTERS = 60;

/** `s` cut to `n` code points (never inside a surrogate pair), with "..." when cut. */
export function clip(s: string, n = SHOWN_CHARACTERS): string {
  if (s.length <= n) return s;
  const points = [...s];
  return points.length <= n ? s : `${points.slice(0, n).join('')}...`;
}

/**
 * A word as a message quotes it: `quote(word)` (JSON-quoted by default), or, for a word over `max` characters,
 * its beginning quoted, then `... (10,240 characters)`.
 */
export function quoteWord(word: string, quote: (w: string) => string = JSON.stringify, max = SHOWN_CHARACTERS): string {
  if (word.length <= max) return quote(word);
  const points = [...word];
  if (points.length <= max) return quote(word);
  return `${quote(points.slice(0, max).join(''))}... (${points.length.toLocaleString('en-US')} characters)`;
}
