/**
 * Evaluations of a model, with gensim 4.2.0's semantics (test/fixtures/GENSIM-FIXTURES.md, "Evaluation semantics"):
 * analogy accuracy and correlation with human similarity judgements, plus the statistics they use.
 */
export {
  evaluateWordAnalogies, evaluateWordAnalogiesText,
  type AnalogyEvaluation, type AnalogyOptions, type AnalogyQuestion, type AnalogySection,
} from './word-analogies.js';
export {
  evaluateWordPairs, evaluateWordPairsText,
  type ScoredPair, type WordPairsEvaluation, type WordPairsOptions,
} from './word-pairs.js';
export { pearson, type Correlation } from './pearson.js';
export { spearman } from './spearman.js';
export { rankData } from './rank-data.js';
export { correlationPValue } from './correlation-p-value.js';
export { regularizedIncompleteBeta } from './incomplete-beta.js';
export { okVocab } from './ok-vocab.js';
