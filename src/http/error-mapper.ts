import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';

/** The one place where domain error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<string, number> = {
  KB_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  FAQ_ENTRY_NOT_FOUND: 404,
  FAQ_VERSION_CONFLICT: 409,
  FAQ_NOT_EDITABLE: 422,
  KB_EXISTS: 409,
  INGEST_CONFLICT: 409,
  INVALID_INPUT: 400,
  INVALID_FILENAME: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  UNPARSEABLE_FILE: 422,
  EMPTY_DOCUMENT: 422,
  ENCRYPTED_DOCUMENT: 422,
  INVALID_FAQ_FILE: 422,
  EMBEDDING_MISMATCH: 409,
  MODEL_UNAVAILABLE: 503,
  PARSER_UNAVAILABLE: 503,
  DATABASE_LOCKED: 503,
  CONVERSATION_NOT_FOUND: 404,
  CONVERSATION_BUSY: 409,
  CONVERSATION_CLOSED: 409,
  MESSAGE_TOO_LARGE: 413,
  EMPTY_MESSAGE: 422,
  TOO_MANY_TURNS: 503,
  RATE_LIMITED: 429,
  UPLOAD_TOO_LARGE: 413,
  INVALID_ENCODING: 400,
  INVALID_JSON: 400,
  // human handoff
  ILLEGAL_TRANSITION: 409,
  AGENT_NOT_FOUND: 404,
  UNKNOWN_SKILL: 422,
  AGENT_AT_CAPACITY: 409,
  AGENT_NOT_AVAILABLE: 409,
  CONVERSATION_TAKEN: 409,
  NOT_ASSIGNED_AGENT: 403,
  HANDOFF_NOT_FOUND: 404,
  RATING_NOT_ALLOWED: 409,
  AGENT_HAS_CONVERSATIONS: 409,
  // QA API
  EVAL_RUN_NOT_FOUND: 404,
  EVAL_RUN_FINISHED: 409,
  SUITE_NOT_FOUND: 404,
  INVALID_SUITE: 422,
  SUITE_CONFLICT: 409,
  EVAL_CASE_EXISTS: 409,
  MESSAGE_NOT_FOUND: 404,
  EXPECTATION_REQUIRED: 422,
  // tenants and API keys
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ORIGIN_NOT_ALLOWED: 403,
  API_KEY_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  TENANT_EXISTS: 409,
};

/** Fastify's own error codes that reach us for malformed requests. */
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'FILE_TOO_LARGE' },
  FST_FILES_LIMIT: { status: 413, code: 'TOO_MANY_FILES' },
  FST_PARTS_LIMIT: { status: 413, code: 'TOO_MANY_PARTS' },
  FST_FIELDS_LIMIT: { status: 413, code: 'TOO_MANY_FIELDS' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_INPUT' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_PROTO_VIOLATION: { status: 400, code: 'INVALID_INPUT' },
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The HTTP status of a domain error code (also for codes that arrive as stream events). */
export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export function toHttpError(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof DomainError) {
    const status = STATUS_BY_CODE[err.code] ?? 500;
    const message = status >= 500 && err.code !== 'MODEL_UNAVAILABLE' && err.code !== 'TOO_MANY_TURNS' ? 'Service unavailable' : err.message;
    return { status, body: { error: { code: err.code, message, details: err.details } } };
  }
  const fe = err as FastifyError & { validation?: unknown };
  if (fe?.validation) {
    return { status: 400, body: { error: { code: 'INVALID_INPUT', message: fe.message, details: fe.validation } } };
  }
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return { status: known.status, body: { error: { code: known.code, message: fe.message } } };
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { error: { code: fe.code ?? 'BAD_REQUEST', message: fe.message } } };
  }
  // 5xx bodies stay generic: internals go to the log, not to the client.
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toHttpError(err);
  const retryAfter = (body.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (retryAfter) void reply.header('retry-after', String(retryAfter));
  if (status >= 500 && body.error.code !== 'TOO_MANY_TURNS') request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.error.code, status }, 'request rejected');
  return reply.status(status).send(body);
}
