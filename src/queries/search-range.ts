/**
 * The rows a `mostSimilar` query searches, from gensim's `restrict_vocab`, `clip_start` and `clip_end`.
 */
import { checkCount } from './check.js';

export interface RangeOptions {
  /** Search only the first `restrictVocab` rows. 0, null and undefined mean no restriction (surprising behaviour 4). */
  restrictVocab?: number | null;
  /** First row searched when `restrictVocab` is not set (default 0). */
  clipStart?: number;
  /** End of the rows searched when `restrictVocab` is not set; 0, null or undefined mean the end of the model. */
  clipEnd?: number | null;
}

/** [start, end): `restrictVocab`, if truthy, wins over the clip range; both are clamped to the model's rows. */
export function searchRange(size: number, { restrictVocab, clipStart = 0, clipEnd }: RangeOptions): [number, number] {
  checkCount(restrictVocab, 'restrictVocab');
  checkCount(clipStart, 'clipStart');
  checkCount(clipEnd, 'clipEnd');
  if (restrictVocab) return [0, Math.min(restrictVocab, size)];
  const start = Math.min(clipStart, size);
  const end = clipEnd ? Math.min(clipEnd, size) : size;
  return [start, Math.max(start, end)];
}
