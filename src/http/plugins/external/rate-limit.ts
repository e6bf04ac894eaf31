import fp from 'fastify-plugin';
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../config/config.js';
import { RateLimited } from '../../../domain/errors.js';
import { createRateLimitRedis } from '../../../adapters/redis/rate-limit-redis.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Route-level limits, for `config: { rateLimit: app.rateLimits.chat }`. */
    rateLimits: { chat: RateLimitOptions; notFound: RateLimitOptions };
  }
  interface FastifyRequest {
    /**
     * Who the request is counted against: authentication (http/plugins/app/auth.ts) sets it to
     * the API key, so each key has its own budget; unset, the client is its IP.
     */
    rateLimitSubject?: string;
  }
}

/** The counter a request is charged to: its API key when authenticated, else its IP. */
export const rateLimitKey = (req: FastifyRequest) => req.rateLimitSubject ?? `ip:${req.ip}`;

/**
 * Per-client request budgets: one for all routes, a smaller one for chat (each message costs a
 * model call) and for unknown URLs. Counters live in Redis when REDIS_URL is set, so every
 * instance charges the same budget; in memory otherwise. Over budget: 429 RATE_LIMITED with
 * Retry-After.
 */
export default fp<{ config: Config['rateLimit']; redisUrl?: string }>(async (app, { config, redisUrl }) => {
  const timeWindow = config.windowMs;
  const exceeded = (_req: FastifyRequest, ctx: { max: number; ttl: number; after: string }) =>
    new RateLimited(`Too many requests: at most ${ctx.max} per ${Math.round(timeWindow / 1000)} s; retry in ${ctx.after}`, {
      details: { limit: ctx.max, windowSeconds: Math.round(timeWindow / 1000), retryAfterSeconds: Math.max(1, Math.ceil(ctx.ttl / 1000)) },
    });
  app.decorate('rateLimits', {
    // A route with its own limit has its own counter (per route, in memory and in Redis alike).
    chat: { max: config.chatMax, timeWindow },
    notFound: { max: config.notFoundMax, timeWindow },
  });
  if (!config.enabled) return;
  const redis = redisUrl ? await createRateLimitRedis(redisUrl) : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  await app.register(rateLimit, {
    global: true,
    // A widget key is public (it sits in a web page): a smaller budget than a secret key's.
    max: (req: FastifyRequest) => (req.principal?.role === 'widget' ? config.widgetMax : config.max),
    timeWindow,
    keyGenerator: rateLimitKey,
    allowList: config.allowList,
    errorResponseBuilder: exceeded,
    ...(redis ? { redis, nameSpace: config.redisPrefix, skipOnError: true } : {}),
  });
}, { name: 'rate-limit' });
