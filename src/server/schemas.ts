/** JSON schemas shared by the routes: fastify validates requests with them and the OpenAPI document shows them. */
import { DEFAULT_TOPN, LIMITS } from './limits.js';

export const word = { type: 'string', minLength: 1, maxLength: LIMITS.maxWordLength } as const;
export const topn = { type: 'integer', minimum: 1, maximum: LIMITS.maxTopn, default: DEFAULT_TOPN, description: `answers wanted (1 to ${LIMITS.maxTopn})` } as const;
export const cosmul = { type: 'boolean', default: false, description: "3CosMul (gensim's most_similar_cosmul) instead of 3CosAdd" } as const;
export const wordList = { type: 'array', items: word, maxItems: LIMITS.maxWords } as const;

export const neighbors = {
  type: 'array',
  items: { type: 'object', required: ['word', 'score'], properties: { word: { type: 'string' }, score: { type: 'number', description: 'cosine similarity (float32)' } } },
} as const;

export const similarResponse = {
  type: 'object',
  properties: {
    query: { type: 'object', properties: { positive: { type: 'array', items: { type: 'string' } }, negative: { type: 'array', items: { type: 'string' } } } },
    topn: { type: 'integer' },
    method: { type: 'string', description: "how the answer was ranked: 'exact-int8-rescored', 'exact-f32', 'exact-cosmul' (an approximate engine names itself)" },
    recall: { type: ['number', 'null'], description: 'the fraction of the true top-n found: 1 for exact methods' },
    results: neighbors,
  },
} as const;
