/** What the web explorer needs beyond the queries: autocomplete and the 2-D map of a neighbourhood. */
import type { FastifyInstance } from 'fastify';
import { errorSchema } from '../api-error.js';
import { LIMITS } from '../limits.js';
import { word } from '../schemas.js';
import type { WordSearch } from '../word-search.js';

export function exploreRoutes(app: FastifyInstance, complete: (prefix: string, limit: number) => string[], search: () => WordSearch): void {
  app.get<{ Querystring: { prefix: string; limit: number } }>('/v1/words', {
    schema: {
      summary: 'Autocomplete: vocabulary words starting with a prefix, most frequent first',
      querystring: {
        type: 'object',
        properties: { prefix: { type: 'string', maxLength: LIMITS.maxWordLength, default: '' }, limit: { type: 'integer', minimum: 1, maximum: LIMITS.maxCompletions, default: 10 } },
      },
      response: { 200: { type: 'object', properties: { prefix: { type: 'string' }, words: { type: 'array', items: { type: 'string' } } } }, 400: errorSchema },
    },
  }, async (req) => ({ prefix: req.query.prefix, words: complete(req.query.prefix, req.query.limit) }));

  app.get<{ Querystring: { word: string; topn: number } }>('/v1/map', {
    schema: {
      summary: "A word's neighbourhood on a plane: the word and its most similar words on their first two principal axes (PCA of the unit vectors)",
      querystring: { type: 'object', required: ['word'], properties: { word, topn: { type: 'integer', minimum: 1, maximum: LIMITS.maxMapTopn, default: 20 } } },
      response: {
        200: {
          type: 'object',
          properties: {
            word: { type: 'string' },
            explained: { type: 'array', items: { type: 'number' }, description: 'fraction of the variance along x and y' },
            points: { type: 'array', items: { type: 'object', properties: { word: { type: 'string' }, score: { type: 'number' }, x: { type: 'number' }, y: { type: 'number' } } } },
          },
        },
        400: errorSchema,
        404: errorSchema,
      },
    },
  }, async (req) => ({ word: req.query.word, ...(await search().map(req.query.word, req.query.topn)) }));
}
