import { quoteWord } from '../checks/quote-word.js';
import { ModelMemory } from './model-memory.js';
import { fillNorms } from './norms.js';
import * as q from '../queries/index.js';
import type { CentralityOptions, CosmulOptions, CosmulQuery, MeanVectorOptions, MostSimilarBatchOptions, MostSimilarOptions, MostSimilarQuery, Neighbor, SimilarByOptions, Term, Terms, Vector } from '../queries/index.js';

/** A key as gensim takes it: a word, or an integer index into the vocabulary. */
export type Key = string | number;

/** Where a model came from, for `info` and for the error messages of later stages. */
export interface ModelSource {
  /** The path it was loaded from, if any. */
  file?: string;
  /** 'word2vec-binary' | 'word2vec-text' | 'glove' | 'fasttext-vec' ... as detected or chosen. */
  format?: string;
  /** Bytes read from the file (compressed size for .gz). */
  bytes?: number;
  /** Milliseconds the load took. */
  loadMs?: number;
}

/** Thrown for a word (or index) that is not in the model. `word` is what was asked for. */
export class UnknownWordError extends Error {
  override readonly name = 'UnknownWordError';
  constructor(readonly word: Key, message?: string) {
    super(message ?? `word ${typeof word === 'string' ? quoteWord(word) : JSON.stringify(word)} is not in the model's vocabulary`);
  }
}

/**
 * A word-embedding model: the vocabulary and its vectors, the way gensim's `KeyedVectors` holds them.
 *
 * - `words[i]` is the word of row i; `indexOf` maps a word back to its row.
 * - The raw vectors (as in the file) and their float32 norms live in a shared `ModelMemory`, off the JS heap.
 * - Rows are unique: a word that appears twice in a file keeps its first vector (unlike gensim, no empty slots).
 *
 * The query methods (most similar words, analogies, evaluations) are added by `src/queries`.
 */
export class KeyedVectors {
  readonly memory: ModelMemory;
  readonly words: readonly string[];
  private readonly index: Map<string, number>;
  /** The rows' float32 vectors, row-major (a view into shared memory). */
  readonly vectors: Float32Array;
  /** Each row's float32 Euclidean norm (a view into shared memory). */
  readonly norms: Float32Array;
  source: ModelSource;

  /**
   * Wraps loaded rows. `memory` must hold `words.length` rows; norms are computed here unless `normsFilled`.
   * Use `KeyedVectors.fromArrays` to build a model from plain arrays.
   */
  constructor(memory: ModelMemory, words: readonly string[], options: { normsFilled?: boolean; source?: ModelSource; index?: Map<string, number> } = {}) {
    if (memory.rows !== words.length) {
      throw new RangeError(`a model with ${words.length} words needs ${words.length} rows, the memory has ${memory.rows}`);
    }
    this.memory = memory;
    this.words = words;
    this.index = options.index ?? new Map(words.map((w, i) => [w, i]));
    if (this.index.size !== words.length) throw new RangeError('the words of a model must be unique');
    this.vectors = memory.vectors();
    this.norms = memory.norms();
    if (!options.normsFilled) fillNorms(this.vectors, memory.rows, memory.dim, this.norms);
    this.source = options.source ?? {};
  }

  /** Builds a model from words and a row-major matrix (copied into shared memory). */
  static fromArrays(words: readonly string[], vectors: ArrayLike<number>, dim: number, options: { wasm?: boolean } = {}): KeyedVectors {
    if (vectors.length !== words.length * dim) {
      throw new RangeError(`${words.length} words x ${dim} dimensions need ${words.length * dim} values, got ${vectors.length}`);
    }
    const memory = new ModelMemory(words.length, dim, options);
    memory.vectors().set(vectors);
    return new KeyedVectors(memory, [...words]);
  }

  /** Number of words (rows). */
  get size(): number {
    return this.words.length;
  }

  /** Vector dimension. */
  get dim(): number {
    return this.memory.dim;
  }

  /** True when `key` is a word of the model, or (as in gensim) an integer index in range. */
  has(key: Key): boolean {
    return this.tryIndex(key) !== undefined;
  }

  /** The row of `key`, or undefined. Integers in [0, size) are indices, as in gensim's `get_index`. */
  tryIndex(key: Key): number | undefined {
    if (typeof key === 'string') return this.index.get(key);
    if (Number.isInteger(key) && key >= 0 && key < this.words.length) return key;
    return undefined;
  }

  /** The row of `key`; throws `UnknownWordError` naming it when it is not in the model. */
  indexOf(key: Key): number {
    const i = this.tryIndex(key);
    if (i === undefined) throw new UnknownWordError(key);
    return i;
  }

  /** A view of row i's raw vector (no copy: do not modify). */
  row(i: number): Float32Array {
    const dim = this.memory.dim;
    return this.vectors.subarray(i * dim, (i + 1) * dim);
  }

  /** A copy of the vector of `key`: raw, or unit-length with `{ norm: true }` (gensim's `get_vector`). */
  getVector(key: Key, options: { norm?: boolean } = {}): Float32Array {
    const i = this.indexOf(key);
    const out = Float32Array.from(this.row(i));
    if (options.norm) {
      const n = this.norms[i];
      for (let d = 0; d < out.length; d++) out[d] = out[d] / n;
    }
    return out;
  }

  // Queries (src/queries, gensim's KeyedVectors API): each method is the function of the same name on this model.

  /** The most similar words to `positive` minus `negative` (gensim's `most_similar`); see `mostSimilar`. */
  mostSimilar(query: MostSimilarQuery & { topn: null }): Float32Array;
  mostSimilar(query: MostSimilarQuery & { topn?: number }): Neighbor[];
  mostSimilar(positive: Terms, options: MostSimilarOptions & { topn: null }): Float32Array;
  mostSimilar(positive: Terms, options?: MostSimilarOptions & { topn?: number }): Neighbor[];
  mostSimilar(query: MostSimilarQuery | Terms, options?: MostSimilarOptions): Neighbor[] | Float32Array;
  mostSimilar(query: MostSimilarQuery | Terms, options?: MostSimilarOptions): Neighbor[] | Float32Array { return q.mostSimilar(this, query, options); }

  /** 3CosMul analogies (gensim's `most_similar_cosmul`); see `mostSimilarCosmul`. */
  mostSimilarCosmul(query: CosmulQuery & { topn: null }): Float32Array;
  mostSimilarCosmul(query: CosmulQuery & { topn?: number }): Neighbor[];
  mostSimilarCosmul(positive: Terms, options: CosmulOptions & { topn: null }): Float32Array;
  mostSimilarCosmul(positive: Terms, options?: CosmulOptions & { topn?: number }): Neighbor[];
  mostSimilarCosmul(query: CosmulQuery | Terms, options?: CosmulOptions): Neighbor[] | Float32Array;
  mostSimilarCosmul(query: CosmulQuery | Terms, options?: CosmulOptions): Neighbor[] | Float32Array { return q.mostSimilarCosmul(this, query, options); }

  /** Many mostSimilar queries at once, on the blocked kernel; see `mostSimilarBatch`. */
  mostSimilarBatch(queries: readonly (Terms | Pick<MostSimilarQuery, 'positive' | 'negative'>)[], options?: MostSimilarBatchOptions): Promise<Neighbor[][]> { return q.mostSimilarBatch(this, queries, options); }

  similarByWord(word: Key, options?: SimilarByOptions): Neighbor[] { return q.similarByWord(this, word, options); }
  similarByKey(key: Key, options?: SimilarByOptions): Neighbor[] { return q.similarByKey(this, key, options); }
  similarByVector(vector: Vector, options?: SimilarByOptions): Neighbor[] { return q.similarByVector(this, vector, options); }
  similarity(a: Key, b: Key): number { return q.similarity(this, a, b); }
  distance(a: Key, b: Key): number { return q.distance(this, a, b); }
  nSimilarity(words1: readonly Term[], words2: readonly Term[]): number { return q.nSimilarity(this, words1, words2); }
  distances(wordOrVector: Key | Vector, otherWords?: readonly Key[]): Float32Array { return q.distances(this, wordOrVector, otherWords); }
  doesntMatch(words: readonly Key[], options?: CentralityOptions): string { return q.doesntMatch(this, words, options); }
  rankByCentrality(words: readonly Key[], options?: CentralityOptions): Neighbor[] { return q.rankByCentrality(this, words, options); }
  closerThan(a: Key, b: Key): string[] { return q.closerThan(this, a, b); }
  rank(a: Key, b: Key): number { return q.rank(this, a, b); }
  /** @deprecated Use `closerThan`. */
  wordsCloserThan(a: Key, b: Key): string[] { return q.wordsCloserThan(this, a, b); }
  getMeanVector(keys: readonly Term[], options?: MeanVectorOptions): Float32Array { return q.getMeanVector(this, keys, options); }
  mostSimilarToGiven<K extends Key>(key: Key, candidates: readonly K[]): K { return q.mostSimilarToGiven(this, key, candidates); }
  relativeCosineSimilarity(a: Key, b: Key, topn?: number): number { return q.relativeCosineSimilarity(this, a, b, topn); }
  /** gensim's static `cosine_similarities`: one vector against each of `vectors`. */
  static cosineSimilarities(vector: Vector, vectors: readonly Vector[]): Float32Array { return q.cosineSimilarities(vector, vectors); }
}
