/**
 * The model-side answers of the API: similar words (micro-batched on the search pool), analogies, similarity, the
 * 2-D map of a neighbourhood, autocomplete, and unknown words with close spellings. The routes only translate HTTP.
 */
import { quoteWord } from '../checks/quote-word.js';
import { mostSimilarBatch } from '../queries/most-similar-batch.js';
import { mostSimilar } from '../queries/most-similar.js';
import { mostSimilarCosmul } from '../queries/most-similar-cosmul.js';
import { project2d } from '../queries/project-2d.js';
import { similarity } from '../queries/similarity.js';
import { suggest } from '../queries/suggest.js';
import type { Neighbor } from '../queries/types.js';
import { EXACT_F32, type BatchSearcher, type SearchMethod } from '../search/batch-searcher.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { ApiError } from './api-error.js';
import { PrefixIndex } from './prefix-index.js';

export interface SimilarQuery {
  positive: string[];
  negative: string[];
  topn: number;
  cosmul?: boolean;
}

export interface MapPoint {
  word: string;
  score: number;
  x: number;
  y: number;
}

/** gensim's most_similar_cosmul, every row scored in float32 on this thread. */
const EXACT_COSMUL: SearchMethod = { name: 'exact-cosmul', recall: 1 };

export class WordSearch {
  private readonly prefixes: PrefixIndex;

  /**
   * `searcher`: where exact similar-word queries run (the micro-batcher over the pool); without it, one query at a
   * time on this thread (gensim's most_similar path: the comparison point of the serve benchmark).
   */
  constructor(readonly model: KeyedVectors, private readonly searcher?: BatchSearcher) {
    this.prefixes = new PrefixIndex(model.words);
  }

  /** How similar() ranks: the searcher's method, or exact float32 scores on this thread (as cosmul always is). */
  methodOf(q: Pick<SimilarQuery, 'cosmul'>): SearchMethod {
    if (q.cosmul) return EXACT_COSMUL;
    return this.searcher?.method ?? EXACT_F32;
  }

  /** gensim's most_similar (or most_similar_cosmul, which runs on this thread: it needs every row's score per word). */
  async similar(q: SimilarQuery): Promise<Neighbor[]> {
    this.checkWords({ positive: q.positive, negative: q.negative });
    if (q.cosmul) return mostSimilarCosmul(this.model, { positive: q.positive, negative: q.negative, topn: q.topn });
    if (!this.searcher) return mostSimilar(this.model, { positive: q.positive, negative: q.negative, topn: q.topn });
    const [answer] = await mostSimilarBatch(this.model, [{ positive: q.positive, negative: q.negative }], { topn: q.topn, searcher: this.searcher });
    return answer;
  }

  similarity(w1: string, w2: string): number {
    this.checkWords({ w1: [w1], w2: [w2] });
    return similarity(this.model, w1, w2);
  }

  /** The word, its topn most similar words, and all of them placed on their first two principal axes. */
  async map(word: string, topn: number): Promise<{ points: MapPoint[]; explained: [number, number] }> {
    this.checkWords({ word: [word] });
    const neighbors = await this.similar({ positive: [word], negative: [], topn });
    const words = [word, ...neighbors.map((n) => n.word)];
    const dim = this.model.dim;
    const vectors = new Float32Array(words.length * dim);
    words.forEach((w, i) => vectors.set(this.model.getVector(w, { norm: true }), i * dim));
    const { x, y, explained } = project2d(vectors, words.length, dim);
    const scores = [1, ...neighbors.map((n) => n.score)];
    return { points: words.map((w, i) => ({ word: w, score: scores[i], x: x[i], y: y[i] })), explained };
  }

  /** Vocabulary words starting with `prefix`, most frequent (earliest in the model) first. */
  complete(prefix: string, limit: number): string[] {
    return this.prefixes.complete(prefix, limit);
  }

  /** A 404 naming every unknown word (by field) with close spellings, unless all are in the model. */
  checkWords(fields: Record<string, readonly string[]>): void {
    checkKnown(fields, (w) => this.model.has(w), () => this.model.words, 'model');
  }
}

/** Throws the API's unknown_word error when a word of `fields` is not `known`. */
export function checkKnown(fields: Record<string, readonly string[]>, known: (w: string) => boolean, vocabulary: () => readonly string[], where: string): void {
  const unknown: [string, string][] = [];
  for (const [field, words] of Object.entries(fields)) for (const w of words) if (!known(w) && !unknown.some(([, u]) => u === w)) unknown.push([field, w]);
  if (unknown.length === 0) return;
  const words = vocabulary();
  const suggestions = Object.fromEntries(unknown.map(([, w]) => [w, suggest(w, words)]));
  const named = unknown.map(([, w]) => quoteWord(w)).join(', ');
  throw new ApiError(404, 'unknown_word', `${named} ${unknown.length === 1 ? 'is' : 'are'} not in the ${where}'s vocabulary`, unknown[0][0], suggestions);
}
