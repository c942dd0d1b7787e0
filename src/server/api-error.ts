/**
 * The API's errors: every client mistake is a 4xx with one JSON shape, naming the field and the problem.
 *
 *   { "error": { "status": 404, "code": "unknown_word", "field": "word", "message": "...", "suggestions": { "kingg": ["king"] } } }
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorCode =
  | 'bad_request' | 'unknown_word' | 'not_found' | 'no_model' | 'no_dictionary' | 'payload_too_large'
  | 'unsupported_media_type' | 'method_not_allowed' | 'unavailable' | 'internal';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly suggestions?: Record<string, string[]>,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, unknown> } {
    return { error: { status: this.status, code: this.code, ...(this.field ? { field: this.field } : {}), message: this.message, ...(this.suggestions ? { suggestions: this.suggestions } : {}) } };
  }
}

/** The JSON schema of an error response (for the OpenAPI document). */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['status', 'code', 'message'],
      properties: {
        status: { type: 'integer' },
        code: { type: 'string' },
        field: { type: 'string', description: 'the request field at fault: a query parameter, body property or path parameter' },
        message: { type: 'string' },
        suggestions: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'close spellings of each unknown word' },
      },
    },
  },
} as const;

/** Fastify's own errors (validation, body parsing, limits) and ours, as the API's error JSON. */
export function toApiError(e: FastifyError | ApiError | Error): ApiError {
  if (e instanceof ApiError) return e;
  const f = e as FastifyError & { validationContext?: string };
  if (f.validation && f.validation.length > 0) {
    const v = f.validation[0];
    const params = v.params as { missingProperty?: string; additionalProperty?: string };
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field = params.missingProperty ?? params.additionalProperty ?? path ?? f.validationContext;
    const what = params.missingProperty ? 'is required' : params.additionalProperty ? 'is not a known field' : v.message;
    return new ApiError(400, 'bad_request', `${f.validationContext ?? 'request'} field ${JSON.stringify(field || f.validationContext)} ${what}`, field || f.validationContext);
  }
  switch (f.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload_too_large', f.message, 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported_media_type', `${f.message}: send application/json`, 'content-type');
    case 'FST_ERR_BAD_URL': // the router's; its message would echo the whole path
      return new ApiError(400, 'bad_request', 'the path is not valid URL encoding: a % must start a UTF-8 byte as two hex digits', 'path');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'bad_request', `the body is not valid JSON: ${f.message}`, 'body');
  }
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) return new ApiError(f.statusCode, 'bad_request', f.message);
  return new ApiError(500, 'internal', 'internal error');
}

export function sendError(e: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const api = toApiError(e);
  if (api.code === 'internal') request.log.error(e);
  return reply.status(api.status).type('application/json').send(api.toJSON());
}
