/**
 * gensim's `evaluate_word_analogies`: accuracy on analogy questions "a is to b as c is to ?" (questions-words.txt).
 */
import { kernelOf, neighbors } from '../queries/kernel.js';
import { queryVector } from '../queries/query-vector.js';
import type { Neighbor } from '../queries/types.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkCount } from '../queries/check.js';
import { okVocab } from './ok-vocab.js';
import { readText } from './read-text.js';
import { splitWhitespace, strip, upper } from './python-text.js';

export interface AnalogyOptions {
  /** Use only the first `restrictVocab` words (default 300,000; null: all), for questions and answers. */
  restrictVocab?: number | null;
  /** Compare words by their upper-cased forms (default true). */
  caseInsensitive?: boolean;
  /** Count questions with unknown words as incorrect (default false: skip them). */
  dummy4unknown?: boolean;
  /** Called for each question answered (not for skipped / dummy ones). */
  onQuestion?: (question: AnalogyQuestion) => void;
}

/** One answered question. Words are upper-cased when `caseInsensitive`. */
export interface AnalogyQuestion {
  section: string;
  a: string;
  b: string;
  c: string;
  expected: string;
  /** The first answer that is not a, b or c (or the last answer, or null if there was none). */
  predicted: string | null;
  correct: boolean;
  /** `mostSimilar({ positive: [b, c], negative: [a], topn: 5, restrictVocab })`, model words as they are. */
  top: Neighbor[];
}

export interface AnalogySection {
  section: string;
  correct: number;
  incorrect: number;
  /** correct / (correct + incorrect); 0 for a section without questions. */
  accuracy: number;
}

export interface AnalogyEvaluation {
  /** Total accuracy: correct / (correct + incorrect) over all sections (with dummy4unknown, OOV ones count). */
  score: number;
  /** One entry per section, in file order, then a last `'Total accuracy'` entry. */
  sections: AnalogySection[];
  /** Questions read (lines of 4 words). */
  questions: number;
  /** Questions with a word outside the evaluated vocabulary. */
  oovQuestions: number;
  /** 100 · oovQuestions / questions (gensim only logs it: surprising behaviour 11). */
  oovRatioPercent: number;
  /** Questions answered by the model (questions − oovQuestions). */
  evaluated: number;
}

/** Evaluates analogies from a questions-words file (`.gz` works). */
export async function evaluateWordAnalogies(model: KeyedVectors, path: string, options: AnalogyOptions = {}): Promise<AnalogyEvaluation> {
  return evaluateWordAnalogiesText(model, await readText(path), options, path);
}

/**
 * Evaluates analogies given as text: `: section` lines, then lines `a b c expected` (other lines are skipped).
 * As gensim (README "Evaluation semantics"): each question is `mostSimilar(positive: [b, c], negative: [a], topn: 5,
 * restrictVocab)` over the first `restrictVocab` words, with a, b, c resolved through `okVocab` (so
 * case-insensitively to the first word of that upper-cased form), and the prediction is the first answer that is not
 * a, b or c. `similarity_function` is not offered: gensim ignores it.
 */
export function evaluateWordAnalogiesText(model: KeyedVectors, text: string, options: AnalogyOptions = {}, source = 'the analogies'): AnalogyEvaluation {
  const { restrictVocab = 300000, caseInsensitive = true, dummy4unknown = false, onQuestion } = options;
  checkCount(restrictVocab, 'restrictVocab');
  const vocab = okVocab(model, restrictVocab, caseInsensitive);
  const end = restrictVocab ? Math.min(restrictVocab, model.size) : model.size; // mostSimilar's range
  const kernel = kernelOf(model);
  const sections: AnalogySection[] = [];
  let questions = 0, oov = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, lineNo) => {
    if (line.startsWith(': ')) return void sections.push(section(strip(line.replace(/^[: ]+/, '')), 0, 0));
    const current = sections[sections.length - 1];
    if (!current) throw new Error(`missing section header before line ${lineNo + 1} of ${source}`);
    const words = splitWhitespace(line).map((w) => (caseInsensitive ? upper(w) : w));
    if (words.length !== 4) return; // an invalid line: skipped, not counted
    questions++;
    const [a, b, c, expected] = words;
    const [ia, ib, ic] = [a, b, c].map((w) => vocab.get(w));
    if (ia === undefined || ib === undefined || ic === undefined || !vocab.has(expected)) {
      oov++;
      if (dummy4unknown) current.incorrect++;
      return;
    }
    const { vector, excluded } = queryVector(model, [ib, ic], [ia]);
    const best = kernel.topK(model.memory, vector, 0, end, 5 + excluded.length);
    const top = neighbors(model, best.indices, best.scores, 5, excluded);
    const predicted = predict(top, vocab, new Set([a, b, c]), caseInsensitive);
    const correct = predicted === expected;
    if (correct) current.correct++;
    else current.incorrect++;
    onQuestion?.({ section: current.section, a, b, c, expected, predicted, correct, top });
  });
  if (questions === 0) throw new Error(`no analogy questions found in ${source}`); // gensim: ZeroDivisionError
  const total = section('Total accuracy', sum(sections, 'correct'), sum(sections, 'incorrect'));
  for (const s of sections) s.accuracy = accuracy(s.correct, s.incorrect);
  return {
    score: total.accuracy,
    sections: [...sections, total],
    questions,
    oovQuestions: oov,
    oovRatioPercent: (oov / questions) * 100,
    evaluated: questions - oov,
  };
}

/** gensim's choice: the first answer known to the vocabulary and not an input word, else the last answer. */
function predict(top: Neighbor[], vocab: Map<string, number>, ignore: Set<string>, caseInsensitive: boolean): string | null {
  let predicted: string | null = null;
  for (const { word } of top) {
    predicted = caseInsensitive ? upper(word) : word;
    if (vocab.has(predicted) && !ignore.has(predicted)) break;
  }
  return predicted;
}

function section(name: string, correct: number, incorrect: number): AnalogySection {
  return { section: name, correct, incorrect, accuracy: accuracy(correct, incorrect) };
}

function accuracy(correct: number, incorrect: number): number {
  return correct + incorrect === 0 ? 0 : correct / (correct + incorrect);
}

function sum(sections: AnalogySection[], field: 'correct' | 'incorrect'): number {
  return sections.reduce((n, s) => n + s[field], 0);
}
