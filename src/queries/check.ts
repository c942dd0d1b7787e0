/**
 * The query API's own argument checks (gensim's topn, counts, vectors of the model's dimension). Bad parameters are
 * RangeErrors naming the parameter. The generic checks every layer uses are in ../checks/arguments.ts.
 */
import { OptionError } from '../checks/option-error.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/** gensim's `topn`: any integer (below 1 gives no answers), or null for all scores where the caller allows it. */
export function checkTopn(topn: unknown, name = 'topn'): asserts topn is number {
  if (typeof topn !== 'number' || !Number.isInteger(topn)) {
    throw new OptionError((say) => `${say(name)} must be an integer, got ${describe(topn)}`);
  }
}

/** A whole number ≥ 0, or undefined/null (not given). */
export function checkCount(value: unknown, name: string): asserts value is number | null | undefined {
  if (value == null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new OptionError((say) => `${say(name)} must be a whole number ≥ 0, got ${describe(value)}`);
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
