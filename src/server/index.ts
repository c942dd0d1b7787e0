/**
 * `simdict/server`: the HTTP API and web explorer as a library (its own entry point, so that the main one does not
 * load fastify).
 *
 *   import { loadModel } from 'simdict';
 *   import { createServer } from 'simdict/server';
 *   const app = await createServer({ model: await loadModel('glove.bin') });
 *   await app.listen({ port: 8080 });
 */
export { createServer, WEB_ROOT, type ServerOptions } from './create-server.js';
export { LIMITS } from './limits.js';
export { ApiError, type ErrorCode } from './api-error.js';
