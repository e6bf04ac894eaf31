import { stdSerializers, type DestinationStream, type LoggerOptions } from 'pino';
import type { FastifyRequest } from 'fastify';
import { maskText } from '../domain/pii-masking.js';

/**
 * The service's log settings: secrets are removed outright (pino redaction) and every logged
 * string — message, fields, error messages and stacks, request URLs — has phone numbers,
 * emails, ID and card numbers masked, because customers type them into messages, searches and
 * query strings that end up in errors and request lines.
 */
const SECRETS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  '*.password',
  '*.apiKey',
  '*.api_key',
  '*.token',
];

const mask = (s: string) => maskText(s, 'partial');

/** Masks every string inside a logged value (bounded depth: logs never need deeper). */
export function maskLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return mask(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return maskError(value);
  if (Array.isArray(value)) return value.map((v) => maskLogValue(v, depth + 1));
  // Requests, replies and other instances are left to their serializers (which mask too).
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskLogValue(v, depth + 1);
  return out;
}

/** pino's error serializer, then masked; also accepts an error the log formatter already turned into a plain object. */
function maskError(err: unknown): unknown {
  const s = err instanceof Error ? stdSerializers.err(err) : err;
  if (!s || typeof s !== 'object') return maskLogValue(s);
  return maskLogValue({ ...s }, 1);
}

export function loggerOptions(level: string, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: { paths: SECRETS, censor: '[REDACTED]' },
    formatters: { log: (obj) => maskLogValue(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? mask(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: {
      err: maskError,
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: mask(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
