import { Redis } from 'ioredis';

/**
 * The Redis connection behind shared rate-limit counters. Tuned to fail fast: with no offline
 * queue, a command while Redis is away fails at once and the rate limiter lets the request
 * through (skipOnError) instead of holding every request until Redis returns.
 */
export async function createRateLimitRedis(url: string, opts: { readyTimeoutMs?: number } = {}): Promise<Redis> {
  const client = new Redis(url, { connectTimeout: 1000, commandTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // Errors reach the limiter as failed commands; the event itself needs a listener.
  client.on('error', () => undefined);
  // Without an offline queue the first requests would find no connection yet: wait for it a
  // moment at start-up, and start anyway (unlimited until it connects) if Redis is down.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, opts.readyTimeoutMs ?? 2000);
    client.once('ready', done);
  });
  return client;
}
