import { afterAll, describe, expect, it } from 'vitest';
import { RedisEventBus } from '../../src/adapters/events/redis-event-bus.js';
import type { HandoffEvent } from '../../src/domain/handoff-events.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `kefu:test:${process.pid}:${Date.now()}`;
const event = (id: string): HandoffEvent => ({ type: 'unassigned', agentId: id, conversationId: 'c', reason: 'test' });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

/** Two instances on one Redis (the real server on 127.0.0.1:6379). */
describe('Redis event bus', () => {
  const a = new RedisEventBus(REDIS_URL, channel);
  const b = new RedisEventBus(REDIS_URL, channel);
  const other = new RedisEventBus(REDIS_URL, `${channel}:other`);
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it('delivers a publish on one instance to subscribers of that topic on another, and only to them', async () => {
    const got: HandoffEvent[] = [];
    const elsewhere: HandoffEvent[] = [];
    const stop = await b.subscribe('agent:x', (e) => got.push(e));
    const stopOther = await other.subscribe('agent:x', (e) => elsewhere.push(e));
    await a.publish('agent:y', event('y'));
    await a.publish('agent:x', event('x'));
    await until(() => got.length > 0);
    expect(got).toEqual([event('x')]);
    // Another deployment's channel hears nothing.
    expect(elsewhere).toEqual([]);
    stop();
    await a.publish('agent:x', event('x2'));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(1);
    stopOther();
  });

  it('reports an unreachable Redis as an error instead of hanging', async () => {
    const down = new RedisEventBus('redis://127.0.0.1:1', channel);
    try {
      await expect(down.publish('agent:x', event('x'))).rejects.toThrow();
    } finally {
      await down.close();
    }
  }, 30_000);
});
