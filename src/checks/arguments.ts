/**
 * Argument checks shared by every layer (formats, kernels, stores, engines, search). A leaf module (beside the
 * option naming it uses), so any layer may use it. Bad arguments are RangeErrors (OptionErrors, so that the CLI can
 * name its flags) naming the parameter, what was expected and what came. (gensim's topn and the vector checks belong
 * to the query API: ../queries/check.ts.)
 */
import { OptionError } from './option-error.js';

/** `value` when it is one of `choices`; else a RangeError naming the parameter and the choices. */
export function oneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    const list = choices.map((c) => `'${c}'`);
    throw new OptionError((say) => `${say(name)} must be ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** `v` when it is a whole number from min to max; else a RangeError naming the parameter and the range. */
export function wholeInRange(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new OptionError((say) => `${say(name)} must be a whole number from ${min} to ${max}, got ${v}`);
  return v;
}

/** `v` when it is a whole number ≥ min; else a RangeError naming the parameter. */
export function wholeAtLeast(name: string, v: number, min = 0): number {
  if (!Number.isInteger(v) || v < min) throw new OptionError((say) => `${say(name)} must be a whole number ≥ ${min}, got ${v}`);
  return v;
}

/** Throws unless [start, end) is a range of [0, limit): `what` names the things (rows, heaps, queries). */
export function checkRange(what: string, start: number, end: number, limit: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > limit) {
    throw new RangeError(`${what} [${start}, ${end}) are not a range of [0, ${limit})`);
  }
}
