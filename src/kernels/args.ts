import { checkRange, wholeAtLeast } from '../checks/arguments.js';
import type { ModelMemory } from '../vectors/model-memory.js';

/** Throws unless `query` fits the model and [start, end) is a range of its rows. */
export function checkQuery(memory: ModelMemory, query: Float32Array, start: number, end: number): void {
  if (query.length !== memory.dim) {
    throw new RangeError(`the query has ${query.length} dimensions, the model ${memory.dim}`);
  }
  checkRange("the model's rows", start, end, memory.rows);
}

/** Throws unless k is a whole number ≥ 0. */
export function checkK(k: number): void {
  wholeAtLeast('k', k, 0);
}
