/**
 * Independent float64 views of a gensim query case, for checking answers that are not gensim's word for word: the
 * query's own words (which gensim never answers), and any word's similarity to the query, computed here from the
 * model's raw vectors in float64 (never by simdict's query code).
 */
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { decode, type GoldenCase } from './golden-replay.js';

type Term = { vector: Float64Array; weight: number; key?: string | number };

/** gensim's terms of a most_similar-like case: keys (weight ±1, or their own), raw vectors; negatives weigh −1. */
function terms(kv: KeyedVectors, c: GoldenCase): Term[] {
  const a = c.args.map(decode);
  const k = Object.fromEntries(Object.entries(c.kwargs).map(([name, v]) => [name, decode(v)]));
  const byVector = c.method === 'similar_by_vector';
  const one = byVector || c.method === 'similar_by_word' || c.method === 'similar_by_key';
  const list = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) && !one ? x : [x]);
  const positive = one ? list(a[0] ?? k.word ?? k.key ?? k.vector) : list(a[0] ?? k.positive);
  const negative = one ? [] : list(a[1] ?? k.negative);
  const term = (x: any, sign: number): Term => {
    const [key, weight] = typeof x === 'object' && !(x instanceof Float32Array) ? [x.term, x.weight * sign] : [x, sign];
    if (key instanceof Float32Array) return { vector: Float64Array.from(key), weight };
    return { vector: unit(row(kv, kv.indexOf(key))), weight, key };
  };
  if (!['most_similar', 'similar_by_word', 'similar_by_key', 'similar_by_vector'].includes(c.method)) {
    throw new Error(`no float64 similarity for gensim's ${c.method}`);
  }
  return [...positive.map((x) => term(x, 1)), ...negative.map((x) => term(x, -1))];
}

/** The keys the case asks about (gensim leaves them out of its answers); none for similar_by_vector. */
export function queryKeys(kv: KeyedVectors, c: GoldenCase): Set<string | number> {
  if (c.method === 'similar_by_vector' || !['most_similar', 'most_similar_cosmul', 'similar_by_word', 'similar_by_key'].includes(c.method)) return new Set();
  const method = c.method === 'most_similar_cosmul' ? 'most_similar' : c.method; // the same keys
  return new Set(terms(kv, { ...c, method }).flatMap((t) => (t.key === undefined ? [] : [typeof t.key === 'number' ? kv.words[t.key] : t.key])));
}

/** The float64 cosine of `word` with the case's query (gensim: the unit mean of the weighted unit terms). */
export function similarity64(kv: KeyedVectors, c: GoldenCase, word: string): number {
  const ts = terms(kv, c);
  const mean = new Float64Array(kv.dim);
  for (const t of ts) for (let d = 0; d < kv.dim; d++) mean[d] += (t.weight * t.vector[d]) / ts.length;
  const q = unit(mean), w = unit(row(kv, kv.indexOf(word)));
  let s = 0;
  for (let d = 0; d < kv.dim; d++) s += q[d] * w[d];
  return s;
}

function row(kv: KeyedVectors, i: number): Float64Array {
  return Float64Array.from(kv.vectors.subarray(i * kv.dim, (i + 1) * kv.dim));
}

/** v / |v|, or zeros for a zero vector (as gensim's unitvec). */
function unit(v: Float64Array): Float64Array {
  const n = Math.hypot(...v);
  return n > 0 ? v.map((x) => x / n) : new Float64Array(v.length);
}
