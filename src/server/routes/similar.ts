/** Model queries: similar words (GET one word, POST positive/negative), analogies, similarity. */
import type { FastifyInstance } from 'fastify';
import { ApiError, errorSchema } from '../api-error.js';
import { LIMITS } from '../limits.js';
import { cosmul, similarResponse, topn, word, wordList } from '../schemas.js';
import type { WordSearch } from '../word-search.js';

const errors = { 400: errorSchema, 404: errorSchema };

export function similarRoutes(app: FastifyInstance, search: () => WordSearch): void {
  app.get<{ Querystring: { word: string; topn: number; cosmul: boolean } }>('/v1/similar', {
    schema: {
      summary: 'The words most similar to one word',
      querystring: { type: 'object', required: ['word'], properties: { word, topn, cosmul } },
      response: { 200: similarResponse, ...errors },
    },
  }, async (req) => {
    const { word: w, topn: n, cosmul: c } = req.query;
    search().checkWords({ word: [w] });
    return answer(search(), [w], [], n, c);
  });

  app.post<{ Body: { positive?: string[]; negative?: string[]; topn: number; cosmul: boolean } }>('/v1/similar', {
    schema: {
      summary: "The words most similar to the positive words and least to the negative ones (gensim's most_similar)",
      body: { type: 'object', additionalProperties: false, properties: { positive: wordList, negative: wordList, topn, cosmul } },
      response: { 200: similarResponse, ...errors, 413: errorSchema, 415: errorSchema },
    },
  }, async (req) => {
    const positive = req.body.positive ?? [], negative = req.body.negative ?? [];
    if (positive.length + negative.length === 0) throw new ApiError(400, 'bad_request', 'body field "positive" (or "negative") must name at least one word', 'positive');
    if (positive.length + negative.length > LIMITS.maxWords) {
      throw new ApiError(400, 'bad_request', `at most ${LIMITS.maxWords} words in "positive" and "negative" together, got ${positive.length + negative.length}`, 'positive');
    }
    return answer(search(), positive, negative, req.body.topn, req.body.cosmul);
  });

  app.get<{ Querystring: { a: string; b: string; c: string; topn: number; cosmul: boolean } }>('/v1/analogy', {
    schema: {
      summary: 'a is to b as c is to ?  (positive b and c, negative a)',
      querystring: { type: 'object', required: ['a', 'b', 'c'], properties: { a: word, b: word, c: word, topn, cosmul } },
      response: { 200: similarResponse, ...errors },
    },
  }, async (req) => {
    const { a, b, c, topn: n, cosmul: cm } = req.query;
    search().checkWords({ a: [a], b: [b], c: [c] });
    return answer(search(), [b, c], [a], n, cm);
  });

  app.get<{ Querystring: { w1: string; w2: string } }>('/v1/similarity', {
    schema: {
      summary: 'The cosine similarity of two words',
      querystring: { type: 'object', required: ['w1', 'w2'], properties: { w1: word, w2: word } },
      response: { 200: { type: 'object', properties: { w1: { type: 'string' }, w2: { type: 'string' }, similarity: { type: 'number' } } }, ...errors },
    },
  }, async (req) => ({ w1: req.query.w1, w2: req.query.w2, similarity: search().similarity(req.query.w1, req.query.w2) }));
}

async function answer(search: WordSearch, positive: string[], negative: string[], topn: number, cosmul: boolean) {
  const results = await search.similar({ positive, negative, topn, cosmul });
  const { name, recall } = search.methodOf({ cosmul });
  return { query: { positive, negative }, topn, method: name, recall, results };
}
