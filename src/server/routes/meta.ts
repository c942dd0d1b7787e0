/** What the server serves (/v1/info), whether it is up (/health), and its OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import type { DictionaryReader } from '../../store/index.js';
import type { SearchMethod } from '../../search/batch-searcher.js';
import type { KeyedVectors } from '../../vectors/keyed-vectors.js';
import { LIMITS } from '../limits.js';

export interface InfoSources {
  model?: KeyedVectors;
  modelFile?: string;
  dictionary?: DictionaryReader;
  dictionaryFile?: string;
  /** How similar-word queries are ranked (the search pool's method, or float32 on the event loop). */
  method?: SearchMethod;
  threads: number;
  /** How the search workers score ('int8': quantised, then rescored exactly; the answers are the same). */
  scoring: 'int8' | 'f32';
  version: string;
}

export function metaRoutes(app: FastifyInstance, s: InfoSources): void {
  const info = {
    version: s.version,
    model: s.model ? { file: s.modelFile ?? s.model.source.file ?? null, words: s.model.size, dim: s.model.dim } : null,
    dictionary: s.dictionary
      ? { file: s.dictionaryFile ?? null, words: s.dictionary.size, k: s.dictionary.meta.k, method: s.dictionary.meta.method, recall: s.dictionary.meta.recall, modelHash: s.dictionary.meta.modelHash, createdAt: s.dictionary.meta.createdAt }
      : null,
    search: s.method ? { method: s.method.name, recall: s.method.recall, threads: s.threads, scoring: s.scoring } : null,
    limits: LIMITS,
  };
  // the regions of the model's memory now (its rows and norms, the search workers' workspaces and panels): read per request
  const memory = () => (s.model?.memory.arena ? { bytes: s.model.memory.heldBytes, regions: s.model.memory.arena.regions().map(({ name, bytes }) => ({ name, bytes })) } : null);
  app.get('/v1/info', { schema: { summary: 'The model and dictionary this server answers from, and the request limits' } }, async () => ({ ...info, memory: memory() }));
  app.get('/health', { schema: { summary: 'Liveness: 200 while the server serves' } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
