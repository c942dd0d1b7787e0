/** Parsers for option values. A bad value is a commander InvalidArgumentError (a usage error, exit code 2). */
import { InvalidArgumentError } from 'commander';

/** Parses a whole number >= min. */
export function wholeNumber(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} takes a whole number >= ${min}, got ${JSON.stringify(value)}.`);
    return n;
  };
}

export function positiveInt(name: string): (value: string) => number {
  return wholeNumber(name, 1);
}

/** Parses a number above 0 and at most 1 (a recall). */
export function fraction(name: string): (value: string) => number {
  return (value) => {
    const n = /^\s*(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
    if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(`${name} takes a number above 0 and at most 1, got ${JSON.stringify(value)}.`);
    return n;
  };
}
