/**
 * The HTTP API and web explorer over a model and/or a similar-words dictionary (fastify).
 *
 * Exact similar-word queries run on a pool of worker threads (./search), micro-batched: concurrent requests share
 * one matrix-matrix pass over the model, and the event loop only parses, waits and serialises. Requests are validated
 * by JSON schemas, which also make the OpenAPI document at /openapi.json; every client mistake is a 4xx JSON error
 * naming the field (./api-error.ts). The explorer (web/) is served at /.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import staticFiles from '@fastify/static';
import swagger from '@fastify/swagger';
import type { DictionaryReader } from '../store/index.js';
import { MicroBatcher } from '../search/micro-batcher.js';
import { SearchPool } from '../search/search-pool.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { VERSION } from '../version.js';
import { ApiError, sendError } from './api-error.js';
import { LIMITS } from './limits.js';
import { PrefixIndex } from './prefix-index.js';
import { dictionaryRoutes } from './routes/dictionary.js';
import { exploreRoutes } from './routes/explore.js';
import { metaRoutes } from './routes/meta.js';
import { similarRoutes } from './routes/similar.js';
import { validatorCompiler } from './validators.js';
import { WordSearch } from './word-search.js';

export interface ServerOptions {
  /** The model similar-word queries run on. */
  model?: KeyedVectors;
  /** Shown by /v1/info (default: the model's source file). */
  modelFile?: string;
  /** An open dictionary for /v1/dict (closed with the server). */
  dictionary?: DictionaryReader;
  dictionaryFile?: string;
  /**
   * Search worker threads (default: the machine's available cores). 0: no workers, each query alone on the event
   * loop thread (for comparison; the server then stalls while it scores).
   */
  threads?: number;
  /**
   * How the workers score: 'int8' (the quantised model, then exact float32 rescoring: the same answers, about three
   * times as fast, half the model's size again in memory) or 'f32'. Default: 'int8' where it fits, else 'f32'.
   */
  searchMethod?: 'int8' | 'f32';
  /** CORS: off by default; true allows any origin, a list allows those origins. */
  cors?: boolean | string[];
  /** Log each request (pino JSON lines on stdout). */
  logger?: boolean;
}

/** Longer than any path parameter a request can carry (Node refuses request heads over 16 KiB). */
const MAX_PATH_PARAMETER = 16 * 1024;

/** The web explorer's files (web/ at the package root, beside src/ and dist/). */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/** A ready server (not listening yet: `await app.listen({ port, host })`); app.close() also stops the workers. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { model, dictionary } = options;
  if (!model && !dictionary) throw new RangeError('a server needs a model, a dictionary, or both');
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: LIMITS.bodyLimit,
    // Path parameters (/v1/dict/{word}) are checked by the route's schema, in the API's error shape, so the router
    // must not cut them first: a request line (at most Node's 16 KiB of headers) cannot hold a longer one.
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER },
    // Requests that arrive while the server stops get the API's 503 (the onRequest hook below), not fastify's.
    return503OnClosing: false,
    frameworkErrors: (e, req, reply) => sendError(e, req, reply),
  });
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new ApiError(503, 'unavailable', 'the server is shutting down: retry in a moment, or on another instance');
  });
  app.setValidatorCompiler(validatorCompiler);
  app.removeContentTypeParser('text/plain'); // bodies are JSON only: anything else is a 415
  app.setErrorHandler((e, req, reply) => sendError(e as Error, req, reply));
  app.setNotFoundHandler((req, reply) => sendError(new ApiError(404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`), req, reply));

  let pool: SearchPool | undefined;
  let batcher: MicroBatcher | undefined;
  const threads = options.threads ?? availableParallelism();
  if (model?.memory.wasm && threads > 0) {
    pool = await SearchPool.start(model, { threads, method: options.searchMethod });
    batcher = new MicroBatcher(pool, model.dim);
  }
  app.addHook('onClose', async () => {
    await pool?.close();
    dictionary?.close();
  });

  const search = model ? new WordSearch(model, batcher) : undefined;
  const needModel = (): WordSearch => {
    if (!search) throw new ApiError(404, 'no_model', 'this server has no model (it serves a dictionary only: see /v1/dict/{word}); start it with a model file');
    return search;
  };
  let dictionaryWords: string[] | undefined;
  const vocabulary = (): readonly string[] => model?.words ?? (dictionaryWords ??= dictionary ? [...dictionary.words()] : []);
  let prefixes: PrefixIndex | undefined;
  const complete = (prefix: string, limit: number): string[] => (search ? search.complete(prefix, limit) : (prefixes ??= new PrefixIndex(vocabulary())).complete(prefix, limit));

  if (options.cors) await app.register(cors, { origin: options.cors === true ? true : options.cors });
  await app.register(swagger, {
    openapi: {
      info: { title: 'simdict', version: VERSION, description: 'Similar words from a word-embedding model and its similar-words dictionary.' },
      tags: [],
    },
  });
  similarRoutes(app, needModel);
  exploreRoutes(app, complete, needModel);
  dictionaryRoutes(app, dictionary, vocabulary);
  metaRoutes(app, { model, modelFile: options.modelFile, dictionary, dictionaryFile: options.dictionaryFile, method: search?.methodOf({ cosmul: false }), threads: pool?.threads ?? 0, scoring: pool?.scoring ?? 'f32', version: VERSION });
  await app.register(staticFiles, { root: WEB_ROOT, prefix: '/', index: 'index.html', schemaHide: true });
  await app.ready();
  return app;
}
