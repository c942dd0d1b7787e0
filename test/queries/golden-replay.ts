/**
 * Replays one gensim golden query case (test/fixtures/golden/queries/*.json) through simdict's API, and compares
 * the answer with gensim's. The JSON conventions are in test/fixtures/GENSIM-FIXTURES.md ("JSON conventions").
 */
import assert from 'node:assert/strict';
import { KeyedVectors, UnknownWordError, type Key } from '../../src/vectors/keyed-vectors.js';
import type { Neighbor } from '../../src/queries/index.js';
import { queryKeys, similarity64 } from './query-words.js';

/** Similarity tolerance: gensim computes in float32 with OpenBLAS, the fixture README recommends about 1e-6. */
export const TOLERANCE = 1e-6;
/** Below this tie margin, neighbours may swap (fixture README, `tie_margin`). */
export const TIE_MARGIN = 1e-5;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface GoldenCase {
  method: string;
  call: string;
  args: Json[];
  kwargs: Record<string, Json>;
  ok: boolean;
  result_type?: string;
  result?: Json;
  error?: { type: string; message: string };
  tie_margin?: number;
  next_candidate?: [string, number | string];
}

/** gensim's argument encoding → ours: string = key, integer = index, {vector} = raw vector, {key, weight} = weighted term. */
export function decode(x: Json): any {
  if (Array.isArray(x)) return x.map(decode);
  if (x !== null && typeof x === 'object') {
    if ('vector' in x) {
      const v = x.vector as Json[];
      return Array.isArray(v[0]) ? v.map((row) => Float32Array.from(row as number[])) : Float32Array.from(v as number[]);
    }
    if ('key' in x) return { term: decode(x.key), weight: x.weight };
  }
  return x;
}

/** A JSON float as gensim wrote it ("NaN", "Infinity" are strings). */
export function num(x: Json): number {
  return typeof x === 'string' ? Number(x) : (x as number);
}

/** Calls the simdict method that corresponds to gensim's `c.method`. */
export function run(kv: KeyedVectors, c: GoldenCase): unknown {
  const a = c.args.map(decode);
  const k = Object.fromEntries(Object.entries(c.kwargs).map(([name, v]) => [name, decode(v)]));
  const query = () => ({
    positive: a[0] ?? k.positive, negative: a[1] ?? k.negative, topn: 'topn' in k ? k.topn : a[2],
    restrictVocab: k.restrict_vocab, clipStart: k.clip_start, clipEnd: k.clip_end,
  });
  const similarBy = { topn: k.topn ?? a[1], restrictVocab: k.restrict_vocab };
  switch (c.method) {
    case 'get_index': return 'default' in k ? kv.tryIndex(a[0]) ?? k.default : kv.indexOf(a[0]);
    case '__contains__': return kv.has(a[0]);
    case 'get_vector':
    case '__getitem__': return kv.getVector(a[0], { norm: k.norm });
    case 'get_mean_vector':
      return kv.getMeanVector(a[0], { weights: k.weights, preNormalize: k.pre_normalize, postNormalize: k.post_normalize, ignoreMissing: k.ignore_missing });
    case 'most_similar': return kv.mostSimilar(query());
    case 'most_similar_cosmul': return kv.mostSimilarCosmul(query());
    case 'similar_by_word': return kv.similarByWord(a[0], similarBy);
    case 'similar_by_key': return kv.similarByKey(a[0], similarBy);
    case 'similar_by_vector': return kv.similarByVector(a[0], similarBy);
    case 'similarity': return kv.similarity(a[0], a[1]);
    case 'distance': return kv.distance(a[0], a[1]);
    case 'n_similarity': return kv.nSimilarity(a[0], a[1]);
    case 'doesnt_match': return kv.doesntMatch(a[0]);
    case 'rank_by_centrality': return kv.rankByCentrality(a[0]);
    case 'rank': return kv.rank(a[0], a[1]);
    case 'closer_than': return kv.closerThan(a[0], a[1]);
    case 'words_closer_than': return kv.wordsCloserThan(a[0], a[1]);
    case 'distances': return kv.distances(a[0], a[1]);
    case 'most_similar_to_given': return kv.mostSimilarToGiven(a[0], a[1]);
    case 'relative_cosine_similarity': return kv.relativeCosineSimilarity(a[0], a[1], k.topn ?? a[2]);
    case 'cosine_similarities': return KeyedVectors.cosineSimilarities(a[0], a[1]);
    default: throw new Error(`no mapping for gensim's ${c.method}`);
  }
}

/** Checks that `run` throws what gensim raised: KeyError → UnknownWordError naming the key, else a plain Error. */
export function checkError(kv: KeyedVectors, c: GoldenCase): void {
  assert.throws(() => run(kv, c), (err: unknown) => {
    assert.ok(err instanceof Error);
    if (c.error!.type === 'KeyError') {
      assert.ok(err instanceof UnknownWordError, `expected UnknownWordError, got ${err}`);
      const named = /Key '(.*)' not present/.exec(c.error!.message)![1];
      assert.equal(String(err.word), named);
      assert.match(err.message, /is not in the model's vocabulary/);
    } else {
      assert.ok(!(err instanceof UnknownWordError), `expected a ${c.error!.type}-like Error, got ${err}`);
    }
    return true;
  });
}

/** Float arrays equal within TOLERANCE (NaN equals NaN). */
export function closeArrays(got: ArrayLike<number>, want: Json[], what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) close(got[i], num(want[i]), `${what}[${i}]`);
}

export function close(got: number, want: number, what: string): void {
  if (Number.isNaN(want)) return assert.ok(Number.isNaN(got), `${what}: expected NaN, got ${got}`);
  assert.ok(Math.abs(got - want) <= TOLERANCE, `${what}: got ${got}, gensim ${want} (diff ${Math.abs(got - want)})`);
}

/**
 * A ranked answer against gensim's `[[word, score], ...]`: scores position by position within TOLERANCE, no word
 * twice, none of the query's own words, and the same words in the same order — except, where the case's tie_margin
 * is below TIE_MARGIN, a word may sit at another position of a near-equal gensim score, or (a tie at the cut) be
 * replaced by a word whose own float64 similarity to the query (./query-words.ts, not simdict's score) is gensim's
 * last score.
 */
export function checkRanked(got: Neighbor[], want: [string, Json][], c: GoldenCase, kv: KeyedVectors): void {
  assert.equal(got.length, want.length, `${c.call}: number of answers`);
  const words = got.map((n) => n.word);
  assert.equal(new Set(words).size, words.length, `${c.call}: a word twice in ${JSON.stringify(words)}`);
  const asked = queryKeys(kv, c);
  for (const w of words) assert.ok(!asked.has(w), `${c.call}: answers the query's own ${JSON.stringify(w)}`);
  const strict = c.tie_margin === undefined || c.tie_margin > TIE_MARGIN;
  want.forEach(([word, score], i) => {
    close(got[i].score, num(score), `${c.call}: score #${i}`);
    if (got[i].word === word) return;
    assert.ok(!strict, `${c.call}: #${i} is ${JSON.stringify(got[i].word)}, gensim ${JSON.stringify(word)} (tie margin ${c.tie_margin})`);
    const candidates: [string, Json][] = c.next_candidate ? [...want, c.next_candidate] : want;
    const at = candidates.find(([w]) => w === got[i].word);
    if (at) close(got[i].score, num(at[1]), `${c.call}: swapped neighbour ${JSON.stringify(got[i].word)}`);
    else close(similarity64(kv, c, String(got[i].word)), num(want[want.length - 1][1]), `${c.call}: ${JSON.stringify(got[i].word)} tied at the cut, float64`);
  });
}

/** Compares a result with gensim's, by `result_type`. */
export function checkResult(got: any, c: GoldenCase, kv: KeyedVectors): void {
  const want = c.result as any;
  switch (c.result_type) {
    case 'list':
      if (c.method === 'rank_by_centrality') {
        return checkRanked(got, want.map(([s, w]: [number, string]) => [w, s]), { ...c, tie_margin: undefined }, kv);
      }
      if (want.length > 0 && typeof want[0] === 'string') return assert.deepEqual(got, want, c.call);
      return checkRanked(got, want, c, kv);
    case 'ndarray[float32]': return closeArrays(got, want, c.call);
    case 'float32':
    case 'float64':
      // similarity, distance and n_similarity repeat gensim's float32 arithmetic and OpenBLAS's summation order
      if (['similarity', 'distance', 'n_similarity'].includes(c.method)) return assert.equal(got, want, c.call);
      return close(got, want, c.call);
    case 'float': return close(got, want, c.call);
    default: return assert.deepEqual(got, want, c.call); // int, bool, str
  }
}

export type { Key };
