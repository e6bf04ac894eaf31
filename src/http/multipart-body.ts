import type { FastifyRequest } from 'fastify';
import { DomainError, InvalidInput } from '../domain/errors.js';

/**
 * Runs `read` over a multipart body and turns a parser failure (no boundary, truncated body, no
 * final boundary) into 400 INVALID_INPUT: the client's fault, and nothing has been stored yet.
 * Limits (FST_*) and our own checks keep their codes.
 */
export async function readMultipart<T>(req: FastifyRequest, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof DomainError || /^FST_/.test((err as { code?: string }).code ?? '')) throw err;
    req.log.info({ err: (err as Error).message }, 'malformed multipart body');
    throw new InvalidInput(`The multipart body is malformed: ${(err as Error).message}`, { details: { reason: 'malformed_multipart' } });
  }
}
