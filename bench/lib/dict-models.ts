/**
 * The models of the dictionary benchmark (bench/dict.ts), as files in the cache folder `bench/models/` (gitignored)
 * that the parent and every child process load with `loadModel`:
 *
 * - synthetic: 200,000 × 100 word2vec binary made by bench/lib/synthetic.ts (fixed-seed xorshift, uniform values in
 *   (-1, 1); `synthetic-200k-100d.bin`, 80 MB, ~1 s to write once). `--quick`: 5,000 × 100.
 * - glove: GloVe 6B 100d, 341,479 words (`glove-6B-100d.bin`, made by `npm run models:glove`; made here if missing).
 *   `--quick`: its first 10,000 words (loadModel's `limit`).
 *
 * Rows are sampled evenly over the vocabulary (`spreadRows`): row ⌊i·n/count⌋ for i < count, so the sample covers
 * frequent and rare words alike (GloVe is ordered by frequency).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/formats/load-model.js';
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { ensureGlove } from './glove.js';
import { writeSynthetic } from './synthetic.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CACHE = join(ROOT, 'bench', 'models');

export type ModelName = 'synthetic' | 'glove';

/** What a child process needs to open the same model (JSON-serialisable). */
export interface ModelSpec {
  name: ModelName;
  /** For the table, e.g. "synthetic 200k × 100". */
  label: string;
  file: string;
  limit?: number;
}

const SYNTHETIC = { rows: 200_000, dim: 100 };
const SYNTHETIC_QUICK = { rows: 5_000, dim: 100 };
const GLOVE_QUICK_LIMIT = 10_000;

/** Makes the model's file when missing (synthetic: written here; GloVe: `ensureGlove`) and returns its spec. */
export async function prepareModel(name: ModelName, quick: boolean, log: (line: string) => void): Promise<ModelSpec> {
  mkdirSync(CACHE, { recursive: true });
  if (name === 'synthetic') {
    const { rows, dim } = quick ? SYNTHETIC_QUICK : SYNTHETIC;
    const tag = rows % 1000 === 0 ? `${rows / 1000}k` : `${rows}`;
    const file = join(CACHE, `synthetic-${tag}-${dim}d.bin`);
    if (!existsSync(file)) {
      const started = performance.now();
      writeSynthetic({ rows, dim }, { binary: file });
      log(`wrote ${file} (${rows} x ${dim}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return { name, label: `synthetic ${tag} × ${dim}`, file };
  }
  const { binary } = await ensureGlove(CACHE, { log });
  return quick
    ? { name, label: `GloVe 6B 100d, first ${GLOVE_QUICK_LIMIT / 1000}k`, file: binary, limit: GLOVE_QUICK_LIMIT }
    : { name, label: 'GloVe 6B 100d (341k)', file: binary };
}

export function openModel(spec: ModelSpec): Promise<KeyedVectors> {
  return loadModel(spec.file, spec.limit ? { limit: spec.limit } : {});
}

/** `count` rows spread evenly over [0, n): ⌊i·n/count⌋, increasing (all rows when count ≥ n). */
export function spreadRows(n: number, count: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
}

/** The rows a peer searches when it runs on `queries` of the n rows: the spread rows and the recall sample. */
export function queryRows(n: number, queries: number, sample: readonly number[]): number[] {
  if (queries >= n) return spreadRows(n, n);
  const set = new Set(spreadRows(n, queries));
  for (const r of sample) set.add(r);
  return [...set].sort((a, b) => a - b);
}

/** Unit-length copy of the model's rows (float32, row-major), as the search-style peers take them. */
export function unitRows(model: KeyedVectors): Float32Array {
  const { vectors, norms, dim, size } = model;
  const out = new Float32Array(size * dim);
  for (let i = 0; i < size; i++) {
    const inv = norms[i] > 0 ? 1 / norms[i] : 0;
    for (let d = i * dim, end = d + dim; d < end; d++) out[d] = vectors[d] * inv;
  }
  return out;
}
