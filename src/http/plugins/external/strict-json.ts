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
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
  let bad: string | undefined;
  // PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses a lone UTF-16 surrogate
  // ("\ud800"): refused here as bad input instead of failing at the database.
  const unstorable = (s: string) =>
    s.includes('\u0000') ? 'a NUL character (\\u0000)' : LONE_SURROGATE.test(s) ? 'an unpaired UTF-16 surrogate (\\ud800-\\udfff)' : undefined;
  const noNul = (key: string, value: unknown) => {
    bad ??= unstorable(key) ?? (typeof value === 'string' ? unstorable(value) : undefined);
    return value;
  };
  let value: unknown;
  try {
    value = secureJson.parse(text, noNul, { protoAction: 'error', constructorAction: 'error' });
  } catch (cause) {
    return done(new InvalidJson(`The request body is not valid JSON: ${(cause as Error).message}`, { cause }));
  }
  if (bad) return done(new InvalidEncoding(`The request body contains ${bad}, which cannot be stored`));
  done(null, value);
}

/** The same for the URL: a %00 in a path or query value would reach the database as U+0000. */
export async function rejectNulInUrl(req: FastifyRequest) {
  if (/%00|\u0000/i.test(req.url)) throw new InvalidEncoding('The URL contains a NUL character (%00), which cannot be stored');
}
