/** What one request may ask for: bounds that keep every request cheap and every response small. */
export const LIMITS = {
  /** Answers per query. */
  maxTopn: 1000,
  /** Words in one query (positive and negative together). */
  maxWords: 50,
  /** Characters of one word. */
  maxWordLength: 200,
  /** Points of a neighbourhood map. */
  maxMapTopn: 100,
  /** Autocomplete answers. */
  maxCompletions: 50,
  /** Bytes of a request body. */
  bodyLimit: 16 * 1024,
} as const;

export const DEFAULT_TOPN = 10;
