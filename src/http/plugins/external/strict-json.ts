import type { FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError } from '../../../domain/errors.js';

class InvalidEncoding extends DomainError {
  readonly code = 'INVALID_ENCODING';
}
class InvalidJson extends DomainError {
  readonly code = 'INVALID_JSON';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies must be valid UTF-8: the default parser would turn bad bytes into U+FFFD and
 * store a customer's message garbled. Prototype poisoning is refused as Fastify does.
 */
export function strictJsonParser(_req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch (cause) {
    return done(new InvalidEncoding('The request body is not valid UTF-8', { cause }));
  }
  if (!text.trim()) return done(new InvalidJson('The request body is empty'));
  try {
    done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
  } catch (cause) {
    done(new InvalidJson(`The request body is not valid JSON: ${(cause as Error).message}`, { cause }));
  }
}
