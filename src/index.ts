export { KeyedVectors, UnknownWordError, type Key, type ModelSource } from './vectors/keyed-vectors.js';
export { ModelMemory } from './vectors/model-memory.js';
export { loadModel, type LoadOptions, type ModelFormat } from './formats/load-model.js';
export { ModelFormatError } from './formats/model-format-error.js';
export { saveModel, type SaveFormat, type SaveOptions } from './formats/save-model.js';
export {
  mostSimilar, similarByWord, similarByKey, similarByVector, mostSimilarCosmul, similarity, distance, nSimilarity,
  cosineSimilarities, distances, doesntMatch, rankByCentrality, closerThan, rank, wordsCloserThan, getMeanVector,
  mostSimilarToGiven, relativeCosineSimilarity, unitVector, mostSimilarBatch, type MostSimilarBatchOptions,
  type Neighbor, type QueryTerm, type Term, type Terms, type Vector, type WeightedTerm, type MostSimilarOptions,
  type MostSimilarQuery, type SimilarByOptions, type CosmulOptions, type CosmulQuery, type CentralityOptions,
  type MeanVectorOptions, type RangeOptions,
} from './queries/index.js';
export {
  evaluateWordAnalogies, evaluateWordAnalogiesText, evaluateWordPairs, evaluateWordPairsText, pearson, spearman,
  rankData, correlationPValue, regularizedIncompleteBeta, okVocab,
  type AnalogyEvaluation, type AnalogyOptions, type AnalogyQuestion, type AnalogySection, type Correlation,
  type ScoredPair, type WordPairsEvaluation, type WordPairsOptions,
} from './evaluation/index.js';
export { buildDictionary, type Dictionary, type DictionaryOptions, type DictionaryProgress } from './dictionary/build-dictionary.js';
export { DictionaryError } from './dictionary/dictionary-error.js';
