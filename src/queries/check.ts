/**
 * Argument checks shared by the query functions, the loaders and the dictionary builders. Bad parameters are RangeErrors (or TypeErrors) naming the parameter.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/** gensim's `topn`: any integer (below 1 gives no answers), or null for all scores where the caller allows it. */
export function checkTopn(topn: unknown, name = 'topn'): asserts topn is number {
  if (typeof topn !== 'number' || !Number.isInteger(topn)) {
    throw new RangeError(`${name} must be an integer, got ${describe(topn)}`);
  }
}

/** A whole number ≥ 0, or undefined/null (not given). */
export function checkCount(value: unknown, name: string): asserts value is number | null | undefined {
  if (value == null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${describe(value)}`);
  }
}

/** Throws unless `vector` has the model's dimension. */
export function checkVector(model: KeyedVectors, vector: ArrayLike<number>, name = 'a vector'): void {
  if (vector.length !== model.dim) {
    throw new RangeError(`${name} has ${vector.length} dimensions, the model ${model.dim}`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `value` when it is one of `choices`; else a RangeError naming the parameter and the choices. */
export function oneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    const list = choices.map((c) => `'${c}'`);
    throw new RangeError(`${name} must be ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** `v` when it is a whole number from min to max; else a RangeError naming the parameter and the range. */
export function wholeInRange(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${v}`);
  return v;
}
