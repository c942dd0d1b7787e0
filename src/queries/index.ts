/**
 * Similar-word queries over a model, with gensim 4.2.0's `KeyedVectors` semantics (test/fixtures/GENSIM-FIXTURES.md,
 * "Query semantics"). Each is a function of the model; `KeyedVectors` has the same names as methods.
 */
export type { Neighbor, QueryTerm, Term, Terms, Vector, WeightedTerm } from './types.js';
export { mostSimilar, type MostSimilarOptions, type MostSimilarQuery } from './most-similar.js';
export { similarByKey, similarByVector, similarByWord, type SimilarByOptions } from './similar-by.js';
export { mostSimilarCosmul, type CosmulOptions, type CosmulQuery } from './most-similar-cosmul.js';
export { distance, similarity } from './similarity.js';
export { nSimilarity } from './n-similarity.js';
export { cosineSimilarities, distances } from './cosine-similarities.js';
export { doesntMatch, rankByCentrality, type CentralityOptions } from './centrality.js';
export { closerThan, rank, wordsCloserThan } from './closer-than.js';
export { getMeanVector, type MeanVectorOptions } from './mean-vector.js';
export { mostSimilarToGiven } from './most-similar-to-given.js';
export { relativeCosineSimilarity } from './relative-cosine-similarity.js';
export { unitVector } from './unit-vector.js';
export type { RangeOptions } from './search-range.js';
export { mostSimilarBatch, type MostSimilarBatchOptions } from './most-similar-batch.js';
