/**
 * Request validation: query strings and path parameters are text, so their values are coerced to the schema's types
 * ("10" → 10, "true" → true); JSON bodies already have types, so they are validated as sent ([1, 2] is not a list of
 * words). Defaults are filled in; unknown body fields are errors (the schemas say additionalProperties: false).
 */
import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false } as const;
const coercing = new Ajv({ ...options, coerceTypes: true });
const exact = new Ajv({ ...options, coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema);
