/** A word's entry in the stored similar-words dictionary (no model needed). */
import type { FastifyInstance } from 'fastify';
import type { DictionaryReader } from '../../store/index.js';
import { ApiError, errorSchema } from '../api-error.js';
import { LIMITS } from '../limits.js';
import { checkKnown } from '../word-search.js';

export function dictionaryRoutes(app: FastifyInstance, dictionary: DictionaryReader | undefined, vocabulary: () => readonly string[]): void {
  app.get<{ Params: { word: string }; Querystring: { topn?: number } }>('/v1/dict/:word', {
    schema: {
      summary: "A word's most similar words, read from the dictionary the server was started with (simdict dict)",
      params: { type: 'object', properties: { word: { type: 'string', minLength: 1, maxLength: LIMITS.maxWordLength } } },
      querystring: { type: 'object', properties: { topn: { type: 'integer', minimum: 1, maximum: LIMITS.maxTopn, description: 'default: all the dictionary holds' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            word: { type: 'string' },
            neighbors: { type: 'array', items: { type: 'object', properties: { word: { type: 'string' }, score: { type: 'number' }, rank: { type: 'integer' } } } },
          },
        },
        400: errorSchema,
        404: errorSchema,
      },
    },
  }, async (req) => {
    if (!dictionary) throw new ApiError(404, 'no_dictionary', 'this server has no dictionary: start it with --dict <file>');
    const entry = dictionary.lookup(req.params.word, req.query.topn);
    if (!entry) checkKnown({ word: [req.params.word] }, () => false, vocabulary, 'dictionary');
    return entry;
  });
}
