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
export { buildApproximateDictionary, type ApproximateOptions, type ApproximateIteration, type ApproximateStep, type IterationProgress, type StopReason } from './graph/build-approximate.js';
export { chooseBySize, estimateExactSeconds, type EngineChoice } from './dictionary/engine-choice.js';
export { DictionaryError } from './store/dictionary-error.js';
export { buildRestrictedDictionary } from './dictionary/restricted-dictionary.js';
export { openDictionary, openDictionaryWriter, type DictionaryReader, type DictionaryMeta, type Entry } from './store/index.js';
export { SearchPool, type SearchPoolOptions } from './search/search-pool.js';
export { MicroBatcher, type MicroBatcherOptions } from './search/micro-batcher.js';
export { EXACT_F32, EXACT_INT8_RESCORED, type BatchSearcher, type SearchMethod } from './search/batch-searcher.js';
export { project2d, type Projection2D } from './queries/project-2d.js';
