/** A dictionary's metadata: what it was built from and how, stored with it in every format. */
import { DictionaryError } from './dictionary-error.js';

export interface DictionaryMeta {
  /** The model's identity (model-hash.ts): resuming checks it. */
  modelHash: string;
  modelFile?: string;
  /** Rows: one per word of the model, in the model's order (or per listed word: see `vocabulary`). */
  words: number;
  /**
   * A dictionary restricted to some words of the model: the model's word count (neighbours come from all of them),
   * while `words` counts the dictionary's rows (the listed words, in the model's order). Absent: every word has a row.
   */
  vocabulary?: number;
  /** Restricted dictionaries: a hash of the listed rows (resuming checks it). */
  rowsHash?: string;
  dim: number;
  /** Neighbours per word (fewer only when the model has too few words). */
  k: number;
  /** Whether a word's own row lists the word itself (rank 1, score ~1). */
  includeSelf: boolean;
  /** 'exact-f32' | 'exact-int8-rescored' | approximate ones. */
  method: string;
  /** The fraction of the true top-k found: 1 for exact methods. */
  recall: number | null;
  createdAt: string;
  simdictVersion: string;
  [extra: string]: unknown;
}

/** The fields a resumed build must share with the partial file it continues. */
export const RESUME_KEYS = ['modelHash', 'k', 'includeSelf', 'method', 'words', 'vocabulary', 'rowsHash'] as const;

/** Throws a RangeError naming the first field of `meta` that is missing or of the wrong kind. */
export function checkMeta(meta: DictionaryMeta): void {
  if (meta === null || typeof meta !== 'object') throw new RangeError('meta must be an object');
  const wholeNumber = (key: string, min: number) => {
    const v = meta[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`meta.${key} must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
  };
  const string = (key: string) => {
    if (typeof meta[key] !== 'string') throw new RangeError(`meta.${key} must be a string, got ${JSON.stringify(meta[key])}`);
  };
  string('modelHash');
  wholeNumber('words', 0);
  wholeNumber('dim', 0);
  wholeNumber('k', 1);
  if (typeof meta.includeSelf !== 'boolean') throw new RangeError(`meta.includeSelf must be true or false, got ${JSON.stringify(meta.includeSelf)}`);
  string('method');
  if (meta.recall !== null && typeof meta.recall !== 'number') throw new RangeError(`meta.recall must be a number or null, got ${JSON.stringify(meta.recall)}`);
  string('createdAt');
  string('simdictVersion');
  if (meta.modelFile !== undefined) string('modelFile');
  if (meta.vocabulary !== undefined) {
    wholeNumber('vocabulary', meta.words);
    string('rowsHash');
  }
}

/** The first field a resumed build must share with the stored metadata that differs, or undefined when none does. */
export function resumeDifference(stored: Record<string, unknown>, meta: DictionaryMeta): (typeof RESUME_KEYS)[number] | undefined {
  return RESUME_KEYS.find((key) => stored[key] !== meta[key]);
}

/**
 * The resume check: throws a DictionaryError saying which field of the partial file's metadata differs from this
 * build's, and to start over without --resume.
 */
export function checkResumable(partial: string, stored: Record<string, unknown>, meta: DictionaryMeta): void {
  const key = resumeDifference(stored, meta);
  if (key !== undefined) {
    throw new DictionaryError(
      `cannot resume ${partial}: it was started with ${key} ${JSON.stringify(stored[key])}, this build has ${key} ${JSON.stringify(meta[key])}; ` +
        'run without --resume to start over',
      partial,
    );
  }
}

/** Throws a RangeError when the finishing metadata describes other rows than the ones the writer was opened for. */
export function checkSameRows(opened: DictionaryMeta, finishing: DictionaryMeta): void {
  for (const key of RESUME_KEYS) {
    if (opened[key] !== finishing[key]) {
      throw new RangeError(`finish: meta.${key} is ${JSON.stringify(finishing[key])}, but the dictionary was opened with ${JSON.stringify(opened[key])}`);
    }
  }
}

/** The metadata as stored: a plain JSON object (undefined fields left out). */
export function metaJson(meta: DictionaryMeta): string {
  return JSON.stringify(meta);
}

/** Reads stored metadata back, checking the fields every reader relies on. */
export function parseStoredMeta(value: unknown, file: string): DictionaryMeta {
  const m = value as DictionaryMeta;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    !Array.isArray(m) &&
    Number.isSafeInteger(m.words) &&
    m.words >= 0 &&
    Number.isSafeInteger(m.k) &&
    m.k >= 1 &&
    typeof m.modelHash === 'string';
  if (!ok) throw new DictionaryError(`${file} is damaged: its metadata lacks words, k or modelHash`, file);
  return m;
}
