import type { ModelMemory } from '../vectors/model-memory.js';

/** Throws unless `query` fits the model and [start, end) is a range of its rows. */
export function checkQuery(memory: ModelMemory, query: Float32Array, start: number, end: number): void {
  if (query.length !== memory.dim) {
    throw new RangeError(`the query has ${query.length} dimensions, the model ${memory.dim}`);
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > memory.rows) {
    throw new RangeError(`rows [${start}, ${end}) are not a range of the model's ${memory.rows} rows`);
  }
}

/** Throws unless k is a whole number ≥ 0. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a whole number ≥ 0, got ${k}`);
}
