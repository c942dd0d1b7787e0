/**
 * A similar-words dictionary restricted to some words of the model: a row for each listed word (in the model's
 * order), its k most similar words taken from the whole vocabulary. The listed rows are scored as batch queries on
 * the search pool (every row against every candidate: the symmetric trick needs all rows as queries), each query
 * being the row's unit vector exactly as the tile kernel computes it (v / norm in float32), so every score, and
 * therefore every row, is bit for bit the row of the whole dictionary.
 *
 * Each batch of rows is complete when scored, so crash safety needs no heap checkpoint: the writer's committed rows
 * are where a resumed build continues.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { oneOf, wholeInRange } from '../checks/arguments.js';
import { planSearch } from '../search/search-plan.js';
import { SearchPool } from '../search/search-pool.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { VERSION } from '../version.js';
import type { Dictionary, DictionaryOptions } from './build-dictionary.js';
import { modelHash } from './model-hash.js';
import { removeCheckpoint } from './checkpoint.js';
import { openDictionaryWriter, partialPathOf, type DictionaryMeta, type DictionaryWriter } from '../store/index.js';

/** Rows scored per batch (the pool's query capacity). */
const BATCH = 256;

/** Builds the dictionary of the model rows `rows` (distinct, any order; they are sorted). */
export async function buildRestrictedDictionary(model: KeyedVectors, rows: readonly number[], options: DictionaryOptions = {}): Promise<Dictionary & { rows: Int32Array }> {
  const n = model.size;
  const k = wholeInRange('k', options.k ?? 15, 1, 10000);
  const threads = wholeInRange('threads', options.threads ?? availableParallelism(), 1, 256);
  const includeSelf = options.includeSelf ?? false;
  const commitMs = 1000 * (options.commitSeconds ?? 10);
  const list = Int32Array.from(new Set(rows)).sort();
  for (const r of list) if (!(r >= 0 && r < n)) throw new RangeError(`row ${r} is not a row of the model's ${n}`);
  const m = list.length;
  // int8 by default, as the whole build (the pool's quantised panels, rescored: the same rows); f32 when asked, or
  // where the pool's plan has no room or bits for int8 (then the metadata says f32)
  const method = options.method === undefined ? planSearch({ rows: n, dim: model.dim, heldBytes: model.memory.heldBytes, threads, capacity: BATCH, maxK: includeSelf ? k : k + 1 }).method : oneOf('method', options.method, ['f32', 'int8']);
  const meta: DictionaryMeta = {
    modelHash: modelHash(model),
    modelFile: options.modelFile ?? model.source.file,
    words: m,
    vocabulary: n,
    rowsHash: createHash('sha256').update(new Uint8Array(list.buffer)).digest('hex'),
    dim: model.dim,
    k,
    includeSelf,
    method: method === 'int8' ? 'exact-int8-rescored' : 'exact-f32',
    recall: 1,
    createdAt: new Date().toISOString(),
    simdictVersion: VERSION,
  };
  if (options.resume && !options.out) throw new RangeError('resume needs an output file');
  if (options.out) await removeCheckpoint(partialPathOf(options.out)); // a whole-dictionary build's, abandoned at this path
  const writer: DictionaryWriter | undefined = options.out ? openDictionaryWriter(options.out, meta, { resume: options.resume ?? false }) : undefined;
  const wanted = includeSelf ? k : k + 1; // without self: one more, then the row itself is dropped
  const inMemory = writer ? undefined : { indices: new Int32Array(m * k).fill(-1), scores: new Float32Array(m * k).fill(NaN) };
  const started = performance.now();
  let pool: SearchPool | undefined;
  try {
    pool = await SearchPool.start(model, { threads, capacity: BATCH, maxK: wanted, method });
    const from = writer?.committedRows ?? 0;
    let lastCommit = performance.now();
    const dim = model.dim;
    const queries = new Float32Array(BATCH * dim);
    for (let p0 = from; p0 < m; p0 += BATCH) {
      const count = Math.min(BATCH, m - p0);
      for (let q = 0; q < count; q++) {
        const row = list[p0 + q], norm = model.norms[row];
        for (let d = 0; d < dim; d++) queries[q * dim + d] = model.vectors[row * dim + d] / norm; // as the tile kernel's unit rows
      }
      const best = await pool.search(queries, count, Math.min(wanted, n), 0, n);
      const out = dropSelf(best, list.subarray(p0, p0 + count), Math.min(wanted, n), k, includeSelf);
      if (writer) writer.append(p0, count, out.indices, out.scores, model.words, list.subarray(p0, p0 + count));
      else {
        inMemory!.indices.set(out.indices, p0 * k);
        inMemory!.scores.set(out.scores, p0 * k);
      }
      const now = performance.now();
      if (writer && now - lastCommit >= commitMs) {
        writer.commit();
        lastCommit = now;
      }
      const done = p0 + count;
      options.onProgress?.({ rowsDone: done, rows: m, workDone: done / m, elapsedMs: now - started, resumedRows: from });
    }
    if (writer) await writer.finish(meta);
    return { words: model.words, k, indices: inMemory?.indices ?? new Int32Array(0), scores: inMemory?.scores ?? new Float32Array(0), meta, rows: list };
  } catch (e) {
    writer?.close();
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
