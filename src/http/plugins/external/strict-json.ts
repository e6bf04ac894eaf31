import type { FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError } from '../../../domain/errors.js';

export class InvalidEncoding extends DomainError {
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
  let nul = false;
  // PostgreSQL text and jsonb cannot hold U+0000: refused here as bad input, not failed at the database.
  const noNul = (key: string, value: unknown) => {
    if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) nul = true;
    return value;
  };
  let value: unknown;
  try {
    value = secureJson.parse(text, noNul, { protoAction: 'error', constructorAction: 'error' });
  } catch (cause) {
    return done(new InvalidJson(`The request body is not valid JSON: ${(cause as Error).message}`, { cause }));
  }
  if (nul) return done(new InvalidEncoding('The request body contains a NUL character (\\u0000), which cannot be stored'));
  done(null, value);
}

/** The same for the URL: a %00 in a path or query value would reach the database as U+0000. */
export async function rejectNulInUrl(req: FastifyRequest) {
  if (/%00|\u0000/i.test(req.url)) throw new InvalidEncoding('The URL contains a NUL character (%00), which cannot be stored');
}
