/**
 * gensim's `evaluate_word_pairs`: correlation of the model's similarities with human judgements (WordSim-353,
 * SimLex-999, ...).
 */
import { checkCount } from '../queries/check.js';
import { similarity } from '../queries/similarity.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { okVocab } from './ok-vocab.js';
import { pearson, type Correlation } from './pearson.js';
import { parsePythonFloat, upper } from './python-text.js';
import { readText } from './read-text.js';
import { spearman } from './spearman.js';

export interface WordPairsOptions {
  /** Field separator of the data lines (default a tab). */
  delimiter?: string;
  /** The file's encoding: 'utf8' (default) or 'latin1'. */
  encoding?: 'utf8' | 'latin1';
  /** Use only the first `restrictVocab` words (default 300,000; null: all). */
  restrictVocab?: number | null;
  /** Compare words by their upper-cased forms (default true). */
  caseInsensitive?: boolean;
  /** Give pairs with unknown words the similarity 0 (default false: skip them). */
  dummy4unknown?: boolean;
}

/** A pair the model knows: its words (upper-cased when `caseInsensitive`), the human score and the model's. */
export interface ScoredPair {
  a: string;
  b: string;
  gold: number;
  similarity: number;
}

export interface WordPairsEvaluation {
  /** scipy.stats.pearsonr of (human scores, model similarities). */
  pearson: Correlation;
  /** scipy.stats.spearmanr of the same. */
  spearman: Correlation;
  /** 100 · oovPairs / (pairsEvaluated + oovPairs): a **percentage**, as gensim's "oov_ratio" (behaviour 11). */
  oovRatio: number;
  /** Pairs whose two words are in the evaluated vocabulary. */
  pairsEvaluated: number;
  /** Pairs with an unknown word (skipped, or scored 0 with dummy4unknown). */
  oovPairs: number;
  /** The evaluated pairs, in file order. */
  modelSimilarities: ScoredPair[];
}

/** Evaluates a word-pair file (`.gz` works). */
export async function evaluateWordPairs(model: KeyedVectors, path: string, options: WordPairsOptions = {}): Promise<WordPairsEvaluation> {
  return evaluateWordPairsText(model, await readText(path, options.encoding), options, path);
}

/**
 * Evaluates word pairs given as text. As gensim (README "Evaluation semantics"): lines starting with `#` are
 * comments; other lines must split on `delimiter` into exactly 3 fields, the third a number (Python `float()`), or
 * they are skipped; a pair with a word outside `okVocab` is out of vocabulary. The model similarities are
 * `similarity(a, b)` of the float32 vectors.
 */
export function evaluateWordPairsText(model: KeyedVectors, text: string, options: WordPairsOptions = {}, source = 'the word pairs'): WordPairsEvaluation {
  const { delimiter = '\t', restrictVocab = 300000, caseInsensitive = true, dummy4unknown = false } = options;
  checkCount(restrictVocab, 'restrictVocab');
  if (delimiter === '') throw new RangeError('delimiter must not be empty');
  const vocab = okVocab(model, restrictVocab, caseInsensitive);
  const gold: number[] = [], sims: number[] = [];
  const scored: ScoredPair[] = [];
  let oov = 0;
  for (const line of text.split(/\r\n|\r|\n/)) { // Python's universal newlines
    if (line.startsWith('#')) continue;
    const fields = line.split(delimiter).map((f) => (caseInsensitive ? upper(f) : f));
    const score = fields.length === 3 ? parsePythonFloat(fields[2]) : undefined;
    if (score === undefined) continue; // an invalid line
    const [a, b] = fields;
    const ia = vocab.get(a), ib = vocab.get(b);
    if (ia === undefined || ib === undefined) {
      oov++;
      if (dummy4unknown) [gold[gold.length], sims[sims.length]] = [score, 0];
      continue;
    }
    const s = similarity(model, ia, ib);
    gold.push(score);
    sims.push(s);
    scored.push({ a, b, gold: score, similarity: s });
  }
  if (gold.length === 0) throw new Error(`no valid similarity judgements found in ${source}: invalid format, or all words out of vocabulary`);
  return {
    pearson: pearson(gold, sims),
    spearman: spearman(gold, sims),
    oovRatio: (oov / (scored.length + oov)) * 100,
    pairsEvaluated: scored.length,
    oovPairs: oov,
    modelSimilarities: scored,
  };
}
