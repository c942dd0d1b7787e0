/**
 * A similar-words dictionary restricted to some words of the model: a row for each listed word (in the model's
 * order), its k most similar words taken from the whole vocabulary. The listed rows are scored as batch queries on
 * the search pool (every row against every candidate: the symmetric trick needs all rows as queries), each query
 * being the row's unit vector exactly as the tile kernel computes it (v / norm in float32), so every score, and
 * therefore every row, is bit for bit the row of the whole dictionary.
 *
 * Each batch of rows is complete when scored, so crash safety needs no heap checkpoint: the result sink's committed
 * rows (./result-sink.ts) are where a resumed build continues.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { oneOf, wholeInRange } from '../checks/arguments.js';
import { planSearch } from '../search/search-plan.js';
import { SearchPool } from '../search/search-pool.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import type { DictionaryOptions } from './build-dictionary.js';
import { dictionaryMeta, ResultSink, type Dictionary } from './result-sink.js';

/** Rows scored per batch (the pool's query capacity). */
const BATCH = 256;

/** Builds the dictionary of the model rows `rows` (distinct, any order; they are sorted). */
export async function buildRestrictedDictionary(model: KeyedVectors, rows: readonly number[], options: DictionaryOptions = {}): Promise<Dictionary & { rows: Int32Array }> {
  const n = model.size;
  const k = wholeInRange('k', options.k ?? 15, 1, 10000);
  const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
  const includeSelf = options.includeSelf ?? false;
  const list = Int32Array.from(new Set(rows)).sort();
  for (const r of list) if (!(r >= 0 && r < n)) throw new RangeError(`row ${r} is not a row of the model's ${n}`);
  const m = list.length;
  // int8 by default, as the whole build (the pool's quantised panels, rescored: the same rows); f32 when asked, or
  // where the pool's plan has no room or bits for int8 (then the metadata says f32)
  const method = options.method === undefined ? planSearch({ rows: n, dim: model.dim, heldBytes: model.memory.heldBytes, threads, capacity: BATCH, maxK: includeSelf ? k : k + 1 }).method : oneOf('method', options.method, ['f32', 'int8']);
  const rowsHash = createHash('sha256').update(new Uint8Array(list.buffer)).digest('hex');
  const meta = dictionaryMeta(model, options.modelFile, { words: m, vocabulary: n, rowsHash, k, includeSelf, method: method === 'int8' ? 'exact-int8-rescored' : 'exact-f32', recall: 1 });
  // Each batch is complete when scored: a resume continues from every committed row.
  const sink = await ResultSink.open(meta, model.words, options);
  if (sink.complete) return { ...(await sink.finish()), rows: list };
  const wanted = includeSelf ? k : k + 1; // without self: one more, then the row itself is dropped
  let pool: SearchPool | undefined;
  try {
    pool = await SearchPool.start(model, { threads, capacity: BATCH, maxK: wanted, method });
    const dim = model.dim;
    const queries = new Float32Array(BATCH * dim);
    for (let p0 = sink.resumedRows; p0 < m; p0 += BATCH) {
      const count = Math.min(BATCH, m - p0);
      for (let q = 0; q < count; q++) {
        const row = list[p0 + q], norm = model.norms[row];
        for (let d = 0; d < dim; d++) queries[q * dim + d] = model.vectors[row * dim + d] / norm; // as the tile kernel's unit rows
      }
      const best = await pool.search(queries, count, Math.min(wanted, n), 0, n);
      const modelRows = list.subarray(p0, p0 + count);
      await sink.add(p0, count, { ...dropSelf(best, modelRows, Math.min(wanted, n), k, includeSelf), modelRows }, (p0 + count) / m);
    }
    return { ...(await sink.finish()), rows: list };
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    await pool?.close();
  }
}

/** Each query's `have` best → its k best without the query's own row (unless includeSelf), −1 / NaN padded. */
function dropSelf(best: { indices: Int32Array; scores: Float32Array }, self: Int32Array, have: number, k: number, includeSelf: boolean) {
  const count = self.length;
  const indices = new Int32Array(count * k).fill(-1), scores = new Float32Array(count * k).fill(NaN);
  for (let q = 0; q < count; q++) {
    let e = 0;
    for (let j = 0; j < have && e < k; j++) {
      const i = best.indices[q * have + j];
      if (i < 0) break;
      if (!includeSelf && i === self[q]) continue;
      indices[q * k + e] = i;
      scores[q * k + e] = best.scores[q * have + j];
      e++;
    }
  }
  return { indices, scores };
}
